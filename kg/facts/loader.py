"""Loading the fact files: strict YAML, then one generated pydantic model per section."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rdflib import URIRef

from kg.errors import Problem, UsageError
from kg.facts.model import Model
from kg.facts.records import pydantic_model
from kg.facts.yamlio import LineDict, LineList, line_of, read_yaml
from kg.namespaces import KGV
from kg.progress import NO_PROGRESS, Steps

FILE_KEYS = ("source",)  # file-level keys that are not sections
RULE_OF_PYDANTIC_ERROR = {"missing": "required", "extra_forbidden": "unknown-field", "list_type": "datatype",
                          "model_type": "datatype", "dict_type": "datatype"}


@dataclass
class Record:
    """One record of a fact file, with typed values and where it was written."""

    section: str
    id: str
    values: dict[str, Any]
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    raw: Any = None  # the LineDict, to locate nested values
    # A record of load_facts keeps neither raw nor key_lines, which at a national scale are a third of
    # the loaded facts' memory: only where it was read (the file, and its place in its section), to
    # read them again when a problem needs a line (see `located`).
    path: Path | None = None
    index: int = -1

    def problem(self, line: int, field: str, rule: str, message: str, value: str = "") -> Problem:
        """A problem located in this record, tagged with its ID so later stages don't restate it."""
        return Problem(self.file, line, field, rule, message, value, record=self.id)

    def line_for(self, key: str, index: int | None = None, subkey: str | None = None) -> int:
        raw = self.raw if self.raw is not None else located(self)
        key_lines = raw.key_lines if isinstance(raw, LineDict) else self.key_lines
        value = raw.get(key) if isinstance(raw, dict) else None
        if index is not None and isinstance(value, list) and index < len(value):
            item = value[index]
            if subkey and isinstance(item, LineDict):
                return item.key_lines.get(subkey, item.line)
            return line_of(item, key_lines.get(key, self.line))
        return key_lines.get(key, self.line)


def located(record: Record) -> LineDict | None:
    """The record as read from its file again, with the lines of its keys and items; None when the
    file changed since (the record's own line then stands for every key)."""
    if record.path is None or record.index < 0:
        return None
    try:
        stat = record.path.stat()
    except OSError:
        return None
    data = _reread(record.path, record.file, stat.st_mtime_ns, stat.st_size)
    items = data.get(record.section) if isinstance(data, LineDict) else None
    if isinstance(items, LineList) and record.index < len(items):
        item = items[record.index]
        if isinstance(item, LineDict) and item.line == record.line:
            return item
    return None


@lru_cache(maxsize=8)
def _reread(path: Path, display: str, mtime_ns: int, size: int) -> Any:
    """A fact file parsed again (once per version of it, while its problems are reported)."""
    return read_yaml(path, display)[0]


