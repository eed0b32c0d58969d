"""Find an entity by what a person would type: its ID, its name or any alias, in any letter case.

Indexing every name of a national graph takes seconds (47,000 entities at a million triples), so
`kg build` indexes them once and keeps the index beside the store as `names.json`; an index made
on a build's on-disk store reads that file (28-37x faster, docs/benchmarks.md) instead of querying. The
build folder is replaced as a whole, so the file always belongs to the store beside it; a graph
opened any other way, or a file of another format, is indexed through SPARQL as before.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kg.errors import KgError
from kg.namespaces import ID
from kg.store.graphstore import GraphStore

NAMES_FILE = "names.json"
NAMES_FORMAT = 1  # bumped whenever the file's layout or what is indexed changes
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

    def __init__(self, store: GraphStore, *, stored: bool = True):
        self._by_key: dict[str, Collection[str]] = {}
        self._label: dict[str, str] = {}
        self._type: dict[str, str] = {}
        if stored and self._read(store.build_dir):
            return
        for row in store.select(_LABELS):
            entity = row["entity"][len(str(ID)):]
            if row["name"]:
                self._label[entity] = row["name"]
            for key in (entity, row["name"], row["alias"]):
                if key:
                    found = self._by_key.setdefault(" ".join(key.split()).casefold(), set())
                    cast(set[str], found).add(entity)
            if row["type"]:
                self._type[entity] = row["type"].rsplit("#", 1)[-1]

    def names_json(self) -> bytes:
        """The index as the bytes of `names.json`."""
        document = {"format": NAMES_FORMAT, "keys": {key: sorted(ids) for key, ids in sorted(self._by_key.items())},
                    "labels": dict(sorted(self._label.items())), "types": dict(sorted(self._type.items()))}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    def _read(self, build_dir: Path | None) -> bool:
        """Fill the index from the build's names.json; False when there is none of this format."""
        if build_dir is None:
            return False
        try:
            document = json.loads((build_dir / NAMES_FILE).read_bytes())
            if document.get("format") != NAMES_FORMAT:
                return False
            self._by_key = document["keys"]  # lists of IDs, as read: no set is made for the keys never asked
            self._label.update(document["labels"])
            self._type.update(document["types"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._by_key = {}
            self._label.clear()
            self._type.clear()
            return False
        return True

    def resolve(self, name: str) -> str:
        """The ID of the one entity called `name`; an error that helps when there is none or several."""
        key = " ".join(name.split()).casefold()
        found = set(self._by_key.get(key, ()))
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
