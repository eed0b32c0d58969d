"""The workshop folder (`kg workshop`) and the register, grid and tracker pages, in a real browser.

The pack is written from the seed build for Sumsel as of 2024-07-09, and for every region and date.
Every page of it loads from disk with no console error and no request outside the folder, and every
link in it leads to a file of the folder. The register and the tracker show the seed facts; the grid
places each actor where kg.stakeholders.scoring puts it and shows the evidence on hover and click; the tracker's
filters work; a fact set full of script payloads runs no script and shows the payloads as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import pytest
from click.testing import CliRunner
from playwright.sync_api import BrowserContext

from kg.cli.main import main
from kg.stakeholders import scoring
from kg.stakeholders.grid import FAN_RADIUS
from kg.stakeholders.register import StakeholderRow, regions_within, register, tracker
from kg.store.graphstore import GraphStore
from kg.workshop import write_workshop
from tests.browser import ACCENTED, OVERRIDE_PAYLOAD, PAYLOADS, QUOTE_PAYLOAD, Opened, open_page, xss_build

AS_OF = dt.date(2024, 7, 9)
STAKEHOLDER_PAGES = ("register.html", "grid.html", "tracker.html")
DATA_FILES = ("register.xlsx", "register.csv", "tracker.csv", "grid.png", "grid.svg")
DEFERRED = "s004-c-pj-gubernur-dukung-target-2025"
REGULATION = "s001-c-sekda-regulasi"
# every link a page holds: in the DOM, and in its data (links the page script makes on a click)
LINKS = """() => {
  const found = Array.from(document.querySelectorAll('[href], [src]'))
    .map(e => e.getAttribute('href') || e.getAttribute('src'));
  const data = document.getElementById('kg-data');
  return [found, data ? data.textContent : null];
}"""


@pytest.fixture(scope="module")
def packs(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pack for Sumsel as of 2024-07-09 (written by the CLI) and the one for every region and date."""
    out = tmp_path_factory.mktemp("workshop")
    result = CliRunner().invoke(main, ["workshop", "--build", str(seed_build), "--region", "Sumsel",
                                       "--as-of", AS_OF.isoformat(), "--out", str(out / "sumsel")])
    assert result.exit_code == 0, result.output
    assert f"open {(out / 'sumsel' / 'index.html').resolve().as_uri()}" in result.output
    write_workshop(GraphStore.from_build(seed_build), out / "all")
    return {"sumsel": out / "sumsel", "all": out / "all"}


@pytest.fixture(scope="module")
def sumsel_rows(seed_store: GraphStore) -> dict[str, StakeholderRow]:
    return {row.id: row for row in register(seed_store, region="Sumsel", as_of=AS_OF)}


def test_the_pack_holds_the_session_files_and_the_views_of_its_region(
        packs: dict[str, Path], sumsel_rows: dict[str, StakeholderRow]) -> None:
    pack = packs["sumsel"]
    for name in ("index.html", *STAKEHOLDER_PAGES, *DATA_FILES, "network.html", "hierarchy.html", "as-of-date.html"):
        assert (pack / name).stat().st_size > 0, name
    assert {p.stem for p in (pack / "ego").glob("*.html")} == set(sumsel_rows)
    assert {p.stem for p in (pack / "region").glob("*.html")} >= {"sumatera-selatan", "kabupaten-ogan-ilir",
                                                                  "kota-palembang"}
    assert not (pack / "region" / "kepulauan-bangka-belitung.html").exists()  # outside the session's region
    # the date page opens on the session's date
    data = _page_data(pack / "as-of-date.html")
    assert data["date"]["initial"] == AS_OF.isoformat() and AS_OF.isoformat() in data["date"]["dates"]
    everything = packs["all"]
    assert len(list((everything / "ego").glob("*.html"))) > len(sumsel_rows)
    assert (everything / "region" / "kepulauan-bangka-belitung.html").is_file()


def _page_data(path: Path) -> dict[str, Any]:
    html = path.read_text(encoding="utf-8")
    start = html.index('<script id="kg-data" type="application/json">') + len('<script id="kg-data" '
                                                                               'type="application/json">')
    data: dict[str, Any] = json.loads(html[start:html.index("</script>", start)])
    return data


