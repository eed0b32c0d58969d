"""The graph says what the articles say: content checked against the seeds via SPARQL.

Content tests: each asserts what a named seed source says, or what holds of every fact, never a total, so
that they stay true when an article is added (tests/test_facts_growth.py runs them on facts/ plus a
made-up sixth article). Exact counts and lists run on the frozen seeds (tests/fixtures/seeds-frozen/)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph

from kg.namespaces import ID
from tests.conftest import select

SEED_IDS = {"s000", "s001", "s002", "s003", "s004"}  # the five seed articles; a later article adds to what they say

HELD_ON = """
SELECT ?person ?tenure ?source ?quote WHERE {
  ?h a kg:PostHolding ; org:member ?p ; kg:ofPost ?post ; kg:observedOn ?day ;
     kg:tenure/skos:notation ?tenure ; kg:evidence ?e .
  ?e kg:inSource ?s ; oa:exact ?quote .
  BIND (STRAFTER(STR(?p), STR(id:)) AS ?person) BIND (STRAFTER(STR(?s), STR(id:)) AS ?source)
}"""


def test_muhyidin_headed_kanwil_sumbagsel_on_2024_07_09_per_seed_000(seed_graph: Graph) -> None:
    rows = select(seed_graph, HELD_ON.replace("?day", '"2024-07-09"^^xsd:date'), post=ID["kakanwil-sumbagsel"])
    assert {(r["person"], r["tenure"], r["source"]) for r in rows} == {("muhyidin", "definitive", "s000")}
    assert any("Muhyidin" in r["quote"] for r in rows)


def test_acting_holders_keep_their_acting_title(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?person ?tenure ?day ?src WHERE {
          ?h org:member ?p ; kg:tenure ?t ; prov:wasDerivedFrom ?s .
          ?t skos:broader kgv:tenure-acting ; skos:notation ?tenure .
          OPTIONAL { ?h kg:observedOn ?d }
          BIND (STRAFTER(STR(?p), STR(id:)) AS ?person) BIND (COALESCE(STR(?d), "unknown") AS ?day)
          BIND (STRAFTER(STR(?s), STR(id:)) AS ?src) }""")
    assert {(r["person"], r["tenure"], r["day"], r["src"]) for r in rows if r["src"] in SEED_IDS} == {
        ("edward-chandra", "Plh", "2024-07-09", "s000"),
        ("agus-fatoni", "Pj", "2024-03-21", "s004"),
    }


def test_undated_articles_leave_holdings_undated(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?h WHERE { ?h a kg:PostHolding ; prov:wasDerivedFrom ?s .
                          FILTER (?s IN (id:s001, id:s002)) FILTER EXISTS { ?h kg:observedOn ?d } }""")
    assert rows == []
    people = select(seed_graph, """
        SELECT ?n WHERE { ?h a kg:PostHolding ; kg:ofPost id:kakanwil-sumbagsel ; org:member/skos:prefLabel ?n ;
                                 prov:wasDerivedFrom id:s001 }""")
    assert [r["n"] for r in people] == ["Bambang Utama"]


def test_pergub_sumsel_15_2014_exists_and_is_cited_in_seed_004(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?number ?year ?type ?status ?region ?quote ?src WHERE {
          ?r a kg:Regulation ; eli:number ?number ; kg:year ?year ; kg:regulationType/skos:notation ?type ;
             kg:regulationStatus/skos:notation ?status ; kg:region ?reg ; kg:evidence ?e .
          ?e oa:exact ?quote ; kg:inSource ?s .
          BIND (STRAFTER(STR(?reg), STR(id:)) AS ?region) BIND (STRAFTER(STR(?s), STR(id:)) AS ?src)
          FILTER (?number = "15") }""")
    assert len(rows) == 1
    row = rows[0]
    assert (row["number"], row["year"], row["type"], row["status"], row["region"], row["src"]) == (
        "15", "2014", "Pergub", "in-force", "sumatera-selatan", "s004")
    assert "Nomor 15 Tahun 2014" in row["quote"]


