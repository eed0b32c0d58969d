"""Each named question answers what the seed articles say, and parameters are only ever values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.questions.named import ask, questions
from kg.store.graphstore import GraphStore, fill_default_graph

ID = "https://w3id.org/bpjs-kg/id/"
KGV = "https://w3id.org/bpjs-kg/vocab/"
# Quads a test adds go into a named graph, and then into the default graph, which holds the union of the
# named graphs (fill_default_graph), as a build's store does.
ANALYST = ox.NamedNode("https://w3id.org/bpjs-kg/graph/analyst")
SEED_IDS = {"s000", "s001", "s002", "s003", "s004"}  # the five seed articles; a later article adds to what they say


def rows(store: GraphStore, name: str, **params: str) -> list[dict[str, Any]]:
    return ask(store, name, params).records()


def split(text: str | None) -> set[str]:
    return set(text.split(", ")) if text else set()


def test_the_library_has_the_named_questions_each_documented_with_an_example() -> None:
    library = questions()
    assert {"post-holders", "network-on-date", "figures", "disagreements", "commitments", "offices-under",
            "source-facts", "entity-profile", "acting-officials", "regulations", "citations"} <= set(library)
    for q in library.values():
        assert q.title and q.description, q.name
        assert all(p.description for p in q.params), q.name
        assert q.command().startswith(f"kg ask {q.name}")


@pytest.mark.parametrize("name", sorted(questions()))
def test_every_example_runs_and_finds_something(seed_store: GraphStore, name: str) -> None:
    assert ask(seed_store, name, questions()[name].example).rows, name


def test_who_held_the_regional_head_post_on_9_july_2024(seed_store: GraphStore) -> None:
    [row] = [r for r in rows(seed_store, "post-holders", post="kakanwil-sumbagsel", date="2024-07-09")
             if r["on_date"] == "known"]
    assert row["person"] == ID + "muhyidin" and row["tenure"] == "definitive" and row["acting"] is False
    # s000 saw him on the FGD of 9 July 2024, s004 at the courtesy visit of 21 March 2024; s002 names
    # him without a date, which adds a source but no date
    assert (row["first_seen"], row["last_seen"]) == (dt.date(2024, 3, 21), dt.date(2024, 7, 9))
    assert {"s000", "s004"} <= split(row["sources"])


def test_undated_holders_are_listed_without_a_date_and_marked_undated_on_one(seed_store: GraphStore) -> None:
    holders = {r["person_name"]: r for r in rows(seed_store, "post-holders", post="kakanwil-sumbagsel")}
    assert {"Muhyidin", "Bambang Utama"} <= set(holders)
    assert holders["Bambang Utama"]["last_seen"] is None and "s001" in split(holders["Bambang Utama"]["sources"])
    assert {"s000", "s002", "s004"} <= split(holders["Muhyidin"]["sources"])
    assert holders["Muhyidin"]["on_date"] is None  # no date asked, no state


def test_a_date_before_any_evidence_keeps_the_undated_holdings_marked_as_undated(seed_store: GraphStore) -> None:
    # s002 names Muhyidin Kakanwil without a date, s001 Bambang Utama: either may have held the
    # post on 1 January 2024, so both are shown as undated; s000's and s004's dated sightings
    # (from 21 March 2024) do not place Muhyidin there, so his row rests on s002 alone.
    before = {r["person_name"]: r for r in rows(seed_store, "post-holders", post="kakanwil-sumbagsel",
                                                  date="2024-01-01")}
    assert before["Muhyidin"]["on_date"] == "undated" and "s000" not in split(before["Muhyidin"]["sources"])
    assert before["Bambang Utama"]["on_date"] == "undated"
    assert all(r["on_date"] == "undated" for r in before.values())


def test_on_a_date_the_sources_place_a_holding_it_is_known(seed_store: GraphStore) -> None:
    on_the_day = {r["person_name"]: r for r in rows(seed_store, "post-holders", post="kakanwil-sumbagsel",
                                                      date="2024-07-09")}
    assert on_the_day["Muhyidin"]["on_date"] == "known"
    assert on_the_day["Bambang Utama"]["on_date"] == "undated"


def test_all_posts_of_a_person_with_acting_status(seed_store: GraphStore) -> None:
    [row] = [r for r in rows(seed_store, "post-holders", person="Agus Fatoni") if r["post"] == ID + "gubernur-sumsel"]
    assert (row["tenure"], row["acting"]) == ("Pj", True)
    assert "Penjabat (Pj) Gubernur Sumsel" in row["titles_as_written"] and "s004" in split(row["sources"])


def test_state_of_the_network_on_a_date(seed_store: GraphStore) -> None:
    state = [r for r in rows(seed_store, "network-on-date", date="2024-07-09") if r["on_date"] == "known"]
    posts = {(r["subject_name"], r["detail"]) for r in state if r["kind"] == "post"}
    assert posts >= {("Agus Fatoni", "Pj"), ("Edward Chandra", "Plh"), ("Kurniasih", "definitive"),
                     ("Muhyidin", "definitive"), ("Zainudin", "definitive")}
    regulations = {r["subject"] for r in state if r["kind"] == "regulation in force"}
    assert regulations >= {ID + "pergub-sumsel-15-2014", ID + "pergub-babel-jaminan-sosial-pekerja"}
    running = {(r["subject_name"], r["object_name"]) for r in state if r["kind"] == "programme running"}
    assert ("BPJS Ketenagakerjaan", "Safari Ramadan") in running
    assert ("Pemerintah Provinsi Sumatera Selatan", "Gertak Bedah Rumah") in running


def test_an_earlier_date_sees_only_what_the_sources_had_reported_by_then(seed_store: GraphStore) -> None:
    state = [r for r in rows(seed_store, "network-on-date", date="2023-12-31") if r["on_date"] == "known"]
    known = {r["subject_name"] for r in state if r["kind"] == "post"}
    assert {"Kurniasih", "Zainudin"} <= known and "Edward Chandra" not in known  # seen Plh only on 9 July 2024
    # Pergub Sumsel 15/2014 dates itself by its year; the Babel Pergub by s003's 1 September 2023 meeting
    regulations = {r["subject"] for r in state if r["kind"] == "regulation in force"}
    assert regulations >= {ID + "pergub-sumsel-15-2014", ID + "pergub-babel-jaminan-sosial-pekerja"}
    # s003 (1 September 2023) names the programmes the agency runs in Babel; s004's Sumsel campaigns come later
    running = {r["object_name"] for r in state if r["kind"] == "programme running"}
    assert "Agen Perisai" in running
    assert running.isdisjoint({"Safari Ramadan", "Gertak Bedah Rumah", "Gertak Penanganan Masalah Stunting"})
    long_before = rows(seed_store, "network-on-date", date="2013-01-01")
    assert not [r for r in long_before if r["kind"] != "post" and r["on_date"] == "known"]


def test_the_network_on_a_date_keeps_undated_facts_marked_never_drops_them(seed_store: GraphStore) -> None:
    # s001 names the Bupati and the Sekda of Ogan Ilir without any date: on any date they may hold
    for day in ("2013-01-01", "2024-07-09"):
        undated = {r["subject_name"] for r in rows(seed_store, "network-on-date", date=day)
                   if r["kind"] == "post" and r["on_date"] == "undated"}
        assert {"Panca Wijaya Akbar", "Muhsin Abdullah"} <= undated
        assert all(r["evidence_date"] is None for r in rows(seed_store, "network-on-date", date=day)
                   if r["on_date"] == "undated")


def test_indonesian_dates_are_accepted(seed_store: GraphStore) -> None:
    assert rows(seed_store, "network-on-date", date="9 Juli 2024") == rows(
        seed_store, "network-on-date", date="2024-07-09")


def test_coverage_figures_for_sumsel_keep_both_conflicting_values(seed_store: GraphStore) -> None:
    figures = rows(seed_store, "figures", region="Sumsel", measure="coverage-rate")
    by_id = {r["figure"].removeprefix(ID): r for r in figures}
    assert set(by_id) >= {"s000-fig-coverage-rate-sumsel", "s002-fig-coverage-rate-sumsel",
                          "s002-fig-target-coverage-rate-sumsel-2025", "s004-fig-coverage-rate-rentan-sumsel"}
    s000 = by_id["s000-fig-coverage-rate-sumsel"]
    assert (s000["value"], s000["value_as_written"], s000["unit"], s000["kind"]) == (
        Decimal(36), "36 persen", "percent", "actual")
    assert (s000["speaker_name"], s000["source"]) == ("Muhyidin", "s000") and "figure" in split(s000["flags"])
    assert "baru mencapai 36 persen" in s000["evidence"]
    target = by_id["s002-fig-target-coverage-rate-sumsel-2025"]
    assert (target["kind"], target["target_year"], target["segment"]) == ("target", "2025", "all-workers")


def test_a_region_includes_the_regions_within_it(seed_build: Path) -> None:
    # A private copy in memory, since this test adds a figure about Palembang (the build's store is read-only).
    store = GraphStore.from_nquads((seed_build / "kg.nq").read_bytes())
    figure, kg = ox.NamedNode(ID + "fig-test-palembang"), "https://w3id.org/bpjs-kg/ontology#"
    for prop, value in [("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(kg + "Figure")),
                        (kg + "region", ox.NamedNode(ID + "kota-palembang")),
                        (kg + "measure", ox.NamedNode(KGV + "measure-coverage-rate")),
                        (kg + "value", ox.Literal("40", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
                        (kg + "valueAsWritten", ox.Literal("40 persen")),
                        (kg + "unit", ox.NamedNode(KGV + "unit-percent")),
                        (kg + "figureKind", ox.NamedNode(KGV + "figure-kind-actual")),
                        ("http://www.w3.org/ns/prov#wasDerivedFrom", ox.NamedNode(ID + "s000")),
                        (kg + "evidence", ox.NamedNode(ID + "s000/evidence/0"))]:
        store.oxigraph.add(ox.Quad(figure, ox.NamedNode(prop), value, ANALYST))
    fill_default_graph(store.oxigraph)
    palembang = {r["figure"] for r in rows(store, "figures", region="Kota Palembang")}
    sumsel = {r["figure"] for r in rows(store, "figures", region="sumatera-selatan")}
    before = {r["figure"] for r in rows(GraphStore.from_build(seed_build), "figures", region="sumatera-selatan")}
    assert palembang == {figure.value} and sumsel == before | palembang
    assert figure.value not in {r["figure"] for r in rows(store, "figures", region="Babel")}


def test_disagreements_give_each_side_with_its_source_and_the_reason(seed_store: GraphStore) -> None:
    flagged = rows(seed_store, "disagreements")
    conflict = [r for r in flagged if r["origin"] == "figure-rule"
                and r["flag"] == ID + "figure-s000-fig-coverage-rate-sumsel-s002-fig-coverage-rate-sumsel"]
    assert {(r["says"], r["sources"], r["claim_type"]) for r in conflict} == {
        ("36 persen", "s000", "Figure"), ("34 persen", "s002", "Figure")}
    assert all("do not tell them apart" in r["reason"] for r in conflict)
    assert "baru mencapai 36 persen" in next(r["evidence"] for r in conflict if r["sources"] == "s000")
    implausible = {r["claim"].removeprefix(ID) for r in rows(seed_store, "disagreements", kind="implausible")}
    assert "s004-fig-potential-workers-rentan-sumsel" in implausible
    assert {r["origin"] for r in rows(seed_store, "disagreements", kind="implausible")} == {"analyst"}


def test_disagreements_filter_by_source_and_by_entity(seed_store: GraphStore) -> None:
    by_source = {r["flag"].removeprefix(ID) for r in rows(seed_store, "disagreements", source="s000")}
    assert by_source >= {"figure-s000-fig-coverage-rate-sumsel-s002-fig-coverage-rate-sumsel",
                         "flag-potential-rentan-exceeds-all-workers-sumsel"}
    by_entity = {r["flag"].removeprefix(ID) for r in rows(seed_store, "disagreements", entity="Muhyidin")}
    assert "figure-s000-fig-coverage-rate-sumsel-s002-fig-coverage-rate-sumsel" in by_entity
    assert "flag-covered-rentan-exceeds-all-covered-sumsel" in by_entity  # s004's figure, stated by him
    assert rows(seed_store, "disagreements", entity="Kurniasih") == []


def test_ogan_ilir_secretary_pledged_a_regulation_with_unknown_status(seed_store: GraphStore) -> None:
    pledges = rows(seed_store, "commitments", by="Muhsin Abdullah", kind="pledge")
    [regulation] = [r for r in pledges if r["regarding"] == "s001-reg-ogan-ilir-wajib-peserta"]
    assert regulation["status"] == KGV + "commitment-status-unknown" and regulation["source"] == "s001"
    assert "akan membuat regulasi" in regulation["evidence"]


def test_acting_governor_deferred_support_to_2025(seed_store: GraphStore) -> None:
    [deferred] = [r for r in rows(seed_store, "commitments", status="deferred") if r["source"] == "s004"]
    assert (deferred["by_name"], deferred["due_year"], deferred["made_on"], deferred["source"]) == (
        "Agus Fatoni", "2025", dt.date(2024, 3, 21), "s004")
    requests = {r["by_name"] for r in rows(seed_store, "commitments", kind="request")}
    assert {"Bambang Utama", "Zainudin"} <= requests


def test_offices_under_the_agency_with_the_regions_they_serve(seed_store: GraphStore) -> None:
    offices = {r["office"].removeprefix(ID): r for r in rows(seed_store, "offices-under",
                                                              organisation="BPJS Ketenagakerjaan")}
    assert set(offices) >= {"kanwil-sumbagsel", "kc-palembang", "bpjstk-pangkalpinang"}
    assert split(offices["kanwil-sumbagsel"]["regions_served"]) >= {"Sumatera Selatan", "Jambi", "Bengkulu"}
    assert offices["kc-palembang"]["type"] == "BranchOffice" and "s000" in split(offices["kc-palembang"]["sources"])


def test_offices_are_found_at_any_depth(seed_build: Path) -> None:
    # A private copy in memory, since this test adds a branch under the Kanwil (the build's store is read-only).
    store = GraphStore.from_nquads((seed_build / "kg.nq").read_bytes())
    branch = ox.NamedNode(ID + "kc-test-branch")
    for prop, value in [("http://www.w3.org/ns/org#subOrganizationOf", ox.NamedNode(ID + "kanwil-sumbagsel")),
                        ("http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal("KC Test")),
                        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                         ox.NamedNode("https://w3id.org/bpjs-kg/ontology#BranchOffice"))]:
        store.oxigraph.add(ox.Quad(branch, ox.NamedNode(prop), value, ANALYST))
    fill_default_graph(store.oxigraph)
    offices = {r["office"].removeprefix(ID): r["parent"] for r in rows(store, "offices-under",
                                                                       organisation="bpjs-ketenagakerjaan")}
    assert offices["kc-test-branch"] == ID + "kanwil-sumbagsel"


def test_everything_one_source_established(seed_store: GraphStore) -> None:
    facts = rows(seed_store, "source-facts", source="s004")
    by_type: dict[str, set[str]] = {}
    for r in facts:
        by_type.setdefault(r["type"], set()).add(r["fact"].removeprefix(ID))
    assert "s004-c-pj-gubernur-dukung-target-2025" in by_type["Commitment"]
    assert by_type["Regulation"] == {"pergub-sumsel-15-2014"}
    assert len(by_type["PostHolding"]) == 3 and len(by_type["Figure"]) == 4
    assert all(r["evidence"] for r in facts), "every fact rests on a quote"
    assert len(facts) == len({r["fact"] for r in facts}), "one row per fact"


def test_everything_known_about_muhyidin(seed_store: GraphStore) -> None:
    profile = rows(seed_store, "entity-profile", entity="muhyidin")
    holds = {r["graph"] for r in profile if r["property"] == "holds"}
    assert holds >= {"source/s000", "source/s002", "source/s004"}
    assert {r["graph"] for r in profile if r["direction"] == "mentioned as"} >= {
        "source/s000", "source/s002", "source/s004"}
    statements = {r["value"].removeprefix(ID) for r in profile if r["property"] == "speaker"}
    assert "s004-st-kakanwil-potensi-rentan" in statements


def test_acting_officials(seed_store: GraphStore) -> None:
    acting = {(r["person_name"], r["tenure"].removeprefix(KGV), r["observed"], r["source"])
              for r in rows(seed_store, "acting-officials")}
    assert {row for row in acting if row[3] in SEED_IDS} == {
        ("Agus Fatoni", "tenure-Pj", dt.date(2024, 3, 21), "s004"),
        ("Edward Chandra", "tenure-Plh", dt.date(2024, 7, 9), "s000")}
    plh = rows(seed_store, "acting-officials", tenure="Plh")
    assert "Edward Chandra" in {r["person_name"] for r in plh} and {r["tenure"] for r in plh} == {KGV + "tenure-Plh"}


def test_regulations_by_type_region_and_status(seed_store: GraphStore) -> None:
    def ids(**params: str) -> set[str]:
        return {r["regulation"].removeprefix(ID) for r in rows(seed_store, "regulations", **params)}

    assert ids(type="Pergub", status="in-force") >= {"pergub-sumsel-15-2014", "pergub-babel-jaminan-sosial-pekerja"}
    # Ogan Ilir lies within Sumsel (background knowledge), so its planned regulation counts for Sumsel
    assert ids(region="Sumsel") >= {"pergub-sumsel-15-2014", "s001-reg-ogan-ilir-wajib-peserta"}
    assert "pergub-babel-jaminan-sosial-pekerja" not in ids(region="Sumsel")
    assert "s001-reg-diminta-kakanwil-sumbagsel" in ids(status="requested")
    assert "pergub-sumsel-15-2014" not in ids(status="requested")
    [pergub] = [r for r in rows(seed_store, "regulations", region="Sumsel", type="Pergub") if r["number"] == "15"]
    assert (pergub["number"], pergub["year"]) == ("15", "2014")
    assert pergub["title"] == "Perlindungan Sosial Bagi Tenaga Kerja"


def test_exact_answers_on_the_frozen_seeds(frozen_store: GraphStore) -> None:
    """The whole answer, not a part of it: on the frozen copy of the seeds (tests/fixtures/seeds-frozen/), which
    adding an article to facts/ never changes. The tests above check the same questions on the live facts."""
    state = [r for r in rows(frozen_store, "network-on-date", date="2024-07-09") if r["on_date"] == "known"]
    assert {(r["subject_name"], r["detail"]) for r in state if r["kind"] == "post"} == {
        ("Agus Fatoni", "Pj"), ("Edward Chandra", "Plh"), ("Kurniasih", "definitive"), ("Muhyidin", "definitive"),
        ("Zainudin", "definitive")}
    earlier = [r for r in rows(frozen_store, "network-on-date", date="2023-12-31") if r["on_date"] == "known"]
    assert {r["subject_name"] for r in earlier if r["kind"] == "post"} == {"Kurniasih", "Zainudin"}
    assert {r["figure"].removeprefix(ID) for r in rows(frozen_store, "figures", region="Sumsel",
                                                        measure="coverage-rate")} == {
        "s000-fig-coverage-rate-sumsel", "s002-fig-coverage-rate-sumsel", "s002-fig-target-coverage-rate-sumsel-2025",
        "s004-fig-coverage-rate-rentan-sumsel"}
    assert {(r["says"], r["sources"]) for r in rows(frozen_store, "disagreements") if r["origin"] == "figure-rule"} == {
        ("36 persen", "s000"), ("34 persen", "s002")}
    assert {r["flag"].removeprefix(ID) for r in rows(frozen_store, "disagreements", source="s000")} == {
        "figure-s000-fig-coverage-rate-sumsel-s002-fig-coverage-rate-sumsel",
        "flag-potential-rentan-exceeds-all-workers-sumsel"}
    assert len(rows(frozen_store, "commitments", status="deferred")) == 1
    assert {r["office"].removeprefix(ID) for r in rows(frozen_store, "offices-under",
                                                        organisation="BPJS Ketenagakerjaan")} == {
        "kanwil-sumbagsel", "kc-palembang", "bpjstk-pangkalpinang"}
    assert {(r["person_name"], r["source"]) for r in rows(frozen_store, "acting-officials")} == {
        ("Agus Fatoni", "s004"), ("Edward Chandra", "s000")}
    regulations = {r["regulation"].removeprefix(ID) for r in rows(frozen_store, "regulations")}
    assert regulations == {"pergub-sumsel-15-2014", "pergub-babel-jaminan-sosial-pekerja",
                           "s001-reg-ogan-ilir-wajib-peserta", "s001-reg-diminta-kakanwil-sumbagsel"}
    profile = rows(frozen_store, "entity-profile", entity="muhyidin")
    assert {r["graph"] for r in profile if r["property"] == "holds"} == {"source/s000", "source/s002", "source/s004"}


def test_who_cited_pergub_sumsel_15_2014_and_when(seed_store: GraphStore) -> None:
    cited = rows(seed_store, "citations", entity="pergub-sumsel-15-2014")
    by_source = {(r["source"], r["speaker_name"]) for r in cited}
    assert ("s004", "Zainudin") in by_source  # he thanked the Pj Governor for it at the courtesy visit
    [visit] = [r for r in cited if r["source"] == "s004" and r["speaker_name"] == "Zainudin"]
    assert (visit["kind"], visit["date"], visit["date_from"]) == ("statement", dt.date(2024, 3, 21), "event")
    assert visit["role_name"] == "Direktur Kepesertaan BPJS Ketenagakerjaan"
    assert "Pergub" in visit["evidence"] and visit["entity"] == ID + "pergub-sumsel-15-2014"


def test_citations_without_any_date_stay_undated_and_show_an_inferred_speaker(seed_store: GraphStore) -> None:
    # s001 has no date and the Kakanwil's remarks are placed at no event
    cited = {r["fact"].rsplit("/", 1)[1]: r for r in rows(seed_store, "citations",
                                                           entity="s001-reg-diminta-kakanwil-sumbagsel")}
    assert {"s001-c-kakanwil-minta-regulasi", "s001-st-kakanwil-tujuan-regulasi"} <= set(cited)
    assert all(r["date"] is None and r["date_from"] == "" for r in cited.values())
    assert cited["s001-st-kakanwil-tujuan-regulasi"]["reading"] == "inferred"
    assert cited["s001-c-kakanwil-minta-regulasi"]["kind"] == "request"
