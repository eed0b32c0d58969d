"""The SPARQL that kg.stakeholders.register reads the graph with, and small helpers for its answers.

Kept apart so that kg.stakeholders.register reads as the rule it implements. Every query runs on the
default graph, which holds every named graph's triples once each (see kg.store.graphstore), so the
ontology's labels and ranks are visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg.namespaces import ID
from kg.network.names import id_labels as id_labels  # re-exported: the ontology's @id labels, for the reasons


def local(iri: str) -> str:
    """A kg IRI's record ID; any other IRI unchanged.

    >>> local("https://w3id.org/bpjs-kg/id/muhyidin")
    'muhyidin'
    """
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def notation_of(notation: Mapping[str, str], concept: str) -> str:
    return notation.get(concept, concept.rsplit("/", 1)[-1])


def sorted_sources(sources: Iterable[str | None]) -> tuple[str, ...]:
    """Source IDs, deduplicated and sorted (s000 < s001 …); empty values dropped."""
    return tuple(sorted({local(s.strip()) for s in sources if s and s.strip()}))


class Q:
    """The queries, one attribute each."""

    @staticmethod
    def iri(record_id: str) -> ox.NamedNode:
        return ox.NamedNode(str(ID) + record_id)

    # Persons and organisations, with their class's authority rank (kg:authorityRank, kg.ttl).
    ACTORS = """
    SELECT ?actor ?name ?type ?kind ?rank ?type_label WHERE {
      VALUES ?kind { kg:Person kg:Organization }
      ?actor a ?type . ?type rdfs:subClassOf* ?kind .
      FILTER(STRSTARTS(STR(?actor), STR(id:)))
      ?actor skos:prefLabel ?name .
      OPTIONAL { ?type kg:authorityRank ?rank }
      OPTIONAL { ?type rdfs:label ?type_label FILTER(LANGMATCHES(LANG(?type_label), "en")) }
    } ORDER BY ?actor
    """

    NAMES = """
    SELECT ?entity ?name WHERE {
      ?entity skos:prefLabel|eli:title ?name . FILTER(STRSTARTS(STR(?entity), STR(id:)))
    }
    """

    ALIASES = "SELECT ?entity ?alias WHERE { ?entity skos:altLabel ?alias }"

    NOTATIONS = "SELECT ?concept ?notation WHERE { ?concept skos:inScheme ?scheme ; skos:notation ?notation }"

    STATUSES = """
    SELECT ?notation WHERE { ?c skos:inScheme kgv:CommitmentStatus ; skos:notation ?notation } ORDER BY ?notation
    """

    REGIONS = """
    SELECT ?region ?name WHERE { ?region a ?type . ?type rdfs:subClassOf* kg:Region . ?region skos:prefLabel ?name }
    """

    WITHIN = "SELECT ?region ?top WHERE { ?region kg:withinRegion* ?top . ?region skos:prefLabel ?name }"

    # Every fact with its sources and own dates; is_event marks the dates that date a source.
    FACTS = """
    SELECT ?fact ?source ?date ?is_event WHERE {
      ?fact a ?class . ?class rdfs:subClassOf* kg:Fact .
      OPTIONAL { ?fact prov:wasDerivedFrom ?source }
      # The earliest day of a date of any precision (kg:anyPrecisionDate): a month dates a fact by its first day.
      OPTIONAL { ?fact kg:observedOnEarliest|kg:startDateEarliest|kg:dateEarliest
                       |(kg:atEvent/(^kg:reportsEvent)?/kg:dateEarliest) ?date }
      BIND(EXISTS { ?fact a kg:Event } AS ?is_event)
    }
    """

    SOURCES = """
    SELECT ?source ?title ?publisher ?url ?issued ?file WHERE {
      ?source a kg:Source ; dcterms:title ?title .
      OPTIONAL { ?source kg:publisherName ?publisher }
      OPTIONAL { ?source <https://schema.org/url> ?url }
      OPTIONAL { ?source dcterms:issued ?issued }
      OPTIONAL { ?source kg:fileName ?file }
    } ORDER BY ?source
    """

    # Facts that name an actor in any role (holder, speaker, participant, maker, addressee …).
    ACTOR_FACTS = """
    SELECT DISTINCT ?actor ?fact WHERE {
      ?fact ?p ?actor . ?fact a ?class . ?class rdfs:subClassOf* kg:Fact .
      FILTER(isIRI(?actor) && STRSTARTS(STR(?actor), STR(id:)))
    }
    """

    # Flags whose claims name the actor in any role: the disagreements about what the actor said,
    # pledged or held, each with its kind and reason.
    DISAGREEMENTS = """
    SELECT DISTINCT ?actor ?flag ?kind ?origin ?reason ?claim WHERE {
      ?flag a kg:Flag ; kg:flagKind/skos:notation ?kind ; kg:flaggedClaim ?claim ; kg:reason ?reason .
      OPTIONAL { ?flag kg:flaggedBy/skos:notation ?origin }
      ?claim ?p ?actor . ?actor a/rdfs:subClassOf* prov:Agent .
    } ORDER BY ?actor ?kind ?flag ?claim
    """

    MENTIONS = "SELECT DISTINCT ?actor ?source WHERE { ?m a kg:Mention ; kg:mentionOf ?actor ; kg:inSource ?source }"

    POST_ROLES = """
    SELECT ?post ?role ?role_label ?rank WHERE {
      ?post a kg:Post ; org:role ?concept . ?concept skos:notation ?role .
      OPTIONAL { ?concept skos:prefLabel ?role_label FILTER(LANGMATCHES(LANG(?role_label), "en")) }
      OPTIONAL { ?concept kg:authorityRank ?rank }
    }
    """

    HOLDINGS = """
    SELECT ?holding ?person ?post ?tenure WHERE {
      ?holding a kg:PostHolding ; org:member ?person ; kg:ofPost ?post ; kg:tenure/skos:notation ?tenure .
    }
    """

    SUB_ORGS = "SELECT ?org ?parent WHERE { ?org org:subOrganizationOf ?parent }"

    SERVES = "SELECT ?org ?region WHERE { ?org kg:servesRegion ?region }"

    FACT_REGIONS = """
    SELECT ?actor ?fact ?region WHERE {
      { ?fact a kg:Event ; kg:participant ?actor ; kg:region ?region }
      UNION { ?fact a kg:AttributedStatement ; kg:speaker ?actor ; kg:atEvent/kg:region ?region }
      UNION { ?fact a kg:Figure ; kg:statedBy|kg:dataSource ?actor ; kg:region ?region }
      UNION { ?fact a kg:Commitment ; kg:committedBy ?actor ; (kg:regarding|kg:atEvent)/kg:region ?region }
    }
    """

    # Programmes run, supported, proposed or pledged about; stated supports of anything; events.
    INVOLVEMENT = """
    SELECT ?actor ?target ?kind ?how ?fact WHERE {
      {
        ?fact a kg:RelationClaim ; rdf:subject ?actor ; rdf:predicate ?p ; rdf:object ?target .
        VALUES ?p { kg:runs kg:supports kg:proposes }
        ?p rdfs:label ?how . FILTER(LANGMATCHES(LANG(?how), "en"))
        ?target a ?class . ?class rdfs:subClassOf* kg:Programme .
        BIND("programme" AS ?kind)
      } UNION {
        ?fact a kg:RelationClaim ; rdf:subject ?actor ; rdf:predicate kg:supports ; rdf:object ?target .
        BIND("support" AS ?kind) BIND("supports" AS ?how)
      } UNION {
        ?fact a kg:Commitment ; kg:committedBy ?actor ; kg:regarding ?target ; kg:commitmentKind/skos:notation ?k .
        ?target a ?class . ?class rdfs:subClassOf* kg:Programme .
        BIND("programme" AS ?kind) BIND(CONCAT(?k, " regarding") AS ?how)
      } UNION {
        ?fact a kg:Event ; kg:participant ?actor . BIND(?fact AS ?target)
        BIND("event" AS ?kind) BIND("took part in" AS ?how)
      } UNION {
        ?fact a kg:AttributedStatement ; kg:speaker ?actor ; kg:atEvent ?target .
        BIND("event" AS ?kind) BIND("spoke at" AS ?how)
      }
    }
    """

    STATEMENTS = """
    SELECT ?statement ?actor ?summary ?quote_type ?role_name ?event_name ?date WHERE {
      ?statement a kg:AttributedStatement ; kg:speaker ?actor ; kg:summary ?summary ;
                 kg:quoteType/skos:notation ?quote_type .
      OPTIONAL { ?statement kg:inRole/skos:prefLabel ?role_name }
      OPTIONAL { ?statement kg:atEvent ?event . ?event skos:prefLabel ?event_name
                 OPTIONAL { ?event (^kg:reportsEvent)?/kg:dateEarliest ?date } }
    } ORDER BY ?statement
    """

    COMMITMENT_LINKS = """
    SELECT ?commitment ?link ?target ?region WHERE {
      ?commitment a kg:Commitment .
      { ?commitment kg:addressedTo ?target BIND("to" AS ?link) }
      UNION { ?commitment kg:regarding ?target BIND("regarding" AS ?link) }
      UNION { ?commitment kg:atEvent ?target BIND("event" AS ?link) }
      OPTIONAL { ?target kg:region ?region }
    }
    """

    OVERRIDES = """
    SELECT ?override ?actor ?by ?on ?why ?old_influence ?new_influence ?old_interest ?new_interest WHERE {
      ?override a kg:PlacementOverride ; kg:overrideOf ?actor ; kg:facilitator ?by ; dcterms:created ?on ;
                kg:reason ?why ; kg:oldInfluence ?old_influence ; kg:newInfluence ?new_influence ;
                kg:oldInterest ?old_interest ; kg:newInterest ?new_interest .
    } ORDER BY ?on ?override
    """
