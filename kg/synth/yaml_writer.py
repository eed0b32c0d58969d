"""Fact records as YAML text for `kg synth`, and the number of triples each one builds into.

Records are written straight to text (no YAML library) so that millions of them stream to
disk quickly. Free text is always double-quoted with every character that YAML could read
differently escaped, so kg.facts.yamlio reads back exactly the text written; IDs, controlled values,
numbers and dates are written plain, as in facts/.

>>> quoted('Kata "kami", ujarnya\\n')
'"Kata \\\\"kami\\\\", ujarnya\\\\n"'
>>> from kg.facts.model import load_model
>>> print(record_text("people", [("name", "Budi"), ("id", Plain("budi")), ("aliases", ["Pak Budi"])],
...                   field_orders(load_model())), end="")
  - id: budi
    name: "Budi"
    aliases:
      - "Pak Budi"
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from kg.facts.dates import DateValue
from kg.facts.model import Model

# Characters YAML reads back as themselves inside double quotes: printable, no quote or backslash,
# no line or paragraph separator (YAML 1.1 line breaks), no byte-order mark.
_SAFE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                   r"\U00010000-\U0010ffff]*")


class Plain(str):
    """A value written without quotes: an ID, a controlled value, a number or a date."""

    __slots__ = ()


Fields = Sequence[tuple[str, Any]]


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as the same text."""
    if _SAFE.fullmatch(text):
        return f'"{text}"'
    return '"' + "".join(ch if _SAFE.fullmatch(ch) else _escape(ch) for ch in text) + '"'


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def scalar(value: Any) -> str:
    if isinstance(value, Plain):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    return quoted(str(value))


@lru_cache(maxsize=4)
def field_orders(model: Model) -> dict[str, dict[str, int]]:
    """Section -> key -> position, as the shapes order the keys (`id` first)."""
    return {name: {"id": -1, **{f.key: f.order for f in spec.fields}} for name, spec in model.sections.items()}


def record_text(section: str, fields: Fields, orders: Mapping[str, Mapping[str, int]]) -> str:
    """One record as an item of its section's list, keys in the shapes' order, then a blank line."""
    order = orders[section]
    lines = []
    for i, (key, value) in enumerate(sorted(fields, key=lambda kv: order[kv[0]])):
        lead = "  - " if i == 0 else "    "
        if key == "evidence":
            lines.append(f"{lead}evidence:")
            for quote, start, end in value:
                lines.append(f"      - quote: {quoted(quote)}\n        start: {start}\n        end: {end}")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines.extend(f"      - {scalar(item)}" for item in value)
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n\n"


@lru_cache(maxsize=4)
def _builder_facts(model: Model) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Sections whose `type` is the record's class, and each section's keys that have a default."""
    class_typed = frozenset(name for name, spec in model.sections.items()
                            if (f := spec.field("type")) is not None and f.kind == "type")
    defaults = {name: tuple(f.key for f in spec.fields if f.default is not None)
                for name, spec in model.sections.items()}
    return class_typed, defaults


def record_triples(model: Model, section: str, fields: Fields) -> int:
    """The triples kg.rdf.build makes of the record's own fields (derived triples not included)."""
    class_typed, defaults = _builder_facts(model)
    count = 1  # rdf:type
    keys = set()
    for key, value in fields:
        keys.add(key)
        if key == "id" or (key == "type" and section in class_typed):
            continue
        if key == "evidence":  # a link, a typed node with four values each, and prov:wasDerivedFrom once
            count += 6 * len(value) + (1 if value else 0)
        else:
            count += len(value) if isinstance(value, list) else 1
    return count + sum(1 for key in defaults[section] if key not in keys) + _date_bounds(model, section, fields)


def _date_bounds(model: Model, section: str, fields: Fields) -> int:
    """The earliest and latest days kg.rdf.build derives from the record's dates: one period per
    pair of bound properties (a figure's as_of_date and as_of_month share one)."""
    count, bounded = 0, set()
    spec = model.sections[section]
    for key, value in fields:
        field = spec.field(key)
        if field is None or field.path not in model.date_bounds or model.date_bounds[field.path] in bounded:
            continue
        bounded.add(model.date_bounds[field.path])
        day = DateValue.parse(str(value))
        count += (day.earliest is not None) + (day.latest is not None)
    return count
