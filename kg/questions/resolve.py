"""Find an entity by what a person would type: its ID, its name or any alias, in any letter case."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from kg.errors import KgError
from kg.namespaces import ID
from kg.store.graphstore import GraphStore

# kg's own records only (vocabulary concepts and ontology terms have labels too, but
# no one asks "who is 'percent'"); evidence spans and mentions are parts of records.
_LABELS = """
SELECT ?entity ?name ?alias ?type WHERE {
  ?entity a ?type .
  FILTER(STRSTARTS(STR(?entity), STR(id:)) && ?type NOT IN (kg:Evidence, kg:Mention))
  OPTIONAL { ?entity skos:prefLabel|dcterms:title|eli:title ?name }
  OPTIONAL { ?entity skos:altLabel ?alias }
}
"""


class UnknownEntity(KgError):
    """No entity has this ID, name or alias."""


class AmbiguousEntity(KgError):
    """More than one entity has this name or alias."""


@dataclass(frozen=True)
class Candidate:
    """One entity a name may refer to."""

    id: str
    label: str
    type: str


class EntityIndex:
    """Every entity's ID, name and aliases, folded to lower case, for lookups.

    Examples
    --------
    >>> from kg.store.graphstore import GraphStore
    >>> muhyidin, person = "<https://w3id.org/bpjs-kg/id/muhyidin>", "<https://w3id.org/bpjs-kg/ontology#Person>"
    >>> store = GraphStore.from_nquads(
    ...     f'{muhyidin} <http://www.w3.org/2004/02/skos/core#prefLabel> "Muhyidin" <g:1> .' + chr(10) +
    ...     f'{muhyidin} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {person} <g:1> .')
    >>> EntityIndex(store).resolve("MUHYIDIN")
    'muhyidin'
    """

    def __init__(self, store: GraphStore):
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._label: dict[str, str] = {}
        self._type: dict[str, str] = {}
        for row in store.select(_LABELS):
            entity = row["entity"][len(str(ID)):]
            if row["name"]:
                self._label[entity] = row["name"]
            for key in (entity, row["name"], row["alias"]):
                if key:
                    self._by_key[" ".join(key.split()).casefold()].add(entity)
            if row["type"]:
                self._type[entity] = row["type"].rsplit("#", 1)[-1]

    def resolve(self, name: str) -> str:
        """The ID of the one entity called `name`; an error that helps when there is none or several."""
        key = " ".join(name.split()).casefold()
        found = self._by_key.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if found and key in {f.casefold() for f in found}:
            return key  # an exact ID wins over another entity's alias
        if found:
            listed = "; ".join(f"{c.id} ({c.type}: {c.label})" for c in self.candidates(found))
            raise AmbiguousEntity(f"{name!r} names more than one entity: {listed}; use one of these IDs")
        close = difflib.get_close_matches(key, list(self._by_key), n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise UnknownEntity(f"No such entity: {name!r}{hint}")

    def candidates(self, ids: set[str]) -> list[Candidate]:
        return [Candidate(i, self._label.get(i, i), self._type.get(i, "?")) for i in sorted(ids)]

    def label(self, entity: str) -> str:
        """The entity's name, or its ID when it has none."""
        return self._label.get(entity, entity)

    def type(self, entity: str) -> str:
        """The entity's class name (e.g. 'Person'), or '?'."""
        return self._type.get(entity, "?")
