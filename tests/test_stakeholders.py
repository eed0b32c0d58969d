"""The stakeholder register, the pledge tracker, the grid and their files, against the seed facts."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kg.cli.main import main
from kg.errors import KgError, UsageError
from kg.facts.loader import load_facts
from kg.facts.model import load_model
from kg.network.analytics import centrality
from kg.network.projection import project
from kg.rdf.build import build_dataset
from kg.stakeholders import scoring
from kg.stakeholders.grid import draw
from kg.stakeholders.register import StakeholderRow, register, tracker
from kg.store.graphstore import GraphStore

OUTPUTS = ("register.csv", "register.xlsx", "tracker.csv", "grid.png", "grid.svg")


@pytest.fixture(scope="module")
def rows(seed_store: GraphStore) -> dict[str, StakeholderRow]:
    return {row.id: row for row in register(seed_store)}


def _rank(store: GraphStore, role: str) -> int:
    [row] = store.select(f'SELECT ?rank WHERE {{ ?r skos:notation "{role}" ; kg:authorityRank ?rank }}')
    return int(row["rank"])


def _expected_influence(store: GraphStore, actor: str, role: str) -> float:
    """The documented rule, recomputed here: authority of the post + 2 × PageRank share, to one decimal."""
    ranking = centrality(project(store))["ranking"]
    pagerank = {score["id"]: score["pagerank"] for score in ranking}
    bonus = round(2 * pagerank[actor] / max(pagerank.values()), 1)
    return round(_rank(store, role) + bonus, 1)


def test_ogan_ilir_regional_secretary_pledged_a_regulation_whose_status_is_unknown(
        seed_store: GraphStore, rows: dict[str, StakeholderRow]) -> None:
    sekda = rows["muhsin-abdullah"]
    assert [(p.post, p.role, p.acting) for p in sekda.posts] == [("sekda-ogan-ilir", "regional secretary (Sekda)",
                                                                  False)]
    [pledge] = [c for c in sekda.pledges if c.id == "s001-c-sekda-regulasi"]
    assert pledge.kind == "pledge" and pledge.status == "unknown" and pledge.sources == ("s001",)
    assert pledge.regarding == ("s001-reg-ogan-ilir-wajib-peserta",)
    [tracked] = [c for c in tracker(seed_store, actor="Muhsin Abdullah") if c.id == pledge.id]
    assert [(h.source, h.status) for h in tracked.history] == [("s001", "unknown")]
    assert "kabupaten-ogan-ilir" in tracked.regions


def test_acting_governor_of_sumsel_deferred_support_to_2025(seed_store: GraphStore,
                                                            rows: dict[str, StakeholderRow]) -> None:
    [deferred] = [c for c in tracker(seed_store, status="deferred") if c.sources == ("s004",)]
    assert (deferred.by, deferred.due_year, deferred.made_on) == ("agus-fatoni", "2025", dt.date(2024, 3, 21))
    assert deferred.sources == ("s004",)
    governor = rows["agus-fatoni"]
    assert ("gubernur-sumsel", "Pj", True) in [(p.post, p.tenure, p.acting) for p in governor.posts]
    assert deferred in governor.pledges


def test_authority_ranks_are_read_from_the_vocabulary(seed_store: GraphStore) -> None:
    ranks = [_rank(seed_store, role) for role in ("governor", "regional-secretary", "head-of-regional-office",
                                                  "head-of-branch-office")]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 4


@pytest.mark.parametrize("actor, role", [("agus-fatoni", "governor"), ("muhsin-abdullah", "regional-secretary"),
                                         ("mochammad-faisal", "head-of-branch-office")])
def test_influence_follows_the_documented_rule(seed_store: GraphStore, rows: dict[str, StakeholderRow],
                                               actor: str, role: str) -> None:
    assert rows[actor].influence == _expected_influence(seed_store, actor, role)
    assert all(reason.sources for reason in rows[actor].reasons if reason.score == "influence")


def test_governor_outranks_regional_secretary_outranks_head_of_branch_office(rows: dict[str, StakeholderRow]) -> None:
    assert rows["agus-fatoni"].influence > rows["muhsin-abdullah"].influence > rows["mochammad-faisal"].influence


def test_interest_follows_the_documented_rule(rows: dict[str, StakeholderRow]) -> None:
    assert rows["muhsin-abdullah"].interest == 4 * 2  # four pledges, no events
    # a deferred pledge (1) + a proposal (2) + the Gertak programme (1) + the visit to him (1)
    assert rows["agus-fatoni"].interest == 1 + 2 + 1 + 1
    assert rows["kanwil-sumbagsel"].interest == scoring.SCORE_MAX  # 4 pledges and 3 programmes, capped
    for row in rows.values():
        points = sum(r.points for r in row.reasons if r.score == "interest")
        assert points == row.interest, row.id


def test_every_reason_for_interest_cites_its_sources(rows: dict[str, StakeholderRow]) -> None:
    for row in rows.values():
        for reason in row.reasons:
            if reason.score == "interest" and reason.points > 0:
                assert reason.sources, (row.id, reason)


def test_register_row_has_the_facts_a_session_needs(rows: dict[str, StakeholderRow]) -> None:
    muhyidin = rows["muhyidin"]
    assert {"s000", "s002", "s004"} <= set(muhyidin.sources) and muhyidin.independent_sources >= 3
    assert muhyidin.first_seen is not None and muhyidin.last_seen is not None
    assert muhyidin.first_seen <= dt.date(2024, 3, 21) and muhyidin.last_seen >= dt.date(2024, 7, 9)
    assert ("kanwil-sumbagsel", "Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel") in muhyidin.organisations
    assert "sumatera-selatan" in {r for r, _ in muhyidin.regions}
    assert {e.id for e in muhyidin.events()} >= {"fgd-kepesertaan-jasa-konstruksi-2024-07-09",
                                                  "silaturahmi-pj-gubernur-sumsel-2024-03-21"}
    assert muhyidin.statements and all(s.sources for s in muhyidin.statements)
    assert {i.name for i in rows["pemprov-sumsel"].programmes()} >= {"Gertak Bedah Rumah",
                                                                     "Gertak Penanganan Masalah Stunting"}
    assert {row.kind for row in rows.values()} == {"Person", "Organization"}


def test_region_keeps_actors_tied_to_it_or_to_a_region_within_it(seed_store: GraphStore) -> None:
    ogan_ilir = {row.id for row in register(seed_store, region="Ogan Ilir")}
    assert ogan_ilir >= {"pemkab-ogan-ilir", "panca-wijaya-akbar", "muhsin-abdullah"}
    assert not {"pemprov-babel", "kurniasih", "bps"} & ogan_ilir
    sumsel = {row.id for row in register(seed_store, region="sumatera-selatan")}
    assert ogan_ilir < sumsel  # Kabupaten Ogan Ilir lies within Sumatera Selatan
    assert {"agus-fatoni", "pemprov-sumsel", "muhyidin"} <= sumsel
    assert not {"pemprov-babel", "abdul-shoheh"} & sumsel


def test_exact_rows_on_the_frozen_seeds(frozen_store: GraphStore) -> None:
    """Whole answers, on the frozen copy of the seeds (tests/fixtures/seeds-frozen/), which adding an article
    to facts/ never changes; the tests above check the same rows on the live facts."""
    assert {row.id for row in register(frozen_store, region="Ogan Ilir")} == {
        "pemkab-ogan-ilir", "panca-wijaya-akbar", "muhsin-abdullah"}
    rows = {row.id: row for row in register(frozen_store)}
    muhyidin = rows["muhyidin"]
    assert muhyidin.independent_sources == 3 and muhyidin.sources == ["s000", "s002", "s004"]
    assert (muhyidin.first_seen, muhyidin.last_seen) == (dt.date(2024, 3, 21), dt.date(2024, 7, 9))
    assert [i.name for i in rows["pemprov-sumsel"].programmes()] == ["Gertak Bedah Rumah",
                                                                     "Gertak Penanganan Masalah Stunting"]
    assert [c.id for c in tracker(frozen_store, status="deferred")] == ["s004-c-pj-gubernur-dukung-target-2025"]


def test_as_of_keeps_posts_held_then_and_leaves_out_later_facts(seed_store: GraphStore) -> None:
    july = {row.id: row for row in register(seed_store, as_of=dt.date(2024, 7, 9))}
    assert [p.post for p in july["agus-fatoni"].posts] == ["gubernur-sumsel"]
    # s001 dates nothing: Bambang Utama's holding may hold on any date, so it stays, marked undated
    [undated] = july["bambang-utama"].posts
    assert undated.post == "kakanwil-sumbagsel" and undated.undated and undated.sources == ("s001",)
    assert not any(p.undated for p in july["agus-fatoni"].posts)
    before = {row.id: row for row in register(seed_store, as_of=dt.date(2023, 12, 31))}
    assert "agus-fatoni" not in before  # everything about him is dated 21 March 2024
    assert [p.post for p in before["zainudin"].posts] == ["direktur-kepesertaan"]
    assert all(c.made_on is None or c.made_on <= dt.date(2023, 12, 31) for c in before["zainudin"].pledges)
    assert before["zainudin"].last_seen == dt.date(2023, 9, 1)


def test_as_of_keeps_the_undated_ogan_ilir_officials_with_their_posts_and_scores(seed_store: GraphStore) -> None:
    # The README's session (Sumsel, 9 July 2024): s001 names the Bupati and the Sekda of Ogan Ilir
    # without a date. They used to vanish (the Bupati) or lose the post (the Sekda: influence 0.5).
    july = {row.id: row for row in register(seed_store, region="Sumsel", as_of=dt.date(2024, 7, 9))}
    every_date = {row.id: row for row in register(seed_store, region="Sumsel")}
    for person, post in (("panca-wijaya-akbar", "bupati-ogan-ilir"), ("muhsin-abdullah", "sekda-ogan-ilir")):
        [held] = july[person].posts
        assert held.post == post and held.undated and held.on_date == "undated"
        assert july[person].influence == every_date[person].influence > 5
        assert any("holds" in r.reason and "undated" in r.reason for r in july[person].reasons)


def test_tracker_filters_by_actor_region_and_status(seed_store: GraphStore) -> None:
    everything = tracker(seed_store)
    assert len(everything) == len({c.id for c in everything}) > 15
    babel = tracker(seed_store, region="Babel")
    # s003's Pangkalpinang meeting: the director's and the DPR member's, and no Sumsel official's
    assert {"zainudin", "kurniasih"} <= {c.by for c in babel}
    assert {c.by for c in babel}.isdisjoint({"muhyidin", "agus-fatoni", "panca-wijaya-akbar", "bambang-utama"})
    assert {c.status for c in tracker(seed_store, status="unknown")} == {"unknown"}
    with pytest.raises(UsageError, match=r"not a commitment status; one of: .*deferred"):
        tracker(seed_store, status="postponed")


def test_a_region_that_is_not_a_region_is_refused_helpfully(seed_store: GraphStore) -> None:
    with pytest.raises(UsageError, match=r"is a Person .*not a region; regions are: .*sumatera-selatan"):
        register(seed_store, region="Muhyidin")
    with pytest.raises(KgError, match="did you mean 'sumsel'"):
        register(seed_store, region="sumsell")


def test_grid_places_every_actor_by_its_scores_and_labels_do_not_overlap(
        seed_store: GraphStore, rows: dict[str, StakeholderRow]) -> None:
    figure, boxes = draw(list(rows.values()))
    placed = {box.id: (box.x, box.y) for box in boxes}
    assert set(placed) == set(rows)
    governor_y = _expected_influence(seed_store, "agus-fatoni", "governor")
    assert placed["agus-fatoni"] == (1 + 2 + 1 + 1, governor_y)
    assert placed["muhsin-abdullah"] == (8, _expected_influence(seed_store, "muhsin-abdullah", "regional-secretary"))
    overlapping = [(a.id, b.id) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
    assert overlapping == []
    frame = figure.axes[0].get_window_extent()
    assert all(frame.x0 <= b.box[0] and b.box[2] <= frame.x1 and frame.y0 <= b.box[1] and b.box[3] <= frame.y1
               for b in boxes)


OVERRIDE = """overrides:
  - id: override-muhsin-abdullah-2024-08-01
    actor: muhsin-abdullah
    by: "Fasilitator Uji"
    on: 2024-08-01
    why: "The session knows the regency has drafted the regulation."
    old_influence: 5.5
    new_influence: 7.5
    old_interest: 8
    new_interest: 9.5
