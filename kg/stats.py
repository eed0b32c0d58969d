"""Counts over the built graph: by class, per source, and the flags raised."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from kg.shacl import union_graph

BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(kg:))) }
GROUP BY ?class ORDER BY DESC(?n) ?class"""

PER_SOURCE = """
SELECT ?source ?title (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  ?source a kg:Source ; dcterms:title ?title .
  OPTIONAL { ?fact prov:wasDerivedFrom ?source }
} GROUP BY ?source ?title ORDER BY ?source"""

FLAGS = """
SELECT ?flag ?kind ?origin ?reason (GROUP_CONCAT(STRAFTER(STR(?fig), STR(id:)); separator=", ") AS ?figures)
WHERE {
  ?flag a kg:Flag ; kg:flagKind/skos:notation ?kind ; kg:flaggedBy/skos:notation ?origin ;
        kg:reason ?reason ; kg:flaggedFigure ?fig .
} GROUP BY ?flag ?kind ?origin ?reason ORDER BY ?flag"""


@dataclass
class Stats:
    by_class: list[tuple[str, int]]
    per_source: list[tuple[str, str, int]]
    flags: list[tuple[str, str, str, str, str]]
    triples: int


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _rows(graph: Graph, query: str) -> list[list[str]]:
    return [[str(cell) for cell in row] for row in graph.query(query)]  # type: ignore[union-attr]


def graph_stats(dataset: Dataset) -> Stats:
    graph = union_graph(dataset)
    by_class = [(_local(r[0]), int(r[1])) for r in _rows(graph, BY_CLASS)]
    per_source = [(_local(r[0]), r[1], int(r[2])) for r in _rows(graph, PER_SOURCE)]
    flags = [(_local(r[0]), r[1], r[2], r[4], r[3]) for r in _rows(graph, FLAGS)]
    return Stats(by_class, per_source, flags, len(graph))
