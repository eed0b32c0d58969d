"""`kg network …` and `kg export …`: thin commands over kg.network.projection and kg.network.analytics."""

from __future__ import annotations

from pathlib import Path

import click
import networkx as nx
from rich.table import Table

from kg.cli.options import add_data_row, graph_options, out, reports_errors
from kg.files import replacing_file
from kg.network.analytics import RANKINGS, Step, brokers, centrality, communities, ego_network, shortest_path_steps
from kg.network.export import EXPORT_FORMATS, write_network
from kg.network.names import relation_names, with_names
from kg.network.projection import project, resolve_node
from kg.network.ties import TIES, choose
from kg.questions.resolve import EntityIndex
from kg.store.backends import StoreChoice


def _load(graph: StoreChoice) -> tuple[nx.MultiDiGraph[str], EntityIndex]:
    with graph.open() as store:
        return project(store), EntityIndex(store)


_NUMBERS = ("rank", "#", "size", "distance", "degree", "strength", "betweenness", "pagerank", "weight", "nodes cut off")
_WHOLE = (*_NUMBERS, "id", "relation", "sources")


def _table(title: str, *columns: str) -> Table:
    """Names fold; IDs and numbers stay whole, so they can be copied into the next command."""
    table = Table(title=title)
    for column in columns:
        whole = column in _WHOLE
        table.add_column(column, overflow="fold", no_wrap=whole, justify="right" if column in _NUMBERS else "left")
    return table


@click.group()
def network() -> None:
    """Who is tied to whom: ego networks, paths, centrality, communities and brokers.

    Entities are named by ID, name or alias in any letter case.

    Example:

        kg network path "Agus Fatoni" Muhyidin
    """


@network.command(short_help="An entity and everything within K ties of it.")
@click.argument("name")
@click.option("--radius", type=click.IntRange(min=0), default=1, show_default=True,
              help="How many ties away from the entity to go.")
@graph_options
@reports_errors
def ego(name: str, radius: int, graph: StoreChoice) -> None:
    """An entity, everything within K ties of it, and the ties among them.

    Example:

        kg network ego muhyidin --radius 2
    """
    G, index = _load(graph)
    H = ego_network(G, resolve_node(G, index, name), radius=radius)
    nodes = _table(f"{H.number_of_nodes()} nodes within {radius} tie(s)", "distance", "id", "name", "type")
    for node in sorted(H, key=lambda n: (H.nodes[n]["distance"], n)):
        attrs = H.nodes[node]
        add_data_row(nodes, (str(attrs["distance"]), node, attrs["label"], attrs["type"]))
    out.print(nodes)
    ties = _table(f"{H.number_of_edges()} ties", "from", "relation", "to", "sources", "weight")
    for u, v, key in sorted(H.edges(keys=True)):
        attrs = H.edges[u, v, key]
        add_data_row(ties, (u, attrs["relation"], v, ", ".join(attrs["sources"] or attrs["basis"]), attrs["weight"]))
    out.print(ties)


def chain(G: nx.MultiDiGraph[str], steps: list[Step]) -> str:
    """A path as one line: `A —holds post [s000]→ B ←took part in [s004]— C`."""
    parts = [G.nodes[steps[0]["from"]]["label"]] if steps else []
    for step in steps:
        cited = f" [{', '.join(step['sources'])}]" if step["sources"] else ""
        arrow = f" —{step['relation']}{cited}→ " if step["forward"] else f" ←{step['relation']}{cited}— "
        parts.append(arrow + G.nodes[step["to"]]["label"])
    return "".join(parts)


@network.command()
@click.argument("a")
@click.argument("b")
@graph_options
@reports_errors
def path(a: str, b: str, graph: StoreChoice) -> None:
    """The fewest ties from A to B, each with its relation and sources.

    Example:

        kg network path agus-fatoni muhyidin
    """
    G, index = _load(graph)
    start, end = resolve_node(G, index, a), resolve_node(G, index, b)
    steps = shortest_path_steps(G, start, end)
    out.print(chain(G, steps) if steps else G.nodes[start]["label"], markup=False)
    out.print(f"{len(steps)} tie(s)", markup=False)


