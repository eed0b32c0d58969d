"""Facts to RDF: each record becomes a resource, typed and linked as its shape says.

Triples go to named graphs by provenance: one graph per source article, one for the curated
registry of entities, one for background knowledge, one for analyst flags, one for what
the build derives, and one holding the ontology and vocabularies. The default graph of the
outputs is their union.

This module is the one place where a record becomes RDF. It writes each record's quads as
N-Quads statements, as text: a million quads take some three seconds this way, sorting
included, where rdflib's memory store takes a minute. The build sorts them into kg.nq and bulk-loads them into
Oxigraph (kg.output); the rdflib Dataset that SHACL and small tools read is parsed from the
same statements (kg.rdf.quads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import PROV

from kg.facts.checks import record_class
from kg.facts.dates import DateValue
from kg.facts.loader import Record
from kg.facts.model import FieldSpec, Model
from kg.namespaces import EDTF, GRAPH, ID, KG, KGV, ORG, TIME, entity_iri
from kg.progress import NO_PROGRESS, Steps
from kg.rdf.quads import Quads

REGISTRY, BACKGROUND, ANALYST, DERIVED = GRAPH.registry, GRAPH.background, GRAPH.analyst, GRAPH.derived
ONTOLOGY = GRAPH.ontology

# N-Triples escapes, as Oxigraph writes them, so that kg.nq and the files Oxigraph writes agree.
_ESCAPES = {**{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
            ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}


def source_graph(source_id: str) -> URIRef:
    return GRAPH[f"source/{source_id}"]


def evidence_iri(record_id: str, index: int) -> URIRef:
    return URIRef(f"{entity_iri(record_id)}/evidence/{index}")


def graph_of(record: Record) -> URIRef:
    """Which named graph a record's triples belong to."""
    if record.section == "flags":
        return ANALYST if record.values.get("origin") in (None, "analyst") else DERIVED
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


def canonical_decimal(value: Decimal) -> str:
    """XSD's canonical decimal form ("39.0", "34.15"), so Turtle and N-Triples write the same term."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def iri(term: str) -> str:
    """An IRI in N-Triples syntax. kg's IRIs are minted from checked IDs, so none needs escaping."""
    return f"<{term}>"


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal in N-Triples syntax; a plain string when it has neither datatype nor language."""
    quoted = f'"{lexical.translate(_ESCAPES)}"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype and datatype != XSD.string:
        return f"{quoted}^^<{datatype}>"
    return quoted


def rdflib_term(term: Any) -> str:
    """An rdflib IRI or literal (of the ontology) in N-Triples syntax."""
    if isinstance(term, Literal):
        return literal(str(term), term.datatype, term.language)
    if isinstance(term, URIRef):
        return iri(term)
    raise ValueError(f"the ontology has a blank node ({term}); kg's outputs must not depend on its label")


_ID = str(ID)  # entity_iri(x) is ID[x]; written out here as text, the hot path of a large build


def entity(record_id: str) -> str:
    """entity_iri(record_id) in N-Triples syntax."""
    return f"<{_ID}{record_id}>"


Encoder = Callable[[Any], str]


def encoder(spec: FieldSpec, model: Model) -> Encoder:
    """How a field's typed value (from the pydantic model) becomes an N-Triples term.

    Everything that does not depend on the value is worked out here, once per field: numbers,
    dates and booleans need no escaping, and each datatype's suffix is written ahead.
    """
    if spec.kind == "ref":
        return entity
    if spec.kind in ("concept", "property"):
        terms = model.relation_properties if spec.kind == "property" else model.schemes[spec.scheme]  # type: ignore[index]
        return {value: iri(term) for value, term in terms.items()}.__getitem__
    if spec.kind == "lang":
        language = f"@{spec.lang}"
        return lambda value: f'"{value.translate(_ESCAPES)}"{language}'
    if spec.datatype in (None, XSD.string):
        return lambda value: f'"{value.translate(_ESCAPES)}"'
    if spec.datatype == XSD.boolean:
        return {True: literal("true", XSD.boolean), False: literal("false", XSD.boolean)}.__getitem__
    if spec.datatype == EDTF:  # a date of any precision: its datatype says which (kg.facts.dates)
        return lambda value: f'"{value}"^^<{value.datatype}>'
    suffix = f"^^<{spec.datatype}>"
    if spec.datatype == XSD.decimal:
        return lambda value: f'"{canonical_decimal(value)}"{suffix}'
    if spec.datatype == XSD.date:
        return lambda value: f'"{value.isoformat()}"{suffix}'
    if spec.datatype == XSD.nonNegativeInteger:
        return lambda value: f'"{value}"{suffix}'
    return lambda value: f'"{str(value).translate(_ESCAPES)}"{suffix}'


@dataclass(frozen=True)
class Plan:
    """A field, ready to write: its key, predicate, whether it takes a list, and its encoder."""

    key: str
    kind: str
    predicate: str
    many: bool
    encode: Encoder


@lru_cache(maxsize=64)
def plan(model: Model, section: str) -> tuple[Plan, ...]:
    """The fields of a section (or of "evidence") as the mapping writes them, worked out once."""
    spec = model.evidence if section == "evidence" else model.sections[section]
    # Type and nested fields are written by _record_triples itself: their encoder is never called.
    return tuple(Plan(f.key, f.kind, iri(f.path), f.many, encoder(f, model) if f.kind not in ("type", "nested")
                      else str) for f in spec.fields)


def record_quads(record: Record, model: Model, by_id: dict[str, Record]) -> Iterator[str]:
    """The N-Quads statements (without the final ' .') of one record, its derived triples included."""
    graph = iri(graph_of(record))
    for s, p, o in _record_triples(record, model, by_id):
        yield f"{s} {p} {o} {graph}"


def ontology_quads(model: Model) -> list[str]:
    """The ontology and vocabularies, which travel with the data so that a query can match a
    concept by its notation or show a class's label without loading anything else."""
    graph = iri(ONTOLOGY)
    return [f"{rdflib_term(s)} {rdflib_term(p)} {rdflib_term(o)} {graph}" for s, p, o in model.ontology]


