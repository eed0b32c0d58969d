"""`kg push` at scale: a synthetic build of 10^5 triples into real servers with stock settings.

Stock Virtuoso refuses an INSERT DATA above some 1,400 triples and aborts one update operation longer
than 60 s; at this size (200,000 triples with the union graph) the push uploads by the Graph Store
Protocol and writes graph by graph. The counts and a named question must then agree with the embedded
store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.bench.servers import Server
from kg.cli.main import main
from kg.questions.named import ask
from kg.store.backends import open_store
from kg.synth.generate import synthesize
from tests.test_store_backends import answer_set

KG_QUADS = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/bpjs-kg/graph/')) }")
UPLOADS = {"oxigraph": "upload: quads; swap: graph-by-graph", "virtuoso": "upload: triples; swap: graph-by-graph"}


@pytest.fixture(scope="module")
def synth_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("push-scale")
    # kg synth counts the ontology in its budget (its facts shrink as the ontology grows): a little over 10^5, so
    # that the build keeps more than 100,000 quads whatever terms the ontology gains
    synthesize(folder / "facts", triples=101_000)
    build = folder / "build"
    result = CliRunner().invoke(main, ["build", "--facts", str(folder / "facts"), "--sources",
                                       str(folder / "facts" / "sources"), "--out", str(build)])
    assert result.exit_code == 0, result.output
    return build


@pytest.mark.parametrize("name", ["virtuoso", "oxigraph"])
def test_a_hundred_thousand_triples_arrive_and_answer_as_the_embedded_store(name: str, synth_build: Path,
                                                                             request: pytest.FixtureRequest) -> None:
    server: Server = request.getfixturevalue(f"{name}_server")
    login = ["--user", server.user, "--password", server.password or ""] if server.user else []
    result = CliRunner().invoke(main, ["push", "--endpoint", server.query_url, "--build", str(synth_build), *login])
    assert result.exit_code == 0, result.output
    assert UPLOADS[name] in result.output, result.output
    quads = sum(1 for _ in (synth_build / "kg.nq").open(encoding="utf-8"))
    triples = sum(1 for _ in (synth_build / "kg.nt").open(encoding="utf-8"))
    assert quads > 100_000 and f"pushed {quads + triples} triples" in result.output, result.output

    embedded = open_store(synth_build, "oxigraph-disk")
    remote = open_store(synth_build, "remote", endpoint=server.query_url)
    assert int(remote.select(KG_QUADS)[0]["n"]) == quads
    assert int(remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]) == triples  # graph:all
    [agency] = embedded.select("SELECT ?v WHERE { ?v a kg:Agency }")
    params = {"organisation": str(agency["v"]).rsplit("/", 1)[-1]}
    expected = answer_set(ask(embedded, "offices-under", params).records())
    assert len(expected) > 100  # the 11 regional offices and 130 branches, at least
    assert answer_set(ask(remote, "offices-under", params).records()) == expected
