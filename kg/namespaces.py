"""The IRIs kg mints and the vocabularies it reuses.

A namespace is its IRI as a string; `KG.Person` and `KG["Person"]` are rdflib URIRefs, as with
rdflib's own Namespace, but rdflib is imported only then: `kg query` and `kg ask` need the IRIs,
not rdflib, and importing it would double their start-up time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import URIRef


class Namespace(str):
    """An IRI prefix; indexing it or reading an attribute gives the rdflib URIRef of a term in it.

    >>> ns = Namespace("https://example.org/")
    >>> str(ns), ns.thing, "https://example.org/x" in ns
    ('https://example.org/', rdflib.term.URIRef('https://example.org/thing'), True)
    """

    __slots__ = ()

    def __getitem__(self, name: str) -> URIRef:  # type: ignore[override]
        from rdflib import URIRef

        return URIRef(str(self) + name)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # copy, pickle and friends look for these
            raise AttributeError(name)
        return self[name]

    def term(self, name: str) -> URIRef:
        return self[name]

    def __contains__(self, iri: object) -> bool:
        return str(iri).startswith(self)

KG = Namespace("https://w3id.org/bpjs-kg/ontology#")
KGV = Namespace("https://w3id.org/bpjs-kg/vocab/")
KGSH = Namespace("https://w3id.org/bpjs-kg/shapes#")
ID = Namespace("https://w3id.org/bpjs-kg/id/")
GRAPH = Namespace("https://w3id.org/bpjs-kg/graph/")
# On a SPARQL server (`kg push`), the union of kg's graphs, each distinct triple once; kg's remote
# backend names it as the default graph of every query (kg.store.remote).
UNION_GRAPH = str(GRAPH) + "all"

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
TIME = Namespace("http://www.w3.org/2006/time#")
# The Library of Congress's datatype for EDTF (ISO 8601-2) dates, intervals and open bounds: the
# URIRef `EDTF`, made on first use (module __getattr__ below) so that importing this needs no rdflib.
EDTF_IRI = "http://id.loc.gov/datatypes/edtf/EDTF"
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "kg": KG, "kgv": KGV, "kgsh": KGSH, "id": ID, "graph": GRAPH, "org": ORG, "oa": OA,
    "eli": ELI, "time": TIME, "schema": SCHEMA,
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
    "rdf": Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
}


def entity_iri(record_id: str) -> URIRef:
    """The IRI of a record: one flat namespace, so an ID is unique across all sections."""
    return ID[record_id]


def iri_id(iri: URIRef) -> str | None:
    """The record ID inside one of kg's IRIs, or None for any other IRI."""
    text = str(iri)
    return text[len(str(ID)):] if text.startswith(str(ID)) else None


def __getattr__(name: str) -> URIRef:
    if name == "EDTF":
        from rdflib import URIRef

        return URIRef(EDTF_IRI)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
