"""`kg draft`: a review-ready fact file from the text of a news article."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import err, facts_option, out, reports_errors


@click.command()
@click.argument("article", type=click.Path(path_type=Path))
@facts_option
@click.option("--id", "source_id", default=None,
              help="The new source's ID (default: the next sNNN after those in --facts).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="Write the draft to this file (replaced only when drafting succeeded); default: standard output.")
@reports_errors
def draft(article: Path, facts_dir: Path, source_id: str | None, out_file: Path | None) -> None:
    """Draft a fact file from ARTICLE (a UTF-8 text): every record a candidate to review.

    Example:

        kg draft ../shared/seeds/005_x.txt --out facts/articles/s005.yaml
    """
    from kg.draft.engine import draft_article, write_draft

    result = draft_article(article, facts_dir, source_id)
    text = write_draft(result, out_file)
    if out_file is None:
        click.echo(text, nl=False)
    else:
        counts: dict[str, int] = {}
        for candidate in result.candidates:
            counts[candidate.section] = counts.get(candidate.section, 0) + 1
        out.print(f"drafted {len(result.candidates)} candidate records into {out_file}: "
                  + ", ".join(f"{n} {s}" for s, n in counts.items()), markup=False)
        err.print("review every record, delete its `candidate:` line to accept it, then run kg validate",
                  markup=False)
