"""Dates of every precision: a day, a month, a year, an interval, or an open bound.

The notation is EDTF (ISO 8601-2, the Library of Congress's Extended Date/Time Format), level 0
and the interval part of level 1, because it is a standard a curator can read and write as text:

    2024-07-09            a day
    2024-07               a month
    2024                  a year
    2024-03/2024-07       an interval: some time from March to July 2024
    2025-06-01/..         on or after 1 June 2025 (open end)
    ../2025-06-01         on or before 1 June 2025 ("by", open start)

In RDF a value keeps its precision as its datatype (xsd:date, xsd:gYearMonth, xsd:gYear, and
the EDTF datatype for intervals), and the build adds its earliest and latest possible day as
xsd:date, so that a question compares days and can tell "known", "possibly" and "known not"
apart (see kg.rdf.build and the `post-holders` question).

>>> DateValue.parse("2024-07").bounds
(datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
>>> DateValue.parse("2025-06-01/..").precision, DateValue.parse("2025-06-01/..").latest is None
('interval', True)
>>> DateValue.parse("2024-07-09") == "2024-07-09"
True
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from rdflib import XSD, URIRef

from kg.namespaces import EDTF

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
OPEN = ".."

FORMS = ("YYYY-MM-DD (a day), YYYY-MM (a month), YYYY (a year), START/END (an interval), "
         "START/.. (on or after) or ../END (on or before)")


class DateError(ValueError):
    """A date that is not in one of the accepted forms, or not a real calendar date."""


class DateValue(str):
    """A date as the curator wrote it (a str, so it compares and prints as written), with its bounds.

    `earliest`/`latest` are the first and last day it may denote; None for an open bound.
    """

    earliest: date | None
    latest: date | None
    precision: str  # day | month | year | interval

    @classmethod
    def parse(cls, text: str) -> DateValue:
        value = cls(text)
        if "/" in text:
            start_text, _, end_text = text.partition("/")
            if start_text == OPEN and end_text == OPEN:
                raise DateError("is open at both ends; give at least one of them")
            start = None if start_text == OPEN else _single(start_text)
            end = None if end_text == OPEN else _single(end_text)
            value.earliest = start[0] if start else None
            value.latest = end[1] if end else None
            value.precision = "interval"
            if value.earliest and value.latest and value.earliest > value.latest:
                raise DateError("ends before it starts")
        else:
            value.earliest, value.latest, value.precision = _single(text)
        return value

    @property
    def bounds(self) -> tuple[date | None, date | None]:
        return self.earliest, self.latest

    @property
    def datatype(self) -> URIRef:
        return {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}.get(self.precision, EDTF)

    def isoformat(self) -> str:
        return str(self)

    def day(self) -> date | None:
        """The day, when the value is precise to one day."""
        return self.earliest if self.precision == "day" else None


def _single(text: str) -> tuple[date, date, str]:
    try:
        if m := _DAY.fullmatch(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
        if _YEAR.fullmatch(text):
            return date(int(text), 1, 1), date(int(text), 12, 31), "year"
    except ValueError:
        raise DateError(f"{text!r} is not a real calendar date") from None
    raise DateError(f"is not a date; write {FORMS}")

