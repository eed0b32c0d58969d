"""The draft as one YAML fact file: sections in the order of an article file, records in text order,
each with its `candidate: {rule: R, confidence: C}` line first after `id` (docs/drafting.md)."""

from __future__ import annotations

import json
import re
from typing import Any

from kg.draft.candidates import Candidate, Draft

SECTION_ORDER = ("sources", "people", "organisations", "regions", "programmes", "posts", "mentions", "holdings",
                 "events", "event_reports", "figures", "regulations", "commitments", "statements", "relations")
BARE = re.compile(r"(?:-?\d+(?:\.\d+)?|\d{4}-\d{2}(?:-\d{2})?|true|false|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)")
# words YAML 1.1 readers take for booleans or null: always quoted
SPECIAL = {"y", "n", "yes", "no", "on", "off", "null", "none", "true", "false"}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def render(draft: Draft) -> str:
    lines = [f"# Drafted by `kg draft` from {_comment(draft.article.path.name)}. Every record is a candidate:",
             "# accept one by deleting its `candidate:` line (editing it as needed), reject it by deleting it.",
             f"source: {draft.source_id}", ""]
    for section in SECTION_ORDER:
        records = sorted(draft.of(section), key=lambda c: c.at)
        if not records:
            continue
        lines.append(f"{section}:")
        for candidate in records:
            lines += _record(candidate)
        lines.append("")
    return "\n".join(lines)


def _record(candidate: Candidate) -> list[str]:
    out = []
    if candidate.sentence:
        out.append(f"  # {_comment(candidate.sentence)}")
    mark = f"candidate: {{rule: {candidate.rule}, confidence: {candidate.confidence:.2f}}}"
    # the mark goes on its own line after the record's first key (its `id` where it has one), so that
    # deleting the line leaves a well-formed record
    items = list(candidate.values.items())
    key, value = items[0]
    out.append(f"  - {key}: {_scalar(value)}")
    out.append(f"    {mark}")
    for key, value in items[1:]:
        out += _field(key, value, "    ")
    return out


def _field(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, list):
        if not value:
            return []
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    lines.append(f"{indent}  {'- ' if first else '  '}{k}: {_scalar(v)}")
                    first = False
            else:
                lines.append(f"{indent}  - {_scalar(item)}")
        return lines
    return [f"{indent}{key}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if (BARE.fullmatch(text) and not text.startswith("0") and text.lower() not in SPECIAL) \
            or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    one_line = " ".join(CONTROL.sub(" ", text).split())
    return one_line if len(one_line) <= 110 else one_line[:107] + "..."
