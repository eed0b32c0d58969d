"""Running the SHACL shapes with pySHACL and locating each result in the fact files."""

from __future__ import annotations

from typing import Any

from pyshacl import validate
from rdflib import SH, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import KgError, Problem
from kg.loader import Record
from kg.model import Model
from kg.namespaces import KGSH, iri_id


def union_graph(dataset: Dataset) -> Graph:
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def shacl_problems(dataset: Dataset, model: Model, records: dict[str, Record]) -> list[Problem]:
    """Every SHACL violation, as a Problem at the file:line of the record and field."""
    data = union_graph(dataset)  # includes the ontology graph, which sh:class and the concept checks read
    conforms, results, _ = validate(
        data, shacl_graph=model.shapes,
        inference="none", abort_on_first=False, allow_warnings=True, advanced=True,
    )
    if not isinstance(results, Graph):  # pySHACL returns, not raises, a failure of the shapes themselves
        raise KgError(f"the SHACL shapes could not be run: {results}")
    if conforms:
        return []
    problems = []
    # Only top-level results: sh:detail results restate their parent's problem.
    for result in results.objects(None, SH.result):
        problems.append(_locate(results, result, model, records))
    return problems


def _rule_name(model: Model, source_shape: Node) -> str:
    shape: Node | None = source_shape
    if not isinstance(shape, URIRef):
        shape = model.shapes.value(None, SH.property, source_shape) or source_shape
    text = str(shape)
    return text[len(str(KGSH)):] if text.startswith(str(KGSH)) else text


def _locate(results: Graph, result: Node, model: Model, records: dict[str, Record]) -> Problem:
    detail = results.value(result, SH.detail)
    if detail is not None:  # a nested shape failed: its detail says what and where
        result = detail
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    message = str(results.value(result, SH.resultMessage) or "violates a shape")
    rule = _rule_name(model, results.value(result, SH.sourceShape))  # type: ignore[arg-type]
    record_id, _, nested = (iri_id(focus) or "").partition("/evidence/") if isinstance(focus, URIRef) else ("", "", "")
    record = records.get(record_id)
    shown = _short(value)
    if record is None:
        return Problem("(built graph)", 0, str(path or ""), rule, f"{focus}: {message}", shown)
    if nested:
        key = _key_for(model.evidence.fields, path)
        return record.problem(record.line_for("evidence", int(nested), key), f"evidence.{nested}.{key}",
                              rule, message, shown)
    key = _key_for(model.sections[record.section].fields, path)
    return record.problem(record.line_for(key) if key else record.line, key, rule, message, shown)


def _key_for(fields: Any, path: Node | None) -> str:
    return next((f.key for f in fields if f.path == path), "")


def _short(value: Node | None) -> str:
    if value is None:
        return ""
    text = str(value)
    return iri_id(value) or text if isinstance(value, URIRef) else text
