"""Questions about the network of `kg.network.projection.project`: ego networks, paths, centrality,
communities, brokers.

Every function takes the graph first and its options by keyword, and answers with plain dicts and
lists keyed by entity ID. Ties are read without direction (a pledge ties its maker and its subject
both ways); their strength is the number of independent sources (`weight`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, TypedDict, cast

import networkx as nx

from kg.errors import KgError
from kg.network.kernels import betweenness_of, pagerank_of
from kg.network.projection import ACTOR_KINDS, independent
from kg.questions.resolve import UnknownEntity

# Exact betweenness is O(nodes × edges): 30 s on a 9k-node, 30k-tie projection (kg.network.kernels).
# Above this many nodes it is estimated from `DEFAULT_SAMPLE` pivots with a fixed seed (3 s there), and the
# answer says so. Fewer pivots rank the top actors poorly: on that projection 100 pivots found 1 of the exact
# top 10, 1,000 found 6 (docs/benchmarks.md, "hotpath").
EXACT_BETWEENNESS_MAX_NODES = 2000
DEFAULT_SAMPLE = 1000
SEED = 42
SEPARATED_KINDS = frozenset({"Region", "Organization"})

def undirected(G: nx.MultiDiGraph[str]) -> nx.MultiGraph[str]:
    """A read-only undirected view of G, made once per graph.

    `nx.ego_graph(G, n, undirected=True)` copies the whole graph on every call (5.5 s against
    3 ms at 13k nodes); a view costs nothing and follows later changes to G.

    >>> G = nx.MultiDiGraph([("a", "b")])
    >>> undirected(G) is undirected(G), sorted(undirected(G)["b"])
    (True, ['a'])
    """
    # Kept on the graph object itself: a WeakKeyDictionary would keep G alive, as the view refers to G.
    view: nx.MultiGraph[str] | None = getattr(G, "_kg_undirected", None)
    if view is None:
        view = G.to_undirected(as_view=True)
        setattr(G, "_kg_undirected", view)  # noqa: B010 - not an attribute networkx declares
    return view


def tie_graph(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """One undirected tie per pair of connected nodes, weighted by the independent sources of all its edges.

    Two relations stated by the same article (took part in, spoke at) are one source's word, so
    sources are pooled across a pair's edges before counting, not added up per edge.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "e", "took part in", sources=["s1"])
    'took part in'
    >>> G.add_edge("a", "e", "spoke at", sources=["s1", "s2"])
    'spoke at'
    >>> tie_graph(G)["a"]["e"]["weight"]
    2
    """
    reprint_of: Mapping[str, str] = G.graph.get("reprint_of") or {}
    T: nx.Graph[str] = nx.Graph()
    T.add_nodes_from(G.nodes(data=True))
    pooled: dict[tuple[str, str], set[str]] = {}
    for u, v, attrs in G.edges(data=True):
        if u != v:
            pair = (u, v) if u <= v else (v, u)
            pooled.setdefault(pair, set()).update(attrs.get("sources", []))
    for (u, v), sources in sorted(pooled.items()):
        T.add_edge(u, v, weight=max(1, len(independent(sources, reprint_of))))
    return T


def _check(G: nx.MultiDiGraph[str], *nodes: str) -> None:
    for node in nodes:
        if node not in G:
            raise UnknownEntity(f"No such entity in the network: {node!r}")


def ego_network(G: nx.MultiDiGraph[str], entity: str, *, radius: int = 1) -> nx.MultiDiGraph[str]:
    """The entity, everything within `radius` ties of it (either direction), and the edges among them.

    Each node of the returned copy has a `distance` attribute (ties from the entity).

    >>> G = nx.MultiDiGraph([("ani", "post"), ("post", "office"), ("office", "region")])
    >>> H = ego_network(G, "post", radius=1)
    >>> sorted(H.nodes(data="distance"))
    [('ani', 1), ('office', 1), ('post', 0)]
    """
    distances = ego_distances(G, entity, radius=radius)
    H = G.subgraph(distances).copy()
    nx.set_node_attributes(H, distances, "distance")
    return H


def ego_distances(G: nx.MultiDiGraph[str], entity: str, *, radius: int = 1) -> dict[str, int]:
    """The entity and everything within `radius` ties of it (either direction), each with its distance
    in ties: the nodes of its ego network, without copying their ties (a site draws thousands).

    >>> G = nx.MultiDiGraph([("ani", "post"), ("post", "office"), ("office", "region")])
    >>> sorted(ego_distances(G, "post").items())
    [('ani', 1), ('office', 1), ('post', 0)]
    """
    _check(G, entity)
    return dict(nx.single_source_shortest_path_length(undirected(G), entity, cutoff=radius))


# "from" is a keyword, hence the functional form. `relation` points from "from" to "to" when
# `forward`, else the other way.
Step = TypedDict("Step", {"from": str, "relation": str, "to": str, "forward": bool, "sources": list[str],
                          "weight": int})


def shortest_path_steps(G: nx.MultiDiGraph[str], a: str, b: str) -> list[Step]:
    """The fewest ties from `a` to `b`, each step with its relation and sources.

    Among paths of equal length the one whose ties have more independent sources wins.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("ani", "kakanwil", "holds post", sources=["s0", "s2"], weight=2)
    'holds post'
    >>> G.add_edge("kakanwil", "kanwil", "post in", sources=[], weight=1)
    'post in'
    >>> [(s["from"], s["relation"], s["to"], s["forward"]) for s in shortest_path_steps(G, "kanwil", "ani")]
    [('kanwil', 'post in', 'kakanwil', False), ('kakanwil', 'holds post', 'ani', False)]
    """
    _check(G, a, b)
    # A tie costs 1 plus less than 1/(2n): hop count decides, source counts only break ties.
    scale = 2.0 * max(1, G.number_of_nodes())

    def cost(u: str, v: str, keyed: Mapping[str, Mapping[str, Any]]) -> float:
        return min(1.0 + 1.0 / (scale * (1 + float(attrs.get("weight", 1)))) for attrs in keyed.values())

    try:
        path = nx.dijkstra_path(undirected(G), a, b, weight=cost)
    except nx.NetworkXNoPath:
        raise KgError(f"no path between {a!r} and {b!r}: they are in separate parts of the network") from None
    return [_step(G, u, v) for u, v in itertools.pairwise(path)]


def _step(G: nx.MultiDiGraph[str], u: str, v: str) -> Step:
    forward: Mapping[Any, Mapping[str, Any]] = G.get_edge_data(u, v, default={})
    backward: Mapping[Any, Mapping[str, Any]] = G.get_edge_data(v, u, default={})
    candidates = [(attrs.get("weight", 1), True, key, attrs) for key, attrs in forward.items()]
    candidates += [(attrs.get("weight", 1), False, key, attrs) for key, attrs in backward.items()]
    weight, is_forward, relation, attrs = max(candidates, key=lambda c: (c[0], c[1], c[2]))
    return {"from": u, "relation": str(relation), "to": v, "forward": is_forward,
            "sources": list(attrs.get("sources", [])), "weight": int(weight)}


class Score(TypedDict):
    """One actor's centrality."""

    id: str
    label: str
    type: str
    degree: int  # distinct neighbours
    strength: int  # sum of tie weights
    betweenness: float
    pagerank: float