def _links_in_data(value: Any, key: str = "", parent: str = "") -> list[str]:
    """Link targets in a page's data: every "page" and "byPage" value, and the values under "links"."""
    if isinstance(value, dict):
        return [link for k, v in value.items() for link in _links_in_data(v, k, key)]
    if isinstance(value, list):
        return [link for v in value for link in _links_in_data(v, key, parent)]
    return [value] if isinstance(value, str) and (key in ("page", "byPage") or parent == "links") else []


def _broken_links(opened: Opened, pack: Path) -> list[str]:
    found, data = opened.js(LINKS)
    links = list(found) + (_links_in_data(json.loads(data)) if data else [])
    broken = []
    for link in links:
        if link.startswith("data:"):
            continue
        target = urlparse(urljoin(opened.page.url, link))
        path = Path(unquote(target.path))
        if target.scheme != "file" or not path.resolve().is_relative_to(pack.resolve()) or not path.is_file():
            broken.append(link)
    return broken


@pytest.mark.browser
@pytest.mark.parametrize("which", ["sumsel", "all"])
def test_every_page_loads_offline_without_errors_and_links_only_inside_the_pack(
        browser: BrowserContext, packs: dict[str, Path], which: str) -> None:
    pack = packs[which]
    pages = sorted(pack.rglob("*.html"))
    assert len(pages) > 15
    problems, opened = [], None
    for path in pages:
        opened = open_page(browser, path, reuse=opened, root=pack)
        if path.name == "register.html":  # open every row, so that the links it makes are in the DOM too
            opened.js("() => kgPack.data.actors.forEach(a => kgRegister.open(a.id))")
        if opened.errors or opened.outside or opened.dialogs:
            problems.append(f"{path}: {opened.errors} {opened.outside} {opened.dialogs}")
        if broken := _broken_links(opened, pack):
            problems.append(f"{path}: links to nothing in the pack: {broken}")
    assert opened is not None
    opened.page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_register_shows_pledges_with_their_status_and_sources(browser: BrowserContext,
                                                                  packs: dict[str, Path]) -> None:
    opened = open_page(browser, packs["sumsel"] / "register.html")
    opened.page.click("tr[data-id='muhsin-abdullah'] button.toggle")
    pledge = opened.page.inner_text(f"tr.details [data-commitment='{REGULATION}']")
    # the words as written (the evidence, Indonesian) first, then the English summary
    assert pledge.startswith("pledge: “Pihaknya juga akan membuat regulasi untuk mewajibkan pekerja")
    assert "” — Make a regulation obliging workers in the regency" in pledge
    assert "unknown" in pledge and "status history\ns001: unknown (no date)" in pledge
    assert "s001 · Media Indonesia · no date" in pledge
    assert "“Pihaknya juga akan membuat regulasi untuk mewajibkan pekerja" in pledge
    opened.page.click("tr[data-id='agus-fatoni'] button.toggle")
    details = opened.page.inner_text("tr[data-id='agus-fatoni'] + tr.details")
    assert "Gubernur Sumatera Selatan — governor" in details and "Pj (acting)" in details
    deferred = opened.page.inner_text(f"tr.details [data-commitment='{DEFERRED}']")
    assert "deferred" in deferred and "due\n2025" in deferred and "made on\n2024-03-21" in deferred
    assert "s004 · SUMATERAEKSPRES.ID · no date" in deferred
    assert "authority 8 of 8: holds Gubernur Sumatera Selatan (governor, Pj, acting)" in details
    # s004's headline credits the agency with the Gertak proposal, its body the Pj Governor: both kept, flagged.
    assert "Disagreements (" in details and "headline-rule" in details and "The headline of s004" in details
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_readme_session_keeps_the_undated_ogan_ilir_officials_marked_and_counted(
        browser: BrowserContext, packs: dict[str, Path], sumsel_rows: dict[str, StakeholderRow]) -> None:
    # s001 dates nothing: on 9 July 2024 the Bupati and the Sekda of Ogan Ilir may hold their posts,
    # so the session shows them with their posts, marked undated, and the index counts such facts.
    pack = packs["sumsel"]
    rows = list(csv.DictReader((pack / "register.csv").open(encoding="utf-8-sig")))  # with a BOM, for Excel
    posts = {row["id"]: row["posts"] for row in rows}
    assert posts["panca-wijaya-akbar"] == "Bupati Ogan Ilir (definitive, undated)"
    assert posts["muhsin-abdullah"] == "Sekretaris Daerah Kabupaten Ogan Ilir (definitive, undated)"
    opened = open_page(browser, pack / "index.html")
    counted = opened.page.inner_text("#undated-count")
    undated_posts = sum(p.undated for row in sumsel_rows.values() for p in row.posts)
    assert undated_posts >= 2 and f"posts: {undated_posts}" in counted
    assert "may or may not hold on 2024-07-09" in counted
    opened.page.close()
    opened = open_page(browser, pack / "register.html")
    row = opened.page.inner_text("tr[data-id='panca-wijaya-akbar']")
    assert "Bupati Ogan Ilir (definitive, undated)" in row or "Bupati Ogan Ilir (undated)" in row
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_register_sorts_and_filters_by_region_type_and_text(
        browser: BrowserContext, packs: dict[str, Path], seed_store: GraphStore) -> None:
    rows = register(seed_store)
    opened = open_page(browser, packs["all"] / "register.html")
    shown = "kgRegister.shown()"
    assert opened.js(shown) == [row.id for row in rows]  # as kg.stakeholders.register.register sorts them
    opened.page.click("th:nth-child(6) button")  # interest, highest first
    interest = [next(r.shown_interest for r in rows if r.id == actor) for actor in opened.js(shown)]
    assert interest == sorted(interest, reverse=True)
    opened.page.select_option("#region-filter", "kabupaten-ogan-ilir")
    inside = regions_within(seed_store, "kabupaten-ogan-ilir")
    assert set(opened.js(shown)) == {row.id for row in rows if {r for r, _ in row.regions} & inside}
    opened.page.select_option("#type-filter", "person")
    assert set(opened.js(shown)) == {row.id for row in rows if {r for r, _ in row.regions} & inside
                                     and row.kind == "Person"}
    opened.page.select_option("#region-filter", "")
    opened.page.select_option("#type-filter", "")
    opened.page.fill("#text-filter", "GUBERNUR sumatera")  # a post held, letter case aside
    assert "agus-fatoni" in opened.js(shown) and "muhyidin" not in opened.js(shown)
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
@pytest.mark.parametrize("which", ["sumsel", "all"])
def test_the_grid_places_every_actor_by_the_documented_rule(
        browser: BrowserContext, packs: dict[str, Path], seed_store: GraphStore, which: str) -> None:
    rows = {r.id: r for r in (register(seed_store, region="Sumsel", as_of=AS_OF) if which == "sumsel"
                              else register(seed_store))}
    opened = open_page(browser, packs[which] / "grid.html")
    placed = opened.js("""() => Array.from(document.querySelectorAll('#grid g.actor')).map(g => {
        const m = g.querySelector('.marker'), box = m.getBBox(), text = g.querySelector('.label');
        const label = text.classList.contains('unplaced') ? {x: 0, y: 0, width: 0, height: 0} : text.getBBox();
        return {id: g.dataset.id, interest: Number(g.dataset.interest), influence: Number(g.dataset.influence),
                x: box.x + box.width / 2, y: box.y + box.height / 2,
                label: [label.x, label.y, label.x + label.width, label.y + label.height]}; })""")
    scale = opened.js("kgGrid.geometry.scale")
    assert {p["id"] for p in placed} == set(rows)
    for spot in placed:
        row = rows[spot["id"]]
        assert (spot["interest"], spot["influence"]) == (row.interest, row.influence)  # no override in the seed
        x = (spot["x"] - scale["x"][0]) / scale["x"][1]
        y = (spot["y"] - scale["y"][0]) / scale["y"][1]
        assert abs(x - row.interest) <= FAN_RADIUS + 0.02 and abs(y - row.influence) <= FAN_RADIUS + 0.02, spot
    fatoni = rows["agus-fatoni"]  # the README's example: governor 8 + centrality bonus; 1 + 2 + 1 + 1
    assert fatoni.influence == round(8 + next(r.points for r in fatoni.reasons if r.reason.startswith("centrality")), 1)
    assert fatoni.interest == 5 and fatoni.interest == scoring.interest(
        [scoring.Signal("pledge", "", (), "deferred"), scoring.Signal("proposal", "", ()),
         scoring.Signal("programme", "", ()), scoring.Signal("event", "", ())]).value
    # the labels drawn (grid.js places them at projector size) overlap neither one another nor any marker
    drawn = [spot["label"] for spot in placed if spot["label"][2] > spot["label"][0]]
    markers = opened.js("""() => Array.from(document.querySelectorAll('#grid .marker')).map(m => {
        const b = m.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })""")
    assert len(drawn) >= len(placed) // 3, (len(drawn), len(placed))

    def crossing(a: list[float], b: list[float]) -> bool:
        return min(a[2], b[2]) > max(a[0], b[0]) + 0.5 and min(a[3], b[3]) > max(a[1], b[1]) + 0.5

    assert [(a, b) for i, a in enumerate(drawn) for b in drawn[i + 1:] if crossing(a, b)] == []
    assert [(a, m) for a in drawn for m in markers if crossing(a, m)] == []
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_hovering_or_clicking_an_actor_shows_the_evidence_of_its_place(browser: BrowserContext,
                                                                       packs: dict[str, Path]) -> None:
    opened = open_page(browser, packs["sumsel"] / "grid.html")
    opened.page.hover("#grid g.actor[data-id='agus-fatoni'] .marker")
    panel = opened.page.inner_text("#panel")
    assert panel.startswith("Agus Fatoni") and "Manage closely" in panel
    assert "authority 8 of 8: holds Gubernur Sumatera Selatan (governor, Pj, acting)" in panel
    assert "s004 · SUMATERAEKSPRES.ID · no date" in panel and "“Penjabat (Pj) Gubernur Sumsel" in panel
    assert "status deferred" in panel
    opened.page.click("#grid g.actor[data-id='muhyidin'] .marker")
    opened.page.mouse.move(0, 0)  # pointing away goes back to the clicked actor
    panel = opened.page.inner_text("#panel")
    assert panel.startswith("Muhyidin") and "holds Kepala Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel" in panel
    assert "InteraksiMassa.COM · no date" in panel
    opened.page.click("#panel a[href^='register.html#']")
    opened.page.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.page.url.endswith("register.html#muhyidin")
    assert opened.page.is_visible("tr[data-id='muhyidin'] + tr.details")
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_tracker_filters_by_actor_region_and_status(browser: BrowserContext, packs: dict[str, Path],
                                                        seed_store: GraphStore) -> None:
    opened = open_page(browser, packs["sumsel"] / "tracker.html")
    shown = "kgTracker.shown()"
    session = [c.id for c in tracker(seed_store, region="Sumsel", as_of=AS_OF)]
    assert opened.js(shown) == session
    opened.page.select_option("#status-filter", "deferred")
    assert DEFERRED in opened.js(shown)
    assert opened.js(shown) == [c.id for c in tracker(seed_store, region="Sumsel", as_of=AS_OF, status="deferred")]
    opened.page.click(f"tr[data-id='{DEFERRED}'] button.toggle")
    details = opened.page.inner_text(f"tr[data-id='{DEFERRED}'] + tr.details")
    assert "status history\ns004: deferred (2024-03-21)" in details and "SUMATERAEKSPRES.ID" in details
    opened.page.select_option("#status-filter", "")
    opened.page.select_option("#actor-filter", "muhsin-abdullah")
    assert opened.js(shown) == [c.id for c in tracker(seed_store, actor="muhsin-abdullah", region="Sumsel",
                                                      as_of=AS_OF)]
    assert REGULATION in opened.js(shown)
    opened.page.select_option("#actor-filter", "")
    opened.page.select_option("#region-filter", "kabupaten-ogan-ilir")
    ogan_ilir = {c.id for c in tracker(seed_store, region="kabupaten-ogan-ilir", as_of=AS_OF)}
    assert set(opened.js(shown)) == ogan_ilir & set(session)
    assert not opened.errors
    opened.page.close()


