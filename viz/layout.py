"""Node positions computed in Python, so that the browser draws a page at once, with physics off.

vis-network's own physics needs about 15 s to settle 200 nodes and minutes for 2,000, and
moves everything while a person reads. Here the positions are computed once, when the site is
written, and are the same on every build (fixed seed, sorted input, no hash-order iteration).

`force_layout` is a Fruchterman-Reingold layout on numpy arrays (networkx's `spring_layout` has
no grid repulsion, no degree-weighted mass and no overlap removal, which the pages need). Two
things keep it fast on big graphs: each component starts from a Pivot MDS placement (Brandes &
Pich 2006: breadth-first distances to a few pivots, projected on their two main axes), which
already has the right global shape; and
repulsion is only computed between nodes in neighbouring grid cells, as in the grid variant of
Fruchterman and Reingold's paper. Components are laid out separately and packed in rows.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np

Position = tuple[float, float]

EDGE_LENGTH = 110.0  # pixels between tied nodes (the median tie): room for an edge label
EXACT_REPULSION_MAX = 150  # below this many nodes every pair repels; above, only grid neighbours
PIVOTS = 16
CELL = 2.0  # grid cell in edge lengths: beyond two, repulsion is negligible next to the springs
PAIR_BUDGET = 25  # repelling pairs per node and iteration that a big layout may cost
SEED = 42
SPREAD = 1.01  # how much a pass that still finds overlapping boxes spreads the drawing (_remove_overlaps)


def force_layout(G: nx.Graph[str] | nx.MultiDiGraph[str], *, seed: int = SEED, edge_length: float = EDGE_LENGTH,
                 boxes: Mapping[str, tuple[float, float]] | None = None) -> dict[str, Position]:
    """Positions in pixels for every node: force-directed per component, components packed in rows.

    `boxes` gives each node's width and height in pixels (its shape and label); in graphs of up to
    `EXACT_REPULSION_MAX` nodes, overlapping boxes are then pushed apart.

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> pos = force_layout(G)
    >>> sorted(pos) == ["a", "b", "c"] and pos == force_layout(G)
    True
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    neighbours: list[list[int]] = [[] for _ in nodes]
    for u, v in G.edges():
        if u != v:
            i, j = index[u], index[v]
            if j not in neighbours[i]:
                neighbours[i].append(j)
                neighbours[j].append(i)
    rng = random.Random(seed)
    pieces = [_component_layout(component, neighbours, rng) for component in _components(neighbours)]
    placed = _pack(pieces)
    pos = [[placed[i][0] * edge_length, placed[i][1] * edge_length] for i in range(len(nodes))]
    if boxes and len(nodes) <= EXACT_REPULSION_MAX:
        _remove_overlaps(pos, [boxes.get(node, (0.0, 0.0)) for node in nodes])
    return {node: (round(pos[i][0], 1), round(pos[i][1], 1)) for i, node in enumerate(nodes)}


def _remove_overlaps(pos: list[list[float]], boxes: list[tuple[float, float]], *, passes: int = 100) -> None:
    """Push apart nodes whose boxes overlap, each pair along the axis where they overlap least.

    Every pass moves all overlapping pairs at once (numpy over the n × n pairs; n is at most
    `EXACT_REPULSION_MAX`), which is what made it affordable on the thousands of ego and region
    pages of a national build.
    """
    xy = np.array(pos, dtype=float)
    size = np.array(boxes, dtype=float).reshape(-1, 2)
    reach = (size[:, None, :] + size[None, :, :]) / 2  # the distance along each axis at which two boxes touch
    upper = np.triu(np.ones((len(pos), len(pos)), dtype=bool), k=1)
    for _ in range(passes):
        delta = xy[None, :, :] - xy[:, None, :]  # delta[i, j] = pos[j] - pos[i]
        over = reach - np.abs(delta)
        overlapping = upper & (over[:, :, 0] > 0) & (over[:, :, 1] > 0)
        if not overlapping.any():
            break
        i, j = np.nonzero(overlapping)
        axis = (over[i, j, 0] >= over[i, j, 1]).astype(int)  # 0: apart along x, 1: along y
        sign = np.where(delta[i, j, axis] >= 0, 1.0, -1.0)
        shift = (over[i, j, axis] / 2 + 0.5) * sign
        # Where the boxes have no room, pushing pairs apart only makes new overlaps: spreading the
        # whole drawing a little on every such pass makes room, and ends the passes early.
        centre = xy.mean(axis=0)
        xy = centre + (xy - centre) * SPREAD
        moves = np.zeros_like(xy)
        np.add.at(moves, (i, axis), -shift)
        np.add.at(moves, (j, axis), shift)
        xy += moves
    pos[:] = xy.tolist()


