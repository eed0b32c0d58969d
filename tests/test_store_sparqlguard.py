"""A query never makes kg contact another machine unless the user allows it: watched with a canary server."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.store.sparqlguard import mentions_service


@pytest.mark.parametrize(("text", "refused"), [
    ("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p true.service <http://example.org/> {} }", True),
    ("SELECT * { \\U00000053ERVICE <http://example.org/> {} }", True),
    ('SELECT * { ?s ?p "customer service" }', True),  # a false alarm, accepted: the guard does not parse strings
    ("SELECT ?service { ?service a kg:ServiceArea }", False),
    ("SELECT * { ?s ?p ?o } #service", False),
    ("SELECT * { ?s ?p ?o } trueSERVICE<http://x/>{ }", True),
    ("SELECT * { ?s a <https://w3id.org/bpjs-kg/ontology#ServiceArea> }", False),
    ("SELECT * { ?s ?p ?o } # a comment on service", True),  # comments are not skipped either
])
def test_the_service_guard(text: str, refused: bool) -> None:
    assert mentions_service(text) is refused


def test_kg_query_refuses_service_and_the_canary_sees_nothing(seed_build: Path, canary: tuple[str, list[str]]) -> None:
    url, hits = canary
    query = f"SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(main, ["query", "--build", str(seed_build), query])
    assert result.exit_code == 2 and "uses SERVICE" in result.output
    assert hits == []


def test_from_a_url_or_a_file_reads_nothing(seed_build: Path, canary: tuple[str, list[str]]) -> None:
    url, hits = canary
    for source in (f"{url}/graph", "file:///etc/passwd"):
        result = CliRunner().invoke(main, ["query", "--build", str(seed_build), "--format", "csv",
                                           f"SELECT ?o FROM <{source}> WHERE {{ ?s ?p ?o }}"])
        assert result.exit_code == 0, result.output
        assert "root:" not in result.stdout
    assert hits == []


def test_allow_service_does_reach_out(seed_build: Path, canary: tuple[str, list[str]]) -> None:
    # Proves the canary would have seen a request: the refusal above is what kept it silent.
    url, hits = canary
    query = f"SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(main, ["query", "--build", str(seed_build), "--allow-service", query])
    assert result.exit_code == 0, result.output
    assert "CANARY" in result.output and len(hits) == 1 and "/sparql" in hits[0]
