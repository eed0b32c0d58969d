"""The network projection and its analytics, on the frozen seed facts, and the `kg network`/`kg export` commands.

These tests pin exact sources, weights, rankings and brokers, so they read the frozen copy of the seeds
(tests/fixtures/seeds-frozen/), which adding an article to facts/ never changes."""

from __future__ import annotations

import io
import math
import random
import shutil
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.network.analytics import (
    _cut_offs,
    brokers,
    centrality,
    communities,
    ego_network,
    shortest_path_steps,
    tie_graph,
    undirected,
)
from kg.network.kernels import pagerank_of
from kg.network.projection import project
from kg.pipeline import Outcome, run
from kg.store.graphstore import GraphStore
from tests.conftest import FROZEN

BABEL = {"anggota-dpr-ri", "dpr-ri", "kepulauan-bangka-belitung", "kota-pangkalpinang", "kurniasih", "pemprov-babel",
         "pergub-babel-jaminan-sosial-pekerja", "rapat-evaluasi-perlindungan-pekerja-2023-09-01"}


@pytest.fixture(scope="module")
def nquads(frozen_outcome: Outcome) -> str:
    return str(frozen_outcome.dataset.serialize(format="nquads"))


@pytest.fixture(scope="module")
def store(nquads: str) -> GraphStore:
    return GraphStore.from_nquads(nquads)


@pytest.fixture(scope="module")
def G(store: GraphStore) -> nx.MultiDiGraph[str]:
    return project(store)


