"""The interactive views in a real browser: Debian's chromium driven by Playwright (no browser is downloaded).

Every page of the seed site loads from disk with no console error and no request outside its own
files, and draws exactly the graph its view holds; search, the panel, filters, highlighting and
the date control work; a fact set full of script payloads runs no script and shows the payloads
as text. Screenshots go to test-artifacts/viz/ (KG_UPDATE_SCREENSHOTS=1 also refreshes the one
in docs/img/).
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import shutil
import zlib
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import BrowserContext

from kg.network.analytics import ego_network
from kg.store.graphstore import GraphStore
from tests.browser import ACCENTED, PAYLOADS, Opened, open_page, xss_build
from tests.conftest import ROOT
from viz.site import Site, plan_site
from viz.views import EGO_RADIUS, dates_in, regions_of, shown_on

ARTIFACTS = ROOT / "test-artifacts" / "viz"


@pytest.fixture(scope="module")
def seed_site(seed_build: Path) -> tuple[Path, Site]:
    """The site `kg build` wrote into the seed build, and its plan (which graph each page draws)."""
    return seed_build / "viz", plan_site(GraphStore.from_build(seed_build))


@pytest.mark.parametrize("module", ["viz.catalogue", "viz.layout", "viz.render", "viz.site", "viz.views"])
def test_docstring_examples_run(module: str) -> None:
    failures, tries = doctest.testmod(importlib.import_module(module))
    assert failures == 0 and tries > 0


def test_the_build_writes_every_planned_page(seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    written = {str(p.relative_to(folder)) for p in folder.rglob("*.html")}
    assert written == {"index.html"} | {page.path for page in site.pages}
    assert {p.name for p in (folder / "assets").iterdir()} == {
        "vis-network.min.js", "i18n.js", "labels.js", "clusters.js", "asof.js", "viz.js", "viz.css", "succession.js",
        "succession.css"}
    kinds = {page.kind for page in site.pages}
    assert kinds == {"whole", "detailed", "hierarchy", "date", "region", "source", "ego", "succession"}


@pytest.mark.browser
def test_every_page_loads_offline_without_errors_and_draws_its_graph(
        browser: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    problems = []
    index = open_page(browser, folder / "index.html")
    links = index.js("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(page.path for page in site.pages)
    assert not index.errors and not index.outside
    opened = index
    for planned in site.pages:
        opened = open_page(browser, folder / planned.path, reuse=opened)
        if planned.render is not None:  # not a network: the succession pages (tests/test_viz_succession.py)
            if opened.errors or opened.outside or opened.dialogs:
                problems.append(f"{planned.path}: {opened.errors} {opened.outside} {opened.dialogs}")
            continue
        drawn = opened.js("[kgViz.nodes.getIds().sort(), kgViz.edges.length, kgViz.visible()]")
        expected_nodes = sorted(planned.graph)
        if opened.errors or opened.outside or opened.dialogs:
            problems.append(f"{planned.path}: {opened.errors} {opened.outside} {opened.dialogs}")
        if drawn[0] != expected_nodes or drawn[1] != planned.graph.number_of_edges():
            problems.append(f"{planned.path}: drew {len(drawn[0])} nodes, {drawn[1]} edges; "
                            f"expected {len(expected_nodes)}, {planned.graph.number_of_edges()}")
        if planned.kind != "date" and drawn[2] != {"nodes": len(expected_nodes), "edges": drawn[1]}:
            problems.append(f"{planned.path}: not everything shows at first: {drawn[2]}")
        if "muhyidin" in planned.graph:
            opened.page.fill("#search", "Muhyidin")
            opened.page.press("#search", "Enter")
            if opened.js("kgViz.network.getSelectedNodes()") != ["muhyidin"]:
                problems.append(f"{planned.path}: searching Muhyidin did not select him")
    opened.page.close()
    assert not problems, "\n".join(problems)


def test_views_hold_the_graphs_their_rules_define(seed_site: tuple[Path, Site]) -> None:
    _, site = seed_site
    G = site.network
    by_path = {page.path: page.graph for page in site.pages}
    assert nx.utils.graphs_equal(by_path["network.html"], G)
    for source in ("s000", "s003"):
        edges = {(u, v, k) for u, v, k, s in G.edges(keys=True, data="sources") if source in s}
        assert set(by_path[f"source/{source}.html"].edges(keys=True)) == edges
    ego = ego_network(G, "muhyidin", radius=EGO_RADIUS)
    assert set(by_path["ego/muhyidin.html"]) == set(ego)
    assert by_path["ego/muhyidin.html"].number_of_edges() == ego.number_of_edges()
    # Muhyidin holds the Kakanwil Sumbagsel post, whose office serves Sumatera Selatan.
    assert "muhyidin" in by_path["region/sumatera-selatan.html"]
    hierarchy = set(by_path["hierarchy.html"])
    assert {"bpjs-ketenagakerjaan", "kanwil-sumbagsel", "kc-palembang", "pemprov-sumsel", "muhyidin"} <= hierarchy


def _click_node(opened: Opened, node: str) -> None:
    """Click the canvas where the node is drawn, as a person would."""
    x, y = opened.js("""id => { const p = kgViz.network.getPositions([id])[id];
                                const d = kgViz.network.canvasToDOM(p);
                                const box = document.querySelector('#graph canvas').getBoundingClientRect();
                                return [box.left + d.x, box.top + d.y]; }""", node)
    opened.page.mouse.click(x, y)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["network.html", "ego/muhyidin.html", "source/s000.html",
                                  "region/sumatera-selatan.html"])
def test_clicking_a_node_shows_its_facts_and_sources(browser: BrowserContext, seed_site: tuple[Path, Site],
                                                     path: str) -> None:
    folder, _ = seed_site
    opened = open_page(browser, folder / path)
    _click_node(opened, "muhyidin")
    assert opened.js("kgViz.network.getSelectedNodes()") == ["muhyidin"]
    panel = opened.page.inner_text("#panel")
    assert panel.startswith("Muhyidin")
    assert "Pemerintah Sumsel Dorong Perlindungan Pekerja Konstruksi Melalui BPJS Ketenagakerjaan" in panel
    assert "InteraksiMassa.COM · no date" in panel
    assert "“Kepala Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel, Muhyidin dalam kesempatan yang sama”" in panel
    assert "holds post in → Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel" in panel
    assert re.search(r"title as written\s+[^\n]*Kepala Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel", panel)
    assert re.search(r"observed [0-9, -]*2024-07-09", panel)
    # the neighbours stay opaque, everything else is dimmed
    opacity = opened.js("Object.fromEntries(kgViz.nodes.getIds().map(id => [id, kgViz.opacity(id)]))")
    neighbours = set(opened.js("kgViz.network.getConnectedNodes('muhyidin')")) | {"muhyidin"}
    assert {node for node, value in opacity.items() if value == 1} == neighbours
    _click_node(opened, next(iter(set(opacity) - neighbours)))  # another node: its own neighbourhood
    opened.page.mouse.click(*opened.js("(() => { const b = document.querySelector('#graph').getBoundingClientRect();"
                                       " return [b.left + 3, b.top + 3]; })()"))  # empty canvas: nothing dimmed
    assert set(opened.js("kgViz.nodes.getIds().map(id => kgViz.opacity(id))")) == {1}
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_an_acting_holding_shows_as_acting_with_its_source(browser: BrowserContext,
                                                           seed_site: tuple[Path, Site]) -> None:
    folder, _ = seed_site
    opened = open_page(browser, folder / "ego" / "agus-fatoni.html")
    edge = opened.js("kgViz.edges.get().find(e => e.from === 'agus-fatoni' &&"
                     " kgViz.data.edgeInfo[e.id].relation === 'holds post in').id")
    opened.js("id => kgViz.network.body.emitter.emit('click', {nodes: [], edges: [id], pointer: {}})", edge)
    panel = opened.page.inner_text("#panel")
    assert panel.startswith("holds post") and "acting (Pj)" in panel and "SUMATERAEKSPRES.ID · no date" in panel
    assert "Penjabat (Pj) Gubernur Sumsel, Dr H Agus Fatoni,M.Si saat menerima kunjungan" in panel
    assert opened.js("id => kgViz.edges.get(id).dashes", edge)[:2] == [10, 6]  # long dashes: acting
    opened.page.close()


@pytest.mark.browser
def test_filters_follow_the_python_rules(browser: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    G = site.network
    opened = open_page(browser, folder / "network.html")
    people = sum(1 for _, kind in G.nodes(data="kind") if kind == "Person")
    person = opened.page.locator("#legend label", has_text=re.compile(r"^\W*person \(\d+\)$")).locator("input")
    person.uncheck()
    assert opened.js("kgViz.visible().nodes") == G.number_of_nodes() - people
    person.check()
    opened.page.select_option("#region-filter", "sumatera-selatan")
    inside = {node for node, regions in regions_of(G).items() if "sumatera-selatan" in regions}
    expected_edges = sum(1 for u, v in G.edges() if u in inside and v in inside)
    assert opened.js("kgViz.visible()") == {"nodes": len(inside), "edges": expected_edges}
    opened.page.select_option("#region-filter", "")
    opened.page.locator("#relation-filter label", has_text=re.compile(r"^holds post in \(")).locator("input").uncheck()
    holds = sum(1 for *_, relation in G.edges(data="relation") if relation == "holds post in")
    assert opened.js("kgViz.visible().edges") == G.number_of_edges() - holds
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_date_page_follows_the_date_rule(browser: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    G = site.network
    opened = open_page(browser, folder / "as-of-date.html")
    dates = dates_in(G)
    assert dates, "the seed facts have dated ties"
    for date in ["2000-01-01", *dates]:
        for undated in (True, False):
            edges = [(u, v) for u, v, attrs in G.edges(data=True) if shown_on(attrs, date, undated=undated)]
            expected = {"nodes": len({n for pair in edges for n in pair}), "edges": len(edges)}
            assert opened.js("([d, u]) => { kgViz.setDate(d, u); return kgViz.visible(); }", [date, undated]) == \
                expected, (date, undated)
    # and through the control itself
    opened.page.fill("#asof", dates[0])
    opened.page.dispatch_event("#asof", "change")
    edges = [1 for _, _, attrs in G.edges(data=True) if shown_on(attrs, dates[0], undated=False)]
    assert opened.js("kgViz.visible().edges") == len(edges)
    assert not opened.errors
    opened.page.close()


def _not_blank(png: bytes) -> int:
    """How many different 3-byte runs the PNG's pixel data has: a few for a blank image, hundreds for a drawing."""
    data, at = b"", 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        if png[at + 4:at + 8] == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    return len({raw[i:i + 3] for i in range(0, len(raw) - 3, 7)})


