"""The network's relations by the ontology's @id labels: every tie a view draws is named in Bahasa Indonesia from
ontology/vocab.ttl (kgv:NetworkTie) or ontology/kg.ttl (a property's labels), and the code holds no copy of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SKOS

from kg.namespaces import KGV
from kg.network.projection import project
from kg.network.recipes import RECIPES
from kg.network.ties import HOLDS, HOLDS_IN, people_and_organisations
from kg.store.graphstore import GraphStore
from viz.catalogue import read_catalogue
from viz.render import edge_label_id

ROOT = Path(__file__).resolve().parents[1]


def _ties() -> dict[str, dict[str, str]]:
    """Each kgv:NetworkTie concept's notation with its labels, read from the ontology file."""
    graph = rdflib.Graph().parse(ROOT / "ontology" / "vocab.ttl")
    found = {}
    for concept in graph.subjects(SKOS.inScheme, rdflib.URIRef(str(KGV) + "NetworkTie")):
        labels = {label.language: str(label) for label in graph.objects(concept, SKOS.prefLabel)}
        found[str(graph.value(concept, SKOS.notation))] = labels
    return found


def _property_labels() -> dict[str, str]:
    """Each property's @en label in ontology/kg.ttl with its @id label."""
    graph = rdflib.Graph().parse(ROOT / "ontology" / "kg.ttl")
    found = {}
    for subject in set(graph.subjects(rdflib.RDFS.label, None)):
        labels = {label.language: str(label) for label in graph.objects(subject, rdflib.RDFS.label)}
        if "en" in labels and "id" in labels and (subject, rdflib.RDF.type, rdflib.OWL.Class) not in graph:
            found[labels["en"]] = labels["id"]
    return found


def test_every_relation_the_projection_names_is_a_network_tie_with_both_labels() -> None:
    ties, properties = _ties(), _property_labels()
    named = {recipe.relation for recipe in RECIPES if recipe.relation} | {"post in", HOLDS, HOLDS_IN}
    assert named <= set(ties) | set(properties), named - set(ties) - set(properties)
    for notation in named:
        labels = ties.get(notation) or {"en": notation, "id": properties[notation]}
        assert set(labels) == {"id", "en"} and labels["id"] != notation, notation
    assert named & set(ties) and "part of programme" in named - set(ties)  # a property's own labels serve


def test_the_code_holds_no_copy_of_the_indonesian_names() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for folder in ("viz", "kg/network")
                     for path in sorted((ROOT / folder).rglob("*")) if path.suffix in (".py", ".js", ".j2"))
    for notation, labels in _ties().items():
        assert f'"{labels["id"]}"' not in code, (notation, labels["id"])


@pytest.mark.content
def test_every_relation_of_the_seeds_has_an_indonesian_name(seed_store: GraphStore) -> None:
    catalogue = read_catalogue(seed_store)
    detailed = project(seed_store)
    for G in (detailed, people_and_organisations(detailed)):
        relations = {str(relation) for _, _, relation in G.edges(data="relation")}
        unnamed = {relation for relation in relations if not catalogue.relation_label(relation)}
        assert not unnamed, unnamed
    ties = _ties()
    assert catalogue.relation_label(HOLDS_IN) == ties[HOLDS_IN]["id"]
    # a commitment's tie: its kind's @id label and its property's
    pledges = [r for _, _, r in detailed.edges(data="relation") if str(r).startswith("pledge ")]
    assert pledges and all(str(catalogue.relation_label(r)).startswith(catalogue.term("pledge") + " ")
                           for r in pledges)
    assert catalogue.term("pledge") != "pledge"


@pytest.mark.content
def test_an_acting_holding_is_labelled_with_the_ontology_word_for_acting(seed_store: GraphStore) -> None:
    catalogue = read_catalogue(seed_store)
    G = people_and_organisations(project(seed_store))
    acting = [attrs for _, _, attrs in G.edges(data=True) if attrs.get("relation") == HOLDS_IN and attrs.get("acting")]
    assert acting  # the seeds have Pj and Plh holders
    for attrs in acting:
        label = edge_label_id(attrs, catalogue)
        assert label.endswith(f"({catalogue.term('acting')})") and "(acting)" not in label
    other = next(attrs for _, _, attrs in G.edges(data=True) if attrs.get("relation") == "took part in")
    assert edge_label_id(other, catalogue) == _ties()["took part in"]["id"]
