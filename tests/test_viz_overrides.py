"""Overrides recorded live on the grid page (viz/static/overrides.js) and read back by `kg overrides import`.

In Debian's chromium at 1280x720, from disk, outside requests blocked: a facilitator picks Muhyidin on
the seed grid, moves him with a click on the grid, says who, when and why (script payloads in both),
saves; a reload keeps it; the export is a file that `kg overrides import` merges into a copy of
facts/overrides.yaml; the rebuilt grid shows the override. Bad files are refused with file:line,
field and rule, and leave overrides.yaml as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext

from kg.cli.main import main
from kg.files import write_atomically
from kg.namespaces import ID, KG
from kg.pipeline import build_files, run
from kg.store.graphstore import GraphStore
from kg.workshop import write_workshop
from tests.browser import PAYLOADS, Opened, open_page
from tests.conftest import FACTS

BY = "Fasilitator " + PAYLOADS[0]
WHY = "Grup menilai Kakanwil lebih berpengaruh. " + PAYLOADS[1] + "\nbaris kedua " + PAYLOADS[3]


@pytest.fixture(scope="module")
def projector(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    return copy


def _grid_point(opened: Opened, interest: float, influence: float) -> tuple[float, float]:
    """Where a score lands on the screen, from the geometry the page draws with."""
    return tuple(opened.js("""([i, f]) => { const g = kgGrid.geometry, svg = document.getElementById('grid');
        const p = svg.createSVGPoint(); p.x = g.scale.x[0] + i * g.scale.x[1]; p.y = g.scale.y[0] + f * g.scale.y[1];
        const s = p.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; }""", [interest, influence]))


def _no_script_ran(opened: Opened) -> None:
    assert not opened.dialogs and opened.js("typeof window.__xss") == "undefined"
    assert not opened.errors and not opened.outside, (opened.errors, opened.outside)


def _import(file: Path, facts: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["overrides", "import", str(file), "--facts", str(facts)])
    return result.exit_code, result.output


@pytest.mark.browser
def test_an_override_made_on_the_grid_survives_a_reload_and_is_imported_and_drawn(
        projector: BrowserContext, seed_build: Path, seeds: Path, facts: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    write_workshop(GraphStore.from_build(seed_build), pack)
    opened = open_page(projector, pack / "grid.html", root=pack)
    opened.page.evaluate("localStorage.clear()")
    opened = open_page(projector, pack / "grid.html", reuse=opened, root=pack)
    page = opened.page
    page.click('#grid .actor[data-id="muhyidin"] .marker')
    page.click("#live-overrides button.move")
    page.evaluate("window.scrollTo(0, 0)")  # the form is below the grid: back up to the grid's top
    x, y = _grid_point(opened, 8, 9)
    assert 0 < y < 720
    page.mouse.click(x, y)
    assert float(page.input_value('#live-overrides input[name="new_interest"]')) == pytest.approx(8, abs=0.15)
    assert float(page.input_value('#live-overrides input[name="new_influence"]')) == pytest.approx(9, abs=0.15)
    page.fill('#live-overrides input[name="by"]', BY)
    page.fill('#live-overrides input[name="on"]', "2024-08-01")
    page.fill('#live-overrides textarea[name="why"]', WHY)
    page.click("#live-overrides button.save")
    recorded = opened.js("kgOverrides.recorded()")
    assert len(recorded) == 1 and recorded[0]["actor"] == "muhyidin" and recorded[0]["why"] == WHY.strip()
    assert opened.js("document.querySelectorAll('#live-layer .live-override').length") == 1
    _no_script_ran(opened)

    # a reload loses nothing, and the typed text shows as the text it is
    opened = open_page(projector, pack / "grid.html", reuse=opened, root=pack)
    assert opened.js("kgOverrides.recorded()") == recorded
    shown = opened.page.inner_text("#live-overrides .live-list")
    assert BY in shown and PAYLOADS[1] in shown
    assert opened.js("document.querySelectorAll('#live-overrides img, #live-overrides script').length") == 0
    _no_script_ran(opened)

    with opened.page.expect_download() as download:
        opened.page.click("#live-overrides button.export")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name.startswith("kg-overrides-") and exported.suffix == ".yaml"

    before = (facts / "overrides.yaml").read_text(encoding="utf-8")
    code, output = _import(exported, facts)
    assert code == 0 and recorded[0]["id"] in output, output
    after = (facts / "overrides.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.replace("overrides: []", "overrides:"))  # comments and records kept
    assert _import(exported, facts) == (0, f"already in {facts / 'overrides.yaml'}, left as they are: "
                                           f"{recorded[0]['id']}\n")

    outcome = run(facts, seeds)
    assert outcome.valid and outcome.model is not None, [p.render() for p in outcome.problems]
    build = tmp_path / "build"
    write_atomically(build, build_files(outcome.quads, outcome.model))
    store = GraphStore.from_build(build)
    # the why is stored as typed, in no language tag: a facilitator writes Indonesian as often as English
    whys = store.select(f"SELECT ?why (LANG(?why) AS ?lang) WHERE {{ ?o <{KG.reason}> ?why ; "
                        f"<{KG.overrideOf}> <{ID.muhyidin}> }}")
    assert [(row["why"], row["lang"]) for row in whys] == [(WHY.strip(), "")]
    write_workshop(store, pack)
    opened = open_page(projector, pack / "grid.html", reuse=opened, root=pack)
    spot = opened.js("kgGrid.geometry.actors.find(a => a.id === 'muhyidin')")
    assert spot["override"] and (spot["interest"], spot["influence"]) == pytest.approx(
        (recorded[0]["new_interest"], recorded[0]["new_influence"]))
    actor = opened.js("kgPack.data.actors.find(a => a.id === 'muhyidin')")
    assert [(o["id"], o["by"], o["why"]) for o in actor["overrides"]] == [(recorded[0]["id"], BY, WHY.strip())]
    # the browser's copy is now marked as imported
    assert opened.js("document.querySelector('#live-overrides .live-item').classList.contains('imported')")
    _no_script_ran(opened)
    opened.page.close()


BAD = {
    "off the grid": ('overrides:\n  - id: override-x\n    actor: muhyidin\n    by: "A"\n    on: 2024-08-01\n'
                     '    why: "b"\n    old_influence: 4\n    new_influence: 11\n    old_interest: 3\n'
                     '    new_interest: 7\n', ":8: new_influence: ", "[rule score-range]"),
    "unknown actor": ('overrides:\n  - id: override-x\n    actor: nobody\n    by: "A"\n    on: 2024-08-01\n'
                      '    why: "b"\n    old_influence: 4\n    new_influence: 5\n    old_interest: 3\n'
                      '    new_interest: 7\n', ":3: actor: 'nobody'", "[rule reference-exists]"),
    "another section": ('holdings: []\noverrides: []\n', ":1: holdings:", "[rule file-structure]"),
    "not a date": ('overrides:\n  - id: override-x\n    actor: muhyidin\n    by: "A"\n    on: 1 Agustus\n'
                   '    why: "b"\n    old_influence: 4\n    new_influence: 5\n    old_interest: 3\n'
                   '    new_interest: 7\n', ":5: on: ", "[rule"),
    "broken yaml": ('overrides:\n  - id: "override-x\n', ":", "[rule yaml-syntax]"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_overrides_file_is_refused_with_file_line_field_and_rule_and_nothing_is_written(
        facts: Path, tmp_path: Path, case: str) -> None:
    text, where, rule = BAD[case]
    file = tmp_path / "export.yaml"
    file.write_text(text, encoding="utf-8")
    before = (facts / "overrides.yaml").read_bytes()
    code, output = _import(file, facts)
    assert code == 1, output
    assert "Traceback" not in output
    line = next(line for line in output.splitlines() if rule in line)
    assert line.startswith(str(file)) or "export.yaml" in line.split(":")[0], line
    assert where in line, line
    assert (facts / "overrides.yaml").read_bytes() == before
    assert file.read_text(encoding="utf-8") == text  # what the user wrote is never changed


def test_an_id_taken_with_other_values_is_refused_and_a_missing_file_is_a_usage_error(facts: Path,
                                                                                      tmp_path: Path) -> None:
    record = ('overrides:\n  - id: override-y\n    actor: muhyidin\n    by: "A"\n    on: 2024-08-01\n'
              '    why: "b"\n    old_influence: 4\n    new_influence: {value}\n    old_interest: 3\n'
              '    new_interest: 7\n')
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(record.format(value=5), encoding="utf-8")
    second.write_text(record.format(value=6), encoding="utf-8")
    assert _import(first, facts)[0] == 0
    merged = (facts / "overrides.yaml").read_bytes()
    code, output = _import(second, facts)
    assert code == 1 and ":2: id: " in output and "[rule unique-id]" in output, output
    assert (facts / "overrides.yaml").read_bytes() == merged
    code, output = _import(tmp_path / "missing.yaml", facts)
    assert code == 2 and "error: overrides file not found" in output
