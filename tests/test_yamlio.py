"""Strict YAML: text stays text, lines are kept, and YAML's traps are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.yamlio import read_yaml


def parse(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = read_yaml(path, "f.yaml")
    return data, [p.rule for p in problems]


@pytest.mark.parametrize("text", ["NO", "yes", "012345", "0x1F", "1e3", "2024-07-09", "~x", ".inf"])
def test_scalars_stay_exactly_as_written(tmp_path: Path, text: str) -> None:
    data, problems = parse(tmp_path, f"a: {text}\n")
    assert problems == [] and data == {"a": text}


@pytest.mark.parametrize(("text", "rule"), [
    ("a: 1\na: 2\n", "yaml-duplicate-key"),
    ("a: &x [1]\nb: *x\n", "yaml-alias"),
    ("a: !!python/object:os.system x\n", "yaml-tag"),
    ("a: [1,\n", "yaml-syntax"),
    ("a: 1\n---\nb: 2\n", "file-structure"),
])
def test_yaml_traps_are_errors(tmp_path: Path, text: str, rule: str) -> None:
    _, problems = parse(tmp_path, text)
    assert rule in problems


def test_lines_are_remembered(tmp_path: Path) -> None:
    data, _ = parse(tmp_path, "# comment\nitems:\n  - id: a\n    name: b\n")
    assert data["items"][0].key_lines == {"id": 3, "name": 4}  # type: ignore[index]


def test_null_words_are_absent_values_but_quoted_empty_is_text(tmp_path: Path) -> None:
    data, _ = parse(tmp_path, "a:\nb: ~\nc: \"\"\n")
    assert data == {"a": None, "b": None, "c": ""}
