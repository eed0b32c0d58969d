"""The validation and build pipeline that the CLI and notebooks call.

It composes the stages: facts are loaded and checked (kg.facts), turned into quads and checked
against the shapes (kg.rdf), and a build's folder is the RDF files and store (kg.output) with
the interactive views (viz) beside them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset

from kg.errors import Problem, UsageError
from kg.facts.checks import check_against_sources, check_identity, check_mentions, check_texts, references
from kg.facts.loader import FactSet, Record, load_facts
from kg.facts.model import Model, load_model
from kg.facts.rules import derived_flags
from kg.output import render_files, writes_views
from kg.progress import NO_PROGRESS, Steps
from kg.rdf.build import build_quads
from kg.rdf.quads import Quads
from kg.rdf.shacl import ShaclRun, check_shapes


@dataclass
class Outcome:
    """What validation found: the records, their RDF, the problems and notes for the user."""

    records: list[Record]
    quads: Quads
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    model: Model | None = None
    shacl: ShaclRun | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @cached_property
    def dataset(self) -> Dataset:
        """The quads in an rdflib Dataset, made on first use: fine for the seed facts, slow at a million quads."""
        return self.quads.dataset()


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Loading allocates millions of small containers and frees none: Python's cycle collector
    would walk all of them again and again (a third of the time at a million triples) to find
    no cycle. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(facts_dir: Path, sources_dir: Path | None = None, *, steps: Steps = NO_PROGRESS,
        shacl_limit: int | None = None, shacl_sample: int | None = None) -> Outcome:
    """Load, check and build. Never raises for bad data: problems are in the outcome.

    SHACL runs on every record up to `shacl_limit` quads and on a sample of `shacl_sample`
    records per section above it (see kg.rdf.shacl for the defaults and the rule).
    """
    model = load_model()
    if sources_dir is not None and not sources_dir.is_dir():
        raise UsageError(f"sources folder not found: {sources_dir}")
    with _without_cycle_collection():  # not around SHACL: rdflib's graphs do hold cycles
        facts = load_facts(facts_dir, model, steps=steps)
        model = facts.model or model  # extended by the facts' vocabulary records
        outcome = _checked(facts, model, sources_dir, steps)
    shacl = check_shapes(outcome.records, outcome.quads, model, full_limit=shacl_limit, sample_size=shacl_sample,
                         steps=steps)
    # SHACL restates what the checks above found (an unknown reference also fails sh:class),
    # so its results for records already reported are left out.
    # Likewise for records that refer to a record which failed its own checks.
    reported = {p.record for p in outcome.problems if p.record}
    if facts.broken_ids:
        reported |= {r.id for r in facts.records
                     if any(ref in facts.broken_ids for _, ref, _, _ in references(r, model))}
    problems = outcome.problems + [p for p in shacl.problems if p.record not in reported]
    return Outcome(outcome.records, outcome.quads, sorted(set(problems)), outcome.notes, model, shacl)


def _checked(facts: FactSet, model: Model, sources_dir: Path | None, steps: Steps) -> Outcome:
    """Everything but SHACL: the file-by-file checks, the checks across records, and the quads."""
    problems = list(facts.problems)
    notes = []
    with steps.step("checking references and evidence"):
        problems += check_identity(facts, model)
        problems += check_texts(facts, model)
        problems += check_mentions(facts, model)
        if sources_dir is None:
            notes.append("no --sources folder given: evidence spans were not checked against the source texts")
        else:
            problems += check_against_sources(facts, model, sources_dir)
        records = facts.records + derived_flags(facts.records, model)
    return Outcome(records, build_quads(records, model, steps=steps), problems, notes, model)


def build_files(quads: Quads, model: Model, *, steps: Steps = NO_PROGRESS,
                release: bool = False) -> dict[str, Callable[[Path], None]]:
    """The build folder's files: the RDF, the store and the ontology (kg.output), and the interactive
    views (viz/) up to the size kg.output.writes_views allows, made from the same N-Quads as kg.nq.
    With `release`, the quads are let go once their files are written (kg.output.render_files)."""
    files = render_files(quads, model, steps=steps, release=release)
    if writes_views(quads):
        from kg.store.graphstore import GraphStore
        from viz.site import site_files  # only here: validating needs no views, and viz is slow to import

        views = site_files(GraphStore.from_nquads(quads.nquads()))
        files.update({f"viz/{name}": write for name, write in views.items()})
    return files
