"""The workshop folder: everything a stakeholder-mapping session needs, in one folder that works offline.

``index.html`` gives the session (region, date, counts), links every page and file, and says how
to read the grid and the scores. Beside it: the register, grid and tracker pages
(`viz.stakeholders`) and their data files (`kg.stakeholders.session.data_files`), and the graph views of the
region (`viz.site`): the whole network, the hierarchy, the as-of-date page opening on the
session's date, the pages of the region and of every region within it, the ego page of every
actor in the register and the page of every article they are cited from, and the succession page
of every post those actors held and of every organisation among them (`viz.succession`). The views keep their
paths (``region/<id>.html``, ``ego/<id>.html`` …) and the assets are shared, so that their
"← all views" link leads back to the session's index. A link to a view left out of the folder
is not made: the name shows as text.

Example
-------
>>> from kg.store.graphstore import GraphStore
>>> from kg.stakeholders.session import plan_session
>>> sorted(chosen_views(plan_site(GraphStore.from_nquads("")), plan_session(GraphStore.from_nquads(""))))
['as-of-date.html', 'hierarchy.html', 'network.html']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import MARKER, text_writer
from kg.stakeholders.grid import quadrant
from viz.labels import value_labels
from viz.render import render_template
from viz.site import Page, Site, plan_site
from viz.stakeholders import PAGES, page_files
from viz.succession import succession_key

if TYPE_CHECKING:
    from kg.stakeholders.session import Session

Writer = Callable[[Path], None]
OVERVIEW = ("network.html", "hierarchy.html", "as-of-date.html")
DATA_FILES = {  # file -> what it holds, for the index, in Indonesian and in English
    "register.xlsx": ("daftar pemangku kepentingan sebagai buku kerja: satu lembar per bagian, dengan bukti tiap skor",
                      "the register as a workbook: one sheet per section, with the evidence of every score"),
    "register.csv": ("aktor dalam daftar, satu baris per aktor (UTF-8)", "the register's actors, one row each (UTF-8)"),
    "tracker.csv": ("pelacak janji dan permintaan (UTF-8)", "the pledge and request tracker (UTF-8)"),
    "grid.png": ("grid pengaruh/kepentingan sebagai gambar, untuk dicetak atau diproyeksikan",
                 "the power/interest grid as an image, to print or project"),
    "grid.svg": ("grid yang sama sebagai gambar vektor", "the same grid as a drawing that scales"),
}


def chosen_views(site: Site, session: Session) -> set[str]:
    """The paths of the graph views that belong in the session's folder (see the module docstring)."""
    pages = site.context.pages
    regions = session.regions_within.get(session.region, set()) if session.region else \
        {page.focus for page in site.pages if page.kind == "region" and page.focus}
    actors = {row.id for row in session.rows}
    cited = {s for row in session.rows for s in row.sources} | {s for c in session.tracked for s in c.sources}
    chosen = {path for path in OVERVIEW if any(page.path == path for page in site.pages)}
    chosen |= {pages[node] for node in (regions | actors | cited) if node in pages}
    # the succession pages of the posts the actors held and of the organisations among them
    chosen |= {pages[succession_key(node)] for page in site.pages if page.kind == "ego" and page.focus in actors
               for node in page.successions if succession_key(node) in pages}
    return chosen


def pack_files(session: Session, data: dict[str, Writer]) -> dict[str, Writer]:
    """Every file of the workshop folder, index.html first; `data` holds the CSV, XLSX, PNG and SVG writers."""
    full = plan_site(session.store)
    site = full.subset(chosen_views(full, session),
                       date=session.as_of.isoformat() if session.as_of else None)
    views = site.files()
    views.pop(MARKER, None)  # write_atomically marks the folder itself
    views.pop("index.html")
    written: dict[str, Writer] = {"index.html": text_writer(lambda: index_html(session, site))}
    written |= page_files(session, pages=site.context.pages, index="index.html")
    written |= data
    written |= views
    return written


def index_html(session: Session, site: Site) -> str:
    """The session's front page."""
    rows, tracked = session.rows, session.tracked
    by_kind: dict[str, list[Page]] = {}
    for page in site.pages:
        by_kind.setdefault(page.kind, []).append(page)
    people = [p for p in by_kind.get("ego", []) if site.network.nodes[str(p.focus)].get("kind") == "Person"]
    groups = [(("Jaringan", "The network"), [p for p in site.pages if p.path in OVERVIEW]),
              (("Wilayah", "Regions"), by_kind.get("region", [])), (("Orang", "People"), people),
              (("Organisasi", "Organisations"), [p for p in by_kind.get("ego", []) if p not in people]),
              (("Isi tiap artikel", "What each article says"), by_kind.get("source", [])),
              (("Suksesi jabatan", "Succession per post"), by_kind.get("succession", []))]
    quadrants = Counter(quadrant(r.shown_influence, r.shown_interest) for r in rows)
    counts: dict[str, Any] = {
        "actors": len(rows), "people": sum(1 for r in rows if r.kind == "Person"),
        "organisations": sum(1 for r in rows if r.kind != "Person"),
        "commitments": len(tracked), "statuses": sorted(Counter(c.status for c in tracked).items()),
        "sources": len({s for r in rows for s in r.sources} | {s for c in tracked for s in c.sources}),
        "overrides": sum(1 for r in rows if r.override),
        "quadrants": [(name, quadrants.get(name, 0))
                      for name in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")],
    }
    return render_template("workshop.html.j2", session=session, counts=counts, pages=PAGES, files=DATA_FILES,
                           terms=value_labels(session.store),
                           groups=[(name, pages) for name, pages in groups if pages])
