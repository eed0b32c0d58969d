"""The stakeholder register, the power/interest grid and the pledge tracker as HTML pages.

They are made with the graph views' machinery (`viz.render`): Jinja2 templates with autoescaping,
the site's Content-Security-Policy, and the data as inert JSON in a ``<script
type="application/json">`` element, which the page scripts (``assets/pack.js`` and one script per
page) read with ``JSON.parse`` and put into the page with ``textContent`` only. Links point only
at pages of the folder, given in `pages` by whoever writes the folder (the workshop pack links
actors to their ego views and articles to their source views; `kg stakeholders` links nothing).

The grid page draws the same placement as grid.png: the marker positions come from
`kg.stakeholders.grid.draw` (in the figure's pixels, y flipped for SVG), so that the page and the image agree;
its labels are placed again in the page at projector size (``assets/grid.js``), each with its middle-shortened
form (`short_labels`, never alike) for where the full one finds no room.

Bahasa Indonesia first: the pages' words are in both languages (the templates, ``assets/i18n.js``), and `terms`
gives the ontology's ``@id`` label of every value the facts hold by its English label or notation
(`viz.labels.value_labels`). A pledge or statement carries its words as written (``words``: its evidence
quotes) for the pages to show before its English summary.

The grid page also records overrides live (``assets/overrides.js``): kept in the browser, drawn
on the grid, and exported as a fact file for `kg overrides import` (`kg.overrides`); the form's
labels are the ontology's (`OVERRIDE_TERMS`, read by `viz.labels`).

Example
-------
>>> print(*sorted(stakeholder_assets()))
grid.js i18n.js meeting.css overrides.css overrides.js pack.css pack.js register.js tracker.js viz.css
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markupsafe

from kg.files import copier, text_writer
from kg.stakeholders import scoring
from kg.stakeholders.grid import COLOURS, LABEL_POINTS, MARKER_AREA, QUADRANTS, SCORE_MAX, SPLIT, quadrant
from kg.stakeholders.queries import Q, local
from kg.stakeholders.register import Commitment, StakeholderRow, Statement
from viz.catalogue import Catalogue, quotes_by_source, read_catalogue
from viz.labels import term_labels, value_labels
from viz.render import inert_json, render_template, short_labels

if TYPE_CHECKING:
    from kg.stakeholders.session import Session

Writer = Callable[[Path], None]
PAGES = {"register": "register.html", "grid": "grid.html", "tracker": "tracker.html"}
SCRIPTS = {"register": "register.js", "grid": "grid.js", "tracker": "tracker.js"}
# The fields of an override the grid page records live (assets/overrides.js), named by the ontology's labels.
OVERRIDE_TERMS = {"override": "PlacementOverride", "by": "facilitator", "why": "reason", "actor": "overrideOf",
                  "new_influence": "newInfluence", "new_interest": "newInterest", "old_influence": "oldInfluence",
                  "old_interest": "oldInterest"}
GRID_LABEL_MAX = 22  # characters of a grid label before it is shortened in the middle
MARGINS = (100.0, 24.0, 24.0, 90.0)  # left, top, right, bottom: room around the plot for ticks and axis titles


def stakeholder_assets() -> dict[str, Path]:
    """The files the stakeholder pages load, by name in assets/."""
    static = Path(str(files("viz") / "static"))
    return {name: static / name for name in ("i18n.js", "pack.js", "pack.css", "meeting.css", "viz.css", "overrides.js",
                                             "overrides.css", *SCRIPTS.values())}


class PageData:
    """What the three pages share: the session, the sources with their evidence, and the folder's links."""

    def __init__(self, session: Session, pages: Mapping[str, str], index: str | None):
        self.session, self.pages, self.index = session, pages, index
        self.catalogue: Catalogue = read_catalogue(session.store)
        self.within = session.regions_within
        self.names = {local(row["entity"]): str(row["name"]) for row in session.store.select(Q.NAMES)}
        self.terms = value_labels(session.store)
        self.aliases: dict[str, list[str]] = {}
        for row in session.store.select(Q.ALIASES):
            self.aliases.setdefault(local(row["entity"]), []).append(str(row["alias"]))

    def common(self, kind: str, title: str, title_id: str) -> dict[str, Any]:
        session = self.session
        return {
            "page": {"kind": kind, "title": title, "title_id": title_id, "session": session.title,
                     "session_id": session.title_id, "region": session.region_name,
                     "asOf": session.as_of.isoformat() if session.as_of else None},
            "links": {"index": self.index, **PAGES},
            "terms": self.terms,  # English labels and notations of ontology terms -> their @id labels
            "sources": {sid: {"title": info.title, "publisher": info.publisher, "date": info.date,
                              "url": session.sources.get(sid, {}).get("url"), "page": self.pages.get(sid)}
                        for sid, info in self.catalogue.sources.items()},
        }

    def region_keys(self, regions: Iterable[str]) -> list[str]:
        """The regions a filter may pick to keep something tied to `regions`: those and every region around them."""
        tied = set(regions)
        return sorted(top for top, inside in self.within.items() if inside & tied)

    def region_options(self, keys: Iterable[str]) -> list[dict[str, str]]:
        return sorted(({"id": r, "label": self.names.get(r, r)} for r in set(keys)),
                      key=lambda option: (option["label"].casefold(), option["id"]))

    def quoted(self, facts: Sequence[str], sources: Sequence[str], actor: str | None = None) -> list[dict[str, Any]]:
        """Each source with the evidence quotes of `facts` from it; where those give none, the words the
        source names the actor with (marked "named")."""
        found = quotes_by_source(self.catalogue, list(facts), list(sources))
        for entry in found:
            entry["named"] = False
            if not entry["quotes"] and actor:
                entry["quotes"] = sorted({q for s, _, q in self.catalogue.mentions.get(actor, []) if s == entry["id"]})
                entry["named"] = bool(entry["quotes"])
        return found

    def commitment(self, c: Commitment) -> dict[str, Any]:
        sources = self.quoted([c.id], c.sources)
        return {"id": c.id, "kind": c.kind, "words": _words(sources), "by": c.by, "byName": c.by_name,
                "byPage": self.pages.get(c.by),
                "madeOn": _iso(c.made_on), "what": c.what, "to": list(c.to), "toNames": c.to_names,
                "regardingNames": c.regarding_names, "dueYear": c.due_year, "status": c.status,
                "history": [{"source": h.source, "status": h.status, "date": _iso(h.date)} for h in c.history],
                "sources": sources, "regionKeys": self.region_keys(c.regions)}

    def actor(self, row: StakeholderRow) -> dict[str, Any]:
        style = self.catalogue.style(row.type, row.kind)
        return {
            "id": row.id, "name": row.name, "aliases": sorted(self.aliases.get(row.id, [])), "kind": row.kind,
            "type": style.label, "glyph": style.glyph, "color": style.color, "page": self.pages.get(row.id),
            "regions": [name for _, name in row.regions], "regionKeys": self.region_keys(r for r, _ in row.regions),
            "organisations": [name for _, name in row.organisations],
            "posts": [{"name": p.post_name, "organisation": p.organisation_name, "role": p.role, "tenure": p.tenure,
                       "acting": p.acting, "undated": p.undated, "onDate": p.on_date,
                       "firstSeen": _iso(p.first_seen), "lastSeen": _iso(p.last_seen),
                       "start": _iso(p.start), "end": _iso(p.end), "titles": p.titles_as_written,
                       "sources": self.quoted(p.holdings, p.sources)} for p in row.posts],
            "involvements": [{"name": i.name, "kind": i.kind, "how": i.how, "date": _iso(i.date),
                              "sources": self.quoted(i.facts, i.sources)} for i in row.involvements],
            "pledges": [self.commitment(c) for c in row.pledges],
            "requestsMade": [self.commitment(c) for c in row.requests_made],
            "requestsReceived": [self.commitment(c) for c in row.requests_received],
            "statements": [self.statement(s) for s in row.statements],
            "independentSources": row.independent_sources, "sources": row.sources,
            "firstSeen": _iso(row.first_seen), "lastSeen": _iso(row.last_seen),
            "influence": row.influence, "interest": row.interest,
            "shownInfluence": row.shown_influence, "shownInterest": row.shown_interest,
            "quadrant": quadrant(row.shown_influence, row.shown_interest),
            "reasons": [self.reason(r, row.id) for r in row.reasons],
            "overrides": [{"id": o.id, "by": o.by, "on": o.on.isoformat(), "why": o.why,
                           "oldInfluence": o.old_influence, "newInfluence": o.new_influence,
                           "oldInterest": o.old_interest, "newInterest": o.new_interest} for o in row.overrides],
            "disagreements": [{"flag": d.flag, "kind": d.kind, "origin": d.origin, "reason": d.reason,
                               "claims": list(d.claims)} for d in row.disagreements],
        }

    def statement(self, s: Statement) -> dict[str, Any]:
        sources = self.quoted([s.id], s.sources)
        return {"summary": s.summary, "words": _words(sources), "quoteType": s.quote_type, "role": s.role_name,
                "event": s.event_name, "date": _iso(s.date), "sources": sources}

    def reason(self, reason: scoring.Reason, actor: str) -> dict[str, Any]:
        return {"score": reason.score, "points": reason.points, "reason": reason.reason, "reasonId": reason.text("id"),
                "sources": self.quoted(reason.facts, reason.sources, actor)}

    def register(self) -> dict[str, Any]:
        rows = [self.actor(row) for row in self.session.rows]
        return {**self.common("register", "Stakeholder register", "Daftar pemangku kepentingan"),
                "actors": rows,
                "regions": self.region_options(k for row in rows for k in row["regionKeys"]),
                "types": sorted({row["type"] for row in rows})}

    def tracker(self) -> dict[str, Any]:
        rows = [self.commitment(c) for c in self.session.tracked]
        actors = {c.by: c.by_name for c in self.session.tracked}
        actors.update({a: self.names.get(a, a) for c in self.session.tracked for a in c.to})
        return {**self.common("tracker", "Pledge and request tracker", "Pelacak janji dan permintaan"),
                "commitments": rows,
                "actors": sorted(({"id": a, "label": n} for a, n in actors.items()),
                                 key=lambda option: (option["label"].casefold(), option["id"])),
                "regions": self.region_options(k for row in rows for k in row["regionKeys"]),
                "statuses": sorted({c.status for c in self.session.tracked})}

    def grid(self) -> dict[str, Any]:
        return {**self.common("grid", "Power/interest grid", "Grid pengaruh/kepentingan"),
                "actors": [self.actor(r) for r in self.session.rows],
                "grid": grid_geometry(self.session),
                "overrideLabels": term_labels(self.session.store, OVERRIDE_TERMS)}  # for assets/overrides.js


