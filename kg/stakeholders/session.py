"""One stakeholder-mapping session: a region (or all of them) on a date (or every date).

A `Session` holds its register rows, tracker rows, sources and grid, computed once, and
`data_files` writes them as CSV and XLSX (`kg.stakeholders.workbook`) and PNG and SVG
(`kg.stakeholders.grid`). The HTML pages (`viz.stakeholders`, `viz.pack`) read the same
session, and `kg.workshop` writes the folders.

Example
-------
>>> from kg.store.graphstore import GraphStore
>>> session = plan_session(GraphStore.from_nquads(""))
>>> session.title, session.title_id, session.rows, session.tracked
('All regions, every date', 'Semua wilayah, semua tanggal', [], [])
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.stakeholders.queries import Q, id_labels, local
from kg.stakeholders.register import Commitment, StakeholderRow, register, resolve_region, source_list, tracker
from kg.stakeholders.workbook import Table, tables, write_csv, write_workbook
from kg.store.graphstore import GraphStore

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kg.stakeholders.grid import LabelBox

Writer = Callable[[Path], None]
DATA_FILES = ("register.csv", "register.xlsx", "tracker.csv", "grid.png", "grid.svg")


@dataclass
class Session:
    """What one mapping session looks at: the actors, commitments and sources of a region on a date."""

    store: GraphStore
    region: str | None  # a region ID, or None for every region
    region_name: str | None
    as_of: dt.date | None
    rows: list[StakeholderRow]
    tracked: list[Commitment]
    sources: dict[str, dict[str, Any]]
    lang: str = "id"  # the language of grid.png and grid.svg ("id" or "en"); the pages switch in the browser

    @property
    def title(self) -> str:
        """e.g. "Sumatera Selatan, as of 2024-07-09"."""
        where = self.region_name or "All regions"
        return f"{where}, as of {self.as_of.isoformat()}" if self.as_of else f"{where}, every date"

    @property
    def title_id(self) -> str:
        """The title in Bahasa Indonesia, as the pages show it first: e.g. "Sumatera Selatan, per 2024-07-09"."""
        where = self.region_name or "Semua wilayah"
        return f"{where}, per {self.as_of.isoformat()}" if self.as_of else f"{where}, semua tanggal"

    @functools.cached_property
    def sections(self) -> list[tuple[str, Table]]:
        """The register's tables (kg.stakeholders.workbook.tables), built once for the CSV and the workbook."""
        return tables(self.rows, self.tracked, self.sources)

    @functools.cached_property
    def grid(self) -> tuple[Figure, list[LabelBox]]:
        """The power/interest grid (kg.stakeholders.grid.draw) and where its labels went, drawn once."""
        from kg.stakeholders.grid import WORDS, draw  # matplotlib is slow to import; only the grid needs it

        title = f"{WORDS[self.lang]['title']} — {self.title_id if self.lang == 'id' else self.title}"
        return draw(self.rows, title=title, lang=self.lang, terms=id_labels(self.store))

    @functools.cached_property
    def undated(self) -> dict[str, int]:
        """With an as-of date, what the session shows although no source dates it, by kind. Such facts
        may or may not hold on the date, so they are kept and marked "undated", never dropped."""
        if self.as_of is None:
            return {}
        return {"posts": sum(p.undated for row in self.rows for p in row.posts),
                "pledges and requests": sum(c.undated for c in self.tracked),
                "statements": sum(s.undated for row in self.rows for s in row.statements)}

    @functools.cached_property
    def regions_within(self) -> dict[str, set[str]]:
        """Each region and the regions within it (itself included), for the pages' region filters."""
        within: dict[str, set[str]] = {}
        for row in self.store.select(Q.WITHIN):
            within.setdefault(local(row["top"]), set()).add(local(row["region"]))
        return within


def plan_session(store: GraphStore, *, region: str | None = None, as_of: dt.date | None = None,
                 lang: str = "id") -> Session:
    """The register and tracker of `region` (ID, name or alias; None for all) as of a date; `lang` ("id" or "en")
    is the language of the grid's images."""
    region_id = resolve_region(store, region) if region else None
    rows = register(store, region=region_id, as_of=as_of)
    tracked = tracker(store, region=region_id, as_of=as_of)
    names = {local(row["region"]): str(row["name"]) for row in store.select(Q.REGIONS)}
    return Session(store, region_id, names.get(region_id or ""), as_of, rows, tracked, source_list(store), lang)


def data_files(session: Session) -> dict[str, Writer]:
    """register.csv, register.xlsx, tracker.csv, grid.png and grid.svg, as writers by file name."""
    by_name = dict(session.sections)

    def csv_of(sheet: str) -> Writer:
        def write(path: Path) -> None:
            write_csv(by_name[sheet], path)
        return write

    def workbook(path: Path) -> None:
        write_workbook(session.sections, session.sources, path)

    def grid(path: Path) -> None:
        from kg.stakeholders.grid import save

        save(session.grid[0], path)

    return {"register.csv": csv_of("Actors"), "register.xlsx": workbook, "tracker.csv": csv_of("Tracker"),
            "grid.png": grid, "grid.svg": grid}
