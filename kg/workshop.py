"""A stakeholder-mapping session's folders: the register, tracker and grid (`kg stakeholders`), and
the offline workshop folder around them (`kg workshop`).

It composes the stakeholder stage (`kg.stakeholders.session`: the session's rows, tracker,
sources and grid, and their CSV, XLSX, PNG and SVG files) with the views (`viz.stakeholders`
for the HTML pages, `viz.pack` for the workshop folder's index and graph views), so that the
folder can be copied to a USB stick and opened from disk with no network. Both folders are
written by `kg.files.write_atomically`: replaced as a whole, and only when every file was written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.files import write_atomically
from kg.stakeholders.session import Session, Writer, data_files, plan_session
from kg.store.graphstore import GraphStore
from viz.pack import pack_files
from viz.stakeholders import page_files


def stakeholder_files(session: Session) -> dict[str, Writer]:
    """The data files and the register, grid and tracker pages (with the assets they load)."""
    return {**data_files(session), **page_files(session)}


def write_stakeholders(store: GraphStore, out_dir: Path, *, region: str | None = None,
                       as_of: dt.date | None = None, lang: str = "id") -> list[Path]:
    """Write the register, tracker and grid (CSV, XLSX, PNG, SVG, HTML) into out_dir, replacing it on success.

    Like `kg build`, it refuses to replace a non-empty folder that kg did not write.
    """
    return write_atomically(out_dir, stakeholder_files(plan_session(store, region=region, as_of=as_of, lang=lang)))


def workshop_files(session: Session) -> dict[str, Writer]:
    """Every file of the workshop folder: index, register, grid, tracker and the region's graph views."""
    return pack_files(session, data_files(session))


def write_workshop(store: GraphStore, out_dir: Path, *, region: str | None = None,
                   as_of: dt.date | None = None, lang: str = "id") -> list[Path]:
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
    lang : {"id", "en"}
        The language of grid.png and grid.svg (Bahasa Indonesia by default); the pages switch in the browser.

    Returns
    -------
    list of Path
        Every file written, index.html first.
    """
    return write_atomically(out_dir, workshop_files(plan_session(store, region=region, as_of=as_of, lang=lang)))
