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
@click.option("--html", "html", is_flag=False, flag_value="", default=None, metavar="[FILE]",
              help="Also write the review page: the article with every drafted span highlighted beside the records "
                   "(default FILE: beside the draft, <name>.review.html).")
@reports_errors
def draft(article: Path, facts_dir: Path, source_id: str | None, out_file: Path | None, html: str | None) -> None:
    """Draft a fact file from ARTICLE (a UTF-8 text): every record a candidate to review.

    Example:

        kg draft ../shared/seeds/005_x.txt --out facts/articles/s005.yaml --html
    """
    from kg.draft.engine import draft_article, write_draft

    if html == "" and out_file is None:
        raise click.UsageError("--html without a FILE writes the page beside the draft: give --out FILE too, "
                               "or --html FILE")
    result = draft_article(article, facts_dir, source_id)
    text = write_draft(result, out_file)
    if html is not None:
        from viz.review import beside, write_review_text

        target = Path(html) if html else beside(out_file or Path("draft.yaml"))
        display = out_file.name if out_file is not None else "draft.yaml"
        page = write_review_text(article, text, display, target)
        err.print(f"review page: {page}", markup=False)
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