def grid_geometry(session: Session) -> dict[str, Any]:
    """Where kg.stakeholders.grid drew the plot, each marker and each label, in SVG coordinates (y down)."""
    figure, boxes = session.grid
    ax = figure.axes[0]
    height = float(figure.bbox.height)
    frame = ax.get_window_extent()

    def point(x: float, y: float) -> list[float]:
        px, py = ax.transData.transform((x, y))
        return [_r(px), _r(height - py)]

    (x0, y0), (x1, y1) = point(0, 0), point(SCORE_MAX, SCORE_MAX)
    left, top, right, bottom = MARGINS
    rows = {row.id: row for row in session.rows}
    # shortened in the middle, never to the same text as another, for labels drawn at projector size (grid.js)
    shortened = short_labels({box.id: box.label for box in boxes}, GRID_LABEL_MAX)
    actors = []
    for box in boxes:
        row = rows[box.id]
        bx0, by0, bx1, by1 = box.box
        actors.append({
            "id": box.id, "label": box.label, "short": shortened[box.id], "kind": row.kind,
            "override": row.override is not None,
            "interest": box.x, "influence": box.y, "at": [_r(box.anchor[0]), _r(height - box.anchor[1])],
            "derivedAt": point(row.interest, row.influence),
            "box": [_r(bx0), _r(height - by1), _r(bx1), _r(height - by0)], "leader": box.leader})
    return {
        "viewBox": [_r(frame.x0 - left), _r(height - frame.y1 - top), _r(frame.width + left + right),
                    _r(frame.height + top + bottom)],
        "frame": [_r(frame.x0), _r(height - frame.y1), _r(frame.x1), _r(height - frame.y0)],
        # svg = origin + score × step, per axis: tests and the page script turn positions back into scores
        "scale": {"x": [x0, _r((x1 - x0) / SCORE_MAX, 4)], "y": [y0, _r((y1 - y0) / SCORE_MAX, 4)]},
        "split": SPLIT, "max": SCORE_MAX, "fontSize": _r(LABEL_POINTS * figure.dpi / 72),
        "marker": _r(math.sqrt(MARKER_AREA) * figure.dpi / 72), "colours": COLOURS,
        "quadrants": [{"name": text, "at": point(x, y), "anchor": ha, "baseline": va}
                      for x, y, text, ha, va in QUADRANTS],
        "actors": actors,
    }