def _components(neighbours: list[list[int]]) -> list[list[int]]:
    seen = [False] * len(neighbours)
    found = []
    for start in range(len(neighbours)):
        if seen[start]:
            continue
        seen[start] = True
        component, queue = [start], deque([start])
        while queue:
            for j in neighbours[queue.popleft()]:
                if not seen[j]:
                    seen[j] = True
                    component.append(j)
                    queue.append(j)
        found.append(sorted(component))
    return sorted(found, key=lambda c: (-len(c), c[0]))


def _bfs(neighbours: list[list[int]], start: int, members: Mapping[int, int]) -> list[int]:
    distance = [-1] * len(members)
    distance[members[start]] = 0
    queue = deque([start])
    while queue:
        i = queue.popleft()
        for j in neighbours[i]:
            if distance[members[j]] < 0:
                distance[members[j]] = distance[members[i]] + 1
                queue.append(j)
    return distance


def _pivot_mds(component: list[int], neighbours: list[list[int]]) -> list[list[float]]:
    """Initial positions (in edge lengths) from graph distances to a few far-apart pivots."""
    members = {node: i for i, node in enumerate(component)}
    n = len(component)
    pivots, columns = [component[0]], []
    nearest = [math.inf] * n
    while len(pivots) <= min(PIVOTS, n - 1):
        column = [float(d) ** 2 for d in _bfs(neighbours, pivots[-1], members)]
        columns.append(column)
        nearest = [min(a, b) for a, b in zip(nearest, column, strict=True)]
        pivots.append(component[max(range(n), key=lambda i: (nearest[i], -i))])
    # double centring of the n × k matrix of squared distances, then its two main axes
    D = np.array(columns, dtype=float).T
    C = -0.5 * (D - D.mean(axis=1, keepdims=True) - D.mean(axis=0, keepdims=True) + D.mean())
    _, vectors = np.linalg.eigh(C.T @ C)  # ascending eigenvalues: the main axes are the last two
    axes = vectors[:, ::-1][:, :2]
    # An eigenvector's sign is arbitrary (it may differ between LAPACK builds): fix it, so that
    # every machine draws the same picture.
    axes = axes * np.where(axes[np.abs(axes).argmax(axis=0), [0, 1]] < 0, -1.0, 1.0)
    return _normalised((C @ axes).tolist())


def _normalised(coords: list[list[float]]) -> list[list[float]]:
    """Centred and scaled to about one node per square edge length, then spread further while the
    densest cells would make repulsion too costly (Pivot MDS packs trees and hubs tightly)."""
    n = len(coords)
    cx, cy = sum(c[0] for c in coords) / n, sum(c[1] for c in coords) / n
    rms = math.sqrt(sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in coords) / n) or 1.0
    scale = math.sqrt(n / math.pi) / rms
    coords = [[(x - cx) * scale, (y - cy) * scale] for x, y in coords]
    for _ in range(4):
        pairs = _pair_count(coords)
        if pairs <= PAIR_BUDGET * n:
            break
        factor = math.sqrt(pairs / (PAIR_BUDGET * n))
        coords = [[x * factor, y * factor] for x, y in coords]
    return coords