COVERAGE = """
SELECT ?fig ?value ?src WHERE {
  ?f a kg:Figure ; kg:measure kgv:measure-coverage-rate ; kg:region id:sumatera-selatan ;
     kg:segment kgv:segment-all-workers ;
     kg:figureKind kgv:figure-kind-actual ; kg:value ?value ; prov:wasDerivedFrom ?s .
  BIND (STRAFTER(STR(?f), STR(id:)) AS ?fig) BIND (STRAFTER(STR(?s), STR(id:)) AS ?src) }"""


def test_sumsel_coverage_36_and_34_percent_are_both_kept_and_flagged(seed_graph: Graph) -> None:
    figures = {(Decimal(r["value"]), r["src"]): r["fig"] for r in select(seed_graph, COVERAGE)}
    assert {key for key in figures if key[1] in ("s000", "s002")} == {(36, "s000"), (34, "s002")}
    flags = select(seed_graph, """
        SELECT ?kind ?origin ?reason WHERE {
          ?flag a kg:Flag ; kg:flaggedClaim ?a , ?b ; kg:flagKind/skos:notation ?kind ;
                kg:flaggedBy/skos:notation ?origin ; kg:reason ?reason . }""",
                   a=ID[figures[(36, "s000")]], b=ID[figures[(34, "s002")]])
    assert [(f["kind"], f["origin"]) for f in flags] == [("figure", "figure-rule")]
    assert "36 persen" in flags[0]["reason"] and "34 persen" in flags[0]["reason"]


def test_implausible_figures_are_flagged_with_a_reason(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?value ?reason WHERE { ?flag kg:flagKind kgv:flag-kind-implausible ; kg:reason ?reason ;
                                            kg:flaggedClaim/kg:value ?value }""")
    assert Decimal(30200000) in {Decimal(r["value"]) for r in rows}  # 30,2jt potential workers against ~3 juta in all


def test_kanwil_sumbagsel_covers_three_provinces_according_to_seed_002(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?region ?basis ?src WHERE {
          ?c a kg:RelationClaim ; rdf:subject id:kanwil-sumbagsel ; rdf:predicate kg:servesRegion ;
             rdf:object ?r ; kg:basis/skos:notation ?basis ; prov:wasDerivedFrom ?s .
          BIND (STRAFTER(STR(?r), STR(id:)) AS ?region) BIND (STRAFTER(STR(?s), STR(id:)) AS ?src) }""")
    assert {(r["region"], r["basis"], r["src"]) for r in rows if r["src"] == "s002"} == {
        ("sumatera-selatan", "article", "s002"), ("jambi", "article", "s002"), ("bengkulu", "article", "s002")}


def test_background_knowledge_is_marked_and_cited(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?s ?o ?url WHERE { ?c kg:basis kgv:basis-background ; rdf:subject ?s ; rdf:object ?o ;
                                         kg:citedSource ?url . FILTER NOT EXISTS { ?c kg:evidence ?e } }""")
    assert {(r["s"].rsplit("/", 1)[1], r["o"].rsplit("/", 1)[1]) for r in rows} >= {
        ("kota-palembang", "sumatera-selatan"), ("kota-pangkalpinang", "kepulauan-bangka-belitung")}
    assert all(r["url"].startswith("https://") for r in rows)


def test_one_entity_one_id_with_all_names_as_written(seed_graph: Graph) -> None:
    names = {r["n"] for r in select(seed_graph, "SELECT ?n WHERE { id:bpjs-ketenagakerjaan kg:nameAsWritten ?n }")}
    assert {"BPJS Ketenagakerjaan", "BPJamsostek"} <= names
    sumsel = {r["n"] for r in select(seed_graph, "SELECT ?n WHERE { id:sumatera-selatan kg:nameAsWritten ?n }")}
    assert {"Sumsel", "Sumatra Selatan"} <= sumsel and any("Sumatera Selatan" in n for n in sumsel)
    agus = {r["n"] for r in select(seed_graph, "SELECT ?n WHERE { id:agus-fatoni kg:nameAsWritten ?n }")}
    assert "Dr H Agus Fatoni,M.Si" in agus and "Agus Fatoni" in agus
    edward = {r["n"] for r in select(seed_graph, "SELECT ?n WHERE { id:edward-chandra kg:nameAsWritten ?n }")}
    assert {"H. Edward Chandra", "Edward Chandra"} <= edward


def test_seed_003_date_comes_from_weekday_and_context(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?date ?basis ?written WHERE { ?e a kg:Event ; prov:wasDerivedFrom id:s003 ; dcterms:date ?date ;
               kg:dateBasis/skos:notation ?basis ; kg:dateAsWritten ?written }""")
    assert [(r["date"], r["basis"], r["written"]) for r in rows] == [
        ("2023-09-01", "weekday-and-context", "Jumat (1/9)")]


