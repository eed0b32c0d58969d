"""Load a build's graph into a SPARQL 1.1 server, replacing what the previous push put there.

`push` reads `kg.nq` and:

1. checks that the query endpoint answers and that it may write (an update that changes nothing);
2. uploads every graph into a fresh staging graph, `https://w3id.org/bpjs-kg/staging/<run>/<name>`,
   by the Graph Store Protocol where the server speaks it, else by `INSERT DATA` (kg.server.upload);
   one more graph, `…/graph/all`, holds their union, each distinct triple once, which kg's remote
   backend names as the default graph of its queries (kg.store.remote);
3. swaps the staged graphs in for the kg graphs (every graph under `https://w3id.org/bpjs-kg/graph/`,
   so graphs the build no longer has go too; with `graph=IRI`, only that graph), one of three ways:
   - `one-operation`: ONE update operation, `DELETE { GRAPH ?old … } INSERT { GRAPH ?new … } WHERE …`:
     atomic on any server that makes an operation atomic, Virtuoso included; but stock Virtuoso aborts
     it above some 100,000 triples (its 60 s MaxQueryExecutionTime, and "log after image size went above
     the limit" at a million), and Oxigraph takes minutes for it at a million (every quad is filtered);
   - `one-request`: one request of `DROP` and `MOVE` operations, one per graph: one transaction on the
     Oxigraph server, which runs every update request in one (a failing operation rolls the request
     back), so atomic there, and fast (MOVE is a graph at a time); Virtuoso keeps the operations of a
     request that ran before a failing one, so not atomic there;
   - `graph-by-graph`: no staging at all: each graph is written in place of the old one; by N-Triples
     (Virtuoso), a graph that fits one request (STORE_CHUNK triples) is replaced whole by a PUT, a
     larger one (the union) dropped and then filled a request at a time; by N-Quads (Oxigraph, whose
     transactions slow down with their size, so a PUT per graph took 100 ms) or INSERT DATA, the
     graphs of each request are dropped just before it; then the kg graphs the build no longer has
     are dropped. Not atomic: for the length of the upload a reader sees some graphs
     new and some old (and the union part-filled), and a failure half-way leaves them so (the error
     says it; pushing again finishes the job). Moving staged graphs into place instead took Virtuoso
     longer than the whole upload at a million triples (MOVE of one graph is fast there, 8 s for a
     million triples, but 2,904 of them in requests of 100 did not finish in 8 minutes).
   "auto" takes, up to ATOMIC_LIMIT triples, `one-request` on the Oxigraph server and `one-operation`
   elsewhere, and `graph-by-graph` above;
4. deletes what is left of the staging graphs, and counts the triples per graph at the query endpoint
   against what it sent.

If anything fails before the swap, the staging graphs are deleted and the old graphs were never touched.
What the swap guarantees depends on the server (the README's "Pushing to a SPARQL server" has the
details, tests/test_server_push.py checks them): on Oxigraph readers read snapshots, so they see the old
graphs or the new ones; on Virtuoso readers see committed rows, not a snapshot, so a query running at
the instant of the commit may count part of both.
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
from kg.server.upload import STORE_CHUNK, UPDATE_CHUNK, Uploader, store_endpoint
from kg.store.graphstore import BUILD_FILE
from kg.store.sparqlclient import SparqlClient

GRAPH_BASE = str(GRAPH)
STAGING_BASE = "https://w3id.org/bpjs-kg/staging/"
SWAPS = ("one-operation", "one-request", "graph-by-graph")
# Above this many triples (the graphs and their union), "auto" swaps graph by graph: stock Virtuoso
# aborts one operation that runs longer than 60 s, which it reached between 100,000 and 600,000
# triples on a 2-core machine; and one Oxigraph transaction of two million writes took minutes.
ATOMIC_LIMIT = 100_000
GRAPHS_PER_REQUEST = 100  # DROP or MOVE operations per request in a graph-by-graph swap
PAGE = 5_000  # rows per page when listing the graphs on the server


@dataclass(frozen=True)
class PushReport:
    """What a push sent: triples per graph IRI, where, how long it took, how it uploaded and swapped."""

    update_url: str
    graphs: dict[str, int]
    seconds: float
    upload: str = ""
    swap: str = ""

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
         store_url: str | None = None, user: str | None = None, password: str | None = None,
         upload: str = "auto", chunk_triples: int | None = None, swap: str = "auto",
         atomic_limit: int = ATOMIC_LIMIT, timeout: float = 600.0, steps: Steps = NO_PROGRESS) -> PushReport:
    """Replace the kg graphs on the server whose SPARQL query endpoint is `endpoint` with the build's.

    Without `graph`, the build's named graphs keep their IRIs, and every other graph under
    https://w3id.org/bpjs-kg/graph/ on the server is deleted; with `graph`, all the triples go into
    that one graph, and only it is replaced. `upload` is a method of kg.server.upload or "auto";
    `swap` one of SWAPS or "auto" (see `choose_swap`). Raises `KgError` on failure, saying whether
    the old graphs are intact (always, but in a `graph-by-graph` swap that failed half-way).
    """
    started = time.monotonic()
    authenticated = user is not None
    client = SparqlClient(endpoint, update_url or update_endpoint(endpoint, authenticated=authenticated),
                          user=user, password=password, timeout=timeout)
    if graph is not None:
        graph = _iri(graph)
    graphs = read_graphs(readable_folder(Path(build_dir)) / BUILD_FILE, graph=graph)
    run = uuid.uuid4().hex
    staging, probe = f"{STAGING_BASE}{run}/", f"{STAGING_BASE}{run}-probe"
    staged = {name: staging + (name.removeprefix(GRAPH_BASE) if graph is None else "graph") for name in graphs}
    uploader = Uploader(client, store_url or store_endpoint(endpoint, authenticated=authenticated))

    client.query("ASK {}")  # the query endpoint answers
    client.update(f"DROP SILENT GRAPH <{staging}>")  # we may write, before sending megabytes
    total = sum(len(text) for text in graphs.values())
    mixed: list[bool] = []
    how = method = ""
    try:
        method = uploader.probe(upload, probe)
        client.update(f"DROP SILENT GRAPH <{probe}>")
        how = choose_swap(swap, uploader, total, atomic_limit)
        old = [] if how == "one-operation" else [graph] if graph is not None else _kg_graphs(client)
        direct = how == "graph-by-graph"  # no staging: each graph written in place of the old one
        target = {name: name if direct else staged[name] for name in graphs}
        chunk = chunk_triples or (UPDATE_CHUNK if method == "update" else STORE_CHUNK)
        plain = {target[name]: text.plain for name, text in graphs.items()}
        blank = {target[name]: text.blank for name, text in graphs.items() if text.blank}
        requests = sum(1 for _ in uploader.pieces(plain, blank, chunk))
        written: set[str] = set()
        for piece in steps.track(uploader.pieces(plain, blank, chunk),
                                 f"uploading {total:,} triples in {requests:,} requests ({method}, {how})",
                                 total=requests):
            fresh = list(dict.fromkeys(name for name, _ in piece.triples if name not in written))
            if direct and method != "triples":
                _drop(client, fresh)  # (a PUT replaces a graph in the same request; N-Quads have no PUT)
            uploader.send(piece, replace=direct and bool(fresh))
            written.update(fresh)
            mixed[:] = [direct]
        with steps.step(f"replacing the graphs on the server ({how})"):
            _swap(client, how, staging, staged, graph, old)
    except BaseException as exc:  # Ctrl-C too: leave no staging graphs behind
        with contextlib.suppress(KgError):  # the server is gone: the first error is the one to report
            _drop(client, [probe, *staged.values()])
        if mixed == [True] and isinstance(exc, KgError):  # graph by graph, cut half-way
            raise KgError(f"{exc} (the graphs were being replaced one by one: some on the server are new, "
                          "some old; push again to finish)") from exc
        raise
    if how == "one-operation":  # the staged graphs are still there; not part of the swap, which is shorter without
        with steps.step("deleting the staging graphs"):
            _drop(client, list(staged.values()))
    with steps.step("counting the triples on the server"):
        _check(client, graphs, graph)
    return PushReport(client.update_url, {name: len(text) for name, text in graphs.items()},
                      time.monotonic() - started, method, how)


def choose_swap(swap: str, uploader: Uploader, total: int, atomic_limit: int) -> str:
    """`swap` itself, or for "auto": up to `atomic_limit` triples, `one-request` on the Oxigraph
    server (which runs an update request as one transaction) and `one-operation` elsewhere; above
    it `graph-by-graph` (stock Virtuoso aborts a longer operation, and Oxigraph's transactions
    slow down with their size: see ATOMIC_LIMIT)."""
    if swap != "auto":
        return swap
    if total > atomic_limit:
        return "graph-by-graph"
    return "one-request" if uploader.oxigraph else "one-operation"


def _swap(client: SparqlClient, how: str, staging: str, staged: dict[str, str], graph: str | None,
          old: list[str]) -> None:
    """Put the staged graphs in place of the kg graphs (`old`); after a graph-by-graph upload, which
    wrote the graphs in place, only delete the kg graphs the build no longer has."""
    if how == "one-operation":
        client.update(_one_operation(staging, graph))
        return
    gone = [f"DROP SILENT GRAPH <{name}>" for name in old if name not in staged]
    if how == "graph-by-graph":
        for start in range(0, len(gone), GRAPHS_PER_REQUEST):
            client.update(" ;\n".join(gone[start:start + GRAPHS_PER_REQUEST]))
        return
    moves = [f"MOVE SILENT GRAPH <{stage}> TO GRAPH <{name}>" for name, stage in staged.items()]
    client.update(" ;\n".join(gone + moves))  # one request: one transaction on Oxigraph


def _kg_graphs(client: SparqlClient) -> list[str]:
    """The kg graphs on the server now, a page at a time (Virtuoso sends at most 10,000 rows)."""
    found: list[str] = []
    while True:
        rows = client.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '
                             f'"{GRAPH_BASE}")) }} ORDER BY ?g LIMIT {PAGE} OFFSET {len(found)}')
        found += [row["g"]["value"] for row in rows]
        if len(rows) < PAGE:
            return found


def _drop(client: SparqlClient, names: list[str]) -> None:
    """Delete graphs, many per request."""
    for start in range(0, len(names), GRAPHS_PER_REQUEST):
        client.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in names[start:start + GRAPHS_PER_REQUEST]))


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


def _one_operation(staging: str, graph: str | None) -> str:
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
