"""Strict YAML: text stays text, lines are kept, and YAML's traps are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.facts.yamlio import C_PARSER, parse_yaml_text, read_yaml
from tests.conftest import ROOT


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


def _shape(value: object) -> object:
    """A parse result with every line kept, to compare two parsers."""
    if isinstance(value, dict):
        return ("map", getattr(value, "line", None), dict(getattr(value, "key_lines", {})),
                {k: _shape(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("seq", getattr(value, "line", None), [_shape(v) for v in value])
    return value, getattr(value, "line", None)


TRAPS = ["a: 1\na: 2\n", "a: &x [1]\nb: *x\n", "a: !!python/object:os.system x\n", "a: [1,\n", "a: 1\n---\nb: 2\n",
         "a: !!str 1\n", "? [a]\n: b\n", "a: \"x\ny\"\n", "- a\n- b: |\n    x\n    y\n", "a: 'it''s'\n", "a: b: c\n",
         "a: !foo x\n", "&a a: b\n", "", "# only a comment\n", "x: \x01\n"]
FACT_FILES = sorted((ROOT / "facts").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))


@pytest.mark.parametrize("text", TRAPS + [p.read_text(encoding="utf-8") for p in FACT_FILES])
def test_libyaml_and_the_pure_parser_read_the_same(text: str) -> None:
    assert C_PARSER, "PyYAML came without libyaml: the build would read YAML 20x slower"
    fast, fast_problems = parse_yaml_text(text, "f.yaml")
    pure, pure_problems = parse_yaml_text(text, "f.yaml", pure=True)
    assert _shape(fast) == _shape(pure)
    assert [(p.line, p.rule) for p in fast_problems] == [(p.line, p.rule) for p in pure_problems]
