"""`kg stakeholders`: a thin command over kg.stakeholders, kg.grid and kg.workbook."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cliutil import build_option, out, reports_errors
from kg.stakeholders import parse_as_of
from kg.store import GraphStore


@click.command()
@build_option
@click.option("--region", default=None, help="Only actors tied to this region or a region within it (ID or name).")
@click.option("--as-of", "as_of", default=None,
              help="Posts held on this date (YYYY-MM-DD or e.g. '9 Juli 2024'); facts dated later are left out.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Output folder; replaced as a whole, and only when everything was written.")
@reports_errors
def stakeholders(build_dir: Path, region: str | None, as_of: str | None, out_dir: Path) -> None:
    """Write the stakeholder register, the pledge tracker and the power/interest grid.

    register.csv and register.xlsx (one sheet per section, with the evidence behind every
    score), tracker.csv, and grid.png / grid.svg. Facilitators' overrides from
    facts/overrides.yaml are shown beside the derived placement, never instead of it.

    Example:

        kg stakeholders --region Sumsel --as-of 2024-07-09 --out build/stakeholders
    """
    from kg.workbook import write_outputs

    day = parse_as_of(as_of) if as_of else None
    written = write_outputs(GraphStore.from_build(build_dir), out_dir, region=region, as_of=day)
    out.print("wrote:", markup=False)
    for path in written:
        out.print(f"  {path}  ({path.stat().st_size:,} bytes)", markup=False)
