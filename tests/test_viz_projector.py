"""The graph views on a projector, in real Chromium at 1280x720 and 1920x1080 (offline, outside requests blocked):
labels drawn large enough to read, shortened in the middle and never alike, a colour-blind-safe legend, filters
and searches that zoom to fit, edge labels on selection, and the as-of page's honest handling of undated ties."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from kg.store.graphstore import GraphStore
from tests.browser import Opened, open_page
from viz.catalogue import PALETTE, read_catalogue
from viz.render import short_labels
from viz.site import Site, plan_site
from viz.views import date_state, dates_in, shown_on

MIN_LABEL_PX = 14
SCREENS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}


@pytest.fixture(scope="module")
def seed_site(seed_build: Path) -> tuple[Path, Site]:
    return seed_build / "viz", plan_site(GraphStore.from_build(seed_build))


@pytest.fixture(scope="module", params=list(SCREENS))
def screen(chromium: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    width, height = SCREENS[request.param]
    context = chromium.new_context(viewport={"width": width, "height": height})
    yield context
    context.close()


def _drawn_labels(opened: Opened) -> dict[str, float]:
    """Each node whose label vis-network draws, with the label's size in CSS pixels (font size times zoom)."""
    return opened.js("""() => { const scale = kgViz.network.getScale(), body = kgViz.network.body.nodes, out = {};
        kgViz.nodes.getIds().forEach(id => { const size = body[id].options.font.size * scale;
                                             if (!kgViz.nodes.get(id).hidden && size >= 5) out[id] = size; });
        return out; }""")


def _page_paths(site: Site) -> list[str]:
    """One network page of each kind (the succession pages draw no network: tests/test_viz_succession.py)."""
    firsts: dict[str, str] = {}
    for page in site.pages:
        if page.kind != "succession":
            firsts.setdefault(page.kind, page.path)
    return list(firsts.values())


