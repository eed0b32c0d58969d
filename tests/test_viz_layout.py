"""The precomputed layout (viz.layout) and the page cut (viz.views.induced), on graphs of the sizes
the pages have: what a reader needs from them, not their exact coordinates."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from viz.layout import EDGE_LENGTH, EXACT_REPULSION_MAX, force_layout
from viz.views import induced


def _graph(nodes: int, ties: int, seed: int) -> nx.MultiDiGraph[str]:
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_edges_from((f"n{u}", f"n{v}") for u, v in nx.gnm_random_graph(nodes, ties, seed=seed).edges())
    return G


@pytest.mark.parametrize("nodes, ties", [(12, 14), (77, 120), (EXACT_REPULSION_MAX, 2 * EXACT_REPULSION_MAX)])
def test_a_page_layout_keeps_boxes_apart_and_ties_near_the_edge_length(nodes: int, ties: int) -> None:
    G = _graph(nodes, ties, seed=nodes)
    boxes = {node: (90.0, 40.0) for node in G}
    pos = force_layout(G, boxes=boxes)
    assert pos == force_layout(G, boxes=boxes), "two builds must draw the same page"
    names = sorted(pos)
    overlaps = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
                if abs(pos[a][0] - pos[b][0]) < 90.0 - 1 and abs(pos[a][1] - pos[b][1]) < 40.0 - 1]
    assert overlaps == []
    lengths = sorted(math.dist(pos[u], pos[v]) for u, v in G.edges() if u != v)
    assert 0.5 * EDGE_LENGTH < lengths[len(lengths) // 2] < 3 * EDGE_LENGTH


def test_a_big_layout_places_every_node_apart() -> None:
    G = _graph(1200, 2400, seed=7)
    pos = force_layout(G)
    assert len(pos) == len(G) and all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos), "two nodes drawn on one spot"


def test_the_page_cut_keeps_the_kept_nodes_and_their_ties_in_the_graphs_order() -> None:
    G = _graph(300, 900, seed=3)
    G.add_edge("n1", "n2", key="again", relation="second tie")
    keep = set(random.Random(5).sample(sorted(G), 60)) | {"n1", "n2"}
    H = induced(G, keep)
    assert list(H) == [node for node in G if node in keep]
    assert list(H.edges(keys=True, data=True)) == [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
                                                   if u in keep and v in keep]
    G.add_edge("n1", "new")  # a graph that grew since its last cut is cut afresh
    assert "new" in induced(G, keep | {"new"})


def test_grid_repulsion_pairs_every_two_nodes_in_neighbouring_cells_once() -> None:
    import numpy as np

    from viz.layout import CELL, _grid_pairs

    xy = np.random.default_rng(1).normal(size=(800, 2)) * 12
    cells = np.floor(xy / CELL).astype(int)
    expected = {(i, j) for i in range(len(xy)) for j in range(i + 1, len(xy))
                if abs(cells[i, 0] - cells[j, 0]) <= 1 and abs(cells[i, 1] - cells[j, 1]) <= 1}
    pairs = [tuple(sorted(pair)) for pair in _grid_pairs(xy).tolist()]
    assert len(pairs) == len(set(pairs)) and set(pairs) == expected


def test_an_ego_page_that_would_draw_thousands_draws_one_tie_less() -> None:
    from viz.views import EGO_MAX_NODES, EGO_RADIUS, ego_view

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_edges_from(("hub", f"leaf{n}") for n in range(EGO_MAX_NODES + 50))  # a big office's many people
    G.add_edges_from([("ani", "hub"), ("ani", "event"), ("budi", "event")])
    wide, narrow = ego_view(G, "budi"), ego_view(G, "ani")
    assert wide.graph["radius"] == EGO_RADIUS and set(wide) == {"budi", "event", "ani"}
    assert narrow.graph["radius"] == EGO_RADIUS - 1 and set(narrow) == {"ani", "hub", "event"}


def test_a_community_of_thousands_is_laid_out_without_scipy() -> None:
    """networkx's spring layout needs scipy from 500 nodes on, which kg does not install (a national
    network's communities are that big): kg's own layout takes over there."""
    import importlib.util

    from viz.clusters import SPARSE_FROM, community_layout

    G = _graph(SPARSE_FROM + 100, 2 * SPARSE_FROM, seed=11)
    pos = community_layout(G, sorted(G), seed=1)
    assert len(pos) == len(G) and len(set(pos.values())) == len(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    if importlib.util.find_spec("scipy") is None:  # the path a user's machine takes
        with pytest.raises(ModuleNotFoundError):
            nx.spring_layout(nx.Graph(G), seed=1)
