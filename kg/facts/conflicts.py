"""The build's disagreement rules: claims that cannot all be true, found without an analyst.

Each rule is one function over the records and one concept of the FlagOrigin scheme
(ontology/vocab.ttl); each returns derived flag records, like an analyst's in flags.yaml. No rule
drops a claim or chooses between claims: the flag only points at them, each with its own source
and evidence. Rules are conservative: what the facts leave unknown (an undated holding, a figure
without a reference date, a statement whose occasion is unknown) never makes a flag by itself.

- figure rule: same measure, unit, region, segment and kind, different values, and reference
  periods that may overlap (a day, a month or a year, compared as the periods they are).
- post-holder rule: two people in a single-holder post (kg:singleHolder on its role), in the same
  tenure, at overlapping known times. A succession (one leaves the day the other starts) and an
  acting holder beside a definitive one are not disagreements.
- quote rule: the same or nearly the same words (difflib ratio >= QUOTE_SIMILARITY on quotes of
  at least QUOTE_MIN_LENGTH characters, normalised) credited to different speakers, on what may be
  one occasion: the same event, or events on the same days in the same region (or one within the
  other), or an occasion the facts leave unknown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from kg.facts.dates import DateError, DateValue
from kg.facts.loader import Record
from kg.facts.model import Model
from kg.namespaces import KG

GROUP_KEYS = ("measure", "unit", "region", "segment", "kind")
QUOTE_SIMILARITY = 0.9
QUOTE_MIN_LENGTH = 40  # shorter quotes ("ujarnya", "kata Edward") are attribution tags, not words said

Period = tuple[date, date]  # first and last day, both included


def period(value: Any) -> Period | None:
    """The days a date of any precision may denote: a day, a month ("2023-08"), a year ("2025"),
    an interval ("2024-03/2024-07"); an open bound runs to the first or last representable day.

    >>> period("2023-08")
    (datetime.date(2023, 8, 1), datetime.date(2023, 8, 31))
    >>> period(date(2025, 6, 1))
    (datetime.date(2025, 6, 1), datetime.date(2025, 6, 1))
    >>> period("2025-06-01/..")[1]
    datetime.date(9999, 12, 31)
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value, value
    try:
        parsed = value if isinstance(value, DateValue) else DateValue.parse(str(value))
    except DateError:
        return None
    return parsed.earliest or date.min, parsed.latest or date.max


def overlap(a: Period, b: Period) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def sources_of(record: Record) -> str:
    return ", ".join(sorted({item["source"] for item in record.values.get("evidence", [])}))


def make_flag(origin: str, kind: str, claims: list[str], reason: str) -> Record:
    values = {"kind": kind, "claims": claims, "reason": reason, "origin": origin}
    return Record("flags", f"{origin.removesuffix('-rule')}-{'-'.join(claims)}", values,
                  f"({origin.replace('-', ' ')})", 0)


def analyst_pairs(records: list[Record]) -> set[frozenset[str]]:
    """Pairs of claims an analyst already flagged: a rule does not say it again."""
    return {frozenset(pair) for r in records if r.section == "flags" and r.values.get("origin") in (None, "analyst")
            for pair in combinations(r.values.get("claims") or [], 2)}


# --- figures -------------------------------------------------------------------------------------

def _as_of(figure: Record) -> Period | None:
    """The period a figure refers to; with both a day and a month, the day (the finer of the two)."""
    return period(figure.values.get("as_of_date")) or period(figure.values.get("as_of_month"))


def _periods_tell_apart(a: Record, b: Record) -> bool:
    pa, pb = _as_of(a), _as_of(b)
    if pa and pb and not overlap(pa, pb):
        return True
    ya, yb = period(a.values.get("target_year")), period(b.values.get("target_year"))
    return bool(ya and yb and not overlap(ya, yb))


