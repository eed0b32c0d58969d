"""The kg command as a user runs it: exit codes, messages, outputs, atomic writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.output import STORE_DIR
from tests.conftest import FACTS, FIXTURE_SOURCES, KITCHEN_SINK, ROOT


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_validate_accepts_the_seed_facts(seeds: Path) -> None:
    code, output = invoke("validate", "--facts", str(FACTS), "--sources", str(seeds))
    assert code == 0, output
    assert "valid:" in output and "not checked" not in output


def test_validate_without_sources_says_spans_were_not_checked() -> None:
    code, output = invoke("validate", "--facts", str(KITCHEN_SINK))
    assert code == 0, output
    assert "evidence spans were not checked against the source texts" in output


def test_invalid_data_exits_1_with_file_line_field_rule(kitchen_sink: Path) -> None:
    path = kitchen_sink / "articles" / "ks-001.yaml"
    path.write_text(path.read_text().replace("    approximate: true\n", "    approximate: NO\n"))
    code, output = invoke("validate", "--facts", str(kitchen_sink), "--sources", str(FIXTURE_SOURCES))
    assert code == 1
    line = next(text for text in output.splitlines() if "approximate" in text)
    assert "ks-001.yaml:" in line and "'NO'" in line and "[rule datatype]" in line
    assert "Traceback" not in output


@pytest.mark.parametrize("args", [
    ["validate", "--facts", "/nonexistent/facts"],
    ["validate", "--facts", str(KITCHEN_SINK), "--sources", "/nonexistent/sources"],
    ["build", "--facts", "/nonexistent/facts", "--out", "/tmp/never-written"],
])
def test_usage_and_io_errors_exit_2_without_traceback(args: list[str]) -> None:
    code, output = invoke(*args)
    assert code == 2
    assert "error:" in output and "Traceback" not in output


def test_build_writes_every_format_and_lists_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke("build", "--facts", str(KITCHEN_SINK), "--sources", str(FIXTURE_SOURCES), "--out", str(out))
    assert code == 0, output
    for name in ("kg.ttl", "kg.nt", "kg.nq", "kg.trig", "kg.jsonld", "ontology/index.html", "ontology/shapes.ttl"):
        assert (out / name).stat().st_size > 0
        assert name in output


def test_failed_build_leaves_previous_output_intact(tmp_path: Path, kitchen_sink: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", "--facts", str(kitchen_sink), "--out", str(out))[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = kitchen_sink / "entities.yaml"
    path.write_text(path.read_text() + "  - broken: [\n")
    code, _ = invoke("build", "--facts", str(kitchen_sink), "--out", str(out))
    assert code == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts", "out"]  # no temporary folder left behind


def test_crash_while_writing_leaves_previous_output_and_no_temp_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import pipeline  # `kg build` imports build_files from here when it runs

    out = tmp_path / "out"
    assert invoke("build", "--facts", str(KITCHEN_SINK), "--out", str(out))[0] == 0
    before = (out / "kg.ttl").read_bytes()
    real = pipeline.build_files

    def failing(*args: object, **kwargs: object) -> dict[str, object]:
        files = real(*args, **kwargs)  # type: ignore[arg-type]
        files["zzz-last"] = lambda path: (_ for _ in ()).throw(OSError(28, "No space left on device"))
        return files  # type: ignore[return-value]

    monkeypatch.setattr(pipeline, "build_files", failing)
    code, result = invoke("build", "--facts", str(KITCHEN_SINK), "--out", str(out))
    assert code == 2 and "No space left on device" in result
    assert (out / "kg.ttl").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_build_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes")
    code, output = invoke("build", "--facts", str(KITCHEN_SINK), "--out", str(out))
    assert code == 2 and "was not written by kg" in output
    assert (out / "notes.txt").read_text() == "my notes"


@pytest.mark.slow
def test_two_builds_are_byte_identical_across_hash_seeds(tmp_path: Path, seeds: Path) -> None:
    """Every file but the Oxigraph store, whose RocksDB files carry their own IDs and timestamps."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"build-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        # Different working directories too: nothing in the output may depend on where kg runs.
        cwd = tmp_path if seed == "1" else ROOT
        subprocess.run([sys.executable, "-m", "kg", "build", "--facts", str(FACTS), "--sources", str(seeds),
                        "--out", str(out)], check=True, env=env, capture_output=True, cwd=cwd)
        assert (out / STORE_DIR / "CURRENT").is_file()
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*")
                        if p.is_file() and p.relative_to(out).parts[0] != STORE_DIR})
    assert outputs[0] == outputs[1]


def test_stats_counts_classes_sources_and_flags(seeds: Path) -> None:
    code, output = invoke("stats", "--facts", str(FACTS), "--sources", str(seeds))
    assert code == 0, output
    for expected in ("PostHolding", "Figure", "s000", "s004", "Disagreements", "figure-rule", "implausible"):
        assert expected in output


def test_schema_lists_sections_from_the_shapes() -> None:
    code, output = invoke("schema")
    assert code == 0
    assert "holdings:" in output and "tenure: concept, required  one of: Pj, Plh, Plt, acting, definitive" in output


def test_anchor_fills_missing_offsets_and_keeps_comments(kitchen_sink: Path) -> None:
    path = kitchen_sink / "articles" / "ks-001.yaml"
    text = path.read_text().replace("    quote: \"Siti Aminah\"\n    start: 285\n    end: 296\n",
                                    "    quote: \"Siti Aminah\"  # name as written\n")
    path.write_text(text)
    code, output = invoke("anchor", "--facts", str(kitchen_sink), "--sources", str(FIXTURE_SOURCES))
    assert code == 0, output
    updated = path.read_text()
    assert "# name as written" in updated and "start: 285" in updated and "end: 296" in updated
    assert invoke("validate", "--facts", str(kitchen_sink), "--sources", str(FIXTURE_SOURCES))[0] == 0


@pytest.mark.parametrize(("content", "rule"), [(b"people: [\n", "yaml-syntax"),
                                               (b'people:\n  - id: x\n    name: "\xe9"\n', "text-encoding")])
def test_anchor_reports_an_unreadable_fact_file_at_its_line_and_rewrites_nothing(
        tmp_path: Path, content: bytes, rule: str) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(KITCHEN_SINK, facts)
    before = {path: path.read_bytes() for path in facts.rglob("*.yaml")}
    (facts / "bad.yaml").write_bytes(content)
    code, output = invoke("anchor", "--facts", str(facts), "--sources", str(FIXTURE_SOURCES))
    assert code == 1 and re.search(rf"bad\.yaml:\d+: .*\[rule {rule}\]", output), output
    assert {path: path.read_bytes() for path in before} == before
