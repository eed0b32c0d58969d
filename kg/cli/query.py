"""`kg query`, `kg questions` and `kg ask`: SPARQL and named questions over the built graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import add_data_row, err, graph_options, out, reports_errors
from kg.errors import UsageError
from kg.questions.named import Question, ask, question, questions
from kg.store.backends import StoreChoice
from kg.store.graphstore import GRAPH_FORMATS, RESULT_FORMATS, GraphStore, QueryResult, Term, compact
from kg.text import visible

FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table, csv, tsv, json or xml for SELECT/ASK (W3C results formats); turtle, jsonld or ntriples for "
         "CONSTRUCT/DESCRIBE (the table format shows a graph as Turtle).")


def read_query(text: str) -> str:
    """The query itself, `@file.rq` for a file, or `-` for standard input."""
    if text == "-":
        return _utf8(sys.stdin.buffer.read(), "standard input")
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return _utf8(path.read_bytes(), str(path))
        except OSError as exc:
            raise UsageError(f"cannot read the query file {path}: {exc.strerror or exc}") from None
    return text


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UsageError(f"{name}:{line}: the query is not UTF-8 (byte {data[exc.start]:#04x} at offset "
                         f"{exc.start})") from None


def emit(result_source: GraphStore, sparql: str, fmt: str, bindings: dict[str, Term] | None = None) -> None:
    """Print the answer: a table for people, or a standard format for programs."""
    if fmt != "table":
        data = result_source.serialize(sparql, fmt, bindings)
        if sys.stdout.isatty():
            # Someone is reading it: control characters from the data are shown as escapes, which also keeps
            # them from steering the terminal. Piped or redirected, the bytes are the format's own, untouched.
            data = visible(data.decode("utf-8", errors="replace"), keep_crlf=True).encode()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    show_table(result_source.query(sparql, bindings))


def show_table(result: QueryResult) -> None:
    if result.kind == "ask":
        out.print("true" if result.boolean else "false", markup=False)
        return
    if result.kind == "graph":
        from pyoxigraph import RdfFormat, serialize

        from kg.store.graphstore import PREFIX_MAP
        text = serialize(result.triples or [], format=RdfFormat.TURTLE, prefixes=PREFIX_MAP) or b""
        out.print(text.decode(), markup=False, end="")
        err.print(f"({len(result.triples or [])} triples)", markup=False)
        return
    cells = [[visible(compact(term)) for term in row] for row in result.rows]  # widths as they will print
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(result.variables)]
    if sum(widths) + 3 * len(widths) + 1 <= out.width:
        from rich.table import Table

        table = Table()
        for name in result.variables:
            table.add_column(name, overflow="fold")
        for row in cells:
            add_data_row(table, row)
        out.print(table)
    else:
        # Too wide for the terminal: one block per row, one line per value, as psql's \x does.
        label_width = max(len(name) for name in result.variables)
        for number, row in enumerate(cells, 1):
            out.print(f"── row {number} " + "─" * max(0, min(out.width, 60) - 8 - len(str(number))), markup=False)
            for name, cell in zip(result.variables, row, strict=True):
                if cell:
                    out.print(f"{name.ljust(label_width)}  {cell}", markup=False)
    err.print(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})", markup=False)


@click.command()
@click.argument("query_text", metavar="QUERY")
@format_option
@graph_options
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses query other SPARQL endpoints (refused by default: kg works offline).")
@reports_errors
def query(query_text: str, fmt: str, graph: StoreChoice, allow_service: bool) -> None:
    """Run a SPARQL query (text, @file.rq, or - for stdin) against the built graph.

    The default graph holds each distinct triple once; GRAPH ?g { … } tells which
    sources state it. Prefixes such as kg:, id:, kgv:, org:, skos:, prov:, dcterms:
    and xsd: are predeclared. Hierarchies are transitive through property paths
    (org:subOrganizationOf+, kg:withinRegion*).

    Example:

        kg query 'SELECT ?post WHERE { id:muhyidin org:holds ?post }'
    """
    sparql = read_query(query_text)
    with graph.open(allow_service=allow_service) as store:
        emit(store, sparql, fmt)


@click.command(name="questions")
@click.argument("name", required=False)
@click.option("--sparql", is_flag=True, help="Also print the question's SPARQL.")
@reports_errors
def list_questions(name: str | None, sparql: bool) -> None:
    """List the named questions, or describe one.

    Example:

        kg questions post-holders --sparql
    """
    if name is None:
        from rich.table import Table

        table = Table()
        for column in ("name", "title", "parameters"):
            table.add_column(column, overflow="fold")
        for q in questions().values():
            add_data_row(table, (q.name, q.title, ", ".join(_param_text(q, p.name) for p in q.params) or "-"))
        out.print(table)
        return
    q = question(name)
    out.print(f"{q.name}: {q.title}\n\n{q.description}\n", markup=False)
    for p in q.params:
        out.print(f"  --param {_param_text(q, p.name)}  {p.description}", markup=False)
    out.print(f"\nExample:\n\n    {q.command()}", markup=False)
    if sparql:
        out.print(f"\n{q.query}", markup=False)


def _param_text(q: Question, name: str) -> str:
    p = next(p for p in q.params if p.name == name)
    kind = f"{p.type}:{p.scheme}" if p.scheme else p.type
    return f"{p.name}=<{kind}>" + (" (optional)" if p.optional else "")


@click.command(name="ask")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value; repeat for several. Entities by ID, name or alias.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many rows: one page, in the question's own order.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many rows first (with --limit: the next page).")
@format_option
@graph_options
@reports_errors
def ask_question(name: str, params: tuple[str, ...], limit: int | None, offset: int, fmt: str,
                 graph: StoreChoice) -> None:
    """Run a named question with parameters.

    Example:

        kg ask post-holders --param post=kakanwil-sumbagsel --param date=2024-07-09

    A question with thousands of rows, page by page:

        kg ask figures --limit 100 --offset 100
    """
    raw: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {item!r}: write KEY=VALUE")
        raw[key.strip()] = value
    q = question(name)  # an unknown name fails before the graph is loaded
    from kg.questions.named import prepare

    with graph.open() as store:
        if fmt == "table":
            result = ask(store, q.name, raw, limit=limit, offset=offset)
            show_table(result)
            if limit is not None and len(result.rows) == limit:
                err.print(f"(rows {offset + 1:,}-{offset + limit:,}; the next page: --offset {offset + limit})",
                          markup=False)
        else:
            text, bound = prepare(store, q.name, raw, limit=limit, offset=offset)
            emit(store, text, fmt, bound)
