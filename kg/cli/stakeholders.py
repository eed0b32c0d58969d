"""`kg stakeholders` and `kg workshop`: thin commands over kg.workshop (register, tracker, grid, workshop folder)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.cli.options import graph_options, out, reports_errors
from kg.stakeholders.register import parse_as_of
from kg.store.backends import StoreChoice


def session_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--build (and the other graph options), --region, --as-of, --out and --lang, shared by both commands."""
    for option in reversed((
        graph_options,
        click.option("--region", default=None,
                     help="Only actors tied to this region or a region within it (ID, name or alias)."),
        click.option("--as-of", "as_of", default=None,
                     help="Posts held on this date (YYYY-MM-DD or e.g. '9 Juli 2024'); facts dated later are left "
                          "out."),
        click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
                     help="Output folder; replaced as a whole, and only when everything was written."),
        click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
                     help="Language of grid.png and grid.svg: Bahasa Indonesia or English (the HTML pages open in "
                          "Bahasa Indonesia and switch in the browser)."),
    )):
        command = option(command)
    return command


@click.command()
@session_options
@reports_errors
def stakeholders(graph: StoreChoice, region: str | None, as_of: str | None, out_dir: Path, lang: str) -> None:
    """Write the stakeholder register, the pledge tracker and the power/interest grid.

    register.csv, register.xlsx (one sheet per section, with the evidence behind every score) and
    register.html; tracker.csv and tracker.html; grid.png, grid.svg and grid.html. Facilitators'
    overrides from facts/overrides.yaml are shown beside the derived placement, never instead of it.

    Example:

        kg stakeholders --region Sumsel --as-of 2024-07-09 --out build/stakeholders
    """
    from kg.workshop import write_stakeholders

    day = parse_as_of(as_of) if as_of else None
    with graph.open() as store:
        written = write_stakeholders(store, out_dir, region=region, as_of=day, lang=lang)
    out.print("wrote:", markup=False)
    for path in written:
        if path.parent.name != "assets":
            out.print(f"  {path}  ({path.stat().st_size:,} bytes)", markup=False)


@click.command()
@session_options
@reports_errors
def workshop(graph: StoreChoice, region: str | None, as_of: str | None, out_dir: Path, lang: str) -> None:
    """Write the workshop folder: everything a mapping session needs, working offline from a USB stick.

    index.html (the session, and how to read the grid and the scores), the register (HTML,
    XLSX, CSV), the grid (HTML, PNG, SVG), the tracker (HTML, CSV), and the graph views of the
    region: the network, the hierarchy, the network as of the date, the region's pages and the
    pages of its actors and articles. Open index.html from the folder in any browser.

    Example:

        kg workshop --region Sumsel --as-of 2024-07-09 --out sesi-sumsel
    """
    from kg.workshop import write_workshop

    day = parse_as_of(as_of) if as_of else None
    with graph.open() as store:
        written = write_workshop(store, out_dir, region=region, as_of=day, lang=lang)
    pages = sum(1 for path in written if path.suffix == ".html")
    out.print(f"wrote {len(written)} files ({pages} pages) into {out_dir.resolve()}", markup=False)
    out.print(f"open {(out_dir / 'index.html').resolve().as_uri()}", markup=False)
