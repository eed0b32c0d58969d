"""Vocabularies open to the facts: a new role, segment, measure, region type or event type is data."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import SKOS

from kg.facts.model import load_model
from kg.namespaces import KG, KGV
from kg.pipeline import run
from kg.rdf.build import REGISTRY
from kg.rdf.roundtrip import records_from_rdf

FIXTURES = Path(__file__).parent / "fixtures"

VOCABULARY = """\
vocabulary:
  - id: role-asisten-administrasi-umum
    extends: post-role
    notation: asisten-administrasi-umum
    label_id: "Asisten Administrasi Umum"
    label_en: "assistant for general administration"
    single_holder: true
  - id: measure-rank
    extends: measure
    notation: rank
    label_id: "peringkat"
    label_en: "rank"
  - id: segment-village-officials
    extends: segment
    notation: village-officials
    label_id: "perangkat desa dan RT/RW"
    label_en: "village officials and neighbourhood heads"
  - id: event-type-press-statement
    extends: event-type
    notation: press-statement
    label_id: "keterangan pers"
    label_en: "press statement"
  - id: region-type-desa
    extends: region-type
    notation: Desa
    label_id: "desa"
    label_en: "village"
"""


def with_vocabulary(tmp_path: Path, extra: str = "") -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "kitchen-sink", facts)
    (facts / "more-vocabulary.yaml").write_text(VOCABULARY + extra, encoding="utf-8")
    return facts


def test_the_ontology_says_which_vocabularies_the_facts_may_extend() -> None:
    open_to_facts = load_model().schemes[KGV.ExtensibleVocabulary]
    assert {"post-role", "measure", "segment", "event-type", "region-type", "organisation-type"} <= set(open_to_facts)
    # Vocabularies that drive kg's own logic stay closed.
    assert not {"tenure", "flag-kind", "flag-origin", "reading"} & set(open_to_facts)


def test_new_values_validate_label_and_round_trip(tmp_path: Path) -> None:
    facts = with_vocabulary(tmp_path)
    ks = facts / "articles" / "ks-001.yaml"
    text = ks.read_text(encoding="utf-8")
    text = text.replace("    type: evaluation-meeting\n", "    type: press-statement\n")
    ks.write_text(text, encoding="utf-8")
    entities = facts / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "  - id: desa-contoh\n    type: Village\n", "  - id: desa-contoh\n    type: Desa\n"), encoding="utf-8")
    outcome = run(facts, FIXTURES / "sources")
    assert outcome.problems == [], "\n".join(p.render() for p in outcome.problems)
    model = outcome.model
    assert model is not None
    press = model.schemes[KGV.EventType]["press-statement"]
    assert (model.label(press, "id"), model.label(press, "en")) == ("keterangan pers", "press statement")
    graph = outcome.dataset
    assert (press, SKOS.inScheme, KGV.EventType, REGISTRY) in graph  # the term joins its scheme in the graph
    assert any(graph.quads((None, KG.eventType, press, None)))
    # facts -> RDF -> facts gives the same records, the new values included.
    back = records_from_rdf(outcome.dataset, model)
    assert back[("events", "ks-rakor")]["type"] == "press-statement"
    assert back[("regions", "desa-contoh")]["type"] == "Desa"
    assert back[("vocabulary", "measure-rank")]["label_id"] == "peringkat"


def test_a_new_single_holder_role_is_checked_by_the_post_holder_rule(tmp_path: Path) -> None:
    extra = """
posts:
  - id: asisten-contoh
    name: "Asisten Administrasi Umum Contoh"
    role: asisten-administrasi-umum
    organisation: pemprov-contoh
"""
    outcome = run(with_vocabulary(tmp_path, extra), None)
    assert outcome.problems == [], "\n".join(p.render() for p in outcome.problems)
    from kg.facts.conflicts import single_holder_roles

    assert outcome.model is not None and "asisten-administrasi-umum" in single_holder_roles(outcome.model)


def test_a_value_the_vocabulary_lacks_is_still_an_error_naming_file_line_and_rule(tmp_path: Path) -> None:
    facts = with_vocabulary(tmp_path)
    ks = facts / "articles" / "ks-001.yaml"
    ks.write_text(ks.read_text(encoding="utf-8").replace("    type: evaluation-meeting\n",
                                                         "    type: press-conference\n"), encoding="utf-8")
    [problem] = run(facts, None).problems
    assert (problem.rule, problem.field) == ("allowed-value", "type")
    assert "press-statement" in problem.message  # the nearest value, from the facts' own vocabulary
