"""The review page of a draft: the article with every drafted span highlighted, the candidate records beside it.

`kg draft --html` writes it beside the draft (issue 13). It is made from two files only, the article's text
and the draft fact file (the format of ``facts/articles/``, each drafted record with its ``candidate:
{rule, confidence}`` line), so it does not depend on how the draft was made: a hand-edited, half-reviewed
draft shows as well.

The page is ONE file that works offline: its script and style are inline, allowed by their hashes in the
page's Content-Security-Policy, which forbids every other script, style and request. As on every kg page,
nothing from the article or the facts is ever markup: the template is autoescaped, the text and the
records travel as inert JSON (`viz.render.inert_json`) in a ``<script type="application/json">``
element, and ``review.js`` builds the article and the cards with ``textContent`` only. The page's own
words are in Bahasa Indonesia first, with the English switch of ``i18n.js``.

Example
-------
>>> from kg.facts.yamlio import parse_yaml_text
>>> draft, _ = parse_yaml_text("source: s9\\nmentions:\\n  - entity: muhyidin\\n"
...                            "    candidate: {rule: known-alias, confidence: 0.80}\\n"
...                            "    quote: Muhyidin\\n    start: 6\\n    end: 14\\n", "d.yaml")
>>> data = review_data("Kata: Muhyidin.", draft, "d.yaml")
>>> record = data["sections"][0]["records"][0]
>>> record["candidate"], record["line"], record["evidence"][0]["state"]
({'rule': 'known-alias', 'confidence': '0.80'}, 3, 'ok')
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import markupsafe

from kg.errors import InvalidData, Problem, UsageError
from kg.facts.checks import source_text
from kg.facts.yamlio import line_of, parse_yaml_text, read_yaml
from kg.files import replace_text
from viz.render import inert_json, render_template

SCRIPTS = ("i18n.js", "review.js")  # inline, in this order: i18n.js defines window.kgI18n, which review.js uses
STYLE = "review.css"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
SPAN_FIELDS = ("quote", "start", "end", "occurrence", "source")  # a mention's, shown as its evidence
HIDDEN_FIELDS = ("candidate", "evidence", "id")  # shown apart: as the badge, as highlights, as the heading


def _static(name: str) -> str:
    return (files("viz") / "static" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _as_text(value: Any) -> str:
    """A field's value as one line of text: lists joined with commas, mappings as `key: value`."""
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {_as_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value)
    return "" if value is None else str(value)


def _offset(value: Any) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


def _evidence(item: Any, text: str, article: str) -> dict[str, Any]:
    """One quote with its offsets, and whether it is exactly there in the article ("ok"), lies in another
    source ("elsewhere"), has no offsets yet ("unanchored") or is not what the text holds there ("mismatch")."""
    quote = str(item.get("quote", "")) if isinstance(item, Mapping) else ""
    start, end = (_offset(item.get(key)) if isinstance(item, Mapping) else None for key in ("start", "end"))
    source = item.get("source") if isinstance(item, Mapping) else None
    if source is not None and str(source) != article:
        state = "elsewhere"
    elif start is None or end is None:
        state = "unanchored"
    elif start < end <= len(text) and text[start:end] == quote:
        state = "ok"
    else:
        state = "mismatch"
    return {"quote": quote, "start": start, "end": end, "state": state,
            "source": str(source) if source is not None else None}


def _record(section: str, index: int, record: Any, text: str, article: str, items: Any) -> dict[str, Any]:
    values = record if isinstance(record, Mapping) else {}
    candidate = values.get("candidate")
    if isinstance(candidate, Mapping):
        candidate = {"rule": str(candidate.get("rule", "")), "confidence": str(candidate.get("confidence", ""))}
    elif candidate is not None:
        candidate = {"rule": _as_text(candidate), "confidence": ""}
    if section == "mentions":
        spans = [values]
    else:
        spans = [item for item in values.get("evidence") or [] if isinstance(item, Mapping)]
    own = str(values.get("id", article)) if section == "sources" else article  # a source's evidence lies in itself
    heading = values.get("id") or values.get("entity") or f"{section}[{index}]"
    return {"key": f"{section}[{index}]", "section": section, "heading": str(heading),
            "line": line_of(record, items.line_of_item(index) if hasattr(items, "line_of_item") else 0),
            "candidate": candidate,
            "fields": [[str(key), _as_text(value)] for key, value in values.items()
                       if key not in HIDDEN_FIELDS and not (section == "mentions" and key in SPAN_FIELDS)],
            "evidence": [_evidence(item, text, own) for item in spans]}