def test_pledges_and_requests_with_status(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?by ?kind ?status ?due ?src WHERE {
          ?c a kg:Commitment ; kg:committedBy ?p ; kg:commitmentKind/skos:notation ?kind ;
             kg:status/skos:notation ?status ; prov:wasDerivedFrom ?s .
          OPTIONAL { ?c kg:dueYear ?d }
          BIND (STRAFTER(STR(?p), STR(id:)) AS ?by) BIND (STRAFTER(STR(?s), STR(id:)) AS ?src)
          BIND (COALESCE(STR(?d), "") AS ?due) }""")
    found = {(r["by"], r["kind"], r["status"], r["due"], r["src"]) for r in rows}
    assert ("agus-fatoni", "pledge", "deferred", "2025", "s004") in found
    assert ("agus-fatoni", "proposal", "unknown", "", "s004") in found
    regulation_pledges = select(seed_graph, """
        SELECT ?status WHERE { ?c kg:committedBy id:muhsin-abdullah ; kg:commitmentKind kgv:commitment-kind-pledge ;
                                  kg:regarding ?r ; kg:status/skos:notation ?status . ?r a kg:Regulation ;
                                  kg:regulationStatus kgv:regulation-status-planned }""")
    assert [r["status"] for r in regulation_pledges] == ["unknown"]
    requested = select(seed_graph, """
        SELECT ?by WHERE { ?c kg:commitmentKind kgv:commitment-kind-request ; kg:committedBy ?by ; kg:regarding ?r .
                           ?r a kg:Regulation ; kg:regulationStatus kgv:regulation-status-requested }""")
    assert "bambang-utama" in {r["by"].rsplit("/", 1)[1] for r in requested}


def test_every_source_contributes_facts_and_every_fact_has_evidence(seed_graph: Graph) -> None:
    per_source = {r["s"].rsplit("/", 1)[1]: int(r["n"]) for r in select(seed_graph, """
        SELECT ?s (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f prov:wasDerivedFrom ?s . ?s a kg:Source } GROUP BY ?s""")}
    sources = {r["s"].rsplit("/", 1)[1] for r in select(seed_graph, "SELECT ?s WHERE { ?s a kg:Source }")}
    assert set(per_source) == sources and sources >= SEED_IDS
    assert all(n >= 10 for n in per_source.values()), per_source
    unevidenced = select(seed_graph, """
        SELECT ?f WHERE { ?f a ?c . ?c rdfs:subClassOf* kg:Fact .
                          FILTER (?c != kg:Flag) FILTER NOT EXISTS { ?f kg:evidence ?e }
                          FILTER NOT EXISTS { ?f kg:basis kgv:basis-background } }""")
    assert unevidenced == []


# What the articles state that the first read left out (issue 12, item 7). Each says what a new
# article cannot make untrue.

COMMITMENTS_OF = """
SELECT ?c ?kind ?due ?reading ?quote ?src WHERE {
  ?c a kg:Commitment ; kg:committedBy ?by ; kg:commitmentKind/skos:notation ?kind ; prov:wasDerivedFrom ?s ;
     kg:evidence/oa:exact ?quote .
  OPTIONAL { ?c kg:dueYear ?d } OPTIONAL { ?c kg:reading/skos:notation ?r }
  BIND (COALESCE(STR(?d), "") AS ?due) BIND (COALESCE(?r, "") AS ?reading)
  BIND (STRAFTER(STR(?s), STR(id:)) AS ?src) }"""


def test_per_s000_the_regional_head_asks_companies_for_more_cooperation(seed_graph: Graph) -> None:
    rows = select(seed_graph, COMMITMENTS_OF, by=ID["muhyidin"])
    asks = [r for r in rows if r["src"] == "s000" and r["kind"] == "request"
            and "kerjasama dan sosialisasi yang lebih intensif kepada perusahaan" in r["quote"]]
    assert asks and {r["reading"] for r in asks} == {"inferred"}  # an unattributed paragraph, given to him
    assert any(r["src"] == "s000" and r["kind"] == "pledge" and "memperluas cakupan keikutsertaan" in r["quote"]
               for r in rows)


def test_the_2025_target_of_50_percent_was_set_by_the_sumbagsel_office_per_s002(seed_graph: Graph) -> None:
    rows = select(seed_graph, COMMITMENTS_OF, by=ID["kanwil-sumbagsel"])
    assert any(r["src"] == "s002" and r["due"] == "2025" and "berambisi mencapai 50 persen" in r["quote"]
               and r["reading"] == "" for r in rows)


def test_per_s001_the_agency_runs_bpjamsostek_masuk_desa_as_an_inferred_reading(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?reading ?note ?src WHERE {
          ?claim a kg:RelationClaim ; rdf:subject ?who ; rdf:predicate kg:runs ; rdf:object id:bpjamsostek-masuk-desa ;
                 kg:reading/skos:notation ?reading ; skos:note ?note ; prov:wasDerivedFrom ?s .
          ?who kg:runs id:bpjamsostek-masuk-desa .
          BIND (STRAFTER(STR(?s), STR(id:)) AS ?src) }""", who=ID["bpjs-ketenagakerjaan"])
    assert [(r["reading"], r["src"]) for r in rows] == [("inferred", "s001")]
    assert "does not say who runs" in rows[0]["note"]


