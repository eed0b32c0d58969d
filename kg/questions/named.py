"""Named questions: parameterised SPARQL kept as files in kg/questions/, one question per file.

A question file is a plain SPARQL query that any SPARQL tool can run, preceded by a
header of `#+ ` comment lines holding YAML (the convention grlc uses):

    #+ title: Who held a post
    #+ description: …
    #+ params:
    #+   post: {type: entity, description: "The post, by ID or name"}
    #+   date: {type: date, optional: true, description: "…"}
    #+ example: {post: kakanwil-sumbagsel, date: "2024-07-09"}

Parameter types: entity (ID, name or alias of a record), date (YYYY-MM-DD, or an
Indonesian date such as "9 Juli 2024"), year, string, integer, and concept (a
controlled value, named by its notation within the scheme given as `scheme:`).
Values are bound by the engine (see kg.store.graphstore), never pasted into the query text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.facts.indonesian import parse_date
from kg.namespaces import ID, KGV
from kg.questions.resolve import EntityIndex
from kg.store.graphstore import XSD, GraphStore, QueryResult, Term
from kg.store.sparqltext import bind_inline

QUESTIONS_DIR = Path(__file__).parent  # the .rq files sit beside this module
HEADER = "#+"
PARAM_TYPES = ("entity", "date", "year", "string", "integer", "concept")


class BadQuestionFile(KgError):
    """A question file's header is missing, malformed or inconsistent with its query."""


@dataclass(frozen=True)
class Param:
    """One parameter of a question."""

    name: str
    type: str
    description: str
    optional: bool = False
    scheme: str = ""  # for type concept: the local name of the SKOS scheme, e.g. "Measure"


@dataclass(frozen=True)
class Question:
    """A named, documented, parameterised SPARQL query."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    example: Mapping[str, str]
    query: str
    path: Path
    # "engine": Oxigraph binds parameters inside the parsed query; "inline": as VALUES rows in
    # the text (kg.store.sparqltext), which gives Oxigraph a far better plan for some questions
    # (disagreements, then flagged-figures: 0.3 s instead of 20 s at a million triples; docs/benchmarks.md).
    binding: str = "engine"

    def command(self) -> str:
        """The `kg ask` command line that runs the example."""
        args = "".join(f" --param {key}={_shell_quote(value)}" for key, value in self.example.items())
        return f"kg ask {self.name}{args}"


def _shell_quote(value: str) -> str:
    return value if value.replace("-", "").replace(".", "").isalnum() else f"'{value}'"


def load_question(path: Path) -> Question:
    """Read one question file; a bad header raises BadQuestionFile naming file:line and the key."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = []
    for line in lines:
        if not line.startswith(HEADER):
            break
        header.append(line[len(HEADER):].removeprefix(" "))
    display = str(path)
    from kg.facts.yamlio import parse_yaml_text  # here: `kg query` imports this module but reads no question

    data, problems = parse_yaml_text("\n".join(header), display)
    if problems:
        raise BadQuestionFile(problems[0].render())
    if not isinstance(data, dict):
        raise BadQuestionFile(f"{display}:1: a question file opens with '#+ ' YAML lines (title, description, "
                              "params, example)")
    for key in ("title", "description"):
        if not data.get(key):
            raise BadQuestionFile(f"{display}:1: {key}: missing")
    unknown = set(data) - {"title", "description", "params", "example", "binding"}
    if unknown:
        raise BadQuestionFile(f"{display}:{getattr(data[min(unknown)], 'line', 1)}: {min(unknown)}: unknown key")
    params = tuple(_param(display, name, spec) for name, spec in (data.get("params") or {}).items())
    example = {str(k): str(v) for k, v in (data.get("example") or {}).items()}
    query = "\n".join(lines[len(header):])
    binding = str(data.get("binding") or "engine")
    if binding not in ("engine", "inline"):
        line = getattr(data, "key_lines", {}).get("binding", 1)
        raise BadQuestionFile(f"{display}:{line}: binding: 'engine' or 'inline', not {binding!r}")
    question = Question(path.stem, " ".join(data["title"].split()), " ".join(data["description"].split()),
                        params, example, query, path, binding)
    unknown_example = set(example) - {p.name for p in params}
    if unknown_example:
        raise BadQuestionFile(f"{display}: example: {sorted(unknown_example)} are not parameters")
    return question


def _param(display: str, name: str, spec: Any) -> Param:
    line = getattr(spec, "line", 1)
    if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
        raise BadQuestionFile(f"{display}:{line}: params.{name}: type must be one of {', '.join(PARAM_TYPES)}")
    optional = spec.get("optional", "false")
    if optional not in ("true", "false"):
        raise BadQuestionFile(f"{display}:{line}: params.{name}.optional: {optional!r} is not true or false")
    if spec["type"] == "concept" and not spec.get("scheme"):
        raise BadQuestionFile(f"{display}:{line}: params.{name}.scheme: a concept parameter names its scheme")
    return Param(name, str(spec["type"]), " ".join(str(spec.get("description", "")).split()),
                 optional == "true", str(spec.get("scheme", "")))


@cache
def _library(directory: Path) -> dict[str, Question]:
    return {path.stem: _one(path) for path in sorted(directory.glob("*.rq"))}


def questions(directory: Path = QUESTIONS_DIR) -> dict[str, Question]:
    """Every named question, by name."""
    return _library(directory)


