"""kg serve: the seed graph on the Oxigraph server behind the loopback proxy, queried by real clients."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import main
from kg.output import render_files, write_atomically
from kg.pipeline import Outcome
from kg.serve import Endpoint, serve_build
from kg.sparqlguard import refusal

ID = "https://w3id.org/bpjs-kg/id/"
KG = "https://w3id.org/bpjs-kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORM = "application/x-www-form-urlencoded"
HOLDS = f"SELECT DISTINCT ?post WHERE {{ <{ID}muhyidin> <{ORG}holds> ?post }}"
HOLDS_GRAPH = (f"CONSTRUCT {{ <{ID}muhyidin> <{ORG}holds> ?post }} "
               f"WHERE {{ <{ID}muhyidin> <{ORG}holds> ?post }}")
PERSONS = f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{KG}Person> }}"
EVERYTHING = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Four copies of every triple joined with no shared variable: ~3e14 rows, far beyond any timeout.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
KAKANWIL = f"{ID}kakanwil-sumbagsel"


class Reply(NamedTuple):
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return Reply(response.status, response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers.get("Content-Type", ""), error.read())


def via_get(url: str, query: str, accept: str = "application/sparql-results+json") -> Reply:
    return request("GET", f"{url}?{urlencode({'query': query})}", headers={"Accept": accept})


def via_form(url: str, query: str, accept: str = "application/sparql-results+json") -> Reply:
    return request("POST", url, urlencode({"query": query}).encode(), {"Accept": accept, "Content-Type": FORM})


def via_body(url: str, query: str, accept: str = "application/sparql-results+json") -> Reply:
    return request("POST", url, query.encode(), {"Accept": accept, "Content-Type": "application/sparql-query"})


SENDS = [via_get, via_form, via_body]


def instances(quads: list[ox.Quad], kg_class: str) -> set[ox.NamedNode | ox.BlankNode | ox.Triple]:
    """Subjects typed kg_class in any named graph, read off the quads without SPARQL."""
    return {q.subject for q in quads
            if q.predicate == ox.NamedNode(RDF_TYPE) and q.object == ox.NamedNode(KG + kg_class)}


def number(reply: Reply) -> int:
    assert reply.status == 200, reply.text
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def build_dir(seed_outcome: Outcome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert seed_outcome.model is not None
    out = tmp_path_factory.mktemp("serve") / "build"
    write_atomically(out, {"kg.nq": render_files(seed_outcome.dataset, seed_outcome.model)["kg.nq"]})
    return out


@pytest.fixture(scope="module")
def quads(build_dir: Path) -> list[ox.Quad]:
    """The built N-Quads read by pyoxigraph's parser: the expected answers come from here, not from SPARQL."""
    return list(ox.parse(path=str(build_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def endpoint(build_dir: Path) -> Iterator[Endpoint]:
    with serve_build(build_dir, port=0, timeout=20) as running:
        yield running


@pytest.fixture(scope="module")
def tight(build_dir: Path) -> Iterator[Endpoint]:
    """An endpoint with a 1 s timeout and small caps, for the limits."""
    with serve_build(build_dir, port=0, timeout=1, max_result_bytes=20_000, max_request_bytes=5_000) as running:
        yield running


class CanaryServer(ThreadingHTTPServer):
    hits: list[str]


class CanaryHandler(BaseHTTPRequestHandler):
    """Answers anything with a plausible SPARQL result, and records that it was asked."""

    server: CanaryServer

    def do_GET(self) -> None:
        self.server.hits.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"CANARY"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that counts every request; nothing the endpoint does may reach it."""
    server = CanaryServer(("127.0.0.1", 0), CanaryHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.hits
    finally:
        server.shutdown()
        server.server_close()


# --- the SPARQL 1.1 Protocol and content negotiation -------------------------------------------

@pytest.mark.parametrize("send", SENDS)
def test_muhyidin_holds_kakanwil_sumbagsel_by_every_protocol_method(endpoint: Endpoint, send: Callable[..., Reply]
                                                                    ) -> None:
    reply = send(endpoint.query_url, HOLDS)
    assert reply.status == 200, reply.text
    assert reply.content_type.startswith("application/sparql-results+json")
    posts = {row["post"]["value"] for row in json.loads(reply.body)["results"]["bindings"]}
    assert posts == {KAKANWIL}


def _json_posts(body: bytes) -> set[str]:
    return {row["post"]["value"] for row in json.loads(body)["results"]["bindings"]}


def _xml_posts(body: bytes) -> set[str]:
    return {uri.text or "" for uri in ElementTree.fromstring(body).iter("{http://www.w3.org/2005/sparql-results#}uri")}


def _csv_posts(body: bytes) -> set[str]:
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["post"]
    return {row[0] for row in rows[1:]}


def _tsv_posts(body: bytes) -> set[str]:
    lines = body.decode().splitlines()
    assert lines[0] == "?post"
    return {line.strip("<>") for line in lines[1:] if line}


def _graph_posts(rdf_format: str) -> Callable[[bytes], set[str]]:
    def posts(body: bytes) -> set[str]:
        graph = Graph().parse(data=body.decode(), format=rdf_format)
        return {str(o) for o in graph.objects(URIRef(f"{ID}muhyidin"), URIRef(f"{ORG}holds"))}
    return posts


@pytest.mark.parametrize(("query", "accept", "media_type", "posts"), [
    (HOLDS, "application/sparql-results+json", "application/sparql-results+json", _json_posts),
    (HOLDS, "application/sparql-results+xml", "application/sparql-results+xml", _xml_posts),
    (HOLDS, "text/csv", "text/csv", _csv_posts),
    (HOLDS, "text/tab-separated-values", "text/tab-separated-values", _tsv_posts),
    (HOLDS_GRAPH, "text/turtle", "text/turtle", _graph_posts("turtle")),
    (HOLDS_GRAPH, "application/ld+json", "application/ld+json", _graph_posts("json-ld")),
], ids=["json", "xml", "csv", "tsv", "turtle", "jsonld"])
def test_content_negotiation(endpoint: Endpoint, query: str, accept: str, media_type: str,
                             posts: Callable[[bytes], set[str]]) -> None:
    reply = via_form(endpoint.query_url, query, accept)
    assert reply.status == 200, reply.text
    assert reply.content_type.split(";")[0] == media_type
    assert posts(reply.body) == {KAKANWIL}


def test_counts_match_the_built_nquads(endpoint: Endpoint, quads: list[ox.Quad]) -> None:
    persons = instances(quads, "Person")
    assert len(persons) > 5
    assert number(via_get(endpoint.query_url, PERSONS)) == len(persons)
    # The default graph is the union of the named graphs, so a triple stated by three sources counts three times.
    assert number(via_get(endpoint.query_url, EVERYTHING)) == len(quads)


def test_ask_answers_a_boolean(endpoint: Endpoint) -> None:
    reply = via_get(endpoint.query_url, f"ASK {{ <{ID}muhyidin> <{ORG}holds> <{KAKANWIL}> }}")
    assert json.loads(reply.body)["boolean"] is True


# --- read-only: updates, LOAD, SERVICE and FROM -------------------------------------------------

INSERT = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"


@pytest.mark.parametrize(("method", "path", "content_type", "body"), [
    ("POST", "/query", "application/sparql-update", INSERT),
    ("POST", "/update", "application/sparql-update", "DROP ALL"),
    ("POST", "/query", FORM, urlencode({"update": INSERT})),
    ("POST", "/update", FORM, urlencode({"update": "CLEAR DEFAULT"})),
    ("GET", "/query?" + urlencode({"update": INSERT}), "", ""),
])
def test_the_proxy_refuses_updates(endpoint: Endpoint, method: str, path: str, content_type: str, body: str) -> None:
    before = number(via_get(endpoint.query_url, EVERYTHING))
    base = endpoint.query_url.removesuffix("/query")
    reply = request(method, base + path, body.encode() if method == "POST" else None,
                    {"Content-Type": content_type} if content_type else {})
    assert reply.status == 403 and "read-only" in reply.text
    assert number(via_get(endpoint.query_url, EVERYTHING)) == before


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/sparql-update", INSERT),
    (FORM, urlencode({"update": INSERT})),
])
def test_the_engine_behind_refuses_updates_too(endpoint: Endpoint, content_type: str, body: str) -> None:
    update_url = endpoint.engine_url.removesuffix("/query") + "/update"
    reply = request("POST", update_url, body.encode(), {"Content-Type": content_type})
    assert reply.status == 403 and "read-only" in reply.text


def test_writes_through_the_graph_store_protocol_are_refused(endpoint: Endpoint) -> None:
    base = endpoint.query_url.removesuffix("/query")
    for method in ("PUT", "DELETE", "POST"):
        reply = request(method, base + "/store?default", b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                        {"Content-Type": "text/turtle"})
        assert reply.status >= 400, (method, reply)


@pytest.mark.parametrize("how", ["sparql-update", "form", "as a query"])
def test_load_fetches_nothing(endpoint: Endpoint, canary: tuple[str, list[str]], how: str) -> None:
    url, hits = canary
    load = f"LOAD <{url}/x>"
    if how == "sparql-update":
        reply = request("POST", endpoint.query_url, load.encode(), {"Content-Type": "application/sparql-update"})
    elif how == "form":
        reply = request("POST", endpoint.query_url, urlencode({"update": load}).encode(), {"Content-Type": FORM})
    else:
        reply = via_form(endpoint.query_url, load)
    assert reply.status in (400, 403), reply
    assert hits == []


SERVICE_QUERIES = [
    "SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "select * {{ sErViCe <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",  # SPARQL codepoint escape
    # Oxigraph needs no space around the keyword: it follows both of these.
    "SELECT * {{ ?a ?b trueSERVICE<{url}/sparql>{{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICESILENT<{url}/sparql>{{ ?s ?p ?o }} }}",
    "SELECT * {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("send", SENDS)
@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_fetches_nothing(endpoint: Endpoint, canary: tuple[str, list[str]], template: str,
                                                send: Callable[..., Reply]) -> None:
    url, hits = canary
    reply = send(endpoint.query_url, template.format(url=url))
    assert reply.status == 403 and "SERVICE is refused" in reply.text
    assert hits == []


@pytest.mark.parametrize("template", [SERVICE_QUERIES[1], SERVICE_QUERIES[4]])
def test_the_engine_alone_would_follow_service(endpoint: Endpoint, canary: tuple[str, list[str]],
                                               template: str) -> None:
    """Why the proxy guards SERVICE: Oxigraph's server fetches any URL a query names, even one glued to a word."""
    url, hits = canary
    via_form(endpoint.engine_url, template.format(url=url))
    assert hits, "Oxigraph no longer follows SERVICE: the proxy's guard may be relaxed"


@pytest.mark.parametrize("query", [
    f"SELECT (COUNT(*) AS ?n) {{ <{KG}ServiceArea> ?p ?o }}",
    f"PREFIX kg: <{KG}> SELECT (COUNT(?service) AS ?n) {{ kg:ServiceArea ?p ?service }}",
])
def test_names_containing_service_are_not_refused(endpoint: Endpoint, quads: list[ox.Quad], query: str) -> None:
    about = [q for q in quads if q.subject == ox.NamedNode(f"{KG}ServiceArea")]
    assert about
    assert number(via_get(endpoint.query_url, query)) == len(about)


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) FROM <{url}/g> {{ ?s ?p ?o }}",
    "SELECT (COUNT(*) AS ?n) FROM NAMED <{url}/g> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT (COUNT(*) AS ?n) FROM <{url}/g> FROM NAMED <{url}/n> "
    "{{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}",
])
def test_from_and_from_named_fetch_nothing(endpoint: Endpoint, canary: tuple[str, list[str]], quads: list[ox.Quad],
                                           query: str) -> None:
    url, hits = canary
    # Either an empty dataset or, as Oxigraph does with --union-default-graph for FROM, the usual one: never more.
    assert number(via_get(endpoint.query_url, query.format(url=url))) in (0, len(quads))
    assert hits == []


