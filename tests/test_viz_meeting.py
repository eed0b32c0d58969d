"""The stakeholder pages in the meeting room, in real Chromium: the grid with its evidence panel fits 1280x720
without scrolling, and the register, grid and tracker print on A4 (print media, and a real PDF)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext

from kg.cli.main import main
from tests.browser import open_page

MM = 96 / 25.4  # CSS pixels per millimetre


@pytest.fixture(scope="module")
def session(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("meeting") / "session"
    result = CliRunner().invoke(main, ["stakeholders", "--build", str(seed_build), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def projector(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


def _inside(box: dict[str, float], width: float, height: float) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5 and \
        box["y"] + box["height"] <= height + 0.5


@pytest.mark.browser
def test_the_grid_and_its_panel_fit_1280x720_without_scrolling(projector: BrowserContext, session: Path) -> None:
    opened = open_page(projector, session / "grid.html")
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
