"""`kg push`: load the built graph into a SPARQL 1.1 server, replacing the previous push in one step."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import build_option, out, reports_errors
from kg.errors import UsageError
from kg.progress import terminal_steps


@click.command()
@click.option("--endpoint", required=True, envvar="KG_ENDPOINT", metavar="URL",
              help="The server's SPARQL query endpoint (env KG_ENDPOINT), e.g. http://localhost:7878/query (Oxigraph) "
                   "or http://localhost:8890/sparql (Virtuoso).")
@click.option("--update-endpoint", "update_url", metavar="URL",
              help="Its update endpoint. Default: …/query → …/update; …/sparql → …/sparql-auth with "
                   "--user (Virtuoso); otherwise the --endpoint URL.")
@click.option("--graph", metavar="IRI", help="Put every triple into this one named graph (and replace only it).")
@build_option
@click.option("--user", envvar="KG_USER", help="User name for the server's HTTP Digest or Basic login (env KG_USER).")
@click.option("--password", envvar="KG_PASSWORD",
              help="Password for --user (env KG_PASSWORD; safer than the command line).")
@click.option("--store-endpoint", "store_url", metavar="URL",
              help="Its Graph Store Protocol endpoint. Default: …/query → …/store (Oxigraph); …/sparql → "
                   "…/sparql-graph-crud-auth with --user, …/sparql-graph-crud without (Virtuoso).")
@click.option("--upload", type=click.Choice(["auto", "quads", "triples", "update"]), default="auto", show_default=True,
              help="How to send the triples: N-Quads or N-Triples by the Graph Store Protocol, or INSERT DATA; "
                   "auto takes the first the server accepts, in that order.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Triples per upload request. Default: 100,000 by the Graph Store Protocol, 1,000 by INSERT DATA "
                   "(stock Virtuoso refuses more than about 1,400).")
@click.option("--swap", type=click.Choice(["auto", "one-operation", "one-request", "graph-by-graph"]), default="auto",
              show_default=True,
              help="How the new graphs replace the old: auto is one-request on Oxigraph (one transaction), "
                   "one-operation elsewhere up to 100,000 triples (atomic), graph-by-graph above (not atomic).")
@reports_errors
def push(endpoint: str, update_url: str | None, graph: str | None, build_dir: Path, user: str | None,
         password: str | None, store_url: str | None, upload: str, chunk_size: int | None, swap: str) -> None:
    """Load the built graph into a SPARQL 1.1 server, replacing what the previous push put there.

    The build's named graphs keep their IRIs; kg graphs on the server that the build no longer has
    are deleted. The new graphs are uploaded beside the old ones and then swapped in, so a failed
    upload leaves the old graphs as they were; the swap is atomic on Oxigraph, and on other servers
    up to 100,000 triples (see --swap).

    Example:

        kg push --endpoint http://localhost:8890/sparql --user dba --password dba
    """
    from kg.server.push import push as push_build

    if user is not None and password is None:
        raise UsageError("--user needs --password (or the KG_PASSWORD environment variable)")
    with terminal_steps() as steps:
        report = push_build(build_dir, endpoint, graph=graph, update_url=update_url, user=user,
                            password=password, store_url=store_url, upload=upload, chunk_triples=chunk_size,
                            swap=swap, steps=steps)
    out.print(f"pushed {report.triples} triples in {len(report.graphs)} graph(s) to {report.update_url} "
              f"in {report.seconds:.1f} s (upload: {report.upload}; swap: {report.swap})", markup=False)
