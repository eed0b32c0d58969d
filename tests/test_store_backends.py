"""Every backend answers the same: the named questions, `kg query`, the network projection
and the views, on the embedded Oxigraph (memory and disk), rdflib, and remote servers.

The reference is the embedded Oxigraph in memory. Two differences between engines are
allowed, and normalised before comparing, because SPARQL leaves them open: the order of the
parts inside a GROUP_CONCAT, GROUP_CONCAT over no value at all ("" on rdflib, unbound on
Oxigraph), and the lexical form of a decimal (Oxigraph writes "50" for the stored "50.0").
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.bench.scale import answer_set
from kg.bench.servers import VIRTUOSO_REASON, Server, start_oxigraph, start_virtuoso
from kg.cli.main import main
from kg.namespaces import GRAPH, ID, UNION_GRAPH
from kg.network.projection import project
from kg.questions.named import ask, questions
from kg.server.push import push
from kg.store.backends import StoreChoice, open_store
from kg.store.graphstore import STORE_DIR, GraphStore, OxigraphStore
from tests.conftest import require
from viz.catalogue import read_catalogue
from viz.site import plan_site

# The example of every question, and a few more cases that exercise optional parameters.
EXTRA_CASES = [
    ("post-holders", {"person": "Muhyidin"}),
    ("post-holders", {"post": "kakanwil-sumbagsel"}),
    ("network-on-date", {"date": "2024-03-21"}),
    ("commitments", {"status": "deferred"}),
    ("figures", {"region": "Sumatera Selatan", "measure": "coverage-rate"}),
    ("acting-officials", {"tenure": "Pj"}),
]
CASES = [(name, {key: str(value) for key, value in (q.example or {}).items()}) for name, q in questions().items()]
CASES += EXTRA_CASES
LOCAL = ["oxigraph", "oxigraph-disk", "rdflib"]
# Where Virtuoso 7.2 answers differently, and why. Strict xfails: a case that starts to agree fails
# the run, so this list is kept true. Every other case, the projection and the views agree.
_SEPARATOR = "Virtuoso writes the non-ASCII GROUP_CONCAT separator ' … ' as '?'"
_BOOLEAN = "Virtuoso returns EXISTS(...) as the integer 0/1, not xsd:boolean"
# Queries Virtuoso 7.2 sometimes never answers (seen in about half of the runs since post-holders keeps
# undated holdings: the server sits idle until the client's 300 s timeout; not yet diagnosed).
VIRTUOSO_HANGS = {
    "post-holders-post-date": "Virtuoso 7.2 sometimes never answers post-holders with a post and a date",
}
VIRTUOSO_DEVIATIONS = {
    "acting-officials-": _SEPARATOR, "acting-officials-tenure": _SEPARATOR, "commitments-kind": _SEPARATOR,
    "citations-entity": _SEPARATOR,
    "source-facts-source": _SEPARATOR + "; and a summary of ' ' where Oxigraph has the title",
    "post-holders-post-date": _BOOLEAN, "post-holders-person": _BOOLEAN, "post-holders-post": _BOOLEAN,
    "entity-profile-entity": "FILTER NOT EXISTS inside a UNION branch does not exclude the mentions",
    "figures-region-measure0": "no rows at all (not yet diagnosed; kg:withinRegion* from a bound region?)",
    "figures-region-measure1": "no rows at all (not yet diagnosed; kg:withinRegion* from a bound region?)",
}
REMOTE = ["kg-serve", "oxigraph-server", "virtuoso"]


@pytest.fixture(scope="module")
def disk_build(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build with its on-disk store (made here if this build has none)."""
    if (seed_build / STORE_DIR / "CURRENT").is_file():
        return seed_build
    build = tmp_path_factory.mktemp("disk") / "build"
    shutil.copytree(seed_build, build)
    store = ox.Store(str(build / STORE_DIR))
    store.bulk_load(path=str(build / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=str(build / "kg.nt"), format=ox.RdfFormat.N_TRIPLES)  # the default graph
    store.flush()
    del store
    return build


@pytest.fixture(scope="module")
def reference(seed_build: Path) -> GraphStore:
    return open_store(seed_build, "oxigraph")


@pytest.fixture(scope="module", params=LOCAL + REMOTE)
def backend(request: pytest.FixtureRequest, disk_build: Path) -> Iterator[GraphStore]:
    if request.param == "kg-serve":
        endpoint = request.getfixturevalue("endpoint")
        store: GraphStore = open_store(disk_build, endpoint=endpoint.query_url)
    elif request.param in ("oxigraph-server", "virtuoso"):
        # A server of its own, so that the push tests, which replace graphs, cannot interfere.
        with _server(request.param) as server:
            push(disk_build, server.query_url, update_url=server.update_url, user=server.user,
                 password=server.password)
            with open_store(disk_build, endpoint=server.query_url) as remote:
                yield remote
        return
    else:
        store = open_store(disk_build, request.param)
    with store:
        yield store


def _server(name: str) -> Server:
    if name == "oxigraph-server":
        return start_oxigraph()
    require("virtuoso", VIRTUOSO_REASON)
    return start_virtuoso(cost_limit=0)  # its planner's guesses would refuse network-on-date


def test_each_backend_is_the_one_asked_for(backend: GraphStore, disk_build: Path) -> None:
    expected = {"RdflibStore": "rdflib", "RemoteStore": "remote", "OxigraphStore": "oxigraph"}
    assert backend.backend == expected[type(backend).__name__]
    kg_quads = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/bpjs-kg/graph/')) }")  # not Virtuoso's own graphs
    assert backend.select(kg_quads)[0]["n"] == len(open_store(disk_build, "oxigraph"))


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p)}" for n, p in CASES])
def test_named_questions_agree_with_the_embedded_store(backend: GraphStore, reference: GraphStore,
                                                       name: str, params: dict[str, str],
                                                       request: pytest.FixtureRequest) -> None:
    case = request.node.callspec.id.split("-", 1)[1]
    if request.node.callspec.params["backend"] == "virtuoso" and case in VIRTUOSO_HANGS:
        pytest.xfail(VIRTUOSO_HANGS[case])  # not sent: a hung query would hold the run for the client's timeout
    if request.node.callspec.params["backend"] == "virtuoso" and case in VIRTUOSO_DEVIATIONS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=VIRTUOSO_DEVIATIONS[case]))
    expected = answer_set(ask(reference, name, params).records())
    assert expected, f"{name} {params} has no answer on the seeds: the comparison would prove nothing"
    assert answer_set(ask(backend, name, params).records()) == expected


