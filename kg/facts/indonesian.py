"""Reading numbers and dates the way Indonesian news writes them.

>>> parse_number("1,3 juta")
Decimal('1300000')
>>> parse_number("Rp 16.800")
Decimal('16800')
>>> parse_date("Selasa (9/7/2024)")
WrittenDate(year=2024, month=7, day=9, weekday=1)
>>> parse_date("Jumat (1/9)")
WrittenDate(year=None, month=9, day=1, weekday=4)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {"juta": 10**6, "jt": 10**6, "ribu": 10**3, "rb": 10**3, "miliar": 10**9, "triliun": 10**12}
NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9, "sepuluh": 10}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6}
MONTHS = {name: i + 1 for i, name in enumerate(
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
     "november", "desember"])}

_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<mult>juta|jt|ribu|rb|miliar|triliun)?\b",
    re.IGNORECASE)


def parse_number(text: str) -> Decimal | None:
    """The first number in `text`, with comma as the decimal mark and dot for thousands."""
    match = _NUMBER.search(text)
    if not match:
        word = next((n for w, n in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", text.lower())), None)
        return Decimal(word) if word is not None else None
    digits = match["num"].replace(".", "").replace(",", ".")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    multiplier = MULTIPLIERS.get((match["mult"] or "").lower(), 1)
    value *= multiplier
    return Decimal(int(value)) if value == value.to_integral_value() else value


@dataclass(frozen=True)
class WrittenDate:
    """What a written date states; any part the text leaves out is None."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # Monday = 0, as in datetime.date.weekday()


_NUMERIC = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?")
_LONG = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})")


def parse_date(text: str) -> WrittenDate | None:
    """Read "Selasa (9/7/2024)", "Kamis, 21 Maret 2024" or "Jumat (1/9)"."""
    lowered = text.lower()
    weekday = next((n for name, n in WEEKDAYS.items() if re.search(rf"\b{name}\b", lowered)), None)
    numeric = _NUMERIC.search(text)
    if numeric:
        year = int(numeric["year"]) if numeric["year"] else None
        return WrittenDate(year, int(numeric["month"]), int(numeric["day"]), weekday)
    long = _LONG.search(text)
    if long and long["month"].lower() in MONTHS:
        return WrittenDate(int(long["year"]), MONTHS[long["month"].lower()], int(long["day"]), weekday)
    return None


# Honorifics and academic degrees as Indonesian news writes them around a name ("Dr. H. Budi Santoso, M.Si",
# "Hj. Siti", "S.Sos., M.M."), as words once the punctuation is gone: they are not part of the name.
# The honorifics as written before a name (kg.draft matches them case by case), then every title word folded.
HONORIFICS = ("H", "Hj", "Dr", "Drs", "Dra", "Ir", "Prof", "KH", "Tgk")
TITLE_WORDS = frozenset({word.casefold() for word in HONORIFICS} |
                        {"s", "m", "si", "sos", "kes", "pd", "ip", "ag", "kom", "ak", "psi", "mm", "se", "sh", "st",
                         "mt", "mh", "msi", "spd", "t", "e"})
_WORD = re.compile(r"[^\W_]+")


def name_words(text: str) -> list[str]:
    """The words of a name as written, case-folded, without honorifics and degrees.

    >>> name_words("Dr. H. Budi Santoso, M.Si")
    ['budi', 'santoso']
    """
    return [word for word in _WORD.findall(text.casefold()) if word not in TITLE_WORDS]


def spelled_out(text: str) -> dict[str, str]:
    """Words spelled out by an acronym in brackets right after them, mapped to the acronym (case-folded).

    >>> spelled_out("Badan Penyelenggara Jaminan Sosial (BPJS) Ketenagakerjaan")
    {'badan': 'bpjs', 'penyelenggara': 'bpjs', 'jaminan': 'bpjs', 'sosial': 'bpjs'}
    """
    out: dict[str, str] = {}
    for match in re.finditer(r"\(([^\W\d_]{2,10})\)", text):
        acronym = match.group(1).casefold()
        before = _WORD.findall(text[:match.start()].casefold())[-len(acronym):]
        if len(before) == len(acronym) and "".join(word[0] for word in before) == acronym:
            out.update(dict.fromkeys(before, acronym))
    return out


def contracts(word: str, names: list[list[str]]) -> bool:
    """Whether `word` is a contraction of consecutive words of one of `names` (word lists): two pieces or
    more, each the start (two letters or more) of the next word, as Indonesian shortens titles and offices.

    >>> contracts("pemprov", [["pemerintah", "provinsi", "contoh"]]), contracts("pemkab", [["pemerintah", "kabupaten"]])
    (True, True)
    >>> contracts("dalam", [["pemerintah", "provinsi", "contoh"]])
    False
    """
    def rest(at: int, name: list[str], index: int, pieces: int) -> bool:
        if at == len(word):
            return pieces >= 2
        if index >= len(name):
            return False
        return any(name[index].startswith(word[at:end]) and rest(end, name, index + 1, pieces + 1)
                   for end in range(at + 2, min(len(word), at + len(name[index])) + 1))
    return any(rest(0, name, start, 0) for name in names for start in range(len(name)))

