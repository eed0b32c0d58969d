"""The remote backend: a SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, …) over the
SPARQL 1.1 Protocol, for graphs that have outgrown one process (see `kg push`).

Queries go out as HTTP POST forms with the predeclared prefixes written in and the
parameters bound inline (kg.store.sparqltext), since the server knows neither. Every query is
parsed here first, so a syntax error reads the same as on the embedded store. Answers
are asked for as SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) and read by
pyoxigraph, so rows and formats are those of the other backends.

The default graph: `kg serve` serves the build's store, whose default graph is the union of
the named graphs, each distinct triple once; there the server's own dataset is used, and no
graph is named in a request. On a server `kg push` filled, that union is the graph
`…/graph/all` (one cheap ASK finds it), and every query names it as the default graph (the
protocol's `default-graph-uri`, which Oxigraph and Virtuoso honour), so a plain pattern matches
each triple once. Left to itself, a server's default graph would be the union of its named graphs
with a triple once per graph (Oxigraph's `--union-default-graph`), or of all its graphs, its own
system graphs included (Virtuoso). Only a query that says GRAPH also names kg's other graphs as the
named graphs (`named-graph-uri`), so that `GRAPH ?g` never matches the union copy: naming a
default graph alone leaves Oxigraph with no named graph at all, and Virtuoso with all of them, the
union and its system graphs included. That list has one IRI per source (28,000 at 10^7 triples),
so it is read once, a page at a time, and sent only with the queries that need it
(entity-profile among the named questions; docs/benchmarks.md).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import GRAPH, UNION_GRAPH
from kg.store.graphstore import PREFIX_MAP, Answer, GraphStore, Term, query_form
from kg.store.sparqlclient import SparqlClient
from kg.store.sparqltext import bind_inline, names_graphs, with_prefixes

RESULTS_JSON = "application/sparql-results+json"
# Servers differ in the graph formats they offer; all of these are read.
GRAPH_PAGE = 5_000  # graph IRIs per page when listing them
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"


class RemoteStore(GraphStore):
    """A SPARQL 1.1 query endpoint, read over HTTP (kg.store.sparqlclient: Basic or Digest login)."""

    backend = "remote"

    def __init__(self, endpoint: str, *, user: str | None = None, password: str | None = None,
                 timeout: float = 300.0, allow_service: bool = False):
        self.endpoint = endpoint
        self.allow_service = allow_service
        self._client = SparqlClient(endpoint, user=user, password=password, timeout=timeout)
        self._dataset: tuple[list[str], list[str]] | None = None  # read by the first query that needs it
        self._union: bool | None = None  # whether the server holds kg push's union graph

    def dataset(self) -> tuple[list[str], list[str]]:
        """The default and the named graphs a query that says GRAPH names: after `kg push`, the union graph and
        kg's other graphs; else none, leaving the server's own dataset. Read from the server once."""
        if self._dataset is None:
            union = str(UNION_GRAPH)
            self._dataset = (([union], [g for g in self._kg_graphs() if g != union]) if self._has_union()
                             else ([], []))
        return self._dataset

    def _has_union(self) -> bool:
        """Whether `kg push` left the union graph on the server: one row asked for, cheap at any size (listing
        every graph, as this backend once did first, did not come back from the Oxigraph server at 10^7 triples).
        A SELECT, not an ASK: Virtuoso answers an ASK as rows of its own."""
        if self._union is None:
            probe = f"SELECT ?s WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 1"
            self._union = bool(self._client.select(probe))
        return self._union

    def _kg_graphs(self) -> list[str]:
        """kg's graphs on the server: Oxigraph lists its graphs for `GRAPH ?g {}` without reading a triple;
        Virtuoso answers that with one empty row, and is asked for the graphs of its triples instead, a page at
        a time (it sends at most 10,000 rows of an answer)."""
        rows = self._client.select("SELECT ?g WHERE { GRAPH ?g { } }")
        listed = [row["g"]["value"] for row in rows if "g" in row]
        if listed:
            return sorted(g for g in listed if g.startswith(str(GRAPH)))
        found: list[str] = []
        while True:
            rows = self._client.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                                       f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} ORDER BY ?g '
                                       f'LIMIT {GRAPH_PAGE} OFFSET {len(found)}')
            found += [row["g"]["value"] for row in rows if "g" in row]
            if len(rows) < GRAPH_PAGE:
                return found

    def graphs_for(self, sparql: str) -> tuple[list[str], list[str]]:
        """The default and named graphs to send with one query: none on a server without the union graph; the
        union graph alone for a query that names no graph; the union and kg's other graphs for one that does."""
        if not self._has_union():
            return [], []
        if not names_graphs(sparql):
            return [str(UNION_GRAPH)], []
        return self.dataset()

    def _answer(self, sparql: str, bindings: dict[str, Term]) -> Answer:
        form = query_form(sparql)
        text = with_prefixes(bind_inline(sparql, bindings), PREFIX_MAP)
        default_graphs, named_graphs = self.graphs_for(text)
        body, content_type = self._client.query(text, GRAPH_ACCEPT if form == "graph" else RESULTS_JSON,
                                                default_graphs=default_graphs, named_graphs=named_graphs)
        try:
            if form == "graph":
                rdf_format = ox.RdfFormat.from_media_type(content_type) or ox.RdfFormat.N_TRIPLES
                return [quad.triple for quad in ox.parse(body, format=rdf_format)]
            answer = ox.parse_query_results(_standard_json(body, form), format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise KgError(f"{self.endpoint} answered with something kg cannot read ({content_type}): {exc}") from None
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
        return answer


def _standard_json(body: bytes, form: str) -> bytes:
    """SPARQL JSON as the W3C writes it. Virtuoso still says "typed-literal", and answers an ASK
    as a SELECT of ?__ASK_RETVAL (one row holding 1 for true, no row for false)."""
    if b'"typed-literal"' not in body and not (form == "ask" and b'"boolean"' not in body):
        return body
    data = json.loads(body)
    rows = data.get("results", {}).get("bindings", [])
    if form == "ask" and "boolean" not in data:
        value = rows[0].get("__ASK_RETVAL", {}).get("value") if rows else "0"
        return json.dumps({"head": {}, "boolean": value in ("1", "true")}).encode()
    for row in rows:
        for value in row.values():
            if value.get("type") == "typed-literal":
                value["type"] = "literal"
    return json.dumps(data).encode()
