"""Load a build's graph into a SPARQL 1.1 server, replacing what the previous push put there in one step.

`push` reads `kg.nq` and, over SPARQL 1.1 Update only:

1. checks that the query endpoint answers and that it may write (an update that changes nothing);
2. uploads every graph into a fresh staging graph, `https://w3id.org/bpjs-kg/staging/<run>/<name>`,
   in `INSERT DATA` requests of at most `chunk_triples` triples; one more graph, `…/graph/all`, holds
   their union, each distinct triple once, which kg's remote backend names as the default graph of
   its queries (kg.store.remote);
3. swaps, in ONE update operation: deletes the kg graphs (every graph under
   `https://w3id.org/bpjs-kg/graph/`, so graphs the build no longer has go too; with `graph=IRI`,
   only that graph) and inserts the staged triples under their real names;
4. deletes the staging graphs, and counts the triples per graph at the query endpoint against what it sent.

If anything fails before the swap commits, the staging graphs are deleted and the old graphs were
never touched. What the swap guarantees depends on the server (the README's "Pushing to a SPARQL
server" has the details, tests/test_server_push.py checks them): on Oxigraph it is one transaction and
readers read snapshots, so they see the old graphs or the new ones; on Virtuoso it is one
transaction (a failure rolls all of it back), but readers see committed rows, not a snapshot, so a
query running at the instant of the commit may count part of both.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.files import readable_folder
from kg.namespaces import GRAPH, UNION_GRAPH
from kg.progress import NO_PROGRESS, Steps
from kg.store.graphstore import BUILD_FILE
from kg.store.sparqlclient import SparqlClient

GRAPH_BASE = str(GRAPH)
STAGING_BASE = "https://w3id.org/bpjs-kg/staging/"
# Stock Virtuoso (MaxQueryCostEstimationTime set) refuses an INSERT DATA of more than about
# 1,400 triples ("generated SQL text has exceeded 10000 lines"); without that setting, its parser
# gives up near 5,000. Oxigraph takes any size.
CHUNK_TRIPLES = 1000


@dataclass(frozen=True)
class PushReport:
    """What a push sent: triples per graph IRI, where, and how long it took."""

    update_url: str
    graphs: dict[str, int]
    seconds: float

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def update_endpoint(query_url: str, *, authenticated: bool) -> str:
    """The update endpoint that goes with a query endpoint, by the servers' conventions.

    `…/query` → `…/update` (Oxigraph, Fuseki); `…/sparql` → `…/sparql-auth` when logging in
    (Virtuoso); anything else: the same URL.

    >>> update_endpoint("http://localhost:7878/query", authenticated=False)
    'http://localhost:7878/update'
    >>> update_endpoint("http://localhost:8890/sparql", authenticated=True)
    'http://localhost:8890/sparql-auth'
    >>> update_endpoint("http://localhost:8890/sparql", authenticated=False)
    'http://localhost:8890/sparql'
    """
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        path = path.removesuffix("query") + "update"
    elif path.endswith("/sparql") and authenticated:
        path += "-auth"
    else:
        return query_url
    return urlunsplit(parts._replace(path=path))


@dataclass
class GraphText:
    """One graph's triples as SPARQL text; those with blank nodes apart, as they must travel in one request."""

    plain: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.plain) + len(self.blank)


def read_graphs(nquads: Path, *, graph: str | None = None) -> dict[str, GraphText]:
    """The triples of an N-Quads file as SPARQL text, by graph IRI, in file order: each graph, and
    their union (each distinct triple once) as `UNION_GRAPH`; or, with `graph`, the union alone, in it."""
    if not nquads.is_file():
        raise UsageError(f"{nquads}: no such file; run `kg build` first, or name the build with --build")
    graphs: dict[str, GraphText] = {}
    union = graph or str(UNION_GRAPH)
    seen: set[str] = set()  # the same triple may come from several graphs; the union takes it once
    try:
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            text = f"{quad.subject} {quad.predicate} {quad.object} ."
            blank = isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
            names = [union] if text not in seen else []
            seen.add(text)
            if graph is None:
                names.append(_graph_iri(quad.graph_name, nquads))
            for name in names:
                target = graphs.setdefault(name, GraphText())
                (target.blank if blank else target.plain).append(text)
    except SyntaxError as exc:
        raise UsageError(f"{nquads}: not N-Quads: {exc}") from exc
    return graphs


