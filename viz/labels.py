"""The ontology's labels of its terms, Indonesian first: the pages' headings come from here, never from a copy.

>>> from kg.store.graphstore import GraphStore
>>> term_labels(GraphStore.from_nquads(""), {"tenure": "tenure"})
{'tenure': {'id': 'tenure', 'en': 'tenure'}}
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.namespaces import KG
from kg.network.names import id_labels
from kg.store.graphstore import GraphStore

_LABELS = """
SELECT ?term ?label ?lang WHERE {
  VALUES ?term { %s }
  ?term rdfs:label|skos:prefLabel ?label .
  BIND(LANG(?label) AS ?lang)
  FILTER(LANGMATCHES(?lang, "id") || LANGMATCHES(?lang, "en"))
}
"""


def term_labels(store: GraphStore, terms: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """For each name, the `@id` and `@en` labels of the kg: term it names (local names of the ontology, e.g.
    ``{"tenure": "tenure", "post": "Post"}``); a term without labels is shown by its name."""
    rows = store.select(_LABELS % " ".join(f"<{KG[local]}>" for local in terms.values())) if terms else []
    by_iri: dict[str, dict[str, str]] = {}
    for row in rows:
        language = "id" if str(row["lang"]).lower().startswith("id") else "en"
        by_iri.setdefault(str(row["term"]), {})[language] = str(row["label"])
    found = {}
    for name, local in terms.items():
        labels = by_iri.get(str(KG[local]), {})
        found[name] = {"id": labels.get("id") or labels.get("en") or name, "en": labels.get("en") or name}
    return found


def value_labels(store: GraphStore) -> dict[str, str]:
    """Each English label and notation of an ontology term (a type, a status, a tenure, a role, a quadrant …)
    with the term's `@id` label, so that a page shows a value the facts hold in English (``deferred``) in
    Indonesian (``ditunda``): `kg.network.names.id_labels`, which the score reasons and `kg export` use too."""
    return id_labels(store)
