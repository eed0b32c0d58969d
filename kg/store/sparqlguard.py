"""Keep queries offline and the endpoint read-only: checks made before a query reaches Oxigraph.

Oxigraph, both pyoxigraph and its server, follows `SERVICE <any URL>` and, in an
update, `LOAD <url>`: a loopback canary server sees the requests. kg is used in
meeting rooms without internet, and its endpoint must not be a way to reach
other machines, so a query that uses SERVICE is refused (by `kg query` unless
`--allow-service` is given; always by `kg serve`).

The SERVICE check is textual, and errs towards refusing: Oxigraph's parser needs
no space around keywords (it follows `?s ?p trueSERVICE<x>{…}`), so any
occurrence of the word counts, except where it cannot start the keyword (after
`?`, `$`, `:`, `#` or `/`: a variable, a prefixed name, an IRI path or a comment).
The word inside a string is refused too: a false alarm is safe, a miss is not.
SPARQL's \\u escapes are decoded before checking as well.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote_plus

from kg.errors import KgError

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Oxigraph's PEG parser needs no space around keywords (it follows `?s ?p trueSERVICE<x>{…}`), so
# the guard matches the bare word. It skips only what cannot start the keyword:
# a variable (?service, $service), a prefixed name or blank node (kg:ServiceArea),
# and text after "#" or "/", which is inside an IRI or a comment.
_SERVICE = re.compile(r"(?<![?$:#/])service", re.IGNORECASE)
_QUERY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded")


class RemoteAccessRefused(KgError):
    """The query would make the engine contact another server."""


def mentions_service(text: str) -> bool:
    """Whether a query text may use SERVICE, checked before and after SPARQL's \\u escapes are decoded.

    Strings are not skipped, so a query searching for the word "service" is
    refused too: a false alarm is safe, a miss is not.

    >>> mentions_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> mentions_service("SELECT ?service { ?service a kg:ServiceArea }")
    False
    """
    decoded = _CODEPOINT_ESCAPE.sub(_decode_escape, text)
    return bool(_SERVICE.search(text) or _SERVICE.search(decoded))


def _decode_escape(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except ValueError:  # beyond U+10FFFF: the engine rejects it anyway
        return match.group(0)


def refusal(method: str, target: str, content_type: str, body: bytes) -> tuple[int, str] | None:
    """Why the proxy refuses a request, as (HTTP status, message), or None to forward it.

    >>> refusal("POST", "/query", "application/sparql-update", b"LOAD <http://example.org/>")
    (403, 'updates are refused: this SPARQL endpoint is read-only')
    >>> refusal("GET", "/query?query=ASK%7B%7D", "", b"") is None
    True
    """
    path, _, query_string = target.partition("?")
    media_type, _, params = content_type.partition(";")
    media_type = media_type.strip().lower()
    charset = re.search(r"charset\s*=\s*\"?([\w-]+)", params, re.IGNORECASE)
    texts = [unquote_plus(query_string)]
    names = set(parse_qs(query_string, keep_blank_values=True))
    if method == "POST":
        if media_type not in _QUERY_TYPES and media_type != "application/sparql-update":
            return 415, f"send the query as {' or '.join(_QUERY_TYPES)} (got {media_type or 'no Content-Type'!r})"
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            return 415, f"send the query in UTF-8 (got charset {charset.group(1)!r})"
        text = body.decode("utf-8", errors="replace")
        if media_type == "application/x-www-form-urlencoded":
            names |= set(parse_qs(text, keep_blank_values=True))
            text = unquote_plus(text)
        texts.append(text)
    if (path.rstrip("/").endswith("/update") or media_type == "application/sparql-update"
            or any(name.strip().lower() == "update" for name in names)):
        return 403, "updates are refused: this SPARQL endpoint is read-only"
    if any(mentions_service(text) for text in texts):
        return 403, ("SERVICE is refused: this endpoint answers only from the local graph and fetches nothing. "
                     "(The check is textual: the word \"service\" inside a string is refused too.)")
    return None


def refuse_service(query: str) -> None:
    """Raise RemoteAccessRefused when the query may call a SERVICE."""
    if mentions_service(query):
        raise RemoteAccessRefused(
            "the query uses SERVICE, which would contact another server; kg answers from the local graph only "
            "(the check is textual, so the word inside a string counts too; kg query --allow-service permits it)")
