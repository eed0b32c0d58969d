"""The stakeholder pages in the meeting room, in real Chromium: the grid with its evidence panel fits 1280x720
without scrolling, its actor labels read at projector size without overlapping, the register, grid, tracker and
workshop index open in Bahasa Indonesia (values by the ontology's @id labels, pledges by their words as written)
with a switch to English, and the pages print on A4 (print media, and a real PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext

from kg.cli.main import main
from kg.store.graphstore import GraphStore
from kg.workshop import write_workshop
from tests.browser import Opened, open_page

MM = 96 / 25.4  # CSS pixels per millimetre


@pytest.fixture(scope="module")
def session(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("meeting") / "session"
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out






@pytest.fixture(scope="module")
def workshop(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("meeting-pack") / "pack"
    write_workshop(GraphStore.from_build(seed_build), out)
    return out


def _labels(seed_build: Path, lang: str) -> set[str]:
    """Every label of a term in the ontology (classes, properties, vocabularies) in one language."""
    import rdflib

    graph = rdflib.Graph()
    for name in ("kg.ttl", "vocab.ttl"):
        graph.parse(seed_build / "ontology" / name)
    return {str(label) for predicate in (rdflib.RDFS.label, rdflib.SKOS.prefLabel)
            for label in graph.objects(None, predicate) if label.language == lang}


def _visible(opened: Opened, selector: str) -> list[str]:
    found: list[str] = opened.js(f"Array.from(document.querySelectorAll({selector!r}))"
                                 ".filter(e => e.offsetParent !== null).map(e => e.textContent.trim())")
    return found


def _inside(box: dict[str, float], width: float, height: float) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5 and \
        box["y"] + box["height"] <= height + 0.5


@pytest.mark.browser
def test_the_grid_and_its_panel_fit_1280x720_without_scrolling(fresh: BrowserContext, session: Path) -> None:
    opened = open_page(fresh, session / "grid.html")
    opened.page.wait_for_selector("#grid .actor")
    size = opened.js("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size == [1280, 720]
    boxes = opened.js("""() => ['.quadrant', '.tick', '.axis-title', '.frame', '.actor']
        .flatMap(s => Array.from(document.querySelectorAll('#grid ' + s)))
        .map(e => { const r = e.getBoundingClientRect();
                    return {x: r.x, y: r.y, width: r.width, height: r.height}; })""")
    assert len(boxes) > 20 and all(_inside(box, 1280, 720) for box in boxes)
    quadrants = opened.js("Array.from(document.querySelectorAll('#grid .quadrant')).map(e => e.textContent)")
    assert len(quadrants) == 4
    panel = opened.js("(() => { const r = document.querySelector('#panel').getBoundingClientRect();"
                      " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()")
    assert _inside(panel, 1280, 720) and panel["width"] >= 300
    opened.page.locator("#grid .actor").first.click()  # the evidence shows in the panel, still on screen
    assert opened.page.inner_text("#panel").strip()
    assert opened.js("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [1280, 720]
    assert not opened.errors and not opened.outside
    opened.page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("name", "width_mm", "height_mm"), [("register", 186, 273), ("tracker", 186, 273),
                                                             ("grid", 277, 190)])
def test_register_grid_and_tracker_print_on_a4(chromium: Browser, session: Path, name: str, width_mm: int,
                                               height_mm: int) -> None:
    # The printable area of A4 (portrait with 12 mm margins; the grid landscape with 10 mm) as the viewport.
    context = chromium.new_context(viewport={"width": round(width_mm * MM), "height": round(height_mm * MM)})
    opened = open_page(context, session / f"{name}.html")
    opened.page.emulate_media(media="print")
    assert opened.js("getComputedStyle(document.querySelector('.pack-nav')).display") == "none"
    assert opened.js("document.documentElement.scrollWidth") <= round(width_mm * MM) + 1  # nothing cut at the side
    if name == "grid":
        box = opened.js("(() => { const r = document.querySelector('#grid').getBoundingClientRect();"
                        " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()")
        assert _inside(box, width_mm * MM, height_mm * MM) and box["height"] > 100 * MM  # one landscape page
        assert opened.js("getComputedStyle(document.querySelector('#panel')).display") == "none"
    pdf = opened.page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 1
    if name == "grid":
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    assert not opened.errors and not opened.outside
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["register", "tracker", "grid"])
def test_the_stakeholder_pages_open_in_indonesian_and_switch_to_english(fresh: BrowserContext, session: Path,
                                                                         seed_build: Path, name: str) -> None:
    indonesian, english = _labels(seed_build, "id"), _labels(seed_build, "en")
    opened = open_page(fresh, session / f"{name}.html")
    assert opened.js("document.documentElement.lang") == "id"
    nav = opened.page.inner_text(".pack-nav")
    assert "Daftar pemangku kepentingan" in nav and "Register" not in nav
    subtitle = opened.page.inner_text(".subtitle")
    assert subtitle.startswith("Semua wilayah, semua tanggal.") and "Semua wilayah" in opened.page.title()
    if name == "grid":
        quadrants = set(_visible(opened, "#grid .quadrant"))
        assert len(quadrants) == 4 and quadrants <= indonesian  # kgv:GridQuadrant's @id labels (ontology/vocab.ttl)
        opened.page.locator("#grid .actor").first.click()
        assert "pengaruh" in opened.page.inner_text("#panel")
    else:
        assert opened.page.inner_text("#counts").startswith("Menampilkan ")
        column = 2 if name == "register" else 7  # the type of each actor, the status of each commitment
        values = set(_visible(opened, f"#sheet tbody tr.row td:nth-child({column})"))
        assert values and values <= indonesian, values - indonesian
        assert not values & english - indonesian
    opened.page.click("#lang-switch")
    opened.page.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.js("document.documentElement.lang") == "en"
    assert "Register" in opened.page.inner_text(".pack-nav")
    assert opened.page.inner_text(".subtitle").startswith("All regions, every date.")
    if name == "grid":
        assert set(_visible(opened, "#grid .quadrant")) == {"Manage closely", "Keep satisfied", "Keep informed",
                                                            "Monitor"}
    else:
        assert opened.page.inner_text("#counts").startswith("Showing ")
    assert not opened.errors and not opened.outside
    opened.page.close()


@pytest.mark.browser
def test_pledges_and_statements_show_their_words_as_written_before_the_english_summary(fresh: BrowserContext,
                                                                                       session: Path) -> None:
    opened = open_page(fresh, session / "tracker.html")
    commitments = opened.js("kgPack.data.commitments")
    quoted = [c for c in commitments if c["words"]]
    assert len(quoted) >= len(commitments) // 2
    cells = dict(zip(opened.js("Array.from(document.querySelectorAll('#sheet tbody tr.row')).map(r => r.dataset.id)"),
                     _visible(opened, "#sheet tbody tr.row td:first-child"), strict=True))
    for c in quoted:
        assert cells[c["id"]].startswith("▸ “" + c["words"][0] + "” — " + c["what"]), cells[c["id"]]
    opened = open_page(fresh, session / "register.html", reuse=opened)
    actors = opened.js("kgPack.data.actors")
    speaker = next(a for a in actors if any(s["words"] for s in a["statements"]))
    opened.page.click(f"tr[data-id='{speaker['id']}'] button.toggle")
    said = next(s for s in speaker["statements"] if s["words"])
    shown = opened.page.inner_text(f"tr[data-id='{speaker['id']}'] + tr.details")
    assert "“" + said["words"][0] + "” — " + said["summary"] in shown
    assert opened.js("document.querySelector('tr.details .what .summary').lang") == "en"
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_grid_labels_read_at_projector_size_and_never_overlap(fresh: BrowserContext, session: Path) -> None:
    opened = open_page(fresh, session / "grid.html")
    labels = opened.js("""() => Array.from(document.querySelectorAll('#grid .label')).map(t => {
        const r = t.getBoundingClientRect(), shown = getComputedStyle(t).display !== 'none';
        return {id: t.parentNode.dataset.id, text: t.textContent, shown: shown,
                px: parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a,
                box: [r.left, r.top, r.right, r.bottom],
                title: t.parentNode.querySelector('title').textContent}; })""")
    shown = [label for label in labels if label["shown"]]
    assert len(shown) >= len(labels) // 2, (len(shown), len(labels))
    assert all(label["px"] >= 14 for label in shown), [label for label in shown if label["px"] < 14]
    texts = [label["text"] for label in shown]
    assert len(texts) == len(set(texts))  # no two alike, shortened or not

    def crossing(a: list[float], b: list[float]) -> bool:
        return min(a[2], b[2]) > max(a[0], b[0]) + 0.5 and min(a[3], b[3]) > max(a[1], b[1]) + 0.5

    assert [(a["text"], b["text"]) for i, a in enumerate(shown) for b in shown[i + 1:]
            if crossing(a["box"], b["box"])] == []
    assert all(_inside(dict(zip(("x", "y"), label["box"][:2], strict=True), width=label["box"][2] - label["box"][0],
                            height=label["box"][3] - label["box"][1]), 1280, 720) for label in shown)
    names = opened.js("Object.fromEntries(kgPack.data.actors.map(a => [a.id, a.name]))")
    assert all(label["title"] == names[label["id"]] for label in labels)  # the full name on pointing
    full = {spot["id"]: spot["label"] for spot in opened.js("kgGrid.geometry.actors")}  # as on grid.png
    cut = [label for label in labels if label["text"] != full[label["id"]] or not label["shown"]]
    for label in cut[:3]:  # a shortened or left-out label shows in full once its actor is selected
        opened.js("id => kgGrid.select(id)", label["id"])
        assert opened.js("id => document.querySelector(`#grid g.actor[data-id='${id}'] .label`).textContent",
                         label["id"]) == full[label["id"]]
    assert opened.js("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [1280, 720]
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_workshop_index_opens_in_indonesian_and_switches_to_english(fresh: BrowserContext, workshop: Path,
                                                                         seed_build: Path) -> None:
    opened = open_page(fresh, workshop / "index.html")
    opened.page.wait_for_selector("#lang-switch:not([hidden])")
    assert opened.js("document.documentElement.lang") == "id"
    text = opened.page.inner_text("main")
    assert "Daftar pemangku kepentingan" in text and "Stakeholder register" not in text
    assert "cara membaca grid dan skornya" in text.lower()
    grid = opened.js("Array.from(document.querySelectorAll('dl.counts dd'))[3].innerText")
    assert all(part.split(":")[0] in _labels(seed_build, "id") for part in grid.split(" · "))
    with opened.page.expect_navigation():  # the switch reloads the page in English
        opened.page.click("#lang-switch")
    opened.page.wait_for_load_state("load")
    assert opened.js("document.documentElement.lang") == "en"
    assert "Stakeholder register" in opened.page.inner_text("main")
    assert not opened.errors and not opened.outside
    opened.page.close()
