"""Figures ("36 persen", "34,15 persen", "1,3 juta", "310 ribu", "2,97jt", "Rp 16.800") and regulations
("Peraturan Gubernur (Pergub) Sumsel Nomor 15 Tahun 2014 tentang …", "akan membuat regulasi").

A value is read by kg.facts.indonesian.parse_number, the reader of the `value-matches-text` rule.
The measure, kind, segment and reference date come from words of the same sentence; the region
from a region named in it; the speaker from the statement the figure sits in, or the nearest one
before it in the same or the previous paragraph (then marked inferred).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from kg.draft.candidates import Candidate, Draft
from kg.draft.names import Names, slug
from kg.draft.speech import Said, said_at
from kg.facts.indonesian import MONTHS, parse_number

NUMBER = re.compile(
    r"(?<![\w/.,])(?P<rp>Rp\.?\s?)?(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?:\s*(?P<mult>juta|jt|ribu|rb|miliar|triliun)\b)?(?:\s*(?P<pct>persen\b|%))?", re.IGNORECASE)
# cues in the words before a number, in order of precedence: (measure, words)
MEASURE_CUES = (
    ("potential-workers", re.compile(r"\bpotensi\b", re.IGNORECASE)),
    ("government-funded-workers", re.compile(r"\b(?:Pemprov|Pemkab|Pemkot|pemerintah)\b.*\bmemberikan perlindungan",
                                             re.IGNORECASE)),
    ("covered-workers", re.compile(r"\b(?:terlindungi|tercover|peserta|terdaftar|kepesertaan)\b", re.IGNORECASE)),
)
TARGET = re.compile(r"\b(?:target|berambisi|menargetkan|ditargetkan|sasaran)\w*", re.IGNORECASE)
APPROXIMATE = re.compile(r"\b(?:sekitar|kurang lebih|hampir|lebih dari|kisaran)\s*$", re.IGNORECASE)
AS_OF = re.compile(r"\b(?P<word>per|hingga|sampai|sejak)\s+(?:(?P<day>\d{1,2})\s+)?(?P<month>[A-Z][a-z]+)"
                   r"\s+(?P<year>\d{4})")
YEAR = re.compile(r"\btahun\s+(?P<year>20\d\d)\b", re.IGNORECASE)
REGULATION_WORD = re.compile(r"\bregulasi\w*|\bperaturan\b", re.IGNORECASE)


def draft_figures(draft: Draft, names: Names, said: list[Said], event: str | None) -> None:
    text, article = draft.article.text, draft.article
    starts = [s.start for s in said]
    for match in NUMBER.finditer(text):
        if article.is_furniture(match.start()) or not (match.group("rp") or match.group("mult") or match.group("pct")):
            continue
        value = parse_number(match.group(0))
        if value is None:
            continue
        start, end = article.sentence_of(match.start())
        before = text[start:match.start()]
        unit = "percent" if match.group("pct") else "idr" if match.group("rp") else "workers"
        measure = _measure(unit, before, text[match.end():end])
        values: dict[str, object] = {"id": "", "measure": measure, "value": _plain(value),
                                     "value_as_written": match.group(0).strip(), "unit": unit}
        region = _region(names, text[start:end])
        if region:
            values["region"] = region
        if unit != "idr":
            values["segment"] = _segment(names, text[start:end])
        target = TARGET.search(before)
        values["kind"] = "target" if target else "actual"
        if APPROXIMATE.search(before):
            values["approximate"] = True
        as_of = AS_OF.search(text, start, end)
        if as_of and as_of.group("month").lower() in MONTHS:
            month = f"{as_of.group('year')}-{MONTHS[as_of.group('month').lower()]:02d}"
            if as_of.group("day"):
                values["as_of_date"] = f"{month}-{int(as_of.group('day')):02d}"
            else:
                values["as_of_month"] = month
            values["as_of_basis"] = "stated"
        if target and (year := YEAR.search(text, start, end)):
            values["target_year"] = year.group("year")
        speaker = _speaker(draft, said, starts, match.start())
        if speaker:
            values["stated_by"] = speaker[0]
            if speaker[1]:
                values["reading"] = "inferred"
        if event:
            values["at_event"] = event
        if speaker and speaker[1]:
            values["note"] = "No verb of saying in this sentence: given to the nearest speaker before it (inferred)."
        values["id"] = f"{draft.source_id}-fig-{measure}-{region or 'x'}"
        values["evidence"] = [draft.evidence(start, end)]
        draft.add(Candidate("figures", values, f"figure-{unit}", 0.7, match.start(), text[start:end]))


def _plain(value: Decimal) -> object:
    return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")


def _measure(unit: str, before: str, after: str) -> str:
    if unit == "percent":
        return "coverage-rate"
    if unit == "idr":
        return "minimum-contribution"
    for measure, cue in MEASURE_CUES:
        if cue.search(before) or (measure == "covered-workers" and cue.search(after[:60])):
            return measure
    return "workers"


def _region(names: Names, sentence: str) -> str | None:
    pattern, _ = names.pattern()
    for match in pattern.finditer(sentence):
        entity = names.entity_of(match.group("core"))
        if entity and names.entities[entity].section == "regions":
            return entity
    return None


def _segment(names: Names, sentence: str) -> str:
    for label in sorted(names.segments, key=len, reverse=True):
        if len(label) > 2 and names.segments[label] != "all-workers" and re.search(
                rf"(?<!\w){re.escape(label)}(?!\w)", sentence, 0 if label.isupper() else re.IGNORECASE):
            return names.segments[label]
    return "all-workers"


def _speaker(draft: Draft, said: list[Said], starts: list[int], at: int) -> tuple[str, bool] | None:
    inside = said_at(said, starts, at)
    if inside:
        return inside.speaker, inside.inferred
    i = bisect_left(starts, at) - 1
    if i >= 0 and draft.article.paragraph_index(said[i].start) >= draft.article.paragraph_index(at) - 1:
        return said[i].speaker, True
    return None


def draft_regulations(draft: Draft, names: Names, said: list[Said]) -> None:
    text, article = draft.article.text, draft.article
    types = sorted(names.regulation_types, key=len, reverse=True)
    cited = re.compile(
        rf"(?<!\w)(?P<type>{'|'.join(re.escape(t) for t in types)})(?P<region>(?:\s+[A-Z][\w-]*){{0,3}}?)"
        r"\s+(?:Nomor|No\.?)\s*(?P<number>[\w./-]+)\s+Tahun\s+(?P<year>\d{4})"
        r"(?:\s+tentang\s+(?P<title>[^.;\n]+?))?(?=[.;,\n]|\s+(?:yang|dan|untuk|serta)\s|$)")
    for match in cited.finditer(text):
        if article.is_furniture(match.start()):
            continue
        kind = next(n for t, n in names.regulation_types.items() if t == match.group("type"))
        region = _region(names, match.group("region") or "")
        regulation_id = slug(f"{kind} {match.group('region') or ''} {match.group('number')} {match.group('year')}")
        if regulation_id in names.existing_ids:
            continue  # the facts have it: records of this article refer to it by its ID
        values: dict[str, object] = {"id": regulation_id, "type": kind}
        if match.group("title"):
            values["title"] = match.group("title").strip()
        values.update({"number": match.group("number"), "year": match.group("year")})
        if region:
            values["region"] = region
        values["status"] = "in-force"
        values["evidence"] = [draft.evidence(match.start(), match.end())]
        draft.add(Candidate("regulations", values, "regulation-citation", 0.85, match.start(),
                            text[match.start():match.end()]))
    last: dict[str, tuple[Candidate, int]] = {}
    for start, end in article.sentences:
        sentence = text[start:end]
        word = REGULATION_WORD.search(sentence)
        if article.is_furniture(start) or not word or cited.search(sentence):
            continue
        status = "planned" if re.search(r"\bakan\b", sentence[:word.start()]) else \
            "requested" if re.search(r"\b(?:berharap|meminta|mendorong|diharapkan)\b", sentence, re.IGNORECASE) \
            else None
        if status is None:
            continue
        paragraph = article.paragraph_index(start)
        if status in last and paragraph - last[status][1] <= 1:  # "… akan membuat regulasi …" then "Nanti akan
            evidence = last[status][0].values["evidence"]  # kita buat juga regulasinya": one regulation
            assert isinstance(evidence, list)
            evidence.append(draft.evidence(start, end))
            continue
        last[status] = (draft.add(Candidate("regulations", {
            "id": f"{draft.source_id}-reg-{status}", "type": "unspecified", "status": status,
            "note": "A regulation the text " + ("says will be made" if status == "planned" else "asks for")
                    + "; no type, number or year given.",
            "evidence": [draft.evidence(start, end)]}, f"regulation-{status}", 0.5, start, sentence)), paragraph)
