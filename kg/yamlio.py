"""Strict YAML reading: every scalar stays text, every value keeps its line.

PyYAML and YAML 1.1 turn `NO` into false and `012345` into an octal number, let a duplicate
key win silently and expand alias bombs. We read the parser's event stream ourselves instead:
scalars stay strings (the model decides their type later), duplicate keys, anchors, aliases
and explicit tags are errors, and each value remembers the line it was written on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kg.errors import Problem

NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class Scalar(str):
    """A YAML scalar as written, with its 1-based line."""

    line: int

    def __new__(cls, value: str, line: int) -> Scalar:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the line of the mapping and of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class LineList(list[Any]):
    """A YAML sequence that knows its line."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


def line_of(value: Any, default: int = 0) -> int:
    return getattr(value, "line", default)


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns (data or None, problems); never raises on bad content."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 0, "", "yaml-syntax", f"not UTF-8 text ({exc.reason})")]
    return parse_yaml_text(text, display)


def parse_yaml_text(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text read from `display`. Returns (data or None, problems); never raises on bad content."""
    builder = _Builder(display)
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            builder.feed(event)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, [Problem(display, line, "", "yaml-syntax", f"malformed YAML: {reason}")]
    except YAMLError as exc:
        return None, [Problem(display, 0, "", "yaml-syntax", f"malformed YAML: {exc}")]
    return builder.result, builder.problems


class _Builder:
    """Turns parser events into Scalar / LineDict / LineList, collecting problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.stack: list[Any] = []
        self.pending_key: list[Scalar | None] = []
        self.result: Any = None
        self.documents = 0

    def _problem(self, line: int, rule: str, message: str, value: str = "") -> None:
        self.problems.append(Problem(self.display, line, "", rule, message, value))

    def feed(self, event: Any) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._problem(line, "file-structure", "only one YAML document per file")
        elif isinstance(event, ev.AliasEvent):
            self._problem(line, "yaml-alias", "aliases (*name) are not allowed; write the value out")
            self._add(None, line)
        elif isinstance(event, ev.ScalarEvent):
            self._check_node_event(event, line)
            plain = not event.style
            value = None if plain and event.value in NULL_WORDS else Scalar(event.value, line)
            self._add(value, line)
        elif isinstance(event, ev.MappingStartEvent):
            self._check_node_event(event, line)
            self._open(LineDict(line))
        elif isinstance(event, ev.SequenceStartEvent):
            self._check_node_event(event, line)
            self._open(LineList(line))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            done = self.stack.pop()
            if isinstance(done, LineDict):
                self.pending_key.pop()
            self._add(done, done.line, opened=True)

    def _check_node_event(self, event: Any, line: int) -> None:
        if event.anchor:
            self._problem(line, "yaml-alias", f"anchors (&{event.anchor}) are not allowed")
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and not (isinstance(event, ev.ScalarEvent) and event.implicit[0]):
            self._problem(line, "yaml-tag", f"explicit tags ({tag}) are not allowed")

    def _open(self, container: Any) -> None:
        self.stack.append(container)
        if isinstance(container, LineDict):
            self.pending_key.append(None)

    def _add(self, value: Any, line: int, opened: bool = False) -> None:
        if not self.stack:
            if self.documents <= 1:
                self.result = value
            return
        parent = self.stack[-1]
        if isinstance(parent, LineList):
            parent.append(value)
            return
        key = self.pending_key[-1]
        if key is None:
            if not isinstance(value, Scalar):
                self._problem(line, "file-structure", "mapping keys must be plain words")
                value = Scalar("?", line)
            self.pending_key[-1] = value
            return
        self.pending_key[-1] = None
        if key in parent:
            self._problem(key.line, "yaml-duplicate-key",
                          f"duplicate key (first written on line {parent.key_lines[key]})", str(key))
            return
        parent[str(key)] = value
        parent.key_lines[str(key)] = key.line