def page_files(session: Session, *, pages: Mapping[str, str] | None = None,
               index: str | None = None) -> dict[str, Writer]:
    """register.html, grid.html, tracker.html and their assets, as writers by path.

    `pages` maps actor and source IDs to pages of the folder to link to; `index` is the folder's front page.
    """
    data = PageData(session, pages or {}, index)
    builders = {"register": data.register, "grid": data.grid, "tracker": data.tracker}
    written: dict[str, Writer] = {f"assets/{name}": copier(path) for name, path in stakeholder_assets().items()}
    for kind, build in builders.items():
        written[PAGES[kind]] = _page_writer(kind, build)
    return written


def render_stakeholder_page(kind: str, data: Mapping[str, Any]) -> str:
    """One of the three pages as HTML (the template is `<kind>.html.j2`)."""
    return render_template(f"{kind}.html.j2", page=data["page"], links=data["links"], script=SCRIPTS[kind],
                           data=markupsafe.Markup(inert_json(data)))


def _page_writer(kind: str, build: Callable[[], dict[str, Any]]) -> Writer:
    return text_writer(lambda: render_stakeholder_page(kind, build()))


def _words(sources: Sequence[Mapping[str, Any]]) -> list[str]:
    """The words as written (the evidence quotes, Indonesian) of a pledge or statement, each once, shown before
    its English summary."""
    return list(dict.fromkeys(q for entry in sources if not entry.get("named") for q in entry["quotes"]))


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _r(value: float, digits: int = 2) -> float:
    return round(float(value), digits)