@pytest.mark.browser
def test_screenshots_of_each_page_type_are_not_blank(browser: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    blank = browser.new_page()
    blank.set_content("<body style='background:#fff'></body>")
    assert _not_blank(blank.screenshot()) < 20
    blank.close()
    firsts = {}
    for page in site.pages:
        firsts.setdefault(page.kind, page.path)
    for kind, path in {"index": "index.html", **firsts}.items():
        opened = open_page(browser, folder / path)
        if kind == "whole":  # show search, highlighting and the panel too
            opened.page.fill("#search", "Muhyidin")
            opened.page.press("#search", "Enter")
            opened.page.wait_for_timeout(500)  # the zoom to the node is animated
        shot = opened.page.screenshot(path=str(ARTIFACTS / f"{kind}.png"))
        assert _not_blank(shot) > 200, kind
        if kind == "whole" and os.environ.get("KG_UPDATE_SCREENSHOTS"):
            (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ARTIFACTS / f"{kind}.png", ROOT / "docs" / "img" / "viz-whole-graph.png")
        opened.page.close()


def test_kg_viz_writes_the_site_and_reports_a_missing_build(seed_build: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli.main import main

    result = CliRunner().invoke(main, ["viz", "--build", str(seed_build), "--out", str(tmp_path / "views")])
    assert result.exit_code == 0, result.output
    assert "open file://" in result.output and (tmp_path / "views" / "index.html").is_file()
    assert (tmp_path / "views" / "network.html").read_bytes() == (seed_build / "viz" / "network.html").read_bytes()
    result = CliRunner().invoke(main, ["viz", "--build", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "no built graph" in result.output


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The views of a build whose facts are full of script payloads (see tests.browser.xss_build)."""
    return xss_build(tmp_path_factory) / "viz"


@pytest.mark.browser
@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
def test_script_payloads_in_the_facts_are_shown_as_text_and_never_run(
        browser: BrowserContext, without_csp: BrowserContext, xss_site: Path, csp: bool) -> None:
    # Without the CSP a payload that reached the DOM as markup would run and set window.__xss.
    browser = browser if csp else without_csp
    pages = sorted(xss_site.rglob("*.html"))
    assert len(pages) > 8
    for path in pages:  # the payloads never reach the HTML as markup, escaped or inert JSON only
        html = path.read_text(encoding="utf-8")
        assert "<script>window" not in html and "<img src=x" not in html and "<!-- " not in html, path
    opened = None
    for path in pages:
        opened = open_page(browser, path, reuse=opened)
        assert not opened.dialogs and opened.js("typeof window.__xss") == "undefined", path
        assert not opened.errors and not opened.outside, (path, opened.errors, opened.outside)
    opened = open_page(browser, xss_site / "network.html", reuse=opened)
    opened.page.fill("#search", "<script>")
    results = opened.page.inner_text("#results")
    assert PAYLOADS[0] + " Budi" in results
    opened.page.fill("#search", "javascript:")
    assert "also called " + PAYLOADS[2] in opened.page.inner_text("#results")
    opened.page.press("#search", "Enter")
    panel = opened.page.inner_text("#panel")
    assert PAYLOADS[0] + " Budi" in panel and PAYLOADS[1] in panel and PAYLOADS[2] in panel
    assert "“</script><script>window.__xss=1</script>”" in panel  # an evidence quote
    assert PAYLOADS[1] + " href " + PAYLOADS[0] in panel  # the source's title
    opened.page.fill("#search", "siti amin")  # letter case and accents do not matter
    assert "also called " + ACCENTED in opened.page.inner_text("#results")
    opened.page.wait_for_timeout(1000)  # the zoom to the entity found above is animated: click where it ends
    _click_node(opened, "siti-aminah")
    assert opened.page.inner_text("#panel").startswith("Siti " + PAYLOADS[3])
    assert ACCENTED in opened.page.inner_text("#panel")
    assert opened.js("document.querySelectorAll('#panel img, #panel script, #results img, #panel a[href^=javascript]')"
                     ".length") == 0
    assert not opened.dialogs and opened.js("typeof window.__xss") == "undefined"
    opened.page.close()
    source_page = open_page(browser, xss_site / "source" / "ks-001.html")
    assert source_page.page.title().startswith(PAYLOADS[1] + " href " + PAYLOADS[0])
    assert source_page.js("typeof window.__xss") == "undefined" and not source_page.dialogs
    source_page.page.close()
