"""Synthetic national-scale fact files, to try kg on graphs of 10^4 to 10^7 triples.

`synthesize` writes a facts folder in the real format (the sections and keys of
ontology/shapes.ttl, laid out like facts/) with the source texts its evidence quotes, so that
`kg build --facts DIR --sources DIR/sources` validates all of it. The national skeleton is
the same at every size: 38 provinces, 416 regencies and 98 cities (each within its province),
the agency with 11 regional offices and 130 branch offices. Articles are added, one region and
one month at a time, until the graph reaches about the number of triples asked for; with them
come the officials they name (with their posts, some held as Pj, Plt or Plh), governments,
parliaments, programmes, regulations, events, pledges and requests, statements and the
monthly coverage figures. Some articles are reprinted by a second outlet, now and then with a
typo in a figure (which the build flags as a conflict); a few figures are implausible and
carry an analyst's flag.

The same size and seed give byte-identical files: all randomness comes from random.Random
seeded with the seed, nothing from the clock. Files are streamed to disk, an article at a
time, into a temporary folder that replaces the output folder only when complete.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = synthesize(Path(tmp) / "synth", triples=10_000)
>>> summary.records["regions"], summary.articles > 0
(552, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from kg.facts.model import Model, load_model
from kg.files import replacing_folder
from kg.synth.articles import Draft, Entity, Programme, World, long_date, render
from kg.synth.entities import Org, Person, Post, Region
from kg.synth.nation import Nation, build_nation
from kg.synth.stories import STORIES
from kg.synth.yaml_writer import Fields, Plain, field_orders, record_text, record_triples

DEFAULT_SEED = 2024
MAX_TRIPLES = 100_000_000  # about 12 GB of files
MARKER = ".kg-synth"  # marks a folder kg synth wrote, so that it never replaces one a person made
MONTHS = 90  # reference months January 2018 to June 2025
REPRINT_CHANCE, TYPO_EVERY = 0.07, 5  # one reprint in five misprints a figure, from the first that can
PUBLISHERS = ("WartaNusantara.ID", "KabarDaerah.COM", "Suara Pekerja", "Harian Sinar Pagi", "LintasKabupaten.ID",
              "Detak Provinsi", "NusaPos.COM", "Berita Karya")
ENTITY_FILES = {"regions": "entities/regions.yaml", "organisations": "entities/organisations.yaml",
                "posts": "entities/posts.yaml", "people": "entities/people.yaml",
                "programmes": "entities/programmes.yaml", "relations": "background.yaml", "sources": "sources.yaml",
                "flags": "flags.yaml"}
CITED = "https://data.example.org/sintetis"


@dataclass
class Summary:
    """What `synthesize` wrote: counts of files and records, and the triples `kg build` will make."""

    out: Path
    seed: int
    files: int = 0
    articles: int = 0
    reprints: int = 0
    records: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    skeleton: int = 0  # triples of the national skeleton and the ontology alone


class _Files:
    """The fact files kept open while articles stream out, and the registry of entities written so far."""

    def __init__(self, root: Path, model: Model, summary: Summary, header: str) -> None:
        self.root, self.model, self.summary = root, model, summary
        self.orders = field_orders(model)
        self.known: set[str] = set()
        self.open: dict[str, TextIO] = {}
        for section, name in ENTITY_FILES.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            self.open[section] = path.open("w", encoding="utf-8", newline="\n")
            self.open[section].write(f"{header}\n{section}:\n")
        summary.files += len(ENTITY_FILES)

    def write(self, section: str, fields: Fields) -> None:
        self.open[section].write(record_text(section, fields, self.orders))
        self.count(section, record_triples(self.model, section, fields))
        if fields and fields[0][0] == "id":
            self.known.add(str(fields[0][1]))

    def count(self, section: str, triples: int, records: int = 1) -> None:
        self.summary.records[section] = self.summary.records.get(section, 0) + records
        self.summary.triples += triples

    def known_entity(self, entity: Entity) -> bool:
        return entity.id in self.known

    def close(self) -> None:
        for handle in self.open.values():
            handle.close()


class _Registry:
    """Writes people, organisations, posts and programmes when an article first names them."""

    def __init__(self, files: _Files) -> None:
        self.files = files

    def known(self, entity: Entity) -> bool:
        return self.files.known_entity(entity)

    def add(self, entity: Entity) -> bool:
        if isinstance(entity, Region) or self.files.known_entity(entity):
            return False
        if isinstance(entity, Person):
            self.files.write("people", [("id", Plain(entity.id)), ("name", entity.name)])
        elif isinstance(entity, Org):
            self.files.write("organisations", _org_fields(entity))
        elif isinstance(entity, Post):
            self.files.write("posts", [("id", Plain(entity.id)), ("name", entity.name), ("role", Plain(entity.role)),
                                       ("organisation", Plain(entity.org.id))])
        elif isinstance(entity, Programme):
            aliases: list[tuple[str, Any]] = [("aliases", list(entity.aliases))] if entity.aliases else []
            self.files.write("programmes", [("id", Plain(entity.id)), ("type", Plain(entity.type)),
                                            ("name", entity.name), *aliases, ("description", entity.description)])
        return True


def _org_fields(org: Org) -> list[tuple[str, Any]]:
    aliases: list[tuple[str, Any]] = [("aliases", list(org.aliases))] if org.aliases else []
    return [("id", Plain(org.id)), ("type", Plain(org.type)), ("name", org.name), *aliases]


def _background(files: _Files, subject: str, prop: str, obj: str, url: str, title: str) -> None:
    record_id = f"bg-{subject}-{prop.replace('_', '-')}-{obj}"
    files.write("relations", [("id", Plain(record_id)), ("subject", Plain(subject)),
                              ("property", Plain(prop)), ("object", Plain(obj)), ("basis", Plain("background")),
                              ("cited_url", url), ("cited_title", title)])
    files.summary.triples += 1  # the relation itself, beside its claim


def _skeleton(files: _Files, nation: Nation) -> None:
    for region in nation.regions:
        files.write("regions", [("id", Plain(region.id)), ("type", Plain(region.kind)), ("name", region.name),
                                ("aliases", list(region.aliases))])
    for org in (nation.agency, *nation.regional_offices, *nation.branches):
        files.write("organisations", _org_fields(org))
    for region in nation.places():
        assert region.province is not None
        _background(files, region.id, "within_region", region.province.id, f"{CITED}/wilayah/{region.province.id}",
                    f"Daftar kabupaten dan kota di Provinsi {region.province.name} (data sintetis)")
    for office in (*nation.regional_offices, *nation.branches):
        assert office.parent is not None and office.region is not None
        url = f"{CITED}/kantor/{office.id}"
        title = f"Profil {office.name} (data sintetis)"
        _background(files, office.id, "sub_organization_of", office.parent.id, url, title)
        served = [p for p in nation.provinces if p.regional_office is office] if office.type == "RegionalOffice" \
            else [office.region]
        for region in served:
            _background(files, office.id, "serves_region", region.id, url, title)


def _slot(k: int, regions: list[Region]) -> tuple[Region, int, int]:
    """The k-th article's region, reference month and pass: every (region, month) once per pass."""
    slots = len(regions) * MONTHS
    # A step near the golden ratio of the slots spreads consecutive articles over regions and months.
    step = next(s for s in range(int(slots * 0.618034), slots) if _coprime(s, slots))
    index = (k * step + 7) % slots
    return regions[index // MONTHS], index % MONTHS, k // slots


def _coprime(a: int, b: int) -> bool:
    while b:
        a, b = b, a % b
    return a == 1


def _event_day(rng: random.Random, month: int) -> date:
    year, mon = divmod(month + 1, 12)  # the month after the reference month
    first = date(2018 + year, mon + 1, 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first + timedelta(days=rng.randrange((following - first).days))


class _Articles:
    """Writes each article: its source record, its text, its facts, and perhaps a reprint."""

    def __init__(self, files: _Files, world: World, seed: int) -> None:
        self.files, self.world, self.seed = files, world, seed
        self.number = 0
        self.typo_due = False

    def header(self, title: str, publisher: str, published: date, city: str) -> tuple[str, tuple[int, int]]:
        minute = self.world.rng.randrange(7 * 60, 22 * 60)
        head = f"{title}\n\n{long_date(published)} {minute // 60:02d}.{minute % 60:02d} WIB\n\n{city}, "
        return f"{head}{publisher} – ", (len(head), len(head) + len(publisher))

    def write(self, draft: Draft, title: str, region: Region, day: date, original: str | None = None) -> str:
        rng = self.world.rng
        self.number += 1
        sid = f"s{self.number:06d}"
        publisher = rng.choice(PUBLISHERS)
        published = day + timedelta(days=rng.randrange(2))
        city = (region.parts[0] if region.kind == "Province" else region).short
        head, publisher_span = self.header(title, publisher, published, city)
        text = head + "".join(draft.parts) + "\n"
        (self.files.root / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8", newline="\n")
        host = publisher.lower().replace(" ", "")
        source: list[tuple[str, Any]] = [
            ("id", Plain(sid)), ("file", f"{sid}.txt"), ("title", title), ("publisher", publisher),
            ("published", published), ("url", f"https://{host}.example.org/{published.year}/{sid}"),
            ("language", Plain("id")),
            ("note", f"Synthetic article written by kg synth (seed {self.seed}); not a real news report."),
            ("evidence", [(title, 0, len(title)), (publisher, *publisher_span)])]
        if original:
            source.insert(-2, ("reprint_of", Plain(original)))
        self.files.write("sources", source)
        body, triples, counts = render(draft, self.files.model, self.files.orders, sid=sid, offset=len(head),
                                       text=text, reprint=original is not None)
        (self.files.root / "articles" / f"{sid}.yaml").write_text(body, encoding="utf-8", newline="\n")
        for section, count in counts.items():
            self.files.count(section, 0, count)
        self.files.summary.triples += triples
        self.files.summary.files += 2
        if original is None:
            for kind, locals_, reason in draft.flags:
                self.files.write("flags", [("id", Plain(f"flag-{sid}-{kind}")), ("kind", Plain(kind)),
                                           ("claims", [Plain(f"{sid}-{x}") for x in locals_]), ("reason", reason)])
        return sid

    def article(self, k: int) -> None:
        world = self.world
        region, month, lap = _slot(k, world.nation.regions)
        day = _event_day(world.rng, month)
        draft = Draft(world, f"s{self.number + 1:06d}")
        story = world.rng.choices([s for s, _ in STORIES], [w for _, w in STORIES])[0]
        title = story(draft, region, month, day, f"-{lap + 1}" if lap else "")
        sid = self.write(draft, title, region, day)
        self.files.summary.articles += 1
        if world.rng.random() < REPRINT_CHANCE:
            self.typo_due |= self.files.summary.reprints % TYPO_EVERY == 0
            typo = self.typo_due and lap == 0 and draft.misprint()
            self.typo_due &= not typo
            self.write(draft, title, region, day, original=sid)
            self.files.summary.reprints += 1
            if typo:  # the figure rule flags the two figures: a flag of six triples
                self.files.count("flags (figure rule)", 6)


def synthesize(out: Path, *, triples: int, seed: int = DEFAULT_SEED) -> Summary:
    """Write a synthetic facts folder of about `triples` triples into `out` (replaced as a whole).

    Raises UsageError if `out` holds files that kg synth did not write.
    """
    out = out.resolve()
    note = f"written by kg synth --triples {triples} --seed {seed}; replaced when run again\n"
    with replacing_folder(out, note=note, marker=MARKER, writer="kg synth") as staging:
        summary = _write(staging, triples, seed)
    summary.out = out
    return summary


def _write(root: Path, target: int, seed: int) -> Summary:
    model = load_model()
    summary = Summary(root, seed, triples=len(model.ontology))
    (root / "sources").mkdir()
    (root / "articles").mkdir()
    nation = build_nation(seed)
    files = _Files(root, model, summary, f"# Synthetic facts written by `kg synth --seed {seed}`; not real news.")
    try:
        _skeleton(files, nation)
        summary.skeleton = summary.triples
        world = World(nation, random.Random(f"kg-synth/{seed}/articles"), _Registry(files))
        articles = _Articles(files, world, seed)
        k = 0
        while k == 0 or summary.triples + (summary.triples - summary.skeleton) // (2 * k) < target:
            articles.article(k)
            k += 1
    finally:
        files.close()
    return summary