@pytest.fixture(scope="module")
def build(nquads: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    (folder / "kg.nq").write_text(nquads, encoding="utf-8")
    return folder


def edge(G: nx.MultiDiGraph[str], u: str, v: str, relation: str) -> dict[str, object]:
    return dict(G.edges[u, v, relation])


# The projection ----------------------------------------------------------------------------------

def test_nodes_are_the_seed_entities_by_kind(G: nx.MultiDiGraph[str]) -> None:
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    # at least the seed entities of each kind; a new article adds more
    assert set(kinds) == {"Person", "Programme", "Post", "Organization", "Region", "Event", "Regulation"}
    assert kinds["Person"] >= 11 and kinds["Programme"] >= 12 and kinds["Post"] >= 10
    assert kinds["Organization"] >= 9 and kinds["Region"] >= 7 and kinds["Event"] >= 4 and kinds["Regulation"] >= 4
    assert G.nodes["kanwil-sumbagsel"] == {
        "id": "kanwil-sumbagsel", "label": "Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel", "type": "RegionalOffice",
        "kind": "Organization", "aliases": ["BPJS Ketenagakerjaan Kantor Wilayah Sumatera Selatan, Jambi, Bengkulu",
                                            "BPJS Ketenagakerjaan Sumbagsel", "Kantor Wilayah BPJamsostek Sumbagsel"]}


@pytest.mark.parametrize("not_a_node", [
    "s000",  # a source: provenance lives on the edges
    "s004-holding-muhyidin-kakanwil-sumbagsel",  # a reified fact: it is an edge
    "s004-fig-potential-workers-rentan-sumsel",
    "flag-covered-rentan-vs-covered-informal",  # analyst flag
    "conflict-s000-fig-coverage-rate-sumsel-s002-fig-coverage-rate-sumsel",  # derived flag
    "https://w3id.org/bpjs-kg/vocab/tenure-Pj",  # vocabulary
    "https://w3id.org/bpjs-kg/ontology#Person",  # ontology
])
def test_sources_facts_flags_and_vocabulary_are_not_nodes(G: nx.MultiDiGraph[str], not_a_node: str) -> None:
    assert not_a_node not in G


def test_every_edge_carries_relation_predicate_dates_sources_evidence_weight(G: nx.MultiDiGraph[str]) -> None:
    for u, v, key, attrs in G.edges(keys=True, data=True):
        assert attrs["relation"] == key
        assert attrs["predicate"].startswith("http")
        assert attrs["sources"] == sorted(attrs["sources"])
        assert isinstance(attrs["evidence"], list) and isinstance(attrs["dates"], dict)
        assert attrs["weight"] == max(1, len(attrs["sources"])), (u, v, key)
        assert bool(attrs["sources"]) == ("article" in attrs["basis"]), (u, v, key)


def test_muhyidin_holds_the_kakanwil_post_on_three_sources(G: nx.MultiDiGraph[str]) -> None:
    holding = edge(G, "muhyidin", "kakanwil-sumbagsel", "holds post")
    assert holding["sources"] == ["s000", "s002", "s004"] and holding["weight"] == 3
    assert holding["predicate"] == "http://www.w3.org/ns/org#holds"
    assert holding["dates"] == {"observed": ["2024-03-21", "2024-07-09"]}
    assert holding["tenure"] == ["definitive"] and holding["acting"] is False
    assert holding["facts"] == ["s000-holding-muhyidin-kakanwil-sumbagsel", "s002-holding-muhyidin-kakanwil-sumbagsel",
                                "s004-holding-muhyidin-kakanwil-sumbagsel"]
    assert any("Muhyidin yang ikut dalam rombongan" in quote for quote in holding["evidence"])  # type: ignore[attr-defined]


def test_an_acting_holding_says_so(G: nx.MultiDiGraph[str]) -> None:
    holding = edge(G, "agus-fatoni", "gubernur-sumsel", "holds post")
    assert holding["tenure"] == ["Pj"] and holding["acting"] is True and holding["sources"] == ["s004"]


def test_parallel_claims_from_two_sources_merge_into_one_edge(G: nx.MultiDiGraph[str]) -> None:
    assert list(G["zainudin"]["direktur-kepesertaan"]) == ["holds post"]
    holding = edge(G, "zainudin", "direktur-kepesertaan", "holds post")
    assert holding["sources"] == ["s003", "s004"] and holding["weight"] == 2


def test_posts_sit_between_holders_and_their_office(G: nx.MultiDiGraph[str]) -> None:
    assert set(G.predecessors("kakanwil-sumbagsel")) == {"bambang-utama", "muhyidin"}
    post_in = edge(G, "kakanwil-sumbagsel", "kanwil-sumbagsel", "post in")
    assert post_in["basis"] == ["registry"] and post_in["sources"] == [] and post_in["weight"] == 1


def test_background_relations_keep_their_basis(G: nx.MultiDiGraph[str]) -> None:
    within = edge(G, "kota-palembang", "sumatera-selatan", "within region")
    assert within["basis"] == ["background"] and within["sources"] == [] and within["weight"] == 1
    assert within["facts"] == ["bg-kota-palembang-within-sumatera-selatan"]


def test_direct_relations_are_named_by_the_ontology_label(G: nx.MultiDiGraph[str]) -> None:
    serves = edge(G, "kanwil-sumbagsel", "jambi", "serves region")
    assert serves["sources"] == ["s002"] and serves["predicate"] == "https://w3id.org/bpjs-kg/ontology#servesRegion"
    assert "sub-organisation of" in G["kc-palembang"]["bpjs-ketenagakerjaan"]


@pytest.mark.parametrize(("u", "v", "relation", "kind"), [
    ("agus-fatoni", "gertak-perlindungan-pekerja-rentan", "proposal regarding", "proposal"),
    ("muhsin-abdullah", "s001-reg-ogan-ilir-wajib-peserta", "pledge regarding", "pledge"),
    ("bambang-utama", "s001-reg-diminta-kakanwil-sumbagsel", "request regarding", "request"),
])
def test_commitments_tie_their_maker_to_what_they_are_about(G: nx.MultiDiGraph[str], u: str, v: str, relation: str,
                                                            kind: str) -> None:
    assert edge(G, u, v, relation)["kind"] == [kind]


def test_events_statements_figures_and_regulations_become_ties(G: nx.MultiDiGraph[str]) -> None:
    visit = "silaturahmi-pj-gubernur-sumsel-2024-03-21"
    assert set(G.predecessors(visit)) == {"agus-fatoni", "zainudin", "muhyidin"}
    assert edge(G, "agus-fatoni", visit, "took part in")["dates"] == {"observed": ["2024-03-21"]}
    assert edge(G, "zainudin", visit, "spoke at")["role"] == ["direktur-kepesertaan"]
    assert edge(G, visit, "safari-ramadan", "part of programme")["sources"] == ["s004"]
    assert edge(G, "muhyidin", "sumatera-selatan", "gave figures on")["sources"] == ["s000", "s004"]
    assert edge(G, "pemprov-sumsel", "pergub-sumsel-15-2014", "issued")["sources"] == ["s004"]
    assert G.nodes["pergub-sumsel-15-2014"]["label"] == (
        "Pergub Sumatera Selatan Nomor 15 Tahun 2014 tentang Perlindungan Sosial Bagi Tenaga Kerja")


def test_a_reprint_adds_no_weight(store: GraphStore) -> None:
    G = project(store, reprint_of={"s002": "s000"})
    holding = edge(G, "muhyidin", "kakanwil-sumbagsel", "holds post")
    assert holding["sources"] == ["s000", "s002", "s004"] and holding["weight"] == 2
    assert tie_graph(G)["muhyidin"]["kakanwil-sumbagsel"]["weight"] == 2


def test_a_reprint_marked_in_the_facts_counts_once(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FROZEN / "facts", facts)
    sources = facts / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    # s002 and s004 marked as reprints, s004 of s002: both count as s000's one voice
    for copy, original in (("s002", "s000"), ("s004", "s002")):
        text = text.replace(f"  - id: {copy}\n", f"  - id: {copy}\n    reprint_of: {original}\n", 1)
    sources.write_text(text, encoding="utf-8")
    outcome = run(facts)
    assert outcome.valid, [p.render() for p in outcome.problems]
    G = project(GraphStore.from_nquads(outcome.dataset.serialize(format="nquads")))
    assert edge(G, "muhyidin", "kakanwil-sumbagsel", "holds post")["weight"] == 1
    assert G.graph["reprint_of"] == {"s002": "s000", "s004": "s000"}


def test_ties_pool_sources_across_relations(G: nx.MultiDiGraph[str]) -> None:
    T = tie_graph(G)
    assert T["agus-fatoni"]["silaturahmi-pj-gubernur-sumsel-2024-03-21"]["weight"] == 1  # took part + spoke, one source
    assert T["muhyidin"]["kakanwil-sumbagsel"]["weight"] == 3


# Analytics ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("radius", "inside", "outside"), [
    (0, {"muhyidin"}, {"kakanwil-sumbagsel"}),
    (1, {"kakanwil-sumbagsel", "sumatera-selatan", "silaturahmi-pj-gubernur-sumsel-2024-03-21",
         "fgd-kepesertaan-jasa-konstruksi-2024-07-09"}, {"kanwil-sumbagsel", "agus-fatoni"}),
    (2, {"kanwil-sumbagsel", "agus-fatoni", "bambang-utama", "kc-palembang"}, {"jambi"}),
])
def test_ego_network_of_muhyidin(G: nx.MultiDiGraph[str], radius: int, inside: set[str], outside: set[str]) -> None:
    H = ego_network(G, "muhyidin", radius=radius)
    assert inside <= set(H) and not outside & set(H)
    assert H.nodes["muhyidin"]["distance"] == 0 and max(H.nodes[n]["distance"] for n in H) <= radius
    assert "distance" not in G.nodes["muhyidin"]


