"""The built graph, open for questions: one interface (GraphStore), several engines.

The default engine is the embedded Oxigraph (pyoxigraph), in memory or opened from the
on-disk store `kg build` writes. Why not rdflib's own SPARQL by default: it dereferences
`FROM <file:///…>`, `LOAD` and `SERVICE`, has no timeout, and is 20-1000x slower at a
million triples. Oxigraph evaluates in Rust and never touches the network or the file
system while answering a query. kg.store.rdflib_store and kg.store.remote are the other
backends; kg.store.backends chooses.

Every named graph of the build (one per source, registry, background, analyst,
derived, ontology) is kept, and the default graph holds their union stored once
more as a graph of its own: each distinct triple once, however many graphs state
it. Plain queries see everything, one row per answer, and `GRAPH ?g { … }`
still tells which sources said what (it never matches the default graph).

Why a stored union rather than the engine's union of the named graphs
(`use_default_graph_as_union`): Oxigraph 0.5 returns a triple once per graph
that holds it (oxigraph/oxigraph#1919, fixed only in 0.6), so a fact three
articles state came back three times and COUNT(*) counted it thrice.
Virtuoso's union is a bag too. Storing the union costs a second copy of the
triples (docs/benchmarks.md); the answers are right on every engine.

On Oxigraph, parameters are bound through substitutions (SEP-0007): the value
replaces the variable inside the parsed query, so no text is ever spliced into
the query. (The other backends take text; kg.store.sparqltext binds there.) Two
consequences the question files follow:

* a bound variable must be in the SELECT projection;
* `BOUND(?param)` is an error once the variable is substituted, so an optional
  parameter is tested with `COALESCE(?param = ?x, true)`, which is true when the
  parameter is left out and compares when it is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.files import readable_folder
from kg.namespaces import PREFIXES
from kg.store.sparqlguard import refuse_service

PREFIX_MAP = {name: str(namespace) for name, namespace in PREFIXES.items()}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# What a backend returns: pyoxigraph's answer objects, or plain triples for a graph answer.
Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]

BUILD_FILE = "kg.nq"  # the named graphs: the provenance
UNION_FILE = "kg.nt"  # their union, each distinct triple once: the default graph
STORE_DIR = "store"  # the on-disk Oxigraph store `kg build` writes beside kg.nq

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
    """The one query interface every backend offers: SPARQL in, QueryResult or W3C formats out.

    Backends (kg.store.backends.open_store chooses one): the embedded Oxigraph, in memory or on
    disk (this module); rdflib in memory (kg.store.rdflib_store); a remote SPARQL 1.1 server
    (kg.store.remote). A backend only says how to run a query; prefixes, the SERVICE
    guard, result conversion and serialisation are the same for all of them, here.
    """

    backend = "abstract"
    build_dir: Path | None = None  # the build folder of an on-disk store, whose other files go with it
    allow_service = False  # Oxigraph and rdflib follow SERVICE <url>; kg stays offline unless asked

    @classmethod
    def from_build(cls, build_dir: Path, *, allow_service: bool = False) -> GraphStore:
        """Open the graph that `kg build` wrote into build_dir on the embedded Oxigraph."""
        return OxigraphStore.open_build(build_dir, allow_service=allow_service)

    @classmethod
    def from_nquads(cls, data: bytes | str) -> GraphStore:
        """Open a graph given as N-Quads text (for tests and notebooks that build in memory)."""
        store = ox.Store()
        store.bulk_load(data.encode() if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS)
        fill_default_graph(store)
        return OxigraphStore(store)

    def __len__(self) -> int:
        """The number of quads in the named graphs (the default graph's copy of their union not counted)."""
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(python_value(result.rows[0][0]))

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the backend holds (files, connections)."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query; the well-known prefixes (kg:, id:, skos:, org: …) are predeclared."""
        answer = self._run(sparql, bindings)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", [], [], boolean=bool(answer))
        with _evaluating():
            if isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [tuple(solution[v] for v in variables) for solution in answer]
                return QueryResult("select", variables, rows)
            return QueryResult("graph", [], [], triples=list(answer))

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None) -> Answer:
        if not self.allow_service:
            refuse_service(sparql)
        return self._answer(sparql, dict(bindings or {}))

    def _answer(self, sparql: str, bindings: dict[str, Term]) -> Answer:
        """Run the query on the backend's engine (the one method a backend must provide)."""
        raise NotImplementedError

    def serialize(self, sparql: str, fmt: str, bindings: Mapping[str, Term] | None = None) -> bytes:
        """Run a query and write its answer in a W3C results format (SELECT/ASK: json, xml,
        csv, tsv) or an RDF format (CONSTRUCT/DESCRIBE: turtle, jsonld, ntriples)."""
        answer = self._run(sparql, bindings)
        with _evaluating():
            return self._serialized(answer, fmt)

    @staticmethod
    def _serialized(answer: Answer, fmt: str) -> bytes:
        if not isinstance(answer, ox.QuerySolutions | ox.QueryBoolean):
            if fmt not in GRAPH_FORMATS:
                raise UsageError(f"--format {fmt} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer takes one of "
                                 f"{', '.join(GRAPH_FORMATS)}")
            if isinstance(answer, ox.QueryTriples):
                return answer.serialize(format=GRAPH_FORMATS[fmt]) or b""
            return ox.serialize(answer, format=GRAPH_FORMATS[fmt]) or b""
        if fmt not in RESULT_FORMATS:
            raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a SELECT or ASK answer takes one of "
                             f"table, {', '.join(RESULT_FORMATS)}")
        return answer.serialize(format=RESULT_FORMATS[fmt]) or b""

    def select(self, sparql: str, **bindings: Term) -> list[dict[str, Any]]:
        """Run a SELECT and return plain-Python rows."""
        return self.query(sparql, bindings).records()