def push(build_dir: Path, endpoint: str, *, graph: str | None = None, update_url: str | None = None,
         user: str | None = None, password: str | None = None, chunk_triples: int = CHUNK_TRIPLES,
         timeout: float = 600.0, steps: Steps = NO_PROGRESS) -> PushReport:
    """Replace the kg graphs on the server whose SPARQL query endpoint is `endpoint` with the build's.

    Without `graph`, the build's named graphs keep their IRIs, and every other graph under
    https://w3id.org/bpjs-kg/graph/ on the server is deleted; with `graph`, all the triples go into
    that one graph, and only it is replaced. Raises `KgError` (the old graphs intact) on failure.
    """
    started = time.monotonic()
    client = SparqlClient(endpoint, update_url or update_endpoint(endpoint, authenticated=user is not None),
                          user=user, password=password, timeout=timeout)
    if graph is not None:
        graph = _iri(graph)
    graphs = read_graphs(readable_folder(Path(build_dir)) / BUILD_FILE, graph=graph)
    staging = f"{STAGING_BASE}{uuid.uuid4().hex}/"
    staged = {name: staging + (name.removeprefix(GRAPH_BASE) if graph is None else "graph") for name in graphs}

    client.query("ASK {}")  # the query endpoint answers
    client.update(f"DROP SILENT GRAPH <{staging}>")  # we may write, before sending megabytes
    cleanup = f"DELETE {{ GRAPH ?staged {{ ?s ?p ?o }} }} WHERE {{ {_staged(staging)} }}"
    try:
        pieces = _pieces(graphs, chunk_triples)
        total = sum(len(text) for text in graphs.values())
        for name, piece, blank in steps.track(pieces, f"uploading {total:,} triples in {len(pieces):,} requests"):
            body = "\n".join(piece)
            data = f"{{ GRAPH <{staged[name]}> {{\n{body}\n}} }}"
            # Virtuoso refuses blank nodes in INSERT DATA; a template with no WHERE takes them anywhere.
            client.update(f"INSERT {data} WHERE {{}}" if blank else f"INSERT DATA {data}")
        with steps.step("replacing the graphs on the server"):
            client.update(_swap(staging, graph))
    except BaseException:  # Ctrl-C too: leave no staging graphs behind
        with contextlib.suppress(KgError):  # the server is gone: the first error is the one to report
            client.update(cleanup)
        raise
    # Not part of the swap: the swap is shorter without it, and nothing reads the staging graphs.
    with steps.step("deleting the staging graphs"):
        client.update(cleanup)
    with steps.step("counting the triples on the server"):
        _check(client, graphs, graph)
    return PushReport(client.update_url, {name: len(text) for name, text in graphs.items()},
                      time.monotonic() - started)


def _graph_iri(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, nquads: Path) -> str:
    if not isinstance(name, ox.NamedNode) or not name.value.startswith(GRAPH_BASE):
        raise UsageError(f"{nquads}: {name} is not one of kg's graphs (under {GRAPH_BASE}); "
                         "push everything into one graph with --graph IRI")
    return name.value


def _iri(text: str) -> str:
    try:
        return ox.NamedNode(text).value
    except ValueError as exc:
        raise UsageError(f"--graph: {text!r} is not an IRI: {exc}") from exc


def _pieces(graphs: dict[str, GraphText], chunk: int) -> list[tuple[str, list[str], bool]]:
    """(graph, triples, with blank nodes?) per upload request: one graph per request, and all of a
    graph's triples with blank nodes in one, since a blank node label names one node only within a request."""
    pieces = []
    for name, text in graphs.items():
        if text.blank:
            pieces.append((name, text.blank, True))
        pieces += [(name, text.plain[start:start + chunk], False) for start in range(0, len(text.plain), chunk)]
    return pieces


def _swap(staging: str, graph: str | None) -> str:
    """The update that deletes the kg graphs (or `graph`) and inserts the staged triples under their real names.

    One DELETE/INSERT operation, not DROP and MOVE: Virtuoso keeps the operations of a request that
    ran before a failing one, and one operation fails as a whole. SPARQL applies the deletions before
    the insertions, so a triple that is in both the old and the new graph stays.
    """
    if graph is None:
        old = f'GRAPH ?old {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?old), "{GRAPH_BASE}"))'
        new = f'IRI(CONCAT("{GRAPH_BASE}", STRAFTER(STR(?staged), "{staging}")))'
    else:
        old = f"GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?old)"
        new = f"<{graph}>"
    return ("DELETE { GRAPH ?old { ?s ?p ?o } } INSERT { GRAPH ?new { ?s ?p ?o } }\n"
            f"WHERE {{ {{ {old} }} UNION {{ {_staged(staging)} BIND({new} AS ?new) }} }}")


def _staged(staging: str) -> str:
    return f'GRAPH ?staged {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?staged), "{staging}"))'


def _check(client: SparqlClient, graphs: dict[str, GraphText], graph: str | None) -> None:
    """The query endpoint shows as many graphs and triples as were sent (in one row: Virtuoso caps rows)."""
    where = (f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{graph}>)" if graph is not None else
             f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}"))')
    row = client.select(f"SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples) WHERE {{ {where} }}")[0]
    found = int(row["graphs"]["value"]), int(row["triples"]["value"])
    sent = len(graphs), sum(len(text) for text in graphs.values())
    if found != sent:
        raise KgError(f"the graphs were replaced, but {client.query_url} shows {found[1]:,} triples in "
                      f"{found[0]:,} graph(s), not the {sent[1]:,} in {sent[0]:,} that were sent "
                      "(another push at the same time?)")
