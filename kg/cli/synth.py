"""`kg synth`: synthetic national-scale fact files, to try kg at size (a thin command over kg.synth.generate)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from kg.cli.options import err, out, reports_errors
from kg.synth.generate import DEFAULT_SEED, MAX_TRIPLES, synthesize


def _count(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """A whole number written as 1000000, 1_000_000 or 1e6."""
    match = re.fullmatch(r"(\d+)(?:[eE](\d{1,2}))?", value.strip().replace("_", ""))
    if not match:
        raise click.BadParameter(f"{value!r} is not a whole number (write 1000000, 1_000_000 or 1e6)")
    number = int(match[1] + "0" * int(match[2] or 0))
    if not 1 <= number <= MAX_TRIPLES:
        raise click.BadParameter(f"{number:,} is out of range: from 1 to {MAX_TRIPLES:,}")
    return number


def _many(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@click.command()
@click.option("--triples", metavar="N", callback=_count, required=True,
              help="About how many triples the built graph should have, e.g. 1e4, 1e5, 1e6 or 1e7.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write; replaced as a whole, and only when complete. A folder holding files "
                   "that kg synth did not write is refused.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="The same size and seed give byte-identical files.")
@reports_errors
def synth(triples: int, out_dir: Path, seed: int) -> None:
    """Write synthetic national-scale fact files, with their source texts, to try kg at size.

    Every size has the same national skeleton: 38 provinces, 514 regencies and cities, the
    agency with 11 regional and 130 branch offices (about 10,100 triples with the ontology;
    a smaller --triples gives the skeleton and one article). Articles, the officials they
    name, their figures, pledges and statements grow with --triples, which the built graph
    matches to within an article. All names are made up.

    Example:

    \b
        kg synth --triples 1e6 --out /tmp/synth
        kg build --facts /tmp/synth --sources /tmp/synth/sources --out /tmp/synth-build
    """
    summary = synthesize(out_dir, triples=triples, seed=seed)
    if triples < summary.skeleton:
        err.print(f"note: --triples {triples:,} is below the national skeleton ({summary.skeleton:,} triples with "
                  "the ontology); wrote the skeleton and one article", markup=False)
    out.print(f"wrote {summary.out}: {summary.files:,} files, {_many(summary.articles, 'article')} and "
              f"{_many(summary.reprints, 'reprint')} (their texts in {summary.out / 'sources'})", markup=False)
    width = max(len(section) for section in summary.records)
    for section, count in sorted(summary.records.items()):
        out.print(f"  {section:<{width}}  {count:>10,}", markup=False)
    out.print(f"expected triples: {summary.triples:,} (the national skeleton and the ontology: "
              f"{summary.skeleton:,}); build with", markup=False)
    out.print(f"  kg build --facts {summary.out} --sources {summary.out / 'sources'} --out BUILD", markup=False)
