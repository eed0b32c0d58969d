"""RDF back to fact records, through the same model that maps facts to RDF.

Used to prove the mapping loses nothing: facts -> RDF -> facts gives the same records.
Triples the build derives (org:holds, names as written, prov:wasDerivedFrom, OWL-Time
intervals, the flags of the build's rules) are not read back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.facts.dates import DateValue
from kg.facts.model import FieldSpec, Model, SectionSpec
from kg.namespaces import EDTF, iri_id
from kg.rdf.build import DERIVED, ONTOLOGY


def _python(spec: FieldSpec, term: Node, graph: Graph, model: Model, section: SectionSpec) -> Any:
    if spec.kind == "ref":
        return iri_id(term)  # type: ignore[arg-type]
    if spec.kind == "concept":
        return model.notation[term]  # type: ignore[index]
    if spec.kind == "property":
        return next(k for k, v in model.relation_properties.items() if v == term)
    if spec.kind == "nested":
        values = {sub.key: graph.value(term, sub.path) for sub in model.evidence.fields}
        return {key: _python(sub, values[key], graph, model, model.evidence)  # type: ignore[arg-type]
                for sub in model.evidence.fields for key in [sub.key]}
    assert isinstance(term, Literal)
    if spec.datatype == EDTF:
        return DateValue.parse(str(term))
    value = term.toPython()
    if isinstance(value, (date, Decimal, bool, int)) and not isinstance(value, str):
        return value
    return str(term)


def _evidence_order(term: Node) -> int:
    return int(str(term).rsplit("/", 1)[-1])


def records_from_rdf(dataset: Dataset, model: Model) -> dict[tuple[str, str], dict[str, Any]]:
    """(section, id) -> values, read from the RDF of everything but the derived graph."""
    graph = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g not in (DERIVED, ONTOLOGY):
            graph.add((s, p, o))
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for section in model.sections.values():
        classes = [section.target_class, *section.type_choices.values()]
        subjects = {s for c in classes for s in graph.subjects(RDF.type, c)}
        for subject in subjects:
            record_id = iri_id(subject)  # type: ignore[arg-type]
            if record_id is None or "/" in record_id:
                continue
            out[(section.name, record_id)] = _values(graph, subject, section, model)  # type: ignore[arg-type]
    return out


def _values(graph: Graph, subject: URIRef, section: SectionSpec, model: Model) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in section.fields:
        if spec.kind == "type":
            chosen = next((k for k, c in section.type_choices.items() if (subject, RDF.type, c) in graph), None)
            if chosen:
                values["type"] = chosen
            continue
        terms = list(graph.objects(subject, spec.path))
        if spec.kind == "lang" and spec.lang:  # one key per language of a multilingual property
            terms = [t for t in terms if isinstance(t, Literal) and t.language == spec.lang]
        if spec.kind == "nested":
            terms.sort(key=_evidence_order)
        elif spec.many:
            terms.sort(key=str)
        if not terms:
            continue
        converted = [_python(spec, t, graph, model, section) for t in terms]
        values[spec.key] = converted if spec.many else converted[0]
    return values

