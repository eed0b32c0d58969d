"""Strict YAML reading: every scalar stays text, every value keeps its line.

PyYAML and YAML 1.1 turn `NO` into false and `012345` into an octal number, let a duplicate
key win silently and expand alias bombs. We read the parser's event stream ourselves instead:
scalars stay strings (the model decides their type later), duplicate keys, anchors, aliases
and explicit tags are errors, and each value remembers the line it was written on.

The events come from libyaml's C parser (through PyYAML) when it is installed, else from
ruamel.yaml's pure-Python parser: the same events, the C one about 20x faster, which matters
at a national scale (a million triples is some 30 MB of YAML). Only the parsers run: neither
library's loader, resolver or constructor ever sees the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import Problem

try:
    import yaml as pyyaml
    from yaml import CSafeLoader
except ImportError:  # pragma: no cover - PyYAML missing, or built without libyaml
    C_PARSER = False
else:
    C_PARSER = True

NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class Scalar(str):
    """A YAML scalar as written, with its 1-based line (set right after creation: `str.__new__`
    stays in C, which matters for the millions of scalars of a national build).

    Keys, list items and a file's root scalar are Scalars. A mapping's values are plain str:
    the mapping's key_lines already say where each was written.
    """

    line: int


def scalar(value: str, line: int) -> Scalar:
    made = Scalar(value)
    made.line = line
    return made


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the line of the mapping and of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class LineList(list[Any]):
    """A YAML sequence that knows its line, and the line of each empty (null) item, which has no
    Scalar to carry it."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.null_lines: dict[int, int] = {}

    def line_of_item(self, index: int) -> int:
        return line_of(self[index], self.null_lines.get(index, self.line))


def line_of(value: Any, default: int = 0) -> int:
    return getattr(value, "line", default)


def read_yaml(path: Path, display: str, *, pure: bool = False) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns (data or None, problems); never raises on bad content."""
    text, problem = decode_utf8(path.read_bytes(), display)
    if problem:
        return None, [problem]
    return parse_yaml_text(text, display, pure=pure)


def decode_utf8(data: bytes, display: str) -> tuple[str, Problem | None]:
    """The text of a UTF-8 file with its line ends made LF (as `open` does), or a problem at the
    line of the first byte that is not UTF-8. A leading BOM stays: both YAML parsers skip it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, where = where_not_utf8(data, exc)
        return "", Problem(display, line, "", "text-encoding", f"is not UTF-8: {where}; save the file as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def where_not_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and a description of it for a message."""
    bad = error.start
    line = data.count(b"\n", 0, bad) + 1
    column = bad - data.rfind(b"\n", 0, bad)
    return line, f"byte 0x{data[bad]:02X} at byte offset {bad} (line {line}, byte {column}) cannot be decoded"


# Raw characters that a fact file may not hold: control characters, which both YAML parsers
# refuse without saying on which line, and the line breaks YAML counts but editors do not
# (NEL, LS, PS), which would put every later line number out of step with the editor's.
_FORBIDDEN_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_BREAK_NAMES = {"\x85": "NEXT LINE (NEL)", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
MAX_RAW_PROBLEMS = 20  # one per line, for the first lines that have one


def raw_character_problems(text: str, display: str) -> list[Problem]:
    """One problem per line (up to MAX_RAW_PROBLEMS) holding a character no fact file may hold."""
    problems: list[Problem] = []
    last_line = 0
    for found in _FORBIDDEN_RAW.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if line == last_line:
            continue
        last_line = line
        char = found.group()
        column = found.start() - text.rfind("\n", 0, found.start())
        if char in _BREAK_NAMES:
            why = f"a line break ({_BREAK_NAMES[char]}) that YAML counts and most editors do not; use a line feed"
        else:
            why = "a control character, which no fact file may hold; remove it"
        problems.append(Problem(display, line, "", "text-encoding", f"has U+{ord(char):04X} at column {column}: {why}"))
        if len(problems) == MAX_RAW_PROBLEMS:
            break
    return problems


def _events(text: str, pure: bool) -> Iterable[Any]:
    if C_PARSER and not pure:
        return pyyaml.parse(text, Loader=CSafeLoader)  # type: ignore[no-any-return]
    from ruamel.yaml import YAML  # only here: importing ruamel is a third of `kg ask`'s start-up

    return YAML(typ="safe", pure=True).parse(text)  # type: ignore[no-any-return]


def _errors(pure: bool) -> tuple[type[Exception], ...]:
    if C_PARSER and not pure:
        return (pyyaml.YAMLError,)
    from ruamel.yaml.error import YAMLError

    return (YAMLError,)


def parse_yaml_text(text: str, display: str, *, pure: bool = False) -> tuple[Any, list[Problem]]:
    """Parse YAML text read from `display`. Returns (data or None, problems); never raises on bad content.

    `pure` forces ruamel.yaml's Python parser, which the tests hold to the same answers as libyaml's.
    """
    raw = raw_character_problems(text, display)
    if raw:
        return None, raw
    builder = _Builder(display)
    try:
        builder.build(_events(text, pure))
    except _errors(pure) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is None:  # a reader error: it knows the character's position, not its line
            position = getattr(exc, "position", None)
            line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
            return None, [Problem(display, line, "", "yaml-syntax", f"malformed YAML: {exc}")]
        reason = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None))
                          if part)
        return None, [Problem(display, mark.line + 1, "", "yaml-syntax", f"malformed YAML: {reason}")]
    return builder.result, builder.problems