@pytest.fixture(scope="module")
def xss_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pack of a build whose facts are full of script payloads (see tests.browser.xss_build)."""
    build = xss_build(tmp_path_factory)
    out = tmp_path_factory.mktemp("xss-pack") / "pack"
    write_workshop(GraphStore.from_build(build), out)
    return out


@pytest.mark.browser
def test_script_payloads_in_the_facts_are_shown_as_text_and_never_run(
        browser: BrowserContext, without_csp: BrowserContext, xss_pack: Path) -> None:
    pages = sorted(xss_pack.rglob("*.html"))
    for path in pages:  # the payloads never reach the HTML as markup: escaped, or inert JSON
        html = path.read_text(encoding="utf-8")
        assert "<script>window" not in html and "<img src=x" not in html and "<!-- " not in html, path
    opened = None
    for context in (browser, without_csp):  # without the CSP, markup that reached the DOM would run
        for path in pages if context is browser else [xss_pack / name for name in ("index.html", *STAKEHOLDER_PAGES)]:
            opened = open_page(context, path, reuse=opened if opened and opened.page.context is context else None,
                               root=xss_pack)
            if path.name == "register.html":
                opened.js("() => kgPack.data.actors.forEach(a => kgRegister.open(a.id))")
            if path.name == "tracker.html":
                opened.js("() => kgPack.data.commitments.forEach(c => kgTracker.open(c.id))")
            if path.name == "grid.html":
                opened.page.click("#grid g.actor[data-id='siti-aminah'] .marker")
            assert not opened.dialogs and opened.js("typeof window.__xss") == "undefined", path
            assert not opened.errors and not opened.outside, (path, opened.errors, opened.outside)
            assert opened.js("document.querySelectorAll('main img, main script, a[href^=javascript]').length") == 0
            text = opened.page.inner_text("body")
            if path.name == "register.html":
                assert PAYLOADS[0] + " Budi" in text and "Siti " + PAYLOADS[3] in text and ACCENTED in text
                assert OVERRIDE_PAYLOAD in text and "“" + QUOTE_PAYLOAD + "”" in text
                assert PAYLOADS[1] + " href " + PAYLOADS[0] in text  # a source's title
            if path.name == "grid.html":
                assert OVERRIDE_PAYLOAD in opened.page.inner_text("#panel")
            if path.name == "tracker.html":
                assert "“" + QUOTE_PAYLOAD + "”" in text
            if path.name == "index.html" and path.parent == xss_pack:
                assert "Siti " + PAYLOADS[3] in text
        assert opened is not None
        opened.page.close()
        opened = None


@pytest.mark.browser
def test_an_override_is_drawn_beside_the_derived_placement(browser: BrowserContext, xss_pack: Path,
                                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    opened = open_page(browser, xss_pack / "grid.html")
    spot = opened.js("""() => { const g = document.querySelector("#grid g.actor[data-id='siti-aminah']");
        const centre = e => { const b = e.getBBox(); return [b.x + b.width / 2, b.y + b.height / 2]; };
        return {classes: g.getAttribute('class'), derived: centre(g.querySelector('.derived')),
                shown: centre(g.querySelector('.marker')), arrow: !!g.querySelector('.arrow'),
                actor: kgPack.data.actors.find(a => a.id === 'siti-aminah')}; }""")
    scale = opened.js("kgGrid.geometry.scale")
    actor = spot["actor"]
    assert "override" in spot["classes"] and spot["arrow"]

    def score(point: list[float]) -> tuple[float, float]:
        x, y = ((point[i] - scale[axis][0]) / scale[axis][1] for i, axis in enumerate("xy"))
        return round(x, 1), round(y, 1)

    assert score(spot["derived"]) == (actor["interest"], actor["influence"])
    assert score(spot["shown"]) == (actor["shownInterest"], actor["shownInfluence"]) == (3, 7)
    assert actor["influence"] != 7  # the derived value stays what the evidence gives
    assert not opened.errors
    opened.page.close()


def test_kg_stakeholders_writes_the_pages_too(seed_build: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for name in (*STAKEHOLDER_PAGES, *DATA_FILES, "assets/pack.js"):
        assert (tmp_path / "out" / name).is_file(), name
    data = _page_data(tmp_path / "out" / "register.html")
    assert data["links"]["index"] is None and not [a for a in data["actors"] if a["page"]]  # no views to link to
