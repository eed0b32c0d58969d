"""The build's rules, all of them, and the two that compare what sources say of one thing as a whole:
the date of one event, and a headline against its own body.

The figure, post-holder and quote rules live in kg.facts.conflicts. Every rule returns flag records
(origin `<name>-rule`), which the build writes to the derived graph; none changes or drops a claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations

from kg.facts.conflicts import (
    analyst_pairs,
    figure_flags,
    make_flag,
    overlap,
    period,
    post_holder_flags,
    quote_flags,
    sources_of,
)
from kg.facts.loader import Record
from kg.facts.model import Model

# --- one event, several reports -------------------------------------------------------------------


def _event_claims(records: list[Record]) -> dict[str, list[Record]]:
    """Each event's own record and every report of it, by event ID."""
    claims: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.section == "events":
            claims[record.id].append(record)
        elif record.section == "event_reports":
            claims[record.values["event"]].append(record)
    return claims


def event_date_flags(records: list[Record]) -> list[Record]:
    """event-date-rule: one event, dated by two claims (its record and its reports) to days that
    cannot be the same. A claim without a date is silence, not a disagreement; a month and a day
    within it agree."""
    flagged = analyst_pairs(records)
    flags = []
    for event_id, claims in sorted(_event_claims(records).items()):
        dated = [(c, period(c.values.get("date"))) for c in sorted(claims, key=lambda r: r.id)]
        for (a, pa), (b, pb) in combinations([(c, p) for c, p in dated if p], 2):
            if overlap(pa, pb) or frozenset((a.id, b.id)) in flagged:
                continue
            reason = (f"{a.id} ({sources_of(a)}) dates {event_id} {a.values['date']}"
                      f"{_as_written(a)}, and {b.id} ({sources_of(b)}) dates it {b.values['date']}{_as_written(b)}:"
                      " they cannot be the same day")
            flags.append(make_flag("event-date-rule", "date", [a.id, b.id], reason))
    return flags


def _as_written(record: Record) -> str:
    written = record.values.get("date_as_written")
    return f" (\"{written}\")" if written else ""


# --- a headline against its body ----------------------------------------------------------------

# What a claim is about, and who it credits, per section: two claims of one source about the same
# thing that credit different actors disagree when one of them comes from the headline.
_ABOUT: dict[str, Callable[[Record], Iterator[tuple[str, ...]]]] = {
    "relations": lambda r: iter([(r.values["property"], r.values["object"])]),
    "commitments": lambda r: ((r.values["kind"], about) for about in r.values.get("regarding") or []),
    "statements": lambda r: (("statement", about) for about in r.values.get("regarding") or []),
}
_ACTOR = {"relations": "subject", "commitments": "by", "statements": "speaker"}


def _headline_spans(records: list[Record]) -> dict[str, tuple[int, int]]:
    """Each source's headline, where its own evidence locates the title."""
    spans = {}
    for source in records:
        if source.section != "sources":
            continue
        for item in source.values.get("evidence") or []:
            if item.get("quote") == source.values.get("title"):
                spans[source.id] = (item["start"], item["end"])
    return spans


def _place(record: Record, headlines: dict[str, tuple[int, int]]) -> tuple[str, bool] | None:
    """The record's source and whether all its evidence lies within that source's headline."""
    evidence = record.values.get("evidence") or []
    sources = {item["source"] for item in evidence}
    if len(sources) != 1:
        return None
    source = sources.pop()
    span = headlines.get(source)
    inside = span is not None and all(span[0] <= item["start"] and item["end"] <= span[1] for item in evidence)
    return source, inside


def headline_flags(records: list[Record]) -> list[Record]:
    """headline-rule: a claim taken from a headline credits someone else than the body does with
    the same relation (property and object), commitment (kind and subject) or statement (subject)."""
    headlines = _headline_spans(records)
    by_subject: dict[tuple[str, str, tuple[str, ...]], dict[bool, list[Record]]] = defaultdict(
        lambda: {True: [], False: []})
    for record in records:
        if record.section not in _ABOUT:
            continue
        placed = _place(record, headlines)
        if placed is None:
            continue
        source, in_headline = placed
        for about in _ABOUT[record.section](record):
            by_subject[(source, record.section, about)][in_headline].append(record)
    flagged = analyst_pairs(records)
    found: dict[tuple[str, str], Record] = {}
    for (source, section, about), sides in sorted(by_subject.items()):
        actor = _ACTOR[section]
        for head in sides[True]:
            for body in sides[False]:
                if head.values[actor] == body.values[actor] or frozenset((head.id, body.id)) in flagged:
                    continue
                if (head.id, body.id) in found:
                    continue
                reason = (f"The headline of {source} ({head.id}) credits {head.values[actor]}, and its body "
                          f"({body.id}) credits {body.values[actor]}, with the same "
                          f"{' '.join(about)} ({section})")
                found[(head.id, body.id)] = make_flag("headline-rule", "headline", [head.id, body.id], reason)
    return list(found.values())


RULES: tuple[Callable[[list[Record], Model], list[Record]], ...] = (
    lambda records, model: figure_flags(records),
    post_holder_flags,
    lambda records, model: quote_flags(records),
    lambda records, model: event_date_flags(records),
    lambda records, model: headline_flags(records),
)


def derived_flags(records: list[Record], model: Model) -> list[Record]:
    """Every rule's flags, for records that an analyst has not already flagged together."""
    return [flag for rule in RULES for flag in rule(records, model)]
