"""The graph as a network: who is tied to whom, by which relation, on whose word.

`project(store)` reads a built graph through SPARQL only (so any SPARQL backend will do) and
returns a `networkx.MultiDiGraph`; on a build's on-disk store it reads the same graph from the
`network.json` the build made with these queries (kg.network.stored). The analytics in
`kg.network.analytics` work on that graph.

Nodes
-----
Every kg record (an IRI under ``id:``) whose class is, or is a subclass of, one of
kg:Person, kg:Organization (the actors), kg:Post, kg:Region, kg:Programme, kg:Regulation or
kg:Event. Each node carries ``id``, ``label``, ``type`` (the class's local name, e.g.
``RegionalOffice``), ``kind`` (which of the seven families) and ``aliases`` (skos:altLabel).

Not nodes: sources, because provenance belongs on the ties (a source node would sit two
steps from everything its article mentions and dominate paths and centrality); the reified
facts (holdings, commitments, statements, figures, relation claims), which become edges;
flags, evidence spans, mentions, vocabulary concepts and ontology terms.

Posts are nodes rather than being folded into a person → organisation edge: a post outlives
its holders (the Kakanwil Sumbagsel post is held by Bambang Utama in s001 and by Muhyidin in
s000, s002 and s004), so the post node ties successive holders together and keeps two posts
in one office (head, deputy) apart. A person is therefore two steps from their organisation.

Edges
-----
=========================  =====================  ==================================================
from → to                  relation               read from
=========================  =====================  ==================================================
subject → object           the property's label   every property the ontology marks
                           (runs, serves region)  kg:relationProperty, in the graph that asserts it,
                                                  with its kg:RelationClaim for source and evidence
person → post              holds post             kg:PostHolding (tenure, acting, observed/start/end)
post → organisation        post in                org:postIn (registry)
actor → event              took part in           kg:Event kg:participant
event → region             held in                kg:Event kg:region
event → organisation       held at                kg:Event kg:venue
event → programme          part of programme      kg:Event kg:partOfProgramme
organisation → regulation  issued                 kg:Regulation eli:passed_by
regulation → region        applies in             kg:Regulation kg:region
agent → entity             <kind> regarding       kg:Commitment kg:committedBy, kg:regarding
agent → agent              <kind> addressed to    kg:Commitment kg:committedBy, kg:addressedTo
speaker → event            spoke at               kg:AttributedStatement kg:speaker, kg:atEvent
agent → region             gave figures on        kg:Figure kg:statedBy, kg:region
organisation → region      supplied data on       kg:Figure kg:dataSource, kg:region
=========================  =====================  ==================================================

``<kind>`` is the commitment kind's notation (pledge, request, proposal), followed by the property's @en label.
Every other relation name is the property's @en label or the notation of a kgv:NetworkTie concept
(ontology/vocab.ttl), whose @id label the views show. A commitment that
names neither an addressee nor a subject, a statement without an event and a figure without a
speaker or region give no edge; they stay in the RDF.

Every edge carries ``relation``, ``predicate`` (the IRI of the property that states the tie),
``sources`` (sorted source IDs), ``evidence`` (the quotes, in source order), ``dates``
(``observed``, ``start``, ``end`` when known), ``basis`` (article, background, registry),
``facts`` (the records behind it), qualifiers such as ``tenure`` or ``kind``, and ``weight``.
Claims of one relation between the same two nodes merge into one edge (keyed by the relation)
that lists all their sources. ``weight`` is the number of independent sources: sources marked
as reprints of another (``reprint_of`` in facts/sources.yaml, kg:reprintOf in the graph) count
once with it. A tie stated by no article (registry structure, cited background) has weight 1.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.namespaces import GRAPH, ID
from kg.network.recipes import ACTOR_KINDS as ACTOR_KINDS  # re-exported: the projection's node kinds
from kg.network.recipes import CLAIMS, DIRECT, FACTS, NODES, POSTS, RECIPES, REGULATIONS, term_iri
from kg.network.recipes import KINDS as KINDS
from kg.network.stored import stored_network
from kg.questions.resolve import EntityIndex, UnknownEntity
from kg.store.graphstore import GraphStore

# Columns every edge query may bind; any other bound column is a qualifier kept on the edge.
_COMMON = frozenset({"u", "v", "fact", "relation", "predicate", "g", "source", "basis", "quote", "qstart",
                     "observed", "start", "end", "ev", "to"})


def project(store: GraphStore, *, reprint_of: Mapping[str, str] | None = None,
            stored: bool = True) -> nx.MultiDiGraph[str]:
    """The network of a built graph: entities as nodes, relations and reified facts as edges.

    On the on-disk store of a build, the projection `kg build` made and kept beside it
    (kg.network.stored) is read rather than made again, unless `stored` is False.

    Parameters
    ----------
    store : GraphStore
        The built graph.
    reprint_of : mapping, optional
        Source ID → the source it reprints, on top of the kg:reprintOf marks in the graph; a
        reprint adds no weight to a tie its original already supports.
    stored : bool, default True
        Read the build's kept projection when there is one; False always runs the queries.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by entity ID; edges keyed by relation name. The module docstring gives the rule.

    Examples
    --------
    >>> store = GraphStore.from_nquads(
    ...     '<https://w3id.org/bpjs-kg/id/ani> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...     '<https://w3id.org/bpjs-kg/ontology#Person> .\\n'
    ...     '<https://w3id.org/bpjs-kg/ontology#Person> <http://www.w3.org/2000/01/rdf-schema#label> "person" .')
    >>> G = project(store)
    >>> dict(G.nodes["ani"])
    {'id': 'ani', 'label': 'ani', 'type': 'Person', 'kind': 'Person', 'aliases': []}
    """
    if stored and not reprint_of:
        kept = stored_network(store.build_dir)
        if kept is not None:
            return kept
    return assemble(store, _edge_rows(store), reprint_of or {})


def assemble(store: GraphStore, rows: Iterable[dict[str, Any]], reprint_of: Mapping[str, str]) -> nx.MultiDiGraph[str]:
    """The network of the store's nodes and the given edge rows (one per claim, source and quote)."""
    reprints = _reprints(store, reprint_of)
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="kg network", reprint_of=reprints)
    for node, attrs in sorted(_nodes(store).items()):
        G.add_node(node, **attrs)
    edges: dict[tuple[str, str, str], _Edge] = {}
    for row in rows:
        u, v = _local(row["u"]), _local(row["v"])
        if u in G and v in G:  # a tie to a non-node (e.g. a figure's concept) is not a tie
            edges.setdefault((u, v, row["relation"]), _Edge(row["predicate"])).add(row)
    for (u, v, relation), edge in sorted(edges.items()):
        G.add_edge(u, v, key=relation, relation=relation, **edge.attributes(reprints))
    return G


