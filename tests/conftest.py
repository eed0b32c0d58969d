"""Shared fixtures: the real seed facts built once, the kitchen-sink set, and helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.pipeline import Outcome, run
from kg.shacl import union_graph
from kg.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
KITCHEN_SINK = FIXTURES / "kitchen-sink"
FIXTURE_SOURCES = FIXTURES / "sources"
SEEDS = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are expected at {SEEDS} (set KG_SEEDS to move them)")
    return SEEDS


@pytest.fixture(scope="session")
def seed_outcome(seeds: Path) -> Outcome:
    outcome = run(ROOT / "facts", seeds)
    assert outcome.valid, "\n".join(p.render() for p in outcome.problems)
    return outcome


@pytest.fixture(scope="session")
def seed_graph(seed_outcome: Outcome) -> Graph:
    return union_graph(seed_outcome.dataset)


@pytest.fixture(scope="session")
def seed_build(seed_outcome: Outcome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed facts written out as `kg build` writes them."""
    from kg.output import render_files, write_atomically

    assert seed_outcome.model is not None
    out = tmp_path_factory.mktemp("seed") / "build"
    write_atomically(out, render_files(seed_outcome.dataset, seed_outcome.model))
    return out


@pytest.fixture(scope="session")
def seed_store(seed_build: Path) -> GraphStore:
    """The seed graph on pyoxigraph, loaded from the build as `kg query` loads it."""
    return GraphStore.from_build(seed_build)


@pytest.fixture
def kitchen_sink(tmp_path: Path) -> Path:
    """A private copy of the kitchen-sink facts that a test may change."""
    target = tmp_path / "facts"
    shutil.copytree(KITCHEN_SINK, target)
    return target


def select(graph: Graph, query: str, **bindings: Any) -> list[dict[str, str]]:
    """Run a SELECT and return rows as {variable: text}."""
    result = graph.query(query, initBindings=bindings or None)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]
