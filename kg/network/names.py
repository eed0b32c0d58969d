"""The network's relations and the ontology's values by their names in Bahasa Indonesia, read from the ontology.

The projection names each tie in English (its `relation`, machine-readable, kept in network.json and in the GraphML
and GEXF exports). What people read is the ontology's @id label of that name:

- a property the ontology marks kg:relationProperty: its own labels (``serves region``: *melayani wilayah*);
- a tie the projection reads from a reified fact or the post registry: the kgv:NetworkTie concept whose notation
  is the name (ontology/vocab.ttl; ``holds post in``: *menjabat di*);
- a commitment's tie, ``<kind> <property>``: the kind's @id label, then the property's (``pledge regarding``:
  *janji mengenai*);
- any other name that is a term's English label (``part of programme``): that term's @id label.

An acting holding's tie is labelled with its title and, after it, the @id label of tenure ``acting``
(*pelaksana*). The views (viz.catalogue, viz.render) and `kg export` read the names from here; the code holds no
copy of them.

>>> names = RelationNames({"runs": "menjalankan"}, {"pledge": "janji", "regarding": "mengenai", "acting": "pelaksana"})
>>> names.label("runs"), names.label("pledge regarding"), names.label("x y")
('menjalankan', 'janji mengenai', None)
>>> names.edge_label({"relation": "holds post in", "label": "Plh Sekda (acting)"})
'Plh Sekda (pelaksana)'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.network.ties import ACTING_MARK
from kg.store.graphstore import GraphStore

# Every ontology term with an @id label, by its English label and its notation (types, roles, statuses, tenures …).
_ID_LABELS = """
SELECT ?en ?notation ?id WHERE {
  ?term skos:prefLabel|rdfs:label ?id . FILTER(LANGMATCHES(LANG(?id), "id"))
  OPTIONAL { ?term skos:prefLabel|rdfs:label ?en . FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?term skos:notation ?notation }
}
"""

# The @id names of the relations, by their names in the network: the properties the ontology marks
# kg:relationProperty (by their @en labels), and the ties kgv:NetworkTie names (by their notations).
_RELATIONS = """
SELECT ?en ?id WHERE {
  { ?p kg:relationProperty true ; rdfs:label ?en , ?id . FILTER(LANGMATCHES(LANG(?en), "en")) }
  UNION { ?p skos:inScheme kgv:NetworkTie ; skos:notation ?en ; skos:prefLabel ?id }
  FILTER(LANGMATCHES(LANG(?id), "id"))
}
"""


def id_labels(store: GraphStore) -> dict[str, str]:
    """Each English label and notation of an ontology term (a type, a status, a tenure, a role, a quadrant …)
    with the term's `@id` label, so that a value the facts hold in English (``deferred``) is shown in Bahasa
    Indonesia (``ditunda``). Where two terms share an English label, the first `@id` label in order wins.

    >>> id_labels(GraphStore.from_nquads(""))
    {}
    """
    found: dict[str, str] = {}
    for row in sorted(store.select(_ID_LABELS), key=lambda r: (str(r["en"] or ""), str(r["id"]))):
        for key in (row["en"], row["notation"]):
            if key is not None and str(key) and str(key) != str(row["id"]):
                found.setdefault(str(key), str(row["id"]))
    return found


@dataclass(frozen=True)
class RelationNames:
    """The @id names of relations (by their names in the network) and of terms (by English label or notation)."""

    relations: Mapping[str, str] = field(default_factory=dict)
    terms: Mapping[str, str] = field(default_factory=dict)

    def label(self, relation: str) -> str | None:
        """A relation's name in Bahasa Indonesia (the rule in the module docstring); None when the ontology has none."""
        if relation in self.relations:
            return self.relations[relation]
        if relation in self.terms:
            return self.terms[relation]
        words = relation.split(" ")
        for cut in range(1, len(words)):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if head in self.terms and (tail in self.relations or tail in self.terms):
                return f"{self.terms[head]} {self.relations.get(tail) or self.terms[tail]}"
        return None

    def term(self, value: str) -> str:
        """A value the ontology names (a kind, status, measure, tenure …) by its @id label, else as it is."""
        return self.terms.get(value, value)

    def edge_label(self, attrs: Mapping[str, Any]) -> str:
        """A tie's label in Bahasa Indonesia: a holding's title as written, with the @id label of tenure "acting"
        after an acting one's; any other tie's relation by its @id name (else as it is)."""
        label, relation = str(attrs.get("label") or ""), str(attrs.get("relation", ""))
        if label:
            return label[:-len(ACTING_MARK)] + f" ({self.term('acting')})" if label.endswith(ACTING_MARK) else label
        return self.label(relation) or relation


def relation_names(store: GraphStore) -> RelationNames:
    """The names of a built graph's ontology: its relations' and its terms' @id labels."""
    return RelationNames(dict(sorted((str(row["en"]), str(row["id"])) for row in store.select(_RELATIONS))),
                         id_labels(store))


def with_names(G: nx.MultiDiGraph[str], names: RelationNames) -> nx.MultiDiGraph[str]:
    """A copy of the network whose ties also carry, for people to read, ``relation_id`` (the relation's name in
    Bahasa Indonesia) and ``label_id`` (the tie's label there), beside the machine-readable ``relation``."""
    H = G.copy()
    for _, _, attrs in H.edges(data=True):
        relation = str(attrs.get("relation", ""))
        attrs["relation_id"] = names.label(relation) or relation
        attrs["label_id"] = names.edge_label(attrs)
    return H
