"""Made-up officials of `kg synth` and the posts they held over time.

Heads of region follow Indonesia's election waves: five-year terms from the 2015, 2017 or 2018
elections, a Penjabat (Pj) from the end of the 2017 and 2018 terms until the simultaneous
inauguration of 20 February 2025, now and then a Plt while the head is away, and incumbents
who win a second term. A Sekda is followed by a Plh while the post is vacant; branch-office
heads rotate among the offices of their regional office every two or three years.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from kg.synth.entities import Person, Post

START, END = date(2014, 1, 1), date(2027, 1, 1)
INAUGURATION_2025 = date(2025, 2, 20)
WAVES = {  # inaugurations of definitive heads, and when their Pj (if any) took over
    2015: ((date(2011, 2, 15), date(2016, 2, 17), date(2021, 2, 26)), None),
    2017: ((date(2012, 5, 22), date(2017, 5, 22)), date(2022, 5, 22)),
    2018: ((date(2013, 9, 20), date(2018, 9, 20)), date(2023, 9, 20)),
}
MEN = ("Ahmad", "Agus", "Andi", "Arif", "Bambang", "Budi", "Dedi", "Eko", "Fajar", "Fauzi", "Hadi", "Hasan",
       "Hendra", "Indra", "Irwan", "Joko", "Junaidi", "Lukman", "Mulyadi", "Rahmat", "Rizky", "Rudi", "Slamet",
       "Taufik", "Teguh", "Umar", "Wahyu", "Yusuf", "Zulkifli", "Syahrial", "Firdaus", "Herman", "Darmawan",
       "Syamsul", "Ridwan", "Amiruddin", "Iskandar", "Nasrul", "Anwar", "Bahtiar", "Erwin", "Harun", "Ismail",
       "Jamaluddin", "Muhammad", "Yohanes", "Made", "Robert", "Dimas", "Gilang")
WOMEN = ("Siti", "Dewi", "Rina", "Fitri", "Yuli", "Ratna", "Wulan", "Yanti", "Novi", "Oktavia", "Citra", "Endang",
         "Ayu", "Nurul", "Sri", "Hartati", "Indah", "Maya", "Puspita", "Kartika", "Melati", "Anisa", "Susanti",
         "Maria", "Rosmawati")
FAMILY = ("Saputra", "Wijaya", "Hidayat", "Santoso", "Nugroho", "Pratama", "Setiawan", "Siregar", "Nasution",
          "Harahap", "Lubis", "Rangkuti", "Sembiring", "Ginting", "Pohan", "Rahman", "Hakim", "Kusuma", "Permana",
          "Sulistyo", "Gunawan", "Firmansyah", "Ramadhan", "Hasibuan", "Daulay", "Manurung", "Sinaga", "Panjaitan",
          "Situmorang", "Tambunan", "Effendi", "Syahputra", "Prasetyo", "Wibowo", "Hartono", "Suryadi", "Mahendra",
          "Irawan", "Sasmita", "Maulana", "Fadillah", "Utama", "Chandra", "Abdullah", "Akbar", "Simatupang")
FAMILY_WOMEN = ("Anggraini", "Purnamasari", "Wulandari", "Lestari", "Handayani", "Yuliana", "Safitri",
                "Permatasari", "Novitasari", "Rahmawati", "Kurniasih", "Susilawati")
SINGLE = ("Muhyidin", "Zainudin", "Sarjono", "Marzuki", "Syafrudin", "Asnawi", "Jumadi", "Rusdi", "Sumarni",
          "Kusnadi", "Suparmin", "Nurhayati")
PREFIXES = (("", 60), ("H. ", 18), ("Dr. ", 8), ("Drs. ", 6), ("Ir. ", 5), ("dr. ", 3))
SUFFIXES = (("", 45), (", S.E.", 10), (", S.H.", 8), (", M.Si", 12), (", S.Sos., M.M.", 8), (", S.T., M.T.", 5),
            (", M.Kes", 4), (", S.H., M.H.", 8))


class People:
    """Makes people with unique IDs (namesakes get -2, -3, ...)."""

    def __init__(self) -> None:
        self.taken: dict[str, int] = {}

    def new(self, rng: random.Random) -> Person:
        woman = rng.random() < 0.3
        if rng.random() < 0.08:
            name = rng.choice(SINGLE)
        else:
            first = rng.choice(WOMEN if woman else MEN)
            middle = f" {rng.choice(WOMEN if woman else MEN)}" if rng.random() < 0.25 else ""
            name = f"{first}{middle} {rng.choice(FAMILY_WOMEN if woman and rng.random() < 0.5 else FAMILY)}"
        base = "-".join(name.lower().split())
        count = self.taken[base] = self.taken.get(base, 0) + 1
        prefix = _weighted(rng, PREFIXES)
        if woman and prefix == "H. ":
            prefix = "Hj. "
        words = name.split()
        short = words[1] if words[0] in ("Muhammad", "Ahmad") and len(words) > 2 else words[0]
        return Person(base if count == 1 else f"{base}-{count}", name, prefix + name + _weighted(rng, SUFFIXES),
                      short)


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def chain(post: Post, rng: random.Random, people: People, *, years: tuple[int, int], acting: str,
          acting_chance: float, start: date | None = None) -> Post:
    """Definitive holders one after another, with an acting holder between some of them."""
    day = start or START - _days(rng, 0, 3 * 365)
    standby: Person | None = None  # an acting holder may be made definitive
    while day < END:
        length = timedelta(days=years[0] * 365 if years[0] == years[1] else rng.randint(years[0] * 365,
                                                                                         years[1] * 365))
        person = standby if standby and rng.random() < 0.3 else people.new(rng)
        post.add(day, day + length, person, "definitive")
        day += length
        standby = None
        if rng.random() < acting_chance:
            standby = people.new(rng)
            gap = _days(rng, 20, 150)
            post.add(day, day + gap, standby, acting)
            day += gap
    return post


def region_heads(post: Post, rng: random.Random, people: People) -> Post:
    """A governor's or regent's post: elected terms, Pj heads until 2025, now and then a Plt."""
    wave = rng.choice(sorted(WAVES))
    terms, pj_from = WAVES[wave]
    shift = _days(rng, 0, 45)
    starts = [d + shift for d in terms]
    ends = [*starts[1:], (pj_from + shift) if pj_from else INAUGURATION_2025]
    incumbent: Person | None = None
    for start, end in zip(starts, ends, strict=True):
        person = incumbent if incumbent and rng.random() < 0.4 else people.new(rng)
        away = start + _days(rng, 200, 1100)
        back = away + _days(rng, 90, 300)
        if rng.random() < 0.08 and back < end:  # the head is away for a while: the deputy acts as Plt
            post.add(start, away, person, "definitive")
            post.add(away, back, people.new(rng), "Plt")
            post.add(back, end, person, "definitive")
        else:
            post.add(start, end, person, "definitive")
        incumbent = person
    if pj_from:
        day = pj_from + shift
        if (INAUGURATION_2025 - day).days > 400 and rng.random() < 0.5:  # Pj terms are a year, often renewed
            second = day + _days(rng, 330, 400)
            post.add(day, second, people.new(rng), "Pj")
            day = second
        post.add(day, INAUGURATION_2025, people.new(rng), "Pj")
    elected = incumbent if incumbent and rng.random() < 0.3 else people.new(rng)
    post.add(INAUGURATION_2025, END, elected, "definitive")
    return post


def rotation(posts: list[Post], rng: random.Random, people: People) -> None:
    """Branch-office heads of one regional office, moved around in batches every two or three years."""
    day = START + _days(rng, 0, 90)
    current: list[Person | None] = [None] * len(posts)
    while day < END:
        until = day + _days(rng, 600, 1100)
        pool = [p for p in current if p is not None]
        rng.shuffle(pool)
        for i, post in enumerate(posts):
            moved = next((p for p in pool if p is not current[i]), None) if rng.random() < 0.6 else None
            if moved is not None:
                pool.remove(moved)
            person = moved or people.new(rng)
            start = day
            if rng.random() < 0.12:  # a Plt until the new head arrives
                start = day + _days(rng, 45, 120)
                post.add(day, start, people.new(rng), "Plt")
            post.add(start, until, person, "definitive")
            current[i] = person
        day = until
