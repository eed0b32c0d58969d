"""Big views with structure (viz/clusters.py, viz/static/clusters.js): above CLUSTER_MIN entities a view opens with
its Louvain communities closed, a click opens one, search still finds every entity; in real Chromium at 1280x720,
offline, outside requests blocked, on a generated network written by the same renderer as the site."""

from __future__ import annotations

import io
import math
from pathlib import Path

import networkx as nx
import pytest
from matplotlib.image import imread
from playwright.sync_api import Browser, BrowserContext

from kg.network.analytics import communities, tie_graph
from kg.network.kernels import pagerank_of
from kg.store.graphstore import GraphStore
from tests.browser import PAYLOADS, Opened, open_page
from tests.conftest import ENGLISH
from viz.benchmark import _catalogue, python_side, synthetic_network
from viz.clusters import CLUSTER_MIN, NAME_MAX, NAMED, cluster_view
from viz.render import page_data, short
from viz.site import asset_sources, plan_pages, plan_site

SIZE = 600  # a generated network above the threshold, small enough for a quick test
MIN_LABEL_PX = 14


@pytest.fixture(scope="module")
def big() -> nx.MultiDiGraph[str]:
    G = synthetic_network(SIZE)
    G.nodes["n0"]["label"] = PAYLOADS[1] + " Hub"  # the biggest hub: named on its cluster's label
    return G


