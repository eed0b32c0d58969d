"""Binding parameters into SPARQL text, for engines that cannot bind them after parsing.

The embedded Oxigraph binds a parameter inside the parsed query (SEP-0007 substitutions):
the variable becomes the value everywhere, in every subquery too. A remote server and
rdflib's engine only take text, so here the values go into the text as an inline
`VALUES` row at the start of the outermost group graph pattern and of every group that
mentions the parameter. A subquery or a UNION branch is evaluated on its own, before it is
joined with the rest, so binding only the outermost group would leave the parameter unbound
inside it; binding every group that names it makes each one see the same constant, as the
substitution does.

The values are written as SPARQL terms with every quote and backslash escaped and IRIs
checked, so a value is only ever a value: `x" } ; DROP ALL #` stays a string.

>>> print(bind_inline('SELECT * { { SELECT ?s { ?s ?p ?c } } }', {"c": ox.Literal('x" } #')}))
SELECT * { VALUES (?c) { ("x\\" } #") } { SELECT ?s { VALUES (?c) { ("x\\" } #") } ?s ?p ?c } } }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import UsageError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# The pieces of query text whose braces and words do not count: strings (long ones first),
# comments, IRIs (no spaces inside, so `?a < 3` stays an operator), variables and names.
_TOKEN = re.compile(r'''
    (?P<skip> \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
            | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' | \#[^\n]* | <[^<>"{}|^`\\\x00-\x20]*> )
  | (?P<variable> [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+ )
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
    """The query with `bindings` as a VALUES row at the start of the outermost group graph pattern, and of every
    other group that mentions one of them (with just those): a group that does not mention a parameter gains
    nothing from its value, and a VALUES block in an OPTIONAL that does not need it made Oxigraph evaluate that
    OPTIONAL on its own, over the whole graph (the disagreements question at a million triples: minutes)."""
    if not bindings:
        return sparql
    pieces, last = [], 0
    for position, mentioned in _group_openings(sparql):
        names = [name for name in bindings if mentioned is None or name in mentioned]
        if not names:
            continue
        row = " ".join(sparql_term(bindings[name]) for name in names)
        pieces += [sparql[last:position], f" VALUES ({' '.join(f'?{name}' for name in names)}) {{ ({row}) }}"]
        last = position
    return "".join(pieces) + sparql[last:]


@dataclass
class _Brace:
    kind: str  # group, subquery or data
    end: int  # offset just after the brace
    parent: _Brace | None
    variables: set[str] = field(default_factory=set)  # every variable named inside, nested braces included


def _group_openings(sparql: str) -> list[tuple[int, set[str] | None]]:
    """Offsets just after each `{` that opens a group graph pattern (not a template, a VALUES
    block, or the braces around a subquery, where nothing may stand before SELECT), each with the
    variables it mentions (a group right inside a subquery also counts the subquery's SELECT
    clause); None for the outermost group, which gets every binding."""
    tokens = [(m.lastgroup, m.group(), m.end()) for m in _TOKEN.finditer(sparql) if m.lastgroup != "skip"]
    stack: list[_Brace] = []
    groups: list[_Brace] = []
    form = ""
    seen_where = after_values = False
    for index, (kind, text, end) in enumerate(tokens):
        if kind == "variable":
            for brace in stack:
                brace.variables.add(text[1:])
            continue
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
        if after_values or (stack and stack[-1].kind == "data"):
            kind_of_brace = "data"  # VALUES rows, or a nested brace inside them
        elif form == "CONSTRUCT" and not stack and not seen_where:
            kind_of_brace = "data"  # the CONSTRUCT template
        elif following == "SELECT":
            kind_of_brace = "subquery"
        else:
            kind_of_brace = "group"
        after_values = False
        brace = _Brace(kind_of_brace, end, stack[-1] if stack else None)
        stack.append(brace)
        if kind_of_brace == "group":
            groups.append(brace)
    outermost = next((group for group in groups if group.parent is None), None)
    return [(group.end, None if group is outermost else
             group.variables | (group.parent.variables if group.parent and group.parent.kind == "subquery" else set()))
            for group in groups]


def names_graphs(sparql: str) -> bool:
    """Whether the query says GRAPH (outside strings, comments and IRIs): only such a query reads the named graphs.

    >>> names_graphs('SELECT * { GRAPH ?g { ?s ?p "GRAPH" } }'), names_graphs('SELECT * { ?s ?p "GRAPH" } # GRAPH')
    (True, False)
    """
    return any(m.lastgroup == "word" and m.group().upper() == "GRAPH" for m in _TOKEN.finditer(sparql))


def with_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """The query with PREFIX lines for the predeclared prefixes it does not declare itself,
    for engines that know no predeclared prefixes."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.\-]*):", sparql)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared]
    return "\n".join([*lines, sparql])