def test_dataset_protocol_parameters_fetch_nothing(endpoint: Endpoint, canary: tuple[str, list[str]]) -> None:
    url, hits = canary
    params = urlencode({"query": EVERYTHING, "default-graph-uri": f"{url}/d", "named-graph-uri": f"{url}/n"})
    reply = request("GET", f"{endpoint.query_url}?{params}", headers={"Accept": "application/sparql-results+json"})
    assert number(reply) == 0
    assert hits == []


@pytest.mark.parametrize("query", [
    "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o } LIMIT 5",
    "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * { GRAPH <file:///etc/passwd> { ?s ?p ?o } }",
])
def test_files_are_not_read(endpoint: Endpoint, query: str) -> None:
    reply = via_get(endpoint.query_url, query)
    assert reply.status == 200
    assert b"root:" not in reply.body and b"/bin/" not in reply.body


def test_files_named_as_protocol_datasets_are_not_read(endpoint: Endpoint) -> None:
    params = urlencode({"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"})
    reply = request("GET", f"{endpoint.query_url}?{params}", headers={"Accept": "text/csv"})
    assert reply.status == 200
    assert len(reply.body.splitlines()) == 1  # the header row alone




@pytest.mark.parametrize(("content_type", "status"), [
    ("text/plain", 415),
    ("", 415),
    ("application/sparql-query; charset=latin-1", 415),
    ("application/sparql-query; charset=UTF-8", None),
])
def test_the_proxy_forwards_only_query_bodies_it_can_read(content_type: str, status: int | None) -> None:
    refused = refusal("POST", "/query", content_type, b"ASK {}")
    assert (refused[0] if refused else None) == status


