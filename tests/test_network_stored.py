"""The projection's queries against the single query they replace, and the projection and name index
that `kg build` keeps (network.json, names.sqlite): the same graph and the same names as the queries
give, on the seed facts and on a national skeleton from `kg synth`."""

from __future__ import annotations

import itertools
import json
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.network.projection import _direct_row, _other_rows, assemble, project
from kg.network.stored import NETWORK_FILE
from kg.questions.resolve import NAMES_FILE, EntityIndex
from kg.store.backends import open_store
from kg.store.graphstore import GraphStore, OxigraphStore
from kg.synth.generate import synthesize

# The relation query the projection ran up to December 2026: the claim as an OPTIONAL inside the
# GRAPH, 68 s at a million triples on the on-disk Oxigraph store. Kept here to compare against.
OLD_DIRECT = """
SELECT ?u ?v ?predicate ?relation ?g ?fact ?source ?basis ?quote ?qstart WHERE {
  ?predicate kg:relationProperty true ; rdfs:label ?relation .
  FILTER(LANGMATCHES(LANG(?relation), "en"))
  GRAPH ?g {
    ?u ?predicate ?v .
    OPTIONAL { ?fact a kg:RelationClaim ; rdf:subject ?u ; rdf:predicate ?predicate ; rdf:object ?v }
  }
  OPTIONAL { ?fact prov:wasDerivedFrom ?source }
  OPTIONAL { ?fact kg:basis/skos:notation ?basis }
  OPTIONAL { ?fact kg:evidence ?ev . ?ev oa:exact ?quote . OPTIONAL { ?ev oa:start ?qstart } }
}
"""


def old_project(store: GraphStore) -> nx.MultiDiGraph[str]:
    old_direct = (_direct_row(row) for row in store.select(OLD_DIRECT))
    return assemble(store, itertools.chain(old_direct, _other_rows(store)), {})


def as_data(G: nx.MultiDiGraph[str]) -> tuple[Any, ...]:
    """Everything in a graph, in its order: attributes, nodes, edges (with keys), as JSON would keep them."""
    return (json.loads(json.dumps(G.graph)), json.loads(json.dumps(list(G.nodes(data=True)))),
            json.loads(json.dumps(list(G.edges(keys=True, data=True)))))


@pytest.fixture(scope="module")
def skeleton_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg synth --triples 1e4` (the national skeleton and one article), built as `kg build` does."""
    facts = tmp_path_factory.mktemp("synth") / "facts"
    synthesize(facts, triples=10_000)
    build = facts.parent / "build"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_VIEWS_LIMIT", "0")
        patch.setenv("KG_SHACL_FULL_LIMIT", "0")
        result = CliRunner().invoke(main, ["build", "--facts", str(facts), "--sources", str(facts / "sources"),
                                           "--out", str(build)])
    assert result.exit_code == 0, result.output
    return build


@pytest.fixture(params=["seeds", "synth-1e4"])
def built(request: pytest.FixtureRequest, seed_build: Path) -> Path:
    return seed_build if request.param == "seeds" else request.getfixturevalue("skeleton_build")


def test_the_split_relation_queries_give_the_graph_of_the_single_query(built: Path) -> None:
    with OxigraphStore.open_build(built, on_disk=False) as store:
        new, old = project(store), old_project(store)
    assert new.number_of_edges() > 50
    assert Counter(relation for _, _, relation in new.edges(keys=True))["within region"] > 0
    assert as_data(new) == as_data(old)


def test_the_build_keeps_the_projection_and_the_commands_read_it(built: Path) -> None:
    assert (built / NETWORK_FILE).is_file()
    with open_store(built, "oxigraph-disk") as store:
        assert store.build_dir == built
        kept, queried = project(store), project(store, stored=False)
    with open_store(built, "oxigraph") as memory:  # not the build's store: projected through SPARQL
        assert memory.build_dir is None
        in_memory = project(memory)
    assert as_data(kept) == as_data(queried) == as_data(in_memory)


def test_the_build_keeps_the_name_index(built: Path) -> None:
    assert (built / NAMES_FILE).is_file()
    with open_store(built, "oxigraph-disk") as store:
        kept, queried = EntityIndex(store), EntityIndex(store, stored=False)
        assert kept.document() == queried.document()
        some = queried.candidates({"bpjs-ketenagakerjaan"})[0]
        assert kept.resolve(some.label.upper()) == "bpjs-ketenagakerjaan"


def _copy_without(build: Path, target: Path, *names: str) -> Path:
    shutil.copytree(build, target)
    for name in names:
        (target / name).unlink()
    return target


@pytest.mark.parametrize("damage", ["missing", "other format", "not json"])
def test_a_build_without_a_readable_projection_is_projected_through_sparql(seed_build: Path, tmp_path: Path,
                                                                           damage: str) -> None:
    build = _copy_without(seed_build, tmp_path / "build", NETWORK_FILE, NAMES_FILE)
    if damage == "other format":
        (build / NETWORK_FILE).write_text('{"format": 0, "nodes": [], "edges": [], "graph": {}}')
        (build / NAMES_FILE).write_text('{"format": 0}')
    elif damage == "not json":
        (build / NETWORK_FILE).write_bytes(b"\xff not json")
        (build / NAMES_FILE).write_text("[1, 2]")
    with open_store(build, "oxigraph-disk") as store:
        assert as_data(project(store)) == as_data(project(store, stored=False))
        assert EntityIndex(store).document() == EntityIndex(store, stored=False).document()
        assert EntityIndex(store).resolve("Muhyidin") == "muhyidin"


def test_two_builds_keep_the_same_bytes(seed_outcome: Any, tmp_path: Path) -> None:
    from kg.files import write_atomically
    from kg.pipeline import build_files

    written = []
    for name in ("a", "b"):
        write_atomically(tmp_path / name, {key: write for key, write in
                                           build_files(seed_outcome.quads, seed_outcome.model).items()
                                           if not key.startswith("viz/")})
        written.append([(tmp_path / name / file).read_bytes() for file in (NETWORK_FILE, NAMES_FILE)])
    assert written[0] == written[1]


def _commands(build: Path) -> Iterable[list[str]]:
    yield ["network", "path", "agus-fatoni", "muhyidin", "--build", str(build)]
    yield ["network", "centrality", "--top", "3", "--build", str(build)]
    yield ["ask", "post-holders", "--param", "person=Muhyidin", "--build", str(build)]


def test_the_commands_answer_the_same_without_the_kept_files(seed_build: Path, tmp_path: Path) -> None:
    bare = _copy_without(seed_build, tmp_path / "bare", NETWORK_FILE, NAMES_FILE)
    for kept, queried in zip(_commands(seed_build), _commands(bare), strict=True):
        first, second = CliRunner().invoke(main, kept), CliRunner().invoke(main, queried)
        assert first.exit_code == second.exit_code == 0, first.output + second.output
        assert first.output == second.output