def build_quads(records: list[Record], model: Model, *, steps: Steps = NO_PROGRESS) -> Quads:
    """The RDF of all records and of the ontology, as sorted N-Quads statements."""
    by_id = {r.id: r for r in records}
    statements = ontology_quads(model)
    for record in steps.track(records, "building quads"):
        statements.extend(record_quads(record, model, by_id))
    return Quads.of(statements)


def build_dataset(records: list[Record], model: Model) -> Dataset:
    """The RDF of all records as an rdflib Dataset, for small graphs (tests, notebooks)."""
    return build_quads(records, model).dataset()


_TYPE, _DERIVED_FROM, _EVIDENCE = iri(RDF.type), iri(PROV.wasDerivedFrom), iri(KG.Evidence)
_NAME_AS_WRITTEN, _HOLDS, _ORGANIZATION = iri(KG.nameAsWritten), iri(ORG.holds), iri(ORG.organization)


def _record_triples(record: Record, model: Model, by_id: dict[str, Record]) -> Iterable[tuple[str, str, str]]:
    values = record.values
    subject = entity(record.id)
    yield subject, _TYPE, iri(record_class(record, model))
    for field in plan(model, record.section):
        value = values.get(field.key)
        if value is None or field.kind == "type":
            continue
        if field.kind == "nested":
            for i, item in enumerate(value):
                node = f"{subject[:-1]}/evidence/{i}>"  # evidence_iri(record.id, i)
                yield subject, field.predicate, node
                yield node, _TYPE, _EVIDENCE
                for sub in plan(model, "evidence"):
                    yield node, sub.predicate, sub.encode(item[sub.key])
                yield subject, _DERIVED_FROM, entity(item["source"])
            continue
        for item in value if field.many else (value,):
            yield subject, field.predicate, field.encode(item)
    if record.section == "relations":
        yield entity(values["subject"]), iri(model.relation_properties[values["property"]]), entity(values["object"])
    bounded = set()
    for key, lower, upper in date_bound_fields(model, record.section):
        # Fields that share bounds (a figure's as_of_date and as_of_month) give one period: the finer.
        if key in values and lower not in bounded:
            bounded.add(lower)
            value = values[key]  # a DateValue already, but for as_of_month's plain month text
            day = value if isinstance(value, DateValue) else DateValue.parse(str(value))
            if day.earliest:
                yield subject, lower, literal(day.earliest.isoformat(), XSD.date)
            if day.latest:
                yield subject, upper, literal(day.latest.isoformat(), XSD.date)
    yield from _derived(record, subject, by_id, model)


@lru_cache(maxsize=64)
def date_bound_fields(model: Model, section: str) -> tuple[tuple[str, str, str], ...]:
    """The section's date fields with the properties of their bounds (kg:lowerBoundOf/upperBoundOf),
    in field order, which puts the finer of two fields that share bounds first."""
    return tuple((f.key, iri(model.date_bounds[f.path][0]), iri(model.date_bounds[f.path][1]))
                 for f in model.sections[section].fields if f.path in model.date_bounds)


def _derived(record: Record, subject: str, by_id: dict[str, Record], model: Model) -> Iterator[tuple[str, str, str]]:
    """Conveniences a SPARQL user expects, derived from the record (never read back)."""
    values = record.values
    if record.section == "mentions":
        yield entity(values["entity"]), _NAME_AS_WRITTEN, literal(values["quote"])
        yield subject, _DERIVED_FROM, entity(values["source"])
    elif record.section == "vocabulary":
        # The term joins its scheme as a SKOS concept, or its record type as a subclass.
        target = model.schemes[KGV.ExtensibleVocabulary][values["extends"]]
        if (target, RDF.type, SKOS.ConceptScheme) in model.ontology:
            yield subject, _TYPE, iri(SKOS.Concept)
            yield subject, iri(SKOS.inScheme), iri(target)
        else:
            yield subject, _TYPE, iri(OWL.Class)
            yield subject, iri(RDFS.subClassOf), iri(target)
    elif record.section == "holdings":
        yield entity(values["person"]), _HOLDS, entity(values["post"])
        post_record = by_id.get(values["post"])
        # A post that names no organisation is not a post: reference-class reports it.
        if post_record and "organisation" in post_record.values:
            yield subject, _ORGANIZATION, entity(post_record.values["organisation"])
        if "from" in values or "to" in values:
            yield from _interval(subject, values.get("from"), values.get("to"))


_OWL_TIME_POSITION = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}


def _interval(holding: str, start: DateValue | None, end: DateValue | None) -> Iterator[tuple[str, str, str]]:
    interval = f"{holding[:-1]}/interval>"
    yield holding, iri(ORG.memberDuring), interval
    yield interval, _TYPE, iri(TIME.Interval)
    for day, link, name in ((start, TIME.hasBeginning, "start"), (end, TIME.hasEnd, "end")):
        # An OWL-Time instant has a position of one precision; a bound given as an interval of
        # its own (2024-03/2024-07) has none, and only the kg:startDate bounds say it.
        if day is not None and day.precision in _OWL_TIME_POSITION:
            instant = f"{interval[:-1]}/{name}>"
            yield interval, iri(link), instant
            yield instant, _TYPE, iri(TIME.Instant)
            yield instant, iri(_OWL_TIME_POSITION[day.precision]), literal(str(day), day.datatype)
