"""What the pages need to know beyond the network: entity types and their styles, sources, evidence.

The network of `kg.network.projection.project` names types, sources and facts by ID. The pages also show
each type's label, colour and shape (the legend), each source's title, publisher and date, and
the evidence quotes of every fact grouped by the source they come from. All of it is read from
the built graph, so the legend follows the ontology: a class added to `ontology/kg.ttl` gets a
colour without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from kg.network.names import RelationNames, relation_names
from kg.network.projection import KINDS
from kg.store.graphstore import GraphStore

# One shape per kind, so the kind reads at a glance; the colour tells the class within it.
# Only shapes whose size vis-network scales are used (labels sit below them, not inside).
KIND_SHAPES = {"Person": "dot", "Organization": "square", "Post": "triangle", "Region": "hexagon",
               "Programme": "star", "Regulation": "diamond", "Event": "triangleDown"}
# The same shapes as characters, for the legend and the panel.
SHAPE_GLYPHS = {"dot": "●", "square": "■", "triangle": "▲", "hexagon": "⬢", "star": "★", "diamond": "◆",
                "triangleDown": "▼"}
# Colours that people with the common colour-vision deficiencies still tell apart: Paul Tol's "muted"
# scheme, then the darker Okabe-Ito colours. A kind's classes take them in turn, each kind starting
# elsewhere, so classes of one kind differ in hue (not in shades of one colour) and kinds in shape.
PALETTE = ("#332288", "#117733", "#CC6677", "#88CCEE", "#DDCC77", "#AA4499", "#44AA99", "#999933",
           "#882255", "#E69F00", "#0072B2", "#D55E00")
KIND_START = {"Person": 9, "Organization": 0, "Post": 5, "Region": 1, "Programme": 4, "Regulation": 2, "Event": 6}

_CLASSES = f"""
SELECT ?cls ?kind ?label ?kindLabel ?labelId ?kindLabelId ?abstract WHERE {{
  VALUES ?kind {{ {" ".join("kg:" + kind for kind in KINDS)} }}
  ?cls rdfs:subClassOf* ?kind .
  FILTER(STRSTARTS(STR(?cls), STR(kg:)))
  OPTIONAL {{ ?cls rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
  OPTIONAL {{ ?kind rdfs:label ?kindLabel FILTER(LANGMATCHES(LANG(?kindLabel), "en")) }}
  OPTIONAL {{ ?cls rdfs:label ?labelId FILTER(LANGMATCHES(LANG(?labelId), "id")) }}
  OPTIONAL {{ ?kind rdfs:label ?kindLabelId FILTER(LANGMATCHES(LANG(?kindLabelId), "id")) }}
  OPTIONAL {{ ?cls kg:abstract ?abstract }}
}}
"""

_SOURCES = """
SELECT ?source ?title ?publisher ?issued ?file ?original WHERE {
  ?source a kg:Source .
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source kg:publisherName ?publisher }
  OPTIONAL { ?source dcterms:issued ?issued }
  OPTIONAL { ?source kg:fileName ?file }
  OPTIONAL { ?source kg:reprintOf ?original }
}
"""

# A source's own evidence (where its title and publisher are printed) says nothing about ties.
# The English summary of each pledge, request, proposal and statement, shown after its words as written.
_SUMMARIES = """
SELECT ?fact ?summary WHERE {
  { ?fact a kg:Commitment ; kg:what ?summary } UNION { ?fact a kg:AttributedStatement ; kg:summary ?summary }
}
"""

_EVIDENCE = """
SELECT ?fact ?source ?start ?quote WHERE {
  ?fact kg:evidence ?ev . ?ev oa:exact ?quote .
  FILTER NOT EXISTS { ?fact a kg:Source }
  OPTIONAL { ?ev kg:inSource ?source }
  OPTIONAL { ?ev oa:start ?start }
}
"""

_MENTIONS = """
SELECT ?node ?source ?start ?quote WHERE {
  ?mention a kg:Mention ; kg:mentionOf ?node ; oa:exact ?quote .
  OPTIONAL { ?mention kg:inSource ?source }
  OPTIONAL { ?mention oa:start ?start }
}
"""


# What a post is called besides its name: its role's labels and short forms (Kakanwil, Sekda), in every language.
_ROLES = """
SELECT ?post ?label WHERE {
  ?post org:role ?role . ?role skos:prefLabel|skos:altLabel ?label .
  FILTER(STRSTARTS(STR(?post), STR(id:)))
}
"""


@dataclass(frozen=True)
class TypeStyle:
    """How nodes of one class look, and what the legend calls them."""

    type: str  # the class's local name, e.g. RegionalOffice
    label: str  # e.g. "regional office"
    kind: str  # one of kg.network.projection.KINDS
    kind_label: str
    color: str  # "#rrggbb"
    border: str
    shape: str
    label_id: str = ""  # the ontology's Indonesian (@id) labels, "" where it has none
    kind_label_id: str = ""

    @property
    def glyph(self) -> str:
        """The shape as one character, for the legend."""
        return SHAPE_GLYPHS.get(self.shape, "●")


@dataclass(frozen=True)
class SourceInfo:
    """A source as the panel cites it."""

    id: str
    title: str
    publisher: str | None = None
    date: str | None = None  # publication date, ISO; None when the source gives none
    file: str | None = None
    reprint_of: str | None = None


# (source ID or "", start offset or -1, quote)
Quote = tuple[str, int, str]


@dataclass
class Catalogue:
    """Types, sources, and evidence quotes by fact and by mentioned entity."""

    types: dict[str, TypeStyle]
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    evidence: dict[str, list[Quote]] = field(default_factory=dict)  # fact ID -> quotes
    mentions: dict[str, list[Quote]] = field(default_factory=dict)  # entity ID -> quotes
    roles: dict[str, list[str]] = field(default_factory=dict)  # post ID -> its role's labels and short forms
    relations: dict[str, str] = field(default_factory=dict)  # a relation's name in the network -> its @id label
    summaries: dict[str, str] = field(default_factory=dict)  # commitment or statement ID -> its English summary
    terms: dict[str, str] = field(default_factory=dict)  # English label or notation of a term -> its @id label

    @property
    def names(self) -> RelationNames:
        """The relations' and terms' names in Bahasa Indonesia (kg.network.names)."""
        return RelationNames(self.relations, self.terms)

    def relation_label(self, relation: str) -> str | None:
        """A relation's name in Bahasa Indonesia, from the ontology (the rule in kg.network.names); None without one.

        >>> cat = Catalogue({}, relations={"runs": "menjalankan"}, terms={"pledge": "janji", "regarding": "mengenai"})
        >>> cat.relation_label("runs"), cat.relation_label("pledge regarding"), cat.relation_label("x y")
        ('menjalankan', 'janji mengenai', None)
        """
        return self.names.label(relation)

    def term(self, value: str) -> str:
        """A value the ontology names (a kind, status, measure, tenure …) by its @id label, else as it is."""
        return self.terms.get(value, value)

    def style(self, type_name: str, kind: str) -> TypeStyle:
        """The style of a class, or a grey one of its kind for a class the ontology does not list."""
        found = self.types.get(type_name)
        if found is not None:
            return found
        return TypeStyle(type_name, type_name, kind, kind, "#9e9e9e", "#616161", KIND_SHAPES.get(kind, "dot"))


def type_styles(classes: list[tuple[str, str, str, str]]) -> dict[str, TypeStyle]:
    """Styles for concrete classes given as (class, kind, label, kind label): shape by kind, colour by class.

    >>> styles = type_styles([("Agency", "Organization", "agency", "organisation"),
    ...                       ("Branch", "Organization", "branch", "organisation"),
    ...                       ("Person", "Person", "person", "person")])
    >>> styles["Agency"].shape, styles["Person"].shape, styles["Person"].color
    ('square', 'dot', '#E69F00')
    >>> styles["Agency"].color != styles["Branch"].color
    True
    """
    by_kind: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for entry in sorted(set(classes)):
        by_kind[entry[1]].append(entry)
    styles: dict[str, TypeStyle] = {}
    for kind in sorted(by_kind, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS)):
        members = by_kind[kind]
        start = KIND_START.get(kind, 0)
        for i, (cls, _, label, kind_label) in enumerate(members):
            color = PALETTE[(start + i) % len(PALETTE)]
            styles[cls] = TypeStyle(cls, label, kind, kind_label, color, _darker(color),
                                    KIND_SHAPES.get(kind, "dot"))
    return styles


def _darker(color: str) -> str:
    """The colour at 60 % brightness, for the border.

    >>> _darker("#ffffff")
    '#999999'
    """
    return "#" + "".join(f"{round(int(color[i:i + 2], 16) * 0.6):02x}" for i in (1, 3, 5))


def local_name(iri: Any) -> str:
    """The last segment of an IRI (after # or /): an ID, a class or a concept's local name."""
    text = str(iri)
    for mark in ("#", "/"):
        if mark in text:
            text = text.rsplit(mark, 1)[-1]
    return text


def read_catalogue(store: GraphStore) -> Catalogue:
    """Read the types, sources, evidence and mentions of a built graph."""
    rows = [row for row in store.select(_CLASSES) if not row["abstract"]]
    classes = [(local_name(row["cls"]), local_name(row["kind"]), row["label"] or local_name(row["cls"]),
                row["kindLabel"] or local_name(row["kind"])) for row in rows]
    indonesian = {local_name(row["cls"]): (row["labelId"] or "", row["kindLabelId"] or "") for row in rows}
    sources = {}
    for row in store.select(_SOURCES):
        source = local_name(row["source"])
        issued = row["issued"]
        sources[source] = SourceInfo(source, row["title"] or source, row["publisher"],
                                     issued.isoformat() if hasattr(issued, "isoformat") else issued,
                                     row["file"], local_name(row["original"]) if row["original"] else None)
    roles: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_ROLES):
        roles[local_name(row["post"])].add(str(row["label"]))
    styles = {name: replace(style, label_id=indonesian.get(name, ("", ""))[0],
                            kind_label_id=indonesian.get(name, ("", ""))[1])
              for name, style in type_styles(classes).items()}
    names = relation_names(store)
    return Catalogue(styles, dict(sorted(sources.items())),
                     _quotes(store.select(_EVIDENCE), "fact"), _quotes(store.select(_MENTIONS), "node"),
                     {post: sorted(labels) for post, labels in sorted(roles.items())}, dict(names.relations),
                     {local_name(row["fact"]): str(row["summary"]) for row in store.select(_SUMMARIES)},
                     dict(names.terms))


def _quotes(rows: list[dict[str, Any]], key: str) -> dict[str, list[Quote]]:
    found: dict[str, set[Quote]] = defaultdict(set)
    for row in rows:
        source = local_name(row["source"]) if row["source"] else ""
        start = row["start"] if isinstance(row["start"], int) else -1
        found[local_name(row[key])].add((source, start, row["quote"]))
    return {name: sorted(quotes) for name, quotes in sorted(found.items())}


def quotes_by_source(catalogue: Catalogue, facts: list[str], sources: list[str]) -> list[dict[str, Any]]:
    """For each source of a tie, the quotes of the tie's facts that come from it, in text order.

    >>> cat = Catalogue({}, evidence={"f1": [("s1", 5, "b"), ("s1", 0, "a"), ("s2", 0, "c")]})
    >>> quotes_by_source(cat, ["f1"], ["s1"])
    [{'id': 's1', 'quotes': ['a', 'b']}]
    """
    grouped: dict[str, list[tuple[int, str]]] = {source: [] for source in sources}
    for fact in facts:
        for source, start, quote in catalogue.evidence.get(fact, []):
            if source in grouped:
                grouped[source].append((start, quote))
    return [{"id": source, "quotes": list(dict.fromkeys(quote for _, quote in sorted(quotes)))}
            for source, quotes in grouped.items()]
