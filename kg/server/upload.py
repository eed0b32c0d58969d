"""How `kg push` sends the triples: the Graph Store Protocol when the server speaks it, else SPARQL Update.

Three ways, tried in this order when `--upload auto` (the default); each is probed with one triple
into a staging graph before anything large is sent:

- `quads`: N-Quads of many graphs in one POST to the server's Graph Store endpoint, with no graph
  named (the Oxigraph server, Fuseki, Virtuoso from 7.2.11). On Oxigraph, with `?no_transaction`:
  its bulk loader, which is fine for staging graphs that nobody reads.
- `triples`: N-Triples of one graph per POST, `?graph=IRI` (the protocol itself; Virtuoso 7.2.5).
- `update`: `INSERT DATA` requests (any SPARQL 1.1 server), at most 1,000 triples each: stock
  Virtuoso refuses an INSERT DATA of more than about 1,400 ("generated SQL text has exceeded 10000
  lines"; without MaxQueryCostEstimationTime its parser gives up near 5,000).

The Graph Store endpoint is `--store-endpoint`, or follows from the query endpoint: `…/query` →
`…/store` (Oxigraph), `…/sparql` → `…/sparql-graph-crud-auth` when logging in, `…/sparql-graph-crud`
when not (Virtuoso). A Graph Store upload of 100,000 triples is one request, where INSERT DATA
takes 100: on a 2-core machine, a million triples into Virtuoso in 10 s instead of some 300 s.

A blank node label names one node only within a request, so all of a graph's triples with blank
nodes travel in one request, whatever the chunk size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from kg.errors import KgError
from kg.store.sparqlclient import SparqlClient

Method = Literal["quads", "triples", "update"]
METHODS: tuple[Method, ...] = ("quads", "triples", "update")
UPDATE_CHUNK = 1000  # triples per INSERT DATA (see above)
STORE_CHUNK = 100_000  # triples per Graph Store request: some 15 MB of N-Triples
PROBE = '<urn:kg:push-probe> <urn:kg:push-probe> "probe" .'


def store_endpoint(query_url: str, *, authenticated: bool) -> str:
    """The Graph Store Protocol endpoint that goes with a query endpoint, by the servers' conventions.

    >>> store_endpoint("http://localhost:7878/query", authenticated=False)
    'http://localhost:7878/store'
    >>> store_endpoint("http://localhost:8890/sparql", authenticated=True)
    'http://localhost:8890/sparql-graph-crud-auth'
    >>> store_endpoint("http://localhost:8890/sparql", authenticated=False)
    'http://localhost:8890/sparql-graph-crud'
    """
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        path = path.removesuffix("query") + "store"
    elif path.endswith("/sparql"):
        path += "-graph-crud-auth" if authenticated else "-graph-crud"
    else:
        return query_url
    return urlunsplit(parts._replace(path=path, query=""))


@dataclass(frozen=True)
class Piece:
    """One upload request: (graph IRI, triple) pairs, each triple an N-Triples statement ("s p o .")."""

    triples: list[tuple[str, str]]
    graph: str | None  # the one graph of the piece, or None when it mixes graphs (quads only)
    blank: bool


class Uploader:
    """Sends pieces to the server by one method (`probe` picks it)."""

    def __init__(self, client: SparqlClient, store_url: str):
        self.client = client
        self.store_url = store_url
        self.method: Method = "update"
        self.oxigraph = False  # the server named itself Oxigraph: its bulk loader takes staging graphs

    def probe(self, wanted: str, graph: str) -> Method:
        """Pick the first method of `wanted` ("auto" = all, in order) that stores one triple into
        `graph` (a staging graph, deleted with the others); raise the last refusal if none does."""
        candidates = METHODS if wanted == "auto" else tuple(m for m in METHODS if m == wanted)
        failure: KgError | None = None
        for method in candidates:
            self.method = method
            try:
                self.send(Piece([(graph, PROBE)], graph if method != "quads" else None, False))
            except KgError as exc:
                if "refused user" in str(exc) or "cannot connect" in str(exc):
                    raise  # the same answer for every method
                failure = exc
                continue
            self.oxigraph = self.client.server.startswith("Oxigraph")
            # Arrived where it was sent? (Virtuoso 7.2.5 answers 200 to N-Quads and stores nothing.)
            rows = self.client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            if rows and rows[0]["n"]["value"] == "1":
                return method
            failure = KgError(f"{self.store_url if method != 'update' else self.client.update_url} accepted "
                              f"the {method} upload of one triple, but it is not in <{graph}>")
            self.client.update(f"DROP SILENT GRAPH <{graph}>")
        assert failure is not None
        raise KgError(f"the server takes none of the upload methods tried ({', '.join(candidates)}); "
                      f"the last answer: {failure}")

    def pieces(self, graphs: dict[str, list[str]], blank: dict[str, list[str]], chunk: int) -> Iterator[Piece]:
        """The requests for `graphs` (graph IRI -> triples), by the chosen method."""
        if self.method == "quads":
            batch: list[tuple[str, str]] = []
            for name, triples in graphs.items():
                if blank.get(name):
                    yield Piece([(name, text) for text in blank[name]], None, True)
                for text in triples:
                    batch.append((name, text))
                    if len(batch) >= chunk:
                        yield Piece(batch, None, False)
                        batch = []
            if batch:
                yield Piece(batch, None, False)
            return
        for name, triples in graphs.items():
            if blank.get(name):
                yield Piece([(name, text) for text in blank[name]], name, True)
            for start in range(0, len(triples), chunk):
                yield Piece([(name, text) for text in triples[start:start + chunk]], name, False)

    def send(self, piece: Piece, *, replace: bool = False) -> None:
        """Send one piece; with `replace` (the method "triples" only), in place of what its graph held (a PUT)."""
        if self.method == "update":
            assert piece.graph is not None
            body = "\n".join(text for _, text in piece.triples)
            data = f"{{ GRAPH <{piece.graph}> {{\n{body}\n}} }}"
            # Virtuoso refuses blank nodes in INSERT DATA; a template with no WHERE takes them anywhere.
            self.client.update(f"INSERT {data} WHERE {{}}" if piece.blank else f"INSERT DATA {data}")
        elif self.method == "triples":
            assert piece.graph is not None
            text = "".join(f"{triple}\n" for _, triple in piece.triples)
            # text/turtle: N-Triples is Turtle, and Virtuoso 7.2 knows no application/n-triples
            self.client.post(f"{self.store_url}?graph={quote(piece.graph, safe='')}", text.encode(), "text/turtle",
                             method="PUT" if replace else "POST")
        else:
            text = "".join(f"{triple[:-1]}<{name}> .\n" for name, triple in piece.triples)
            bulk = "?no_transaction" if self.oxigraph else ""
            self.client.post(f"{self.store_url}{bulk}", text.encode(), "application/n-quads")
