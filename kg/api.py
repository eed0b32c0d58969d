"""The Python API, for notebooks and scripts: open the graph, ask SPARQL or a named question.

Example, after `kg build` (the README runs the same as a doctest)::

    import kg
    graph = kg.open_graph("build")
    graph.ask("post-holders", post="Muhyidin")[0]["post_name"]
    # 'Kepala Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel'

Rows come back as dicts of plain Python values: IRIs as str, numbers as int or
Decimal, dates as datetime.date, unbound as None.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import InvalidData
from kg.questions.named import Question, ask, questions
from kg.questions.resolve import EntityIndex
from kg.store.graphstore import XSD, GraphStore, QueryResult, Term

if TYPE_CHECKING:
    import networkx as nx


class KnowledgeGraph:
    """The built graph, open for questions."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._index: EntityIndex | None = None

    @classmethod
    def from_facts(cls, facts_dir: str | Path = "facts", sources_dir: str | Path | None = None) -> KnowledgeGraph:
        """Build from the fact files in memory (validating them) without writing anything."""
        from kg.pipeline import run

        outcome = run(Path(facts_dir), Path(sources_dir) if sources_dir else None)
        if not outcome.valid:
            raise InvalidData(outcome.problems)
        return cls(GraphStore.from_nquads(outcome.quads.nquads()))

    @property
    def entities(self) -> EntityIndex:
        """Names and aliases of every entity, for `resolve`."""
        if self._index is None:
            self._index = EntityIndex(self.store)
        return self._index

    def resolve(self, name: str) -> str:
        """The ID of the entity with this ID, name or alias (any letter case)."""
        return self.entities.resolve(name)

    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run SPARQL; keyword arguments bind variables (str, int, Decimal, date, or a pyoxigraph term)."""
        return self.store.query(sparql, {name: to_term(value) for name, value in bindings.items()})

    def select(self, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of plain values."""
        return self.query(sparql, **bindings).records()

    def ask(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named question; parameters as on the command line (entities by name, dates as text or date)."""
        text = {key: value.isoformat() if isinstance(value, dt.date) else str(value) for key, value in params.items()}
        return ask(self.store, name, text, self.entities).records()

    @staticmethod
    def questions() -> dict[str, Question]:
        """The named questions, by name."""
        return questions()

    def network(self) -> nx.MultiDiGraph[str]:
        """The graph projected onto networkx (see kg.network.projection for the rule)."""
        from kg.network.projection import project

        return project(self.store)


def open_graph(build_dir: str | Path = "build", store: str = "auto", *, endpoint: str | None = None,
               user: str | None = None, password: str | None = None) -> KnowledgeGraph:
    """Open the graph `kg build` wrote into build_dir, or a server's (endpoint), on the chosen
    backend: auto, oxigraph, oxigraph-disk, rdflib or remote (see kg.store.backends)."""
    from kg.store.backends import open_store

    return KnowledgeGraph(open_store(build_dir, store, endpoint=endpoint, user=user, password=password))


def to_term(value: Any) -> Term:
    """A Python value as an RDF term: str → string literal, bool, int, Decimal, float, date."""
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal | float):
        return ox.Literal(str(Decimal(str(value))), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(value))
