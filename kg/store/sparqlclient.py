"""A small SPARQL 1.1 Protocol client: SELECT queries and updates over HTTP(S), with Basic or Digest login.

Standard library only. Each request gets a connection of its own, so a request is never re-sent
on a connection the server has since closed (an update must not run twice). The client answers
the server's login challenge itself and keeps it: a Digest nonce is reused with a rising nonce
count, so that a large update is not sent twice, once to be refused and once with the answer.

Every failure (no connection, a refused login, an error from the server) is a `KgError` whose
message names the URL and quotes the first line of the server's text.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import socket
from collections.abc import Callable, Sequence
from email.message import Message
from typing import Any
from urllib.parse import SplitResult, urlencode, urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from kg.errors import KgError, UsageError

Binding = dict[str, dict[str, str]]  # one SELECT row, as in the SPARQL JSON results: {"var": {"type": …, "value": …}}

JSON_RESULTS = "application/sparql-results+json"
# Virtuoso echoes every default-graph-uri and named-graph-uri of a query as a header of its answer
# (X-SPARQL-named-graph), one per graph: thousands after a national push (kg.store.remote names
# them all). http.client gives up after 100 headers, with no per-connection setting.
http.client._MAXHEADERS = max(getattr(http.client, "_MAXHEADERS", 100), 1_000_000)  # type: ignore[attr-defined]
_HASHES: dict[str, Callable[[bytes], Any]] = {
    "MD5": lambda data: hashlib.md5(data, usedforsecurity=False),
    "SHA-256": hashlib.sha256,
}


class SparqlClient:
    """Queries to `query_url`, updates to `update_url` (default: the same), as `user` if given.

    >>> client = SparqlClient("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update")
    >>> client.update_url
    'http://127.0.0.1:7878/update'
    """

    def __init__(self, query_url: str, update_url: str | None = None, *, user: str | None = None,
                 password: str | None = None, timeout: float = 600.0):
        for url in (query_url, update_url or query_url):
            _split(url)
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.user = user
        self._password = password or ""
        self.timeout = timeout
        self._scheme = ""  # "basic" or "digest" once a server has asked
        self._challenge: dict[str, str] = {}
        self._count = 0  # the Digest nonce count
        self.server = ""  # the Server header of the last answer (e.g. "Oxigraph/0.5.13")

    def query(self, query: str, accept: str = JSON_RESULTS, *, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = ()) -> tuple[bytes, str]:
        """The answer to any query, in a format `accept` asks for, with its media type; the graphs, if
        given, are the query's dataset (the protocol's `default-graph-uri` and `named-graph-uri`)."""
        form = [("query", query), *(("default-graph-uri", iri) for iri in default_graphs),
                *(("named-graph-uri", iri) for iri in named_graphs)]
        return self._post(self.query_url, urlencode(form).encode(), "application/x-www-form-urlencoded", accept)

    def select(self, query: str) -> list[Binding]:
        """The rows of a SELECT query, as the JSON results have them."""
        body, _ = self.query(query)
        try:
            rows: list[Binding] = json.loads(body)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise KgError(f"{self.query_url} did not answer with SPARQL JSON results: {_first_line(body)}") from exc
        return rows

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update request (one or more operations separated by `;`)."""
        self._post(self.update_url, text.encode(), "application/sparql-update", "*/*")

    def post(self, url: str, body: bytes, content_type: str, *, method: str = "POST") -> None:
        """POST (or PUT) a body to any URL of the server (a Graph Store Protocol upload, say), with the same login."""
        self._post(url, body, content_type, "*/*", method=method)

    def _post(self, url: str, body: bytes, content_type: str, accept: str, *,
              method: str = "POST") -> tuple[bytes, str]:
        target = _split(url)
        path = target.path or "/"
        if target.query:
            path += "?" + target.query
        # At most three tries: no login, login, login after the server declared the nonce stale.
        for _attempt in range(3):
            headers = {"Content-Type": content_type, "Accept": accept}
            if self._scheme:
                headers["Authorization"] = self._authorization(method, path)
            status, reason, answer_headers, answer = self._send(url, target, path, body, headers, method)
            self.server = answer_headers.get("Server", "")
            if status != 401 or not self._accept_challenge(url, answer_headers, tried="Authorization" in headers):
                break
        if status == 401:
            raise KgError(f"{url} refused user {self.user!r}: wrong user or password, "
                          "or the user may not do this (HTTP 401)")
        if 300 <= status < 400:  # not followed: an update must go where the user said
            raise KgError(f"{url} redirects to {answer_headers.get('Location')} (HTTP {status}); give that URL")
        if status >= 400:
            raise KgError(f"{url} answered HTTP {status} {reason}: {_first_line(answer)}")
        return answer, answer_headers.get_content_type()

    def _send(self, url: str, target: SplitResult, path: str, body: bytes,
              headers: dict[str, str], method: str = "POST") -> tuple[int, str, Message, bytes]:
        connection_class = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(target.hostname or "", target.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.reason, response.msg, response.read()
        except ConnectionRefusedError as exc:
            raise KgError(f"cannot connect to {target.netloc}: connection refused (is the server running?)") from exc
        except socket.gaierror as exc:
            raise KgError(f"cannot find the server {target.hostname!r}: {exc.strerror}") from exc
        except TimeoutError as exc:
            raise KgError(f"{url} did not answer within {self.timeout:g} s") from exc
        except OSError as exc:
            raise KgError(f"cannot reach {url}: {exc.strerror or exc}") from exc
        except http.client.HTTPException as exc:
            raise KgError(f"{url} sent a broken answer: {exc!r}") from exc
        finally:
            connection.close()

    def _accept_challenge(self, url: str, headers: Message, *, tried: bool) -> bool:
        """Take up the server's WWW-Authenticate challenge; whether it is worth sending the request again."""
        if self.user is None:
            raise KgError(f"{url} asks for a user name and password (HTTP 401); give them with --user and --password")
        challenges = {}
        for header in headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = header.strip().partition(" ")
            challenges[scheme.lower()] = parse_keqv_list(parse_http_list(rest)) if rest else {}
        if "digest" in challenges:
            challenge = challenges["digest"]
            stale = challenge.get("stale", "").lower() == "true"
            if tried and self._scheme == "digest" and not stale and self._count <= 1:
                return False  # refused with a fresh nonce: wrong user or password
            algorithm = challenge.get("algorithm", "MD5").upper().removesuffix("-SESS")
            if algorithm not in _HASHES or (challenge.get("qop") and "auth" not in _qops(challenge)):
                raise KgError(f"{url} asks for a kind of Digest login that kg does not speak: {challenge}")
            self._scheme, self._challenge, self._count = "digest", challenge, 0
            return True
        if "basic" in challenges:
            if tried and self._scheme == "basic":
                return False
            self._scheme = "basic"
            return True
        raise KgError(f"{url} asks for a login kg does not speak (HTTP 401): {', '.join(challenges) or 'none named'}")

    def _authorization(self, method: str, path: str) -> str:
        user, password = self.user or "", self._password
        if self._scheme == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        challenge = self._challenge
        algorithm = challenge.get("algorithm", "MD5")
        digest = _HASHES[algorithm.upper().removesuffix("-SESS")]

        def hashed(text: str) -> str:
            return str(digest(text.encode()).hexdigest())

        realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
        self._count += 1
        count, cnonce = f"{self._count:08x}", os.urandom(8).hex()
        secret = hashed(f"{user}:{realm}:{password}")
        if algorithm.upper().endswith("-SESS"):
            secret = hashed(f"{secret}:{nonce}:{cnonce}")
        request = hashed(f"{method}:{path}")
        fields = {"username": user, "realm": realm, "nonce": nonce, "uri": path, "algorithm": algorithm}
        if challenge.get("qop"):
            fields["response"] = hashed(f"{secret}:{nonce}:{count}:{cnonce}:auth:{request}")
            fields |= {"qop": "auth", "nc": count, "cnonce": cnonce}
        else:
            fields["response"] = hashed(f"{secret}:{nonce}:{request}")
        if "opaque" in challenge:
            fields["opaque"] = challenge["opaque"]
        unquoted = {"algorithm", "qop", "nc"}
        return "Digest " + ", ".join(f"{key}={value}" if key in unquoted else f'{key}="{_quoted(value)}"'
                                     for key, value in fields.items())


def _split(url: str) -> SplitResult:
    target = urlsplit(url)
    if target.scheme not in ("http", "https") or not target.hostname:
        raise UsageError(f"not an http(s) URL: {url!r}")
    try:
        target.port  # noqa: B018  (a bad port raises here, not later inside a request)
    except ValueError as exc:
        raise UsageError(f"not an http(s) URL: {url!r} ({exc})") from exc
    return target


def _qops(challenge: dict[str, str]) -> list[str]:
    return [qop.strip() for qop in challenge.get("qop", "").split(",")]


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _first_line(body: bytes) -> str:
    """The first line of a server's error text, cut short: Virtuoso follows it with the whole request."""
    for line in body.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            return line.strip()[:300]
    return "(no text)"
