"""The national skeleton of `kg synth`: regions, the agency's offices, governments and their posts.

Everything is made up, names included, but shaped like Indonesia: 38 provinces on eight
islands, 416 regencies and 98 cities, the agency with 11 regional offices (Kanwil) and 130
branch offices (Kantor Cabang). The officials who held each post over time are in
kg.synth.people; the figures a region reports each month come from its `Trend`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from kg.synth.entities import Org, Person, Post, Region, Stint, Trend
from kg.synth.people import People, chain, region_heads, rotation

PROVINCES, REGENCIES, CITIES, REGIONAL_OFFICES, BRANCH_OFFICES = 38, 416, 98, 11, 130

# (island, provinces, regional offices); 38 provinces and 11 Kanwil in all
ISLANDS = (("Awarna", 7, 2), ("Belitara", 6, 2), ("Candrawa", 6, 2), ("Darmaloka", 5, 1), ("Eranusa", 4, 1),
           ("Gandawa", 4, 1), ("Harimbang", 3, 1), ("Jayakarsa", 3, 1))
DIRECTIONS = (("Selatan", "sel"), ("Utara", "ut"), ("Barat", "bar"), ("Timur", "tim"), ("Tengah", "teng"),
              ("Tenggara", "tra"), ("Kepulauan", ""))
HALVES = (("Bagian Utara", "bagut"), ("Bagian Selatan", "bagsel"))
FIRST_WORDS = ("Muara", "Tanjung", "Lubuk", "Sungai", "Bukit", "Air", "Batu", "Rantau", "Pulau", "Kuala", "Teluk",
               "Tanah", "Karang", "Banyu", "Way", "Gunung", "Sri", "Labuhan", "Pasir", "Bandar", "Lembah", "Ujung")
SECOND_WORDS = ("Agung", "Jaya", "Mulya", "Hulu", "Hilir", "Baru", "Kencana", "Sari", "Rejo", "Merah", "Putih",
                "Lestari", "Makmur", "Indah", "Raya", "Permai", "Asri", "Bening", "Sakti", "Mas", "Harapan",
                "Damai", "Intan", "Wangi")
SYLLABLES = ("ba", "la", "ma", "sa", "ta", "ka", "ra", "pa", "da", "ga", "na", "ja", "wa", "bi", "li", "mi", "si",
             "ti", "ki", "ri", "pi", "di", "ni", "bu", "lu", "mu", "su", "tu", "ku", "ru", "pu", "du", "nu", "ju",
             "be", "le", "me", "se", "te", "ke", "re", "pe", "de", "ne", "bo", "lo", "mo", "so", "to", "ko", "ro")
ENDINGS = ("", "", "n", "ng", "t", "k", "r", "s", "h")
DPRD_TERMS = (date(2014, 8, 25), date(2019, 8, 26), date(2024, 8, 26), date(2029, 8, 27))


def slug(text: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in text.lower().split())


@dataclass(eq=False)
class Nation:
    provinces: list[Region]
    regions: list[Region]  # provinces first, then regencies and cities
    agency: Org
    regional_offices: list[Org]
    branches: list[Org]
    director: Post
    people: People
    statistics: Org = field(default_factory=lambda: Org("bps", "GovernmentAgency", "Badan Pusat Statistik", ("BPS",),
                                                        "BPS"))
    parliaments: dict[str, Post] = field(default_factory=dict)  # region ID -> the post of its DPRD members
    members: dict[tuple[str, int, int], Person] = field(default_factory=dict)

    def places(self) -> list[Region]:
        return [r for r in self.regions if r.kind != "Province"]

    def parliament(self, region: Region) -> Post:
        """The post "Anggota DPRD ..." of the region's parliament (made when first needed)."""
        post = self.parliaments.get(region.id)
        if post is None:
            of = f"Provinsi {region.name}" if region.kind == "Province" else region.name
            org = Org(f"dprd-{region.base}", "Parliament", f"Dewan Perwakilan Rakyat Daerah {of}", (f"DPRD {of}",),
                      f"DPRD {of}", region=region)
            post = self.parliaments[region.id] = Post(f"anggota-dprd-{region.base}", f"Anggota DPRD {of}",
                                                      "member-of-parliament", org)
        return post

    def member(self, region: Region, day: date, rng: random.Random) -> tuple[Post, Stint]:
        """A member of the region's DPRD on `day`, for the five-year term that includes it."""
        term = max(i for i, start in enumerate(DPRD_TERMS[:-1]) if start <= day)
        seats = 55 if region.kind == "Province" else 35
        key = (region.id, term, rng.randrange(seats))
        person = self.members.get(key)
        if person is None:
            person = self.members[key] = self.people.new(rng)
        return self.parliament(region), Stint(DPRD_TERMS[term], DPRD_TERMS[term + 1], person, "definitive")