@dataclass
class FactSet:
    records: list[Record]
    problems: list[Problem]
    # IDs of records that failed their type checks, with their section: they still exist,
    # so references to them are not reported a second time as unknown.
    broken_ids: dict[str, str] = field(default_factory=dict)
    # The model the records were read with: the ontology's, extended by the `vocabulary` records.
    model: Model | None = None


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def fact_files(facts_dir: Path) -> list[Path]:
    if not facts_dir.is_dir():
        raise UsageError(f"facts folder not found: {facts_dir}")
    return sorted(p for p in facts_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


VOCABULARY = "vocabulary"  # the section that extends the model: read before every other
CANDIDATE = "candidate"  # the mark `kg draft` puts on every record it drafts (see docs/drafting.md)


def load_facts(facts_dir: Path, model: Model, *, steps: Steps = NO_PROGRESS) -> FactSet:
    """Read every YAML file under `facts_dir`; problems are collected, not raised.

    The `vocabulary` records are read first, from the files that have that section (found by a
    scan of the bytes, so that other files are parsed once), and extend the model that every
    other record is then checked against: a new role or region type needs no ontology edit.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    broken: dict[str, str] = {}
    files = fact_files(facts_dir)
    for path in files:
        if _has_vocabulary(path):
            data, _ = read_yaml(path, display_path(path))  # its problems are reported in the main pass
            if isinstance(data, LineDict):
                records += _records_of_file(data, display_path(path), model, problems, broken, only=VOCABULARY,
                                            path=path)
    model = model.extended([{**r.values, "id": r.id} for r in _new_terms(records, model, problems)])
    for path in steps.track(files, "reading facts"):
        display = display_path(path)
        data, found = read_yaml(path, display)
        problems += found
        if data is None and found:
            continue
        records += _records_of_file(data, display, model, problems, broken, skip=VOCABULARY, path=path)
    return FactSet(records, problems, broken, model)


def _new_terms(terms: list[Record], model: Model, problems: list[Problem]) -> list[Record]:
    """The vocabulary records whose notation is new to what they extend (rule unique-notation):
    a second `governor` would silently change what every existing record means."""
    open_to_facts = model.schemes.get(KGV.ExtensibleVocabulary, {})
    taken: dict[str, set[str]] = {}
    for name, target in open_to_facts.items():
        existing = set(model.schemes.get(target, {}))
        existing |= {choice for section in model.sections.values() if section.target_class == target
                     for choice in section.type_choices}
        taken[name] = existing
    kept = []
    for term in terms:
        extends, notation = term.values["extends"], term.values["notation"]
        if notation in taken[extends]:
            problems.append(term.problem(term.line_for("notation"), "notation", "unique-notation",
                                         f"is already a value of {extends}", notation))
            continue
        taken[extends].add(notation)
        kept.append(term)
    return kept


def _has_vocabulary(path: Path) -> bool:
    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    except OSError:
        return False  # the main pass reports it
    return text.startswith(b"vocabulary:") or b"\nvocabulary:" in text


def read_fact_file(path: Path, model: Model, display: str | None = None) -> tuple[Any, list[Record], list[Problem]]:
    """One fact file on its own: its parsed YAML (None when unreadable), its records and its problems."""
    shown = display or display_path(path)
    problems: list[Problem] = []
    data, found = read_yaml(path, shown)
    problems += found
    records = [] if data is None else _records_of_file(data, shown, model, problems, {})
    return data, records, problems


def _records_of_file(data: Any, display: str, model: Model, problems: list[Problem], broken: dict[str, str], *,
                     only: str | None = None, skip: str | None = None, path: Path | None = None) -> list[Record]:
    """The records of one parsed file. Given the file's `path`, they keep it instead of their YAML
    (Record.path); else they keep their YAML (Record.raw), as a caller that rewrites the file needs."""
    if data is None:
        return []
    if not isinstance(data, LineDict):
        problems.append(Problem(display, line_of(data, 1), "", "file-structure",
                                "a fact file is a mapping of section names to lists of records"))
        return []
    file_source = data.get("source")
    out = []
    for key, value in data.items():
        line = data.key_lines[key]
        if key in FILE_KEYS or key == skip or (only is not None and key != only):
            continue
        if key not in model.sections:
            near = get_close_matches(key, [*model.sections, *FILE_KEYS], n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f"; sections are {', '.join(model.sections)}"
            problems.append(Problem(display, line, key, "unknown-field", f"is not a section{hint}"))
            continue
        if value is None:
            continue
        if not isinstance(value, LineList):
            problems.append(Problem(display, line, key, "file-structure", "a section holds a list of records"))
            continue
        for index, raw in enumerate(value):
            record = _record(key, raw, display, model, file_source, problems, value.line_of_item(index), index)
            if record:
                if path is not None:
                    record.raw, record.key_lines, record.path, record.index = None, {}, path, index
                out.append(record)
            elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken[str(raw["id"])] = key
    return out


def _record(section: str, raw: Any, display: str, model: Model, file_source: Any,
            problems: list[Problem], line: int, index: int = 0) -> Record | None:
    if not isinstance(raw, LineDict):
        problems.append(Problem(display, line, section, "file-structure",
                                "a record is a mapping of keys to values"))
        return None
    spec = model.sections[section]
    payload: dict[str, Any] = dict(raw)
    if CANDIDATE in payload:  # a record `kg draft` wrote that no one has reviewed yet
        problems.append(_unreviewed(raw, display, section, index, payload.pop(CANDIDATE)))
    # A source's own evidence (its headline, its publisher) is in that source.
    default_source = payload.get("id") if section == "sources" else file_source
    if default_source is not None:
        _default_source(section, payload, default_source)
    for f in spec.fields:
        if payload.get(f.key) is None and f.default is not None:
            default = f.default
            payload[f.key] = model.notation.get(default, str(default)) if isinstance(default, URIRef) else str(default)
    try:
        validated = pydantic_model(model, section).model_validate(payload)
    except ValidationError as exc:
        record_id = str(raw.get("id") or "")
        for err in exc.errors():
            problems.append(_problem_of(err, raw, display, section, record_id))
        return None
    values = validated.model_dump(exclude_none=True)
    record_id = values.pop("id", None) or _anonymous_id(section, values)
    return Record(section, record_id, values, display, raw.line, dict(raw.key_lines), raw)


def _unreviewed(raw: LineDict, display: str, section: str, index: int, mark: Any) -> Problem:
    rule = mark.get("rule", "?") if isinstance(mark, dict) else "?"
    confidence = mark.get("confidence", "?") if isinstance(mark, dict) else "?"
    return Problem(display, raw.key_lines.get(CANDIDATE, raw.line), f"{section}[{index}].{CANDIDATE}",
                   "unreviewed-draft", f"unreviewed draft (rule {rule}, confidence {confidence}): review the record, "
                   "then delete this line to accept it or delete the record", record=str(raw.get("id") or ""))


def _default_source(section: str, payload: dict[str, Any], file_source: Any) -> None:
    """Records in an article file take the file's `source:` unless they name their own."""
    if section == "mentions":
        payload.setdefault("source", file_source)
    evidence = payload.get("evidence")
    if isinstance(evidence, list):
        payload["evidence"] = [
            {"source": file_source, **item} if isinstance(item, dict) and "source" not in item else item
            for item in evidence
        ]


def _anonymous_id(section: str, values: dict[str, Any]) -> str:
    # Mentions have no ID of their own: a span in a source identifies them.
    return f"{values['source']}-{section[:-1]}-{values['start']}-{values['end']}"


def _problem_of(err: Any, raw: LineDict, display: str, section: str, record_id: str) -> Problem:
    loc = [str(part) for part in err["loc"]]
    node: Any = raw
    line = raw.line
    for part in err["loc"]:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(str(part), line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = line_of(node, line)
        else:
            break
    rule = RULE_OF_PYDANTIC_ERROR.get(err["type"], err["type"])
    message = err["msg"]
    if rule == "unknown-field" and loc[-1] == "occurrence":  # kg anchor's hint (kg.facts.anchor), not a field
        message = "tells kg anchor which occurrence of the quote to anchor: run kg anchor --sources DIR"
    elif rule == "unknown-field":
        message = "is not a field of " + section
    elif rule == "required":
        message = "is required"
    elif err["type"] == "list_type":
        message = "takes a list of values"
    value = err.get("input")
    shown = str(value) if isinstance(value, str) else ""
    return Problem(display, line, ".".join(loc), rule, message, shown, record=record_id)