class Centrality(TypedDict):
    """A ranking of actors, and how betweenness was computed."""

    betweenness: str  # "exact" or "sampled"
    sample: int | None  # pivots used when sampled
    nodes: int
    ranking: list[Score]


RANKINGS = ("pagerank", "betweenness", "degree", "strength")


def centrality(G: nx.MultiDiGraph[str], *, k: int | None = None, by: str = "pagerank", seed: int = SEED) -> Centrality:
    """Actors ranked by PageRank (or betweenness, degree, strength) on the tie graph.

    Betweenness counts hops and is exact up to `EXACT_BETWEENNESS_MAX_NODES` nodes; above that,
    or when `k` is given, it is estimated from `k` pivots drawn with a fixed seed. PageRank and
    strength use the tie weights.

    >>> G = nx.MultiDiGraph([("a", "o"), ("b", "o"), ("o", "r")])
    >>> nx.set_node_attributes(G, {"a": "Person", "b": "Person", "o": "Organization", "r": "Region"}, "kind")
    >>> result = centrality(G)
    >>> result["betweenness"], [score["id"] for score in result["ranking"]]
    ('exact', ['o', 'a', 'b'])
    """
    if by not in RANKINGS:
        raise KgError(f"cannot rank by {by!r}; use one of {', '.join(RANKINGS)}")
    T = tie_graph(G)
    n = T.number_of_nodes()
    if k is None and n > EXACT_BETWEENNESS_MAX_NODES:
        k = DEFAULT_SAMPLE
    sample = k if k is not None and k < n else None
    betweenness = betweenness_of(T, k=sample, seed=seed)
    pagerank = pagerank_of(T)
    ranking = [Score(id=node, label=str(attrs.get("label", node)), type=str(attrs.get("type", "?")),
                     degree=T.degree(node), strength=int(T.degree(node, weight="weight")),
                     betweenness=round(betweenness[node], 6), pagerank=round(pagerank[node], 6))
               for node, attrs in T.nodes(data=True) if attrs.get("kind") in ACTOR_KINDS]
    ranking.sort(key=lambda score: (-cast(dict[str, float], score)[by], -score["pagerank"], score["id"]))
    return Centrality(betweenness="sampled" if sample else "exact", sample=sample, nodes=n, ranking=ranking)


