"""The score reasons and the grid's images in Bahasa Indonesia first and in English, with the values the ontology
names (roles, tenures, statuses, quadrants, kinds of actor) by its @id labels, read from the graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.stakeholders import scoring
from kg.stakeholders.grid import QUADRANTS, WORDS, draw
from kg.stakeholders.queries import id_labels
from kg.stakeholders.register import StakeholderRow, register
from kg.store.graphstore import GraphStore

# English words of the reasons that an Indonesian reason must not hold.
ENGLISH = ("authority", "centrality", "best-connected", "pledged", "proposed", "requested", "stated support",
           "involved in", "took part", "capped", "holds ", "acting", "undated", "organisation type", "no post")


def _english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_influence_reasons_are_written_in_both_languages() -> None:
    score = scoring.influence([scoring.Authority(5, "holds Sekda Ogan Ilir (regional secretary)", ("s001",),
                                                 what_id="memangku Sekda Ogan Ilir (Sekretaris Daerah)")], share=0.26)
    authority, bonus = score.reasons
    assert authority.reason == "authority 5 of 8: holds Sekda Ogan Ilir (regional secretary)"
    assert authority.reason_id == "kewenangan 5 dari 8: memangku Sekda Ogan Ilir (Sekretaris Daerah)"
    assert bonus.reason.startswith("centrality bonus 0.5 of 2: PageRank 26%")
    assert bonus.reason_id.startswith("bonus sentralitas 0.5 dari 2: PageRank 26%")
    assert [r.text() for r in score.reasons] == [r.reason_id for r in score.reasons]  # Indonesian by default
    assert [r.text("en") for r in score.reasons] == [r.reason for r in score.reasons]
    nothing = scoring.influence([], share=0.0).reasons[0]
    assert nothing.reason == "no post on record: authority 0"
    assert nothing.text() == "tidak ada jabatan yang tercatat: kewenangan 0" and not _english_in(nothing.text())


def test_interest_reasons_use_the_given_status_labels_and_words_as_written() -> None:
    signals = [scoring.Signal("pledge", "Support the targets", ("s004",), status="deferred",
                              what_id="“akan kita dukung”"),
               scoring.Signal("request", "Help the workers", ("s003",)),
               scoring.Signal("event", "Silaturahmi", ("s004",))] + [scoring.Signal("proposal", "p", ("s1",))] * 5
    score = scoring.interest(signals, {"deferred": "ditunda"})
    texts = [r.text() for r in score.reasons]
    assert texts[:3] == ["berjanji: “akan kita dukung” (status ditunda)", "meminta: Help the workers",
                         "ikut serta dalam acara: Silaturahmi"]
    assert texts[-1] == "dibatasi paling tinggi 10" and score.reasons[-1].reason == "capped at 10"
    assert [r.reason for r in score.reasons][:1] == ["pledged: Support the targets (status deferred)"]
    assert all(not _english_in(text) for text in texts)
    # no labels given: a status is written as it is, and the reason stays Indonesian otherwise
    assert scoring.interest(signals[:1]).reasons[0].text() == "berjanji: “akan kita dukung” (status deferred)"


@pytest.fixture(scope="module")
def rows(seed_store: GraphStore) -> dict[str, StakeholderRow]:
    return {row.id: row for row in register(seed_store)}


@pytest.mark.content
def test_every_reason_of_the_seeds_reads_in_indonesian(seed_store: GraphStore, rows: dict[str, StakeholderRow]) -> None:
    labels = id_labels(seed_store)
    for row in rows.values():
        for reason in row.reasons:
            assert reason.reason_id and reason.reason_id != reason.reason, (row.id, reason)
            assert not _english_in(reason.reason_id), (row.id, reason.reason_id)
    # a role and an acting tenure by their @id labels, read from the ontology
    for row in rows.values():
        for post in row.posts:
            if post.authority is None:
                continue
            expected = labels.get(post.role, post.role)
            assert any(expected in r.reason_id for r in row.reasons if r.score == "influence") or \
                max(p.authority or 0 for p in row.posts) > post.authority, (row.id, post.role)
            if post.acting and post.authority == max(p.authority or 0 for p in row.posts):
                assert any(labels["acting"] in r.reason_id for r in row.reasons), row.id
    # a pledge's reason quotes its words as written; a status by its @id label
    for row in rows.values():
        for pledge in row.pledges:
            if pledge.evidence:
                assert any(pledge.evidence in r.reason_id for r in row.reasons if pledge.id in r.facts), pledge.id
            if pledge.status:
                assert any(f"(status {labels.get(pledge.status, pledge.status)})" in r.reason_id
                           for r in row.reasons if pledge.id in r.facts), pledge.id


def test_the_grid_is_drawn_in_indonesian_by_default_and_in_english_on_request(seed_store: GraphStore) -> None:
    rows = register(seed_store)[:3]
    labels = id_labels(seed_store)
    figure, _ = draw(rows, terms=labels)
    ax = figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == (WORDS["id"]["x"], WORDS["id"]["y"],
                                                                   WORDS["id"]["title"])
    texts = {text.get_text() for text in ax.texts}
    assert {labels[name] for _, _, name, _, _ in QUADRANTS} <= texts  # the quadrants' @id labels (kgv:GridQuadrant)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:2] == [labels["person"], labels["organisation"]]
    figure, _ = draw(rows, lang="en", terms=labels)
    ax = figure.axes[0]
    assert ax.get_xlabel() == "Interest / support (0-10)" and ax.get_title() == "Power/interest grid"
    assert {name for _, _, name, _, _ in QUADRANTS} <= {text.get_text() for text in ax.texts}


def test_kg_stakeholders_writes_the_grid_images_in_the_chosen_language(seed_build: Path, tmp_path: Path) -> None:
    labels = id_labels(GraphStore.from_build(seed_build))
    for lang, expected, absent in (("id", WORDS["id"]["title"], "Power/interest"),
                                   ("en", "Power/interest grid", WORDS["id"]["title"])):
        out = tmp_path / lang
        arguments = ["stakeholders", "--build", str(seed_build), "--out", str(out)]
        result = CliRunner().invoke(main, arguments + (["--lang", lang] if lang == "en" else []))
        assert result.exit_code == 0, result.output
        svg = (out / "grid.svg").read_text(encoding="utf-8")  # the SVG keeps its text as text
        assert expected in svg and absent not in svg
        quadrant = "Manage closely"
        assert (labels[quadrant] in svg) == (lang == "id") and (quadrant in svg) == (lang == "en")
        assert (out / "grid.png").stat().st_size > 0
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--out", str(tmp_path / "x"),
                                       "--lang", "fr"])
    assert result.exit_code == 2 and "fr" in result.output


def test_the_workbook_gives_each_reason_in_both_languages(seed_build: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "session"
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out / "register.xlsx")["Evidence"]
    header = [cell.value for cell in sheet[1]]
    assert header[4:6] == ["reason", "alasan"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all(row[5] and row[5] != row[4] and not _english_in(str(row[5])) for row in rows)
