"""Binding parameters into SPARQL text, for engines that cannot bind them after parsing.

The embedded Oxigraph binds a parameter inside the parsed query (SEP-0007 substitutions):
the variable becomes the value everywhere, in every subquery too. A remote server and
rdflib's engine only take text, so here the values go into the text as an inline
`VALUES` row at the start of every group graph pattern of the query. A subquery or a
UNION branch is evaluated on its own, before it is joined with the rest, so binding only
the outermost group would leave the parameter unbound inside it; binding every group
makes each one see the same constant, as the substitution does.

The values are written as SPARQL terms with every quote and backslash escaped and IRIs
checked, so a value is only ever a value: `x" } ; DROP ALL #` stays a string.

>>> print(bind_inline('SELECT * { { SELECT ?s { ?s ?p ?c } } }', {"c": ox.Literal('x" } #')}))
SELECT * { VALUES (?c) { ("x\\" } #") } { SELECT ?s { VALUES (?c) { ("x\\" } #") } ?s ?p ?c } } }
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from kg.errors import UsageError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# The pieces of query text whose braces and words do not count: strings (long ones first),
# comments, IRIs (no spaces inside, so `?a < 3` stays an operator), variables and names.
_TOKEN = re.compile(r'''
    (?P<skip> \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
            | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' | \#[^\n]* | <[^<>"{}|^`\\\x00-\x20]*>
            | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+ )
  | (?P<word> [A-Za-z_][\w.\-]*(?::[\w.\-%\\]*)? | :[\w.\-%\\]* )
  | (?P<brace> [{}] )
''', re.VERBOSE)
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def sparql_term(term: Term) -> str:
    """A term as SPARQL text; strings are escaped so that nothing in them is read as syntax."""
    if isinstance(term, ox.NamedNode):
        if _IRI_FORBIDDEN.search(term.value):
            raise UsageError(f"not a valid IRI for a parameter: {term.value!r}")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = '"' + "".join(_ECHAR.get(char, char) for char in term.value) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    raise UsageError(f"a parameter must be an IRI or a literal, not {term}")


def bind_inline(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with `bindings` as a VALUES row at the start of every group graph pattern."""
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(sparql_term(value) for value in bindings.values())
    values = f" VALUES ({names}) {{ ({row}) }}"
    pieces, last = [], 0
    for position in _group_openings(sparql):
        pieces += [sparql[last:position], values]
        last = position
    return "".join(pieces) + sparql[last:]


def _group_openings(sparql: str) -> Iterator[int]:
    """Offsets just after each `{` that opens a group graph pattern (not a template, a VALUES
    block, or the braces around a subquery, where nothing may stand before SELECT)."""
    tokens = [(m.lastgroup, m.group(), m.end()) for m in _TOKEN.finditer(sparql) if m.lastgroup != "skip"]
    stack: list[str] = []
    form = ""
    seen_where = after_values = False
    for index, (kind, text, end) in enumerate(tokens):
        if kind == "word":
            upper = text.upper()
            form = form or (upper if upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") else "")
            seen_where |= upper == "WHERE" and not stack
            after_values |= upper == "VALUES"
            continue
        if text == "}":
            if stack:
                stack.pop()
            continue
        following = tokens[index + 1][1].upper() if index + 1 < len(tokens) else ""
        if after_values or (stack and stack[-1] == "data"):
            kind_of_brace = "data"  # VALUES rows, or a nested brace inside them
        elif form == "CONSTRUCT" and not stack and not seen_where:
            kind_of_brace = "data"  # the CONSTRUCT template
        elif following == "SELECT":
            kind_of_brace = "subquery"
        else:
            kind_of_brace = "group"
            yield end
        after_values = False
        stack.append(kind_of_brace)


def with_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """The query with PREFIX lines for the predeclared prefixes it does not declare itself,
    for engines that know no predeclared prefixes."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.\-]*):", sparql)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared]
    return "\n".join([*lines, sparql])
