"""How fast the views are, on generated networks of 500, 2,000 and 5,000 nodes: a script, not a test.

    python -m viz.benchmark [--runs 5] [--out docs/benchmarks.md]

For each size it generates a network with a fixed seed (preferential attachment, so a few hubs
and many small nodes, with kg's seven kinds of entity and relation names, dates and sources),
times the Python side (layout, then page), writes the page with the same renderer as the site, twice
in one run: every entity drawn, and clustered (viz.clusters: its communities closed, a click on the
biggest opening it), and opens each in headless Chromium (Debian's, through Playwright) several times, reporting the
median time from navigation start to vis-network's first `afterDrawing`, and to the first
selection after that (a search hit, as a person would click it), and how long a mouse click on a
node takes to be answered: from the pointer going down to the last drawing it causes (the node
selected, its ties' labels drawn, the panel filled), at scale 1, and the ratios of the clustered page to the other.
At 5,000 nodes it times laying out each community with numpy against viz.layout's pure-Python force layout, and at
2,000 nodes filling pyvis's lists in bulk against its `add_node`/`add_edge`, which are quadratic.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.bench.report import machine_lines, write_section
from kg.network.analytics import communities, tie_graph
from kg.network.kernels import pagerank_of
from kg.network.projection import KINDS
from viz.catalogue import Catalogue, SourceInfo, type_styles
from viz.clusters import CLUSTER_MIN, cluster_view, community_layout
from viz.layout import force_layout
from viz.render import Context, View, network, render_page
from viz.site import asset_sources
from viz.views import induced

SIZES = (500, 2000, 5000)
SEED = 7
# shares of each kind among the nodes, and the relations each pair of kinds may have
SHARES = {"Person": 0.35, "Post": 0.2, "Organization": 0.15, "Event": 0.1, "Region": 0.08, "Programme": 0.07,
          "Regulation": 0.05}
RELATIONS = ("holds post", "post in", "took part in", "spoke at", "serves region", "pledge regarding", "runs",
             "within region", "issued", "applies in")


def synthetic_network(n: int, *, seed: int = SEED) -> nx.MultiDiGraph[str]:
    """A network shaped like kg's: nodes of the seven kinds, ties by preferential attachment (about
    two per node), each with a relation, one to three sources and, for a third of them, a date."""
    rng = random.Random(seed)
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    kinds = rng.choices(list(SHARES), weights=list(SHARES.values()), k=n)
    for i, kind in enumerate(kinds):
        G.add_node(f"n{i}", id=f"n{i}", label=f"{kind} {i} Sumatera Selatan", type=kind, kind=kind, aliases=[])
    targets: list[int] = [0, 1]
    for i in range(2, n):
        for j in {rng.choice(targets) for _ in range(2)}:
            relation = rng.choice(RELATIONS)
            sources = sorted(rng.sample([f"s{k}" for k in range(5)], rng.randint(1, 3)))
            dates = {"observed": [f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]} \
                if rng.random() < 0.33 else {}
            G.add_edge(f"n{i}", f"n{j}", relation, relation=relation, sources=sources, facts=[], evidence=[],
                       dates=dates, basis=["article"], weight=len(sources))
            targets += [i, j]
    return G


def _catalogue() -> Catalogue:
    styles = type_styles([(kind, kind, kind.lower(), kind.lower()) for kind in KINDS])
    return Catalogue(styles, {f"s{k}": SourceInfo(f"s{k}", f"Artikel {k}", "Penerbit", None) for k in range(5)})


def python_side(G: nx.MultiDiGraph[str], folder: Path, *, clusters: bool = False,
                name: str = "page.html") -> dict[str, float]:
    """Write the whole view of G into folder/name, clustered (viz.clusters) or not, as the site would; seconds for
    PageRank, the layout (with the communities, when clustered) and everything else."""
    started = time.perf_counter()
    context = Context(_catalogue(), pagerank_of(tie_graph(G)), {node: [] for node in G},
                      {node: str(attrs["label"]) for node, attrs in G.nodes(data=True)})
    ranked = time.perf_counter()
    clustering = cluster_view(G, context.pagerank) if clusters else None
    positions = clustering.positions if clustering else force_layout(G, boxes=context.boxes(G))
    laid_out = time.perf_counter()
    html = render_page(View("whole", f"{G.number_of_nodes()} nodes", "generated", G, positions,
                            clusters=clustering), context)
    (folder / name).write_text(html, encoding="utf-8")
    done = time.perf_counter()
    return {"pagerank_s": ranked - started, "layout_s": laid_out - ranked, "page_s": done - laid_out,
            "bytes": float(len(html.encode("utf-8")))}


def pyvis_fill(G: nx.MultiDiGraph[str]) -> dict[str, float]:
    """Seconds to fill a pyvis Network in bulk (as viz.render does) and with add_node/add_edge,
    directed (a membership test in the node list per call) and undirected (also a scan of every
    edge added so far, looking for the same pair)."""
    context = Context(_catalogue(), {}, {}, {})
    positions = {node: (0.0, 0.0) for node in G}
    started = time.perf_counter()
    network(View("whole", "", "", G, positions), context)
    times = {"bulk_s": time.perf_counter() - started}
    for name, directed in (("add_directed_s", True), ("add_undirected_s", False)):
        net = Network(directed=directed)
        started = time.perf_counter()
        for node, attrs in G.nodes(data=True):
            net.add_node(node, label=str(attrs["label"]), shape="dot")
        for u, v, attrs in G.edges(data=True):
            net.add_edge(u, v, label=str(attrs["relation"]))
        times[name] = time.perf_counter() - started
    return times


# The node drawn nearest the middle of the view, brought to the middle at reading zoom (scale 1: fitted to the
# screen, 5,000 nodes are each smaller than a pixel and cannot be clicked), and its place in the page to click on;
# then a record of every drawing after the pointer goes down.
_TARGET = """() => { const net = kgViz.network, box = net.body.container.getBoundingClientRect();
  const ids = kgViz.nodes.getIds(), at = net.getPositions(ids);
  let best = null, gap = Infinity;
  ids.forEach(id => { const p = net.canvasToDOM(at[id]), d = Math.hypot(p.x - box.width / 2, p.y - box.height / 2);
                      if (d < gap) { gap = d; best = id; } });
  net.moveTo({position: at[best], scale: 1, animation: false});
  const p = net.canvasToDOM(at[best]);
  window.kgBenchDrawn = [];
  net.body.container.addEventListener("pointerdown", () => { window.kgBenchDown = performance.now(); }, true);
  net.on("afterDrawing", () => { if (window.kgBenchDown !== undefined)
                                   window.kgBenchDrawn.push(performance.now() - window.kgBenchDown); });
  return [box.left + p.x, box.top + p.y, best]; }"""


# On a clustered page: the biggest cluster, where it is drawn on the page as it opened (fitted), to click on.
_CLUSTER_TARGET = """() => { const net = kgViz.network, box = net.body.container.getBoundingClientRect();
  const id = kgViz.data.clusters.nodes[0].id, p = net.canvasToDOM(net.getPositions([id])[id]);
  window.kgBenchDrawn = [];
  net.body.container.addEventListener("pointerdown", () => { window.kgBenchDown = performance.now(); }, true);
  net.on("afterDrawing", () => { if (window.kgBenchDown !== undefined)
                                   window.kgBenchDrawn.push(performance.now() - window.kgBenchDown); });
  return [box.left + p.x, box.top + p.y, id]; }"""
_ANSWERED = {False: "kgViz.network.getSelectedNodes().length > 0 && window.kgBenchDrawn.length > 0",
             True: "kgViz.clusters.opened() !== null && window.kgBenchDrawn.length > 0"}
_LABELS = "Object.values(kgViz.labels.sizes().nodes).filter(size => size > 0).length"


def browser_side(folder: Path, runs: int, browser: Any, *, name: str = "page.html",
                 clusters: bool = False) -> dict[str, float]:
    """Median milliseconds from navigation start to the first draw, and to a first selection after it (a search
    hit, which on a clustered page opens its cluster); and from a mouse click (in a fresh page) to the last drawing
    it causes: on a node, or on a clustered page on its biggest cluster, which opens it. Also the node labels drawn
    when the page opens."""
    draws, selects, clicks, labels = [], [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 720})  # a fresh cache each run
        page = context.new_page()
        page.goto((folder / name).as_uri())
        page.wait_for_selector("body[data-drawn]", state="attached", timeout=120000)
        draws.append(page.evaluate("kgViz.firstDraw"))
        labels.append(page.evaluate(_LABELS))
        x, y, _ = page.evaluate(_CLUSTER_TARGET if clusters else _TARGET)
        page.wait_for_timeout(1500)  # the zoom's own drawing and label placing are over
        page.mouse.click(x, y)  # selects that node (or opens that cluster), or one drawn over it
        for _ in range(600):  # polled from here: wait_for_function evaluates strings, which the page's CSP forbids
            if page.evaluate(_ANSWERED[clusters]):
                break
            page.wait_for_timeout(50)
        else:
            raise SystemExit("a click on a node selected nothing")
        page.wait_for_timeout(400)  # any later drawing the click causes
        clicks.append(page.evaluate("Math.max(...window.kgBenchDrawn)"))
        selects.append(page.evaluate("""() => { kgViz.select(kgViz.data.nodes[kgViz.data.nodes.length - 1].id);
            return new Promise(done => requestAnimationFrame(() => done(performance.now()))); }"""))
        context.close()
    return {"first_draw_ms": statistics.median(draws), "first_draw_max_ms": max(draws),
            "selected_ms": statistics.median(selects), "click_ms": statistics.median(clicks),
            "click_max_ms": max(clicks), "labels": statistics.median(labels)}


def machine(browser_version: str, load: float) -> list[str]:
    """What the numbers were measured on, and how busy the machine was (other work slows every number)."""
    return [*machine_lines(), f"- load average (1 min) when the run started: {load:.2f}",
            f"- browser: headless Chromium {browser_version} (Debian's, driven by Playwright)",
            "- vis-network 9.1.2 as pyvis 0.3.2 ships it; physics off, positions from viz/layout.py (all) and "
            "viz/clusters.py (clustered)"]


def community_layouts(G: nx.MultiDiGraph[str]) -> dict[str, float]:
    """Seconds to lay out every Louvain community of G by itself: with numpy (`networkx.spring_layout`, as
    viz.clusters does) and with viz.layout's pure-Python `force_layout`."""
    groups = communities(G)
    started = time.perf_counter()
    for group in groups:
        community_layout(G, group, SEED)
    spring = time.perf_counter() - started
    started = time.perf_counter()
    for group in groups:
        force_layout(induced(G, set(group)))
    return {"communities": float(len(groups)), "spring_s": spring, "force_s": time.perf_counter() - started}


