"""Succession per post (viz.succession): who held a post when, according to which sources.

On the seed facts: the Kakanwil Sumbagsel post is held by Muhyidin, seen on 21 March 2024 (s004)
and 9 July 2024 (s000) and undated in s002, and by Bambang Utama, undated in s001, who cannot be
placed in order; the Sekda of Sumsel has an acting (Plh) holder. The pages open in Debian's
chromium at 1280x720 from disk, with every outside request blocked.
"""

from __future__ import annotations

import doctest
import importlib
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import BrowserContext

from kg.pipeline import run
from kg.store.graphstore import GraphStore
from tests.browser import Opened, open_page
from tests.conftest import FIXTURES, KITCHEN_SINK
from viz.catalogue import read_catalogue
from viz.site import write_site
from viz.succession import post_data, read_successions


@pytest.mark.parametrize("module", ["viz.succession", "viz.labels"])
def test_docstring_examples_run(module: str) -> None:
    failures, tries = doctest.testmod(importlib.import_module(module))
    assert failures == 0 and tries > 0


@pytest.fixture(scope="module")
def two_governors(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The kitchen sink with a publication date on its article (so Siti Aminah's undated Kakanwil holding is
    bounded by it) and a second Plt governor at the same time as the first (so the post-holder rule flags them)."""
    facts = tmp_path_factory.mktemp("succession") / "facts"
    shutil.copytree(KITCHEN_SINK, facts)
    sources = facts / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("    published: 2024-07\n",
                                                                   "    published: 2024-07-02\n", 1), encoding="utf-8")
    # Siti's Kakanwil holding, dated "on or after June 2024" in the kitchen sink, loses its date here.
    entities = facts / "articles" / "ks-001.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "    observed: 2024-06/..\n    observed_basis: context\n", "", 1), encoding="utf-8")
    case = yaml.safe_load((FIXTURES / "derived-flags" / "post-holder-rule.yaml").read_text(encoding="utf-8"))
    article = facts / case["file"]
    text = article.read_text(encoding="utf-8")
    for old, new in case["replace"]:
        text = text.replace(old, new, 1)
    article.write_text(text, encoding="utf-8")
    outcome = run(facts, None)
    assert outcome.valid, [p.render() for p in outcome.problems]
    return GraphStore.from_nquads(outcome.quads.nquads())


def test_a_holding_dated_only_by_its_article_is_bounded_and_a_flag_is_shown(two_governors: GraphStore) -> None:
    successions, catalogue = read_successions(two_governors), read_catalogue(two_governors)
    kakanwil = post_data(successions.posts["kakanwil-contoh"], catalogue, {}, "")
    siti = kakanwil["holders"][0]
    assert siti["person"] == "siti-aminah" and siti["last"]["iso"] == "2024-07-02"
    assert [(s["state"], s["bound"]["iso"]) for s in siti["sightings"]] == [("bounded", "2024-07-02")]
    governor = post_data(successions.posts["gubernur-contoh"], catalogue, {}, "")
    assert [h["person"] for h in governor["holders"]] == ["budi-santoso", "siti-aminah"]  # Budi's term ends later
    assert all(h["acting"] and h["tenure"] == "Plt" for h in governor["holders"])
    assert len(governor["flags"]) == 1 and "Plt" in governor["flags"][0]["reason"]  # the rule's reason, shown
    flagged = {s["holding"] for h in governor["holders"] for s in h["sightings"] if s["flags"]}
    assert flagged == {"ks-budi-plt-gubernur", "ks-siti-plt-gubernur"}


def test_every_holding_of_a_post_is_a_sighting_with_its_source(seed_store: GraphStore) -> None:
    successions = read_successions(seed_store)
    kakanwil = successions.posts["kakanwil-sumbagsel"]
    seen = {(s.person, s.source): s for s in kakanwil.sightings}
    assert {("muhyidin", "s000"), ("muhyidin", "s002"), ("muhyidin", "s004"), ("bambang-utama", "s001")} <= set(seen)
    assert str(seen["muhyidin", "s000"].observed) == "2024-07-09"
    assert seen["bambang-utama", "s001"].dates == []  # undated: no date is made up for it
    assert kakanwil.organisation == "kanwil-sumbagsel"
    assert "kakanwil-sumbagsel" in successions.by_organisation()["kanwil-sumbagsel"]
    plh = [s for s in successions.posts["sekda-sumsel"].sightings if s.person == "edward-chandra"]
    assert plh and all(s.acting and s.tenure == "Plh" for s in plh)
    # the column headings are the ontology's labels, Indonesian first
    assert successions.labels["tenure"] == {"id": "status jabatan", "en": "tenure"}
    assert successions.labels["title"]["id"] == "jabatan sesuai tulisan"


def _rows(opened: Opened) -> list[dict[str, str]]:
    return opened.js("""() => Array.from(document.querySelectorAll('table.sightings tbody tr'), tr => ({
        person: tr.dataset.person, source: tr.dataset.source, state: tr.dataset.state, text: tr.innerText}))""")


@pytest.mark.browser
def test_the_kakanwil_page_lists_its_holders_with_their_sources_at_1280x720(fresh: BrowserContext,
                                                                            seed_build: Path) -> None:
    opened = open_page(fresh, seed_build / "viz" / "succession" / "kakanwil-sumbagsel.html",
                       root=seed_build / "viz")
    assert not opened.errors and not opened.outside and not opened.dialogs
    assert opened.js("document.documentElement.lang") == "id"
    rows = _rows(opened)
    by_key = {(r["person"], r["source"]): r for r in rows}
    assert {("muhyidin", "s000"), ("muhyidin", "s004"), ("muhyidin", "s002"), ("bambang-utama", "s001")} <= set(by_key)
    assert by_key["muhyidin", "s000"]["state"] == "dated" and "9 Juli 2024" in by_key["muhyidin", "s000"]["text"]
    assert by_key["bambang-utama", "s001"]["state"] == "undated"
    assert "tanpa tanggal" in by_key["bambang-utama", "s001"]["text"]
    # the exact words of the source are in the row
    assert "Kepala Kantor Wilayah BPJamsostek Sumbagsel, Bambang Utama" in by_key["bambang-utama", "s001"]["text"]
    # "who is the Kakanwil now, and who was before?": by the latest date; the undated holder is not ordered
    now = opened.page.inner_text("section.post .now")
    dated = {r["source"] for r in rows if r["person"] == "muhyidin" and r["state"] == "dated"}
    assert {"s000", "s004"} <= dated  # the line cites his latest dated sighting: s000's or a later article's
    assert "Muhyidin" in now and "Terakhir diketahui menjabat" in now and any(s in now for s in dated - {"s004"})
    unordered = opened.page.inner_text("section.post .unordered")
    assert "Bambang Utama" in unordered and "s001" in unordered
    # on the timeline, undated sightings sit beside the axis, never on a date
    marks = opened.js("""() => Array.from(document.querySelectorAll('svg.timeline .mark'), m => ({
        cls: m.getAttribute('class'), source: m.dataset.source, date: m.dataset.date || null,
        x: m.getBoundingClientRect().left}))""")
    axis_end = opened.js("document.querySelector('svg.timeline .axis').getBoundingClientRect().right")
    undated = [m for m in marks if "undated" in m["cls"]]
    assert {m["source"] for m in undated} >= {"s001", "s002"}
    assert all(m["x"] > axis_end and m["date"] is None for m in undated)
    assert {m["date"] for m in marks if "dated" in m["cls"].split()} >= {"2024-03-21", "2024-07-09"}
    # readable on a projector: names on the timeline and the table text at 14 CSS px or more
    sizes = opened.js("""() => Array.from(document.querySelectorAll('svg.timeline .name, table.sightings td'),
                              e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 14
    # the first screen answers the question: the summary is inside 1280x720 without scrolling
    box = opened.js("document.querySelector('section.post .summary').getBoundingClientRect().bottom")
    assert box <= 720
    opened.page.close()


@pytest.mark.browser
def test_an_acting_holder_is_shown_as_acting(fresh: BrowserContext, seed_build: Path) -> None:
    opened = open_page(fresh, seed_build / "viz" / "succession" / "sekda-sumsel.html", root=seed_build / "viz")
    assert not opened.errors and not opened.outside
    lane = opened.js("""() => { const g = document.querySelector('svg.timeline g.lane[data-person="edward-chandra"]');
                                return g ? [g.getAttribute('class'), g.dataset.tenure] : null; }""")
    assert lane == ["lane acting", "Plh"]
    rows = [r for r in _rows(opened) if r["person"] == "edward-chandra"]
    assert rows and all("Plh" in r["text"] for r in rows)
    opened.page.close()


@pytest.mark.browser
def test_actor_pages_the_index_and_the_organisation_page_link_the_succession_pages(
        fresh: BrowserContext, seed_build: Path) -> None:
    site = seed_build / "viz"
    index = open_page(fresh, site / "index.html", root=site)
    links = index.js("Array.from(document.querySelectorAll('#succession a'), a => a.getAttribute('href'))")
    assert "succession/kakanwil-sumbagsel.html" in links and "succession/kanwil-sumbagsel.html" in links
    ego = open_page(fresh, site / "ego" / "muhyidin.html", reuse=index, root=site)
    assert "../succession/kakanwil-sumbagsel.html" in ego.js(
        "Array.from(document.querySelectorAll('.succession-links a'), a => a.getAttribute('href'))")
    organisation = open_page(fresh, site / "succession" / "kanwil-sumbagsel.html", reuse=ego, root=site)
    assert not organisation.errors and not organisation.outside
    posts = organisation.js("Array.from(document.querySelectorAll('section.post'), s => s.dataset.post)")
    assert "kakanwil-sumbagsel" in posts and len(posts) >= 2
    organisation.page.close()


@pytest.mark.browser
def test_the_page_draws_a_bounded_sighting_before_its_bound_and_lists_the_flag(
        fresh: BrowserContext, two_governors: GraphStore, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(two_governors, site)
    opened = open_page(fresh, site / "succession" / "kakanwil-contoh.html", root=site)
    assert not opened.errors and not opened.outside
    assert opened.js("document.querySelector('svg.timeline .mark.bounded').dataset.date") == "2024-07-02"
    assert "paling lambat 2 Juli 2024" in opened.page.inner_text("table.sightings")
    opened = open_page(fresh, site / "succession" / "gubernur-contoh.html", reuse=opened, root=site)
    assert "⚑" in opened.page.inner_text(".flag-note")
    assert opened.js("document.querySelectorAll('table.sightings tr.flagged').length") == 2
    opened.page.close()


def test_a_holding_dated_only_roughly_is_imprecise_and_shown_as_written() -> None:
    # The kitchen sink dates Siti Aminah's Kakanwil holding "2024-06/..": on or after June 2024, no day.
    outcome = run(KITCHEN_SINK, None)
    store = GraphStore.from_nquads(outcome.quads.nquads())
    successions, catalogue = read_successions(store), read_catalogue(store)
    siti = post_data(successions.posts["kakanwil-contoh"], catalogue, {}, "")["holders"][0]
    assert [(s["state"], s["imprecise"]) for s in siti["sightings"]] == [("imprecise", "observed 2024-06/..")]
    assert siti["last"] is None or siti["last"]["iso"] != "2024-06-01", "never placed on a guessed day"