def test_who_held_the_post_is_the_same_on_every_backend(backend: GraphStore, request: pytest.FixtureRequest) -> None:
    if "virtuoso" in request.node.name:
        pytest.xfail(VIRTUOSO_HANGS["post-holders-post-date"])
    rows = ask(backend, "post-holders", {"post": "kakanwil-sumbagsel", "date": "2024-07-09"}).records()
    [known] = [row for row in rows if row["on_date"] == "known"]
    # s000 and s004 place him on or before the date; s002's undated sighting joins the same row
    assert known["person_name"] == "Muhyidin" and {"s000", "s004"} <= set(known["sources"].split(", "))
    undated = [(row["person_name"], row["on_date"]) for row in rows if row["on_date"] != "known"]
    assert ("Bambang Utama", "undated") in undated


def test_the_readme_query_gave_three_identical_rows_and_gives_one_on_every_backend(backend: GraphStore) -> None:
    """s000, s002 and s004 each state it; the default graph held it once per source (oxigraph/oxigraph#1919)."""
    rows = backend.select("SELECT ?post WHERE { id:muhyidin org:holds ?post }")
    assert rows == [{"post": str(ID["kakanwil-sumbagsel"])}]


def test_count_over_the_default_graph_counted_copies_and_counts_distinct_triples(backend: GraphStore,
                                                                                   disk_build: Path) -> None:
    rows = backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = len((disk_build / "kg.nt").read_text(encoding="utf-8").splitlines())
    assert rows == [{"n": distinct}]
    assert len(backend) > distinct  # the named graphs still hold a triple once per source that states it