def _reprints(store: GraphStore, extra: Mapping[str, str]) -> dict[str, str]:
    """Each reprint's original, following chains (a reprint of a reprint counts as the first)."""
    marks = {_local(row["copy"]): _local(row["original"])
             for row in store.select("SELECT ?copy ?original WHERE { ?copy kg:reprintOf ?original }")}
    marks.update(extra)
    originals = {}
    for copy in marks:
        seen, source = {copy}, marks[copy]
        while source in marks and source not in seen:  # a cycle stops where it closes
            seen.add(source)
            source = marks[source]
        originals[copy] = source
    return originals


def independent(sources: Iterable[str], reprint_of: Mapping[str, str]) -> set[str]:
    """The sources that count separately: a reprint counts as its original.

    >>> sorted(independent(["s1", "s2", "s3"], {"s2": "s1"}))
    ['s1', 's3']
    """
    return {reprint_of.get(source, source) for source in sources}


def _local(iri: str) -> str:
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def _nodes(store: GraphStore) -> dict[str, dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for row in store.select(NODES):
        node = _local(row["node"])
        attrs = nodes.setdefault(node, {"id": node, "label": node, "type": row["type"].rsplit("#", 1)[-1],
                                        "kind": row["kind"].rsplit("#", 1)[-1], "aliases": []})
        if row["label"]:
            attrs["label"] = row["label"]
        if row["alias"] and row["alias"] not in attrs["aliases"]:
            attrs["aliases"] = sorted([*attrs["aliases"], row["alias"]])
    for row in store.select(REGULATIONS):
        node = _local(row["node"])
        if node in nodes and nodes[node]["label"] == node:
            nodes[node]["label"] = _regulation_label(row)
    return nodes


def _regulation_label(row: Mapping[str, Any]) -> str:
    """E.g. 'Pergub Sumatera Selatan Nomor 15 Tahun 2014 tentang …', or 'regulasi Jambi (direncanakan)': the class's
    and the status's @id labels (their notations where the ontology has none)."""
    words = [row["type"] if row["type"] and row["type"] != "unspecified" else row.get("noun") or "regulation"]
    words += [row["region"]] if row["region"] else []
    words += [f"Nomor {row['number']}"] if row["number"] else []
    words += [f"Tahun {row['year']}"] if row["year"] else []
    words += [f"tentang {row['title']}"] if row["title"] else []
    status = f" ({row.get('status_label') or row['status']})" if row["status"] and row["status"] != "in-force" else ""
    return " ".join(words) + status


def _edge_rows(store: GraphStore) -> Iterable[dict[str, Any]]:
    yield from _direct_rows(store)
    yield from _other_rows(store)


def _direct_rows(store: GraphStore) -> Iterable[dict[str, Any]]:
    """The relations the ontology marks kg:relationProperty, each with its claims' sources and quotes."""
    claims: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for claim in store.select(CLAIMS):
        claims[claim["u"], claim["predicate"], claim["v"], claim["g"]].append(claim)
    for triple in store.select(DIRECT):
        key = (triple["u"], triple["predicate"], triple["v"], triple["g"])
        for row in claims.get(key) or [{"fact": None, "source": None, "basis": None, "quote": None, "qstart": None}]:
            yield _direct_row({**row, **triple})


def _other_rows(store: GraphStore) -> Iterable[dict[str, Any]]:
    """Posts in their organisations, and the ties read from reified facts (RECIPES)."""
    for row in store.select(POSTS):
        yield {**row, "relation": "post in", "predicate": term_iri("org:postIn"),
               "basis": row.pop("g").rsplit("/", 1)[-1]}
    for recipe in RECIPES:
        for row in store.select(FACTS.format(pattern=recipe.pattern)):
            row["relation"] = row.get("relation") or recipe.relation
            row["predicate"] = row.get("predicate") or recipe.predicate
            row["basis"] = "article" if row.get("source") else None
            yield row


def _direct_row(row: dict[str, Any]) -> dict[str, Any]:
    """A relation stated in graph ?g: its claim's source and basis, else the graph's."""
    graph = row.pop("g")
    row["source"] = row["source"] or _source_of_graph(graph)
    row["basis"] = row["basis"] or graph.rsplit("/", 1)[-1]
    return row


def _source_of_graph(graph: str) -> str | None:
    prefix = str(GRAPH) + "source/"
    return graph[len(prefix):] if graph.startswith(prefix) else None


class _Edge:
    """The claims of one relation between two nodes, merged."""

    def __init__(self, predicate: str):
        self.predicate = predicate
        self.sources: set[str] = set()
        self.quotes: set[tuple[str, int, str]] = set()
        self.facts: set[str] = set()
        self.basis: set[str] = set()
        self.dates: dict[str, set[str]] = defaultdict(set)
        self.qualifiers: dict[str, set[str]] = defaultdict(set)
        self.flags: dict[str, bool] = {}

    def add(self, row: Mapping[str, Any]) -> None:
        source = _local(row["source"]) if row.get("source") else None
        if source:
            self.sources.add(source)
        if row.get("quote"):
            self.quotes.add((source or "", row.get("qstart") or 0, row["quote"]))
        if row.get("fact"):
            self.facts.add(_local(row["fact"]))
        if row.get("basis"):
            self.basis.add(row["basis"])
        for name in ("observed", "start", "end"):
            if row.get(name):
                self.dates[name].add(_text(row[name]))
        for name, value in row.items():
            if value is None or name in _COMMON:
                continue
            if isinstance(value, bool):  # e.g. acting: true when any claim says so
                self.flags[name] = self.flags.get(name, False) or value
            else:
                self.qualifiers[name].add(_local(_text(value)))

    def attributes(self, reprint_of: Mapping[str, str]) -> dict[str, Any]:
        dates: dict[str, Any] = {}
        if self.dates["start"]:
            dates["start"] = min(self.dates["start"])
        if self.dates["end"]:
            dates["end"] = max(self.dates["end"])
        if self.dates["observed"]:
            dates["observed"] = sorted(self.dates["observed"])
        return {
            "predicate": self.predicate,
            "sources": sorted(self.sources),
            "evidence": list(dict.fromkeys(quote for _, _, quote in sorted(self.quotes))),
            "dates": dates,
            "basis": sorted(self.basis),
            "facts": sorted(self.facts),
            **{name: sorted(values) for name, values in sorted(self.qualifiers.items())},
            **dict(sorted(self.flags.items())),
            "weight": max(1, len(independent(self.sources, reprint_of))),
        }


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def resolve_node(G: nx.MultiDiGraph[str], index: EntityIndex, name: str) -> str:
    """The node a user means by an ID, name or alias (any case); helpful errors otherwise."""
    key = " ".join(name.split()).casefold()
    if key in G:
        return key
    entity = index.resolve(name)
    if entity not in G:
        raise UnknownEntity(f"{name!r} is {entity} ({index.type(entity)}), which is not a node of the network "
                            f"(nodes are {', '.join(KINDS)})")
    return entity