def test_the_undirected_view_is_made_once(G: nx.MultiDiGraph[str]) -> None:
    assert undirected(G) is undirected(G)
    assert nx.is_frozen(undirected(G))


def test_path_from_the_pj_governor_to_muhyidin_goes_through_the_courtesy_visit(G: nx.MultiDiGraph[str]) -> None:
    steps = shortest_path_steps(G, "agus-fatoni", "muhyidin")
    assert [(s["from"], s["relation"], s["to"], s["forward"], s["sources"]) for s in steps] == [
        ("agus-fatoni", "took part in", "silaturahmi-pj-gubernur-sumsel-2024-03-21", True, ["s004"]),
        ("silaturahmi-pj-gubernur-sumsel-2024-03-21", "took part in", "muhyidin", False, ["s004"]),
    ]


def test_path_prefers_the_best_sourced_tie(G: nx.MultiDiGraph[str]) -> None:
    steps = shortest_path_steps(G, "muhyidin", "kanwil-sumbagsel")
    assert [(s["relation"], s["sources"], s["weight"]) for s in steps] == [
        ("holds post", ["s000", "s002", "s004"], 3), ("post in", [], 1)]


def test_centrality_ranks_the_agency_and_its_regional_office_first(G: nx.MultiDiGraph[str]) -> None:
    result = centrality(G)
    assert result["betweenness"] == "exact" and result["sample"] is None and result["nodes"] == G.number_of_nodes()
    # the agency runs the programmes the seeds name; its Sumbagsel office ties the Sumsel officials together
    for by in ("pagerank", "betweenness", "degree"):
        top_two = [score["id"] for score in centrality(G, by=by)["ranking"][:2]]
        assert sorted(top_two) == ["bpjs-ketenagakerjaan", "kanwil-sumbagsel"], by
    office = next(score for score in result["ranking"] if score["id"] == "kanwil-sumbagsel")
    assert office["degree"] >= 9 and office["strength"] >= 9
    assert {score["id"] for score in result["ranking"]} == {n for n in G
                                                            if G.nodes[n]["kind"] in ("Person", "Organization")}


