"""One invalid fixture per validation rule: exactly that rule fires, at the right place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, SH
from ruamel.yaml import YAML

from kg.facts.model import load_model
from kg.pipeline import run
from tests.conftest import FIXTURE_SOURCES, FIXTURES, KITCHEN_SINK

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def load_fixture(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def apply(fixture: dict[str, Any], facts: Path) -> None:
    target = facts / fixture["file"]
    if "content" in fixture:
        target.write_text(fixture["content"], encoding="utf-8")
        return
    text = target.read_text(encoding="utf-8")
    for find, replacement in fixture["replace"]:
        assert text.count(find) == 1, f"{find!r} must occur once in {fixture['file']}"
        text = text.replace(find, replacement)
    target.write_text(text, encoding="utf-8")


def test_kitchen_sink_is_valid() -> None:
    outcome = run(KITCHEN_SINK, FIXTURE_SOURCES)
    assert outcome.problems == [], "\n".join(p.render() for p in outcome.problems)
    sections = {r.section for r in outcome.records}
    assert sections == set(load_model().sections), "the kitchen sink exercises every section"


@pytest.mark.parametrize("fixture_path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_breaks_exactly_its_rule(fixture_path: Path, kitchen_sink: Path) -> None:
    fixture = load_fixture(fixture_path)
    apply(fixture, kitchen_sink)
    sources = None if fixture.get("sources") == "none" else FIXTURE_SOURCES
    outcome = run(kitchen_sink, sources)
    rendered = "\n".join(p.render() for p in outcome.problems)
    assert {p.rule for p in outcome.problems} == {fixture["breaks"]}, rendered
    reported_in = fixture.get("reported_in", fixture["file"])
    assert all(p.file.endswith(reported_in) for p in outcome.problems), rendered
    if "line" in fixture:
        assert fixture["line"] in {p.line for p in outcome.problems}, rendered
    assert all(p.line > 0 for p in outcome.problems), rendered


def test_every_rule_has_an_invalid_fixture() -> None:
    model = load_model()
    # Rules are the Python-checked rules plus the named SHACL node shapes (the ones with a comment);
    # the per-field shapes of each section are covered by the Python rules they derive.
    shacl_rules = {str(s).rsplit("#", 1)[1] for s in model.shapes.subjects(RDF.type, SH.NodeShape)
                   if (s, RDFS.comment, None) in model.shapes}
    covered = {load_fixture(p)["breaks"] for p in INVALID}
    assert model.python_rules | shacl_rules <= covered, sorted((model.python_rules | shacl_rules) - covered)


def test_all_problems_are_reported_in_one_pass(kitchen_sink: Path) -> None:
    for name in ("datatype-boolean-no", "reference-exists", "relation-basis"):
        apply(load_fixture(FIXTURES / "invalid" / f"{name}.yaml"), kitchen_sink)
    rules = {p.rule for p in run(kitchen_sink, FIXTURE_SOURCES).problems}
    assert rules == {"datatype", "reference-exists", "relation-basis"}


def test_messages_name_the_value_and_suggest_a_fix(kitchen_sink: Path) -> None:
    apply(load_fixture(FIXTURES / "invalid" / "reference-exists.yaml"), kitchen_sink)
    [problem] = run(kitchen_sink, FIXTURE_SOURCES).problems
    assert problem.value == "budi-santosa" and "did you mean 'budi-santoso'" in problem.message
    assert problem.render().startswith(f"{problem.file}:{problem.line}: speaker: 'budi-santosa':")


def test_without_sources_the_span_check_is_skipped_and_said_so(kitchen_sink: Path) -> None:
    apply(load_fixture(FIXTURES / "invalid" / "span-in-source.yaml"), kitchen_sink)
    outcome = run(kitchen_sink, None)
    assert outcome.problems == []
    assert any("not checked against the source texts" in note for note in outcome.notes)
