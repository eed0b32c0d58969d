"""The validation and build pipeline that the CLI and notebooks call."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.checks import check_against_sources, check_identity, check_texts, references
from kg.conflicts import conflict_flags
from kg.errors import Problem, UsageError
from kg.loader import Record, load_facts
from kg.model import Model, load_model
from kg.rdfbuild import build_dataset
from kg.shacl import shacl_problems


@dataclass
class Outcome:
    """What validation found: the records, their RDF, the problems and notes for the user."""

    records: list[Record]
    dataset: Dataset
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    model: Model | None = None

    @property
    def valid(self) -> bool:
        return not self.problems


def run(facts_dir: Path, sources_dir: Path | None = None) -> Outcome:
    """Load, check and build. Never raises for bad data: problems are in the outcome."""
    model = load_model()
    if sources_dir is not None and not sources_dir.is_dir():
        raise UsageError(f"sources folder not found: {sources_dir}")
    facts = load_facts(facts_dir, model)
    problems = list(facts.problems)
    notes = []
    problems += check_identity(facts, model)
    problems += check_texts(facts, model)
    if sources_dir is None:
        notes.append("no --sources folder given: evidence spans were not checked against the source texts")
    else:
        problems += check_against_sources(facts, model, sources_dir)
    records = facts.records + conflict_flags(facts.records)
    dataset = build_dataset(records, model)
    # SHACL restates what the checks above found (an unknown reference also fails sh:class),
    # so its results for records already reported are left out.
    # Likewise for records that refer to a record which failed its own checks.
    reported = {p.record for p in problems if p.record}
    reported |= {r.id for r in facts.records
                 if any(ref in facts.broken_ids for _, ref, _, _ in references(r, model))}
    by_id = {r.id: r for r in records}
    problems += [p for p in shacl_problems(dataset, model, by_id) if p.record not in reported]
    return Outcome(records, dataset, sorted(set(problems)), notes, model)
