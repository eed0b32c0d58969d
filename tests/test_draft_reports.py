"""One event, many reports: an article about an event the facts already hold is drafted as a report of it
(`event_reports`), its date kept as this source's claim, not as a second event (tests/fixtures/one-event)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from kg.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "one-event"


def _without_ev_b(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE / "facts", facts)
    (facts / "articles" / "ev-b.yaml").unlink()
    sources = facts / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text[:text.index("  - id: ev-b")], encoding="utf-8")
    return facts


def test_a_second_report_of_a_known_launch_is_drafted_as_a_report_with_its_own_date(tmp_path: Path) -> None:
    facts = _without_ev_b(tmp_path)
    out = facts / "articles" / "ev-b.yaml"
    article = FIXTURE / "sources" / "ev-b.txt"
    result = CliRunner().invoke(main, ["draft", str(article), "--facts", str(facts), "--id", "ev-b", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "events" not in data  # not a second launch
    [report] = data["event_reports"]
    assert report["event"] == "peluncuran-desa-terlindungi" and report["candidate"]["rule"] == "same-event-report"
    # ev-b's own day, though ev-a says 14 March: a disagreement kept, and said in the note
    assert str(report["date"]) == "2023-03-16" and report["date_as_written"] == "Kamis (16/3/2023)"
    assert "2 day(s) apart" in report["note"]
    text = article.read_text(encoding="utf-8")
    assert all(span["quote"] == text[span["start"]:span["end"]] for span in report["evidence"])
    assert {h["at_event"] for h in data["holdings"]} == {"peluncuran-desa-terlindungi"}
    # accepted as drafted, it validates
    out.write_text(re.sub(r"(?m)^\s*candidate: \{.*\}\n", "", out.read_text(encoding="utf-8")), encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(FIXTURE / "sources")])
    assert checked.exit_code == 0, checked.output


def test_an_event_of_another_type_or_with_no_one_in_common_stays_a_new_event(tmp_path: Path) -> None:
    facts = _without_ev_b(tmp_path)
    ev_a = facts / "articles" / "ev-a.yaml"
    ev_a.write_text(ev_a.read_text(encoding="utf-8").replace("    type: launch\n", "    type: fgd\n", 1),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(FIXTURE / "sources" / "ev-b.txt"), "--facts", str(facts),
                                       "--id", "ev-b"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert "event_reports" not in data and [e["type"] for e in data["events"]] == ["launch"]


MOU = """BPJS Ketenagakerjaan dan Pemprov Sumsel Teken MoU Perlindungan Pekerja Rentan

Palembang, ContohBerita.com – BPJS Ketenagakerjaan Kantor Wilayah Sumbagsel dan Pemerintah Provinsi Sumatera \
Selatan melakukan penandatanganan MoU tentang perlindungan pekerja rentan di Griya Agung, Senin (5/8/2024).
"""


def test_an_mou_signing_is_drafted_with_the_type_the_vocabulary_names(tmp_path: Path) -> None:
    article = tmp_path / "mou.txt"
    article.write_text(MOU, encoding="utf-8")  # made up for the test
    result = CliRunner().invoke(main, ["draft", str(article), "--facts", str(Path(__file__).parents[1] / "facts")])
    assert result.exit_code == 0, result.output
    [event] = yaml.safe_load(result.stdout)["events"]
    assert event["type"] == "mou-signing" and str(event["date"]) == "2024-08-05"
    assert event["name"].startswith("penandatanganan MoU")
