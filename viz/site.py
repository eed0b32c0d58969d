"""The site of views: which pages there are, what each shows, and writing them all.

Pages (paths from the site's folder):

=============================  ===========================================================
``index.html``                 a link to every view
``network.html``               the whole network, people tied straight to organisations
``network-posts.html``         the whole network in detail: posts as nodes between holders and organisations
``hierarchy.html``             organisations, their posts and holders, as a tree
``as-of-date.html``            the whole network with a date control (rule in viz.views)
``region/<id>.html``           one per region: what belongs to it (rule in viz.views)
``source/<id>.html``           one per source: the ties it states, and their ends
``ego/<id>.html``              one per person and organisation: everything within two ties
``succession/<id>.html``       one per post with a holder, and one per organisation with such posts: who held
                               it when, by which sources (viz.succession)
``assets/``                    vis-network (from pyvis, Apache-2.0/MIT), the page scripts and styles
=============================  ===========================================================

A network page of more than `viz.clusters.CLUSTER_MIN` entities (300) opens with its Louvain communities closed
into cluster nodes; a click opens one (viz.clusters). The seeds' pages are all smaller.

Every page but the detailed network and the hierarchy draws people tied straight to their
organisations (`kg.network.ties.people_and_organisations`): one tie per post holding, labelled
with the title as written. Those two keep the posts as nodes.

Every page loads only files of the site, so the folder can be copied to a laptop and opened
from disk with no network.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx

from kg.files import MARKER, copier, text_writer, write_atomically
from kg.network.analytics import tie_graph
from kg.network.kernels import pagerank_of  # the one PageRank kg uses; see kg.network.analytics.centrality
from kg.network.projection import KINDS, project
from kg.network.ties import people_and_organisations
from kg.store.graphstore import GraphStore
from viz.catalogue import Catalogue, read_catalogue
from viz.clusters import Clustering, cluster_view, clustered
from viz.layout import Position, force_layout, tree_layout
from viz.render import Context, View, render_page, render_template
from viz.succession import Successions, read_successions, render_succession, succession_data, succession_key
from viz.views import (
    EGO_MAX_NODES,
    EGO_RADIUS,
    actors,
    dates_in,
    ego_view,
    hierarchy_view,
    region_views,
    regions_of,
    source_views,
)

PARALLEL_FROM = 500  # files; below, starting processes costs more than it saves
_SAFE_STEM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def stem(name: str) -> str:
    """A file name for an ID: the ID itself when it is a plain slug (kg IDs are), else a hash of it.

    >>> stem("muhyidin"), stem("../x")
    ('muhyidin', 'id-72e4d01dd8ef')
    """
    if _SAFE_STEM.match(name) and len(name) <= 120:
        return name
    return "id-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


@dataclass
class Page:
    """One page of the site, planned: its graph now, its positions when it is written."""

    path: str
    kind: str
    title: str
    subtitle: str
    graph: nx.MultiDiGraph[str]
    layout: Callable[[], Mapping[str, Position]]
    focus: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    render: Callable[[Context], str] | None = None  # a page not drawn as a network (the succession pages)
    successions: list[str] = field(default_factory=list)  # posts and organisations whose succession pages it links
    title_id: str = ""  # the title and subtitle in Bahasa Indonesia, shown first ("" : as the English ones)
    subtitle_id: str = ""

    clusters: Callable[[], Clustering | None] = lambda: None  # a big view's clusters (viz.clusters)

    def __post_init__(self) -> None:
        self.title_id = self.title_id or self.title
        self.subtitle_id = self.subtitle_id or self.subtitle

    def view(self) -> View:
        """The page as the renderer takes it."""
        root = "../" * self.path.count("/")
        return View(self.kind, self.title, self.subtitle, self.graph, self.layout(), root, self.focus, self.extra,
                    title_id=self.title_id, clusters=self.clusters())


@dataclass
class Site:
    """Every page of the site and what they share."""

    network: nx.MultiDiGraph[str]  # what the pages draw: people tied to organisations
    context: Context
    pages: list[Page]
    detailed: nx.MultiDiGraph[str] | None = None  # the network with post nodes (the detailed page and hierarchy)

    def files(self) -> dict[str, Callable[[Path], None]]:
        """Path in the site -> a function that writes that file (as `kg.files.write_atomically` takes)."""
        written: dict[str, Callable[[Path], None]] = {
            "index.html": text_writer(self.index_html),
            MARKER: text_writer(lambda: "written by kg; the whole folder is replaced when rewritten\n"),
        }
        for name, source in asset_sources().items():
            written[f"assets/{name}"] = copier(source)
        for page in self.pages:
            written[page.path] = _page_writer(page, self.context)
        return written

    def subset(self, paths: Collection[str], *, date: str | None = None) -> Site:
        """The site with only the pages at `paths`: links to the others are dropped (their names show as
        text), and the date page, if kept, opens on `date`."""
        pages = [page for page in self.pages if page.path in paths]
        kept = {page.path for page in pages}
        context = replace(self.context, pages={key: path for key, path in self.context.pages.items() if path in kept})
        if date:
            pages = [replace(page, extra={**page.extra, "date": {"dates": sorted({*page.extra["date"]["dates"], date}),
                                                                 "initial": date}})
                     if "date" in page.extra else page for page in pages]
        return Site(self.network, context, pages, self.detailed)

    def index_html(self) -> str:
        """The front page, linking every view."""
        by_kind: dict[str, list[Page]] = {}
        for page in self.pages:
            by_kind.setdefault(page.kind, []).append(page)
        people = [p for p in by_kind.get("ego", []) if self.network.nodes[str(p.focus)]["kind"] == "Person"]
        organisations = [p for p in by_kind.get("ego", []) if p not in people]
        return render_template(
            "index.html.j2", nodes=self.network.number_of_nodes(), edges=self.network.number_of_edges(),
            overview=[*by_kind.get("whole", []), *by_kind.get("detailed", []), *by_kind.get("hierarchy", []),
                      *by_kind.get("date", [])],
            sources=by_kind.get("source", []), regions=by_kind.get("region", []),
            succession=by_kind.get("succession", []),
            actors=[(group, pages) for group, pages in ((("Orang", "People"), people),
                                                        (("Organisasi", "Organisations"), organisations)) if pages])


def _page_writer(page: Page, context: Context) -> Callable[[Path], None]:
    if page.render is not None:
        draw = page.render
        return text_writer(lambda: draw(context))
    return text_writer(lambda: render_page(_with_succession_links(page, context), context))


def _with_succession_links(page: Page, context: Context) -> View:
    """The page's view, with links to the succession pages of the posts and organisations it names (those the
    site has: a workshop folder may leave some out)."""
    view = page.view()
    links = [{"path": f"{view.root}{context.pages[succession_key(node)]}", "title": context.labels.get(node, node)}
             for node in page.successions if succession_key(node) in context.pages]
    if links:
        view.extra = {**view.extra, "succession": links}
    return view


def asset_sources() -> dict[str, Path]:
    """The files every page loads, by name in assets/: vis-network as pyvis ships it, the page script, styles."""
    import pyvis

    static = Path(str(files("viz") / "static"))
    return {"vis-network.min.js": Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js",
            "succession.js": static / "succession.js", "succession.css": static / "succession.css",
            **{name: static / name for name in ("i18n.js", "labels.js", "clusters.js", "asof.js", "viz.js",
                                                "viz.css")}}


def plan_site(store: GraphStore) -> Site:
    """Plan every page of a built graph (layouts are computed when the pages are written)."""
    G = project(store)
    return plan_pages(G, read_catalogue(store), read_successions(store))


def _count(H: nx.MultiDiGraph[str]) -> str:
    return f"{H.number_of_nodes()} entities, {H.number_of_edges()} ties"


def _count_id(H: nx.MultiDiGraph[str]) -> str:
    return f"{H.number_of_nodes()} entitas, {H.number_of_edges()} ikatan"


def plan_pages(detailed: nx.MultiDiGraph[str], catalogue: Catalogue, successions: Successions | None = None) -> Site:
    """The pages of a network (with post nodes, as `project` gives it), given the catalogue of its types and
    sources (and the posts' histories, for the succession pages)."""
    successions = successions or Successions({})
    labels = {node: str(attrs.get("label", node)) for node, attrs in detailed.nodes(data=True)}
    regions = regions_of(detailed)
    G = people_and_organisations(detailed)
    region_ids = [node for node, attrs in G.nodes(data=True) if attrs.get("kind") == "Region"]
    people_and_orgs = actors(G)
    pages_of = {node: f"region/{stem(node)}.html" for node in region_ids}
    pages_of |= {node: f"ego/{stem(node)}.html" for node in people_and_orgs}
    pages_of |= {source: f"source/{stem(source)}.html" for source in catalogue.sources}
    by_organisation = successions.by_organisation()
    # "succession:<id>" names the succession page of a post or an organisation; a post's own page is that one too
    pages_of |= {succession_key(node): f"succession/{stem(node)}.html"
                 for node in [*successions.posts, *by_organisation]}
    pages_of |= {post: pages_of[succession_key(post)] for post in successions.posts if post not in pages_of}
    context = Context(catalogue, pagerank_of(tie_graph(detailed)), regions, labels, pages_of)

    whole = _Plan(G, context)
    hierarchy, parents = hierarchy_view(detailed)
    kind_of = {node: (str(attrs["type"]), str(attrs["kind"])) for node, attrs in detailed.nodes(data=True)}
    order = sorted(hierarchy, key=lambda n: (KINDS.index(kind_of[n][1]), catalogue.style(*kind_of[n]).label,
                                             labels[n], n))
    stops = dates_in(G)
    pages = [
        Page("network.html", "whole", "The whole network",
             f"Every entity and tie, people tied straight to their organisations ({_count(G)}).", G, whole.layout,
             clusters=whole.clusters,
             title_id="Seluruh jaringan",
             subtitle_id=f"Setiap entitas dan ikatan, orang terikat langsung ke organisasinya ({_count_id(G)})."),
        _page("network-posts.html", "detailed", "The whole network, with posts",
              f"Every entity and tie, with each post as a node between its holders and its organisation "
              f"({_count(detailed)}).", detailed, context,
             title_id="Seluruh jaringan, dengan jabatan",
             subtitle_id="Setiap entitas dan ikatan, setiap jabatan sebagai simpul antara pemangkunya dan "
                         f"organisasinya ({_count_id(detailed)})."),
        Page("hierarchy.html", "hierarchy", "Organisation hierarchy",
             "Organisations, their posts and who holds them, one level per column: the agency, its regional "
             f"offices and branch offices, and the governments ({_count(hierarchy)}).", hierarchy,
             lambda: tree_layout(parents, order), title_id="Hierarki organisasi",
             subtitle_id="Organisasi, jabatannya dan pemangkunya, satu tingkat per kolom: badan, kantor wilayah dan "
                         f"kantor cabangnya, serta pemerintah daerah ({_count_id(hierarchy)})."),
        Page("as-of-date.html", "date", "The network as of a date",
             "Pick a date: ties show from their start (or first observed) date until their end date, if any.",
             G, whole.layout, extra={"date": {"dates": stops, "initial": stops[-1] if stops else "9999-12-31"}},
             title_id="Jaringan per tanggal",
             subtitle_id="Pilih tanggal: ikatan tampil sejak tanggal mulai (atau pertama teramati) hingga tanggal "
                         "selesai, jika ada."),
    ]
    by_source, by_region = source_views(G), region_views(G, regions)
    for source, info in catalogue.sources.items():
        H = by_source.get(source) or nx.MultiDiGraph(**G.graph)
        meta = " · ".join([info.publisher or "publisher not named", info.date or "no date"])
        meta_id = " · ".join([info.publisher or "penerbit tidak disebut", info.date or "tanpa tanggal"])
        pages.append(_page(pages_of[source], "source", info.title,
                          f"What this article says ({meta}): {_count(H)}.", H, context,
                          subtitle_id=f"Apa kata artikel ini ({meta_id}): {_count_id(H)}."))
    for region in sorted(region_ids, key=lambda r: (labels[r], r)):
        H = by_region.get(region) or nx.MultiDiGraph(**G.graph)
        pages.append(_page(pages_of[region], "region", labels[region],
                          f"{_type_label(G, catalogue, region)}: what lies within it or is tied to it ({_count(H)}).",
                          H, context, focus=region,
                          subtitle_id=f"{_type_label(G, catalogue, region, 'id')}: yang berada di dalamnya atau "
                                      f"terikat dengannya ({_count_id(H)})."))
    held: dict[str, list[str]] = {}  # person -> the posts they held, for the links of their page
    for post in successions.posts.values():
        for sighting in post.sightings:
            held.setdefault(sighting.person, []).append(post.id)
    for actor in sorted(people_and_orgs, key=lambda a: (labels[a], a)):
        H = ego_view(G, actor)
        radius = H.graph["radius"]
        # Said on the page when it is narrower than the others (viz.views.ego_view says why).
        narrower = f"; {EGO_RADIUS} ties would reach more than {EGO_MAX_NODES} entities" if radius < EGO_RADIUS else ""
        narrower_id = (f"; {EGO_RADIUS} ikatan akan mencakup lebih dari {EGO_MAX_NODES} entitas"
                       if radius < EGO_RADIUS else "")
        pages.append(_page(pages_of[actor], "ego", labels[actor],
                          f"{_type_label(G, catalogue, actor)}: everything within {radius} "
                          f"{'tie' if radius == 1 else 'ties'} ({_count(H)}{narrower}).",
                          H, context, focus=actor,
                          successions=sorted(set(held.get(actor, []))) + ([actor] if actor in by_organisation else []),
                          subtitle_id=f"{_type_label(G, catalogue, actor, 'id')}: semua yang berjarak paling jauh "
                                      f"{radius} ikatan ({_count_id(H)}{narrower_id})."))
    pages += _succession_pages(successions, pages_of, by_organisation)
    return Site(G, context, pages, detailed)


def _succession_pages(successions: Successions, pages_of: Mapping[str, str],
                      by_organisation: Mapping[str, list[str]]) -> list[Page]:
    """One page per organisation with posts that have holders, then one per such post."""
    plans = []
    for org, posts in sorted(by_organisation.items(), key=lambda item: (
            str(successions.posts[item[1][0]].organisation_name or item[0]).casefold(), item[0])):
        name = str(successions.posts[posts[0]].organisation_name or org)
        plans.append((pages_of[succession_key(org)], name, posts, org,
                      {"id": f"Jabatan di {name}: siapa menjabat kapan, menurut sumber mana.",
                       "en": f"The posts of {name}: who held each when, according to which sources."}))
    for post_id, post in successions.posts.items():
        plans.append((pages_of[succession_key(post_id)], post.name, [post_id], post_id,
                      {"id": "Siapa menjabat kapan, menurut sumber mana.",
                       "en": "Who held it when, according to which sources."}))
    return [Page(path, "succession", title, subtitle["en"], nx.MultiDiGraph(), dict, focus=focus,
                 render=_succession_render(successions, path, title, posts, subtitle), subtitle_id=subtitle["id"])
            for path, title, posts, focus, subtitle in plans]


def _succession_render(successions: Successions, path: str, title: str, posts: list[str],
                       subtitle: dict[str, str]) -> Callable[[Context], str]:
    root = "../" * path.count("/")
    return lambda context: render_succession(
        succession_data(successions, posts, title=title, subtitle=subtitle, catalogue=context.catalogue,
                        pages=context.pages, root=root), root)


@dataclass
class _Plan:
    """A network page's positions and, above `viz.clusters.CLUSTER_MIN` entities, its clusters; computed once,
    when the page is written."""

    graph: nx.MultiDiGraph[str]
    context: Context

    @cached_property
    def clustering(self) -> Clustering | None:
        return cluster_view(self.graph, self.context.pagerank) if clustered(self.graph) else None

    @cached_property
    def positions(self) -> Mapping[str, Position]:
        found = self.clustering
        return found.positions if found else force_layout(self.graph, boxes=self.context.boxes(self.graph))

    def layout(self) -> Mapping[str, Position]:
        return self.positions

    def clusters(self) -> Clustering | None:
        return self.clustering


def _page(path: str, kind: str, title: str, subtitle: str, H: nx.MultiDiGraph[str], context: Context,
          **more: Any) -> Page:
    """A page drawn as a network with force-directed positions (clustered when big)."""
    plan = _Plan(H, context)
    return Page(path, kind, title, subtitle, H, plan.layout, clusters=plan.clusters, **more)


def _type_label(G: nx.MultiDiGraph[str], catalogue: Catalogue, node: str, lang: str = "en") -> str:
    """A node's class by its label, capitalised: the @en one, or with `lang` "id" the @id one where there is one."""
    style = catalogue.style(G.nodes[node]["type"], G.nodes[node]["kind"])
    label = style.label_id or style.label if lang == "id" else style.label
    return label[:1].upper() + label[1:]


def site_files(store: GraphStore) -> dict[str, Callable[[Path], None]]:
    """Every file of the site of a built graph, as writers keyed by path (for `kg build`)."""
    return plan_site(store).files()


def write_site(store: GraphStore, out: Path) -> list[Path]:
    """Write the site into `out`, replacing a site written before only when every page succeeded."""
    files = site_files(store)
    # Pages are independent and a national site has thousands: one process per core writes them.
    return write_atomically(out, files, workers=min(2, os.cpu_count() or 1) if len(files) > PARALLEL_FROM else 1)
