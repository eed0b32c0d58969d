"""`kg push` against real servers, Oxigraph and Virtuoso, started by the tests (kg/bench/servers.py).

The quads read back are compared with those pyoxigraph parses from kg.nq, equal up to what the
servers normalise (see `_value`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.bench.servers import Server
from kg.cli.main import main
from kg.errors import KgError
from kg.namespaces import GRAPH, UNION_GRAPH
from kg.progress import Steps
from kg.server.engine import free_port
from kg.server.push import STAGING_BASE, push
from kg.store.sparqlclient import Binding, SparqlClient

BASE = str(GRAPH)
ELSEWHERE = "https://example.org/kg-test/everything"
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {f"{XSD}{name}" for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
Triple = tuple[Any, Any, Any]


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    running: Server = request.getfixturevalue(f"{request.param}_server")
    return running


@pytest.fixture(scope="module")
def smaller_build(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build without source s003's graph and with half of s002's: a graph gone and one changed."""
    lines = (seed_build / "kg.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    s002 = [line for line in lines if line.rstrip().endswith(f"<{BASE}source/s002> .")]
    dropped = {*s002[::2]}
    kept = [line for line in lines if line not in dropped and not line.rstrip().endswith(f"<{BASE}source/s003> .")]
    build = tmp_path_factory.mktemp("smaller") / "build"
    build.mkdir()
    (build / "kg.nq").write_text("".join(kept), encoding="utf-8")
    return build


def _pushed(server: Server, build: Path, *options: str) -> None:
    result = CliRunner().invoke(main, _arguments(server, build, *options))
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output


def _arguments(server: Server, build: Path, *options: str) -> list[str]:
    login = ["--user", server.user, "--password", server.password or ""] if server.user else []
    return ["push", "--endpoint", server.query_url, "--build", str(build), *login, *options]


def _value(term: Any) -> Any:
    """A term, with literals as their values where the servers change the form but keep the value.

    Oxigraph stores every integer type as xsd:integer and a decimal in its own form ("4.0" becomes
    "4"), locally as on the server; Virtuoso writes xsd:boolean true as "1" and also shortens decimals.
    (An xsd:string literal may come back as a simple literal: pyoxigraph sees the same term.)
    """
    if not isinstance(term, ox.Literal) or term.language:
        return term
    datatype = term.datatype.value
    if datatype in INTEGERS or datatype == f"{XSD}decimal":
        return ("number", Decimal(term.value))
    if datatype == f"{XSD}boolean":
        return ("boolean", term.value in ("true", "1"))
    return term


def _term(binding: dict[str, str]) -> Any:
    """An RDF term from SPARQL JSON results (Virtuoso says "typed-literal" for typed literals)."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def _triple(row: Binding) -> Triple:
    return _value(_term(row["s"])), _value(_term(row["p"])), _value(_term(row["o"]))


def _expected(nquads: Path, graph: str | None = None) -> dict[str, set[Triple]]:
    """The triples per graph of kg.nq, as pyoxigraph parses them (no store in between), and their union
    in UNION_GRAPH; or, with `graph`, the union alone, in it."""
    graphs: dict[str, set[Triple]] = {}
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        triple = (_value(quad.subject), _value(quad.predicate), _value(quad.object))
        for name in [graph] if graph else [quad.graph_name.value, str(UNION_GRAPH)]:
            graphs.setdefault(name, set()).add(triple)
    return graphs


def _kg_graphs(server: Server) -> list[str]:
    rows = SparqlClient(server.query_url).select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }}')
    return sorted(row["g"]["value"] for row in rows)


def _remote(server: Server, graphs: list[str]) -> dict[str, set[Triple]]:
    """The triples of each graph on the server, one graph per query (Virtuoso sends at most 10,000 rows)."""
    client = SparqlClient(server.query_url)
    return {name: {_triple(row) for row in client.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")}
            for name in graphs}


def _counts(server: Server) -> dict[str, int]:
    """Triples per graph under the kg and staging IRIs, and in ELSEWHERE."""
    rows = SparqlClient(server.query_url).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{BASE}") || STRSTARTS(STR(?g), "{STAGING_BASE}") || ?g = <{ELSEWHERE}>) }} '
        "GROUP BY ?g")
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def test_push_puts_every_quad_into_its_graph(server: Server, seed_build: Path) -> None:
    _pushed(server, seed_build)
    expected = _expected(seed_build / "kg.nq")
    assert _kg_graphs(server) == sorted(expected)
    assert _remote(server, sorted(expected)) == expected


def test_pushing_twice_leaves_one_copy_and_no_staging_graphs(server: Server, seed_build: Path) -> None:
    _pushed(server, seed_build)
    _pushed(server, seed_build)
    expected = _expected(seed_build / "kg.nq")
    counts = {name: count for name, count in _counts(server).items() if name != ELSEWHERE}
    assert counts == {name: len(triples) for name, triples in expected.items()}


def test_a_smaller_build_replaces_changed_graphs_and_removes_gone_ones(server: Server, seed_build: Path,
                                                                       smaller_build: Path) -> None:
    _pushed(server, seed_build)
    _pushed(server, smaller_build)
    expected = _expected(smaller_build / "kg.nq")
    assert f"{BASE}source/s003" not in expected
    assert _kg_graphs(server) == sorted(expected)
    assert _remote(server, sorted(expected)) == expected
    assert len(expected[f"{BASE}source/s002"]) < len(_expected(seed_build / "kg.nq")[f"{BASE}source/s002"])


@pytest.mark.parametrize("swap", ["graph-by-graph", "one-operation", "one-request"])
def test_every_swap_replaces_changed_graphs_and_removes_gone_ones(server: Server, seed_build: Path,
                                                                  smaller_build: Path, swap: str) -> None:
    _pushed(server, seed_build, "--swap", swap)
    _pushed(server, smaller_build, "--swap", swap)
    expected = _expected(smaller_build / "kg.nq")
    assert _kg_graphs(server) == sorted(expected)
    assert _remote(server, sorted(expected)) == expected
    assert not [name for name in _counts(server) if name.startswith(STAGING_BASE)]


def test_graph_option_puts_everything_into_that_graph_only(server: Server, seed_build: Path,
                                                            smaller_build: Path) -> None:
    _pushed(server, seed_build)
    kg_graphs = _counts(server)
    _pushed(server, smaller_build, "--graph", ELSEWHERE)
    assert _remote(server, [ELSEWHERE]) == _expected(smaller_build / "kg.nq", ELSEWHERE)
    _pushed(server, seed_build, "--graph", ELSEWHERE)  # replaces that graph as a whole
    assert _remote(server, [ELSEWHERE]) == _expected(seed_build / "kg.nq", ELSEWHERE)
    kg_graphs.pop(ELSEWHERE, None)
    assert {name: n for name, n in _counts(server).items() if name != ELSEWHERE} == kg_graphs


ODD = 'a quote " a backslash \\ \t\n\r \x07 \\u0041 😀 “typographic” — dash'


def test_odd_literals_and_blank_nodes_arrive_intact(server: Server, tmp_path: Path) -> None:
    """Escapes, control characters and text that looks like an escape; blank nodes stay one node
    even when every other triple travels in a request of its own (--chunk-size 1)."""
    graph, subject, blank = ox.NamedNode(f"{BASE}source/odd"), ox.NamedNode("urn:kg-test:s"), ox.BlankNode()
    quads = [ox.Quad(subject, ox.NamedNode("urn:kg-test:text"), ox.Literal(ODD), graph),
             ox.Quad(subject, ox.NamedNode("urn:kg-test:link"), blank, graph),
             ox.Quad(blank, ox.NamedNode("urn:kg-test:label"), ox.Literal("x", language="id"), graph),
             ox.Quad(blank, ox.NamedNode("urn:kg-test:label"), ox.Literal("y"), graph)]
    ox.serialize(quads, output=str(tmp_path / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    _pushed(server, tmp_path, "--chunk-size", "1")
    client = SparqlClient(server.query_url)
    rows = client.select(f"SELECT ?text WHERE {{ GRAPH <{graph.value}> {{ ?s <urn:kg-test:text> ?text }} }}")
    assert [row["text"]["value"] for row in rows] == [ODD]
    rows = client.select(f"SELECT ?label WHERE {{ GRAPH <{graph.value}> {{ <urn:kg-test:s> <urn:kg-test:link> ?b . "
                         "?b <urn:kg-test:label> ?label } }")
    assert sorted(row["label"]["value"] for row in rows) == ["x", "y"]


class _SwapClock(Steps):
    """Notes when the swap request starts and ends."""

    started = ended = 0.0

    @contextlib.contextmanager
    def step(self, description: str) -> Iterator[None]:
        if description.startswith("replacing"):
            self.started = time.monotonic()
            yield
            self.ended = time.monotonic()
        else:
            yield


def test_readers_see_the_old_graphs_or_the_new_ones(server: Server, seed_build: Path, smaller_build: Path) -> None:
    """Counting the kg triples in a loop while a push replaces them: the old count, then the new one.

    On Oxigraph no count is ever anything else. Virtuoso reads committed rows, not a snapshot, so a
    query running at the instant the swap commits may count part of both: only counts that began
    after the swap request returned or ended before it was sent are checked there.
    """
    _pushed(server, seed_build)
    old, new = (sum(map(len, _expected(build / "kg.nq").values())) for build in (seed_build, smaller_build))
    query = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }}'
    reads: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def read() -> None:
        client = SparqlClient(server.query_url, timeout=30)
        deadline = time.monotonic() + 120
        while not stop.is_set() and time.monotonic() < deadline:
            began = time.monotonic()
            count = int(client.select(query)[0]["n"]["value"])
            reads.append((began, time.monotonic(), count))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    clock = _SwapClock()
    try:
        time.sleep(0.3)
        push(smaller_build, server.query_url, user=server.user, password=server.password, steps=clock)
        time.sleep(0.3)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    before = {count for began, ended, count in reads if ended < clock.started}
    during = {count for began, ended, count in reads if ended >= clock.started and began <= clock.ended}
    after = {count for began, ended, count in reads if began > clock.ended}
    assert before == {old} and after == {new}, (old, new, before, after)
    if server.name == "oxigraph":
        assert during <= {old, new}, during


class _Failing(Steps):
    """Stops a push after its second upload request, as a lost connection or Ctrl-C would."""

    def track(self, items: Any, description: str, total: int | None = None) -> Iterator[Any]:
        for number, item in enumerate(items):
            if number == 2:
                raise KgError("the connection was lost")
            yield item


def test_a_failed_push_leaves_the_old_graphs_and_no_staging_graphs(server: Server, seed_build: Path,
                                                                    smaller_build: Path) -> None:
    _pushed(server, seed_build)
    before = _counts(server)
    with pytest.raises(KgError, match="connection was lost"):
        push(smaller_build, server.query_url, user=server.user, password=server.password, chunk_triples=500,
             steps=_Failing())
    assert _counts(server) == before


def test_a_wrong_password_is_a_one_line_error(virtuoso_server: Server, seed_build: Path) -> None:
    arguments = ["push", "--endpoint", virtuoso_server.query_url, "--build", str(seed_build)]
    result = CliRunner().invoke(main, [*arguments, "--user", "dba", "--password", "wrong"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ") and "refused user 'dba'" in result.output, result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1
    result = CliRunner().invoke(main, arguments)  # no login at all: Virtuoso's /sparql refuses updates
    assert result.exit_code == 2 and result.output.startswith("error: "), result.output


def test_an_unreachable_server_is_a_one_line_error(seed_build: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(main, ["push", "--endpoint", url, "--build", str(seed_build)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: cannot connect to 127.0.0.1:") and "connection refused" in result.output
    assert result.output.count("\n") == 1


def test_the_servers_error_text_is_reported(oxigraph_server: Server, seed_build: Path) -> None:
    result = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server.query_url, "--build", str(seed_build),
                                       "--update-endpoint", oxigraph_server.query_url])  # /query takes no updates
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {oxigraph_server.query_url} answered HTTP 4"), result.output
    assert result.output.count("\n") == 1


def test_without_a_graph_store_the_push_falls_back_to_insert_data(oxigraph_server: Server, seed_build: Path) -> None:
    nowhere = oxigraph_server.query_url.removesuffix("/query") + "/no-such-store"
    _pushed(oxigraph_server, seed_build, "--store-endpoint", nowhere)
    expected = _expected(seed_build / "kg.nq")
    assert _remote(oxigraph_server, sorted(expected)) == expected
    result = CliRunner().invoke(main, _arguments(oxigraph_server, seed_build, "--store-endpoint", nowhere))
    assert "(upload: update; swap: one-request)" in result.output, result.output
    result = CliRunner().invoke(main, _arguments(oxigraph_server, seed_build, "--store-endpoint", nowhere,
                                                 "--upload", "quads"))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: the server takes none of the upload methods tried (quads); "
                                    f"the last answer: {nowhere} answered HTTP 404"), result.output
    assert result.output.count("\n") == 1


def test_a_bad_url_or_a_missing_build_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["push", "--endpoint", "localhost:7878/query", "--build", str(tmp_path)])
    assert result.exit_code == 2 and "not an http(s) URL" in result.output, result.output
    result = CliRunner().invoke(main, ["push", "--endpoint", "http://127.0.0.1:1/query", "--build", str(tmp_path)])
    assert result.exit_code == 2 and "kg.nq: no such file" in result.output, result.output


class _BasicLogin(BaseHTTPRequestHandler):
    """Takes any update from user "kg" with password "secret" over HTTP Basic, and records what it got."""

    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        authorization = self.headers.get("Authorization")
        self.seen.append(authorization)
        if authorization == "Basic a2c6c2VjcmV0":  # base64 of "kg:secret"
            self.send_response(204)
        else:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg test"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.parametrize(("password", "accepted"), [("secret", True), ("wrong", False)])
def test_basic_login(password: str, accepted: bool) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BasicLogin)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    _BasicLogin.seen = []
    try:
        client = SparqlClient(f"http://127.0.0.1:{server.server_address[1]}/sparql", user="kg", password=password)
        if accepted:
            client.update("CLEAR SILENT GRAPH <urn:x>")
            client.update("CLEAR SILENT GRAPH <urn:y>")  # the second request logs in at once
            assert _BasicLogin.seen == [None, "Basic a2c6c2VjcmV0", "Basic a2c6c2VjcmV0"]
        else:
            with pytest.raises(KgError, match=r"refused user 'kg'.*HTTP 401"):
                client.update("CLEAR SILENT GRAPH <urn:x>")
            assert len(_BasicLogin.seen) == 2
    finally:
        server.shutdown()
        server.server_close()