@pytest.mark.browser
def test_labels_are_at_least_14_pixels_and_never_alike(screen: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    opened = None
    for path in _page_paths(site):
        opened = open_page(screen, folder / path, reuse=opened)
        drawn = _drawn_labels(opened)
        page = next(p for p in site.pages if p.path == path)
        assert drawn, f"{path}: no label drawn"
        assert min(drawn.values()) >= MIN_LABEL_PX, (path, min(drawn.values()))
        assert len(drawn) >= min(5, page.graph.number_of_nodes()), (path, len(drawn))
        texts = opened.js("ids => ids.map(id => [kgViz.nodes.get(id).label, kgViz.data.nodeInfo[id].label])",
                          sorted(drawn))
        by_text: dict[str, set[str]] = {}
        for text, full in texts:
            by_text.setdefault(text, set()).add(full)
        assert all(len(fulls) == 1 for fulls in by_text.values()), (path, by_text)
        # no edge label is drawn until something is selected
        assert opened.js("Object.values(kgViz.labels.sizes().edges).filter(s => s > 0).length") == 0
        assert not opened.errors and not opened.outside, (path, opened.errors, opened.outside)
    assert opened is not None
    opened.page.close()


@pytest.mark.browser
def test_a_shortened_name_shows_whole_on_hover_and_selection_draws_its_ties_labels(
        browser: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    opened = open_page(browser, folder / "network.html")
    full = site.network.nodes["kanwil-sumbagsel"]["label"]
    shown = opened.js("kgViz.nodes.get('kanwil-sumbagsel').label")
    assert shown != full and "…" in shown and shown.startswith(full[:6]) and shown.endswith(full[-6:])
    point = opened.js("""id => { const d = kgViz.network.canvasToDOM(kgViz.network.getPositions([id])[id]);
                                 const box = document.querySelector('#graph canvas').getBoundingClientRect();
                                 return [box.left + d.x, box.top + d.y]; }""", "kanwil-sumbagsel")
    opened.page.mouse.move(*point)
    opened.page.wait_for_selector("#tooltip:not([hidden])")
    assert opened.page.inner_text("#tooltip").startswith(full)
    opened.page.mouse.click(*point)
    ties = opened.js("kgViz.network.getConnectedEdges('kanwil-sumbagsel')")
    sizes = opened.js("ids => ids.map(id => kgViz.network.body.edges[id].options.font.size * kgViz.network.getScale())",
                      ties)
    assert ties and min(sizes) >= MIN_LABEL_PX
    assert not opened.errors
    opened.page.close()


def test_every_label_of_the_seed_network_shortens_to_a_text_of_its_own(seed_site: tuple[Path, Site]) -> None:
    _, site = seed_site
    labels = {node: str(label) for node, label in site.network.nodes(data="label")}
    shown = short_labels(labels)
    assert len(set(shown.values())) == len(set(labels.values()))
    assert any(text != labels[node] for node, text in shown.items())  # some are long enough to be shortened
    assert all(text == labels[node] or "…" in text for node, text in shown.items())


def test_types_of_one_kind_differ_in_hue_and_kinds_in_shape(seed_store: GraphStore) -> None:
    styles = read_catalogue(seed_store).types.values()
    by_kind: dict[str, list[str]] = {}
    for style in styles:
        by_kind.setdefault(style.kind, []).append(style.color)
        assert style.color in PALETTE
    assert all(len(colors) == len(set(colors)) for kind, colors in by_kind.items() if len(colors) <= len(PALETTE))
    shapes = {style.kind: style.shape for style in styles}
    assert len(set(shapes.values())) == len(shapes)


def _fills_the_drawing(opened: Opened) -> tuple[bool, float]:
    """Whether every visible node lies inside the drawing, and how much of its width or height they span."""
    return opened.js("""() => { const box = document.querySelector('#graph').getBoundingClientRect();
        const ids = kgViz.nodes.getIds({filter: n => !n.hidden});
        const at = Object.values(kgViz.network.getPositions(ids)).map(p => kgViz.network.canvasToDOM(p));
        const xs = at.map(p => p.x), ys = at.map(p => p.y);
        const inside = at.every(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height);
        return [inside, Math.max((Math.max(...xs) - Math.min(...xs)) / box.width,
                                 (Math.max(...ys) - Math.min(...ys)) / box.height)]; }""")


@pytest.mark.browser
def test_filters_and_search_zoom_to_fit(screen: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, _ = seed_site
    opened = open_page(screen, folder / "network.html")
    before = opened.js("kgViz.network.getScale()")
    for region in ("sumatera-selatan", "kota-pangkalpinang"):
        opened.page.select_option("#region-filter", region)
        inside, span = _fills_the_drawing(opened)  # filled, unless a few nodes would be drawn huge
        assert inside and (span > 0.6 or opened.js("kgViz.network.getScale()") >= 1.5), (region, span)
        assert opened.js("kgViz.network.getScale()") > before
    opened.page.select_option("#region-filter", "")
    person = opened.page.locator("#legend label", has_text=re.compile(r"^\W*orang \(\d+\)$")).locator("input")
    person.uncheck()  # "orang": the page is in Indonesian
    inside, span = _fills_the_drawing(opened)
    assert inside and span > 0.6
    person.check()
    opened.page.fill("#search", "Muhyidin")
    opened.page.press("#search", "Enter")
    around = opened.js("['muhyidin', ...kgViz.network.getConnectedNodes('muhyidin')]")
    spots = opened.js("""ids => { const box = document.querySelector('#graph').getBoundingClientRect();
        return ids.map(id => kgViz.network.canvasToDOM(kgViz.network.getPositions([id])[id]))
                  .every(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height); }""", around)
    assert spots
    assert not opened.errors
    opened.page.close()


@pytest.mark.browser
def test_the_as_of_page_hides_undated_ties_counts_them_and_keeps_field_and_slider_together(
        screen: BrowserContext, seed_site: tuple[Path, Site]) -> None:
    folder, site = seed_site
    G = site.network
    not_known = [(u, v) for u, v, attrs in G.edges(data=True) if date_state(attrs) != "known"]
    assert not_known, "the seed facts have undated ties"
    opened = open_page(screen, folder / "as-of-date.html")
    assert opened.page.locator("#undated").is_checked() is False
    assert opened.page.inner_text("#undated-count").startswith(f"{len(not_known)} dari {G.number_of_edges()} ikatan")
    # before any article nothing is known to hold
    opened.page.fill("#asof", "2022-01-01")
    opened.page.dispatch_event("#asof", "change")
    assert opened.js("kgViz.visible()") == {"nodes": 0, "edges": 0}
    assert opened.page.input_value("#asof-steps") == "0"
    stops = dates_in(G)
    for i, stop in enumerate(stops):  # typing a date moves the slider to that date's stop
        opened.page.fill("#asof", stop)
        opened.page.dispatch_event("#asof", "change")
        assert opened.page.input_value("#asof-steps") == str(i)
        shown = sum(1 for _, _, attrs in G.edges(data=True) if shown_on(attrs, stop, undated=False))
        assert opened.js("kgViz.visible().edges") == shown
    opened.page.eval_on_selector("#asof-steps", "e => { e.value = '0'; e.dispatchEvent(new Event('input')); }")
    assert opened.page.input_value("#asof") == stops[0]  # moving the slider fills in the date
    opened.page.check("#undated")
    listed = opened.page.locator("#undated-list li").count()
    assert listed == len(not_known)  # all of them show at any date, dotted, and are listed by name
    dotted = opened.js("kgViz.edges.get().filter(e => !e.hidden && kgViz.edgeInfo[e.id].onDate !== 'known')"
                       ".every(e => Array.isArray(e.dashes) && e.dashes.slice(-2).join() === '2,5')")
    assert dotted
    assert not opened.errors and not opened.outside
    opened.page.close()


@pytest.mark.browser
def test_a_click_in_a_big_view_updates_no_item_and_paints_the_tie_labels(screen: BrowserContext,
                                                                        tmp_path: Path) -> None:
    # In a view of 1,000 or more items vis-network re-scales every node and edge on any DataSet update (most of a
    # click's time at 5,000 nodes, profiled), so there a click changes no item: the ties' labels are painted instead.
    from viz.benchmark import python_side, synthetic_network
    from viz.site import asset_sources

    (tmp_path / "assets").mkdir()
    for name, source in asset_sources().items():
        (tmp_path / "assets" / name).write_bytes(source.read_bytes())
    python_side(synthetic_network(1200), tmp_path)
    opened = open_page(screen, tmp_path / "page.html")
    assert opened.js("kgViz.data.big")
    x, y, node = opened.js("""() => { const net = kgViz.network, box = net.body.container.getBoundingClientRect();
        const ties = id => net.getConnectedEdges(id).length;
        const id = kgViz.nodes.getIds().sort((a, b) => ties(b) - ties(a))[0];
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        window.kgUpdates = 0;
        [kgViz.nodes, kgViz.edges].forEach(set => {
            const update = set.update.bind(set);
            set.update = (...a) => { window.kgUpdates += 1; return update(...a); }; });
        return [box.left + p.x, box.top + p.y, id]; }""")
    opened.page.mouse.click(x, y)
    for _ in range(100):  # polled here: wait_for_function evaluates a string, which the page's CSP forbids
        if opened.js("() => kgViz.network.getSelectedNodes().length > 0"):
            break
        opened.page.wait_for_timeout(50)
    assert opened.js("() => kgViz.network.getSelectedNodes()") == [node]
    assert opened.page.inner_text("#panel h3") == opened.js("id => kgViz.data.nodeInfo[id].label", node)
    ties = set(opened.js("id => kgViz.network.getConnectedEdges(id)", node))
    painted = opened.js("kgViz.labels.sizes().edges")
    assert ties and {edge for edge, px in painted.items() if px >= MIN_LABEL_PX} == ties
    assert opened.js("window.kgUpdates") == 0
    assert not opened.errors and not opened.outside
    opened.page.close()
