"""A stakeholder-mapping session's files: the register, tracker and grid (`kg stakeholders`), and
the offline workshop folder around them (`kg workshop`).

A `Session` is one region (or all of them) on one date (or every date): its register rows,
tracker rows, sources and grid, computed once and written in every form: CSV and XLSX
(`kg.workbook`), PNG and SVG (`kg.grid`), and HTML pages (`viz.stakeholders`). The workshop
folder adds an index page and the graph views of the region (`viz.pack`), so that it can be
copied to a USB stick and opened from disk with no network. Both folders are written by
`kg.output.write_atomically`: replaced as a whole, and only when every file was written.

Example
-------
>>> from kg.store import GraphStore
>>> session = plan_session(GraphStore.from_nquads(""))
>>> session.title, session.rows, session.tracked
('All regions, every date', [], [])
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.output import write_atomically
from kg.stakeholder_queries import Q, local
from kg.stakeholders import Commitment, StakeholderRow, register, resolve_region, source_list, tracker
from kg.store import GraphStore
from kg.workbook import Table, tables, write_csv, write_workbook

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from kg.grid import LabelBox

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

    @property
    def title(self) -> str:
        """e.g. "Sumatera Selatan, as of 2024-07-09"."""
        where = self.region_name or "All regions"
        return f"{where}, as of {self.as_of.isoformat()}" if self.as_of else f"{where}, every date"

    @functools.cached_property
    def sections(self) -> list[tuple[str, Table]]:
        """The register's tables (kg.workbook.tables), built once for the CSV and the workbook."""
        return tables(self.rows, self.tracked, self.sources)

    @functools.cached_property
    def grid(self) -> tuple[Figure, list[LabelBox]]:
        """The power/interest grid (kg.grid.draw) and where its labels went, drawn once."""
        from kg.grid import draw  # matplotlib is slow to import; only the grid needs it

        return draw(self.rows, title=f"Power/interest grid — {self.title}")

    @functools.cached_property
    def regions_within(self) -> dict[str, set[str]]:
        """Each region and the regions within it (itself included), for the pages' region filters."""
        within: dict[str, set[str]] = {}
        for row in self.store.select(Q.WITHIN):
            within.setdefault(local(row["top"]), set()).add(local(row["region"]))
        return within


def plan_session(store: GraphStore, *, region: str | None = None, as_of: dt.date | None = None) -> Session:
    """The register and tracker of `region` (ID, name or alias; None for all) as of a date."""
    region_id = resolve_region(store, region) if region else None
    rows = register(store, region=region_id, as_of=as_of)
    tracked = tracker(store, region=region_id, as_of=as_of)
    names = {local(row["region"]): str(row["name"]) for row in store.select(Q.REGIONS)}
    return Session(store, region_id, names.get(region_id or ""), as_of, rows, tracked, source_list(store))


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
        from kg.grid import save

        save(session.grid[0], path)

    return {"register.csv": csv_of("Actors"), "register.xlsx": workbook, "tracker.csv": csv_of("Tracker"),
            "grid.png": grid, "grid.svg": grid}


def stakeholder_files(session: Session) -> dict[str, Writer]:
    """The data files and the register, grid and tracker pages (with the assets they load)."""
    from viz.stakeholders import page_files  # viz builds on kg; imported here only, so kg's core never needs it

    return {**data_files(session), **page_files(session)}


def write_stakeholders(store: GraphStore, out_dir: Path, *, region: str | None = None,
                       as_of: dt.date | None = None) -> list[Path]:
    """Write the register, tracker and grid (CSV, XLSX, PNG, SVG, HTML) into out_dir, replacing it on success.

    Like `kg build`, it refuses to replace a non-empty folder that kg did not write.
    """
    return write_atomically(out_dir, stakeholder_files(plan_session(store, region=region, as_of=as_of)))


def workshop_files(session: Session) -> dict[str, Writer]:
    """Every file of the workshop folder: index, register, grid, tracker and the region's graph views."""
    from viz.pack import pack_files

    return pack_files(session, data_files(session))


def write_workshop(store: GraphStore, out_dir: Path, *, region: str | None = None,
                   as_of: dt.date | None = None) -> list[Path]:
    """Write the workshop folder for a region and date into out_dir, replacing it only on success.

    Parameters
    ----------
    store : GraphStore
        The built graph.
    out_dir : Path
        The folder to write; a non-empty folder kg did not write is refused.
    region : str, optional
        A region by ID, name or alias; None for every region.
    as_of : date, optional
        The session's date: posts held then, and no fact dated later.

    Returns
    -------
    list of Path
        Every file written, index.html first.
    """
    return write_atomically(out_dir, workshop_files(plan_session(store, region=region, as_of=as_of)))
