"""The source record, the event the article reports, its date and venue, and mentions of known names.

Dates are read by kg.facts.indonesian.parse_date, the reader the `date-matches-text` rule uses, so a
drafted date passes that rule by construction. A day and month without a year ("Jumat (1/9)") gets
a year only from a year the article itself names whose calendar puts that weekday on that day,
marked `weekday-and-context`; otherwise the date stays out.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kg.draft.article import SITE_LINE
from kg.draft.candidates import Candidate, Draft
from kg.draft.names import Names
from kg.facts.indonesian import WEEKDAYS, parse_date

WEEKDAY = "|".join(w.capitalize() for w in WEEKDAYS)
DATE = re.compile(rf"(?:(?:{WEEKDAY}),?\s*\(?\s*)?(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?|\d{{1,2}}\s+(?:Januari|Februari|"
                  r"Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)\s+\d{4})\)?")
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z]+)(?:,\s*(?P<pub>[\w.-]+\.[A-Za-z]{2,})|\s*\((?P<agency>[A-Z]+)\))"
                      r"\s*[-–—]")


def draft_source(draft: Draft) -> None:
    article, text = draft.article, draft.article.text
    values: dict[str, object] = {"id": draft.source_id, "file": article.path.name}
    evidence = []
    title = next(((s, e) for s, e in article.paragraphs if not SITE_LINE.match(text[s:e])), None)
    if title:
        start, end = title
        cut = DATELINE.match(text, start)
        start = cut.end() if cut else start
        end = min(end, start + 200)
        while start < end and text[start].isspace():
            start += 1
        values["title"] = text[start:end].strip()
        evidence.append(draft.evidence(start, end))
    for s, _ in article.paragraphs[:4]:
        line = DATELINE.match(text, s)
        if line:
            group = "pub" if line.group("pub") else "agency"
            values["publisher"] = line.group(group)
            evidence.append(draft.evidence(line.start(group), line.end(group)))
            break
    values["language"] = "id"
    values["evidence"] = evidence
    draft.add(Candidate("sources", values, "headline-line", 0.7, 0, ""))


def draft_mentions(draft: Draft, names: Names) -> None:
    """One mention per entity and way of writing it, at its first place outside page furniture."""
    text = draft.article.text
    seen: set[tuple[str, str]] = set()
    for start, end, entity in names.scan(text):
        if draft.article.is_furniture(start, end) or (entity, text[start:end]) in seen:
            continue
        seen.add((entity, text[start:end]))
        known = names.entities[entity]
        rule = "new-entity-name" if known.new else "known-name"
        draft.add(Candidate("mentions", {"entity": entity, "quote": text[start:end], "start": start, "end": end},
                            rule, 0.9 if not known.new else 0.8, start))


def event_date(draft: Draft) -> tuple[dict[str, object], int] | None:
    """The first date in the article's text, as the `date`, `date_as_written`, `date_basis` fields."""
    text = draft.article.text
    years = {int(y) for y in re.findall(r"\b(20\d\d)\b", text)}
    captions = draft.article.captions
    in_caption = [m for m in DATE.finditer(text, 0, captions[0][1]) if any(s <= m.start() < e for s, e in captions)] \
        if captions else []
    outside = [m for m in DATE.finditer(text) if not draft.article.is_furniture(m.start())]
    for match in outside or in_caption[:1]:
        basis = "stated" if outside else "caption"
        written = match.group(0).strip(" ,(")
        if written.count("(") < written.count(")"):
            written = written.rstrip(")")
        parsed = parse_date(written)
        if parsed is None or parsed.month is None or parsed.day is None:
            continue
        if parsed.year is not None:
            return {"date": _iso(parsed.year, parsed.month, parsed.day), "date_as_written": written,
                    "date_basis": basis}, match.start()
        fits = [y for y in sorted(years) if parsed.weekday is not None and _weekday(y, parsed.month, parsed.day)
                == parsed.weekday]
        if len(fits) == 1:
            return {"date": _iso(fits[0], parsed.month, parsed.day), "date_as_written": written,
                    "date_basis": "weekday-and-context",
                    "note": f"The text gives no year; {fits[0]} is the one year the article names in which "
                            f"this day falls on this weekday (year inferred)."}, match.start()
        return {"date_as_written": written, "note": "The text gives no year, and none can be inferred."}, match.start()
    return None


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def draft_event(draft: Draft, names: Names, participants: list[str]) -> str | None:
    text = draft.article.text
    words = sorted(names.event_words, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", re.IGNORECASE)
    first = next((m for m in pattern.finditer(text) if not draft.article.is_furniture(m.start())
                  and not draft.article.in_headline(m.start())), None)
    if first is None:
        return None
    kind = next(n for w, n in names.event_words.items() if w.lower() == first.group(0).lower())
    start, end = draft.article.sentence_of(first.start())
    name_end = _phrase_end(text, first.end(), end)
    values: dict[str, object] = {"id": "", "type": kind, "name": text[first.start():name_end].strip(" ,")}
    evidence = [draft.evidence(first.start(), name_end)]
    dated = event_date(draft)
    if dated:
        found, at = dated
        values.update(found)
        s, e = draft.article.sentence_of(at)
        if not any(ev["start"] <= at < ev["end"] for ev in evidence):
            evidence.append(draft.evidence(s, e))
    venue = re.search(r"\bdi\s+(?P<venue>(?:[A-Z][\w.'-]*\s*)+(?:(?:cabang|kantor)\s+(?:[A-Z][\w-]*\s*)+)?)",
                      text[start:end])
    if venue:
        written = venue.group("venue").strip(" ,.")
        values["venue_as_written"] = written
        known = names.entity_of(written) or _known_inside(names, written)
        if known and names.entities[known].section == "organisations":
            values["venue"] = known
        if not any(written in str(ev["quote"]) for ev in evidence):
            evidence.append(draft.evidence(start + venue.start("venue"), start + venue.start("venue") + len(written)))
    if participants:
        values["participants"] = list(dict.fromkeys(participants))
    day = str(values.get("date", "undated"))
    values["id"] = f"{kind}-{draft.source_id}-{day}"
    values["evidence"] = evidence
    draft.add(Candidate("events", values, "event-word", 0.7, first.start(), text[start:end]))
    return str(values["id"])


# Two days this far apart are reported as one event only by mistake; closer ones may be one event that the sources
# date differently, which is a disagreement to keep (the event-date-rule flags it), not a second event.
SAME_EVENT_MAX_DAYS = 7
REPORT_FIELDS = ("date", "date_as_written", "date_basis", "venue_as_written", "venue", "region", "participants",
                 "note", "evidence")


def as_report(draft: Draft, records: list[Any], event_id: str) -> str:
    """The drafted event as a report of an event the facts already hold, when exactly one has its type and shares
    a participant or its venue, on a day no more than a week away (or undated on either side). Returns the ID
    the article's other records should name in `at_event`."""
    drafted = next((c for c in draft.of("events") if c.values.get("id") == event_id), None)
    if drafted is None:
        return event_id
    found = [(score, record) for record in records if record.section == "events"
             for score in [_same_event(drafted.values, record.values)] if score is not None]
    best = max((score for score, _ in found), default=None)
    chosen = [record for score, record in found if score == best]
    if best is None or len(chosen) != 1:
        return event_id
    known, (shared, days) = chosen[0], best
    drafted.section = "event_reports"
    values = drafted.values
    why = (f"Taken for a report of {known.id} (same type, {shared} participant(s) or venue in common"
           + (", the same day" if days == 0 else f", {days} day(s) apart: a date the sources disagree on"
              if days is not None else ", one side undated")
           + f"). If it is another event, make it an `events` record of type {values['type']} again.")
    report: dict[str, Any] = {"id": draft.unique_id(f"{draft.source_id}-report-{known.id}"), "event": known.id}
    report.update({key: values[key] for key in REPORT_FIELDS if key in values})
    report["note"] = f"{values['note']} {why}" if values.get("note") else why
    drafted.values = {**{k: v for k, v in report.items() if k != "evidence"}, "evidence": report["evidence"]}
    drafted.rule, drafted.confidence = "same-event-report", 0.6 if days in (0, None) else 0.4
    return str(known.id)


def _same_event(drafted: dict[str, Any], known: dict[str, Any]) -> tuple[int, int | None] | None:
    """(what the two have in common, days apart or None when either is undated), or None when not the same."""
    if str(known.get("type")) != str(drafted.get("type")):
        return None
    shared = len(set(map(str, known.get("participants", []))) & set(map(str, drafted.get("participants", []))))
    venue = str(known.get("venue_as_written", "")).casefold()
    shared += bool(venue) and venue == str(drafted.get("venue_as_written", "")).casefold()
    shared += bool(known.get("venue")) and known.get("venue") == drafted.get("venue")
    if not shared:
        return None
    ours, theirs = _day(drafted.get("date")), _day(known.get("date"))
    if ours is None or theirs is None:
        return shared, None
    days = abs((ours - theirs).days)
    return (shared, days) if days <= SAME_EVENT_MAX_DAYS else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value is not None else None
    except ValueError:  # a month, a year or an interval: compared as undated
        return None


def _phrase_end(text: str, at: int, limit: int) -> int:
    stop = re.compile(r"[,.;]|\s(?:di|pada|yang|dan|untuk)\s")
    found = stop.search(text, at, limit)
    return found.start() if found else limit


def _known_inside(names: Names, written: str) -> str | None:
    pattern, _ = names.pattern()
    found = [names.entity_of(m.group("core")) for m in pattern.finditer(written)]
    return next((f for f in found if f), None)