def test_foreign_host_headers_are_refused(endpoint: Endpoint) -> None:
    """A web page that rebinds its own domain to 127.0.0.1 still sends its own name as Host."""
    url = f"{endpoint.query_url}?{urlencode({'query': 'ASK {}'})}"
    assert request("GET", url, headers={"Host": "attacker.example"}).status == 403
    assert request("GET", url, headers={"Host": f"localhost:{endpoint.port}"}).status == 200


# --- limits: result size, request size, timeout ---------------------------------------------

def test_a_result_over_the_cap_is_refused_not_truncated(tight: Endpoint) -> None:
    reply = via_get(tight.query_url, "SELECT * { ?s ?p ?o }")
    assert reply.status == 413
    assert "result larger than 20000 bytes; add LIMIT" in reply.text
    assert via_get(tight.query_url, "SELECT * { ?s ?p ?o } LIMIT 3").status == 200


def test_a_request_body_over_the_cap_is_refused(tight: Endpoint) -> None:
    query = "ASK {}" + " " * 6_000
    reply = via_body(tight.query_url, query)
    assert reply.status == 413 and "request body larger than 5000 bytes" in reply.text


def test_a_runaway_query_is_stopped_by_the_timeout(tight: Endpoint, quads: list[ox.Quad]) -> None:
    old_pid = tight.engine.address()[1]
    started = time.monotonic()
    reply = via_form(tight.query_url, RUNAWAY)
    assert time.monotonic() - started < 8
    assert reply.status == 504 and "ran longer than 1 s" in reply.text
    # The engine that was still computing is gone; a fresh one answers.
    assert tight.engine.address()[1] != old_pid
    assert not _alive(old_pid)
    assert number(via_get(tight.query_url, EVERYTHING)) == len(quads)


