"""`kg anchor` on the real seed texts: a repeated quote placed by its record's other evidence, by the records
around it, or by `occurrence: N`; a quote nothing can place is left for the analyst with its occurrences; the
file keeps every comment and blank line, and only gains its start/end lines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.facts.anchor import anchor
from tests.conftest import ROOT

S000 = "articles/s000.yaml"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _add_evidence(path: Path, record_id: str, lines: str) -> None:
    """Append evidence lines (indented as the file's evidence items) to the evidence list of record `record_id`."""
    text = path.read_text(encoding="utf-8")
    at = text.index(f"  - id: {record_id}\n")
    evidence = text.index("    evidence:\n", at) + len("    evidence:\n")
    path.write_text(text[:evidence] + lines + text[evidence:], encoding="utf-8")


def _without(text: str, pattern: str) -> str:
    return re.sub(pattern, "", text)


def test_a_repeated_name_is_placed_by_its_records_other_evidence(facts: Path, seeds: Path) -> None:
    path = facts / S000
    # "Muhyidin" occurs twice in article 000 (1868 and 2588): each statement's own quote tells which
    _add_evidence(path, "s000-st-muhyidin-perlindungan", '      - quote: "Muhyidin"  # the speaker\n')
    _add_evidence(path, "s000-st-muhyidin-partisipasi", '      - quote: "Muhyidin"\n')
    before = path.read_text(encoding="utf-8")
    report = anchor(facts, seeds)
    assert not report.unresolved, report.unresolved
    after = path.read_text(encoding="utf-8")
    assert '      - quote: "Muhyidin"  # the speaker\n        start: 2588\n        end: 2596\n' in after
    assert '      - quote: "Muhyidin"\n        start: 1868\n        end: 1876\n' in after
    # nothing else changed: every comment, blank line and quote style as it was
    assert _without(after, r"\n        start: (2588|1868)\n        end: (2596|1876)") == before
    assert CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(seeds)]).exit_code == 0


def test_occurrence_n_picks_the_nth_and_its_line_gives_way_to_start_and_end(facts: Path, seeds: Path) -> None:
    path = facts / S000
    # "Edward" occurs four times (519, 773, 1262, 1359); the third is "ungkap Edward"
    _edit(path, '    quote: "Edward"\n    start: 1262\n    end: 1268\n',
          '    # the speaker of the direct quote\n    occurrence: 3\n    quote: "Edward"\n')
    report = anchor(facts, seeds)
    assert not report.unresolved and any("occurrence 3 of 4" in line for line in report.filled), report
    assert '    # the speaker of the direct quote\n    quote: "Edward"\n    start: 1262\n    end: 1268\n' in \
        path.read_text(encoding="utf-8")


def test_a_mention_without_context_of_its_own_is_placed_by_the_records_around_it(facts: Path, seeds: Path) -> None:
    path = facts / S000
    # the Muhyidin mention follows the mention of his office (1821-1866): his name right after it, not the later one
    _edit(path, '    quote: "Muhyidin"\n    start: 1868\n    end: 1876\n', '    quote: "Muhyidin"\n')
    report = anchor(facts, seeds)
    assert not report.unresolved
    assert [line for line in report.filled if "'Muhyidin' at 1868-1876" in line and "nearest the evidence of" in line]


def test_a_quote_nothing_can_place_is_left_with_its_occurrences_and_the_file_untouched(facts: Path,
                                                                                       seeds: Path) -> None:
    extra = facts / "articles" / "s000-more.yaml"
    extra.write_text('source: s000\n\nmentions:\n  - entity: sumatera-selatan\n    quote: "Sumsel"\n'
                     '  - entity: sumatera-selatan\n    quote: "Sumsel"\n    occurrence: 9\n', encoding="utf-8")
    before = extra.read_bytes()
    result = CliRunner().invoke(main, ["anchor", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 1
    assert re.search(r"s000-more\.yaml:5: 'Sumsel' occurs 8 times in s000 \(at 11, 452, .*\).*add occurrence: N",
                     result.output), result.output
    assert "s000-more.yaml:7: occurrence: 9, but 'Sumsel' occurs 8 times in s000" in result.output
    assert extra.read_bytes() == before


def test_a_mention_lengthened_to_make_it_unique_is_refused_at_its_line(facts: Path, seeds: Path) -> None:
    # the issue: to dodge counting offsets, "Muhyidin" was quoted as "Muhyidin dalam", and recorded as his name
    path = facts / S000
    _edit(path, '    quote: "Muhyidin"\n    start: 1868\n    end: 1876\n',
          '    quote: "Muhyidin dalam"\n    start: 1868\n    end: 1882\n')
    line = path.read_text(encoding="utf-8").splitlines().index('    quote: "Muhyidin dalam"') + 1
    result = CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(rf"s000\.yaml:{line}: quote: 'Muhyidin dalam': has words in none of the names and aliases "
                     r"of muhyidin \(dalam\).*\[rule mention-is-name\]", result.output), result.output


def test_a_name_with_honorifics_degrees_other_case_or_a_spelled_out_acronym_is_still_the_name(
        facts: Path, seeds: Path) -> None:
    # s000 writes "H. Edward Chandra", s002 "Badan Penyelenggara Jaminan Sosial (BPJS) Ketenagakerjaan" and
    # "BPJS Ketenagakerjaan Kantor Wilayah ... (Sumbagsel)", s004 "Provinsi Sumsel": all names as written, and
    # s002's office names borrow its parent's ("Badan Penyelenggara Jaminan Sosial")
    _edit(facts / "entities" / "people.yaml", 'name: "Edward Chandra"', 'name: "EDWARD CHANDRA"')
    # "Provinsi Sumsel" (s004) needs no alias with "Provinsi": it is the Indonesian label of the region's type
    _edit(facts / "entities" / "regions.yaml", '      - "Provinsi Sumatera Selatan"\n', "")
    # "Muhyidin" is an abbreviation of a longer name: any word of three letters or more that starts a name's word
    _edit(facts / "entities" / "people.yaml", 'name: "Muhyidin"', 'name: "Muhyidinsyah"')
    result = CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 0, result.output
    assert '    quote: "H. Edward Chandra"\n' in (facts / S000).read_text(encoding="utf-8")


def test_validate_says_an_occurrence_line_is_waiting_for_kg_anchor(facts: Path, seeds: Path) -> None:
    path = facts / S000
    _edit(path, '    quote: "Edward"\n    start: 1262\n    end: 1268\n', '    quote: "Edward"\n    occurrence: 3\n')
    result = CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 1
    assert "occurrence: '3': tells kg anchor which occurrence of the quote to anchor: run kg anchor --sources DIR " \
           "[rule unknown-field]" in result.output, result.output
    assert CliRunner().invoke(main, ["anchor", "--facts", str(facts), "--sources", str(seeds)]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(seeds)]).exit_code == 0


def test_a_file_with_crlf_line_ends_and_a_bom_keeps_them(facts: Path, seeds: Path) -> None:
    path = facts / S000
    text = path.read_text(encoding="utf-8").replace('    quote: "Muhyidin"\n    start: 1868\n    end: 1876\n',
                                                    '    quote: "Muhyidin"  # his name\n')
    path.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    report = anchor(facts, seeds)
    assert not report.unresolved and len(report.filled) == 1, report
    after = path.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff") and "\n" not in after.replace("\r\n", "")
    assert '    quote: "Muhyidin"  # his name\r\n    start: 1868\r\n    end: 1876\r\n' in after
    assert CliRunner().invoke(main, ["validate", "--facts", str(facts), "--sources", str(seeds)]).exit_code == 0