def report(rows: list[dict[str, float]], fill: dict[str, float], layouts: dict[str, float], about: list[str],
           runs: int) -> str:
    """The Markdown kept in docs/benchmarks.md."""
    lines = ["## The interactive views on generated networks", "",
             "Written by `python -m viz.benchmark`.", "",
             f"Each size is drawn twice in one run: the whole view as every entity (*all*), and clustered as the site "
             f"draws it above {CLUSTER_MIN} entities (*clustered*: its Louvain communities closed, viz/clusters.py). "
             f"Time to first draw is the median of {runs} page loads in headless Chromium, from navigation start to "
             "vis-network's first `afterDrawing` (the page is then interactive: physics is off); *labels* is how "
             "many node labels are drawn then (15 px, never overlapping); *selected* is "
             "when, after the click below, a search hit has been selected and drawn (from navigation start, so it "
             "includes the waits around the click; on a clustered page it opens the hit's cluster); "
             "*click* is the median time from a mouse click to the last drawing it causes, at 1280x720: on *all*, "
             "on the node nearest the middle of a freshly drawn page, brought to the middle at scale 1 first "
             "(fitted to the screen, the nodes of the big pages are smaller than a pixel); on *clustered*, on the "
             "biggest cluster as the page opened, which opens it (its members and their ties added, zoomed to "
             "fit). The slowest run is beside each median. Python times are for one run (layout: with the "
             "communities, when clustered).", "",
             "| nodes | ties | view | PageRank (s) | layout (s) | page (s) | page size (MB) | first draw (ms) "
             "| slowest (ms) | labels | selected (ms) | click (ms) | slowest click (ms) |",
             "|---:|---:|---|" + "---:|" * 10]
    for row in rows:
        lines.append(f"| {row['nodes']:,.0f} | {row['edges']:,.0f} | {'clustered' if row['clustered'] else 'all'} "
                     f"| {row['pagerank_s']:.2f} | {row['layout_s']:.2f} "
                     f"| {row['page_s']:.2f} | {row['bytes'] / 1e6:.2f} | {row['first_draw_ms']:.0f} "
                     f"| {row['first_draw_max_ms']:.0f} | {row['labels']:.0f} | {row['selected_ms']:.0f} "
                     f"| {row['click_ms']:.0f} | {row['click_max_ms']:.0f} |")
    lines += ["", "Clustered against all, in this run (clustered / all; below 1 is faster):", "",
              "| nodes | first draw | click | target at 5,000: first draw ≤ 2,000 ms, click ≤ 200 ms |",
              "|---:|---:|---:|---|"]
    for plain, grouped in zip(rows[::2], rows[1::2], strict=True):
        met = ""
        if plain["nodes"] == 5000:
            met = (f"first draw {grouped['first_draw_ms']:.0f} ms "
                   f"({'met' if grouped['first_draw_ms'] <= 2000 else 'not met'}), click {grouped['click_ms']:.0f} ms "
                   f"({'met' if grouped['click_ms'] <= 200 else 'not met'})")
        lines.append(f"| {plain['nodes']:,.0f} | {grouped['first_draw_ms'] / plain['first_draw_ms']:.2f} "
                     f"| {grouped['click_ms'] / plain['click_ms']:.2f} | {met} |")
    lines += ["", "### Laying out the communities at 5,000 nodes", "",
              f"The {layouts['communities']:.0f} Louvain communities, each laid out by itself: "
              f"{layouts['spring_s']:.2f} s with numpy (`networkx.spring_layout`, as viz.clusters does) against "
              f"{layouts['force_s']:.2f} s with viz.layout's pure-Python `force_layout` "
              f"({layouts['force_s'] / layouts['spring_s']:.1f}x): most communities have fewer than 150 members, "
              "where `force_layout` computes every pair's repulsion in Python.",
              "", "### Filling pyvis at 2,000 nodes", "",
              f"Filling pyvis's node and edge lists in bulk, as viz.render does, took {fill['bulk_s']:.3f} s (with "
              f"the styles, sizes and positions it adds). Calling `add_node`/`add_edge` for the bare nodes and edges "
              f"took {fill['add_directed_s']:.2f} s for a directed network (each call looks the nodes up in a list) "
              f"and {fill['add_undirected_s']:.2f} s for an undirected one (each `add_edge` also scans every edge "
              "added so far); both grow with the square of the size.", "", "### Machine", "", *about, ""]
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and write its report."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--chromium", default=os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    rows = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium)
        (Path(tmp) / "assets").mkdir()
        for name, source in asset_sources().items():
            (Path(tmp) / "assets" / name).write_bytes(source.read_bytes())
        for n in SIZES:
            G = synthetic_network(n)
            for grouped in (False, True):  # side by side in one run: every entity drawn, then clustered
                name = "clustered.html" if grouped else "page.html"
                row: dict[str, float] = {"nodes": n, "edges": G.number_of_edges(), "clustered": float(grouped),
                                         **python_side(G, Path(tmp), clusters=grouped, name=name)}
                row.update(browser_side(Path(tmp), args.runs, browser, name=name, clusters=grouped))
                print(", ".join(f"{key} {value:,.2f}" for key, value in row.items()), flush=True)
                rows.append(row)
        layouts = community_layouts(synthetic_network(5000))
        print(layouts, flush=True)
        fill = pyvis_fill(synthetic_network(2000))
        print(fill, flush=True)
        about = machine(browser.version, load)
        browser.close()
    write_section(args.out, "views", report(rows, fill, layouts, about, args.runs))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
