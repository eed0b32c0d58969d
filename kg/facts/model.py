"""The model: what the ontology and the shapes say, read once into plain Python objects.

Everything else (the YAML schema, the pydantic records, the RDF mapping, the reverse mapping,
the CLI's choices) reads this module; nothing repeats the ontology by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, SH, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import KG


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

    def is_a(self, cls: URIRef, required: URIRef) -> bool:
        return required in self.superclasses.get(cls, frozenset({cls}))

    def label(self, term: URIRef, lang: str = "en") -> str:
        for pred in (RDFS.label, SKOS.prefLabel):
            for value in self.ontology.objects(term, pred):
                if isinstance(value, Literal) and value.language == lang:
                    return str(value)
        return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


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
                 relation_properties, superclasses, python_rules)


def _fields(shapes: Graph, node_shape: Node) -> list[FieldSpec]:
    specs = []
    for prop in shapes.objects(node_shape, SH.property):
        path = shapes.value(prop, SH.path)
        assert isinstance(path, URIRef)
        node = shapes.value(prop, SH.node)
        scheme = shapes.value(shapes.value(node, SH.property), SH.hasValue) if node else None
        datatype = shapes.value(prop, SH.datatype)
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
        specs.append(FieldSpec(
            key=str(shapes.value(prop, SH.name)),
            path=path,
            kind=kind,
            order=_optional_int(shapes.value(prop, SH.order)) or 0,
            min_count=_optional_int(shapes.value(prop, SH.minCount)) or 0,
            max_count=_optional_int(shapes.value(prop, SH.maxCount)),
            datatype=datatype if isinstance(datatype, URIRef) else None,
            lang=str(Collection(shapes, languages)[0]) if languages else None,
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
