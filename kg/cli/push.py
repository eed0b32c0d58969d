"""`kg push`: load the built graph into a SPARQL 1.1 server, replacing the previous push in one step."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import build_option, out, reports_errors
from kg.errors import UsageError
from kg.progress import terminal_steps
from kg.server.push import CHUNK_TRIPLES


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
@click.option("--chunk-size", type=click.IntRange(min=1), default=CHUNK_TRIPLES, show_default=True,
              help="Triples per upload request (stock Virtuoso refuses more than about 1,400).")
@reports_errors
def push(endpoint: str, update_url: str | None, graph: str | None, build_dir: Path, user: str | None,
         password: str | None, chunk_size: int) -> None:
    """Load the built graph into a SPARQL 1.1 server, replacing what the previous push put there.

    The build's named graphs keep their IRIs; kg graphs on the server that the build no longer has
    are deleted. The new graphs are uploaded beside the old ones and swapped in by one update request,
    so a failed push leaves the old graphs as they were.

    Example:

        kg push --endpoint http://localhost:8890/sparql --user dba --password dba
    """
    from kg.server.push import push as push_build

    if user is not None and password is None:
        raise UsageError("--user needs --password (or the KG_PASSWORD environment variable)")
    with terminal_steps() as steps:
        report = push_build(build_dir, endpoint, graph=graph, update_url=update_url, user=user,
                            password=password, chunk_triples=chunk_size, steps=steps)
    out.print(f"pushed {report.triples} triples in {len(report.graphs)} graph(s) to {report.update_url} "
              f"in {report.seconds:.1f} s", markup=False)
