"""People tied straight to organisations (kg.network.ties) on the seed facts, and `kg export --ties`."""

from __future__ import annotations

import doctest
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.network.ties
from kg.cli.main import main
from kg.network.projection import project
from kg.network.ties import HOLDS_IN, people_and_organisations
from kg.store.graphstore import GraphStore


@pytest.fixture(scope="module")
def G(seed_store: GraphStore) -> nx.MultiDiGraph[str]:
    return project(seed_store)


def test_docstring_examples_run() -> None:
    failures, tries = doctest.testmod(kg.network.ties)
    assert failures == 0 and tries > 0


def test_each_holding_becomes_one_tie_to_the_posts_organisation_with_all_it_had(G: nx.MultiDiGraph[str]) -> None:
    H = people_and_organisations(G)
    org_of = {u: v for u, v, key in G.edges(keys=True) if key == "post in"}
    holdings = [(u, v, attrs) for u, v, key, attrs in G.edges(keys=True, data=True) if key == "holds post"]
    assert holdings and all(post in org_of for _, post, _ in holdings)
    assert not any(H.nodes[n]["kind"] == "Post" and n in org_of for n in H)  # posts with an office are folded
    for person, post, attrs in holdings:
        tie = H.edges[person, org_of[post], f"{HOLDS_IN} {post}"]
        assert tie["relation"] == HOLDS_IN and tie["post"] == post
        for name in ("sources", "evidence", "dates", "facts", "weight", "acting"):
            assert tie.get(name) == attrs.get(name), name
        titles = attrs.get("title") or [G.nodes[post]["label"]]
        assert tie["label"].startswith("; ".join(titles))
        assert tie["label"].endswith("(acting)") == bool(attrs.get("acting"))
    # every other tie is still there, between the same nodes or moved from a post to its organisation
    others = G.number_of_edges() - len(holdings) - sum(1 for *_, key in G.edges(keys=True) if key == "post in")
    assert H.number_of_edges() == len(holdings) + others


@pytest.fixture(scope="module")
def frozen_G(frozen_store: GraphStore) -> nx.MultiDiGraph[str]:
    return project(frozen_store)


def test_people_and_organisations_alone_are_tied_together(frozen_G: nx.MultiDiGraph[str]) -> None:
    # With posts as nodes, keeping only people and organisations left every person of the seeds unconnected
    # (frozen: a later article may tie a person to an organisation directly, by a request addressed to it).
    G = frozen_G
    actors = [n for n, kind in G.nodes(data="kind") if kind in ("Person", "Organization")]
    before = G.subgraph(actors)
    H = people_and_organisations(G).subgraph(actors)
    people = [n for n in actors if G.nodes[n]["kind"] == "Person"]
    assert sum(1 for p in people if before.degree(p) == 0) == len(people)
    holders = {u for u, _, key in G.edges(keys=True) if key == "holds post"}
    assert holders and all(H.degree(p) > 0 for p in holders)
    assert H.has_edge("muhyidin", "kanwil-sumbagsel") and H.has_edge("bambang-utama", "kanwil-sumbagsel")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_offers_both_networks(seed_build: Path, tmp_path: Path, fmt: str) -> None:
    read = getattr(nx, f"read_{fmt}")
    graphs = {}
    for ties in ("posts", "people"):
        out = tmp_path / f"{ties}.{fmt}"
        result = CliRunner().invoke(main, ["export", fmt, "--ties", ties, "--out", str(out), "--build",
                                           str(seed_build)])
        assert result.exit_code == 0, result.output
        graphs[ties] = read(out)
    assert "kakanwil-sumbagsel" in graphs["posts"] and "kakanwil-sumbagsel" not in graphs["people"]
    ties = [attrs for u, v, attrs in graphs["people"].edges(data=True) if u == "agus-fatoni"
            and attrs.get("relation") == HOLDS_IN]
    assert ties and ties[0]["acting"] is True and "(acting)" in ties[0]["label"]
    result = CliRunner().invoke(main, ["export", fmt, "--ties", "nodes", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "Traceback" not in result.output
