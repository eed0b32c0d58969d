"""The build's disagreement rules: each fires exactly once on its fixture, never on its mirror."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import SKOS

from kg.facts.conflicts import figure_flags, overlap, period, post_holder_flags, quote_flags
from kg.facts.loader import Record
from kg.facts.model import load_model
from kg.namespaces import KGV
from kg.pipeline import run
from tests.conftest import FIXTURES
from tests.test_facts_validation import apply, load_fixture

DERIVED = sorted((FIXTURES / "derived-flags").glob("*.yaml"))


def derived(outcome_records: list[Record]) -> list[Record]:
    return [r for r in outcome_records if r.section == "flags" and r.values.get("origin") not in (None, "analyst")]


@pytest.mark.parametrize("fixture_path", DERIVED, ids=[p.stem for p in DERIVED])
def test_a_rule_fires_once_on_its_fixture_and_not_on_its_mirror(fixture_path: Path, kitchen_sink: Path,
                                                                tmp_path: Path) -> None:
    fixture = load_fixture(fixture_path)
    rule = fixture["fires"]
    apply(fixture, kitchen_sink)
    outcome = run(kitchen_sink, None)
    assert outcome.problems == [], "\n".join(p.render() for p in outcome.problems)
    fired = [f for f in derived(outcome.records) if f.values["origin"] == rule]
    assert len(fired) == 1, [f.values["reason"] for f in fired]
    assert fired[0].values["kind"] == fixture["kind"] and len(fired[0].values["claims"]) == 2
    flagged = {(s, p, o) for s, p, o, _ in outcome.quads.dataset().quads((None, None, None, None))
               if str(p).endswith("#flaggedClaim")}
    assert len(flagged) >= 2, "the flag reaches the graph with both sides"

    mirror = tmp_path / "mirror"
    shutil.copytree(FIXTURES / "kitchen-sink", mirror)
    apply({"file": fixture["file"], "replace": fixture["mirror"]["replace"]}, mirror)
    outcome = run(mirror, None)
    assert outcome.problems == [], "\n".join(p.render() for p in outcome.problems)
    assert [f.values["reason"] for f in derived(outcome.records) if f.values["origin"] == rule] == []


def test_every_rule_has_a_fixture() -> None:
    model = load_model()
    rules = {notation for notation in model.schemes[KGV.FlagOrigin] if notation != "analyst"}
    assert rules == {load_fixture(p)["fires"] for p in DERIVED}


def test_every_flag_kind_and_origin_is_labelled_in_both_languages() -> None:
    model = load_model()
    for scheme in (KGV.FlagKind, KGV.FlagOrigin):
        for concept in model.schemes[scheme].values():
            languages = {label.language for label in model.ontology.objects(concept, SKOS.prefLabel)}
            assert languages == {"en", "id"}, concept


# --- periods of mixed precision --------------------------------------------------------------------

def figure(fid: str, value: str, **dates: Any) -> Record:
    values = {"measure": "coverage-rate", "unit": "percent", "region": "bangka-belitung", "segment": "all-workers",
              "kind": "actual", "value": value, "value_as_written": f"{value} persen",
              "evidence": [{"source": "s9"}], **dates}
    return Record("figures", fid, values, "f.yaml", 1)


def test_a_month_two_years_before_a_day_is_no_figure_conflict() -> None:
    # Babel coverage for August 2023 against coverage on 1 June 2025: the rule once compared only
    # dates of the same kind and flagged these as a conflict.
    august = figure("babel-2023-08", "20", as_of_month="2023-08")
    june = figure("babel-2025-06-01", "31", as_of_date=date(2025, 6, 1))
    assert figure_flags([august, june]) == []


@pytest.mark.parametrize(("a", "b", "conflict"), [
    ({"as_of_month": "2023-08"}, {"as_of_date": date(2023, 8, 17)}, True),   # a day within the month
    ({"as_of_month": "2023-08"}, {"as_of_date": date(2023, 9, 1)}, False),   # the day after it
    ({"as_of_month": "2023-08"}, {}, True),                                 # a missing date tells nothing
    ({"target_year": "2025"}, {"target_year": "2026"}, False),
    ({"as_of_date": date(2024, 1, 1)}, {"as_of_date": date(2024, 1, 2)}, False),
])
def test_periods_tell_figures_apart_only_when_they_cannot_overlap(a: dict[str, Any], b: dict[str, Any],
                                                                  conflict: bool) -> None:
    assert bool(figure_flags([figure("fig-a", "20", **a), figure("fig-b", "31", **b)])) is conflict


def test_period_reads_every_precision() -> None:
    assert period("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period(None) is None
    assert overlap(period("2024-02"), period(date(2024, 2, 29))) and not overlap(period("2024"), period("2025"))  # type: ignore[arg-type]


# --- post holders ---------------------------------------------------------------------------------

def holding(hid: str, person: str, tenure: str = "definitive", **dates: Any) -> Record:
    return Record("holdings", hid, {"person": person, "post": "gubernur-x", "tenure": tenure,
                                    "evidence": [{"source": "s9"}], **dates}, "h.yaml", 1)


POST = Record("posts", "gubernur-x", {"role": "governor"}, "p.yaml", 1)


@pytest.mark.parametrize(("a", "b", "flagged"), [
    (holding("h1", "ani", observed=date(2024, 7, 9)), holding("h2", "budi", observed=date(2024, 7, 9)), True),
    (holding("h1", "ani", **{"from": date(2020, 1, 1), "to": date(2024, 7, 9)}),
     holding("h2", "budi", **{"from": date(2024, 7, 9)}), False),                       # a succession
    (holding("h1", "ani", observed=date(2024, 7, 9)),
     holding("h2", "budi", tenure="Pj", observed=date(2024, 7, 9)), False),             # acting beside definitive
    (holding("h1", "ani"), holding("h2", "budi"), False),                               # dates unknown
    (holding("h1", "ani", observed=date(2024, 7, 9)), holding("h2", "ani", observed=date(2024, 7, 9)), False),
])
def test_two_people_in_one_post_are_flagged_only_at_overlapping_known_times(a: Record, b: Record,
                                                                            flagged: bool) -> None:
    assert bool(post_holder_flags([POST, a, b], load_model())) is flagged


def test_a_post_of_many_members_is_never_flagged() -> None:
    members = Record("posts", "gubernur-x", {"role": "member-of-parliament"}, "p.yaml", 1)
    a, b = holding("h1", "ani", observed=date(2024, 7, 9)), holding("h2", "budi", observed=date(2024, 7, 9))
    assert post_holder_flags([members, a, b], load_model()) == []


# --- quotes ---------------------------------------------------------------------------------------

SAID = "Kami berharap pemerintah daerah dapat mengeluarkan regulasi yang mewajibkan pekerja mendaftar"


def statement(sid: str, speaker: str, quote: str, source: str, event: str | None = None) -> Record:
    values: dict[str, Any] = {"speaker": speaker, "evidence": [{"source": source, "quote": quote, "start": 0}]}
    if event:
        values["at_event"] = event
    return Record("statements", sid, values, "s.yaml", 1)


def event(eid: str, day: date | None) -> Record:
    return Record("events", eid, {"date": day} if day else {}, "e.yaml", 1)


def test_nearly_the_same_words_from_two_speakers_in_two_sources_are_flagged() -> None:
    a = statement("s1-st", "bambang-utama", SAID + ".", "s1")
    b = statement("s9-st", "mochammad-faisal", "“" + SAID.replace("Kami", "kami") + ",” ujarnya", "s9")
    [flag] = quote_flags([a, b])
    assert flag.values["claims"] == ["s1-st", "s9-st"] and flag.values["kind"] == "attribution"


def test_the_same_words_on_two_known_different_days_are_not_flagged() -> None:
    a = statement("s1-st", "bambang-utama", SAID, "s1", "launch-2023")
    b = statement("s9-st", "mochammad-faisal", SAID, "s9", "visit-2024")
    assert quote_flags([a, b, event("launch-2023", date(2023, 5, 2)), event("visit-2024", date(2024, 3, 1))]) == []
    undated = [a, b, event("launch-2023", None), event("visit-2024", date(2024, 3, 1))]
    assert len(quote_flags(undated)) == 1  # one occasion unknown: it may be the same


def test_short_tags_and_different_words_are_not_flagged() -> None:
    assert quote_flags([statement("a", "x", "ujarnya", "s1"), statement("b", "y", "ujarnya", "s2")]) == []
    other = "Kami akan terus berupaya untuk memudahkan pekerja dalam mendaftar dan membayar iuran"
    assert quote_flags([statement("a", "x", SAID, "s1"), statement("b", "y", other, "s2")]) == []


def test_the_same_stock_words_on_one_day_in_two_regions_are_not_flagged() -> None:
    # kg synth's national articles have members of two DPRDs say one stock sentence on one day,
    # at two launches in two regions: two occasions, not one sentence with two speakers.
    a = statement("s1-st", "hadi", SAID, "s1", "launch-lapes")
    b = statement("s2-st", "sumarni", SAID, "s2", "launch-gateper")
    day = date(2021, 12, 9)
    lapes, gateper = event("launch-lapes", day), event("launch-gateper", day)
    lapes.values["region"], gateper.values["region"] = "kabupaten-lapes", "kota-gateper"
    assert quote_flags([a, b, lapes, gateper]) == []
    gateper.values["region"] = "kecamatan-in-lapes"
    inside = Record("relations", "r1", {"subject": "kecamatan-in-lapes", "property": "within_region",
                                        "object": "kabupaten-lapes"}, "r.yaml", 1)
    assert len(quote_flags([a, b, lapes, gateper, inside])) == 1  # one region within the other: maybe one occasion
