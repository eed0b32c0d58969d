"""Helpers for the browser tests (tests/test_viz.py, tests/test_workshop.py): opening a page from disk with
everything it does recorded, and a fact set full of script payloads. The browser fixtures are in conftest.py."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from kg.files import write_atomically
from kg.pipeline import build_files, run
from tests.conftest import KITCHEN_SINK

ACCENTED = "Hj. Sîti Āminah – Kakanwil"  # Indonesian text with accents and a dash must come through intact
PAYLOADS = ('<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1">', 'javascript:window.__xss=1',
            '<a href="javascript:window.__xss=1">href</a>')
QUOTE_PAYLOAD = "</script><script>window.__xss=1</script>"  # an evidence quote that tries to end the data element
OVERRIDE_PAYLOAD = PAYLOADS[1] + " why " + PAYLOADS[0]


@dataclass
class Opened:
    """A page and everything it did that a test checks."""

    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # requests that left the site (http(s), or files outside it)
    dialogs: list[str] = field(default_factory=list)
    root: Path | None = None  # the site's folder: file:// requests outside it count as outside

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)


def _file_request(route: Route, opened: Opened) -> None:
    path = Path(unquote(urlparse(route.request.url).path))
    if opened.root is not None and not path.resolve().is_relative_to(opened.root):
        opened.outside.append(route.request.url)
        route.abort()
    else:
        route.continue_()


def open_page(browser: BrowserContext, path: Path, reuse: Opened | None = None, *, root: Path | None = None,
              timeout: float = 10000) -> Opened:
    """Open a page of a site from disk (in a new tab, or in `reuse` with its records cleared).

    Requests to http(s) are blocked and counted; with `root`, so are file:// requests outside that folder.
    Pages other than index.html are waited for until they mark themselves drawn.
    """
    if reuse is None:
        page = browser.new_page()
        page.set_default_timeout(timeout)
        opened = Opened(page)
        page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        # Pages come from file://, so any http(s) request leaves the site: block and count it.
        page.route(re.compile(r"^https?://"), lambda route: (opened.outside.append(route.request.url), route.abort()))
        page.route(re.compile(r"^file://"), lambda route: _file_request(route, opened))
    else:
        opened = reuse
        for record in (opened.errors, opened.outside, opened.dialogs):
            record.clear()
    opened.root = root.resolve() if root is not None else None
    opened.page.goto(path.as_uri())
    if path.name != "index.html":
        opened.page.wait_for_selector("body[data-drawn]", state="attached")
    return opened


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _replace_quote(text: str, old: str, new: str) -> str:
    """Swap an evidence quote and keep end - start equal to its length."""
    pattern = re.compile(r'quote: "' + re.escape(old) + r'"\n(\s*)start: (\d+)\n(\s*)end: \d+')
    match = pattern.search(text)
    assert match, old
    start = int(match.group(2))
    return text[:match.start()] + (f"quote: {_quote(new)}\n{match.group(1)}start: {start}\n"
                                   f"{match.group(3)}end: {start + len(new)}") + text[match.end():]


def xss_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the kitchen-sink facts with script payloads in names, aliases, a title with "href", source
    titles, evidence quotes and a facilitator's override (built without source texts, so the quotes need not
    match them)."""
    facts = tmp_path_factory.mktemp("xss") / "facts"
    shutil.copytree(KITCHEN_SINK, facts)
    entities = facts / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    # each keeps its name as an alias: the mentions quote it, and a mention's quote is a name (mention-is-name)
    text = text.replace('name: "Budi Santoso"\n    aliases:\n      - "Budi"',
                        f"name: {_quote(PAYLOADS[0] + ' Budi')}\n    aliases:\n      - {_quote(PAYLOADS[1])}\n"
                        f"      - {_quote(PAYLOADS[2])}\n      - \"Budi Santoso\"")
    text = text.replace('name: "Siti Aminah"', f"name: {_quote('Siti ' + PAYLOADS[3])}\n    aliases:\n"
                                               f"      - {_quote(ACCENTED)}\n      - \"Siti Aminah\"")
    text = text.replace('name: "Provinsi Contoh"', f"name: {_quote('Provinsi ' + PAYLOADS[1])}\n    aliases:\n"
                                                   f"      - \"Provinsi Contoh\"")
    entities.write_text(text, encoding="utf-8")
    sources = facts / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        'title: "Pemprov Contoh Dukung BPJamsostek Masuk Desa"',
        f"title: {_quote(PAYLOADS[1] + ' href ' + PAYLOADS[0])}"), encoding="utf-8")
    article = facts / "articles" / "ks-001.yaml"
    text = _replace_quote(article.read_text(encoding="utf-8"), "Kami akan menerbitkan Peraturan Gubernur",
                          QUOTE_PAYLOAD)
    text = _replace_quote(text, "melayani Provinsi Contoh", PAYLOADS[1] + " <!-- " + PAYLOADS[2])
    article.write_text(text, encoding="utf-8")
    overrides = facts / "overrides.yaml"
    text = re.sub(r'why: ".*"', f"why: {_quote(OVERRIDE_PAYLOAD)}", overrides.read_text(encoding="utf-8"))
    overrides.write_text(re.sub(r'by: ".*"', f"by: {_quote(PAYLOADS[3])}", text), encoding="utf-8")
    outcome = run(facts, None)
    assert outcome.valid, "\n".join(p.render() for p in outcome.problems)
    assert outcome.model is not None
    out = tmp_path_factory.mktemp("xss") / "build"
    write_atomically(out, build_files(outcome.quads, outcome.model))
    return out
