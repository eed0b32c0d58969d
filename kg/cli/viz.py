"""`kg viz`: the interactive views of a built graph, as a folder of HTML pages (a thin command over viz.site)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_options, out, reports_errors
from kg.store.backends import StoreChoice


@click.command(name="viz")
@graph_options
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for the site [default: viz/ inside the build folder]; replaced as a whole, and only "
                   "when every page was written.")
@reports_errors
def viz_command(graph: StoreChoice, out_dir: Path | None) -> None:
    """Write the interactive views (whole network, hierarchy, regions, articles, actors, by date) as HTML.

    The pages work offline, from disk: open index.html in a browser. `kg build` writes the same
    site into build/viz/.

    Example:

        kg viz --build build --out /tmp/kg-views
    """
    from viz.site import write_site

    target = out_dir if out_dir is not None else graph.build_dir / "viz"
    with graph.open() as store:
        written = write_site(store, target)
    pages = sum(1 for path in written if path.suffix == ".html")
    out.print(f"wrote {pages} pages into {target.resolve()}", markup=False)
    out.print(f"open {(target / 'index.html').resolve().as_uri()}", markup=False)