@contextmanager
def _evaluating() -> Iterator[None]:
    """Oxigraph evaluates as the answer is read, so a SERVICE that answers with something other than
    SPARQL results (an HTML page, say) fails there, not when the query starts."""
    try:
        yield
    except RuntimeError as exc:
        raise KgError(f"query cannot run: {exc}") from None


class OxigraphStore(GraphStore):
    """The embedded Oxigraph (pyoxigraph), in memory or opened read-only from disk.

    Parameters are bound inside the parsed query (substitutions), never spliced into text.
    """

    backend = "oxigraph"

    def __init__(self, store: ox.Store, *, allow_service: bool = False, on_disk: bool = False):
        self._store = store
        self.allow_service = allow_service
        self.on_disk = on_disk

    @classmethod
    def open_build(cls, build_dir: Path, *, on_disk: bool | None = None,
                   allow_service: bool = False) -> OxigraphStore:
        """The build's on-disk store when it has one (and on_disk is not False), else kg.nq loaded into memory."""
        build_dir = readable_folder(build_dir)
        store_dir = build_dir / STORE_DIR
        if on_disk is not False and (store_dir / "CURRENT").is_file():
            try:
                # Read-only: several `kg query` runs can share one build; nothing can change it by accident.
                store = ox.Store.read_only(str(store_dir))
            except OSError as exc:
                raise UsageError(f"{store_dir}: cannot open the stored graph ({exc}); run `kg build` again") from None
            if not has_default_graph(store):
                raise UsageError(f"{store_dir}: written by an older kg (its default graph is empty, so every "
                                 "query would answer nothing); run `kg build` again")
            opened = cls(store, allow_service=allow_service, on_disk=True)
            opened.build_dir = build_dir
            return opened
        if on_disk:
            raise UsageError(f"{build_dir}: no on-disk store ({STORE_DIR}/ missing); run `kg build` again")
        path = build_dir / BUILD_FILE
        if not path.is_file():
            raise UsageError(f"{build_dir}: no built graph ({BUILD_FILE} missing); run `kg build` first")
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        union = build_dir / UNION_FILE
        if union.is_file():  # the build wrote the union already: loading it is faster than deriving it
            store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES)
        else:
            fill_default_graph(store)
        return cls(store, allow_service=allow_service)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers who need its full API."""
        return self._store

    def quads(self) -> Iterator[ox.Quad]:
        """The quads of the named graphs (the provenance), without the default graph's copy of their union."""
        return (quad for quad in self._store if not isinstance(quad.graph_name, ox.DefaultGraph))

    def _answer(self, sparql: str, bindings: dict[str, Term]) -> Answer:
        substitutions = {ox.Variable(name): value for name, value in bindings.items()}
        try:
            return self._store.query(sparql, prefixes=PREFIX_MAP, substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax {exc}") from None
        except RuntimeError as exc:  # e.g. a bound variable missing from the projection
            raise KgError(f"query cannot run: {exc}") from None


def fill_default_graph(store: ox.Store) -> None:
    """Store the union of the named graphs as the default graph, each distinct triple once."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def has_default_graph(store: ox.Store) -> bool:
    """Whether the store's default graph holds the union (an empty store counts as holding it)."""
    return bool(store.query("ASK { ?s ?p ?o }")) or not bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))


def stores_union(store_dir: Path) -> bool:
    """Whether store_dir is an on-disk store `kg build` wrote with the union as its default graph."""
    if not (store_dir / "CURRENT").is_file():
        return False
    try:
        store = ox.Store.read_only(str(store_dir))
    except OSError:
        return False
    try:
        return has_default_graph(store)
    finally:
        del store  # closes RocksDB before the server opens the folder


def query_form(sparql: str) -> str:
    """"select", "ask" or "graph", found by parsing (on an empty store): a syntax error is
    reported with its line and column before any other engine sees the query."""
    try:
        answer = ox.Store().query(sparql, prefixes=PREFIX_MAP)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(answer, ox.QuerySolutions) else "graph"


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