def test_centrality_samples_betweenness_when_asked(G: nx.MultiDiGraph[str]) -> None:
    sampled = centrality(G, k=10)
    assert sampled["betweenness"] == "sampled" and sampled["sample"] == 10
    assert sampled == centrality(G, k=10)  # the fixed seed makes it repeatable


def test_pagerank_agrees_with_networkx(G: nx.MultiDiGraph[str]) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as reference
    T = tie_graph(G)
    ours, theirs = pagerank_of(T), reference(T, weight="weight", tol=1.0e-10)
    assert max(abs(ours[node] - theirs[node]) for node in T) < 1.0e-9


def test_communities_partition_the_network_the_same_way_every_time(G: nx.MultiDiGraph[str]) -> None:
    found = communities(G)
    assert found == communities(G)
    assert sorted(node for group in found for node in group) == sorted(G)
    assert any(set(group) >= BABEL for group in found)  # Babel's people, offices and meeting stay together


def test_brokers_are_the_actors_that_alone_connect_regions(G: nx.MultiDiGraph[str]) -> None:
    found = {b["id"]: b for b in brokers(G)}
    assert list(found) == ["zainudin", "kanwil-sumbagsel", "bpjs-ketenagakerjaan", "kurniasih"]
    # Babel's people and offices reach the rest only through Zainudin (the Pangkalpinang meeting, his figures)
    assert found["zainudin"]["separated"] == ["dpr-ri", "kepulauan-bangka-belitung", "kota-pangkalpinang",
                                              "pemprov-babel"]
    assert found["zainudin"]["cut_off"] == len(BABEL)
    # s002 alone says the regional office serves Jambi and Bengkulu
    assert found["kanwil-sumbagsel"]["separated"] == ["bengkulu", "jambi"]


@pytest.mark.parametrize("seed", range(5))
def test_cut_offs_agree_with_removing_each_node(seed: int) -> None:
    rng = random.Random(seed)
    T: nx.Graph[str] = nx.Graph()
    T.add_edges_from((str(u), str(v)) for u, v in nx.random_labeled_tree(30, seed=seed).edges())
    T.add_edges_from((str(rng.randrange(30)), str(rng.randrange(30))) for _ in range(6))
    T.remove_edges_from(list(nx.selfloop_edges(T)))
    for point, (cut, parts) in _cut_offs(T).items():
        rest = T.subgraph(set(nx.node_connected_component(T, point)) - {point})
        pieces = sorted(nx.connected_components(rest), key=lambda piece: (-len(piece), min(piece)))
        assert parts == len(pieces)
        assert len(cut) == sum(len(piece) for piece in pieces[1:])


# The commands ------------------------------------------------------------------------------------

def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_cli_path_prints_a_readable_chain(build: Path) -> None:
    code, output = invoke("network", "path", "AGUS FATONI", "Muhyidin", "--build", str(build))
    assert code == 0, output
    assert ("Agus Fatoni —took part in [s004]→ Silaturahmi Direktur Kepesertaan BPJS Ketenagakerjaan ke Pj Gubernur "
            "Sumsel ←took part in [s004]— Muhyidin") in output
    code, output = invoke("network", "path", "muhyidin", "BPJS Ketenagakerjaan Sumbagsel", "--build", str(build))
    assert "Muhyidin —holds post [s000, s002, s004]→ Kepala Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel —post in→ " \
           "Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel" in output


