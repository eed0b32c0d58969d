"""Keep queries offline: find SERVICE calls before a query reaches the engine.

Oxigraph, both pyoxigraph and its server, follows `SERVICE <http://…>` (and
runs `LOAD` in an update): measured here with a loopback canary server. kg is
used in meeting rooms without internet and its endpoint must not be a way to
reach other machines, so a query that calls a SERVICE is refused unless the
caller allows federation.

The check is lexical: strings, IRIs, comments, variables and prefixed names are
skipped, and what is left is searched for the keyword SERVICE. SERVICE is a
reserved word in SPARQL, so any bare occurrence is the keyword; a false alarm
would need SERVICE as a bare word outside every string, which no valid query has
except as the keyword itself.

>>> services_called('SELECT * { ?s ?p "SERVICE" } # SERVICE in a comment')
False
>>> services_called('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
True
"""

from __future__ import annotations

import re

from kg.errors import KgError

_TOKENS = re.compile(r'''
    (?P<skip>
        """(?:[^"\\]|\\.|"(?!""))*"""       # long strings
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n]|\\.)*"                  # short strings
      | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\s]*>                   # IRIs
      | \#[^\n]*                             # comments
      | [?$]\w+                              # variables
      | [\w.-]*:[\w.:%-]*                    # prefixed names (ex:SERVICE is not the keyword)
    )
  | (?P<word>[A-Za-z_]\w*)
''', re.VERBOSE | re.DOTALL)


class RemoteAccessRefused(KgError):
    """The query would make the engine contact another server."""


def services_called(query: str) -> bool:
    """True when the query text uses the SERVICE keyword."""
    return any(m.group("word") and m.group("word").upper() == "SERVICE" for m in _TOKENS.finditer(query))


def refuse_service(query: str) -> None:
    """Raise RemoteAccessRefused when the query calls a SERVICE."""
    if services_called(query):
        raise RemoteAccessRefused(
            "the query calls SERVICE, which would contact another server; kg answers from the local graph only "
            "(kg query --allow-service permits federation)")
