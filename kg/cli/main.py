"""The `kg` command: a thin layer over kg.pipeline and friends.

Exit codes: 0 success or valid, 1 invalid data, 2 usage or I/O error.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import add_data_row, err, facts_option, out, reports_errors, sources_option
from kg.errors import InvalidData
from kg.progress import NO_PROGRESS, Steps, terminal_steps

if TYPE_CHECKING:
    from kg.pipeline import Outcome
    from kg.stats import Stats

# The commands that live in their own modules, imported only when run (or listed by `kg --help`):
# `kg query` and `kg ask` then start without the build's validation stack (pySHACL, rdflib,
# pydantic), networkx or the views. Name -> module and attribute.
LAZY_COMMANDS = {
    "query": ("kg.cli.query", "query"), "questions": ("kg.cli.query", "list_questions"),
    "ask": ("kg.cli.query", "ask_question"), "serve": ("kg.cli.serve", "serve"), "push": ("kg.cli.push", "push"),
    "network": ("kg.cli.network", "network"), "export": ("kg.cli.network", "export"),
    "viz": ("kg.cli.viz", "viz_command"), "synth": ("kg.cli.synth", "synth"),
    "stakeholders": ("kg.cli.stakeholders", "stakeholders"), "workshop": ("kg.cli.stakeholders", "workshop"),
    "overrides": ("kg.cli.overrides", "overrides"), "draft": ("kg.cli.draft", "draft"),
}


class LazyGroup(click.Group):
    """A group whose commands in LAZY_COMMANDS are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

# --shacl -> (quads up to which SHACL takes the whole graph at once, records sampled per section above)
SHACL_MODES: dict[str, tuple[int | None, int | None]] = {
    "auto": (None, None), "full": (None, sys.maxsize), "sample": (-1, None)}

shacl_option = click.option(
    "--shacl", type=click.Choice(list(SHACL_MODES)), default="auto", show_default=True,
    help="SHACL on every record (full; in batches on a large graph, which takes minutes per million "
         "triples), on a fixed sample per section (sample), or every record up to KG_SHACL_FULL_LIMIT "
         "quads and a sample above (auto).")


def _checked(facts_dir: Path, sources_dir: Path | None, shacl: str = "auto", steps: Steps = NO_PROGRESS) -> Outcome:
    from kg.pipeline import run

    limit, sample = SHACL_MODES[shacl]
    outcome = run(facts_dir, sources_dir, steps=steps, shacl_limit=limit, shacl_sample=sample)
    notes = list(outcome.notes)
    if not outcome.valid and outcome.shacl and outcome.shacl.mode == "sampled":
        notes.append(f"{outcome.shacl.describe()}; other records may break a SHACL rule too")
    for note in notes:
        err.print(f"note: {note}", markup=False)
    if not outcome.valid:
        raise InvalidData(outcome.problems)
    return outcome


@click.group(cls=LazyGroup)
@click.version_option(package_name="kg")
def main() -> None:
    """kg: the BPJS Ketenagakerjaan stakeholder knowledge graph, traced to its sources."""


@main.command()
@facts_option
@sources_option
@shacl_option
@reports_errors
def validate(facts_dir: Path, sources_dir: Path | None, shacl: str) -> None:
    """Check the facts against the model and the sources, writing nothing.

    Example:

        kg validate --facts facts --sources ../shared/seeds
    """
    with terminal_steps() as steps:
        outcome = _checked(facts_dir, sources_dir, shacl, steps)
    out.print(f"valid: {len(outcome.records)} records, {outcome.quads.triple_count} triples", markup=False)
    assert outcome.shacl is not None
    out.print(outcome.shacl.describe(), markup=False)


@main.command()
@facts_option
@sources_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Output folder; replaced as a whole, and only when the build succeeds.")
@shacl_option
@reports_errors
def build(facts_dir: Path, sources_dir: Path | None, out_dir: Path, shacl: str) -> None:
    """Validate the facts and write the graph as N-Quads, an Oxigraph store, N-Triples, Turtle, TriG and JSON-LD.

    Example:

        kg build --facts facts --sources ../shared/seeds --out build
    """
    from kg.files import write_atomically
    from kg.output import summary
    from kg.pipeline import build_files

    with terminal_steps() as steps:
        outcome = _checked(facts_dir, sources_dir, shacl, steps)
        assert outcome.model is not None and outcome.shacl is not None
        # Writing needs the quads, not the records: at a national scale they are hundreds of megabytes
        # that the store's load reuses. Likewise the quads once kg.nq and kg.nt are written (release).
        records = len(outcome.records)
        outcome.records.clear()
        written = write_atomically(out_dir, build_files(outcome.quads, outcome.model, steps=steps, release=True),
                                   steps=steps)
    out.print(f"built {records} records, {outcome.quads.triple_count} triples "
              f"({len(outcome.quads)} quads); wrote:", markup=False)
    for line in summary(written, outcome.quads, out_dir):
        out.print(f"  {line}", markup=False)
    out.print(outcome.shacl.describe(), markup=False)


@main.command()
@facts_option
@sources_option
@reports_errors
def stats(facts_dir: Path, sources_dir: Path | None) -> None:
    """Counts by class, facts per source, and every disagreement flagged.

    Example:

        kg stats --facts facts
    """
    from kg.stats import graph_stats

    show_stats(graph_stats(_checked(facts_dir, sources_dir).quads))


def show_stats(result: Stats) -> None:
    """The counts as tables; titles and names from the graph are printed as plain text."""
    from rich.table import Table
    for title, columns, rows in (
        ("Resources by class", ("class", "count"), result.by_class),
        ("Facts per source", ("source", "title", "facts"), result.per_source),
        ("Disagreements", ("flag", "kind", "origin", "claims (sources)", "reason"), result.flags),
    ):
        table = Table(title=title)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            add_data_row(table, row)
        out.print(table)
    out.print(f"{result.triples} triples", markup=False)


@main.command()
@facts_option
@click.option("--sources", "sources_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of source texts.")
@reports_errors
def anchor(facts_dir: Path, sources_dir: Path) -> None:
    """Fill in start/end of evidence quotes: where they occur once, by `occurrence: N`, or by context.

    A quote that occurs several times is placed nearest the record's other evidence (else the nearest
    records'); the file keeps its comments and layout.

    Example:

        kg anchor --facts facts --sources ../shared/seeds
    """
    from kg.facts.anchor import anchor as fill

    report = fill(facts_dir, sources_dir)
    for line in report.filled:
        out.print(f"filled {line}", markup=False)
    for line in report.unresolved:
        err.print(f"unresolved {line}", markup=False)
    out.print(f"{len(report.filled)} span(s) filled, {len(report.unresolved)} left to do by hand", markup=False)
    if report.unresolved:
        sys.exit(1)


@main.command()
@click.option("--markdown", is_flag=True, help="Write the Markdown reference kept in docs/schema.md.")
@reports_errors
def schema(markdown: bool) -> None:
    """List the fact-file sections, their keys and allowed values, as the shapes define them.

    Example:

        kg schema --markdown > docs/schema.md
    """
    from kg.facts.model import load_model
    from kg.rdf.schemadoc import schema_lines

    for line in schema_lines(load_model(), markdown=markdown):
        out.print(line, markup=False)