# --- real clients ------------------------------------------------------------------------------

def test_sparqlwrapper(endpoint: Endpoint, quads: list[ox.Quad]) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint.query_url)
    client.setReturnFormat(JSON)
    client.setQuery(HOLDS)
    answer: Any = client.queryAndConvert()
    assert {row["post"]["value"] for row in answer["results"]["bindings"]} == {KAKANWIL}
    client.setMethod(POST)
    client.setQuery(PERSONS)
    answer = client.queryAndConvert()
    persons = instances(quads, "Person")
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(persons)


def test_rdflib_sparqlstore(endpoint: Endpoint) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(SPARQLStore(endpoint.query_url, returnFormat="json"))
    assert {str(row[0]) for row in graph.query(HOLDS)} == {KAKANWIL}  # type: ignore[index]
    assert (URIRef(f"{ID}muhyidin"), URIRef(f"{ORG}holds"), URIRef(KAKANWIL)) in graph


def test_the_query_page_runs_a_query_without_leaving_the_machine(endpoint: Endpoint) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on PATH")
    outside: list[str] = []
    problems: list[str] = []

    def route(handle: Any) -> None:
        if urlsplit(handle.request.url).hostname != "127.0.0.1":
            outside.append(handle.request.url)
            handle.abort()
        else:
            handle.continue_()

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page()
            page.route(re.compile(r"^https?://"), route)
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(endpoint.ui_url, wait_until="networkidle")
            # Type a query as a user would: the editor's completers must not call out for prefixes or terms.
            page.click(".CodeMirror")
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(f"PREFIX org: <{ORG}>\nSELECT ?post WHERE {{ <{ID}muhyidin> org:holds ?post . "
                               "?post a schema:Thing }")
            page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", HOLDS)
            page.click(".yasqe_queryButton")
            page.locator(".yasr").get_by_text("kakanwil-sumbagsel").first.wait_for(timeout=15_000)
            fetched = page.evaluate("""async (q) => {
                const response = await fetch("query", {method: "POST", body: new URLSearchParams({query: q}),
                                                       headers: {Accept: "application/sparql-results+json"}});
                return await response.json();
            }""", PERSONS)
            assert int(fetched["results"]["bindings"][0]["n"]["value"]) > 5
        finally:
            browser.close()
    assert outside == []
    assert problems == []


