"""The README's screenshots, taken offline in headless Chromium at 1280x720: a script, not a test.

    python -m viz.screenshots [--build build] [--out docs/img]

It writes the views and the stakeholder pages of a build into a temporary folder, opens them
from disk in Debian's Chromium (through Playwright) with every http(s) request blocked, and saves

- ``viz-whole-graph.png``: the whole network with Muhyidin found by search and selected;
- ``grid.png``: the power/interest grid page with the first actor clicked and its evidence shown;
- ``viz-clustered.png`` and ``viz-cluster-open.png``: a generated network of 5,000 entities
  (`viz.benchmark.synthetic_network`), whose whole view opens clustered (viz.clusters), as it opens and with
  its biggest cluster opened (as a click on it does).

The pages are the ones kg writes; nothing is staged beyond the search and the click.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from kg.stakeholders.session import plan_session
from kg.store.graphstore import GraphStore
from viz.benchmark import python_side, synthetic_network
from viz.site import write_site

WIDTH, HEIGHT = 1280, 720
CLUSTERED = 5000  # entities of the generated network drawn clustered


def take(build: Path, out: Path, chromium: str) -> list[Path]:
    """Write the pages of `build` into a temporary folder and save the screenshots into `out`."""
    from playwright.sync_api import Route, sync_playwright

    from kg.files import write_atomically
    from viz.stakeholders import page_files

    out.mkdir(parents=True, exist_ok=True)
    store = GraphStore.from_build(build)
    saved = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        views, pages = Path(tmp) / "viz", Path(tmp) / "stakeholders"
        write_site(store, views)
        write_atomically(pages, page_files(plan_session(store)))
        browser = playwright.chromium.launch(executable_path=chromium)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        blocked: list[str] = []

        def block(route: Route) -> None:
            blocked.append(route.request.url)
            route.abort()

        context.route("http*://**", block)
        page = context.new_page()
        page.goto((views / "network.html").as_uri())
        page.wait_for_selector("body[data-drawn]", state="attached")
        page.fill("#search", "Muhyidin")
        page.press("#search", "Enter")
        page.wait_for_timeout(300)
        saved.append(out / "viz-whole-graph.png")
        page.screenshot(path=str(saved[-1]))
        page.goto((pages / "grid.html").as_uri())
        page.wait_for_selector("#grid .actor")
        page.locator("#grid .actor").first.click()
        saved.append(out / "grid.png")
        page.screenshot(path=str(saved[-1]))
        python_side(synthetic_network(CLUSTERED), views, clusters=True, name="clustered.html")
        page.goto((views / "clustered.html").as_uri())
        page.wait_for_selector("body[data-drawn]", state="attached")
        saved.append(out / "viz-clustered.png")
        page.screenshot(path=str(saved[-1]))
        page.evaluate("kgViz.clusters.open(kgViz.data.clusters.nodes[0].id)")  # as a click on it does
        page.wait_for_timeout(300)
        saved.append(out / "viz-cluster-open.png")
        page.screenshot(path=str(saved[-1]))
        browser.close()
        if blocked:
            raise SystemExit(f"the pages asked for outside files: {blocked}")
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--chromium", default=os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    for path in take(args.build, args.out, args.chromium):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
