"""The source record, the event the article reports, its date and venue, and mentions of known names.

Dates are read by kg.facts.indonesian.parse_date, the reader the `date-matches-text` rule uses, so a
drafted date passes that rule by construction. A day and month without a year ("Jumat (1/9)") gets
a year only from a year the article itself names whose calendar puts that weekday on that day,
marked `weekday-and-context`; otherwise the date stays out.
"""

from __future__ import annotations

import re
from datetime import date

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


def _phrase_end(text: str, at: int, limit: int) -> int:
    stop = re.compile(r"[,.;]|\s(?:di|pada|yang|dan|untuk)\s")
    found = stop.search(text, at, limit)
    return found.start() if found else limit


def _known_inside(names: Names, written: str) -> str | None:
    pattern, _ = names.pattern()
    found = [names.entity_of(m.group("core")) for m in pattern.finditer(written)]
    return next((f for f in found if f), None)