# --- the command ------------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _children(pid: int) -> dict[int, str]:
    """Child processes of pid as {pid: name}, read from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):
            text = stat.read_text()
            if int(text[text.rindex(")") + 2:].split()[1]) == pid:
                found[int(stat.parent.name)] = text[text.index("(") + 1:text.rindex(")")]
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_command_serves_until_signalled_and_leaves_nothing(build_dir: Path, tmp_path: Path,
                                                               stop: signal.Signals) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "--build", str(build_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp)})
    lines: queue.Queue[str] = queue.Queue()

    def read_lines() -> None:  # a thread, so that a silent server fails the test instead of hanging it
        for line in process.stdout or []:
            lines.put(line)

    threading.Thread(target=read_lines, daemon=True).start()
    try:
        first = lines.get(timeout=60)
        assert re.fullmatch(r"SPARQL endpoint: http://127\.0\.0\.1:\d+/query\n", first), first
        assert lines.get(timeout=10).startswith("Query page: http://127.0.0.1:")
        url = first.split(": ", 1)[1].strip()
        reply = via_get(url, HOLDS)
        assert _json_posts(reply.body) == {KAKANWIL}
        engines = [pid for pid, name in _children(process.pid).items() if name == "oxigraph"]
        assert len(engines) == 1
        assert any(tmp.iterdir())
        process.send_signal(stop)
        assert process.wait(timeout=20) == 0
        assert not _alive(engines[0])
        assert list(tmp.iterdir()) == []
        assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_a_taken_port_is_a_usage_error(build_dir: Path) -> None:
    engines_before = set(_children(os.getpid()).items())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = invoke("serve", "--build", str(build_dir), "--port", str(port))
    assert code == 2
    assert f"error: port {port} on 127.0.0.1 is already in use; choose another with --port" in output
    assert "Traceback" not in output
    assert set(_children(os.getpid()).items()) <= engines_before  # no engine was started


@pytest.mark.parametrize(("args", "message"), [
    (["--build", "/nonexistent/build"], "no built graph (kg.nq missing); run `kg build` first"),
    (["--host", "0.0.0.0"], "host '0.0.0.0' is not a loopback address"),
    (["--host", "example.org"], "host 'example.org' is not a loopback address"),
])
def test_usage_errors_exit_2(build_dir: Path, args: list[str], message: str) -> None:
    code, output = invoke("serve", "--build", str(build_dir), "--port", "0", *args)
    assert code == 2 and message in output and "Traceback" not in output