def figure_flags(records: list[Record]) -> list[Record]:
    """figure-rule: figures about one thing with different values and periods that may overlap."""
    groups: dict[tuple[object, ...], list[Record]] = defaultdict(list)
    for figure in records:
        if figure.section == "figures" and figure.values.get("region"):
            groups[tuple(figure.values.get(k) for k in GROUP_KEYS)].append(figure)
    flagged = analyst_pairs(records)
    flags = []
    for group in groups.values():
        for a, b in combinations(sorted(group, key=lambda r: r.id), 2):
            if a.values["value"] == b.values["value"] or _periods_tell_apart(a, b):
                continue
            if frozenset((a.id, b.id)) in flagged:
                continue
            reason = (f"{a.id} ({a.values['value_as_written']}, {sources_of(a)}) and {b.id} "
                      f"({b.values['value_as_written']}, {sources_of(b)}) give different values for the same "
                      f"{a.values['measure']} of {a.values['region']}"
                      f" ({a.values.get('segment', 'no segment')}, {a.values['kind']}), and their reference "
                      "dates do not tell them apart")
            flags.append(make_flag("figure-rule", "figure", [a.id, b.id], reason))
    return flags


# --- post holders --------------------------------------------------------------------------------

def single_holder_roles(model: Model) -> frozenset[str]:
    """Notations of the post roles held by one person at a time: kg:singleHolder true in vocab.ttl,
    or `single_holder: true` in a vocabulary record."""
    return frozenset(model.notation[c] for c in model.annotated(KG.singleHolder) if c in model.notation)


def _known_times(holding: Record) -> Iterator[tuple[Period, str]]:
    """The periods the facts say the person held the post, each with what says so."""
    start, end = period(holding.values.get("from")), period(holding.values.get("to"))
    if start and end:
        yield (start[0], end[1]), f"from {holding.values['from']} to {holding.values['to']}"
    else:
        if start:
            yield start, f"from {holding.values['from']}"
        if end:
            yield end, f"to {holding.values['to']}"
    observed = period(holding.values.get("observed"))
    if observed:
        yield observed, f"observed {holding.values['observed']}"


def _handover(a: Record, b: Record, shared: Period) -> bool:
    """Only the day one leaves and the other starts is shared: a succession, not a disagreement."""
    if shared[0] != shared[1]:
        return False
    day = shared[0]
    edges = {period(a.values.get("to")), period(b.values.get("to")),
             period(a.values.get("from")), period(b.values.get("from"))}
    return any(p is not None and p[0] <= day <= p[1] for p in edges)


def _shared_time(a: Record, b: Record) -> tuple[str, str] | None:
    for pa, why_a in _known_times(a):
        for pb, why_b in _known_times(b):
            if overlap(pa, pb) and not _handover(a, b, (max(pa[0], pb[0]), min(pa[1], pb[1]))):
                return why_a, why_b
    return None


def post_holder_flags(records: list[Record], model: Model) -> list[Record]:
    """post-holder-rule: two people in one single-holder post, same tenure, at overlapping known times."""
    roles = single_holder_roles(model)
    single = {r.id for r in records if r.section == "posts" and r.values.get("role") in roles}
    by_post: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for holding in records:
        if holding.section == "holdings" and holding.values.get("post") in single:
            by_post[(holding.values["post"], holding.values.get("tenure", ""))].append(holding)
    flagged = analyst_pairs(records)
    flags = []
    for (post, tenure), holdings in sorted(by_post.items()):
        for a, b in combinations(sorted(holdings, key=lambda r: r.id), 2):
            if a.values["person"] == b.values["person"] or frozenset((a.id, b.id)) in flagged:
                continue
            shared = _shared_time(a, b)
            if shared is None:
                continue
            reason = (f"{a.id} ({a.values['person']}, {shared[0]}, {sources_of(a)}) and {b.id} "
                      f"({b.values['person']}, {shared[1]}, {sources_of(b)}) put two people in {post} "
                      f"({tenure}), a post held by one person at a time, at overlapping known times")
            flags.append(make_flag("post-holder-rule", "role", [a.id, b.id], reason))
    return flags


# --- quotes --------------------------------------------------------------------------------------

def normalised(text: str) -> str:
    """Words only, lower case: quotes that differ in punctuation, case or spacing compare equal."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words, or nearly: difflib's ratio over the words, with its cheap bounds first."""
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (matcher.real_quick_ratio() >= QUOTE_SIMILARITY and matcher.quick_ratio() >= QUOTE_SIMILARITY
            and matcher.ratio() >= QUOTE_SIMILARITY)


