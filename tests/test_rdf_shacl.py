"""SHACL at scale: the full mode below the limit, a fixed sample above it, and the two agree."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli.main import main
from kg.facts.model import load_model
from kg.pipeline import run
from kg.rdf.quads import parse_ntriples
from kg.rdf.shacl import sample_records
from tests.conftest import FIXTURE_SOURCES, FIXTURES, KITCHEN_SINK
from tests.test_facts_validation import INVALID, apply, load_fixture

SHACL_FIXTURES = [p for p in INVALID if load_fixture(p)["breaks"] not in load_model().python_rules]


def test_small_graphs_get_full_shacl() -> None:
    outcome = run(KITCHEN_SINK, FIXTURE_SOURCES)
    assert outcome.shacl is not None and outcome.shacl.mode == "full"
    assert outcome.shacl.checked == len(outcome.records)


def test_sampled_shacl_finds_a_violation_planted_in_a_sampled_record(
        kitchen_sink: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apply(load_fixture(FIXTURES / "invalid" / "percent-range.yaml"), kitchen_sink)  # a figure of 1.2 million percent
    monkeypatch.setenv("KG_SHACL_FULL_LIMIT", "1")
    monkeypatch.setenv("KG_SHACL_SAMPLE", "2")
    outcome = run(kitchen_sink, FIXTURE_SOURCES)
    assert outcome.shacl is not None and outcome.shacl.mode == "sampled"
    assert outcome.shacl.checked < len(outcome.records)
    assert "ks-fig-covered" in {r.id for r in sample_records(outcome.records, 2)}, "the seed no longer samples it"
    [problem] = outcome.problems
    assert (problem.rule, problem.record, problem.field) == ("percent-range", "ks-fig-covered", "value")
    assert problem.file.endswith("ks-001.yaml") and problem.line > 0


def test_the_cli_says_which_shacl_mode_ran(kitchen_sink: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    full = runner.invoke(main, ["validate", "--facts", str(KITCHEN_SINK), "--sources", str(FIXTURE_SOURCES)])
    assert full.exit_code == 0 and "SHACL: full" in full.output, full.output
    sampled = runner.invoke(main, ["build", "--facts", str(KITCHEN_SINK), "--out", str(tmp_path / "out")],
                            env={"KG_SHACL_FULL_LIMIT": "1", "KG_SHACL_SAMPLE": "2"})
    assert sampled.exit_code == 0 and "SHACL: sampled" in sampled.output, sampled.output
    forced = runner.invoke(main, ["validate", "--facts", str(KITCHEN_SINK), "--shacl", "sample"],
                           env={"KG_SHACL_SAMPLE": "1"})
    assert forced.exit_code == 0 and "SHACL: sampled" in forced.output, forced.output
    batched = runner.invoke(main, ["validate", "--facts", str(KITCHEN_SINK), "--shacl", "full"],
                            env={"KG_SHACL_FULL_LIMIT": "1"})
    assert batched.exit_code == 0 and "SHACL: full, every record checked" in batched.output, batched.output
    assert "in batches" in batched.output
    apply(load_fixture(FIXTURES / "invalid" / "percent-range.yaml"), kitchen_sink)
    failed = runner.invoke(main, ["validate", "--facts", str(kitchen_sink), "--sources", str(FIXTURE_SOURCES)],
                           env={"KG_SHACL_FULL_LIMIT": "1", "KG_SHACL_SAMPLE": "2"})
    assert failed.exit_code == 1 and "[rule percent-range]" in failed.output, failed.output
    assert "note: SHACL: sampled" in failed.output


@pytest.mark.parametrize("fixture_path", SHACL_FIXTURES, ids=[p.stem for p in SHACL_FIXTURES])
def test_sampling_every_record_finds_what_full_shacl_finds(fixture_path: Path, kitchen_sink: Path) -> None:
    """Batches and thin neighbours lose nothing: with every record in the sample, the answers are the same."""
    fixture = load_fixture(fixture_path)
    apply(fixture, kitchen_sink)
    sources = None if fixture.get("sources") == "none" else FIXTURE_SOURCES
    full = run(kitchen_sink, sources, shacl_limit=10**9)
    sampled = run(kitchen_sink, sources, shacl_limit=0, shacl_sample=10**6)
    assert sampled.shacl is not None and sampled.shacl.mode == "batched"
    assert [p.render() for p in sampled.problems] == [p.render() for p in full.problems]
    assert full.problems


def test_the_sample_is_fixed_and_ignores_file_order() -> None:
    records = run(KITCHEN_SINK, FIXTURE_SOURCES).records
    first = [r.id for r in sample_records(records, 2)]
    shuffled = records[:]
    random.Random(1).shuffle(shuffled)
    assert [r.id for r in sample_records(shuffled, 2)] == first
    assert len(first) == len({r.section for r in records}) * 2 - sum(
        1 for section in {r.section for r in records} if sum(r.section == section for r in records) < 2)


def test_a_5mb_field_validates_in_seconds(kitchen_sink: Path) -> None:
    # rdflib's N-Triples parser was quadratic in a literal's length: 1 MB took 19 s, 5 MB minutes.
    entities = kitchen_sink / "entities.yaml"
    chunk = 'Kata \\"kutip\\" \\\\ é 日本 panjang. '
    huge = chunk * (5_000_000 // len(chunk.encode()))
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        'description: "Village outreach."', f'description: "{huge}"'), encoding="utf-8")
    started = time.monotonic()
    outcome = run(kitchen_sink, FIXTURE_SOURCES)
    assert outcome.problems == [], [p.render()[:200] for p in outcome.problems]
    assert time.monotonic() - started < 30, "a 5 MB field should validate in seconds, not minutes"
    [description] = {o for _, _, o, _ in outcome.dataset.quads() if len(o) > 1_000_000}
    assert str(description) == huge.replace('\\"', '"').replace("\\\\", "\\")


def test_graphs_parsed_through_oxigraph_equal_rdflibs_own_parse() -> None:
    quads = run(KITCHEN_SINK, FIXTURE_SOURCES).quads
    ours = parse_ntriples(quads.triples(), Graph())
    theirs = Graph().parse(data=quads.ntriples().decode(), format="nt")
    assert set(ours) == set(theirs)
    dataset = Dataset().parse(data=quads.nquads().decode(), format="nquads")
    assert set(quads.dataset().quads()) == set(dataset.quads())
