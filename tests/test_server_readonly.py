"""kg serve is read-only and offline: updates, LOAD, SERVICE and FROM are refused or read nothing,
proved by a loopback canary server that must see no request."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kg.server.serve import Endpoint
from kg.store.sparqlguard import refusal
from tests.serving import (
    EVERYTHING,
    FORM,
    KG,
    SENDS,
    Reply,
    number,
    request,
    via_form,
    via_get,
)

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
    # FROM names a graph of the local store (here none: an empty dataset), or at most the usual one: never more.
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


