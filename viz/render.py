"""One view as an HTML page: a pyvis network filled in bulk, its data as inert JSON, our own template.

pyvis 0.3.2 holds the nodes and edges, but its template is never used: it loads Bootstrap and
other assets from CDNs even with ``cdn_resources='in_line'``, turns every tooltip into raw HTML
as soon as one node title contains "href" (an XSS hole), and starts a physics simulation that
takes seconds to settle. Our template (Jinja2, autoescaped) puts the data into a
``<script type="application/json">`` element, which the browser never runs, with ``<``, ``>``
and ``&`` written as JSON escapes so that no text can close the element; the page's script reads
it with ``JSON.parse`` and puts every text into the DOM with ``textContent``. Nodes get no
``title``, so vis-network never builds a tooltip from data: the page draws its own, as text.

`pyvis.network.Network.add_node` and ``add_edge`` check membership in a list, which is quadratic
(48 s for 20k edges), so the node and edge lists are filled directly.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from typing import Any

import jinja2
import markupsafe
import networkx as nx
from pyvis.network import Network

from kg.network.projection import KINDS
from kg.network.ties import HOLDS_IN
from viz.catalogue import Catalogue, SourceInfo, TypeStyle, quotes_by_source
from viz.layout import Position
from viz.views import date_state

# Defence in depth: even if some text were parsed as markup, the page could run no inline script,
# load nothing from outside its own folder, and send no form anywhere.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'none'")
LABEL_MAX = 30  # characters of a label drawn on the canvas; the panel and the tooltip show it whole
FONT_SIZE, CHAR_WIDTH = 16, 8.6  # node label font (viz.js) and its mean character width, in pixels
BIG = 1000  # from this many nodes or edges a view hides edges while dragging and zooming
MIN_SIZE, MAX_SIZE = 8.0, 30.0
_EDGE_ATTRS = frozenset({"relation", "predicate", "sources", "evidence", "dates", "basis", "facts", "weight",
                         "acting", "tenure", "on_date", "label"})
_DETAIL_NAMES = {"title": "title as written", "due_year": "due year", "event": "at event", "role": "in role"}


@dataclass
class View:
    """A page to draw: its graph, positions, titles, and where its links go."""

    kind: str  # whole, detailed, hierarchy, date, region, source, ego
    title: str
    subtitle: str
    graph: nx.MultiDiGraph[str]
    positions: Mapping[str, Position]
    root: str = ""  # relative path from the page to the site's root folder ("" or "../")
    focus: str | None = None  # the node the page is about, selected when it opens
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the date control's stops
    title_id: str = ""  # the title in Bahasa Indonesia ("": as `title`), for the browser's tab
    clusters: Any = None  # a big view's viz.clusters.Clustering, drawn closed when the page opens


@dataclass
class Context:
    """What every page of a site shares: the whole network's facts about nodes, sources and links."""

    catalogue: Catalogue
    pagerank: Mapping[str, float]
    regions: Mapping[str, list[str]]  # node -> its regions (see viz.views)
    labels: Mapping[str, str]  # node -> full label, for regions and events named by a tie
    pages: Mapping[str, str] = field(default_factory=dict)  # node or source ID -> page path from the root

    @cached_property  # read for every node of every page: computed once per site
    def top_rank(self) -> float:
        """The largest PageRank, which gets the largest node."""
        return max(self.pagerank.values(), default=0.0) or 1.0

    def size(self, node: str) -> float:
        """A node's drawn size (radius in pixels), by PageRank in the whole network."""
        return round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(self.pagerank.get(node, 0.0) / self.top_rank), 1)

    def boxes(self, G: nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
        """Each node's width and height on the canvas, shape and label below it, for the layout."""
        return {node: (max(2 * self.size(node), CHAR_WIDTH * len(short(str(label)))) + 12,
                       2 * self.size(node) + FONT_SIZE + 10)
                for node, label in G.nodes(data="label", default="")}


def short(label: str, limit: int = LABEL_MAX) -> str:
    """A label shortened in the middle to `limit` characters for the canvas: its start and its end stay,
    which is where names like "BPJS Ketenagakerjaan Kantor Cabang Palembang" differ.

    >>> short("Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel")
    'Kantor Wilayah…jaan Sumbagsel'
    >>> short("Muhyidin")
    'Muhyidin'
    """
    if len(label) <= limit:
        return label
    tail = (limit - 1) // 2
    head = limit - 1 - tail
    return label[:head].rstrip() + "…" + label[len(label) - tail:].lstrip()


def short_labels(labels: Mapping[str, str], limit: int = LABEL_MAX) -> dict[str, str]:
    """Each label shortened (see `short`), longer where needed so that no two different labels look the same.

    >>> names = {"a": "BPJS Ketenagakerjaan Kantor Cabang Palembang Ilir",
    ...          "b": "BPJS Ketenagakerjaan Kantor Cabang Pangkalpinang Ilir"}
    >>> shortened = short_labels(names, 20)
    >>> shortened["a"] != shortened["b"] and all(len(text) <= 40 for text in shortened.values())
    True
    """
    shown: dict[str, str] = {}
    used: set[str] = set()
    pending = dict(labels)
    width = limit
    while pending:
        by_text: dict[str, set[str]] = {}
        for label in pending.values():
            by_text.setdefault(short(label, width), set()).add(label)
        for node, label in list(pending.items()):
            text = short(label, width)
            if text == label or (len(by_text[text]) == 1 and text not in used):
                shown[node] = text
                used.add(text)
                del pending[node]
        width += 4
    return shown


def network(view: View, context: Context) -> Network:
    """The view as a pyvis Network, its node and edge lists filled in bulk (positions fixed)."""
    net = Network(directed=True)
    G = view.graph
    shown = short_labels({node: str(label) for node, label in G.nodes(data="label", default="")})
    nodes = []
    for node, attrs in G.nodes(data=True):
        style = context.catalogue.style(str(attrs.get("type", "?")), str(attrs.get("kind", "?")))
        x, y = view.positions.get(node, (0.0, 0.0))
        nodes.append({"id": node, "label": shown[node] or node, "shape": style.shape,
                      "size": context.size(node),
                      "color": {"background": style.color, "border": style.border,
                                "highlight": {"background": style.color, "border": "#111111"}},
                      "x": x, "y": y})
    net.nodes = nodes
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    edges = []
    big = G.number_of_nodes() >= BIG or G.number_of_edges() >= BIG
    parallel: dict[tuple[str, str], int] = {}
    for i, (u, v, attrs) in enumerate(G.edges(data=True)):
        pair = (u, v) if u <= v else (v, u)
        nth = parallel[pair] = parallel.get(pair, -1) + 1
        edge: dict[str, Any] = {"id": f"e{i}", "from": u, "to": v,
                                "label": short(str(attrs.get("label") or attrs.get("relation", ""))),
                                "arrows": "to", "width": round(1.0 + math.log(max(1, int(attrs.get("weight", 1)))), 2)}
        if nth:  # ties between the same two nodes bend apart so their labels do not overlap
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * nth, 2)}
        # In a big view dotting thousands of undated ties made drawing several times slower: there only acting
        # holdings are dashed (the as-of page still counts and lists the undated ties).
        dotted = not big and date_state(attrs) != "known"
        dashes = ([10, 6] if attrs.get("acting") else []) + ([2, 5] if dotted else [])
        if dashes:  # acting: long dashes; no known date: dotted; both: both
            edge["dashes"] = dashes
        edges.append(edge)
    net.edges = edges
    return net


