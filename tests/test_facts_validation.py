"""One invalid fixture per validation rule: exactly that rule fires, at the right place."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SH
from ruamel.yaml import YAML

from kg.cli.main import main
from kg.facts.model import load_model
from kg.pipeline import run
from tests.conftest import FACTS, FIXTURE_SOURCES, FIXTURES, KITCHEN_SINK

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


@pytest.mark.parametrize("escaped", ["\\e[31m", "\\e]0;PWNED\\a", "\\0", "\\x9b", "\\N", "\\L", "\\t", "\\n", "\\r"])
def test_a_name_with_a_control_character_is_rejected_at_its_line(kitchen_sink: Path, escaped: str) -> None:
    # An ESC in a name passed validation, then crashed openpyxl and retitled the terminal.
    entities = kitchen_sink / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace('name: "Siti Aminah"', f'name: "Siti {escaped}Aminah"'), encoding="utf-8")
    [problem] = run(kitchen_sink, FIXTURE_SOURCES).problems
    assert (problem.line, problem.field, problem.rule) == (7, "name", "control-character"), problem.render()
    assert "one line of text" in problem.message and "U+" in problem.message


def test_a_multi_line_text_may_hold_tab_and_line_feed_but_no_other_control(kitchen_sink: Path) -> None:
    entities = kitchen_sink / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace('"Village outreach."', '"Village\\toutreach,\\nin two lines."'),
                        encoding="utf-8")
    assert run(kitchen_sink, FIXTURE_SOURCES).problems == []
    entities.write_text(text.replace('"Village outreach."', '"Village \\e[2Joutreach."'), encoding="utf-8")
    [problem] = run(kitchen_sink, FIXTURE_SOURCES).problems
    assert (problem.field, problem.rule) == ("description", "control-character"), problem.render()
    assert "only tab and line feed are allowed" in problem.message


def test_a_non_utf8_source_text_is_an_error_naming_the_file_and_its_bad_byte(tmp_path: Path) -> None:
    # It was a UnicodeDecodeError traceback out of kg validate and kg build.
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURE_SOURCES, sources)
    with (sources / "ks-001.txt").open("ab") as text:
        text.write("Kantor Cabang Palembang Kota, café\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", "--facts", str(KITCHEN_SINK), "--sources", str(sources)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "sources.yaml:4: file: 'ks-001.txt':" in result.output
    assert "ks-001.txt is not UTF-8: byte 0xE9 at byte offset" in result.output
    assert "[rule source-file]" in result.output


def test_a_bom_or_crlf_in_the_seed_sources_leaves_every_quote_offset_as_it_is(seeds: Path, tmp_path: Path) -> None:
    # A BOM shifted every offset by one: offsets count the text without it, and with LF line ends.
    changes = {"bom": lambda data: b"\xef\xbb\xbf" + data, "crlf": lambda data: data.replace(b"\n", b"\r\n")}
    for name, change in changes.items():
        copy = tmp_path / name
        copy.mkdir()
        for source in seeds.glob("*.txt"):
            (copy / source.name).write_bytes(change(source.read_bytes()))
        outcome = run(FACTS, copy)
        assert outcome.problems == [], "\n".join(p.render() for p in outcome.problems[:5])


@pytest.mark.parametrize("digits", [19, 5000])
def test_an_offset_of_thousands_of_digits_is_a_datatype_error_not_a_python_message(kitchen_sink: Path,
                                                                                   digits: int) -> None:
    # 5,000 digits gave rule 'value_error' and Python's "Exceeds the limit (4300 digits)"; found by kg.fuzz.
    article = kitchen_sink / "articles" / "ks-001.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace("    end: 142\n", f"    end: {'1' * digits}\n"),
                       encoding="utf-8")
    problems = run(kitchen_sink, FIXTURE_SOURCES).problems
    assert {p.rule for p in problems} <= {"datatype", "entity-mentioned"}, [p.render()[:300] for p in problems]
    [problem] = [p for p in problems if p.rule == "datatype"]
    assert (problem.line, problem.field) == (7, "end") and "too large" in problem.message


def test_a_holding_whose_post_is_an_organisation_is_a_reference_error_not_a_keyerror(kitchen_sink: Path) -> None:
    # Building the quads looked up the post's organisation and raised KeyError; found by kg.fuzz.
    article = kitchen_sink / "articles" / "ks-001.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace("post: kakanwil-contoh", "post: pemprov-contoh"),
                       encoding="utf-8")
    problems = run(kitchen_sink, FIXTURE_SOURCES).problems
    assert {(p.line, p.field, p.rule) for p in problems} == {(55, "post", "reference-class")}, problems


def test_an_empty_record_in_a_list_is_an_error_at_its_own_line(kitchen_sink: Path) -> None:
    # A list item with no value ("  -" where a truncated file ended) had no line; found by kg.fuzz.
    flags = kitchen_sink / "flags.yaml"
    flags.write_text(flags.read_text(encoding="utf-8") + "  -\n", encoding="utf-8")
    problems = run(kitchen_sink, FIXTURE_SOURCES).problems
    assert {(p.line, p.field, p.rule) for p in problems} == {(7, "flags", "file-structure")}, problems


def _lines(record: Any) -> dict[str, int]:
    """Every line a problem about `record` could name: of each key, each item and each evidence key."""
    lines = {"": record.line}
    for key, value in record.values.items():
        lines[key] = record.line_for(key)
        for index, item in enumerate(value if isinstance(value, list) else []):
            lines[f"{key}.{index}"] = record.line_for(key, index)
            for subkey in item if isinstance(item, dict) else ():
                lines[f"{key}.{index}.{subkey}"] = record.line_for(key, index, subkey)
    return lines


def test_loaded_records_keep_no_yaml_and_find_every_line_again(kitchen_sink: Path) -> None:
    """load_facts drops each record's YAML (a third of a national build's memory) and reads the file
    again for a line: every line comes out as from a record that kept its YAML (read_fact_file's)."""
    from kg.facts.loader import load_facts, read_fact_file

    model = load_model()
    loaded = load_facts(kitchen_sink, model)
    assert loaded.records and all(r.raw is None and not r.key_lines for r in loaded.records)
    kept = {}
    for path in sorted(kitchen_sink.rglob("*.yaml")):
        for record in read_fact_file(path, loaded.model or model)[1]:
            assert record.raw is not None
            kept[record.section, record.id] = record
    compared = 0
    for record in loaded.records:
        if (record.section, record.id) in kept:
            assert _lines(record) == _lines(kept[record.section, record.id]), record.id
            compared += 1
    assert compared == len(loaded.records)
    assert any(len(_lines(record)) > 8 for record in loaded.records)  # nested evidence was compared too


def test_a_file_changed_after_loading_gives_its_records_own_line_not_a_wrong_one(kitchen_sink: Path) -> None:
    from kg.facts.loader import load_facts

    loaded = load_facts(kitchen_sink, load_model())
    record = next(r for r in loaded.records if r.path is not None and r.path.name == "entities.yaml"
                  and "name" in r.values and r.line_for("name") != r.line)
    assert record.path is not None
    record.path.write_text("# moved\n" * 3 + record.path.read_text(encoding="utf-8"), encoding="utf-8")
    assert record.line_for("name") == record.line