@pytest.mark.parametrize(("args", "expected"), [
    (["ego", "Muhyidin", "--radius", "1"], "kakanwil-sumbagsel"),
    (["centrality", "--top", "3"], "kanwil-sumbagsel"),
    (["centrality", "--sample", "5"], "sampled from 5 pivots"),
    (["communities"], "Kurniasih"),
    (["brokers"], "zainudin"),
])
def test_cli_network_commands(build: Path, args: list[str], expected: str) -> None:
    code, output = invoke("network", *args, "--build", str(build))
    assert code == 0, output
    assert expected in output


def test_cli_unknown_name_exits_2_with_a_suggestion(build: Path) -> None:
    code, output = invoke("network", "ego", "muhyidn", "--build", str(build))
    assert code == 2
    assert "No such entity: 'muhyidn' (did you mean 'muhyidin'?)" in output


def test_cli_a_source_is_not_a_node(build: Path) -> None:
    code, output = invoke("network", "ego", "s000", "--build", str(build))
    assert code == 2 and "not a node of the network" in output


def test_cli_ambiguous_name_exits_2(nquads: str, tmp_path: Path) -> None:
    alias = ('<https://w3id.org/bpjs-kg/id/kc-palembang> <http://www.w3.org/2004/02/skos/core#altLabel> '
             '"BPJS Ketenagakerjaan Sumbagsel" <https://w3id.org/bpjs-kg/graph/registry> .\n')
    (tmp_path / "kg.nq").write_text(nquads + alias, encoding="utf-8")
    code, output = invoke("network", "path", "BPJS Ketenagakerjaan Sumbagsel", "muhyidin", "--build", str(tmp_path))
    assert code == 2
    assert "names more than one entity" in output and "kanwil-sumbagsel" in output and "kc-palembang" in output


def test_cli_without_a_build_exits_2(tmp_path: Path) -> None:
    code, output = invoke("network", "brokers", "--build", str(tmp_path))
    assert code == 2 and "run `kg build` first" in output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_cli_export_writes_a_file_or_stdout(build: Path, tmp_path: Path, fmt: str,
                                            G: nx.MultiDiGraph[str]) -> None:
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    target = tmp_path / f"network.{fmt}"
    code, output = invoke("export", fmt, "--out", str(target), "--build", str(build))
    assert code == 0, output
    assert f"{nodes} nodes, {edges} edges" in output
    assert getattr(nx, f"read_{fmt}")(target).number_of_edges() == edges
    code, output = invoke("export", fmt, "--out", "-", "--build", str(build))
    assert code == 0 and output.lstrip().startswith("<?xml")
    assert getattr(nx, f"read_{fmt}")(io.BytesIO(output.encode())).number_of_nodes() == nodes


def test_cli_export_refuses_an_unknown_format(build: Path) -> None:
    code, output = invoke("export", "dot", "--out", "-", "--build", str(build))
    assert code == 2 and "'dot' is not one of 'graphml', 'gexf'" in output


@pytest.mark.parametrize("command", ["ego", "path", "centrality", "communities", "brokers"])
def test_every_network_command_has_a_summary_and_an_example(command: str) -> None:
    code, output = invoke("network", command, "--help")
    assert code == 0 and "Example:" in output and "kg network " + command in output


@pytest.mark.parametrize("k", [None, 1, 7, 40])
def test_betweenness_is_networkx_betweenness(G: nx.MultiDiGraph[str], k: int | None) -> None:
    """The same pivots and normalisation; only the order of floating-point sums differs (numpy's)."""
    from kg.network.kernels import betweenness_of

    graphs = [tie_graph(G)]
    for seed in range(3):
        R = nx.gnm_random_graph(120, 200, seed=seed)
        graphs.append(nx.relabel_nodes(R, {i: f"n{i}" for i in R}))
    for T in graphs:
        if k is not None and k > T.number_of_nodes():
            continue
        ours = betweenness_of(T, k=k, seed=42)
        theirs = nx.betweenness_centrality(T, k=k, seed=42 if k else None)
        assert list(ours) == list(theirs)
        assert all(math.isclose(ours[n], theirs[n], rel_tol=1e-12, abs_tol=1e-15)
                   or (math.isnan(ours[n]) and math.isnan(theirs[n])) for n in T)  # NaN on the pivot for k=1
        assert any(value > 0 for value in ours.values())