def page_data(view: View, context: Context) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-ready data."""
    net = network(view, context)
    G = view.graph
    catalogue = context.catalogue
    used_regions = sorted({region for node in G for region in context.regions.get(node, [])})
    node_info = {}
    for node, attrs in G.nodes(data=True):
        node_info[node] = {
            "label": str(attrs.get("label", node)), "type": str(attrs.get("type", "?")),
            "aliases": list(attrs.get("aliases", [])), "regions": context.regions.get(node, []),
            "mentions": _mentions(catalogue, node), "page": _href(view, context.pages.get(node)),
            "terms": search_terms(G, catalogue, node, context.labels)}
    edge_info = {}
    cited: set[str] = set()
    for edge, (_, _, attrs) in zip(net.edges, G.edges(data=True), strict=True):
        sources = quotes_by_source(catalogue, list(attrs.get("facts", [])), list(attrs.get("sources", [])))
        cited.update(source["id"] for source in sources)
        edge_info[edge["id"]] = {
            "relation": str(attrs.get("relation", "")), "labelId": short(edge_label_id(attrs, catalogue)),
            "dates": dict(attrs.get("dates") or {}),
            "onDate": date_state(attrs),
            "acting": attrs.get("acting"), "tenure": list(attrs.get("tenure", [])),
            "tenureId": [catalogue.term(str(tenure)) for tenure in attrs.get("tenure", [])],
            "details": _details(attrs, context.labels, catalogue), "basis": list(attrs.get("basis", [])),
            "basisId": [catalogue.term(str(basis)) for basis in attrs.get("basis", [])],
            "weight": attrs.get("weight", 1), "sources": sources,
            # after the words as written (the quotes, Indonesian): the English summaries of its pledges and statements
            "summaries": sorted({catalogue.summaries[f] for f in attrs.get("facts", []) if f in catalogue.summaries})}
    for node in G:
        cited.update(source for source, _, _ in catalogue.mentions.get(node, []) if source)
    kinds = {str(attrs.get("type", "?")): str(attrs.get("kind", "?")) for _, attrs in G.nodes(data=True)}
    styles = sorted((catalogue.style(name, kind) for name, kind in kinds.items()),
                    key=lambda s: (KINDS.index(s.kind) if s.kind in KINDS else len(KINDS), s.label, s.type))

    return {
        "view": {"kind": view.kind, "title": view.title, "subtitle": view.subtitle, "focus": view.focus},
        "links": {"index": f"{view.root}index.html"},
        "types": [_style_entry(style) for style in styles],
        "relations": sorted({str(attrs.get("relation", "")) for _, _, attrs in G.edges(data=True)}),
        "relationLabels": {relation: label for relation in
                           sorted({str(attrs.get("relation", "")) for _, _, attrs in G.edges(data=True)})
                           if (label := catalogue.relation_label(relation))},
        "regions": [{"id": region, "label": context.labels.get(region, region),
                     "page": _href(view, context.pages.get(region))} for region in used_regions],
        "sources": {sid: _source(catalogue.sources.get(sid) or SourceInfo(sid, sid), view, context)
                    for sid in sorted(cited)},
        "nodes": net.nodes, "edges": net.edges, "nodeInfo": node_info, "edgeInfo": edge_info,
        # a clustered view draws few items at first, but any item may be added: no per-item dimming there either
        "big": G.number_of_nodes() >= BIG or G.number_of_edges() >= BIG or view.clusters is not None,
        **({"clusters": view.clusters.data()} if view.clusters is not None else {}),
        **view.extra,
    }


def search_terms(G: nx.MultiDiGraph[str], catalogue: Catalogue, node: str, labels: Mapping[str, str]) -> list[str]:
    """What else search finds an entity by: a post by its role (Kepala Kantor Wilayah, Kakanwil, Sekda) and the
    titles its holders were given as written; a person by the titles, tenures (Pj, Plh, Plt), posts and roles of
    their holdings, whether drawn through the post or straight to its organisation (`kg.network.ties`)."""
    terms: set[str] = set(catalogue.roles.get(node, []))
    for _, target, attrs in G.out_edges(node, data=True):
        if attrs.get("relation") in ("holds post", HOLDS_IN):
            post = str(attrs.get("post", target))
            terms |= {*attrs.get("title", []), *attrs.get("tenure", []), labels.get(post, post),
                      *catalogue.roles.get(post, [])}
    for _, _, attrs in G.in_edges(node, data=True):
        if attrs.get("relation") == "holds post":
            terms |= set(attrs.get("title", []))
    return sorted(terms - {str(G.nodes[node].get("label", node))})


def _style_entry(style: TypeStyle) -> dict[str, str]:
    return {"type": style.type, "label": style.label, "kind": style.kind, "kindLabel": style.kind_label,
            "labelId": style.label_id, "kindLabelId": style.kind_label_id, "color": style.color, "glyph": style.glyph}


def _href(view: View, path: str | None) -> str | None:
    return f"{view.root}{path}" if path else None


def _source(info: SourceInfo, view: View, context: Context) -> dict[str, Any]:
    return {"title": info.title, "publisher": info.publisher, "date": info.date, "reprintOf": info.reprint_of,
            "page": _href(view, context.pages.get(info.id))}


def _mentions(catalogue: Catalogue, node: str) -> list[dict[str, Any]]:
    grouped: dict[str, list[str]] = {}
    for source, _, quote in catalogue.mentions.get(node, []):
        if source:
            grouped.setdefault(source, [])
            if quote not in grouped[source]:
                grouped[source].append(quote)
    return [{"id": source, "quotes": quotes} for source, quotes in grouped.items()]


def edge_label_id(attrs: Mapping[str, Any], catalogue: Catalogue) -> str:
    """A tie's label on the canvas in Bahasa Indonesia (`kg.network.names.RelationNames.edge_label`): a holding's
    title as written, "(pelaksana)" after an acting one's; any other tie's relation by its @id label."""
    return catalogue.names.edge_label(attrs)


def _details(attrs: Mapping[str, Any], labels: Mapping[str, str], catalogue: Catalogue) -> list[list[str]]:
    """The qualifiers of a tie (title as written, kind, status, due year, event …) as [name, value, value in
    Bahasa Indonesia]: a value the ontology names (a kind, status, measure, tenure) by its @id label there."""
    details = []
    for name, value in attrs.items():
        if name in _EDGE_ATTRS or value in (None, [], ""):
            continue
        values = value if isinstance(value, list) else [value]
        shown = [labels.get(str(item), str(item)) for item in values]
        details.append([_DETAIL_NAMES.get(name, name.replace("_", " ")), "; ".join(shown),
                        "; ".join(item if item != str(raw) or name == "title" else catalogue.term(item)
                                  for item, raw in zip(shown, values, strict=True))])
    return details


def inert_json(data: Any) -> str:
    """JSON that is safe inside a <script type="application/json"> element: no text in it can end
    the element or open a comment, and JSON.parse reads it back unchanged.

    >>> inert_json({"name": "</script><!--&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FunctionLoader(lambda name: (files("viz") / "templates" / name).read_text(encoding="utf-8")),
    autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_template(name: str, **values: Any) -> str:
    """Render one of viz/templates, autoescaped, with the site's Content-Security-Policy."""
    return _ENVIRONMENT.get_template(name).render(csp=CSP, **values)


def render_page(view: View, context: Context) -> str:
    """The HTML of one graph view."""
    data = page_data(view, context)
    return render_template("page.html.j2", view=view, data=markupsafe.Markup(inert_json(data)),
                           date_control="date" in data)
