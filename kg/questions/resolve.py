"""Find an entity by what a person would type: its ID, its name or any alias, in any letter case.

Indexing every name of a national graph takes seconds (47,000 entities at a million triples), so
`kg build` indexes them once and keeps the index beside the store as `names.sqlite`, an SQLite
table keyed by the folded name. An index made on a build's on-disk store looks a name up there:
one indexed read, however big the graph, instead of querying the store or reading every name
into memory (docs/benchmarks.md, "hotpath"). The build folder is replaced as a whole, so the file
always belongs to the store beside it; a graph opened any other way, or a file of another format,
is indexed through SPARQL as before.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.namespaces import ID
from kg.store.graphstore import GraphStore

NAMES_FILE = "names.sqlite"
NAMES_FORMAT = 2  # PRAGMA user_version; bumped whenever the file's layout or what is indexed changes
_SCHEMA = """
CREATE TABLE names (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE TABLE entities (id TEXT PRIMARY KEY, label TEXT, type TEXT) WITHOUT ROWID;
"""
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


def fold(name: str) -> str:
    """A name as the index keys it: spaces collapsed, letter case folded."""
    return " ".join(name.split()).casefold()


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
        self._kept = _open_kept(store.build_dir) if stored else None
        self._by_key: dict[str, set[str]] = {}
        self._label: dict[str, str] = {}
        self._type: dict[str, str] = {}
        if self._kept is not None:
            return
        for row in store.select(_LABELS):
            entity = row["entity"][len(str(ID)):]
            if row["name"]:
                self._label[entity] = row["name"]
            for key in (entity, row["name"], row["alias"]):
                if key:
                    self._by_key.setdefault(fold(key), set()).add(entity)
            if row["type"]:
                self._type[entity] = row["type"].rsplit("#", 1)[-1]

    def document(self) -> dict[str, Any]:
        """The whole index as plain data (to compare one kept by the build with one made through SPARQL)."""
        if self._kept is not None:
            keys: dict[str, list[str]] = {}
            for key, entity in self._kept.execute("SELECT key, id FROM names ORDER BY key, id"):
                keys.setdefault(key, []).append(entity)
            rows = self._kept.execute("SELECT id, label, type FROM entities ORDER BY id").fetchall()
            return {"keys": keys, "labels": {i: label for i, label, _ in rows if label is not None},
                    "types": {i: type for i, _, type in rows if type is not None}}
        return {"keys": {key: sorted(ids) for key, ids in sorted(self._by_key.items())},
                "labels": dict(sorted(self._label.items())), "types": dict(sorted(self._type.items()))}

    def write(self, path: Path) -> None:
        """Keep the index as `path` (an SQLite file, rows in key order, so that two builds write the same bytes)."""
        document = self.document()
        with sqlite3.connect(path) as db:
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {NAMES_FORMAT}")
            db.executemany("INSERT INTO names VALUES (?, ?)",
                           ((key, entity) for key, ids in document["keys"].items() for entity in ids))
            entities = sorted(set(document["labels"]) | set(document["types"]))
            db.executemany("INSERT INTO entities VALUES (?, ?, ?)",
                           ((i, document["labels"].get(i), document["types"].get(i)) for i in entities))
        db.close()

    def _ids(self, key: str) -> set[str]:
        if self._kept is None:
            return set(self._by_key.get(key, ()))
        return {entity for (entity,) in self._kept.execute("SELECT id FROM names WHERE key = ?", (key,))}

    def _keys(self) -> Iterable[str]:
        if self._kept is None:
            return list(self._by_key)
        return [key for (key,) in self._kept.execute("SELECT DISTINCT key FROM names")]

    def _entity(self, entity: str) -> tuple[str | None, str | None]:
        if self._kept is None:
            return self._label.get(entity), self._type.get(entity)
        row = self._kept.execute("SELECT label, type FROM entities WHERE id = ?", (entity,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def resolve(self, name: str) -> str:
        """The ID of the one entity called `name`; an error that helps when there is none or several."""
        key = fold(name)
        found = self._ids(key)
        if len(found) == 1:
            return next(iter(found))
        if found and key in {f.casefold() for f in found}:
            return key  # an exact ID wins over another entity's alias
        if found:
            listed = "; ".join(f"{c.id} ({c.type}: {c.label})" for c in self.candidates(found))
            raise AmbiguousEntity(f"{name!r} names more than one entity: {listed}; use one of these IDs")
        # Only a name that is not there reads every key, to suggest the closest ones.
        close = difflib.get_close_matches(key, list(self._keys()), n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise UnknownEntity(f"No such entity: {name!r}{hint}")

    def candidates(self, ids: set[str]) -> list[Candidate]:
        return [Candidate(i, self.label(i), self.type(i)) for i in sorted(ids)]

    def label(self, entity: str) -> str:
        """The entity's name, or its ID when it has none."""
        return self._entity(entity)[0] or entity

    def type(self, entity: str) -> str:
        """The entity's class name (e.g. 'Person'), or '?'."""
        return self._entity(entity)[1] or "?"


def _open_kept(build_dir: Path | None) -> sqlite3.Connection | None:
    """The build's names.sqlite, opened read-only; None when there is none of this format."""
    if build_dir is None or not (build_dir / NAMES_FILE).is_file():
        return None
    try:
        # immutable: the build folder is never written once made, so SQLite needs no locks or journal
        db = sqlite3.connect(f"{(build_dir / NAMES_FILE).resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                             check_same_thread=False)
        if db.execute("PRAGMA user_version").fetchone()[0] != NAMES_FORMAT:
            db.close()
            return None
        db.execute("SELECT key, id FROM names LIMIT 1").fetchall()
        db.execute("SELECT id, label, type FROM entities LIMIT 1").fetchall()
    except sqlite3.Error:
        return None
    return db