def test_per_s000_the_agency_gives_scholarships_and_job_training(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?programme WHERE { ?claim rdf:subject id:bpjs-ketenagakerjaan ; rdf:predicate kg:runs ;
                                         rdf:object ?programme ; prov:wasDerivedFrom id:s000 .
                                  ?programme a kg:BenefitProgramme }""")
    assert {r["programme"] for r in rows} >= {str(ID["beasiswa-anak-peserta"]), str(ID["pelatihan-kerja-tambahan"])}


def test_an_unnamed_pungkasnya_is_marked_inferred_in_the_graph(seed_graph: Graph) -> None:
    rows = select(seed_graph, """
        SELECT ?speaker ?reading ?note WHERE {
          ?st a kg:AttributedStatement ; kg:speaker ?speaker ; kg:reading/skos:notation ?reading ; skos:note ?note ;
              kg:evidence/oa:exact "pungkasnya" ; prov:wasDerivedFrom id:s002 }""")
    assert [(r["speaker"], r["reading"]) for r in rows] == [(str(ID["hendra-elvian"]), "inferred")]
    labels = select(seed_graph, "SELECT ?en ?id WHERE { kgv:reading-inferred skos:prefLabel ?en , ?id "
                                "FILTER (LANG(?en) = 'en' && LANG(?id) = 'id') }")
    assert [(r["en"], r["id"]) for r in labels] == [("inferred", "disimpulkan")]


def test_every_inferred_reading_says_why_in_its_note(seed_graph: Graph) -> None:
    inferred = select(seed_graph, "SELECT ?f WHERE { ?f kg:reading kgv:reading-inferred }")
    assert len(inferred) >= 10  # the seeds' passive sentences, unnamed speech verbs and unattributed paragraphs
    assert select(seed_graph, """SELECT ?f WHERE { ?f kg:reading kgv:reading-inferred
                                                   FILTER NOT EXISTS { ?f skos:note ?n } }""") == []


def test_statements_say_what_they_are_about(seed_graph: Graph) -> None:
    about = select(seed_graph, """
        SELECT ?speaker ?src WHERE { ?st a kg:AttributedStatement ; kg:regarding id:pergub-sumsel-15-2014 ;
                                         kg:speaker ?speaker ; prov:wasDerivedFrom ?s .
                                     BIND (STRAFTER(STR(?s), STR(id:)) AS ?src) }""")
    assert (str(ID["zainudin"]), "s004") in {(r["speaker"], r["src"]) for r in about}
    # what a statement is about is an entity of the graph, never a dangling IRI
    assert select(seed_graph, """SELECT ?x WHERE { ?st a kg:AttributedStatement ; kg:regarding ?x
                                                   FILTER NOT EXISTS { ?x a ?class } }""") == []
