"""Facts to RDF: each record becomes a resource, typed and linked as its shape says.

Triples go to named graphs by provenance: one graph per source article, one for the curated
registry of entities, one for background knowledge, one for analyst flags, one for what
the build derives, and one holding the ontology and vocabularies. The default graph of the outputs is their union.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.checks import record_class
from kg.loader import Record
from kg.model import FieldSpec, Model
from kg.namespaces import GRAPH, KG, ORG, PREFIXES, TIME, entity_iri

REGISTRY, BACKGROUND, ANALYST, DERIVED = GRAPH.registry, GRAPH.background, GRAPH.analyst, GRAPH.derived
ONTOLOGY = GRAPH.ontology


def source_graph(source_id: str) -> URIRef:
    return GRAPH[f"source/{source_id}"]


def evidence_iri(record_id: str, index: int) -> URIRef:
    return URIRef(f"{entity_iri(record_id)}/evidence/{index}")


def graph_of(record: Record) -> URIRef:
    """Which named graph a record's triples belong to."""
    if record.section == "flags":
        return DERIVED if record.values.get("origin") == "conflict-rule" else ANALYST
    if record.section == "overrides":  # a facilitator's judgement: like an analyst's flag, no source states it
        return ANALYST
    if record.values.get("basis") == "background":
        return BACKGROUND
    if record.section == "mentions":
        return source_graph(record.values["source"])
    evidence = record.values.get("evidence")
    if evidence and record.section != "sources":
        return source_graph(evidence[0]["source"])
    return REGISTRY


def to_literal(spec: FieldSpec, value: Any) -> Literal:
    if spec.kind == "lang":
        return Literal(value, lang=spec.lang)
    if spec.datatype in (None, XSD.string):
        return Literal(value)
    if isinstance(value, Decimal):
        return Literal(canonical_decimal(value), datatype=XSD.decimal)
    if isinstance(value, (date, bool)):
        return Literal(value)
    return Literal(value, datatype=spec.datatype)


def canonical_decimal(value: Decimal) -> str:
    """XSD's canonical decimal form ("39.0", "34.15"), so Turtle and N-Triples write the same term."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def to_term(spec: FieldSpec, value: Any, model: Model) -> URIRef | Literal:
    if spec.kind == "ref":
        return entity_iri(value)
    if spec.kind == "concept":
        assert spec.scheme is not None
        return model.schemes[spec.scheme][value]
    if spec.kind == "property":
        return model.relation_properties[value]
    return to_literal(spec, value)


def build_dataset(records: list[Record], model: Model) -> Dataset:
    """The RDF of all records, in named graphs, with prefixes bound."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    # The ontology and vocabularies travel with the data, so that a query can match a
    # concept by its notation or show a class's label without loading anything else.
    dataset.graph(ONTOLOGY).__iadd__(model.ontology)
    by_id = {r.id: r for r in records}
    for record in records:
        graph = dataset.graph(graph_of(record))
        _add_record(graph, record, model)
        _add_derived(graph, record, by_id)
    return dataset


def _add_record(graph: Graph, record: Record, model: Model) -> None:
    subject = entity_iri(record.id)
    graph.add((subject, RDF.type, record_class(record, model)))
    for spec in model.sections[record.section].fields:
        value = record.values.get(spec.key)
        if value is None or spec.kind == "type":
            continue
        if spec.kind == "nested":
            for i, item in enumerate(value):
                node = evidence_iri(record.id, i)
                graph.add((subject, spec.path, node))
                graph.add((node, RDF.type, KG.Evidence))
                for sub in model.evidence.fields:
                    graph.add((node, sub.path, to_term(sub, item[sub.key], model)))
                graph.add((subject, PROV.wasDerivedFrom, entity_iri(item["source"])))
            continue
        for item in value if spec.many else [value]:
            graph.add((subject, spec.path, to_term(spec, item, model)))
    if record.section == "relations":
        graph.add((entity_iri(record.values["subject"]), model.relation_properties[record.values["property"]],
                   entity_iri(record.values["object"])))


def _add_derived(graph: Graph, record: Record, by_id: dict[str, Record]) -> None:
    """Conveniences a SPARQL user expects, derived from the record (never read back)."""
    values = record.values
    if record.section == "mentions":
        graph.add((entity_iri(values["entity"]), KG.nameAsWritten, Literal(values["quote"])))
        graph.add((entity_iri(record.id), PROV.wasDerivedFrom, entity_iri(values["source"])))
    elif record.section == "holdings":
        person, post = entity_iri(values["person"]), entity_iri(values["post"])
        graph.add((person, ORG.holds, post))
        post_record = by_id.get(values["post"])
        if post_record:
            graph.add((entity_iri(record.id), ORG.organization, entity_iri(post_record.values["organisation"])))
        if "from" in values or "to" in values:
            _add_interval(graph, entity_iri(record.id), values.get("from"), values.get("to"))


def _add_interval(graph: Graph, holding: URIRef, start: date | None, end: date | None) -> None:
    interval = URIRef(f"{holding}/interval")
    graph.add((holding, ORG.memberDuring, interval))
    graph.add((interval, RDF.type, TIME.Interval))
    for day, link in ((start, TIME.hasBeginning), (end, TIME.hasEnd)):
        if day is not None:
            instant = URIRef(f"{interval}/{'start' if link == TIME.hasBeginning else 'end'}")
            graph.add((interval, link, instant))
            graph.add((instant, RDF.type, TIME.Instant))
            graph.add((instant, TIME.inXSDDate, Literal(day)))
