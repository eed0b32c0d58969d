"""The network as GraphML or GEXF, for Gephi, yEd and Cytoscape (`kg export`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.errors import UsageError

# GraphML and GEXF hold only scalars: lists and dicts are written as JSON text.
EXPORT_FORMATS = ("graphml", "gexf")


def exportable(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy whose attributes are all scalars (str, int, float, bool), as GraphML and GEXF need."""
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    H.graph.update(_scalars(G.graph))
    H.add_nodes_from((node, _scalars(attrs)) for node, attrs in G.nodes(data=True))
    for u, v, key, attrs in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **_scalars(attrs))
    return H


def _scalars(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value if isinstance(value, str | int | float | bool) else json.dumps(value, ensure_ascii=False)
            for name, value in attrs.items() if value is not None}


def write_network(G: nx.MultiDiGraph[str], target: Path | IO[bytes], fmt: str) -> None:
    """Write the network as GraphML or GEXF (1.2draft), files Gephi, yEd and Cytoscape open."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    H = exportable(G)
    if fmt == "graphml":
        nx.write_graphml(H, target)
    else:
        nx.write_gexf(H, target)