class _Builder:
    """Turns parser events into Scalar / LineDict / LineList, collecting problems.

    Events are told apart by class name, which libyaml's and ruamel's events share. This loop
    runs once per event, some two million times for a million triples, so it keeps its state
    in local variables and handles scalars, most of the events, first.
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.result: Any = None

    def _problem(self, line: int, rule: str, message: str, value: str = "") -> None:
        self.problems.append(Problem(self.display, line, "", rule, message, value))

    def build(self, events: Iterable[Any]) -> None:
        stack: list[Any] = []  # the open mappings and sequences
        pending: list[Scalar | None] = []  # per open mapping: its key waiting for a value
        documents = 0
        kinds: dict[type, str] = {}
        for event in events:
            kind = kinds.get(type(event)) or kinds.setdefault(type(event), type(event).__name__)
            line = event.start_mark.line + 1 if event.start_mark else 0
            if kind == "ScalarEvent":
                if event.anchor or (event.tag and not event.implicit[0]):
                    self._check_node_event(event, line)
                value: Any = event.value
                if not event.style and value in NULL_WORDS:
                    value = None
            elif kind == "MappingStartEvent" or kind == "SequenceStartEvent":
                self._check_node_event(event, line)
                if kind == "MappingStartEvent":
                    stack.append(LineDict(line))
                    pending.append(None)
                else:
                    stack.append(LineList(line))
                continue
            elif kind == "MappingEndEvent" or kind == "SequenceEndEvent":
                value = stack.pop()
                line = value.line
                if kind == "MappingEndEvent":
                    pending.pop()
            elif kind == "AliasEvent":
                self._problem(line, "yaml-alias", "aliases (*name) are not allowed; write the value out")
                value = None
            else:
                if kind == "DocumentStartEvent":
                    documents += 1
                    if documents > 1:
                        self._problem(line, "file-structure", "only one YAML document per file")
                continue
            text = type(value) is str  # a scalar, not yet given its line
            if not stack:
                if documents <= 1:
                    self.result = scalar(value, line) if text else value
                continue
            parent = stack[-1]
            if type(parent) is LineList:
                if value is None:
                    parent.null_lines[len(parent)] = line
                parent.append(scalar(value, line) if text else value)
                continue
            key = pending[-1]
            if key is None:
                if not text:
                    self._problem(line, "file-structure", "mapping keys must be plain words")
                    value = "?"
                pending[-1] = scalar(value, line)
                continue
            pending[-1] = None
            if key in parent:
                self._problem(key.line, "yaml-duplicate-key",
                              f"duplicate key (first written on line {parent.key_lines[key]})", str(key))
                continue
            name = str(key)
            parent[name] = value
            parent.key_lines[name] = key.line

    def _check_node_event(self, event: Any, line: int) -> None:
        if event.anchor:
            self._problem(line, "yaml-alias", f"anchors (&{event.anchor}) are not allowed")
        tag = event.tag
        if tag and tag != "!" and not (type(event).__name__ == "ScalarEvent" and event.implicit[0]):
            self._problem(line, "yaml-tag", f"explicit tags ({tag}) are not allowed")
