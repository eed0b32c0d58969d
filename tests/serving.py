"""Shared by the endpoint tests: how to send SPARQL 1.1 Protocol requests, and what to expect back."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import NamedTuple
from urllib.parse import urlencode

import pyoxigraph as ox

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
# It reads storage all the time, so Oxigraph's own --timeout-s may or may not cancel it first.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# 100^6 rows from inline VALUES: pure computation, no storage read at which Oxigraph could
# cancel it, so only the proxy stopping the engine ends it.
_HUNDRED = " ".join(str(number) for number in range(100))
CPU_BOUND = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{column} {{ {_HUNDRED} }}" for column in range(6)) + " }"
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


