"""The build folder: the on-disk store holds kg.nq, the files are the same bytes every time,
and the parts that do not scale are left out above their limits."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.output import PRETTY_FILES, STORE_DIR, load_store
from tests.conftest import FIXTURE_SOURCES, KITCHEN_SINK

HOLDERS = """SELECT ?person ?post ?graph WHERE { GRAPH ?graph { ?h a kg:PostHolding ; org:member ?person ;
             kg:ofPost ?post } } ORDER BY ?person ?post ?graph"""
PREFIXES = {"kg": "https://w3id.org/bpjs-kg/ontology#", "org": "http://www.w3.org/ns/org#"}


def build(out: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, ["build", "--facts", str(KITCHEN_SINK), "--sources", str(FIXTURE_SOURCES),
                                       "--out", str(out), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_store_in_the_build_holds_exactly_kg_nq_and_kg_nt_as_its_default_graph(seed_build: Path,
                                                                                    quads: list[ox.Quad]) -> None:
    store = ox.Store.read_only(str(seed_build / STORE_DIR))  # opened as `kg query` opens it: no reloading
    loaded = ox.Store()
    loaded.bulk_load(path=str(seed_build / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    loaded.bulk_load(path=str(seed_build / "kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    # Oxigraph stores numbers by value ("285"^^xsd:nonNegativeInteger comes back as xsd:integer),
    # so the store is compared with the files as any Oxigraph store holds them, and counted against them.
    triples = {quad.triple for quad in quads}
    assert set(store) == set(loaded) and len(store) == len(quads) + len(triples)
    default = [{quad.triple for quad in s.quads_for_pattern(None, None, None, ox.DefaultGraph())}
               for s in (store, loaded)]
    assert default[0] == default[1] and len(default[0]) == len(triples)
    answers = [[tuple(row) for row in s.query(HOLDERS, prefixes=PREFIXES)] for s in (store, loaded)]  # type: ignore[union-attr]
    assert answers[0] == answers[1] and len(answers[0]) > 5


def test_the_store_loaded_in_small_pieces_holds_what_the_build_loaded(
        seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build bulk-loads kg.nq and kg.nt a piece at a time (KG_STORE_CHUNK bytes of whole lines), to
    bound Oxigraph's memory: pieces of 4 KB, a hundred per file and more, give the same store."""
    monkeypatch.setenv("KG_STORE_CHUNK", "4096")
    assert (seed_build / "kg.nt").stat().st_size > 100 * 4096
    load_store(tmp_path / "store", seed_build / "kg.nq", seed_build / "kg.nt")
    pieces, whole = ox.Store.read_only(str(tmp_path / "store")), ox.Store.read_only(str(seed_build / STORE_DIR))
    assert set(pieces) == set(whole) and len(pieces) == len(whole)
    default = [set(s.quads_for_pattern(None, None, None, ox.DefaultGraph())) for s in (pieces, whole)]
    assert default[0] == default[1] and default[0]


def test_two_builds_write_the_same_bytes(tmp_path: Path) -> None:
    """In process; tests/test_cli_main.py does it across hash seeds and working folders."""
    outputs = []
    for name in ("one", "two"):
        build(tmp_path / name)
        outputs.append({p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*")
                        if p.is_file() and p.relative_to(tmp_path / name).parts[0] != STORE_DIR})
    assert outputs[0] == outputs[1]
    assert {Path(name) for name in ("kg.nq", "kg.nt", *PRETTY_FILES)} <= set(outputs[0])


def test_above_their_limits_the_build_skips_pretty_files_and_views_and_says_so(tmp_path: Path) -> None:
    output = build(tmp_path / "out", env={"KG_PRETTY_LIMIT": "10", "KG_VIEWS_LIMIT": "10"})
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"kg.nq", "kg.nt", STORE_DIR} <= written and not written & {*PRETTY_FILES, "viz"}
    assert "no kg.ttl, kg.trig, kg.jsonld" in output and "KG_PRETTY_LIMIT" in output
    assert "run `kg viz --build" in output and "KG_VIEWS_LIMIT" in output
    assert CliRunner().invoke(main, ["viz", "--build", str(tmp_path / "out")]).exit_code == 0
    assert (tmp_path / "out" / "viz" / "index.html").is_file()
