"""`kg overrides import FILE`: overrides recorded live on the grid page, merged into facts/overrides.yaml.

The grid page (`viz/static/overrides.js`) keeps a facilitator's overrides in the browser and
exports them as a fact file that holds one section, ``overrides``, each record written one key
per line, so that a problem is reported at its line. Importing it:

1. reads the file as every fact file is read (strict YAML, one pydantic model per section), and
   refuses any section but ``overrides``;
2. leaves out records already in ``overrides.yaml`` with the same ID and the same values (the
   same export imported twice adds nothing), and refuses a record whose ID is there with other
   values;
3. appends the others, as the user wrote their values, to the text of ``overrides.yaml`` (its
   comments and records kept as they are), and validates the whole facts folder with that text
   in place (references, unique IDs, SHACL's ``score-range`` …), in a temporary copy;
4. only when nothing is wrong, replaces ``overrides.yaml`` in one step (`kg.files.replacing_file`).

Problems name the imported file, the line of the record's field, the field and the rule; the
facts folder is then left as it was, and the imported file is never changed.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InvalidData, Problem, UsageError
from kg.facts.loader import Record, display_path, read_fact_file
from kg.facts.model import Model, load_model
from kg.facts.yamlio import LineDict
from kg.files import replacing_file
from kg.pipeline import run

SECTION = "overrides"
FILE_NAME = "overrides.yaml"
HEADER = """# Facilitators' overrides of the power/interest grid (`kg stakeholders`), one per decision, with who
# made it, when and why, and the scores before and after (0-10). `kg overrides import FILE` adds the
# overrides a facilitator recorded on the grid page.

"""
_EMPTY_LIST = re.compile(r"^(overrides:)\s*\[\s*\]\s*(#.*)?$")
_PLAIN = re.compile(r"^(-?\d+(\.\d+)?|\d{4}-\d{2}-\d{2})$")


@dataclass
class Imported:
    """What an import did: the IDs it added to overrides.yaml, and those that were there already."""

    path: Path
    added: list[str]
    already: list[str]


def import_overrides(file: Path, facts_dir: Path, *, sources_dir: Path | None = None) -> Imported:
    """Merge the overrides of `file` into `facts_dir`/overrides.yaml, validated with every fact; raises
    InvalidData (with every problem found) or UsageError, and then writes nothing."""
    model = load_model()
    target = facts_dir / FILE_NAME
    if not file.is_file():
        raise UsageError(f"overrides file not found: {file}")
    if not facts_dir.is_dir():
        raise UsageError(f"facts folder not found: {facts_dir}")
    if target.exists() and file.resolve() == target.resolve():
        raise UsageError(f"{file} is the facts folder's own {FILE_NAME}; import the file the grid page exported")
    shown = display_path(file)
    data, records, problems = read_fact_file(file, model, shown)
    problems += _structure(data, shown)
    if problems:
        raise InvalidData(sorted(set(problems)))
    existing_text, existing = _existing(target, model)
    new, already = [], []
    for record in records:
        before = existing.get(record.id)
        if before is None:
            new.append(record)
        elif before.values == record.values:
            already.append(record.id)
        else:
            problems.append(record.problem(record.line_for("id"), "id", "unique-id",
                                           f"is already in {display_path(target)} (line {before.line}) with other "
                                           "values; give this override a new id"))
    if problems:
        raise InvalidData(problems)
    if not new:
        return Imported(target, [], already)
    merged = _merged_text(existing_text, new, model)
    problems = _validate_in_place(merged, facts_dir, sources_dir, {r.id: r for r in new}, shown)
    if problems:
        raise InvalidData(problems)
    with replacing_file(target, encoding="utf-8") as handle:
        handle.write(merged)
    return Imported(target, [r.id for r in new], already)


def _structure(data: Any, shown: str) -> list[Problem]:
    if not isinstance(data, LineDict):
        return [] if data is None else [Problem(shown, 1, "", "file-structure", "an overrides file is a mapping "
                                                "with one section, overrides")]
    return [Problem(shown, data.key_lines[key], key, "file-structure",
                    f"an overrides file holds only the {SECTION} section")
            for key in data if key != SECTION]


def _existing(target: Path, model: Model) -> tuple[str, dict[str, Record]]:
    if not target.exists():
        return HEADER + f"{SECTION}:\n", {}
    data, records, problems = read_fact_file(target, model)
    if problems:  # import into a file that is broken already: say so first
        raise InvalidData(problems)
    text = target.read_text(encoding="utf-8")
    if isinstance(data, LineDict) and SECTION in data:
        if list(data)[-1] != SECTION:
            raise UsageError(f"{display_path(target)}: the {SECTION} section must come last for an import to "
                             "add to it")
        lines = text.split("\n")
        at = data.key_lines[SECTION] - 1
        if match := _EMPTY_LIST.match(lines[at]):
            lines[at] = match.group(1) + (f"  {match.group(2)}" if match.group(2) else "")
            text = "\n".join(lines)
    else:
        text = text + ("" if text.endswith("\n") or not text else "\n") + f"{SECTION}:\n"
    if not text.endswith("\n"):
        text += "\n"
    return text, {r.id: r for r in records if r.section == SECTION}


def _merged_text(text: str, records: list[Record], model: Model) -> str:
    order = [f.key for f in model.sections[SECTION].fields]
    for record in records:
        raw = record.raw
        keys = ["id"] + [key for key in order if key != "id" and key in raw]
        keys += [key for key in raw if key not in keys]
        lines = [f"  - {keys[0]}: {_scalar(raw[keys[0]])}"] + [f"    {key}: {_scalar(raw[key])}" for key in keys[1:]]
        text += "\n".join(lines) + "\n"
    return text


def _scalar(value: Any) -> str:
    """A value as the user wrote it: numbers and dates plain, any other text double-quoted with JSON's escapes
    (a subset of YAML's), so that no text can start a new key or record."""
    text = str(value)
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def _validate_in_place(merged: str, facts_dir: Path, sources_dir: Path | None, new: dict[str, Record],
                       shown: str) -> list[Problem]:
    """Every problem of the facts folder with the merged overrides.yaml in it, those of the new records
    located in the imported file."""
    with tempfile.TemporaryDirectory(prefix="kg-overrides-") as tmp:
        copy = Path(tmp) / "facts"
        shutil.copytree(facts_dir, copy)
        (copy / FILE_NAME).write_text(merged, encoding="utf-8")
        outcome = run(copy, sources_dir)
        copy_shown, facts_shown = display_path(copy), display_path(facts_dir)
        problems = []
        for problem in outcome.problems:
            record = new.get(problem.record)
            if record is not None and problem.file == display_path(copy / FILE_NAME):
                key = problem.field.split(".")[0]
                problems.append(Problem(shown, record.key_lines.get(key, record.line), problem.field, problem.rule,
                                        problem.message, problem.value, problem.severity, problem.record))
            else:
                where = problem.file.replace(copy_shown, facts_shown, 1)
                problems.append(Problem(where, problem.line, problem.field, problem.rule, problem.message,
                                        problem.value, problem.severity, problem.record))
        return sorted(set(problems))
