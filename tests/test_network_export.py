"""The network as GraphML and GEXF: read back whole, and GEXF checked against GEXF 1.2's core schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

from kg.network.export import write_network
from kg.network.projection import project
from kg.pipeline import Outcome
from kg.store.graphstore import GraphStore
from tests.conftest import FIXTURES

GEXF_XSD = FIXTURES / "gexf" / "gexf-1.2-core.xsd"  # see its header for why it is ours


@pytest.fixture(scope="module")
def G(seed_outcome: Outcome) -> nx.MultiDiGraph[str]:
    return project(GraphStore.from_nquads(str(seed_outcome.dataset.serialize(format="nquads"))))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_with_the_same_nodes_and_edges(G: nx.MultiDiGraph[str], tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"network.{fmt}"
    write_network(G, path, fmt)
    back = getattr(nx, f"read_{fmt}")(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    holding = back.get_edge_data("muhyidin", "kakanwil-sumbagsel")["holds post"]
    sources = json.loads(holding["sources"])
    assert {"s000", "s002", "s004"} <= set(sources) and float(holding["weight"]) == len(sources)
    assert back.nodes["muhyidin"]["label"] == "Muhyidin"


def test_gexf_is_valid_against_the_gexf_core_schema(G: nx.MultiDiGraph[str]) -> None:
    import xml.etree.ElementTree as ET

    import xmlschema

    buffer = io.BytesIO()
    write_network(G, buffer, "gexf")
    xmlschema.XMLSchema(str(GEXF_XSD)).validate(io.BytesIO(buffer.getvalue()))
    # What the schema cannot say: values match their declared attributes, and edges join declared nodes.
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.fromstring(buffer.getvalue())
    parse = {"string": str, "liststring": str, "anyURI": str, "double": float, "float": float, "long": int,
             "integer": int, "boolean": lambda text: {"true": True, "false": False}[text]}
    for cls in ("node", "edge"):
        path = f"g:graph/g:attributes[@class='{cls}']/g:attribute"
        declared = {a.get("id"): a.get("type") for a in root.iterfind(path, ns)}
        values = root.findall(f"g:graph/g:{cls}s/g:{cls}/g:attvalues/g:attvalue", ns)
        assert values and declared
        for value in values:
            parse[declared[value.get("for")]](value.get("value"))
    nodes = {node.get("id") for node in root.iterfind("g:graph/g:nodes/g:node", ns)}
    assert nodes == set(G.nodes)
    for edge in root.iterfind("g:graph/g:edges/g:edge", ns):
        assert {edge.get("source"), edge.get("target")} <= nodes


def test_the_gexf_core_schema_rejects_what_gexf_forbids() -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(GEXF_XSD))
    head = '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph defaultedgetype="directed"><nodes>'
    assert schema.is_valid(head + '<node id="a"/></nodes></graph></gexf>')
    assert not schema.is_valid(head + '<node label="no id"/></nodes></graph></gexf>')
    assert not schema.is_valid(head.replace("directed", "sideways") + '<node id="a"/></nodes></graph></gexf>')
    assert not schema.is_valid(head + '</nodes><edges><edge id="0" source="a" target="b" weight="heavy"/>'
                               '</edges></graph></gexf>')


def test_export_names_every_tie_in_indonesian_beside_its_machine_name(seed_build: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli.main import main
    from kg.network.names import relation_names

    names = relation_names(GraphStore.from_build(seed_build))
    for ties in ("posts", "people"):
        path = tmp_path / f"{ties}.graphml"
        result = CliRunner().invoke(main, ["export", "graphml", "--build", str(seed_build), "--ties", ties,
                                           "--out", str(path)])
        assert result.exit_code == 0, result.output
        back = nx.read_graphml(path)
        for _, _, attrs in back.edges(data=True):
            assert attrs["relation_id"] == names.label(attrs["relation"]) != attrs["relation"], attrs["relation"]
            assert attrs["label_id"] and "(acting)" not in attrs["label_id"]
        acting = [a for _, _, a in back.edges(data=True) if a.get("acting") and a["relation"] == "holds post in"]
        assert (ties == "people") == bool(acting)
        assert all(a["label_id"].endswith(f"({names.term('acting')})") for a in acting)
