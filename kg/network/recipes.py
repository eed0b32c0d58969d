"""The SPARQL the network projection runs (kg.network.projection): the nodes, and one recipe per kind of tie.

Kept apart from the assembling code so that each stays readable; the projection's docstring gives the
table of ties these recipes read.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import PREFIXES

KINDS = ("Person", "Organization", "Post", "Region", "Programme", "Regulation", "Event")
ACTOR_KINDS = frozenset({"Person", "Organization"})

NODES = f"""
SELECT ?node ?type ?kind ?label ?alias WHERE {{
  VALUES ?kind {{ {" ".join("kg:" + kind for kind in KINDS)} }}
  ?node a ?type . ?type rdfs:subClassOf* ?kind .
  FILTER(STRSTARTS(STR(?node), STR(id:)))
  OPTIONAL {{ ?node skos:prefLabel ?label }}
  OPTIONAL {{ ?node skos:altLabel ?alias }}
}} ORDER BY ?node ?type
"""

# Regulations have no prefLabel: a citation-like name is composed from what the source gives, in Bahasa Indonesia
# (the class's and the status's @id labels where no type or title says more).
REGULATIONS = """
SELECT ?node ?type ?region ?number ?year ?title ?status ?noun ?status_label WHERE {
  ?node a kg:Regulation .
  OPTIONAL { kg:Regulation rdfs:label ?noun FILTER(LANGMATCHES(LANG(?noun), "id")) }
  OPTIONAL { ?node kg:regulationStatus/skos:prefLabel ?status_label FILTER(LANGMATCHES(LANG(?status_label), "id")) }
  OPTIONAL { ?node kg:regulationType/skos:notation ?type }
  OPTIONAL { ?node kg:region/skos:prefLabel ?region }
  OPTIONAL { ?node eli:number ?number }
  OPTIONAL { ?node kg:year ?year }
  OPTIONAL { ?node eli:title ?title }
  OPTIONAL { ?node kg:regulationStatus/skos:notation ?status }
}
"""

# The relation triples, graph by graph, and separately their kg:RelationClaims (joined in Python on
# subject, predicate, object and graph). One query with the claim as an OPTIONAL inside the GRAPH
# took 68 s at a million triples on Oxigraph (it tried every claim for every triple); the two
# take about a second.
DIRECT = """
SELECT ?u ?v ?predicate ?relation ?g WHERE {
  ?predicate kg:relationProperty true ; rdfs:label ?relation .
  FILTER(LANGMATCHES(LANG(?relation), "en"))
  GRAPH ?g { ?u ?predicate ?v }
}
"""

CLAIMS = """
SELECT ?u ?v ?predicate ?g ?fact ?source ?basis ?quote ?qstart WHERE {
  GRAPH ?g { ?fact a kg:RelationClaim ; rdf:subject ?u ; rdf:predicate ?predicate ; rdf:object ?v }
  OPTIONAL { ?fact prov:wasDerivedFrom ?source }
  OPTIONAL { ?fact kg:basis/skos:notation ?basis }
  OPTIONAL { ?fact kg:evidence ?ev . ?ev oa:exact ?quote . OPTIONAL { ?ev oa:start ?qstart } }
}
"""

POSTS = "SELECT ?u ?v ?g WHERE { GRAPH ?g { ?u org:postIn ?v } }"

# The records behind the other edges; {pattern} binds ?u, ?v and ?fact (plus qualifiers).
FACTS = """
SELECT * WHERE {{
  {pattern}
  OPTIONAL {{ ?fact prov:wasDerivedFrom ?source }}
  OPTIONAL {{ ?fact kg:evidence ?ev . ?ev oa:exact ?quote . OPTIONAL {{ ?ev oa:start ?qstart }} }}
}}
"""


@dataclass(frozen=True)
class Recipe:
    """How one kind of record becomes edges: a relation name, the stating property, a pattern.

    The relation name is the notation of a kgv:NetworkTie concept (ontology/vocab.ttl), which gives its labels;
    a commitment's is its kind's notation and its property's @en label ("pledge regarding")."""

    relation: str  # a kgv:NetworkTie notation; empty when the pattern binds ?relation
    predicate: str  # empty when the pattern binds ?predicate
    pattern: str


