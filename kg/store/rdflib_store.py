"""The rdflib backend: the build held in an rdflib Dataset, queried by rdflib's SPARQL engine.

It is there for small graphs and for code that wants rdflib objects anyway (pySHACL and
the RDF serialisers work on rdflib). It is the slowest backend by far at scale (see
docs/benchmarks.md), and its engine would read files and URLs named in `FROM`, so it
runs with rdflib's graph loading switched off, and kg's SERVICE guard in front.

Answers are handed over as W3C SPARQL JSON and read back by pyoxigraph, so rows, formats
and serialisation are exactly those of the other backends.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib.plugins.sparql
import rdflib.plugins.sparql.aggregates as aggregates
from pyparsing import ParseException
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql.sparql import NotBoundError

from kg.errors import KgError, UsageError
from kg.files import readable_folder
from kg.store.graphstore import BUILD_FILE, PREFIX_MAP, UNION_FILE, Answer, GraphStore, Term, query_form
from kg.store.sparqltext import bind_inline


def _skip_unbound_in_distinct(use_row: Any) -> Any:
    """rdflib raises "Variable … is not bound" for COUNT/GROUP_CONCAT(DISTINCT ?x) when ?x is
    unbound in a row (an unmatched OPTIONAL), where SPARQL skips the row (RDFLib/rdflib#882,
    open). Several named questions aggregate optional values, so the fix is applied here,
    once, for this process."""
    @functools.wraps(use_row)
    def checked(self: aggregates.Accumulator, row: Any) -> bool:
        try:
            return bool(use_row(self, row))
        except NotBoundError:
            return False
    checked.kg_patched = True  # type: ignore[attr-defined]
    return checked


if not getattr(aggregates.Accumulator.use_row, "kg_patched", False):
    aggregates.Accumulator.use_row = _skip_unbound_in_distinct(aggregates.Accumulator.use_row)  # type: ignore[method-assign]


class RdflibStore(GraphStore):
    """A read-only rdflib Dataset: the named graphs, and their union (each triple once) as the default graph."""

    backend = "rdflib"

    def __init__(self, dataset: Dataset, *, allow_service: bool = False):
        self.dataset = dataset
        self.allow_service = allow_service

    @classmethod
    def open_build(cls, build_dir: Path, *, allow_service: bool = False) -> RdflibStore:
        build_dir = readable_folder(build_dir)
        path = build_dir / BUILD_FILE
        if not path.is_file():
            raise UsageError(f"{build_dir}: no built graph ({BUILD_FILE} missing); run `kg build` first")
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        union = build_dir / UNION_FILE
        if union.is_file():
            dataset.default_graph.parse(union, format="nt")
        else:
            for s, p, o, _graph in list(dataset.quads((None, None, None, None))):
                dataset.default_graph.add((s, p, o))
        return cls(dataset, allow_service=allow_service)

    def __len__(self) -> int:
        # The quads of the named graphs; the default graph is their union stored once more.
        return sum(len(graph) for graph in self.dataset.graphs() if graph.identifier != DATASET_DEFAULT_GRAPH_ID)

    def _answer(self, sparql: str, bindings: dict[str, Term]) -> Answer:
        form = query_form(sparql)  # syntax errors with line and column, as on every backend
        # FROM <file:…> / <http:…> would make rdflib fetch and parse that address.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        try:
            result = self.dataset.query(bind_inline(sparql, bindings), initNs=PREFIX_MAP)
        except ParseException as exc:
            raise KgError(f"rdflib cannot read this query: {exc}") from None
        if form == "graph":
            assert result.graph is not None
            return list(ox.parse(result.graph.serialize(format="nt", encoding="utf-8"),
                                 format=ox.RdfFormat.N_TRIPLES))
        answer = ox.parse_query_results(result.serialize(format="json"), format=ox.QueryResultsFormat.JSON)
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
        return answer
