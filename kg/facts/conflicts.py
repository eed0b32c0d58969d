"""The conflict rule: figures that claim different values for the same thing.

Two figures conflict when they share measure, unit, region, segment and kind, differ in
value, and their reference dates do not tell them apart (a missing date cannot). The build
adds a flag for each such pair; the figures themselves are always kept.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from kg.facts.loader import Record

GROUP_KEYS = ("measure", "unit", "region", "segment", "kind")
PERIOD_KEYS = ("as_of_date", "as_of_month", "target_year")


def _distinct_periods(a: Record, b: Record) -> bool:
    return any(
        a.values.get(k) is not None and b.values.get(k) is not None and a.values[k] != b.values[k]
        for k in PERIOD_KEYS
    )


def _sources(figure: Record) -> str:
    return ", ".join(sorted({item["source"] for item in figure.values.get("evidence", [])}))


def conflict_flags(records: list[Record]) -> list[Record]:
    """One derived flag record per conflicting pair not already flagged by an analyst."""
    figures = [r for r in records if r.section == "figures" and r.values.get("region")]
    flagged = {
        frozenset(pair)
        for r in records if r.section == "flags" and r.values["kind"] == "conflict"
        for pair in combinations(r.values["figures"], 2)
    }
    groups: dict[tuple[object, ...], list[Record]] = defaultdict(list)
    for figure in figures:
        groups[tuple(figure.values.get(k) for k in GROUP_KEYS)].append(figure)
    flags = []
    for group in groups.values():
        for a, b in combinations(sorted(group, key=lambda r: r.id), 2):
            if a.values["value"] == b.values["value"] or _distinct_periods(a, b):
                continue
            if frozenset((a.id, b.id)) in flagged:
                continue
            reason = (f"{a.id} ({a.values['value_as_written']}, {_sources(a)}) and {b.id} "
                      f"({b.values['value_as_written']}, {_sources(b)}) give different values for the same "
                      f"{a.values['measure']} of {a.values['region']}"
                      f" ({a.values.get('segment', 'no segment')}, {a.values['kind']}), and their reference "
                      "dates do not tell them apart")
            flags.append(Record("flags", f"conflict-{a.id}-{b.id}",
                                {"kind": "conflict", "figures": [a.id, b.id], "reason": reason,
                                 "origin": "conflict-rule"}, "(conflict rule)", 0))
    return flags