def _utf16(text: str, offsets: set[int]) -> dict[int, int]:
    """Each offset into `text` (in code points, as evidence counts them) in UTF-16 code units, as the page's
    script counts them: a character beyond the BMP (an emoji, say) is two units there."""
    out, units, last = {}, 0, 0
    for offset in sorted(o for o in offsets if 0 <= o <= len(text)):
        units += offset - last + len(_ASTRAL.findall(text, last, offset))
        out[offset], last = units, offset
    return out


def review_data(text: str, draft: Any, display: str) -> dict[str, Any]:
    """The page's data: the article text, and the draft's records by section, in the file's order."""
    if not isinstance(draft, Mapping):
        raise InvalidData([Problem(display, 1, "", "draft-format", "is not a fact file: expected sections "
                                   "(mentions:, holdings:, …) at the top level")])
    article = str(draft.get("source", ""))
    sections: list[dict[str, Any]] = []
    for section, items in draft.items():
        if isinstance(items, list):
            records = [_record(str(section), i, record, text, article, items) for i, record in enumerate(items)]
            sections.append({"name": str(section), "records": records})
    spans = [e for s in sections for r in s["records"] for e in r["evidence"] if e["state"] == "ok"]
    units = _utf16(text, {e[key] for e in spans for key in ("start", "end")})
    for evidence in spans:  # where the page's script finds the quote
        evidence["from"], evidence["to"] = units[evidence["start"]], units[evidence["end"]]
    titles = [str(r.get("title")) for r in draft.get("sources") or [] if isinstance(r, Mapping) and r.get("title")]
    return {"file": display, "source": article, "title": titles[0] if titles else text.strip().split("\n")[0][:200],
            "text": text, "sections": sections}


def review_html(text: str, draft: Any, display: str) -> str:
    """The review page of a parsed draft (see the module docstring)."""
    data = review_data(text, draft, display)
    scripts = [_static(name) for name in SCRIPTS]
    style = _static(STYLE)
    csp = ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts) + "; style-src "
           + _sha256(style) + "; img-src data:; base-uri 'none'; form-action 'none'")
    return render_template("review.html.j2", data=markupsafe.Markup(inert_json(data)), title=data["title"],
                           file=display, page_csp=csp,
                           scripts=[markupsafe.Markup(s) for s in scripts], style=markupsafe.Markup(style))


def read_article(path: Path) -> str:
    """An article's text as evidence offsets count it, or a clear error."""
    try:
        return source_text(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read the article {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def write_review(article: Path, draft: Path, out: Path | None = None) -> Path:
    """Write the review page of `draft` (a fact file) over `article` (its text) to `out`, by default
    beside the draft as ``<name>.review.html``; the page is replaced in one step."""
    text = read_article(article)
    if not draft.is_file():
        raise UsageError(f"draft not found: {draft}")
    parsed, problems = read_yaml(draft, str(draft))
    if problems:
        raise InvalidData(problems)
    target = out if out is not None else beside(draft)
    return write_page(review_html(text, parsed, draft.name), target)


def write_review_text(article: Path, draft_text: str, display: str, out: Path) -> Path:
    """The same from a draft held in memory (`kg draft` writing its draft to standard output)."""
    parsed, problems = parse_yaml_text(draft_text, display)
    if problems:
        raise InvalidData(problems)
    return write_page(review_html(read_article(article), parsed, display), out)


def beside(draft: Path) -> Path:
    """Where the review page of `draft` goes by default: ``s005.yaml`` -> ``s005.review.html``."""
    return draft.with_name(draft.stem + ".review.html")


def write_page(page: str, target: Path) -> Path:
    replace_text(target, page, "the review page")
    return target