"""


def test_an_override_moves_the_shown_placement_but_the_derived_value_stays(
        seed_build: Path, rows: dict[str, StakeholderRow], tmp_path: Path) -> None:
    (tmp_path / "overrides.yaml").write_text(OVERRIDE, encoding="utf-8")
    model = load_model()
    facts = load_facts(tmp_path, model)
    assert facts.problems == []
    extra = build_dataset(facts.records, model).serialize(format="nquads")
    store = GraphStore.from_nquads((seed_build / "kg.nq").read_text(encoding="utf-8") + extra)
    sekda = next(row for row in register(store) if row.id == "muhsin-abdullah")
    derived = rows["muhsin-abdullah"]
    assert (sekda.influence, sekda.interest) == (derived.influence, derived.interest)
    assert (sekda.shown_influence, sekda.shown_interest) == (7.5, 9.5)
    assert sekda.override is not None and sekda.override.by == "Fasilitator Uji"
    _, boxes = draw([sekda])
    assert (boxes[0].x, boxes[0].y) == (9.5, 7.5)


def test_cli_writes_every_file(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--region", "Sumsel",
                                       "--as-of", "9 Juli 2024", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    with (out / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        register_rows = list(csv.DictReader(handle))
    assert "agus-fatoni" in {row["id"] for row in register_rows}
    assert "pemprov-babel" not in {row["id"] for row in register_rows}
    with (out / "tracker.csv").open(encoding="utf-8-sig", newline="") as handle:
        tracked = {row["commitment"]: row for row in csv.DictReader(handle)}
    assert tracked["s004-c-pj-gubernur-dukung-target-2025"]["status"] == "deferred"
    assert "Agus Fatoni" in (out / "grid.svg").read_text(encoding="utf-8")  # SVG text stays text


@pytest.mark.parametrize("region, message", [("Muhyidin", "not a region"), ("sumsell", "did you mean 'sumsel'")])
def test_cli_refuses_a_bad_region_with_exit_2(seed_build: Path, tmp_path: Path, region: str, message: str) -> None:
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--region", region,
                                       "--out", str(tmp_path / "pack")])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "pack").exists()


def test_xlsx_reads_back_with_frozen_headers_filters_sheets_and_source_links(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--out", str(out)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out / "register.xlsx")
    assert workbook.sheetnames == ["Actors", "Posts", "Pledges & requests", "Statements", "Evidence", "Tracker",
                                   "Overrides", "Disagreements", "Sources"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    actors = workbook["Actors"]
    header = [cell.value for cell in actors[1]]
    column = header.index("sources") + 1
    by_id = {actors.cell(row=r, column=1).value: r for r in range(2, actors.max_row + 1)}
    cell = actors.cell(row=by_id["agus-fatoni"], column=column)
    assert cell.value == "s004"
    assert cell.hyperlink is not None and cell.hyperlink.location == "'Sources'!A6"
    assert workbook["Sources"]["A6"].value == "s004"
    assert cell.comment is not None and "Silaturahmi ke Pj Gubernur" in cell.comment.text
    tracker_sheet = workbook["Tracker"]
    statuses = {row[0]: row[9] for row in tracker_sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses["s001-c-sekda-regulasi"] == "unknown"
    evidence = list(workbook["Evidence"].iter_rows(min_row=2, values_only=True))
    assert any(row[0] == "agus-fatoni" and row[2] == "influence" and row[3] == 8 for row in evidence)


@pytest.mark.parametrize("module", [f"kg.stakeholders.{name}" for name in
                                    ("scoring", "register", "queries", "grid", "workbook", "session")])
def test_docstring_examples_run(module: str) -> None:
    failures, tries = doctest.testmod(importlib.import_module(module))
    assert failures == 0 and tries > 0


def test_the_register_shows_the_disagreements_about_an_actor(seed_store: GraphStore) -> None:
    # s004's headline credits the agency with proposing the Gertak; its body credits the Pj Governor.
    rows = {r.id: r for r in register(seed_store)}
    fatoni = {(d.kind, d.origin) for d in rows["agus-fatoni"].disagreements}
    agency = {(d.kind, d.origin) for d in rows["bpjs-ketenagakerjaan"].disagreements}
    assert ("headline", "headline-rule") in fatoni and ("headline", "headline-rule") in agency
    flags = [{d.flag for d in rows[actor].disagreements} for actor in ("agus-fatoni", "bpjs-ketenagakerjaan")]
    assert flags[0] & flags[1], "one flag names both sides"

