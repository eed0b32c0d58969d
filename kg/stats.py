"""Counts over the built graph: by class, per source, and the disagreements flagged.

The counts run on an in-memory Oxigraph store, which answers them in seconds at a million quads.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.rdf.quads import PREFIX_MAP, Quads

BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(kg:))) }
GROUP BY ?class ORDER BY DESC(?n) ?class"""

PER_SOURCE = """
SELECT ?source ?title (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  ?source a kg:Source ; dcterms:title ?title .
  OPTIONAL { ?fact prov:wasDerivedFrom ?source }
} GROUP BY ?source ?title ORDER BY ?source"""

# One row per flag and claim, with the claim's sources; joined per flag in Python, so that the
# order of the claims is the same on every run (GROUP_CONCAT's order is the engine's).
FLAGS = """
SELECT ?flag ?kind ?origin ?reason ?claim
       (GROUP_CONCAT(DISTINCT STRAFTER(STR(?source), STR(id:)); separator=", ") AS ?sources)
WHERE {
  ?flag a kg:Flag ; kg:flagKind/skos:notation ?kind ; kg:flaggedBy/skos:notation ?origin ;
        kg:reason ?reason ; kg:flaggedClaim ?claim .
  OPTIONAL { ?claim prov:wasDerivedFrom ?source }
} GROUP BY ?flag ?kind ?origin ?reason ?claim ORDER BY ?flag ?claim"""


@dataclass
class Stats:
    by_class: list[tuple[str, int]]
    per_source: list[tuple[str, str, int]]
    flags: list[tuple[str, str, str, str, str]]  # flag, kind, origin, claims (with their sources), reason
    triples: int


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _rows(store: ox.Store, query: str) -> list[list[str]]:
    answer = store.query(query, prefixes=PREFIX_MAP)
    assert isinstance(answer, ox.QuerySolutions)
    return [[cell.value if cell is not None else "" for cell in row] for row in answer]


def graph_stats(quads: Quads) -> Stats:
    store = ox.Store()
    # The counts need no provenance: the union alone, each triple once, as the default graph.
    store.bulk_load(quads.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    by_class = [(_local(r[0]), int(r[1])) for r in _rows(store, BY_CLASS)]
    per_source = [(_local(r[0]), r[1], int(r[2])) for r in _rows(store, PER_SOURCE)]
    flags: dict[str, tuple[str, str, str, str, str]] = {}
    for flag, kind, origin, reason, claim, sources in _rows(store, FLAGS):
        side = f"{_local(claim)} ({sources})" if sources else _local(claim)
        first = flags.setdefault(flag, (_local(flag), kind, origin, side, reason))
        if first[3] != side:
            flags[flag] = (*first[:3], f"{first[3]}, {side}", reason)
    return Stats(by_class, per_source, list(flags.values()), quads.triple_count)
