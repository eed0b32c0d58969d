"""The made-up things of `kg synth`, as plain records: regions with their workers' trend,
organisations, people, posts and who held them when.

They refer to one another (a region has its government, an organisation its posts, a post its
organisation), so they live together; kg.synth.nation and kg.synth.people make them.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

WIGGLE = (0, 2, 3, 1, -1, -2, 0, 1, 3, 2, -1, 0)  # tenths of a point, by month: figures are not a straight line


@dataclass(eq=False)
class Trend:
    """What is true about a region's workers each month (month 0 = January 2018), in whole numbers."""

    workers: int  # BPS count, constant
    potential_permille: int  # share of workers who could be enrolled
    rate0: int  # coverage in tenths of a percent at month 0
    slope: int  # hundredths of a point per month
    shares: tuple[int, int, int, int]  # permille of covered workers in PU, BPU, Jakon and pekerja rentan
    bpu_factor: int  # BPU coverage rate relative to the whole, permille
    funded_permille: int  # share of covered vulnerable workers whose contribution a government pays
    margin: int  # how far above the December figure a target is set, whole points

    def rate(self, month: int) -> int:
        return min(920, self.rate0 + self.slope * month // 10 + WIGGLE[month % 12])

    def potential(self) -> int:
        return self.workers * self.potential_permille // 1000

    def covered(self, month: int) -> int:
        return self.potential() * self.rate(month) // 1000


@dataclass(eq=False)
class Region:
    id: str
    kind: str  # Province, Regency or City
    name: str  # "Awarna Selatan", "Kabupaten Lubuk Sari", "Kota Malutang"
    short: str  # as articles usually write it: "Awasel", "Lubuk Sari", "Malutang"
    base: str  # the slug that IDs of its government and posts share
    aliases: tuple[str, ...]
    province: Region | None = None
    parts: list[Region] = field(default_factory=list)
    trend: Trend | None = None
    government: Org | None = None
    branch: Org | None = None  # the branch office that serves it
    regional_office: Org | None = None

    def rate(self, month: int) -> int:
        """Coverage in tenths of a percent; a province's is that of its regencies and cities together."""
        potential = self.potential()
        return self.covered(month) * 1000 // potential if potential else 0

    def potential(self) -> int:
        return self.trend.potential() if self.trend else sum(p.potential() for p in self.parts)

    def covered(self, month: int, segment: int | None = None) -> int:
        if not self.trend:
            return sum(p.covered(month, segment) for p in self.parts)
        covered = self.trend.covered(month)
        return covered if segment is None else covered * self.trend.shares[segment] // 1000

    def workers(self) -> int:
        return self.trend.workers if self.trend else sum(p.workers() for p in self.parts)

    def funded(self, month: int) -> int:
        if not self.trend:
            return sum(p.funded(month) for p in self.parts)
        return self.covered(month, 3) * self.trend.funded_permille // 1000 // 10 * 10

    def target(self, year: int) -> int:
        """The coverage target for `year`, in whole percent, as every source states it."""
        december = (year - 2018) * 12 + 11
        margin = self.trend.margin if self.trend else 5
        return min(100, self.rate(december) // 10 + margin)

    def funded_target(self, year: int) -> int:
        return (self.funded((year - 2018) * 12 + 11) * 13 // 10 // 100 + 1) * 100


@dataclass(eq=False)
class Org:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    short: str  # as articles write it
    region: Region | None = None
    parent: Org | None = None
    posts: dict[str, Post] = field(default_factory=dict)  # by role


@dataclass(eq=False)
class Person:
    id: str
    name: str  # clean, for the registry
    written: str  # as an article first writes it, honorifics and degrees included
    short: str  # as an article names the person again ("ujar Edward")


@dataclass(eq=False)
class Stint:
    start: date
    end: date  # exclusive
    person: Person
    tenure: str  # definitive, Pj, Plt or Plh


@dataclass(eq=False)
class Post:
    id: str
    name: str
    role: str
    org: Org
    stints: list[Stint] = field(default_factory=list)
    _starts: list[date] = field(default_factory=list)

    def add(self, start: date, end: date, person: Person, tenure: str) -> None:
        self.stints.append(Stint(start, end, person, tenure))
        self._starts.append(start)

    def holder(self, day: date) -> Stint | None:
        i = bisect_right(self._starts, day) - 1
        return self.stints[i] if i >= 0 and day < self.stints[i].end else None
