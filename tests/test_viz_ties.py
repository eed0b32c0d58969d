"""People tied to organisations in the views, in real Chromium: the stakeholder views draw one tie per post
holding, labelled with the title as written and acting marked; the detailed page keeps the post nodes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kg.network.ties import HOLDS_IN
from kg.store.graphstore import GraphStore
from tests.browser import open_page
from viz.render import short
from viz.site import Site, plan_site


@pytest.fixture(scope="module")
def seed_site(seed_build: Path) -> tuple[Path, Site]:
    return seed_build / "viz", plan_site(GraphStore.from_build(seed_build))


@pytest.mark.browser
@pytest.mark.parametrize("path", ["network.html", "ego/muhyidin.html", "region/sumatera-selatan.html",
                                  "as-of-date.html"])
def test_stakeholder_views_tie_people_to_organisations(browser: BrowserContext, seed_site: tuple[Path, Site],
                                                       path: str) -> None:
    folder, site = seed_site
    page = next(p for p in site.pages if p.path == path)
    expected = {(u, v, short(attrs["label"])) for u, v, attrs in page.graph.edges(data=True)
                if attrs["relation"] == HOLDS_IN}
    assert expected
    opened = open_page(browser, folder / path)
    drawn = opened.js("""() => kgViz.edges.get().filter(e => kgViz.data.edgeInfo[e.id].relation === 'holds post in')
                                 .map(e => [e.from, e.to, e.label])""")
    assert {tuple(edge) for edge in drawn} == expected
    assert opened.js("kgViz.nodes.get().filter(n => kgViz.data.nodeInfo[n.id].type === 'Post').length") == 0
    acting = opened.js("""() => kgViz.edges.get().filter(e => kgViz.data.edgeInfo[e.id].acting)
                                  .map(e => [e.label, (e.dashes || []).slice(0, 2)])""")
    assert all(label.endswith("(acting)") and dashes == [10, 6] for label, dashes in acting)
    assert acting or path != "network.html"  # Pj Gubernur Agus Fatoni, Plh Sekda Edward Chandra
    if path == "network.html":
        # keeping only people and organisations leaves every holder tied to an organisation
        for box in opened.page.locator("#legend input").all():
            box.uncheck()
        for kind in ("person", "organisation"):
            for label in opened.page.locator("#legend .kind", has_text=kind).all():
                label.evaluate("k => { let n = k.nextElementSibling; while (n && !n.classList.contains('kind')) {"
                               " const box = n.querySelector('input'); if (box && !box.checked) box.click();"
                               " n = n.nextElementSibling; } }")
        holders = {u for u, _, _ in expected}
        shown = opened.js("kgViz.edges.get().filter(e => !e.hidden).map(e => e.from)")
        assert holders <= set(shown)
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_detailed_page_keeps_posts_as_nodes(browser: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    assert site.detailed is not None
    opened = open_page(browser, folder / "network-posts.html")
    assert sorted(opened.js("kgViz.nodes.getIds()")) == sorted(site.detailed)
    assert "kakanwil-sumbagsel" in opened.js("kgViz.network.getConnectedNodes('muhyidin')")
    index = open_page(browser, folder / "index.html")
    assert index.js("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))").count(
        "network-posts.html") == 1
    assert not opened.errors and not index.errors
    opened.page.close()
    index.page.close()