def test_graph_queries_name_the_sources_and_never_the_union_copy(backend: GraphStore) -> None:
    rows = backend.select("SELECT ?g WHERE { GRAPH ?g { id:muhyidin org:holds ?post } }")
    named = {row["g"] for row in rows}
    assert {str(GRAPH[f"source/{source}"]) for source in ("s000", "s002", "s004")} <= named
    assert all(g.startswith(str(GRAPH["source/"])) for g in named) and len(rows) == len(named)
    graphs = {row["g"] for row in backend.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert str(UNION_GRAPH) not in graphs and str(GRAPH.ontology) in graphs


def test_a_hostile_value_is_only_a_value_on_every_backend(backend: GraphStore) -> None:
    hostile = ox.Literal('x" } ; DROP ALL #')
    rows = backend.select("SELECT ?s ?name WHERE { ?s skos:prefLabel ?name }", name=hostile)
    assert rows == []
    assert len(backend) > 0


def test_the_network_projection_is_the_same(backend: GraphStore, reference: GraphStore) -> None:
    def shape(store: GraphStore) -> tuple[list[Any], list[Any]]:
        G = project(store)
        nodes = sorted((node, sorted((k, str(v)) for k, v in attrs.items())) for node, attrs in G.nodes(data=True))
        edges = sorted((u, v, attrs["relation"], sorted(attrs.get("sources", [])))
                       for u, v, attrs in G.edges(data=True))
        return nodes, edges

    assert shape(backend) == shape(reference)


def test_the_views_are_the_same(backend: GraphStore, reference: GraphStore) -> None:
    assert read_catalogue(backend) == read_catalogue(reference)
    assert sorted(plan_site(backend).files()) == sorted(plan_site(reference).files())


@pytest.mark.parametrize("store", ["oxigraph", "oxigraph-disk", "rdflib"])
def test_kg_query_and_ask_take_store(disk_build: Path, store: str) -> None:
    runner = CliRunner()
    query = ["query", "--build", str(disk_build), "--store", store, "--format", "json",
             "SELECT DISTINCT ?post WHERE { id:muhyidin org:holds ?post }"]
    result = runner.invoke(main, query)
    assert result.exit_code == 0, result.output
    posts = [row["post"]["value"] for row in json.loads(result.output)["results"]["bindings"]]
    assert posts == ["https://w3id.org/bpjs-kg/id/kakanwil-sumbagsel"]
    asked = runner.invoke(main, ["ask", "acting-officials", "--build", str(disk_build), "--store", store,
                                 "--format", "csv"])
    assert asked.exit_code == 0, asked.output
    assert "Agus Fatoni" in asked.output


def test_the_store_can_be_chosen_by_environment(disk_build: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--build", str(disk_build), "ASK { ?s ?p ?o }"],
                                env={"KG_STORE": "nonsense"})
    assert result.exit_code == 2 and "nonsense" in result.output


def test_auto_picks_the_disk_store_when_the_build_has_one(disk_build: Path, tmp_path: Path) -> None:
    assert StoreChoice(disk_build).resolved() == "oxigraph-disk"
    with StoreChoice(disk_build).open() as store:
        assert isinstance(store, OxigraphStore) and store.on_disk
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(disk_build / "kg.nq", bare / "kg.nq")
    assert StoreChoice(bare).resolved() == "oxigraph"
    assert StoreChoice(bare, endpoint="http://127.0.0.1:1/sparql").resolved() == "remote"


@pytest.mark.parametrize(("args", "message"), [
    (["--store", "remote"], "--store remote needs --endpoint"),
    (["--store", "rdflib", "--endpoint", "http://127.0.0.1:9/q"], "--endpoint is for --store remote"),
    (["--endpoint", "file:///etc/passwd"], "not an http(s) URL"),
    (["--endpoint", "http://127.0.0.1:9/sparql"], "connection refused"),
])
def test_bad_store_choices_are_clear_errors(disk_build: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["query", "--build", str(disk_build), *args, "ASK { ?s ?p ?o }"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_a_syntax_error_reads_the_same_on_every_backend(backend: GraphStore) -> None:
    from kg.store.graphstore import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        backend.query("SELECT ?x WHERE { ?x ?y }")
