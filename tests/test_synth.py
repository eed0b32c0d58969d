"""kg synth: synthetic national-scale facts that validate, have the size asked for, and never change."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.facts.yamlio import parse_yaml_text
from kg.store.graphstore import GraphStore
from kg.synth.generate import MARKER, Summary, synthesize
from kg.synth.yaml_writer import quoted

SIZE = 10_000
TOLERANCE = 0.15


def _digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("synth") / "facts"
    return out, synthesize(out, triples=SIZE)


def _build(facts: Path, build: Path, *, full_shacl: bool) -> None:
    """`kg build --sources`: every check of `kg validate`, evidence spans against the texts included, then the files.

    The views are left out, and SHACL (slow on rdflib: 30 s for the 700 entities of the national
    skeleton alone) runs on a sample unless `full_shacl`; every other check runs on every record.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_VIEWS_LIMIT", "0")
        patch.setenv("KG_SHACL_FULL_LIMIT", str(10**9 if full_shacl else 0))
        result = CliRunner().invoke(main, ["build", "--facts", str(facts), "--sources", str(facts / "sources"),
                                           "--out", str(build)])
    assert result.exit_code == 0, result.output


def _quads(build: Path) -> int:
    with (build / "kg.nq").open(encoding="utf-8") as quads:
        return sum(1 for _ in quads)


@pytest.fixture(scope="module")
def synthetic_build(synthetic: tuple[Path, Summary], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    build = tmp_path_factory.mktemp("synth-build") / "build"
    _build(synthetic[0], build, full_shacl=False)
    yield build


def test_the_same_size_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesize(first, triples=SIZE)
    synthesize(second, triples=SIZE)
    synthesize(other, triples=SIZE, seed=7)
    assert _digests(first) == _digests(second)
    assert _digests(first) != _digests(other)


def test_the_synthetic_facts_validate_against_their_source_texts(synthetic_build: Path) -> None:
    assert (synthetic_build / "kg.nq").stat().st_size > 0  # the build ran the checks and found no problem


def test_the_built_graph_has_about_the_triples_asked_for(synthetic: tuple[Path, Summary],
                                                         synthetic_build: Path) -> None:
    _, summary = synthetic
    assert _quads(synthetic_build) == summary.triples
    assert abs(summary.triples - SIZE) <= TOLERANCE * SIZE


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?r a kg:Province }", 38),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?r a kg:Regency }", 416),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?r a kg:City }", 98),
    ("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r kg:withinRegion ?p . ?p a kg:Province }", 514),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?o a kg:RegionalOffice ; org:subOrganizationOf id:bpjs-ketenagakerjaan }", 11),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?o a kg:BranchOffice ; org:subOrganizationOf/org:subOrganizationOf "
     "id:bpjs-ketenagakerjaan }", 130),
    ("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a kg:BranchOffice ; kg:servesRegion ?r }", 130),
])
def test_the_built_graph_has_the_national_skeleton(synthetic_build: Path, query: str, expected: int) -> None:
    with GraphStore.from_build(synthetic_build) as store:
        assert store.select(query)[0]["n"] == expected


def test_the_built_graph_has_acting_officials_and_monthly_figures(synthetic_build: Path) -> None:
    with GraphStore.from_build(synthetic_build) as store:
        figures = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?f a kg:Figure ; kg:asOfMonth ?m ; kg:region ?r }")
        holdings = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?h a kg:PostHolding ; kg:evidence ?e }")
    assert figures[0]["n"] > 0 and holdings[0]["n"] > 0


@pytest.mark.slow
def test_a_hundred_thousand_triples_validate_in_full_and_match_the_summary(tmp_path: Path) -> None:
    """All four kinds of article, reprints, misprinted figures and analyst flags, under full SHACL."""
    summary = synthesize(tmp_path / "facts", triples=100_000)
    _build(tmp_path / "facts", tmp_path / "build", full_shacl=True)
    assert _quads(tmp_path / "build") == summary.triples
    assert abs(summary.triples - 100_000) <= TOLERANCE * 100_000
    with GraphStore.from_build(tmp_path / "build") as store:
        derived = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?f kg:flaggedBy/skos:notation 'figure-rule' }")
        acting = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?h kg:tenure/skos:notation ?t "
                              "FILTER (?t != 'definitive') }")
        kinds = store.select("SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?e a kg:Event ; kg:eventType ?k }")
    assert derived[0]["n"] == summary.records["flags (figure rule)"] > 0
    assert acting[0]["n"] > 0 and kinds[0]["n"] == 4


@pytest.mark.parametrize("arguments", [
    ["--triples", "lots", "--out", "{out}"],
    ["--triples", "0", "--out", "{out}"],
    ["--triples", "1e12", "--out", "{out}"],
    ["--triples", "1e4"],
    ["--triples", "1e4", "--out", "{out}", "--seed", "x"],
])
def test_bad_arguments_are_refused_with_exit_2(tmp_path: Path, arguments: list[str]) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["synth", *(a.format(out=out) for a in arguments)])
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output and not out.exists()


def test_a_folder_kg_synth_did_not_write_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["synth", "--triples", "1e4", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "was not written by kg synth" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_kg_synth_wrote_is_replaced_as_a_whole(tmp_path: Path) -> None:
    out = tmp_path / "facts"
    synthesize(out, triples=SIZE, seed=1)
    (out / "leftover.yaml").write_text("people: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["synth", "--triples", "1e4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / MARKER).exists() and not (out / "leftover.yaml").exists()
    assert "expected triples" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["facts"]  # no staging folder left behind


@pytest.mark.parametrize("text", ["plain words", 'a "quoted" word', "back\\slash", "line\nbreak\ttab\r",
                                  "\x00\x07\x7f\x85\u2028\u2029\ufeff\uffff", "“curly” — dash, é", "  spaced  ",
                                  "# not a comment", "key: value", "- item", "null", "true", "012", "😀"])
def test_quoted_text_reads_back_as_the_same_text(text: str) -> None:
    data, problems = parse_yaml_text(f"key: {quoted(text)}\n", "test.yaml")
    assert not problems and data["key"] == text
