"""The remote backend: a SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, …) over the
SPARQL 1.1 Protocol, for graphs that have outgrown one process (see `kg push`).

Queries go out as HTTP POST forms with the predeclared prefixes written in and the
parameters bound inline (kg.sparqltext), since the server knows neither. Every query is
parsed here first, so a syntax error reads the same as on the embedded store. Answers
are asked for as SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) and read by
pyoxigraph, so rows and formats are those of the other backends.

The server decides what its default graph is: `kg serve` and the Oxigraph server started
with `--union-default-graph` make it the union of the named graphs, as kg expects;
Virtuoso's default graph is the union of all its graphs, its own system graphs included.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.sparqltext import bind_inline, with_prefixes
from kg.store import PREFIX_MAP, Answer, GraphStore, Term, query_form

RESULTS_JSON = "application/sparql-results+json"
# Servers differ in the graph formats they offer; all of these are read.
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"


class RemoteStore(GraphStore):
    """A SPARQL 1.1 query endpoint, read over HTTP."""

    backend = "remote"

    def __init__(self, endpoint: str, *, user: str | None = None, password: str | None = None,
                 timeout: float = 300.0, allow_service: bool = False):
        scheme = urllib.parse.urlsplit(endpoint).scheme
        if scheme not in ("http", "https"):  # urllib would also open file: and ftp: addresses
            raise UsageError(f"--endpoint must be an http:// or https:// URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.allow_service = allow_service
        self._opener = opener(endpoint, user, password)

    def __len__(self) -> int:
        return super().__len__()

    def _answer(self, sparql: str, bindings: dict[str, Term]) -> Answer:
        form = query_form(sparql)
        text = with_prefixes(bind_inline(sparql, bindings), PREFIX_MAP)
        body, content_type = self._post(text, GRAPH_ACCEPT if form == "graph" else RESULTS_JSON)
        if form == "graph":
            rdf_format = ox.RdfFormat.from_media_type(content_type) or ox.RdfFormat.N_TRIPLES
            return [quad.triple for quad in ox.parse(body, format=rdf_format)]
        answer = ox.parse_query_results(_standard_json(body), format=ox.QueryResultsFormat.JSON)
        assert isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)
        return answer

    def _post(self, query: str, accept: str) -> tuple[bytes, str]:
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                return response.read(), media_type
        except urllib.error.HTTPError as exc:
            raise KgError(f"the SPARQL endpoint {self.endpoint} answered {exc.code} {exc.reason}: "
                          f"{_first_line(exc.read())}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KgError(f"cannot reach the SPARQL endpoint {self.endpoint}: {reason}") from None


def opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    """An HTTP opener that answers Basic and Digest challenges (Virtuoso's /sparql-auth wants Digest)."""
    handlers: list[Any] = []
    if user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
    # No proxies from the environment: the endpoint is named exactly, often on loopback.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), *handlers)


def _standard_json(body: bytes) -> bytes:
    """SPARQL JSON as the W3C writes it: some servers (Virtuoso) still say "typed-literal"."""
    if b'"typed-literal"' not in body:
        return body
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "typed-literal":
                value["type"] = "literal"
    return json.dumps(data).encode()


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return next((line for line in text.splitlines() if line.strip()), "(no message)")[:300]