@pytest.fixture(scope="module")
def big_page(big: nx.MultiDiGraph[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clustered")
    (folder / "assets").mkdir()
    for name, source in asset_sources().items():
        (folder / "assets" / name).write_bytes(source.read_bytes())
    python_side(big, folder, clusters=True, name="network.html")
    return folder




def test_every_entity_is_in_one_cluster_drawn_inside_its_own_disk(big: nx.MultiDiGraph[str]) -> None:
    pagerank = pagerank_of(tie_graph(big))
    found = cluster_view(big, pagerank)
    assert [node["members"] for node in found.nodes] == communities(big)
    assert sorted(m for node in found.nodes for m in node["members"]) == sorted(big)
    assert set(found.positions) == set(big)
    reach = []
    for node in found.nodes:
        centre = (node["x"], node["y"])
        reach.append(max(math.dist(centre, found.positions[m]) for m in node["members"]))
        main = sorted(node["members"], key=lambda m: (-pagerank[m], m))[:NAMED]
        assert node["main"] == main and node["count"] == len(node["members"])
        assert node["label"].endswith(f" +{node['count'] - NAMED}") and node["label"].count("\n") == NAMED - 1
    for i, a in enumerate(found.nodes):  # no two clusters' members overlap: each opens in room of its own
        for j in range(i + 1, len(found.nodes)):
            b = found.nodes[j]
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) > reach[i] + reach[j]
    cluster_of = {m: node["id"] for node in found.nodes for m in node["members"]}
    between = sum(1 for u, v in big.edges() if cluster_of[u] != cluster_of[v])
    assert sum(tie["count"] for tie in found.ties) == between
    assert cluster_view(big, pagerank) == found  # the same on every build


def test_a_big_site_clusters_its_network_pages_but_not_the_date_page_or_the_hierarchy() -> None:
    site = plan_pages(synthetic_network(700), _catalogue())
    by_path = {page.path: page for page in site.pages}
    assert by_path["network.html"].graph.number_of_nodes() > CLUSTER_MIN
    assert by_path["network.html"].clusters() is not None and by_path["network-posts.html"].clusters() is not None
    # the date page filters ties by date, which closed clusters cannot show: it draws every entity, at the same places
    assert by_path["as-of-date.html"].clusters() is None
    assert by_path["as-of-date.html"].layout() == by_path["network.html"].layout()
    assert by_path["hierarchy.html"].clusters() is None
    for page in site.pages:
        if page.kind in ("ego", "region", "source"):
            assert (page.clusters() is not None) == (page.graph.number_of_nodes() > CLUSTER_MIN), page.path
    data = page_data(by_path["network.html"].view(), site.context)
    assert len(data["clusters"]["nodes"]) == len(communities(site.network)) and data["big"]
    assert "clusters" not in page_data(by_path["as-of-date.html"].view(), site.context)


@pytest.mark.content
def test_a_page_opens_clustered_only_above_the_threshold(seed_build: Path) -> None:
    site = plan_site(GraphStore.from_build(seed_build))
    pages = [page for page in site.pages if page.kind not in ("succession", "hierarchy")]
    for page in pages:
        assert (page.clusters() is not None) == (page.graph.number_of_nodes() > CLUSTER_MIN), page.path
    assert site.network.number_of_nodes() <= CLUSTER_MIN or pages[0].clusters() is not None


def _point(opened: Opened, node: str) -> tuple[float, float]:
    x, y = opened.js("""id => { const d = kgViz.network.canvasToDOM(kgViz.network.getPositions([id])[id]);
        const box = document.querySelector('#graph canvas').getBoundingClientRect();
        return [box.left + d.x, box.top + d.y]; }""", node)
    return x, y


def _labels(opened: Opened) -> dict[str, float]:
    return opened.js("""() => { const out = {}, sizes = kgViz.labels.sizes().nodes;
        Object.keys(sizes).forEach(id => { if (sizes[id] > 0 && kgViz.nodes.get(id)) out[id] = sizes[id]; });
        return out; }""")


def _painted(opened: Opened, node: str) -> bool:
    """Whether the node's own colour is on the screen at its place (vis-network skips nodes it has not measured)."""
    x, y = _point(opened, node)
    colour = opened.js("id => kgViz.network.body.nodes[id].options.color.background", node).lstrip("#")
    want = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    png = opened.page.screenshot(clip={"x": x - 3, "y": y - 3, "width": 6, "height": 6})
    pixels = imread(io.BytesIO(png), format="png")[:, :, :3].reshape(-1, 3)
    return any(all(abs(float(p[i]) - want[i]) < 0.08 for i in range(3)) for p in pixels)


@pytest.mark.browser
def test_a_big_view_opens_clustered_and_a_click_opens_one_cluster(fresh: BrowserContext, big_page: Path,
                                                                  big: nx.MultiDiGraph[str]) -> None:
    opened = open_page(fresh, big_page / "network.html", root=big_page)
    groups = communities(big)
    assert opened.js("kgViz.nodes.length") == len(groups) == opened.js("kgViz.data.clusters.nodes.length")
    assert opened.js("kgViz.nodes.getIds().every(id => kgViz.clusters.isCluster(id))")
    drawn = _labels(opened)
    assert len(drawn) >= 5 and min(drawn.values()) >= MIN_LABEL_PX
    assert opened.page.inner_text("#cluster-hint").startswith("Dikelompokkan")  # Indonesian first
    biggest = opened.js("kgViz.data.clusters.nodes[0].id")
    opened.page.mouse.click(*_point(opened, biggest))
    opened.page.wait_for_timeout(300)
    assert opened.js("kgViz.clusters.opened()") == biggest
    ids = set(opened.js("kgViz.nodes.getIds()"))
    assert set(groups[0]) <= ids and biggest not in ids
    assert {f"cluster:{i}" for i in range(1, len(groups))} <= ids  # the others stay closed
    assert len(ids) == len(groups[0]) + len(groups) - 1
    drawn = _labels(opened)
    assert set(drawn) & set(groups[0]) and min(drawn.values()) >= MIN_LABEL_PX
    assert opened.page.inner_text("#panel").startswith("Kelompok 1")
    opened.page.click("#cluster-close")  # the way back: "tutup kelompok"
    assert opened.js("kgViz.clusters.opened()") is None and opened.js("kgViz.nodes.length") == len(groups)
    # the members are on the canvas after the one drawing an opening makes (no hover here to draw again)
    opened.js("kgViz.clusters.open('cluster:1')")
    opened.page.wait_for_timeout(200)
    assert _painted(opened, opened.js("kgViz.data.clusters.nodes[1].main[0]"))
    opened.js("kgViz.clusters.close()")
    opened.page.wait_for_timeout(200)
    assert _painted(opened, "cluster:1")
    # a cluster shows while one of its members passes the filters: with no type ticked, none does
    boxes = opened.page.query_selector_all("#legend input")
    for box in boxes:
        box.uncheck()
    assert opened.js("kgViz.visible().nodes") == 0
    assert opened.page.inner_text("#counts").startswith(f"Kelompok yang tampil: 0; 0 dari {SIZE}")
    boxes[0].check()
    assert 0 < opened.js("kgViz.visible().nodes") <= len(groups)
    opened.page.mouse.click(*_point(opened, opened.js("kgViz.nodes.getIds().find(id => !kgViz.nodes.get(id).hidden)")))
    assert opened.js("kgViz.nodes.get().filter(n => !n.hidden && !kgViz.clusters.isCluster(n.id))"
                     ".every(n => kgViz.data.nodeInfo[n.id].type === kgViz.data.types[0].type)")
    assert not opened.errors and not opened.outside and not opened.dialogs, (opened.errors, opened.outside)
    opened.page.close()


@pytest.mark.browser
def test_search_finds_an_entity_inside_a_closed_cluster(fresh: BrowserContext, big_page: Path,
                                                        big: nx.MultiDiGraph[str]) -> None:
    opened = open_page(fresh, big_page / "network.html", root=big_page)
    groups = communities(big)
    member = groups[3][-1]
    opened.page.fill("#search", str(big.nodes[member]["label"]))
    opened.page.press("#search", "Enter")
    assert opened.js("kgViz.clusters.opened()") == "cluster:3"
    assert opened.js("kgViz.network.getSelectedNodes()") == [member]
    assert opened.page.inner_text("#panel h3") == big.nodes[member]["label"]
    assert opened.js("id => !kgViz.nodes.get(id).hidden", member)
    assert not opened.errors and not opened.outside
    opened.page.close()


@pytest.mark.browser
def test_a_name_in_a_cluster_label_stays_text(fresh: BrowserContext, big_page: Path) -> None:
    opened = open_page(fresh, big_page / "network.html", root=big_page)
    hub = opened.js("kgViz.data.clusters.nodes.find(c => c.main.includes('n0'))")
    assert hub["label"].startswith(short(PAYLOADS[1] + " Hub", NAME_MAX) + "\n")
    opened.page.mouse.click(*_point(opened, hub["id"]))
    opened.page.wait_for_timeout(300)
    assert PAYLOADS[1] in opened.page.inner_text("#panel")  # the panel's button holds the name as text
    assert opened.js("window.__xss") is None and not opened.dialogs
    assert opened.page.query_selector("#panel img") is None
    opened.page.close()


@pytest.mark.browser
@pytest.mark.content
def test_the_seed_views_stay_unclustered(fresh: BrowserContext, seed_build: Path) -> None:
    site = plan_site(GraphStore.from_build(seed_build))
    if site.network.number_of_nodes() > CLUSTER_MIN:
        pytest.skip("the facts have grown past the threshold: the whole view is clustered")
    opened = open_page(fresh, seed_build / "viz" / "network.html", root=seed_build / "viz")
    assert opened.js("kgViz.clusters") is None
    assert opened.js("kgViz.nodes.length") == site.network.number_of_nodes()
    assert opened.page.query_selector("#cluster-hint") is None
    assert not opened.errors and not opened.outside
    opened.page.close()


@pytest.mark.browser
def test_the_cluster_words_switch_to_english(chromium: Browser, big_page: Path) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(ENGLISH)
    opened = open_page(context, big_page / "network.html", root=big_page)
    assert opened.page.inner_text("#cluster-hint").startswith("Clustered")
    assert opened.page.inner_text("#cluster-close") == "close cluster"
    opened.page.mouse.click(*_point(opened, "cluster:0"))
    opened.page.wait_for_timeout(300)
    assert opened.page.inner_text("#panel").startswith("Cluster 1")
    assert not opened.errors
    context.close()
