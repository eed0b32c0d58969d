"""The built graph, opened for questions on a real SPARQL engine (pyoxigraph).

Why pyoxigraph and not rdflib's own SPARQL: rdflib's engine dereferences
`FROM <file:///…>`, `LOAD` and `SERVICE`, has no timeout, and is 20-1000x slower
at a million triples. Oxigraph evaluates in Rust and never touches the network
or the file system while answering a query.

Every named graph of the build (one per source, registry, background, analyst,
derived, ontology) is kept; the default graph of a query is their union, so
plain queries see everything and `GRAPH ?g { … }` still tells which source
said what.

Parameters are bound through Oxigraph's substitutions (SEP-0007): the value
replaces the variable inside the parsed query, so no text is ever spliced into
the query. Two consequences the question files follow:

* a bound variable must be in the SELECT projection;
* `BOUND(?param)` is an error once the variable is substituted, so an optional
  parameter is tested with `COALESCE(?param = ?x, true)`, which is true when the
  parameter is left out and compares when it is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.namespaces import PREFIXES
from kg.sparqlguard import refuse_service

PREFIX_MAP = {name: str(namespace) for name, namespace in PREFIXES.items()}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

BUILD_FILE = "kg.nq"

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


class QuerySyntaxError(KgError):
    """The query text does not parse; the message carries line and column."""


@dataclass
class QueryResult:
    """The answer to one query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None

    def records(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of plain Python values (str, int, Decimal, date, bool); unbound is None."""
        return [{name: python_value(term) for name, term in zip(self.variables, row, strict=True)}
                for row in self.rows]


XSD = "http://www.w3.org/2001/XMLSchema#"


def python_value(term: Term | None) -> Any:
    """The plain Python value of a term: IRIs and strings as str, numbers, booleans and dates typed."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)
    datatype = term.datatype.value
    try:
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in (XSD + "integer", XSD + "nonNegativeInteger", XSD + "int", XSD + "long"):
            return int(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


class GraphStore:
    """A read-only pyoxigraph store holding one build; the default graph is the union of its named graphs."""

    def __init__(self, store: ox.Store, *, allow_service: bool = False):
        self._store = store
        # Oxigraph follows SERVICE <url>; kg stays offline unless the caller opts in.
        self.allow_service = allow_service

    @classmethod
    def from_build(cls, build_dir: Path, *, allow_service: bool = False) -> GraphStore:
        """Open the graph that `kg build` wrote into build_dir."""
        path = build_dir / BUILD_FILE
        if not path.is_file():
            raise UsageError(f"{build_dir}: no built graph ({BUILD_FILE} missing); run `kg build` first")
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return cls(store, allow_service=allow_service)

    @classmethod
    def from_nquads(cls, data: bytes | str) -> GraphStore:
        """Open a graph given as N-Quads text (for tests and notebooks that build in memory)."""
        store = ox.Store()
        store.bulk_load(data.encode() if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS)
        return cls(store)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers who need its full API."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query; the well-known prefixes (kg:, id:, skos:, org: …) are predeclared."""
        answer = self._run(sparql, bindings)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", [], [], boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult("graph", [], [], triples=list(answer))
        variables = [v.value for v in answer.variables]
        rows = [tuple(solution[v] for v in variables) for solution in answer]
        return QueryResult("select", variables, rows)

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None) -> Answer:
        if not self.allow_service:
            refuse_service(sparql)
        substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
        try:
            answer = self._store.query(sparql, prefixes=PREFIX_MAP, use_default_graph_as_union=True,
                                       substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax {exc}") from None
        except RuntimeError as exc:  # e.g. a bound variable missing from the projection
            raise KgError(f"query cannot run: {exc}") from None
        return answer

    def serialize(self, sparql: str, fmt: str, bindings: Mapping[str, Term] | None = None) -> bytes:
        """Run a query and write its answer straight from the engine in a W3C results format
        (SELECT/ASK: json, xml, csv, tsv) or an RDF format (CONSTRUCT/DESCRIBE: turtle, jsonld, ntriples)."""
        answer = self._run(sparql, bindings)
        if isinstance(answer, ox.QueryTriples):
            if fmt not in GRAPH_FORMATS:
                raise UsageError(f"--format {fmt} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer takes one of "
                                 f"{', '.join(GRAPH_FORMATS)}")
            return answer.serialize(format=GRAPH_FORMATS[fmt]) or b""
        if fmt not in RESULT_FORMATS:
            raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a SELECT or ASK answer takes one of "
                             f"table, {', '.join(RESULT_FORMATS)}")
        return answer.serialize(format=RESULT_FORMATS[fmt]) or b""

    def select(self, sparql: str, **bindings: Term) -> list[dict[str, Any]]:
        """Run a SELECT and return plain-Python rows."""
        return self.query(sparql, bindings).records()


def compact(term: Term | None) -> str:
    """A term as a person reads it: prefixed IRIs (id:muhyidin), literal values, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, namespace in _LONGEST_FIRST:
            if term.value.startswith(namespace):
                return f"{name}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


_LONGEST_FIRST = sorted(PREFIX_MAP.items(), key=lambda item: -len(item[1]))
