"""The graph views in Bahasa Indonesia first, in real Chromium at 1280x720: Indonesian by default, type names from
the ontology's @id labels, a switch to English that is remembered, and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kg.store.graphstore import GraphStore
from tests.browser import open_page
from viz.catalogue import read_catalogue
from viz.site import Site, plan_site


@pytest.fixture(scope="module")
def seed_site(seed_build: Path) -> tuple[Path, Site]:
    return seed_build / "viz", plan_site(GraphStore.from_build(seed_build))




def _ontology_labels(seed_build: Path, lang: str) -> set[str]:
    import rdflib

    graph = rdflib.Graph().parse(seed_build / "ontology" / "kg.ttl")
    return {str(label) for label in graph.objects(None, rdflib.RDFS.label) if label.language == lang}


@pytest.mark.browser
@pytest.mark.parametrize("path", ["network.html", "as-of-date.html", "ego/muhyidin.html", "hierarchy.html",
                                  "source/s000.html", "region/sumatera-selatan.html", "network-posts.html"])
def test_every_view_opens_in_indonesian_and_switches_to_english(fresh: BrowserContext, seed_build: Path,
                                                                  seed_site: tuple[Path, Site], path: str) -> None:
    folder, _ = seed_site
    opened = open_page(fresh, folder / path)
    assert opened.js("document.documentElement.lang") == "id"
    assert opened.page.inner_text("#legend").startswith("orang") or path == "hierarchy.html"
    assert opened.page.inner_text("#counts").startswith("Menampilkan ")
    assert opened.page.inner_text("label[for=search]").startswith("Cari ")
    legend = {text.rsplit(" (", 1)[0] for text in opened.js(
        "Array.from(document.querySelectorAll('#legend label span:last-child')).map(s => s.textContent)")}
    catalogue = read_catalogue(GraphStore.from_build(seed_build))
    indonesian = {style.label_id for style in catalogue.types.values()}
    assert legend and legend <= indonesian, legend - indonesian  # the ontology's @id labels, no copy in the code
    assert legend <= _ontology_labels(seed_build, "id")
    opened.page.click("#lang-switch")
    opened.page.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.js("document.documentElement.lang") == "en"
    assert opened.page.inner_text("#counts").startswith("Showing ")
    english = {text.rsplit(" (", 1)[0] for text in opened.js(
        "Array.from(document.querySelectorAll('#legend label span:last-child')).map(s => s.textContent)")}
    assert english <= {style.label for style in catalogue.types.values()}
    again = open_page(fresh, folder / "network.html", reuse=opened)  # the choice is remembered
    assert again.js("document.documentElement.lang") == "en"
    again.page.click("#lang-switch")
    again.page.wait_for_selector("body[data-drawn]", state="attached")
    assert again.js("document.documentElement.lang") == "id"
    assert not again.errors and not again.outside
    again.page.close()


@pytest.mark.browser
def test_the_panel_and_the_as_of_control_speak_indonesian(fresh: BrowserContext,
                                                          seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    opened = open_page(fresh, folder / "as-of-date.html")
    assert opened.page.inner_text("#undated-count").split(":")[0].endswith("ikatan tanpa tanggal yang diketahui")
    assert opened.page.inner_text("h1") == "Jaringan per tanggal"
    opened = open_page(fresh, folder / "ego" / "muhyidin.html", reuse=opened)
    panel = opened.page.inner_text("#panel")
    assert "ikatan dalam tampilan ini" in panel and "tanpa tanggal" in panel and "sumber" in panel
    assert opened.page.inner_text("#subtitle").startswith("Orang: ")
    # a relation the ontology names (kg:relationProperty) is shown by its @id label ("serves region" in ontology/kg.ttl)
    assert "serves region" in {rel for _, _, rel in site.network.edges(data="relation")}
    opened = open_page(fresh, folder / "network.html", reuse=opened)
    shown = opened.js("Array.from(document.querySelectorAll('#relation-filter label span')).map(s => s.textContent)")
    assert any(text.startswith("melayani wilayah (") for text in shown)
    assert not any(text.startswith("serves region") for text in shown)
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_panel_shows_the_words_as_written_before_the_english_summary(fresh: BrowserContext,
                                                                          seed_site: tuple[Path, Site]) -> None:
    folder, _ = seed_site
    opened = open_page(fresh, folder / "ego" / "agus-fatoni.html")
    opened.js("kgViz.select('agus-fatoni')")
    panel = opened.page.inner_text("#panel")
    summarised = [info for info in opened.js("""kgViz.edges.get().filter(e => e.from === 'agus-fatoni' ||
        e.to === 'agus-fatoni').map(e => kgViz.edgeInfo[e.id])""") if info["summaries"]]
    assert summarised  # the Pj Governor's pledges and statements
    for info in summarised:
        quotes = [q for source in info["sources"] for q in source["quotes"]]
        assert quotes, info
        for summary in info["summaries"]:  # each summary after the words it summarises, marked English
            assert panel.index("“" + quotes[0] + "”") < panel.index(summary)
    assert set(opened.js("Array.from(document.querySelectorAll('#panel .summary')).map(p => p.lang)")) == {"en"}
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_front_page_of_the_views_opens_in_indonesian_and_switches(fresh: BrowserContext,
                                                                      seed_site: tuple[Path, Site]) -> None:
    folder, _ = seed_site
    opened = open_page(fresh, folder / "index.html")
    opened.page.wait_for_selector("#lang-switch:not([hidden])")
    assert opened.js("document.documentElement.lang") == "id"
    assert opened.page.inner_text("h1") == "Graf pengetahuan BPJS Ketenagakerjaan: tampilan"
    assert opened.page.inner_text("a[href='network.html']") == "Seluruh jaringan"  # i18n.js's title.whole
    with opened.page.expect_navigation():  # the switch reloads the page in English
        opened.page.click("#lang-switch")
    opened.page.wait_for_load_state("load")
    assert opened.page.inner_text("h1") == "BPJS Ketenagakerjaan knowledge graph: views"
    assert not opened.errors and not opened.outside
    opened.page.close()
