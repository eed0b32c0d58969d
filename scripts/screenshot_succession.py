"""Take the README's screenshot of the succession view, offline: python scripts/screenshot_succession.py.

Builds the seed facts (facts/, with the articles in ../shared/seeds or $KG_SEEDS) into a temporary
folder, opens ``succession/kakanwil-sumbagsel.html`` from disk in Debian's chromium at 1280x720
with every http(s) request blocked (any such request fails the script), and writes
``docs/img/succession.png``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img" / "succession.png"
PAGE = "succession/kakanwil-sumbagsel.html"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from kg.files import write_atomically
    from kg.pipeline import build_files, run

    seeds = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))
    outcome = run(ROOT / "facts", seeds)
    if not outcome.valid or outcome.model is None:
        print("\n".join(p.render() for p in outcome.problems), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        write_atomically(build, build_files(outcome.quads, outcome.model))
        outside: list[str] = []
        executable = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.route(re.compile(r"^https?://"), lambda route: (outside.append(route.request.url), route.abort()))
                page.goto((build / "viz" / PAGE).as_uri())
                page.wait_for_selector("body[data-drawn]", state="attached")
                OUT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(OUT))
            finally:
                browser.close()
    if outside:
        print(f"the page asked for {len(outside)} outside address(es): {outside}", file=sys.stderr)
        return 1
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
