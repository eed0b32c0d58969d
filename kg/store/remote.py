"""The remote backend: a SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, …) over the
SPARQL 1.1 Protocol, for graphs that have outgrown one process (see `kg push`).

Queries go out as HTTP POST forms with the predeclared prefixes written in and the
parameters bound inline (kg.store.sparqltext), since the server knows neither. Every query is
parsed here first, so a syntax error reads the same as on the embedded store. Answers
are asked for as SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) and read by
pyoxigraph, so rows and formats are those of the other backends.

The default graph: `kg serve` serves the build's store, whose default graph is the union of
the named graphs, each distinct triple once. On a server `kg push` filled, that union is the
graph `…/graph/all`, and every query names it as the default graph and kg's other graphs as the
named graphs (the protocol's `default-graph-uri` and `named-graph-uri`, which Oxigraph and
Virtuoso honour), so a plain pattern matches each triple once and `GRAPH ?g` never matches the
union copy. Left to itself, a server's default graph would be the union of its named graphs
with a triple once per graph (Oxigraph's `--union-default-graph`), or of all its graphs, its
own system graphs included (Virtuoso). On a server without `…/graph/all` (`kg serve`, or
filled by other means) the server's own dataset is used.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import GRAPH, UNION_GRAPH
from kg.store.graphstore import PREFIX_MAP, Answer, GraphStore, Term, query_form
from kg.store.sparqlclient import SparqlClient
from kg.store.sparqltext import bind_inline, with_prefixes

RESULTS_JSON = "application/sparql-results+json"
# Servers differ in the graph formats they offer; all of these are read.
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"


class RemoteStore(GraphStore):
    """A SPARQL 1.1 query endpoint, read over HTTP (kg.store.sparqlclient: Basic or Digest login)."""

    backend = "remote"

    def __init__(self, endpoint: str, *, user: str | None = None, password: str | None = None,
                 timeout: float = 300.0, allow_service: bool = False):
        self.endpoint = endpoint
        self.allow_service = allow_service
        self._client = SparqlClient(endpoint, user=user, password=password, timeout=timeout)
        self._dataset: tuple[list[str], list[str]] | None = None  # read by the first query: see dataset()

    def dataset(self) -> tuple[list[str], list[str]]:
        """The default and the named graphs every query names, read from the server once: after
        `kg push`, the union graph and kg's other graphs; else none, leaving the server's own dataset."""
        if self._dataset is None:
            rows = self._client.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                                       f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}')
            graphs = sorted(row["g"]["value"] for row in rows if "g" in row)
            union = str(UNION_GRAPH)
            self._dataset = ([union], [g for g in graphs if g != union]) if union in graphs else ([], [])
        return self._dataset

    def _answer(self, sparql: str, bindings: dict[str, Term]) -> Answer:
        form = query_form(sparql)
        text = with_prefixes(bind_inline(sparql, bindings), PREFIX_MAP)
        default_graphs, named_graphs = self.dataset()
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