def _pair_count(coords: list[list[float]]) -> int:
    counts: dict[tuple[int, int], int] = {}
    for x, y in coords:
        key = (int(x // CELL), int(y // CELL))
        counts[key] = counts.get(key, 0) + 1
    return sum(count * sum(counts.get((cx + ox, cy + oy), 0) for ox in (-1, 0, 1) for oy in (-1, 0, 1))
               for (cx, cy), count in counts.items()) // 2


def _component_layout(component: list[int], neighbours: list[list[int]], rng: random.Random) -> dict[int, Position]:
    n = len(component)
    if n == 1:
        return {component[0]: (0.0, 0.0)}
    if n == 2:
        return {component[0]: (0.0, 0.0), component[1]: (1.0, 0.0)}
    if n > 20:
        pos = [[x + rng.uniform(-0.05, 0.05), y + rng.uniform(-0.05, 0.05)]  # splits nodes at one spot
               for x, y in _pivot_mds(component, neighbours)]
    else:
        side = math.sqrt(n)
        pos = [[rng.uniform(0, side), rng.uniform(0, side)] for _ in component]
    members = {node: i for i, node in enumerate(component)}
    local = [[members[j] for j in neighbours[node]] for node in component]
    if n <= EXACT_REPULSION_MAX:
        _fruchterman_reingold(pos, local, iterations=200, start_temperature=math.sqrt(n) / 6)
    else:
        # Cut-off repulsion cannot hold a big graph apart against its springs (it would slowly
        # collapse into a dense clump), so here it only relaxes the Pivot MDS shape locally.
        _fruchterman_reingold(pos, local, iterations=15, start_temperature=0.5)
    if n > EXACT_REPULSION_MAX:  # spread by density already (_normalised): small worlds have no short ties
        return {node: (pos[i][0], pos[i][1]) for i, node in enumerate(component)}
    # Repulsion from every other node stretches the springs past their rest length (more so in
    # bigger graphs); scaling back to a median tie of one edge length keeps labels apart but close.
    lengths = sorted(math.dist(pos[i], pos[j]) for i, near in enumerate(local) for j in near if j > i)
    scale = 1.0 / lengths[len(lengths) // 2] if lengths and lengths[len(lengths) // 2] > 0 else 1.0
    return {node: (pos[i][0] * scale, pos[i][1] * scale) for i, node in enumerate(component)}


def _fruchterman_reingold(pos: list[list[float]], neighbours: list[list[int]], *, iterations: int,
                          start_temperature: float) -> None:
    n = len(pos)
    xy = np.array(pos, dtype=float)
    # Repulsion grows with degree, as in ForceAtlas2: a hub's many leaves get room around it
    # instead of piling up on it.
    mass = np.array([1.0 + len(near) for near in neighbours])
    ties = np.array([(i, j) for i, near in enumerate(neighbours) for j in near if j > i], dtype=np.intp).reshape(-1, 2)
    if n <= EXACT_REPULSION_MAX:
        _every_pair(xy, mass, ties, iterations=iterations, start_temperature=start_temperature)
        pos[:] = xy.tolist()
        return
    for step in range(iterations):
        temperature = start_temperature * (1.0 - step / iterations) + 0.01
        pairs = _grid_pairs(xy)
        apart = xy[pairs[:, 0]] - xy[pairs[:, 1]]
        d2 = np.maximum(np.einsum("ij,ij->i", apart, apart), 1e-6)
        move = _scattered(pairs, apart, mass[pairs[:, 0]] * mass[pairs[:, 1]] / d2, n)
        stretch = xy[ties[:, 0]] - xy[ties[:, 1]]
        move -= _scattered(ties, stretch, np.sqrt(np.einsum("ij,ij->i", stretch, stretch)), n)
        length = np.sqrt(np.einsum("ij,ij->i", move, move))
        moving = length > 0
        xy[moving] += move[moving] * (np.minimum(length[moving], temperature) / length[moving])[:, None]
    pos[:] = xy.tolist()


def _every_pair(xy: np.ndarray, mass: np.ndarray, ties: np.ndarray, *, iterations: int,
                start_temperature: float) -> None:
    """Fruchterman-Reingold with every pair repelling, on positions as complex numbers (x + iy): one
    n × n array of differences and one of weights (pushing minus pulling) per step, which is what
    makes a site's thousands of small pages cheap."""
    n = len(xy)
    z = xy[:, 0] + 1j * xy[:, 1]
    masses = np.outer(mass, mass)
    tied = np.zeros((n, n))
    tied[ties[:, 0], ties[:, 1]] = tied[ties[:, 1], ties[:, 0]] = 1.0
    for step in range(iterations):
        temperature = start_temperature * (1.0 - step / iterations) + 0.01
        apart = z[:, None] - z[None, :]
        d2 = apart.real * apart.real + apart.imag * apart.imag
        d2[d2 == 0] = 1e-6  # the diagonal too, where the difference and so the force are 0
        move = (apart * (masses / d2 - tied * np.sqrt(d2))).sum(axis=1)  # k²/d and d²/k, with k = 1
        length = np.abs(move)
        z += move * (np.minimum(length, temperature) / np.where(length > 0, length, 1.0))
    xy[:, 0], xy[:, 1] = z.real, z.imag


def _scattered(pairs: np.ndarray, apart: np.ndarray, weight: np.ndarray, n: int) -> np.ndarray:
    """The sum over `pairs` (i, j) of `apart` times `weight` added to i and taken from j, per node."""
    if not len(pairs):
        return np.zeros((n, 2))
    force = apart * weight[:, None]
    out = np.empty((n, 2))
    for axis in (0, 1):
        out[:, axis] = np.bincount(pairs[:, 0], force[:, axis], n) - np.bincount(pairs[:, 1], force[:, axis], n)
    return out


def _grid_pairs(xy: np.ndarray) -> np.ndarray:
    """The pairs of nodes in the same or neighbouring grid cells (each pair once), as an m × 2 array."""
    cells = np.floor(xy / CELL).astype(np.int64)
    cells -= cells.min(axis=0) - 1  # from 1, so that a neighbour's column is never negative
    width = int(cells[:, 1].max()) + 2
    keys = cells[:, 0] * width + cells[:, 1]
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    found = []
    for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):  # each neighbouring pair of cells once
        target = ordered + ox * width + oy
        lo = np.searchsorted(ordered, target, side="left")
        hi = np.searchsorted(ordered, target, side="right")
        if (ox, oy) == (0, 0):
            lo = np.arange(len(ordered)) + 1  # in its own cell, a node pairs with those after it
        counts = np.maximum(hi - lo, 0)
        total = int(counts.sum())
        if not total:
            continue
        starts = np.repeat(lo, counts) + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        found.append(np.stack((np.repeat(order, counts), order[starts]), axis=1))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.intp)


def _pack(pieces: list[dict[int, Position]]) -> dict[int, Position]:
    """Components side by side in rows about as wide as the whole is tall, biggest first."""
    boxes = []
    for piece in pieces:
        xs, ys = [x for x, _ in piece.values()], [y for _, y in piece.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + 1.0, max(ys) - min(ys) + 1.0))
    row_width = max(max((w for _, _, w, _ in boxes), default=1.0), math.sqrt(sum(w * h for _, _, w, h in boxes)))
    placed: dict[int, Position] = {}
    x = y = row_height = 0.0
    for piece, (left, top, width, height) in zip(pieces, boxes, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in piece.items():
            placed[node] = (px - left + x, py - top + y)
        x += width
        row_height = max(row_height, height)
    return placed


def tree_layout(parents: Mapping[str, str | None], order: Sequence[str], *, column: float = 320.0,
                row: float = 84.0) -> dict[str, Position]:
    """A left-to-right tree: each node one column right of its parent, leaves one row apart,
    parents centred on their children. `order` sorts roots and siblings.

    >>> tree_layout({"agency": None, "kanwil": "agency", "kc": "kanwil", "pemprov": None},
    ...             ["agency", "pemprov", "kanwil", "kc"], column=10, row=1)
    {'agency': (0.0, 0.0), 'pemprov': (0.0, 1.0), 'kanwil': (10.0, 0.0), 'kc': (20.0, 0.0)}
    """
    rank = {node: i for i, node in enumerate(order)}
    children: dict[str | None, list[str]] = {}
    for node, parent in parents.items():
        children.setdefault(parent if parent in parents else None, []).append(node)
    for siblings in children.values():
        siblings.sort(key=lambda node: (rank.get(node, len(rank)), node))
    positions: dict[str, Position] = {}
    next_row = 0.0

    def place(node: str, depth: int) -> float:
        nonlocal next_row
        kids = [kid for kid in children.get(node, []) if kid not in positions]
        positions[node] = (0.0, 0.0)  # claimed: guards against cycles in bad input
        if kids:
            ys = [place(kid, depth + 1) for kid in kids]
            y = (ys[0] + ys[-1]) / 2
        else:
            y, next_row = next_row, next_row + 1
        positions[node] = (float(depth * column), float(y * row))
        return y

    for root in children.get(None, []):
        place(root, 0)
    for node in sorted(parents, key=lambda n: (rank.get(n, len(rank)), n)):  # nodes on a cycle only
        if node not in positions:
            place(node, 0)
    return dict(sorted(positions.items(), key=lambda item: rank.get(item[0], len(rank))))
