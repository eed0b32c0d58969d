"""Drafting a synthetic article for `kg synth`: its text, and records whose evidence points into it.

A `Draft` is written piece by piece; each piece returns its span, so every quote, mention and
`*_as_written` value is cut from the text itself and always occurs where the record says.
`render` turns the draft into the article file and counts the triples kg.rdf.build will make of
it, including the ones it derives and the duplicates it merges.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from kg.facts.indonesian import parse_number
from kg.facts.model import Model
from kg.synth.entities import Org, Person, Post, Region, Stint
from kg.synth.nation import Nation
from kg.synth.yaml_writer import Fields, Plain, record_text, record_triples

Span = tuple[int, int]
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
ARTICLE_SECTIONS = ("mentions", "holdings", "events", "figures", "statements", "commitments", "regulations",
                    "relations")


@dataclass(eq=False)
class Programme:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    description: str


PROGRAMMES = {p.id: p for p in (
    Programme("jkk", "BenefitProgramme", "Jaminan Kecelakaan Kerja", ("JKK",),
              "Work-accident insurance programme of BPJS Ketenagakerjaan."),
    Programme("jkm", "BenefitProgramme", "Jaminan Kematian", ("JKM",),
              "Death-benefit programme of BPJS Ketenagakerjaan."),
    Programme("bpjamsostek-masuk-desa", "Initiative", "BPJamsostek Masuk Desa", (),
              "Village outreach programme to enrol workers in BPJamsostek."),
    Programme("agen-perisai", "Initiative", "Agen Perisai", (),
              "Community agents who enrol members and collect contributions."),
    Programme("ekosistem-desa", "Initiative", "Ekosistem Desa", (),
              "Strategy focusing on the village ecosystem: village officials, farmers and other non-wage workers."),
    Programme("safari-ramadan", "Initiative", "Safari Ramadan", (),
              "Ramadan visits of BPJS Ketenagakerjaan to regional leaders and participating companies."),
)}
RAMADAN = {2018: (date(2018, 5, 16), date(2018, 6, 14)), 2019: (date(2019, 5, 6), date(2019, 6, 4)),
           2020: (date(2020, 4, 24), date(2020, 5, 23)), 2021: (date(2021, 4, 13), date(2021, 5, 12)),
           2022: (date(2022, 4, 2), date(2022, 5, 1)), 2023: (date(2023, 3, 23), date(2023, 4, 20)),
           2024: (date(2024, 3, 11), date(2024, 4, 9)), 2025: (date(2025, 3, 1), date(2025, 3, 30))}

Entity = Person | Org | Region | Programme | Post


class Registry(Protocol):
    """Writes an entity into the registry files the first time an article needs it."""

    def add(self, entity: Entity) -> bool:
        """True when the entity was new (and has just been written)."""

    def known(self, entity: Entity) -> bool:
        """Whether the entity is in the registry (the skeleton's always are)."""


@dataclass
class World:
    """What every article draws on, and what earlier articles already established."""

    nation: Nation
    rng: random.Random
    registry: Registry
    defined: set[str] = field(default_factory=set)  # regulations defined once, relations claimed once


@dataclass
class Rec:
    section: str
    id: str  # for a mention, the mentioned entity
    fields: list[tuple[str, Any]]
    evidence: list[Span]
    once: bool = False  # an event or regulation: defined by the original article only, never by a reprint


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def workers_text(n: int) -> str:
    """A count of workers as Indonesian news writes it: "125.430 pekerja", "1,32 juta pekerja"."""
    if n < 1_000_000:
        return f"{thousands(n)} pekerja"
    hundredths = (n + 5_000) // 10_000
    return f"{hundredths // 100},{hundredths % 100:02d} juta pekerja"


def percent_text(tenths: int) -> str:
    return f"{tenths // 10},{tenths % 10} persen" if tenths % 10 else f"{tenths // 10} persen"


def number_value(written: str) -> Plain:
    value = parse_number(written)
    assert isinstance(value, Decimal), written
    return Plain(format(value, "f"))


def month_text(month: int) -> str:
    return f"{MONTHS[month % 12]} {2018 + month // 12}"


def month_value(month: int) -> Plain:
    return Plain(f"{2018 + month // 12}-{month % 12 + 1:02d}")


def english_count(written: str) -> str:
    """ "1,32 juta pekerja" as an English summary writes the number: "1,320,000"."""
    value = parse_number(written)
    assert value is not None, written
    return f"{int(value):,}"


def english_percent(written: str) -> str:
    """ "34,5 persen" as an English summary writes it: "34.5 percent"."""
    return written.replace(",", ".").replace(" persen", " percent")


def _retyped(figure: bool, key: str, value: Any, old: str, new: str, english: tuple[str, str]) -> Any:
    if figure and key == "value_as_written":
        return new
    if figure and key == "value":
        return number_value(new)
    if key == "summary" and isinstance(value, str):
        return value.replace(*english)
    return value


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


class Draft:
    """An article body being written, with the records that cite it."""

    def __init__(self, world: World, sid: str) -> None:
        self.world, self.sid = world, sid
        self.parts: list[str] = []
        self.pos = 0
        self.records: list[Rec] = []
        self.flags: list[tuple[str, list[str], str]] = []  # analyst flags: kind, local figure IDs, reason

    def put(self, text: str) -> Span:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def stop(self) -> None:
        """End a sentence, unless it already ends with the full stop of a degree ("S.E.")."""
        if not self.parts[-1].endswith("."):
            self.put(".")

    def mention(self, entity: Entity, written: str) -> Span:
        """Write a name and record it as a mention; the entity joins the registry if it is new."""
        span = self.put(written)
        if self.world.registry.add(entity) and isinstance(entity, Org) and entity.region is not None \
                and entity.type.endswith("Government"):
            self.relation(entity.id, "serves_region", entity.region.id, [span])
        self.records.append(Rec("mentions", entity.id, [], [span]))
        return span

    def misprint(self) -> bool:
        """A reprint's typo: one digit of the first coverage rate changes, and every record that gives it."""
        rec = next((r for r in self.records if r.section == "figures" and
                    dict(r.fields)["measure"] == "coverage-rate"), None)
        if rec is None:
            return False
        old = dict(rec.fields)["value_as_written"]
        digit = old.index(" ") - 1
        new = f"{old[:digit]}{(int(old[digit]) + 1) % 10}{old[digit + 1:]}"
        body = "".join(self.parts)
        at = body.index(old, *rec.evidence[0])
        self.parts = [body[:at], new, body[at + len(old):]]
        english = (english_percent(old), english_percent(new))
        for r in self.records:
            r.fields = [(key, _retyped(r is rec, key, value, old, new, english)) for key, value in r.fields]
        return True

    def cite(self, record_id: str, written: str) -> Span:
        """Write the name of a record defined by an earlier article, as a mention of it."""
        span = self.put(written)
        self.records.append(Rec("mentions", record_id, [], [span]))
        return span

    def add(self, section: str, local: str, fields: list[tuple[str, Any]], evidence: list[Span],
            *, once: bool = False) -> str:
        record_id = local if once else f"{self.sid}-{local}"
        self.records.append(Rec(section, record_id, fields, evidence, once))
        return record_id

    def pieces(self, pieces: list[tuple[str, Entity | None]]) -> Span:
        """Write text pieces, recording a mention for each that names an entity."""
        start = self.pos
        for text, entity in pieces:
            if entity is None:
                self.put(text)
            else:
                self.mention(entity, text)
        return start, self.pos

    def holding(self, post: Post, stint: Stint, title: str, evidence: Span, event: str, day: date,
                started: date | None = None) -> None:
        assert self.world.registry.known(post.org), f"{post.org.id} is held before it is mentioned"
        self.world.registry.add(post)
        fields = [("person", Plain(stint.person.id)), ("post", Plain(post.id)), ("tenure", Plain(stint.tenure)),
                  ("title_as_written", title), ("observed", day), ("observed_basis", Plain("event-date")),
                  ("at_event", Plain(event))]
        if started:
            fields.append(("from", started))
        self.add("holdings", f"holding-{stint.person.id}-{post.id}", fields, [evidence])

    def relation(self, subject: str, prop: str, obj: str, evidence: list[Span]) -> None:
        key = f"{subject}-{prop.replace('_', '-')}-{obj}"
        if key not in self.world.defined:
            self.world.defined.add(key)
            self.add("relations", f"rel-{key}", [("subject", Plain(subject)), ("property", Plain(prop)),
                                                 ("object", Plain(obj)), ("basis", Plain("article"))], evidence)

    def figure(self, local: str, measure: str, written: str, unit: str, evidence: Span, *, kind: str = "actual",
               region: Region | None = None, segment: str | None = None, month: int | None = None,
               year: int | None = None, by: Person | None = None, source: Org | None = None,
               event: str | None = None, approximate: bool = False, note: str | None = None) -> str:
        fields: list[tuple[str, Any]] = [("measure", Plain(measure)), ("value", number_value(written)),
                                         ("value_as_written", written), ("unit", Plain(unit)), ("kind", Plain(kind))]
        as_of = None if month is None else month_value(month)
        optional = (("region", region and Plain(region.id)), ("segment", segment and Plain(segment)),
                    ("approximate", approximate or None), ("as_of_month", as_of),
                    ("as_of_basis", None if month is None else Plain("stated")),
                    ("target_year", None if year is None else Plain(str(year))), ("stated_by", by and Plain(by.id)),
                    ("data_source", source and Plain(source.id)), ("at_event", event and Plain(event)), ("note", note))
        fields += [(k, v) for k, v in optional if v is not None]
        return self.add("figures", f"fig-{local}", fields, [evidence])


def render(draft: Draft, model: Model, orders: Mapping[str, Mapping[str, int]], *, sid: str, offset: int, text: str,
           reprint: bool) -> tuple[str, int, dict[str, int]]:
    """The article file of source `sid`, its triples and its records per section.

    A reprint carries the same body at another offset: its records get its own IDs, and the
    events and regulations stay with the original.
    """
    own = {rec.id: (rec.id if rec.once else f"{sid}-{rec.id.removeprefix(draft.sid + '-')}")
           for rec in draft.records if rec.section != "mentions"}
    sections: dict[str, list[str]] = {name: [] for name in ARTICLE_SECTIONS}
    counts: dict[str, int] = {}
    triples = 0
    names: set[tuple[str, str]] = set()
    asserted: set[tuple[str, ...]] = set()
    records: list[tuple[str, Fields]] = []
    for rec in draft.records:
        if reprint and rec.once:
            continue
        spans = [(text[s + offset:e + offset], s + offset, e + offset) for s, e in rec.evidence]
        if rec.section == "mentions":
            quote, start, end = spans[0]
            records.append(("mentions", [("entity", Plain(rec.id)), ("quote", quote), ("start", start), ("end", end)]))
            # + kg:inSource (the file's source), kg:nameAsWritten (once per name), prov:wasDerivedFrom
            triples += 2 + (0 if (rec.id, quote) in names else 1)
            names.add((rec.id, quote))
            continue
        fields = [("id", Plain(own[rec.id])), *rec.fields, ("evidence", spans)]
        records.append((rec.section, fields))
        values = dict(rec.fields)
        if rec.section == "holdings":  # + org:holds (once per person and post), org:organization, the interval
            pair = ("holds", values["person"], values["post"])
            triples += 1 + (0 if pair in asserted else 1) + (5 if "from" in values else 0)
            asserted.add(pair)
        elif rec.section == "relations":  # + the relation itself
            triple = (values["subject"], values["property"], values["object"])
            triples += 0 if triple in asserted else 1
            asserted.add(triple)
    lines = [f"# Synthetic article facts written by kg synth; not real news.\nsource: {sid}\n\n"]
    for section, written in records:
        triples += record_triples(model, section, written)
        sections[section].append(record_text(section, written, orders))
        counts[section] = counts.get(section, 0) + 1
    for name, texts in sections.items():
        if texts:
            lines.append(f"{name}:\n")
            lines += texts
    return "".join(lines), triples, counts
