"""`kg overrides import`: a thin command over kg.overrides (overrides recorded on the grid page)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import facts_option, out, reports_errors, sources_option


@click.group()
def overrides() -> None:
    """Facilitators' overrides of the power/interest grid (facts/overrides.yaml).

    Example:

        kg overrides import kg-overrides-2024-08-01.yaml --facts facts
    """


@overrides.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@facts_option
@sources_option
@reports_errors
def import_command(file: Path, facts_dir: Path, sources_dir: Path | None) -> None:
    """Merge an overrides file exported from the grid page into facts/overrides.yaml.

    The file is validated like every fact file, together with all the facts: problems are listed
    as file:line: field: message [rule], and then nothing is written (exit 1). Overrides already
    in overrides.yaml with the same values are left out, so importing the same file twice adds
    nothing. Rebuild afterwards (kg build, then kg workshop) to see them on the grid.

    Example:

        kg overrides import ~/Downloads/kg-overrides-2024-08-01.yaml --facts facts
    """
    from kg.overrides import import_overrides

    done = import_overrides(file, facts_dir, sources_dir=sources_dir)
    if done.added:
        out.print(f"added {len(done.added)} override(s) to {done.path}: {', '.join(done.added)}", markup=False)
    if done.already:
        out.print(f"already in {done.path}, left as they are: {', '.join(done.already)}", markup=False)
    if not done.added and not done.already:
        out.print(f"the file holds no override; {done.path} is unchanged", markup=False)
