"""The network projection, made once by `kg build` and kept in the build folder as `network.json`.

Projecting a national graph through SPARQL reads every relation, holding, event, figure and
statement with its sources and evidence: 45-94 s at a million triples on the on-disk store of a
shared machine (docs/benchmarks.md). The build makes the projection once, from the store it has
just written, and keeps it beside it; `kg.network.projection.project` reads it back (11-14x
faster) whenever the store it is given is the build's on-disk store. The build folder
is replaced as a whole (kg.files), so the file always belongs to the store beside it. A graph
opened any other way (in memory, rdflib, a remote server, a build without the file, or one written
by a kg whose format differs) is projected through SPARQL as before.

The file is plain JSON (no pickle: a build folder may come from someone else), holding exactly
the networkx graph: its attributes, its nodes and its edges with their keys and attributes, in
the sorted order `project` adds them in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

NETWORK_FILE = "network.json"
FORMAT = 1  # bumped whenever the file's layout or the projection's rule changes


def network_json(G: nx.MultiDiGraph[str]) -> bytes:
    """The graph as the bytes of `network.json`.

    >>> G = nx.MultiDiGraph(name="kg network", reprint_of={})
    >>> G.add_node("ani", label="Ani")
    >>> _ = G.add_edge("ani", "kakanwil", key="holds post", sources=["s0"], weight=1)
    >>> H = read_network_json(network_json(G))
    >>> list(H.edges(keys=True, data="sources")), H.nodes["ani"]
    ([('ani', 'kakanwil', 'holds post', ['s0'])], {'label': 'Ani'})
    """
    document = {"format": FORMAT, "graph": G.graph, "nodes": [[node, attrs] for node, attrs in G.nodes(data=True)],
                "edges": [[u, v, key, attrs] for u, v, key, attrs in G.edges(keys=True, data=True)]}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def read_network_json(data: bytes) -> nx.MultiDiGraph[str] | None:
    """The graph of a `network.json`, or None when it is of another format."""
    document: dict[str, Any] = json.loads(data)
    if document.get("format") != FORMAT:
        return None
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(**document["graph"])
    G.add_nodes_from((node, attrs) for node, attrs in document["nodes"])
    for u, v, key, attrs in document["edges"]:
        G.add_edge(u, v, key=key, **attrs)
    return G


def stored_network(build_dir: Path | None) -> nx.MultiDiGraph[str] | None:
    """The projection `kg build` kept in build_dir, or None when there is none to read."""
    if build_dir is None:
        return None
    path = build_dir / NETWORK_FILE
    try:
        return read_network_json(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError):  # missing or not kg's: project through SPARQL instead
        return None
