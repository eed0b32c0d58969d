"""The two numeric kernels behind `kg network centrality`: betweenness (Brandes) and weighted PageRank.

Both work level by level or iteration by iteration on arrays (numpy, which matplotlib already brings), not
node by node in Python: at 9.3k nodes and 31k ties, the pure-Python versions they replace spent minutes
where these spend seconds (`python -m kg.bench.hotpath` measures both side by side). They compute what
networkx computes — the same pivots, the same normalisation — up to the order of floating-point sums
(tests/test_network.py checks them against networkx to 1e-12).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Floats = npt.NDArray[np.float64]


def _adjacency(T: nx.Graph[str], nodes: list[str]) -> tuple[Ints, Ints]:
    """Compressed rows of the tie graph: node i's neighbours are `columns[rows[i]:rows[i + 1]]`, in the order
    networkx keeps them."""
    import numpy as np

    position = {node: i for i, node in enumerate(nodes)}
    degrees = np.fromiter((len(T[node]) for node in nodes), dtype=np.int64, count=len(nodes))
    rows = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(degrees, out=rows[1:])
    columns = np.fromiter((position[neighbour] for node in nodes for neighbour in T[node]), dtype=np.int64,
                          count=int(rows[-1]))
    return rows, columns


def _out_edges(frontier: Ints, rows: Ints, columns: Ints) -> tuple[Ints, Ints]:
    """Every (u, v) with u in `frontier` and v one of u's neighbours, as two aligned arrays."""
    import numpy as np

    starts, counts = rows[frontier], rows[frontier + 1] - rows[frontier]
    total = int(counts.sum())
    if not total:
        return frontier[:0], frontier[:0]
    # positions starts[i] .. starts[i] + counts[i] - 1 for each i, without a Python loop
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
    return np.repeat(frontier, counts), columns[offsets]


def _dependencies(s: int, n: int, rows: Ints, columns: Ints) -> Floats:
    """Brandes' dependencies of every node on the shortest paths from `s` (breadth-first, one level at a time)."""
    import numpy as np

    distance = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    distance[s], sigma[s] = 0, 1.0
    frontier = np.array([s], dtype=np.int64)
    levels: list[tuple[Ints, Ints]] = []  # the (u, v) edges from one level to the next
    step = 0
    while frontier.size:
        u, v = _out_edges(frontier, rows, columns)
        fresh = distance[v] < 0
        distance[v[fresh]] = step + 1
        forward = distance[v] == step + 1
        u, v = u[forward], v[forward]
        sigma += np.bincount(v, weights=sigma[u], minlength=n)
        levels.append((u, v))
        frontier = np.unique(v)
        step += 1
    delta = np.zeros(n)
    for u, v in reversed(levels):
        delta += np.bincount(u, weights=sigma[u] / sigma[v] * (1.0 + delta[v]), minlength=n)
    return delta


def betweenness_of(T: nx.Graph[str], *, k: int | None = None, seed: int = 42) -> dict[str, float]:
    """Betweenness (hops, normalised, endpoints left out) as `nx.betweenness_centrality(T, k=k, seed=seed)`
    computes it: the same pivots, drawn the same way, and the same normalisation.

    >>> import networkx as nx
    >>> T = nx.path_graph(["a", "b", "c"])
    >>> betweenness_of(T) == nx.betweenness_centrality(T)
    True
    """
    import numpy as np

    nodes = list(T)
    n = len(nodes)
    if k == n:
        k = None
    pivots = nodes if k is None else random.Random(seed).sample(nodes, k)
    rows, columns = _adjacency(T, nodes)
    position = {node: i for i, node in enumerate(nodes)}
    score = np.zeros(n)
    for s in (position[pivot] for pivot in pivots):
        delta = _dependencies(s, n, rows, columns)
        delta[s] = 0.0  # a path's own ends are left out
        score += delta
    pairs = n - 1  # targets other than the node itself
    if pairs < 2:
        return dict(zip(nodes, score.tolist(), strict=True))
    if k is None:
        score *= 1 / (pairs * (pairs - 1))
    else:
        scale = np.full(n, 1 / (k * (pairs - 1)))
        scale[[position[pivot] for pivot in pivots]] = 1 / ((k - 1) * (pairs - 1)) if k > 1 else np.nan
        score *= scale
    return dict(zip(nodes, score.tolist(), strict=True))


def pagerank_of(T: nx.Graph[str], *, alpha: float = 0.85, tol: float = 1.0e-10,
                max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank by power iteration, as `nx.pagerank` computes it (which would need scipy)."""
    import numpy as np

    nodes = list(T)
    n = len(nodes)
    if n == 0:
        return {}
    position = {node: i for i, node in enumerate(nodes)}
    strength = np.fromiter((T.degree(node, weight="weight") for node in nodes), dtype=np.float64, count=n)
    source = np.fromiter((i for i, node in enumerate(nodes) for _ in T[node]), dtype=np.int64)
    target = np.fromiter((position[neighbour] for node in nodes for neighbour in T[node]), dtype=np.int64)
    weight = np.fromiter((attrs["weight"] for node in nodes for attrs in T[node].values()), dtype=np.float64)
    share = weight / strength[source]  # each tie's share of its node's rank, computed once
    dangling = strength == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * rank[dangling].sum() / n
        new = base + np.bincount(target, weights=alpha * rank[source] * share, minlength=n)
        converged = np.abs(new - rank).sum() < n * tol
        rank = new
        if converged:
            break
    return dict(zip(nodes, rank.tolist(), strict=True))