def term_iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return str(PREFIXES[prefix]) + local


RECIPES = (
    Recipe("holds post", term_iri("org:holds"), """
      ?fact a kg:PostHolding ; org:member ?u ; kg:ofPost ?v .
      BIND(EXISTS { ?fact kg:tenure/skos:broader* kgv:tenure-acting } AS ?acting)
      OPTIONAL { ?fact kg:tenure/skos:notation ?tenure }
      OPTIONAL { ?fact kg:observedOn ?observed }
      OPTIONAL { ?fact kg:startDate ?start }
      OPTIONAL { ?fact kg:endDate ?end }
      OPTIONAL { ?fact kg:atEvent ?event }
      OPTIONAL { ?fact kg:titleAsWritten ?title }"""),
    Recipe("took part in", term_iri("kg:participant"), """
      ?v a kg:Event ; kg:participant ?u . BIND(?v AS ?fact) OPTIONAL { ?v dcterms:date ?observed }"""),
    Recipe("took part in", term_iri("kg:participant"), """
      ?fact a kg:EventReport ; kg:reportsEvent ?v ; kg:participant ?u . OPTIONAL { ?fact dcterms:date ?observed }"""),
    Recipe("held in", term_iri("kg:region"), """
      ?u a kg:Event ; kg:region ?v . BIND(?u AS ?fact) OPTIONAL { ?u dcterms:date ?observed }"""),
    Recipe("held at", term_iri("kg:venue"), """
      ?u a kg:Event ; kg:venue ?v . BIND(?u AS ?fact) OPTIONAL { ?u dcterms:date ?observed }"""),
    Recipe("part of programme", term_iri("kg:partOfProgramme"), """
      ?u a kg:Event ; kg:partOfProgramme ?v . BIND(?u AS ?fact) OPTIONAL { ?u dcterms:date ?observed }"""),
    Recipe("issued", term_iri("eli:passed_by"), """
      ?v a kg:Regulation ; eli:passed_by ?u . BIND(?v AS ?fact)
      OPTIONAL { ?v kg:regulationStatus/skos:notation ?status }"""),
    Recipe("applies in", term_iri("kg:region"), """
      ?u a kg:Regulation ; kg:region ?v . BIND(?u AS ?fact)"""),
    Recipe("", "", """
      ?fact a kg:Commitment ; kg:committedBy ?u ; kg:commitmentKind/skos:notation ?kind .
      { ?fact kg:regarding ?v BIND(kg:regarding AS ?predicate) }
      UNION { ?fact kg:addressedTo ?v BIND(kg:addressedTo AS ?predicate) }
      ?predicate rdfs:label ?to . FILTER(LANGMATCHES(LANG(?to), "en"))
      BIND(CONCAT(?kind, " ", STR(?to)) AS ?relation)
      OPTIONAL { ?fact kg:status/skos:notation ?status }
      OPTIONAL { ?fact kg:dueYear ?due_year }
      OPTIONAL { ?fact kg:atEvent ?event }"""),
    Recipe("spoke at", term_iri("kg:speaker"), """
      ?fact a kg:AttributedStatement ; kg:speaker ?u ; kg:atEvent ?v .
      OPTIONAL { ?v dcterms:date ?observed }
      OPTIONAL { ?fact kg:inRole ?role }"""),
    Recipe("gave figures on", term_iri("kg:statedBy"), """
      ?fact a kg:Figure ; kg:statedBy ?u ; kg:region ?v .
      OPTIONAL { ?fact kg:measure/skos:notation ?measure }
      OPTIONAL { ?fact kg:atEvent ?event }"""),
    Recipe("supplied data on", term_iri("kg:dataSource"), """
      ?fact a kg:Figure ; kg:dataSource ?u ; kg:region ?v .
      OPTIONAL { ?fact kg:measure/skos:notation ?measure }"""),
)
