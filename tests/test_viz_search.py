"""Search in the graph views, in real Chromium: whole words and word starts of names, aliases, titles as written,
roles and their short forms (Kakanwil, Sekda) and tenures (Pj, Plh), never letters inside another word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kg.store.graphstore import GraphStore
from tests.browser import Opened, open_page
from viz.site import Site, plan_site


@pytest.fixture(scope="module")
def seed_site(seed_build: Path) -> tuple[Path, Site]:
    return seed_build / "viz", plan_site(GraphStore.from_build(seed_build))


def _found(opened: Opened, query: str) -> list[str]:
    opened.page.fill("#search", query)
    return opened.js("Array.from(document.querySelectorAll('#results button')).map(b => b.firstChild.textContent)")


def _holders(site: Site, role_word: str) -> set[str]:
    """The people holding a post whose name or title as written contains the word."""
    G = site.detailed
    assert G is not None
    return {G.nodes[person]["label"] for person, post, attrs in G.edges(data=True)
            if attrs["relation"] == "holds post"
            and any(role_word in text for text in [G.nodes[post]["label"], *attrs.get("title", [])])}


@pytest.mark.browser
def test_search_finds_titles_and_acronyms_by_whole_words(browser: BrowserContext,
                                                         seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    G = site.detailed
    assert G is not None
    opened = open_page(browser, folder / "network.html")  # people tied straight to organisations: no post nodes
    # Kakanwil is the short form of the role "Kepala Kantor Wilayah" (ontology/vocab.ttl): its holders
    assert _holders(site, "Kepala Kantor Wilayah") <= set(_found(opened, "Kakanwil"))
    assert _holders(site, "Sekretaris Daerah") <= set(_found(opened, "sekda"))
    assert _holders(site, "Bupati") | _holders(site, "BUPATI") <= set(_found(opened, "Bupati"))
    acting = {G.nodes[person]["label"] for person, _, attrs in G.edges(data=True)
              if attrs["relation"] == "holds post" and "Pj" in attrs.get("tenure", [])}
    hits = _found(opened, "pj")
    assert acting and acting <= set(hits)
    inside_only = {label for _, label in G.nodes(data="label")
                   if "bpjs" in label.lower() and not re.search(r"(^|\W)pj", label, re.IGNORECASE)}
    assert inside_only and not inside_only & set(hits), hits  # "pj" inside "BPJS" does not count
    plh = {G.nodes[person]["label"] for person, _, attrs in G.edges(data=True)
           if attrs["relation"] == "holds post" and "Plh" in attrs.get("tenure", [])}
    assert plh and plh <= set(_found(opened, "Plh"))
    # word starts, in any order; letters inside a word do not match
    assert "Muhyidin" in _found(opened, "muhy")
    assert "Muhyidin" not in _found(opened, "hyidin")
    assert _found(opened, "ketenagakerjaan bpjs")[:1] == ["BPJS Ketenagakerjaan"]
    # on the detailed page the posts themselves are found by their role's short form too
    opened = open_page(browser, folder / "network-posts.html", reuse=opened)
    assert G.nodes["kakanwil-sumbagsel"]["label"] in _found(opened, "kakanwil")
    assert G.nodes["sekda-sumsel"]["label"] in _found(opened, "Sekda")
    opened.page.close()
