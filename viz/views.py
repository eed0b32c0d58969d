"""Which part of the network each page shows: rules stated once, in Python, and tested against the pages.

Regions
-------
A node belongs to a region R when it is R or lies within R (``within region``, transitively);
when it is tied directly to R or to a region within R, by any relation in either direction
(an office serving R, an event held in R, a regulation applying in R, figures given on R);
when it is a post in an organisation that belongs to R; or when it is a person holding such a
post (or is tied straight to the post's organisation, see `kg.network.ties`). The region filter and the
region pages use this one rule.

Dates
-----
A tie shows on date D when its first date (its start date, else the first date it was observed
on, which for taking part in an event is the event's date) is on or before D, and its end date,
if it has one, is on or after D. A tie with no date at all is undated: it shows only while
"show ties without a known date" is ticked, which it is not when the page opens. On the date page
a node shows while at least one of its ties does.

A tie's ``on_date`` state (`date_state`) is "known" when it has a date and "undated" when it has
none, unless the projection gives the tie its own ``on_date`` (as the named questions do); every
page draws a tie whose state is anything but "known" dotted, and the date page counts and lists them.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from kg.network.analytics import ego_distances
from kg.network.projection import ACTOR_KINDS
from kg.network.ties import HOLDS_IN

EGO_RADIUS = 2  # a person, their posts and events, and the organisations and people around those
EGO_MAX_NODES = 150  # above this, an ego page draws one tie less (ego_view)
HIERARCHY_RELATIONS = ("sub-organisation of", "post in", "holds post")


def regions_of(G: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    """Every node's regions, by the rule in the module docstring (sorted region IDs; [] for none).

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("sumsel", {"kind": "Region"}), ("palembang", {"kind": "Region"}),
    ...                   ("kanwil", {"kind": "Organization"}), ("kakanwil", {"kind": "Post"}),
    ...                   ("muhyidin", {"kind": "Person"})])
    >>> for u, v, r in [("palembang", "sumsel", "within region"), ("kanwil", "palembang", "serves region"),
    ...                 ("kakanwil", "kanwil", "post in"), ("muhyidin", "kakanwil", "holds post")]:
    ...     _ = G.add_edge(u, v, r, relation=r)
    >>> regions_of(G)["muhyidin"]
    ['palembang', 'sumsel']
    """
    kinds = {node: G.nodes[node].get("kind") for node in G}
    regions = [node for node in G if kinds[node] == "Region"]
    within = nx.DiGraph([(u, v) for u, v, attrs in G.edges(data=True)
                         if attrs.get("relation") == "within region" and kinds[u] == kinds[v] == "Region"])
    up = {region: {region} | (nx.descendants(within, region) if region in within else set()) for region in regions}
    home: dict[str, set[str]] = {node: set(up.get(node, ())) for node in G}
    for u, v in G.edges():
        if kinds[u] == "Region" and kinds[v] != "Region":
            home[v] |= up[u]
        elif kinds[v] == "Region" and kinds[u] != "Region":
            home[u] |= up[v]
    # posts first, then their holders (through the post, or through the tie straight to its organisation)
    for relation, of_kind in (("post in", "Post"), ("holds post", "Person"), (HOLDS_IN, "Person")):
        for u, v, attrs in G.edges(data=True):
            if attrs.get("relation") == relation and kinds[u] == of_kind:
                home[u] |= home[v]
    return {node: sorted(home[node]) for node in G}


def induced(G: nx.MultiDiGraph[str], keep: Collection[str]) -> nx.MultiDiGraph[str]:
    """The nodes in `keep` and the ties among them, in G's order.

    `G.subgraph` iterates a small node set in hash order, which would make two builds differ.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> list(induced(G, {"c", "b"}).edges())
    [('b', 'c')]
    """
    keep = set(keep)
    rank = _node_order(G)
    nodes = sorted((node for node in keep if node in rank), key=rank.__getitem__)
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((node, G.nodes[node]) for node in nodes)
    # Only the kept nodes' own ties are walked (a national network has thousands of pages, each a
    # few dozen nodes of tens of thousands), in the order G.edges() gives them.
    for u in nodes:
        for v, keyed in G.adj[u].items():
            if v in keep:
                for key, attrs in keyed.items():
                    H.add_edge(u, v, key, **attrs)
    return H


_ORDERS: weakref.WeakKeyDictionary[nx.MultiDiGraph[str], tuple[int, dict[str, int]]] = weakref.WeakKeyDictionary()


def _node_order(G: nx.MultiDiGraph[str]) -> dict[str, int]:
    """Each node's place in G's order, computed once per graph (again if its nodes change in number)."""
    known = _ORDERS.get(G)
    if known is None or known[0] != len(G):
        known = (len(G), {node: i for i, node in enumerate(G)})
        _ORDERS[G] = known
    return known[1]


def region_views(G: nx.MultiDiGraph[str], regions: Mapping[str, list[str]]) -> dict[str, nx.MultiDiGraph[str]]:
    """For each region, the nodes that belong to it and the ties among them (one pass over the nodes
    for all regions: a national network has hundreds of regions)."""
    members: dict[str, set[str]] = {}
    for node in G:
        for region in regions.get(node, []):
            members.setdefault(region, set()).add(node)
    return {region: induced(G, keep) for region, keep in members.items()}


def source_views(G: nx.MultiDiGraph[str]) -> dict[str, nx.MultiDiGraph[str]]:
    """For each source, what it says: the ties it is a source of, and their ends (one pass over the
    ties for all sources: a national network has thousands of articles).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("a", "b", {"sources": ["s1", "s2"]}), ("b", "c", {"sources": ["s2"]})])
    [0, 0]
    >>> {source: list(H.edges()) for source, H in source_views(G).items()}
    {'s1': [('a', 'b')], 's2': [('a', 'b'), ('b', 'c')]}
    """
    views: dict[str, nx.MultiDiGraph[str]] = {}
    for u, v, key, attrs in G.edges(keys=True, data=True):
        for source in dict.fromkeys(attrs.get("sources", [])):
            H = views.setdefault(source, nx.MultiDiGraph(**G.graph))
            H.add_node(u, **G.nodes[u])
            H.add_node(v, **G.nodes[v])
            H.add_edge(u, v, key, **attrs)
    return views


def ego_view(G: nx.MultiDiGraph[str], actor: str) -> nx.MultiDiGraph[str]:
    """An actor and everything within `EGO_RADIUS` ties of it, or fewer ties where that would draw more
    than `EGO_MAX_NODES` entities (the radius drawn is the graph's `radius` attribute).

    In a national network, two ties from anyone who attended a ministerial event or holds a post in a
    big office reach thousands of entities: a page no one can read, and one that costs seconds to lay
    out. One tie less keeps the actor's own posts, events and organisations.
    """
    distances = ego_distances(G, actor, radius=EGO_RADIUS)  # one walk: a narrower page is a cut of it
    radius = EGO_RADIUS
    while radius > 1 and sum(1 for d in distances.values() if d <= radius) > EGO_MAX_NODES:
        radius -= 1
    H = induced(G, [node for node, d in distances.items() if d <= radius])
    H.graph["radius"] = radius
    return H


def actors(G: nx.MultiDiGraph[str]) -> list[str]:
    """The people and organisations, which get an ego page each."""
    return [node for node, attrs in G.nodes(data=True) if attrs.get("kind") in ACTOR_KINDS]


def hierarchy_view(G: nx.MultiDiGraph[str]) -> tuple[nx.MultiDiGraph[str], dict[str, str | None]]:
    """Organisations, their posts and the posts' holders, tied by sub-organisation, post and holding;
    with each node's parent in the tree (an organisation's parent organisation, a post's
    organisation, a person's first post)."""
    keep = {node for node, attrs in G.nodes(data=True) if attrs.get("kind") == "Organization"}
    edges: list[tuple[str, str, str]] = []
    for relation in HIERARCHY_RELATIONS:  # outward from the organisations, one level at a time
        found = [(u, v, str(key)) for u, v, key in G.edges(keys=True) if key == relation and v in keep]
        keep |= {u for u, _, _ in found}
        edges += found
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((node, G.nodes[node]) for node in G if node in keep)
    for u, v, key in sorted(edges):
        H.add_edge(u, v, key, **G.edges[u, v, key])
    parents: dict[str, str | None] = {node: None for node in H}
    for u, v, _ in sorted(edges):
        if parents[u] is None and u != v:
            parents[u] = v
    return H, parents


def first_date(dates: Mapping[str, Any]) -> str | None:
    """A tie's first date: its start, else the first date it was observed on."""
    if dates.get("start"):
        return str(dates["start"])
    observed = dates.get("observed") or []
    return str(observed[0]) if observed else None


def shown_on(attrs: Mapping[str, Any], date: str, *, undated: bool) -> bool:
    """Whether a tie shows on the date page at an ISO date, by the rule in the module docstring.

    >>> shown_on({"dates": {"observed": ["2024-07-09"]}}, "2024-07-01", undated=True)
    False
    >>> shown_on({"dates": {"start": "2024-06-01", "end": "2024-12-31"}}, "2024-07-01", undated=False)
    True
    >>> shown_on({"dates": {}}, "2024-07-01", undated=False)
    False
    """
    dates = attrs.get("dates") or {}
    first, end = first_date(dates), dates.get("end")
    if first is None and not end:
        return undated
    return (first is None or first <= date) and (not end or str(end) >= date)


def date_state(attrs: Mapping[str, Any]) -> str:
    """A tie's on_date state: its own ``on_date`` if it has one, else "known" or "undated".

    >>> date_state({"dates": {"observed": ["2024-07-09"]}}), date_state({"dates": {}})
    ('known', 'undated')
    >>> date_state({"dates": {"start": "2024"}, "on_date": "possibly"})
    'possibly'
    """
    if attrs.get("on_date"):
        return str(attrs["on_date"])
    dates = attrs.get("dates") or {}
    return "known" if first_date(dates) or dates.get("end") else "undated"


def dates_in(G: nx.MultiDiGraph[str]) -> list[str]:
    """Every start, end and observed date of the ties, sorted: the stops of the date control."""
    found: set[str] = set()
    for _, _, attrs in G.edges(data=True):
        dates = attrs.get("dates") or {}
        found.update(str(dates[name]) for name in ("start", "end") if dates.get(name))
        found.update(str(day) for day in dates.get("observed") or [])
    return sorted(found)
