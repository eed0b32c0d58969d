"""Text from the facts, made safe to show where a control character could do harm.

The facts come from news articles (and a graph may come from elsewhere), so a name can hold ESC, BEL or
a bidirectional override. The terminal and the grid's labels show these as escapes instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls (all but TAB and newline), DEL, and the bidirectional overrides and isolates: in data
# they could retitle the window, recolour or overwrite what was printed, or reorder a line as it shows.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_HIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_HIDDEN_BUT_CRLF = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_crlf: bool = False) -> str:
    r"""`text` with every control character written as an escape, so that printing it cannot steer the terminal.

    With `keep_crlf`, a CR that ends a line (as in CSV) stays.

    >>> print(visible("\x1b]0;PWNED\x07 Budi"))
    \x1b]0;PWNED\x07 Budi
    """
    return (_HIDDEN_BUT_CRLF if keep_crlf else _HIDDEN).sub(_escape, text)
