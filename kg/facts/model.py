"""The model: what the ontology and the shapes say, read once into plain Python objects.

Everything else (the YAML schema, the pydantic records, the RDF mapping, the reverse mapping,
the CLI's choices) reads this module; nothing repeats the ontology by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SH, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import EDTF, KG, KGV, entity_iri


def ontology_dir() -> Path:
    """The folder holding kg.ttl, vocab.ttl and shapes.ttl (installed copy, else the repo's)."""
    package = Path(__file__).resolve().parents[1]  # kg/, where the wheel installs ontology/
    installed = package / "ontology"
    return installed if installed.is_dir() else package.parent / "ontology"


@dataclass(frozen=True)
class FieldSpec:
    """One YAML key of a section, as its SHACL property shape defines it."""

    key: str
    path: URIRef
    kind: str  # literal | lang | ref | concept | nested | type | property
    order: int
    min_count: int = 0
    max_count: int | None = None
    datatype: URIRef | None = None
    lang: str | None = None
    pattern: str | None = None
    ref_class: URIRef | None = None
    scheme: URIRef | None = None
    default: Node | None = None
    as_written: bool = False
    multi_line: bool = False  # tabs and line feeds allowed (kg:multiLine)

    @property
    def many(self) -> bool:
        return self.max_count != 1


@dataclass
class SectionSpec:
    """A YAML section (`holdings:`), mapped to a class through its SHACL node shape."""

    name: str
    shape: Node
    target_class: URIRef
    fields: list[FieldSpec]
    anonymous: bool = False
    type_choices: dict[str, URIRef] = field(default_factory=dict)

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(eq=False)  # hashed by identity: one Model per ontology folder
class Model:
    ontology: Graph
    shapes: Graph
    sections: dict[str, SectionSpec]
    evidence: SectionSpec
    schemes: dict[URIRef, dict[str, URIRef]]
    notation: dict[URIRef, str]
    relation_properties: dict[str, URIRef]
    superclasses: dict[URIRef, frozenset[URIRef]]
    python_rules: frozenset[str]
    # A date property of any precision -> the derived properties holding its earliest and latest day.
    date_bounds: dict[URIRef, tuple[URIRef, URIRef]] = field(default_factory=dict)
    # Terms the facts add to open vocabularies (`vocabulary` records): their labels and annotations.
    extensions: Graph = field(default_factory=Graph)

    def is_a(self, cls: URIRef, required: URIRef) -> bool:
        return required in self.superclasses.get(cls, frozenset({cls}))

    def label(self, term: URIRef, lang: str = "en") -> str:
        for graph in (self.ontology, self.extensions):
            for pred in (RDFS.label, SKOS.prefLabel):
                for value in graph.objects(term, pred):
                    if isinstance(value, Literal) and value.language == lang:
                        return str(value)
        return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def annotated(self, annotation: URIRef) -> set[URIRef]:
        """Terms of the ontology or of the facts' vocabulary records that carry `annotation true`."""
        return {t for graph in (self.ontology, self.extensions) for t in graph.subjects(annotation, Literal(True))
                if isinstance(t, URIRef)}

    def extended(self, terms: list[dict[str, Any]]) -> Model:
        """This model with the facts' `vocabulary` records added: a concept to a scheme, or a subclass
        to a record type (a region, organisation or programme type). Validated like any record first."""
        if not terms:
            return self
        open_to_facts = self.schemes.get(KGV.ExtensibleVocabulary, {})
        schemes = {scheme: dict(values) for scheme, values in self.schemes.items()}
        notation, superclasses, extensions = dict(self.notation), dict(self.superclasses), Graph()
        new_types: dict[URIRef, dict[str, URIRef]] = {}
        for term in terms:
            target, iri = open_to_facts[term["extends"]], entity_iri(term["id"])
            extensions.add((iri, SKOS.prefLabel, Literal(term["label_id"], lang="id")))
            extensions.add((iri, SKOS.prefLabel, Literal(term["label_en"], lang="en")))
            if term.get("single_holder"):
                extensions.add((iri, KG.singleHolder, Literal(True)))
            if (target, RDF.type, SKOS.ConceptScheme) in self.ontology:
                schemes.setdefault(target, {})[term["notation"]] = iri
                notation[iri] = term["notation"]
            else:  # a record type: a subclass, chosen by the record's `type`
                superclasses[iri] = frozenset({iri}) | self.superclasses.get(target, frozenset({target}))
                new_types.setdefault(target, {})[term["notation"]] = iri
        sections = {}
        for name, spec in self.sections.items():
            added = {n: i for cls, found in new_types.items() if self.is_a(spec.target_class, cls)
                     or self.is_a(cls, spec.target_class) for n, i in found.items()}
            sections[name] = replace(spec, type_choices={**spec.type_choices, **added}) if added and \
                spec.type_choices else spec
        return replace(self, sections=sections, schemes=schemes, notation=notation, superclasses=superclasses,
                       extensions=extensions)


@lru_cache(maxsize=4)
def load_model(folder: Path | None = None) -> Model:
    folder = folder or ontology_dir()
    ontology = Graph()
    ontology.parse(folder / "kg.ttl")
    ontology.parse(folder / "vocab.ttl")
    shapes = Graph()
    shapes.parse(folder / "shapes.ttl")
    superclasses = _superclasses(ontology)
    schemes, notation = _schemes(ontology)
    relation_properties = {
        str(ontology.value(p, KG.yamlName)): p
        for p in ontology.subjects(KG.relationProperty, Literal(True))
        if isinstance(p, URIRef)
    }
    sections = {}
    for shape in shapes.subjects(KG.yamlName, None):
        target = shapes.value(shape, SH.targetClass)
        assert isinstance(target, URIRef), f"shape {shape} has no sh:targetClass"
        spec = SectionSpec(
            name=str(shapes.value(shape, KG.yamlName)),
            shape=shape,
            target_class=target,
            fields=_fields(shapes, shape),
            anonymous=shapes.value(shape, KG.anonymous) == Literal(True),
        )
        type_field = spec.field("type")
        if type_field and type_field.kind == "type":
            spec.type_choices = _type_choices(ontology, superclasses, target)
        sections[spec.name] = spec
    evidence_shape = URIRef(str(shapes.namespace_manager.expand_curie("kgsh:EvidenceShape")))
    evidence = SectionSpec("evidence", evidence_shape, KG.Evidence, _fields(shapes, evidence_shape))
    python_rules = frozenset(
        str(r).rsplit("#", 1)[-1] for r in shapes.subjects(RDF.type, KG.PythonRule)
    )
    return Model(ontology, shapes, dict(sorted(sections.items())), evidence, schemes, notation,
                 relation_properties, superclasses, python_rules, _date_bounds(ontology))


def _date_bounds(ontology: Graph) -> dict[URIRef, tuple[URIRef, URIRef]]:
    lower = {path: p for p, path in ontology.subject_objects(KG.lowerBoundOf)}
    upper = {path: p for p, path in ontology.subject_objects(KG.upperBoundOf)}
    return {path: (lower[path], upper[path]) for path in lower  # type: ignore[misc]
            if isinstance(path, URIRef) and path in upper}


def _fields(shapes: Graph, node_shape: Node) -> list[FieldSpec]:
    specs = []
    for prop in shapes.objects(node_shape, SH.property):
        path = shapes.value(prop, SH.path)
        assert isinstance(path, URIRef)
        node = shapes.value(prop, SH.node)
        scheme = shapes.value(shapes.value(node, SH.property), SH.hasValue) if node else None
        datatype = shapes.value(prop, SH.datatype)
        if shapes.value(prop, KG.anyPrecisionDate) == Literal(True):
            datatype = EDTF  # its sh:or lists the datatypes of each precision (kg.facts.dates)
        if path == RDF.type:
            kind = "type"
        elif path == RDF.predicate:
            kind = "property"
        elif isinstance(scheme, URIRef):
            kind = "concept"
        elif node is not None:
            kind = "nested"
        elif datatype == RDF.langString:
            kind = "lang"
        elif datatype is not None:
            kind = "literal"
        else:
            kind = "ref"
        languages = shapes.value(prop, SH.languageIn)
        # One value per language of a multilingual property (skos:prefLabel): a qualified shape in
        # SHACL, and one key per language in YAML (kg:language).
        language = shapes.value(prop, KG.language)
        specs.append(FieldSpec(
            key=str(shapes.value(prop, SH.name)),
            path=path,
            kind=kind,
            order=_optional_int(shapes.value(prop, SH.order)) or 0,
            # A kg:language key is one required value: one label per language, and YAML gives one per key.
            min_count=1 if language else _optional_int(shapes.value(prop, SH.minCount)) or 0,
            max_count=1 if language else _optional_int(shapes.value(prop, SH.maxCount)),
            datatype=datatype if isinstance(datatype, URIRef) else None,
            lang=str(language) if language else str(Collection(shapes, languages)[0]) if languages else None,
            pattern=_optional_str(shapes.value(prop, SH.pattern)),
            ref_class=_uri(shapes.value(prop, SH["class"])),
            scheme=scheme if isinstance(scheme, URIRef) else None,
            default=shapes.value(prop, SH.defaultValue),
            as_written=shapes.value(prop, KG.mustAppearInEvidence) == Literal(True),
            multi_line=shapes.value(prop, KG.multiLine) == Literal(True),
        ))
    return sorted(specs, key=lambda f: f.order)


def _superclasses(ontology: Graph) -> dict[URIRef, frozenset[URIRef]]:
    result = {}
    for cls in set(ontology.subjects(RDFS.subClassOf, None)) | set(ontology.objects(RDFS.subClassOf, None)):
        if isinstance(cls, URIRef):
            closure = ontology.transitive_objects(cls, RDFS.subClassOf)
            result[cls] = frozenset(c for c in closure if isinstance(c, URIRef))
    return result


def _type_choices(ontology: Graph, supers: dict[URIRef, frozenset[URIRef]], root: URIRef) -> dict[str, URIRef]:
    choices = {}
    for cls, parents in supers.items():
        if root in parents and ontology.value(cls, KG.abstract) != Literal(True) and cls.startswith(str(KG)):
            choices[str(cls)[len(str(KG)):]] = cls
    return dict(sorted(choices.items()))


def _schemes(ontology: Graph) -> tuple[dict[URIRef, dict[str, URIRef]], dict[URIRef, str]]:
    schemes: dict[URIRef, dict[str, URIRef]] = {}
    notation: dict[URIRef, str] = {}
    for concept, scheme in ontology.subject_objects(SKOS.inScheme):
        value = ontology.value(concept, SKOS.notation)
        if isinstance(concept, URIRef) and isinstance(scheme, URIRef) and value is not None:
            schemes.setdefault(scheme, {})[str(value)] = concept
            notation[concept] = str(value)
    return {k: dict(sorted(v.items())) for k, v in schemes.items()}, notation


def _optional_int(value: Node | None) -> int | None:
    return int(str(value)) if value is not None else None


def _optional_str(value: Node | None) -> str | None:
    return str(value) if value is not None else None


def _uri(value: Node | None) -> URIRef | None:
    return value if isinstance(value, URIRef) else None
