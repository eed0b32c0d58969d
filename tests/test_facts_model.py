"""The ontology and shapes are complete, bilingual, and the single source of the schema."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, SKOS, Literal

from kg.cli.main import main
from kg.facts.model import load_model
from tests.conftest import ROOT


def _languages(values: list[object]) -> set[str | None]:
    return {v.language for v in values if isinstance(v, Literal)}


def test_every_class_and_property_has_english_and_indonesian_label_and_definition() -> None:
    model = load_model()
    g = model.ontology
    terms = {t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
             for t in g.subjects(RDF.type, kind)} | set(model.relation_properties.values())
    assert len(terms) > 60
    missing = [str(t) for t in terms
               if not {"en", "id"} <= _languages(list(g.objects(t, RDFS.label)))
               or not {"en", "id"} <= _languages(list(g.objects(t, SKOS.definition)))]
    assert missing == []


def test_every_concept_has_a_notation_and_bilingual_label() -> None:
    g = load_model().ontology
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert g.value(concept, SKOS.notation) is not None, concept
        assert {"en", "id"} <= _languages(list(g.objects(concept, SKOS.prefLabel))), concept


def test_sections_reuse_standard_vocabularies() -> None:
    model = load_model()
    paths = {str(f.path) for s in model.sections.values() for f in s.fields}
    for namespace in ("http://www.w3.org/ns/org#", "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#",
                      "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/oa#"):
        assert any(p.startswith(namespace) for p in paths), namespace
    supers = model.superclasses
    assert model.is_a(model.sections["holdings"].target_class, ORG_MEMBERSHIP)
    assert any(str(c).startswith("http://xmlns.com/foaf/0.1/") for c in supers[model.sections["people"].target_class])


ORG_MEMBERSHIP = __import__("rdflib").URIRef("http://www.w3.org/ns/org#Membership")


def test_generated_schema_doc_is_current() -> None:
    result = CliRunner().invoke(main, ["schema", "--markdown"])
    assert result.exit_code == 0
    current = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert result.output == current, "run: kg schema --markdown > docs/schema.md"
    assert current.startswith("<!-- generated from ontology")