def communities(G: nx.MultiDiGraph[str], *, seed: int = SEED, resolution: float = 1.0) -> list[list[str]]:
    """Groups of densely tied nodes (Louvain on the weighted tie graph, fixed seed), largest first.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    T = tie_graph(G)
    found = nx.community.louvain_communities(T, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(group) for group in found), key=lambda group: (-len(group), group[0]))


class Broker(TypedDict):
    """An actor whose removal cuts regions or organisations off from the rest of the network."""

    id: str
    label: str
    type: str
    separated: list[str]  # regions and organisations cut off
    cut_off: int  # nodes cut off, of any kind
    parts: int  # pieces its part of the network falls into


def brokers(G: nx.MultiDiGraph[str]) -> list[Broker]:
    """Actors that are articulation points of the tie graph, with the regions and organisations they cut off.

    Removing a broker splits its part of the network; the largest piece is taken to be the
    rest, and the others are what the broker alone connects to it.

    >>> G = nx.MultiDiGraph([("a", "kanwil"), ("b", "kanwil"), ("kanwil", "jambi")])
    >>> nx.set_node_attributes(G, {"a": "Person", "b": "Person", "kanwil": "Organization", "jambi": "Region"}, "kind")
    >>> [(b["id"], b["separated"]) for b in brokers(G)]
    [('kanwil', ['jambi'])]
    """
    T = tie_graph(G)
    kinds: dict[str, Any] = {node: T.nodes[node].get("kind") for node in T}
    found = []
    for node, (cut, parts) in _cut_offs(T).items():
        separated = sorted(other for other in cut if kinds.get(other) in SEPARATED_KINDS)
        if kinds.get(node) in ACTOR_KINDS and separated:
            attrs = T.nodes[node]
            found.append(Broker(id=node, label=str(attrs.get("label", node)), type=str(attrs.get("type", "?")),
                                separated=separated, cut_off=len(cut), parts=parts))
    return sorted(found, key=lambda b: (-len(b["separated"]), -b["cut_off"], b["id"]))


def _cut_offs(T: nx.Graph[str]) -> dict[str, tuple[set[str], int]]:
    """For every articulation point, the nodes that only it connects to the largest remaining piece,
    and the number of pieces its removal leaves.

    Linear time through the block-cut tree: the pieces left by removing an articulation point are
    the subtrees hanging off it, sized bottom-up once, instead of a search per articulation point.
    """
    points = set(nx.articulation_points(T))
    # the stubs say each block is a list of sets; networkx yields one set of nodes per block
    blocks = [set(cast("set[str]", block)) for block in nx.biconnected_components(T)]
    tree: nx.Graph[Any] = nx.Graph()
    own: dict[tuple[str, Any], set[str]] = {}
    for i, block in enumerate(blocks):
        own[("block", i)] = block - points
        tree.add_node(("block", i))
        tree.add_edges_from((("block", i), ("point", point)) for point in block & points)
    own.update({("point", point): {point} for point in points})
    result: dict[str, tuple[set[str], int]] = {}
    for component in nx.connected_components(tree):
        root = min(component, key=str)
        parent: dict[Any, Any] = {root: None}
        order = [root]
        for x in order:  # breadth-first; `order` grows while iterated
            for y in sorted(tree[x], key=str):
                if y not in parent:
                    parent[y] = x
                    order.append(y)
        size: dict[Any, int] = {}
        for x in reversed(order):
            size[x] = len(own[x]) + sum(size[y] for y in tree[x] if parent.get(y) == x)
        for x in order:
            if x[0] != "point":
                continue
            pieces = [(size[y], str(y), y) for y in tree[x] if parent.get(y) == x]
            if parent[x] is not None:
                pieces.append((size[root] - size[x], str(parent[x]), parent[x]))
            pieces.sort(key=lambda piece: (-piece[0], piece[1]))
            cut: set[str] = set()
            for _, _, y in pieces[1:]:
                cut |= _subtree(tree, own, parent, y) if parent.get(y) == x else \
                    _everything_but(tree, own, order, parent, x)
            result[x[1]] = (cut, len(pieces))
    return result


def _subtree(tree: nx.Graph[str], own: Mapping[Any, set[str]], parent: Mapping[Any, Any], top: Any) -> set[str]:
    nodes: set[str] = set()
    stack = [top]
    while stack:
        x = stack.pop()
        nodes |= own[x]
        stack.extend(y for y in tree[x] if parent.get(y) == x)
    return nodes


def _everything_but(tree: nx.Graph[str], own: Mapping[Any, set[str]], order: list[Any], parent: Mapping[Any, Any],
                    point: Any) -> set[str]:
    below = _subtree(tree, own, parent, point)
    return {node for x in order for node in own[x]} - below