def _candidates(occasions: list[Period | None], words: list[tuple[str, ...]]) -> set[tuple[int, int]]:
    """Pairs of quotes (by index) that may have been said on one occasion.

    Quotes are bucketed by the days their occasion covers, so only quotes of the same days are
    compared, however many there are. A quote whose occasion is unknown, or longer than a month,
    may share one with any quote: it is compared with the quotes that share a run of five words.
    """
    days: dict[date, list[int]] = defaultdict(list)
    open_ended: list[int] = []
    for index, occasion in enumerate(occasions):
        if occasion is None or (occasion[1] - occasion[0]).days > 31:
            open_ended.append(index)
            continue
        day = occasion[0]
        while day <= occasion[1]:
            days[day].append(index)
            day = date.fromordinal(day.toordinal() + 1)
    pairs = {(a, b) for bucket in days.values() for a, b in combinations(sorted(bucket), 2)}
    if open_ended:
        runs: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for index, text in enumerate(words):
            for run in {text[k:k + 5] for k in range(max(1, len(text) - 4))}:
                runs[run].append(index)
        for index in open_ended:
            text = words[index]
            near = {other for k in range(max(1, len(text) - 4)) for other in runs[text[k:k + 5]]}
            pairs |= {(min(index, other), max(index, other)) for other in near if other != index}
    return pairs


def _regions_within(records: list[Record]) -> dict[str, set[str]]:
    """Each region with the regions it lies within, at any depth (within_region relations)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r.section == "relations" and r.values.get("property") == "within_region":
            parents[r.values["subject"]].add(r.values["object"])
    closure: dict[str, set[str]] = {}
    for region in list(parents):
        seen, todo = {region}, [region]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closure[region] = seen
    return closure


def quote_flags(records: list[Record]) -> list[Record]:
    """quote-rule: the same or nearly the same words credited to different speakers."""
    events = {r.id: r for r in records if r.section == "events"}
    event_dates = {eid: e.values.get("date") for eid, e in events.items()}
    within = _regions_within(records)

    def apart(event_a: str | None, event_b: str | None) -> bool:
        # Two events in regions neither of which lies within the other are two occasions.
        region_a = events[event_a].values.get("region") if event_a in events else None
        region_b = events[event_b].values.get("region") if event_b in events else None
        if region_a is None or region_b is None:
            return False
        return region_a not in within.get(region_b, {region_b}) and region_b not in within.get(region_a, {region_a})

    owners: list[tuple[Record, dict[str, Any]]] = []
    occasions: list[Period | None] = []
    words: list[tuple[str, ...]] = []
    for statement in sorted((r for r in records if r.section == "statements" and r.values.get("speaker")),
                            key=lambda r: r.id):
        event = statement.values.get("at_event")
        for item in statement.values.get("evidence", []):
            text = normalised(item["quote"])
            if len(text) >= QUOTE_MIN_LENGTH:
                owners.append((statement, item))
                occasions.append(period(event_dates.get(event)) if event else None)
                words.append(tuple(text.split()))
    flagged = analyst_pairs(records)
    found: dict[tuple[str, str], tuple[Record, dict[str, Any], Record, dict[str, Any]]] = {}
    for i, j in sorted(_candidates(occasions, words)):
        (a, item_a), (b, item_b) = sorted((owners[i], owners[j]), key=lambda o: o[0].id)
        if a.values["speaker"] == b.values["speaker"] or (a.id, b.id) in found:
            continue
        if frozenset((a.id, b.id)) in flagged:
            continue
        if item_a["source"] == item_b["source"] and item_a.get("start") == item_b.get("start"):
            continue  # one span given to two speakers by its own source: a joint statement
        occasion_a, occasion_b = occasions[i], occasions[j]
        if occasion_a and occasion_b and not overlap(occasion_a, occasion_b):
            continue
        if apart(a.values.get("at_event"), b.values.get("at_event")):
            continue
        if _similar(words[i], words[j]):
            found[(a.id, b.id)] = (a, item_a, b, item_b)
    flags = []
    for a, item_a, b, item_b in (found[key] for key in sorted(found)):
        reason = (f"{a.id} ({item_a['source']}) credits {a.values['speaker']} and {b.id} ({item_b['source']}) "
                  f"credits {b.values['speaker']} with the same words, on what may be one occasion: "
                  f"\"{item_a['quote']}\"")
        flags.append(make_flag("quote-rule", "attribution", [a.id, b.id], reason))
    return flags
