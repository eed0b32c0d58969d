"""The ontology's documentation page (kg.rdf.ontodocs) in real Chromium at 1280x720: Bahasa Indonesia first, each
term by its @id label and definition before the @en ones, and an "English" link (no script) that puts English first."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.browser import Opened, open_page


def _first_term(opened: Opened) -> dict[str, object]:
    found: dict[str, object] = opened.js("""() => { const term = document.querySelector('.term');
        const top = lang => term.querySelector(`[lang=${lang}]`).getBoundingClientRect().top;
        return {id: term.querySelector('[lang=id] b').textContent, en: term.querySelector('[lang=en] b').textContent,
                idFirst: top('id') < top('en')}; }""")
    return found


@pytest.mark.browser
def test_the_ontology_page_is_indonesian_first_with_an_english_link(fresh: BrowserContext, seed_build: Path) -> None:
    import rdflib

    graph = rdflib.Graph().parse(seed_build / "ontology" / "kg.ttl")
    indonesian = {str(o) for o in graph.objects(None, rdflib.RDFS.label) if o.language == "id"}
    english = {str(o) for o in graph.objects(None, rdflib.RDFS.label) if o.language == "en"}
    opened = open_page(fresh, seed_build / "ontology" / "index.html")
    assert opened.js("document.documentElement.lang") == "id"
    assert opened.page.inner_text("h1") == "kg: ontologi pemangku kepentingan BPJS Ketenagakerjaan"
    assert opened.page.inner_text("h2 >> nth=0") == "Kelas"
    term = _first_term(opened)
    assert term["id"] in indonesian and term["en"] in english and term["idFirst"]
    opened.page.click("text=English")
    assert opened.page.inner_text("h1") == "kg: BPJS Ketenagakerjaan stakeholder ontology"
    assert opened.page.inner_text("h2 >> nth=0") == "Classes"
    assert not _first_term(opened)["idFirst"]
    opened.page.click("text=Bahasa Indonesia")
    assert opened.page.inner_text("h1") == "kg: ontologi pemangku kepentingan BPJS Ketenagakerjaan"
    assert not opened.errors and not opened.outside
    opened.page.close()
