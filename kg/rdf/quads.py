"""The quads of a build as sorted N-Quads statements, and what derives from them.

A statement is one N-Quads line without its final " .": `<s> <p> <o> <g>`. Every quad of kg
sits in a named graph whose IRI has no space, so the graph is the text after the last space,
and the union's triple is the text before it. Sorting the text is what makes kg.nq and
kg.nt the same bytes on every build.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import PREFIXES

PREFIX_MAP = {name: str(namespace) for name, namespace in sorted(PREFIXES.items())}
DATASET_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


class Quads:
    """Sorted, distinct N-Quads statements."""

    def __init__(self, statements: list[str]):
        self._statements: list[str] | None = statements
        self._length = len(statements)

    @property
    def statements(self) -> list[str]:
        if self._statements is None:
            raise RuntimeError("these quads were released once their files were written (Quads.release)")
        return self._statements

    @classmethod
    def of(cls, statements: Iterable[str]) -> Quads:
        """Sorted and distinct. Sorting puts equal statements side by side, so they are dropped there
        rather than through a set, which at a million statements would hold another 64 MB."""
        ordered = sorted(statements)
        return cls([s for i, s in enumerate(ordered) if not i or s != ordered[i - 1]])

    def __len__(self) -> int:
        return self._length

    def release(self) -> None:
        """Let go of the statements once every file made from them is written, keeping only their counts:
        at a national scale they are hundreds of megabytes that the store's load can then reuse."""
        self.triple_count  # noqa: B018 - counted while the statements are here
        self._statements = None

    def triples(self) -> Iterator[str]:
        """The union of the graphs: sorted, distinct N-Triples statements (without ' .').

        No sort is needed: a statement is its triple, a space and the graph, and N-Triples escapes
        every character below the space, so the statements of one triple are adjacent and the
        triples come out in order. They are made as they are read, so that a national graph is
        not held twice.
        """
        last = None
        for statement in self.statements:
            triple = statement[:statement.rindex(" ")]
            if triple != last:
                yield triple
                last = triple

    @cached_property
    def triple_count(self) -> int:
        return sum(1 for _ in self.triples())

    def nquads(self) -> bytes:
        return "".join(f"{statement} .\n" for statement in self.statements).encode()

    def ntriples(self) -> bytes:
        return "".join(f"{triple} .\n" for triple in self.triples()).encode()

    def write_nquads(self, path: Path) -> None:
        write_statements(path, self.statements)

    def write_ntriples(self, path: Path) -> None:
        write_statements(path, self.triples())

    def by_graph(self) -> bytes:
        """N-Quads with each graph's statements together, graphs in IRI order, for TriG."""
        graphs: dict[str, list[str]] = defaultdict(list)
        for statement in self.statements:
            graphs[statement.rsplit(" ", 1)[1]].append(statement)
        return "".join(f"{statement} .\n" for name in sorted(graphs) for statement in graphs[name]).encode()

    def write(self, path: Path, format: ox.RdfFormat) -> None:
        """Write the quads (N-Quads, TriG) or their union's triples (Turtle, N-Triples, JSON-LD) with
        Oxigraph's serialisers, which group consecutive statements about one subject (and graph)."""
        if format in DATASET_FORMATS:
            data, source = self.by_graph(), ox.RdfFormat.N_QUADS
        else:
            data, source = self.ntriples(), ox.RdfFormat.N_TRIPLES
        ox.serialize(ox.parse(data, format=source), str(path), format=format, prefixes=PREFIX_MAP)

    def dataset(self) -> Dataset:
        """The quads in an rdflib Dataset with kg's prefixes bound, for small graphs."""
        dataset = Dataset()
        _bind(dataset)
        for quad in ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS):
            graph = dataset.graph(URIRef(quad.graph_name.value))  # every kg quad is in a named graph
            graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
        return dataset

    def union_graph(self) -> Graph:
        """The union of the graphs in an rdflib Graph, for small graphs."""
        return parse_ntriples(self.triples(), Graph())


def write_statements(path: Path, statements: Iterable[str], chunk: int = 100_000) -> None:
    """Write N-Quads or N-Triples statements a chunk at a time, never the whole text at once."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for part in batched(statements, chunk):
            out.write("".join(f"{statement} .\n" for statement in part))


def parse_ntriples(triples: Iterable[str], graph: Graph) -> Graph:
    """Add N-Triples statements (without ' .') to an rdflib graph, binding kg's prefixes.

    Oxigraph parses and rdflib only receives the terms: rdflib's own N-Triples parser matches a
    regular expression against the rest of its buffer for every term, which is quadratic in the
    length of a literal (a 1 MB description took 19 s to validate, 5 MB minutes).
    """
    _bind(graph)
    text = "".join(f"{triple} .\n" for triple in triples).encode()
    graph.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), graph)
               for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    return graph


_XSD_STRING = ox.NamedNode(str(XSD.string))


def from_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Node:
    """The rdflib term of an Oxigraph term, as rdflib's parsers make it.

    A plain string comes back without a datatype: Oxigraph gives every simple literal xsd:string,
    and rdflib tells `"x"` from `"x"^^xsd:string`, which kg never writes (see kg.rdf.build.literal).
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"kg's RDF has no {type(term).__name__} terms")


def batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """`items` in lists of `size` (itertools.batched is Python 3.12)."""
    iterator = iter(items)
    while part := list(islice(iterator, size)):
        yield part


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
