"""`kg query`, `kg questions`, `kg ask` and the Python API, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result

import kg
from kg.cli.main import main

ID = "https://w3id.org/bpjs-kg/id/"
HOLDS = "SELECT ?post WHERE { id:muhyidin org:holds ?post } LIMIT 1"
CONSTRUCT = "CONSTRUCT { id:muhyidin org:holds ?post } WHERE { id:muhyidin org:holds ?post }"


def invoke(build: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, [*args, "--build", str(build)], input=stdin)


def test_default_output_is_a_readable_table(seed_build: Path) -> None:
    result = invoke(seed_build, "query", HOLDS)
    assert result.exit_code == 0, result.output
    assert "id:kakanwil-sumbagsel" in result.output and "(1 row)" in result.output


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_in_each_w3c_results_format(seed_build: Path, fmt: str) -> None:
    result = invoke(seed_build, "query", "--format", fmt, HOLDS)
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        doc = json.loads(text)
        assert doc["head"]["vars"] == ["post"]
        assert doc["results"]["bindings"] == [{"post": {"type": "uri", "value": ID + "kakanwil-sumbagsel"}}]
    elif fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(text)
        assert root.find("r:head/r:variable", ns).get("name") == "post"  # type: ignore[union-attr]
        assert root.find("r:results/r:result/r:binding/r:uri", ns).text == ID + "kakanwil-sumbagsel"  # type: ignore[union-attr]
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text))) == [["post"], [ID + "kakanwil-sumbagsel"]]
    else:
        assert text.splitlines() == ["?post", f"<{ID}kakanwil-sumbagsel>"]


def test_ask_in_json_and_as_a_table(seed_build: Path) -> None:
    ask = "ASK { id:edward-chandra org:holds id:sekda-sumsel }"
    assert json.loads(invoke(seed_build, "query", "--format", "json", ask).stdout)["boolean"] is True
    assert invoke(seed_build, "query", ask).stdout.strip() == "true"


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("turtle", "turtle"), ("jsonld", "json-ld"),
                                                      ("ntriples", "nt"), ("table", "turtle")])
def test_construct_in_each_rdf_format(seed_build: Path, fmt: str, rdflib_format: str) -> None:
    result = invoke(seed_build, "query", "--format", fmt, CONSTRUCT)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format=rdflib_format)
    assert set(graph) == {(rdflib.URIRef(ID + "muhyidin"), rdflib.URIRef("http://www.w3.org/ns/org#holds"),
                           rdflib.URIRef(ID + "kakanwil-sumbagsel"))}


def test_a_format_that_does_not_fit_the_query_form_is_a_usage_error(seed_build: Path) -> None:
    result = invoke(seed_build, "query", "--format", "turtle", HOLDS)
    assert result.exit_code == 2 and "a SELECT or ASK answer takes one of" in result.output


def test_query_from_a_file_and_from_stdin(seed_build: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(HOLDS, encoding="utf-8")
    from_file = invoke(seed_build, "query", "--format", "csv", f"@{path}")
    from_stdin = invoke(seed_build, "query", "--format", "csv", "-", stdin=HOLDS)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout and "kakanwil-sumbagsel" in from_file.stdout
    missing = invoke(seed_build, "query", f"@{tmp_path / 'nope.rq'}")
    assert missing.exit_code == 2 and "cannot read the query file" in missing.output


def test_a_syntax_error_names_line_and_column_and_exits_2(seed_build: Path) -> None:
    result = invoke(seed_build, "query", "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert result.exit_code == 2
    assert "SPARQL syntax error at 3:2" in result.output and "Traceback" not in result.output


def test_a_missing_build_says_how_to_make_one(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nothing", "query", HOLDS)
    assert result.exit_code == 2 and "run `kg build` first" in result.output


def test_ask_runs_a_named_question_with_parameters(seed_build: Path) -> None:
    result = invoke(seed_build, "ask", "post-holders", "--param", "post=Kepala Kantor Wilayah BPJS Ketenagakerjaan "
                    "Sumbagsel", "-p", "date=2024-07-09", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    [row] = [r for r in rows if r["on_date"]["value"] == "known"]
    assert row["person"]["value"] == ID + "muhyidin" and row["tenure"]["value"] == "definitive"
    assert {r["on_date"]["value"] for r in rows} == {"known", "undated"}  # s001's undated holder is kept


def test_ask_pages_through_a_question_in_its_own_order(seed_build: Path) -> None:
    def figures(*paging: str) -> list[str]:
        result = invoke(seed_build, "ask", "figures", "--format", "csv", *paging)
        assert result.exit_code == 0, result.output
        return [line.split(",", 1)[0] for line in result.stdout.splitlines()[1:]]

    every = figures()
    assert len(every) > 4
    assert figures("--limit", "2") == every[:2]
    assert figures("--limit", "2", "--offset", "2") == every[2:4]
    assert figures("--offset", str(len(every) - 1)) == every[-1:]
    table = invoke(seed_build, "ask", "figures", "--limit", "2", "--offset", "2")
    assert "(rows 3-4; the next page: --offset 4)" in table.output


@pytest.mark.parametrize(("args", "message"), [
    (["ask", "who-is-who"], "No such question: 'who-is-who'"),
    (["ask", "post-holders", "-p", "person=Muhyidn"], "did you mean 'muhyidin'"),
    (["ask", "post-holders", "-p", "date"], "write KEY=VALUE"),
    (["ask", "network-on-date"], "'date' is required"),
    (["ask", "figures", "--limit", "0"], "--limit"),
    (["ask", "figures", "--offset", "-1"], "--offset"),
])
def test_ask_explains_what_is_wrong(seed_build: Path, args: list[str], message: str) -> None:
    result = invoke(seed_build, *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_questions_lists_and_describes(seed_build: Path) -> None:
    listing = CliRunner().invoke(main, ["questions"])
    assert listing.exit_code == 0 and "network-on-date" in listing.output and "acting-officials" in listing.output
    one = CliRunner().invoke(main, ["questions", "figures", "--sparql"])
    assert one.exit_code == 0 and "kg ask figures --param region=Sumsel --param measure=coverage-rate" in one.output
    assert "kg:withinRegion*" in one.output


def test_python_api(seed_build: Path) -> None:
    graph = kg.open_graph(seed_build)
    assert graph.resolve("EDWARD  chandra") == "edward-chandra"
    [row] = [r for r in graph.ask("post-holders", post="kakanwil-sumbagsel", date="2024-07-09")
             if r["on_date"] == "known"]
    assert row["person_name"] == "Muhyidin"
    found = graph.select("SELECT ?person ?name WHERE { ?person skos:prefLabel ?name }", name="Agus Fatoni")
    assert found == [{"person": ID + "agus-fatoni", "name": "Agus Fatoni"}]
    assert "post-holders" in graph.questions()


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_a_query_that_is_not_utf8_is_a_usage_error_not_a_traceback(seed_build: Path, tmp_path: Path, how: str) -> None:
    query = tmp_path / "bad.rq"
    query.write_bytes(b"SELECT ?s\nWHERE { ?s ?p \"caf\xe9\" }")
    result = (invoke(seed_build, "query", f"@{query}") if how == "file" else
              CliRunner().invoke(main, ["query", "-", "--build", str(seed_build)], input=query.read_bytes()))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert ":2: the query is not UTF-8 (byte 0xe9" in result.output


def test_a_service_that_answers_html_is_an_error_not_a_traceback(seed_build: Path) -> None:
    """Oxigraph reads a SERVICE answer lazily, so its RuntimeError came while the rows were read."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Html(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>not SPARQL</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Html)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        for fmt, query in (("table", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
                           ("csv", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
                           ("turtle", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")):
            result = invoke(seed_build, "query", "--allow-service", "--format", fmt, query)
            assert result.exit_code == 2, (fmt, result.output)
            assert isinstance(result.exception, SystemExit), (fmt, result.exception)
            assert "Unsupported Content-Type" in result.output and "text/html" in result.output
    finally:
        server.shutdown()
        server.server_close()