class _Names:
    """Unique made-up place names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used = {island for island, _, _ in ISLANDS}

    def place(self) -> str:
        while True:
            if self.rng.random() < 0.55:
                name = f"{self.rng.choice(FIRST_WORDS)} {self.rng.choice(SECOND_WORDS)}"
            else:
                parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 3, 3)))]
                name = ("".join(parts) + self.rng.choice(ENDINGS)).capitalize()
            if name not in self.used:
                self.used.add(name)
                return name


def _split(total: int, weights: list[float], minimum: int) -> list[int]:
    """`total` split in proportion to `weights`, at least `minimum` each (largest remainders)."""
    spare = total - minimum * len(weights)
    shares = [spare * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])[: spare - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def _trend(rng: random.Random, city: bool) -> Trend:
    # Whole numbers only (no float maths from the platform's libm), skewed like real regions' sizes.
    workers = rng.randint(30_000, 160_000) * rng.choice((1, 2, 2, 3, 4, 6, 9, 12) if city else (1, 1, 1, 2, 2, 3, 4, 6))
    return Trend(workers=min(2_400_000, workers), potential_permille=rng.randint(820, 960),
                 rate0=rng.randint(120, 450), slope=rng.randint(3, 30),
                 shares=(rng.randint(520, 740), rng.randint(100, 260), rng.randint(30, 120), rng.randint(40, 160)),
                 bpu_factor=rng.randint(250, 550), funded_permille=rng.randint(200, 900), margin=rng.randint(3, 9))


def _provinces(names: _Names) -> tuple[list[Region], list[list[Region]]]:
    provinces, by_island = [], []
    for island, count, _ in ISLANDS:
        group = []
        for direction, abbr in DIRECTIONS[:count]:
            name = f"Kepulauan {island}" if direction == "Kepulauan" else f"{island} {direction}"
            short = f"Kep{island[:3].lower()}" if direction == "Kepulauan" else f"{island[:3]}{abbr}"
            region = Region(slug(name), "Province", name, short, slug(short),
                            (short, f"Provinsi {name}"))
            names.used.update((name, short))
            group.append(region)
        provinces += group
        by_island.append(group)
    return provinces, by_island


def _places(provinces: list[Region], names: _Names, rng: random.Random) -> list[Region]:
    weights = [float(rng.randint(30, 300)) for _ in provinces]
    regencies = _split(REGENCIES, weights, 2)
    cities = _split(CITIES - PROVINCES, weights, 0)
    places = []
    for province, n_regencies, n_cities in zip(provinces, regencies, cities, strict=True):
        kinds = ["City"] * (n_cities + 1) + ["Regency"] * n_regencies  # the first city is the capital
        for kind in kinds:
            base = names.place()
            name = f"{'Kota' if kind == 'City' else 'Kabupaten'} {base}"
            region = Region(slug(name), kind, name, base, slug(base) if kind == "Regency" else slug(name),
                            (base,), province=province, trend=_trend(rng, kind == "City"))
            province.parts.append(region)
            places.append(region)
    return places


def _agency() -> Org:
    return Org("bpjs-ketenagakerjaan", "Agency", "BPJS Ketenagakerjaan",
               ("Badan Penyelenggara Jaminan Sosial Ketenagakerjaan", "BPJamsostek"), "BPJS Ketenagakerjaan")


def _regional_offices(by_island: list[list[Region]], agency: Org) -> list[Org]:
    offices = []
    for (island, _, halves), group in zip(ISLANDS, by_island, strict=True):
        north = [p for p in group if p.name.split()[-1] in ("Utara", "Barat", "Tengah") or p.name.startswith("Kep")]
        parts = [north, [p for p in group if p not in north]] if halves == 2 else [group]
        for (half, abbr), provinces in zip(HALVES if halves == 2 else (("", ""),), parts, strict=True):
            alias = f"{island[:3]}{abbr}" if half else island
            area = f"{island} {half}".strip()
            office = Org(f"kanwil-{slug(alias)}", "RegionalOffice", f"Kantor Wilayah BPJS Ketenagakerjaan {area}",
                         (f"BPJS Ketenagakerjaan {alias}", f"Kanwil BPJamsostek {alias}"),
                         f"BPJS Ketenagakerjaan {alias}", region=provinces[0], parent=agency)
            for province in provinces:
                province.regional_office = office
            offices.append(office)
    return offices


def _branches(provinces: list[Region]) -> list[Org]:
    counts = _split(BRANCH_OFFICES, [len(p.parts) for p in provinces], 1)
    branches = []
    for province, count in zip(provinces, counts, strict=True):
        places = province.parts
        homes = [places[0], *sorted(places[1:], key=lambda p: -p.workers())[: count - 1]]
        own = []
        for home in homes:
            office = Org(f"kc-{slug(home.short)}", "BranchOffice",
                         f"BPJS Ketenagakerjaan Kantor Cabang {home.short}",
                         (f"BPJS Ketenagakerjaan Cabang {home.short}",), f"BPJS Ketenagakerjaan Cabang {home.short}",
                         region=home, parent=province.regional_office)
            own.append(office)
        for i, place in enumerate(places):  # each place is served by one office of its province
            place.branch = next((o for o in own if o.region is place), own[i % len(own)])
        branches += own
    return branches


def _government(region: Region) -> Org:
    if region.kind == "Province":
        return Org(f"pemprov-{region.base}", "ProvincialGovernment", f"Pemerintah Provinsi {region.name}",
                   (f"Pemprov {region.short}",), f"Pemprov {region.short}", region=region)
    if region.kind == "City":
        return Org(f"pemkot-{slug(region.short)}", "CityGovernment", f"Pemerintah Kota {region.short}",
                   (f"Pemkot {region.short}",), f"Pemkot {region.short}", region=region)
    return Org(f"pemkab-{region.base}", "RegencyGovernment", f"Pemerintah Kabupaten {region.short}",
               (f"Pemkab {region.short}",), f"Pemkab {region.short}", region=region)


def _posts(nation: Nation, rng: random.Random) -> None:
    """Every post, with the people who held it from 2014 on."""
    people = nation.people
    for region in nation.regions:
        gov = region.government
        assert gov is not None
        of_region = "Provinsi " + region.name if region.kind == "Province" else region.name
        gov.posts["regional-secretary"] = chain(
            Post(f"sekda-{region.base}", f"Sekretaris Daerah {of_region}", "regional-secretary", gov), rng, people,
            years=(3, 6), acting="Plh", acting_chance=0.5)
        if region.kind == "Province":
            gov.posts["governor"] = region_heads(
                Post(f"gubernur-{region.base}", f"Gubernur {region.name}", "governor", gov), rng, people)
        elif region.kind == "Regency":
            gov.posts["regent"] = region_heads(
                Post(f"bupati-{region.base}", f"Bupati {region.short}", "regent", gov), rng, people)
        # The vocabulary has no role for a mayor (wali kota): a city government has its Sekda only.
    for office in nation.regional_offices:
        alias = office.aliases[0].removeprefix("BPJS Ketenagakerjaan ")
        office.posts["head-of-regional-office"] = chain(
            Post(f"kakanwil-{slug(alias)}", f"Kepala {office.name}", "head-of-regional-office", office), rng, people,
            years=(2, 4), acting="Plt", acting_chance=0.15)
        office.posts["deputy-head-membership"] = chain(
            Post(f"wakil-kepala-kepesertaan-{slug(alias)}", f"Wakil Kepala Kepesertaan BPJS Ketenagakerjaan {alias}",
                 "deputy-head-membership", office), rng, people, years=(2, 4), acting="Plt", acting_chance=0.1)
    for office in nation.regional_offices:
        branches = [b for b in nation.branches if b.parent is office]
        posts = [Post(f"kepala-{b.id}", f"Kepala {b.name}", "head-of-branch-office", b) for b in branches]
        for branch, post in zip(branches, posts, strict=True):
            branch.posts["head-of-branch-office"] = post
        rotation(posts, rng, people)


def build_nation(seed: int) -> Nation:
    """The skeleton and its officials; the same seed gives the same nation."""
    rng = random.Random(f"kg-synth/{seed}/nation")
    names = _Names(rng)
    provinces, by_island = _provinces(names)
    places = _places(provinces, names, rng)
    agency = _agency()
    regional_offices = _regional_offices(by_island, agency)
    branches = _branches(provinces)
    regions = provinces + places
    for region in regions:
        region.government = _government(region)
    director = Post("direktur-kepesertaan", "Direktur Kepesertaan BPJS Ketenagakerjaan", "director-of-membership",
                    agency)
    nation = Nation(provinces, regions, agency, regional_offices, branches, director, People())
    chain(director, rng, nation.people, years=(5, 5), acting="Plt", acting_chance=0.0, start=date(2011, 2, 22))
    agency.posts["director-of-membership"] = director
    _posts(nation, rng)
    return nation


__all__ = ["Nation", "Org", "Person", "Post", "Region", "build_nation", "slug"]
