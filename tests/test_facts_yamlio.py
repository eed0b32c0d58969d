"""Strict YAML: text stays text, lines are kept, and YAML's traps are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.facts.yamlio import C_PARSER, parse_yaml_text, read_yaml
from tests.conftest import FACTS, ROOT


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
FACT_FILES = sorted(FACTS.rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))


@pytest.mark.parametrize("text", TRAPS + [p.read_text(encoding="utf-8") for p in FACT_FILES])
def test_libyaml_and_the_pure_parser_read_the_same(text: str) -> None:
    assert C_PARSER, "PyYAML came without libyaml: the build would read YAML 20x slower"
    fast, fast_problems = parse_yaml_text(text, "f.yaml")
    pure, pure_problems = parse_yaml_text(text, "f.yaml", pure=True)
    assert _shape(fast) == _shape(pure)
    assert [(p.line, p.rule) for p in fast_problems] == [(p.line, p.rule) for p in pure_problems]


def test_a_latin1_fact_file_is_an_error_at_the_line_of_its_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("people:\n  - id: a\n    name: José\n".encode("latin-1"))
    data, [problem] = read_yaml(path, "f.yaml")
    assert data is None and (problem.line, problem.rule) == (3, "text-encoding"), problem.render()
    assert "byte 0xE9 at byte offset 31 (line 3, byte 14)" in problem.message


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x07", "\x7f", "\x9b", "\ufffe", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("pure", [False, True])
def test_raw_control_characters_and_odd_line_breaks_are_errors_with_their_line(char: str, pure: bool) -> None:
    # Both parsers refused control characters with no line at all, and counted NEL/LS/PS as line
    # breaks (or not: they disagreed), putting later lines out of step with the editor's.
    text = f"people:\n  - id: a\n    name: \"x{char}y\"\n  - id: b\n"
    data, [problem] = parse_yaml_text(text, "f.yaml", pure=pure)
    assert data is None and (problem.line, problem.rule) == (3, "text-encoding"), problem.render()
    assert f"U+{ord(char):04X} at column 13" in problem.message


def test_a_bom_and_crlf_line_ends_read_like_plain_lf(tmp_path: Path) -> None:
    plain, _ = parse(tmp_path, "a: 1\nb:\n  - c\n")
    path = tmp_path / "g.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb:\r\n  - c\r\n")
    data, problems = read_yaml(path, "g.yaml")
    assert problems == [] and _shape(data) == _shape(plain)


def test_a_tab_inside_a_value_is_kept_and_a_tab_indent_is_an_error_with_its_line(tmp_path: Path) -> None:
    data, problems = parse(tmp_path, "a: \"x\ty\"\nb: x\ty\n")
    assert problems == [] and data == {"a": "x\ty", "b": "x\ty"}
    _, [problem] = read_yaml(_write(tmp_path, "a:\n\t- x\n"), "f.yaml")
    assert (problem.line, problem.rule) == (2, "yaml-syntax")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path