def question(name: str, directory: Path = QUESTIONS_DIR) -> Question:
    """One question by name; an unknown name lists the known ones.

    Only that question's file is read (a quarter of `kg ask`'s start-up went to reading all of them).
    """
    path = directory / f"{name}.rq"
    if name.strip() and "/" not in name and not name.startswith(".") and path.is_file():
        return _one(path)
    library = questions(directory)
    raise UsageError(f"No such question: {name!r}; `kg questions` lists them ({', '.join(library)})")


@cache
def _one(path: Path) -> Question:
    return load_question(path)


def bind(q: Question, raw: Mapping[str, str], store: GraphStore, index: EntityIndex | None = None) -> dict[str, Term]:
    """Turn `key=value` text into RDF terms for the question's parameters, checking each one."""
    declared = {p.name: p for p in q.params}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        raise UsageError(f"{q.name}: no parameter {unknown[0]!r}; it takes {_param_list(q)}")
    missing = [p.name for p in q.params if not p.optional and p.name not in raw]
    if missing:
        raise UsageError(f"{q.name}: parameter {missing[0]!r} is required; it takes {_param_list(q)}")
    bound: dict[str, Term] = {}
    for name, text in raw.items():
        param = declared[name]
        if param.type == "entity":
            entity = _existing_id(store, text)
            if entity is None:  # a name or alias: only then is the index of every name needed
                index = index or EntityIndex(store)
                entity = ox.NamedNode(str(ID) + index.resolve(text))
            bound[name] = entity
        elif param.type == "concept":
            bound[name] = _concept(store, param, text)
        else:
            bound[name] = _literal(q.name, param, text)
    return bound


def _existing_id(store: GraphStore, text: str) -> ox.NamedNode | None:
    """The entity whose ID is exactly `text`, found by one lookup; building the index of all
    names costs seconds on a national graph, and IDs are what scripts pass."""
    candidate = text.strip()
    if not _ID_SHAPE.fullmatch(candidate):
        return None
    entity = ox.NamedNode(str(ID) + candidate)
    return entity if store.query(_EXISTS, {"entity": entity}).boolean else None


_ID_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EXISTS = "ASK { ?entity a ?type }"


def _param_list(q: Question) -> str:
    return ", ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.params) or "no parameters"


def _literal(question_name: str, param: Param, text: str) -> ox.Literal:
    where = f"{question_name}: --param {param.name}={text!r}"
    if param.type == "date":
        try:
            return ox.Literal(dt.date.fromisoformat(text.strip()).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        except ValueError:
            written = parse_date(text)
            if written and written.year and written.month and written.day:
                try:
                    day = dt.date(written.year, written.month, written.day)
                except ValueError:
                    pass
                else:
                    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
            raise UsageError(f"{where}: not a date (write YYYY-MM-DD, or e.g. '9 Juli 2024')") from None
    if param.type in ("year", "integer"):
        if not text.strip().lstrip("-").isdigit():
            raise UsageError(f"{where}: not a whole number")
        datatype = "gYear" if param.type == "year" else "integer"
        return ox.Literal(str(int(text)) if param.type == "integer" else text.strip(),
                          datatype=ox.NamedNode(XSD + datatype))
    return ox.Literal(text)


_CONCEPTS = """
SELECT ?concept ?notation ?scheme WHERE { ?concept skos:inScheme ?scheme ; skos:notation ?notation } ORDER BY ?notation
"""


def _concept(store: GraphStore, param: Param, text: str) -> ox.NamedNode:
    scheme = ox.NamedNode(str(KGV) + param.scheme)
    rows = store.select(_CONCEPTS, scheme=scheme)
    for row in rows:
        if row["notation"].casefold() == text.strip().casefold():
            return ox.NamedNode(row["concept"])
    allowed = ", ".join(row["notation"] for row in rows)
    raise UsageError(f"--param {param.name}={text!r}: not a {param.scheme} value; one of: {allowed}")


def ask(store: GraphStore, name: str, params: Mapping[str, str] | None = None,
        index: EntityIndex | None = None, *, limit: int | None = None, offset: int = 0) -> QueryResult:
    """Run the named question with `params` given as text, exactly as on the command line; with `limit`, one page
    of its rows in the question's own order, from row `offset` (0-based)."""
    return store.query(*prepare(store, name, params, index, limit=limit, offset=offset))


def prepare(store: GraphStore, name: str, params: Mapping[str, str] | None = None,
            index: EntityIndex | None = None, *, limit: int | None = None,
            offset: int = 0) -> tuple[str, dict[str, Term]]:
    """The question's query text and the bindings to run it with, bound the way its file asks."""
    q = question(name)
    bound = bind(q, params or {}, store, index)
    text = q.query + paging(limit, offset)
    if q.binding == "inline":
        return bind_inline(text, bound), {}
    return text, bound


def paging(limit: int | None, offset: int) -> str:
    """The solution modifiers of one page (every question ends with its ORDER BY, so pages do not overlap).

    >>> paging(100, 200)
    '\\nLIMIT 100 OFFSET 200'
    """
    if limit is None and not offset:
        return ""
    if (limit is not None and limit < 1) or offset < 0:
        raise UsageError(f"a page needs a limit of at least 1 and an offset of at least 0, not {limit} and {offset}")
    return (f"\nLIMIT {int(limit)}" if limit is not None else "\n") + (f" OFFSET {int(offset)}" if offset else "")
