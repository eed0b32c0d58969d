"""Big views with structure: above `CLUSTER_MIN` entities a view opens with its communities drawn as one node each.

Why 300: fitted into a 1280x720 screen, 300 entities leave each about 55x55 pixels, less than one 15 px label of
a twenty-letter name needs (about 150x20 pixels), so most entities of a bigger view show as unlabelled dots;
`python -m viz.benchmark` counts the labels drawn on the unclustered pages. The seeds' views (55 entities) and
every page of a few articles stay as they are.

The communities are `kg.network.analytics.communities` (Louvain, fixed seed). Each is a cluster node, its size
growing with its member count, labelled with its two members of highest PageRank and "+N" for the others; ties
between two clusters are drawn as one, as wide as their number. A click on a cluster opens it (viz/static/
clusters.js): its members are drawn at positions computed here, inside the disk the cluster node stands for,
while the other clusters stay closed.

Positions: each community is laid out by `networkx.spring_layout` (numpy), then the communities' disks are
placed by a spring layout of the cluster graph and pushed apart until none overlap. Per community this is
several times faster than `viz.layout.force_layout`, whose exact repulsion is pure Python (measured by
`python -m viz.benchmark`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from kg.network.analytics import communities
from viz.layout import EDGE_LENGTH, SEED, Position, force_layout
from viz.render import short

CLUSTER_MIN = 300  # entities from which a view opens clustered (see the module docstring)
NAMED = 2  # members named in a cluster's label
NAME_MAX = 26  # characters of each name in a cluster's label (shortened in the middle)
PREFIX = "cluster:"  # cluster node IDs; kg IDs are slugs and never hold a colon
TIE_PREFIX = "clustertie:"
GAP = 30.0  # pixels between two clusters' disks
COLOR = {"background": "#d9dee5", "border": "#4a5563", "highlight": {"background": "#eef1f5", "border": "#111111"}}


@dataclass(frozen=True)
class Clustering:
    """A big view's clusters: every entity's position, the cluster nodes and the ties between them, JSON-ready."""

    positions: dict[str, Position]
    nodes: list[dict[str, Any]]
    ties: list[dict[str, Any]]

    def data(self) -> dict[str, Any]:
        """What the page script reads (data.clusters)."""
        return {"nodes": self.nodes, "ties": self.ties}


def clustered(G: nx.MultiDiGraph[str]) -> bool:
    """Whether a view of G opens clustered."""
    return G.number_of_nodes() > CLUSTER_MIN


def cluster_view(G: nx.MultiDiGraph[str], pagerank: Mapping[str, float], *, seed: int = SEED) -> Clustering:
    """The clusters of a view, with positions for every entity (each inside its cluster's disk)."""
    groups = communities(G, seed=seed)
    cluster_of = {node: i for i, group in enumerate(groups) for node in group}
    pieces = [community_layout(G, group, seed) for group in groups]
    radii = np.array([_radius(piece) for piece in pieces])
    counts: dict[tuple[int, int], int] = {}
    for u, v in G.edges():
        a, b = sorted((cluster_of[u], cluster_of[v]))
        if a != b:
            counts[(a, b)] = counts.get((a, b), 0) + 1
    centres = _place_disks(len(groups), counts, radii, seed)
    positions: dict[str, Position] = {}
    nodes = []
    for i, (group, piece) in enumerate(zip(groups, pieces, strict=True)):
        cx, cy = centres[i]
        positions.update({node: (round(cx + x, 1), round(cy + y, 1)) for node, (x, y) in piece.items()})
        main = sorted(group, key=lambda node: (-pagerank.get(node, 0.0), node))[:NAMED]
        nodes.append({"id": f"{PREFIX}{i}", "label": cluster_label(G, main, len(group)), "shape": "dot",
                      "size": round(max(24.0, 0.7 * float(radii[i])), 1), "x": round(float(cx), 1),
                      "y": round(float(cy), 1), "color": COLOR, "borderWidth": 2.5,
                      "members": group, "main": main, "count": len(group)})
    ties = [{"id": f"{TIE_PREFIX}{n}", "from": f"{PREFIX}{a}", "to": f"{PREFIX}{b}", "count": count,
             "label": str(count), "width": tie_width(count), "arrows": ""}
            for n, ((a, b), count) in enumerate(sorted(counts.items()))]
    return Clustering(positions, nodes, ties)


def cluster_label(G: nx.MultiDiGraph[str], main: list[str], count: int) -> str:
    """The names of a cluster's main members, one a line, each shortened in the middle, and "+N" for the others.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel")
    >>> G.add_node("b", label="Muhyidin")
    >>> print(cluster_label(G, ["a", "b"], 40))
    Kantor Wilaya…an Sumbagsel
    Muhyidin +38
    >>> cluster_label(G, ["b"], 1)
    'Muhyidin'
    """
    names = "\n".join(short(str(G.nodes[node].get("label", node)), NAME_MAX) for node in main)
    return names + (f" +{count - len(main)}" if count > len(main) else "")


def tie_width(count: int) -> float:
    """The drawn width of `count` ties between two clusters: one pixel for one, growing with the logarithm.

    >>> tie_width(1), tie_width(100)
    (1.0, 9.29)
    """
    return round(1.0 + 1.8 * math.log(count), 2)


def community_layout(G: nx.MultiDiGraph[str], group: list[str], seed: int) -> dict[str, Position]:
    """One community's positions in pixels, centred on 0, the median tie about `EDGE_LENGTH` long."""
    if len(group) == 1:
        return {group[0]: (0.0, 0.0)}
    members = set(group)
    H: nx.Graph[str] = nx.Graph()
    H.add_nodes_from(group)
    H.add_edges_from((u, v) for u, v in G.edges(group) if v in members and u != v)
    raw = _spring(H, seed=seed, iterations=50)
    lengths = sorted(math.dist(raw[u], raw[v]) for u, v in H.edges())
    median = lengths[len(lengths) // 2] if lengths else 0.0
    scale = EDGE_LENGTH / median if median > 0 else EDGE_LENGTH
    xs = [float(raw[node][0]) for node in group]
    ys = [float(raw[node][1]) for node in group]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return {node: ((x - mx) * scale, (y - my) * scale) for node, x, y in zip(group, xs, ys, strict=True)}


SPARSE_FROM = 500  # networkx.spring_layout's own threshold: from here on it needs scipy, which kg does not install


def _spring(H: nx.Graph[Any], *, seed: int, **options: Any) -> Mapping[Any, Any]:
    """networkx's spring layout, or above `SPARSE_FROM` nodes kg's own force layout (numpy only): a
    national network has communities of thousands."""
    if len(H) < SPARSE_FROM:
        return dict(nx.spring_layout(H, seed=seed, **options))
    return force_layout(H, seed=seed)


def _radius(piece: Mapping[str, Position]) -> float:
    """The disk a community needs: its farthest member from the centre, and room for that member's label."""
    return max(math.hypot(x, y) for x, y in piece.values()) + EDGE_LENGTH


def _place_disks(k: int, counts: Mapping[tuple[int, int], int], radii: np.ndarray, seed: int) -> np.ndarray:
    """Centres for k disks: tied disks near each other (spring layout of the cluster graph), none overlapping."""
    if k == 1:
        return np.zeros((1, 2))
    C: nx.Graph[int] = nx.Graph()
    C.add_nodes_from(range(k))
    C.add_weighted_edges_from((a, b, count) for (a, b), count in counts.items())
    raw = _spring(C, seed=seed, weight="weight", iterations=100)
    pos = np.array([raw[i] for i in range(k)], dtype=float)
    pos -= pos.mean(axis=0)
    # scaled so that the disks' total area fits in a circle of the layout's spread, then pushed apart
    need = math.sqrt(float((radii + GAP / 2) @ (radii + GAP / 2))) * 0.7
    spread = math.sqrt(float((pos ** 2).sum(axis=1).mean())) or 1.0
    pos *= need / spread
    want = radii[:, None] + radii[None, :] + GAP
    np.fill_diagonal(want, 0.0)
    for _ in range(200):
        diff = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        overlap = want - dist
        np.fill_diagonal(overlap, 0.0)
        if (overlap <= 0).all():
            break
        push = np.where(overlap > 0, overlap / 2 / np.maximum(dist, 1e-6), 0.0)
        pos += (diff * push[:, :, None]).sum(axis=1)
    else:  # still touching: spread everything until no pair does
        diff = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        pos *= max(1.0, float((want / np.maximum(dist, 1e-6)).max()))
    return pos