@network.command("centrality", short_help="Rank actors by PageRank, betweenness, degree.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many actors to list.")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from K pivots (fixed seed); default exact on small graphs.")
@click.option("--by", type=click.Choice(RANKINGS), default="pagerank", show_default=True, help="Rank by this score.")
@graph_options
@reports_errors
def centrality_command(top: int, sample: int | None, by: str, graph: StoreChoice) -> None:
    """Rank actors by PageRank, betweenness, degree or strength (the sum of their tie weights).

    Example:

        kg network centrality --top 5 --by betweenness
    """
    G, _ = _load(graph)
    result = centrality(G, k=sample, by=by)
    how = f"sampled from {result['sample']} pivots" if result["sample"] else "exact"
    table = _table(f"Actors by {by} (betweenness {how}, {result['nodes']} nodes)",
                   "rank", "id", "name", "degree", "betweenness", "pagerank")
    for rank, score in enumerate(result["ranking"][:top], 1):
        add_data_row(table, (str(rank), score["id"], score["label"], str(score["degree"]),
                             f"{score['betweenness']:.4f}", f"{score['pagerank']:.4f}"))
    out.print(table)


@network.command("communities")
@graph_options
@reports_errors
def communities_command(graph: StoreChoice) -> None:
    """Groups of densely tied entities, largest first.

    Louvain on the weighted ties with a fixed seed, so the answer is the same every run.

    Example:

        kg network communities
    """
    G, _ = _load(graph)
    table = _table("Communities", "#", "size", "members")
    for number, members in enumerate(communities(G), 1):
        add_data_row(table, (str(number), str(len(members)), "; ".join(G.nodes[m]["label"] for m in members)))
    out.print(table)


@network.command("brokers", short_help="Actors whose removal cuts off regions or orgs.")
@graph_options
@reports_errors
def brokers_command(graph: StoreChoice) -> None:
    """Actors whose removal cuts off regions or organisations.

    A broker is a person or organisation that is an articulation point of the network: the
    regions and organisations listed are connected to the rest only through it.

    Example:

        kg network brokers
    """
    G, _ = _load(graph)
    table = _table("Brokers", "id", "name", "cuts off", "nodes cut off")
    for broker in brokers(G):
        add_data_row(table, (broker["id"], broker["label"],
                             "; ".join(G.nodes[n]["label"] for n in broker["separated"]), str(broker["cut_off"])))
    out.print(table)


@click.command()
@click.argument("fmt", metavar="graphml|gexf", type=click.Choice(EXPORT_FORMATS))
@click.option("--out", "target", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), required=True,
              help="File to write; - for standard output.")
@click.option("--ties", type=click.Choice(TIES), default="posts", show_default=True,
              help="posts: each post a node between its holders and its organisation; people: each post holding "
                   "one person → organisation tie, labelled with the title as written, acting marked.")
@graph_options
@reports_errors
def export(fmt: str, target: Path, ties: str, graph: StoreChoice) -> None:
    """Write the network as GraphML or GEXF, for Gephi, yEd or Cytoscape.

    List and dict attributes (sources, evidence, dates …) are written as JSON text. Each tie's `relation` is
    its machine-readable name; `relation_id` and `label_id` name it in Bahasa Indonesia, from the ontology.

    Example:

        kg export gexf --out build/network.gexf
        kg export graphml --ties people --out build/people.graphml
    """
    with graph.open() as store:  # each tie also named for people: relation_id and label_id, in Bahasa Indonesia
        G = with_names(choose(project(store), ties), relation_names(store))
    if str(target) == "-":
        with click.open_file("-", "wb") as handle:
            write_network(G, handle, fmt)
        return
    with replacing_file(target) as handle:  # a full disk leaves the previous file, not an empty one
        write_network(G, handle, fmt)
    out.print(f"wrote {target} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", markup=False)
