"""No English where an Indonesian reader looks: every page type of the seeds' build and workshop folder, opened in
real Chromium at 1280x720 with nothing chosen, shows none of the English words of kg's own interface (the page's
words, the relations' and types' names, the score reasons, the view descriptions), and the switch brings them back.

Text the facts hold in English (the English summaries of pledges and statements) is marked ``lang="en"`` and shown
after the words as written; it is left out of the check, as are the notations the ontology documentation lists as
code (``acting``, ``spoke at``: the values written in the fact files). The words below are kg's, chosen so that
none can occur in the Indonesian of an article: the check stays true when more articles arrive.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kg.store.graphstore import GraphStore
from kg.workshop import write_workshop
from tests.browser import Opened, open_page

# kg's interface words in English: page words, relation and type names, reasons, descriptions, quadrants.
ENGLISH = ("Showing", "entities", "ties", "Click", "Find by", "Entity types", "Relations", "all regions", "no date",
           "publisher not named", "holds post", "holds post in", "took part in", "spoke at", "gave figures on",
           "supplied data on", "applies in", "held in", "held at", "part of programme", "sub-organisation of",
           "serves region", "within region", "regarding", "addressed to", "authority", "centrality", "capped",
           "pledged", "requested", "Influence", "Interest", "Power/interest", "Manage closely", "Keep satisfied",
           "Keep informed", "Succession", "succession", "What this article says", "everything within",
           "what lies within", "acting", "undated", "Stakeholder", "Pledges", "Statements", "Last seen",
           "facilitator's", "derived placement", "English summary", "organisation", "person", "regional office",
           "branch office", "provincial government", "regency", "Every entity", "Organisation hierarchy",
           "The whole network", "all views", "dated by a source", "record a", "Click an actor", "definitive",
           "no dates in the sources")
# The same words as one pattern, each a whole word or phrase, letter case as written.
_PATTERN = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(word) for word in sorted(ENGLISH, key=len, reverse=True))
                      + r")(?![\w-])")

def _shown(opened: Opened) -> str:
    """What is on the page for a reader (rendered text), minus every element marked lang="en" and the notations the
    ontology documentation gives as code (the values analysts write in the facts, such as ``acting``)."""
    return _text(opened, '[lang="en"], code')


def _text(opened: Opened, leave_out: str) -> str:
    """The page's rendered text and title as written (headings styled in capitals are read as written), without the
    elements `leave_out` selects."""
    return str(opened.js("""(leaveOut) => {
      const marked = leaveOut ? Array.from(document.body.querySelectorAll(leaveOut)) : [];
      const saved = marked.map(e => e.style.display);
      marked.forEach(e => { e.style.display = 'none'; });
      const all = Array.from(document.body.querySelectorAll('*'));
      all.forEach(e => e.style.setProperty('text-transform', 'none', 'important'));
      const text = document.body.innerText + '\\n' + document.title;
      all.forEach(e => e.style.removeProperty('text-transform'));
      marked.forEach((e, i) => { e.style.display = saved[i]; });
      return text;
    }""", leave_out))


def english_words(text: str) -> list[str]:
    """The English interface words in a text.

    >>> english_words("Menampilkan 3 dari 4 entitas; holds post in (2); BPJS Ketenagakerjaan")
    ['holds post in']
    >>> english_words("Kepala Kantor Wilayah, tanpa tanggal (facts/overrides.yaml)")
    []
    """
    return sorted({match.group(1) for match in _PATTERN.finditer(text)})


@pytest.fixture(scope="module")
def pack(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("english") / "pack"
    write_workshop(GraphStore.from_build(seed_build), out, region="Sumsel", as_of=None)
    return out




def _first(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert found, pattern
    return found[0]


def _open_everything(opened: Opened) -> None:
    """Open what a reader clicks: every row of a register or tracker, an actor of the grid, an entity of a view."""
    page = opened.page
    if page.query_selector("#kg-data") is None:
        return
    opened.js("""() => {
      document.querySelectorAll('tr.row button.toggle').forEach(b => b.click());
      if (window.kgViz) {
        const ids = Object.keys(window.kgViz.data.nodeInfo);
        const busiest = ids.sort((a, b) => window.kgViz.network.getConnectedEdges(b).length -
                                           window.kgViz.network.getConnectedEdges(a).length)[0];
        if (busiest) window.kgViz.select(busiest);
      }
    }""")
    for marker in page.query_selector_all("svg g.actor")[:1]:
        marker.click()


@pytest.mark.browser
def test_no_page_shows_english_interface_words_by_default(fresh: BrowserContext, seed_build: Path,
                                                          pack: Path) -> None:
    views = seed_build / "viz"
    pages = [views / "index.html", views / "network.html", views / "network-posts.html", views / "hierarchy.html",
             views / "as-of-date.html", _first(views, "region/*.html"), _first(views, "source/*.html"),
             views / "ego" / "muhyidin.html", views / "succession" / "kakanwil-sumbagsel.html",
             _first(views, "succession/kanwil-*.html"),
             pack / "index.html", pack / "register.html", pack / "grid.html", pack / "tracker.html",
             seed_build / "ontology" / "index.html"]
    found: dict[str, list[str]] = {}
    opened: Opened | None = None
    for path in pages:
        opened = open_page(fresh, path, opened)
        assert not opened.errors, (path, opened.errors)
        assert opened.js("document.documentElement.lang") == "id", path
        _open_everything(opened)
        words = english_words(_shown(opened))
        if words:
            found[str(path.relative_to(path.parents[1]))] = words
    assert not found, found


@pytest.mark.browser
@pytest.mark.parametrize("name", ["network.html", "register.html", "grid.html", "succession"])
def test_the_switch_brings_english_back(fresh: BrowserContext, seed_build: Path, pack: Path, name: str) -> None:
    path = {"network.html": seed_build / "viz" / "network.html",
            "succession": seed_build / "viz" / "succession" / "kakanwil-sumbagsel.html"}.get(name, pack / name)
    opened = open_page(fresh, path)
    _open_everything(opened)
    assert not english_words(_shown(opened))
    opened.page.click("#lang-switch")
    if path.name != "index.html":
        opened.page.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.js("document.documentElement.lang") == "en"
    _open_everything(opened)
    shown = _text(opened, "")
    expected = {"network.html": {"Relations", "holds post in", "took part in"},
                "register.html": {"Influence", "Interest", "authority", "centrality"},
                "grid.html": {"Power/interest", "Manage closely"},
                "succession": {"all views", "dated by a source"}}[name]
    assert expected <= set(english_words(shown)), (expected, english_words(shown))
    opened.page.click("#lang-switch")  # and back
    assert opened.js("document.documentElement.lang") == "id"
