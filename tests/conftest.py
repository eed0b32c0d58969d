"""Shared fixtures: the real seed facts built once, the kitchen-sink set, a browser, and helpers."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.bench.servers import VIRTUOSO_REASON, Server, start_oxigraph, start_virtuoso
from kg.pipeline import Outcome, run
from kg.rdf.shacl import union_graph
from kg.server.serve import Endpoint, serve_build
from kg.store.graphstore import GraphStore

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
KITCHEN_SINK = FIXTURES / "kitchen-sink"
FIXTURE_SOURCES = FIXTURES / "sources"
# The live facts and their texts: the content tests read these, and KG_FACTS / KG_SEEDS point them at a
# grown copy (tests/test_facts_growth.py adds a made-up sixth article to one and runs them there).
FACTS = Path(os.environ.get("KG_FACTS", ROOT / "facts"))
SEEDS = Path(os.environ.get("KG_SEEDS", ROOT.parent / "shared" / "seeds"))
# A frozen copy of the seed facts and their five texts: the tests that pin exact counts and lists read it,
# so that adding an article to facts/ never changes what they see (tests/fixtures/seeds-frozen/README.md).
FROZEN = FIXTURES / "seeds-frozen"
# Components a user may leave out on purpose (scripts/test then installs nothing for them); their
# tests skip, and the summary says so. A component that is missing without being left out fails.
COMPONENTS = {"chromium": "the browser tests", "virtuoso": "the Virtuoso tests"}
LEFT_OUT = {name.strip() for name in os.environ.get("KG_LEAVE_OUT", "").split(",") if name.strip()}


def require(component: str, missing: str | None) -> None:
    """Skip when the user left `component` out (KG_LEAVE_OUT); fail when it is `missing` otherwise."""
    if component in LEFT_OUT:
        pytest.skip(f"{component} left out on purpose (KG_LEAVE_OUT)")
    if missing:
        pytest.fail(f"{missing}; scripts/test installs it, or leave it out with KG_LEAVE_OUT={component}")


def pytest_configure(config: pytest.Config) -> None:
    unknown = LEFT_OUT - set(COMPONENTS)
    if unknown:
        raise pytest.UsageError(f"KG_LEAVE_OUT names {', '.join(sorted(unknown))}; "
                                f"only {', '.join(COMPONENTS)} can be left out")


# A test that uses one of these fixtures reads the live facts (facts/, or KG_FACTS and KG_SEEDS): it is a content
# test, and must stay true when an article is added. tests/test_facts_growth.py runs every content test
# (`-m content`) against facts/ plus a made-up sixth article. The frozen_* fixtures are not among them.
LIVE_FIXTURES = frozenset({"seeds", "seed_outcome", "seed_graph", "seed_build", "seed_store", "quads", "endpoint"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if LIVE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.content)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say which components were left out, and how many tests that skipped."""
    skipped = terminalreporter.stats.get("skipped", [])
    for component in sorted(LEFT_OUT):
        count = sum(1 for report in skipped if f"{component} left out on purpose" in str(report.longrepr))
        terminalreporter.write_line(f"left out on purpose (KG_LEAVE_OUT): {component}, "
                                    f"so {count} of {COMPONENTS[component]} skipped", yellow=True)


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are expected at {SEEDS} (set KG_SEEDS to move them)")
    return SEEDS


def _valid_run(facts: Path, texts: Path) -> Outcome:
    outcome = run(facts, texts)
    assert outcome.valid, "\n".join(p.render() for p in outcome.problems)
    return outcome


def _written(outcome: Outcome, out: Path) -> Path:
    """`outcome` written out into `out` as `kg build` writes it."""
    from kg.files import write_atomically
    from kg.pipeline import build_files

    assert outcome.model is not None
    write_atomically(out, build_files(outcome.quads, outcome.model))
    return out


@pytest.fixture(scope="session")
def seed_outcome(seeds: Path) -> Outcome:
    return _valid_run(FACTS, seeds)


@pytest.fixture(scope="session")
def seed_graph(seed_outcome: Outcome) -> Graph:
    return union_graph(seed_outcome.dataset)


@pytest.fixture(scope="session")
def seed_build(seed_outcome: Outcome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed facts written out as `kg build` writes them."""
    return _written(seed_outcome, tmp_path_factory.mktemp("seed") / "build")


@pytest.fixture(scope="session")
def seed_store(seed_build: Path) -> GraphStore:
    """The seed graph on pyoxigraph, loaded from the build as `kg query` loads it."""
    return GraphStore.from_build(seed_build)


# The frozen copy of the seeds (tests/fixtures/seeds-frozen/): for the tests that pin exact counts and lists.

@pytest.fixture(scope="session")
def frozen_outcome() -> Outcome:
    return _valid_run(FROZEN / "facts", FROZEN / "texts")


@pytest.fixture(scope="session")
def frozen_graph(frozen_outcome: Outcome) -> Graph:
    return union_graph(frozen_outcome.dataset)


@pytest.fixture(scope="session")
def frozen_build(frozen_outcome: Outcome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen seed facts written out as `kg build` writes them."""
    return _written(frozen_outcome, tmp_path_factory.mktemp("frozen") / "build")


@pytest.fixture(scope="session")
def frozen_store(frozen_build: Path) -> GraphStore:
    return GraphStore.from_build(frozen_build)


@pytest.fixture
def kitchen_sink(tmp_path: Path) -> Path:
    """A private copy of the kitchen-sink facts that a test may change."""
    target = tmp_path / "facts"
    shutil.copytree(KITCHEN_SINK, target)
    return target


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless chromium per test module (Debian's; Playwright downloads no browser)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    require("chromium", None if Path(executable).exists() else
            "the browser tests need Debian's chromium (apt-get install chromium) or KG_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


# What the language switch of the graph views remembers when a reader picks English (viz/static/i18n.js).
ENGLISH = "try { window.localStorage.setItem('kg-lang', 'en'); } catch (error) {}"


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Iterator[BrowserContext]:
    """One context for the module's pages, so that they share its cache; the pages' CSP applies. The reader has
    chosen English (the graph views open in Indonesian otherwise; tests/test_viz_language.py checks both)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(ENGLISH)
    yield context
    context.close()


@pytest.fixture
def fresh(chromium: Browser) -> Iterator[BrowserContext]:
    """A reader at a projector's 1280x720 who has chosen no language yet (the choice is kept in the
    context's storage, so each test gets a context of its own)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


@pytest.fixture(scope="module")
def without_csp(chromium: Browser) -> Iterator[BrowserContext]:
    """A context that ignores the pages' Content-Security-Policy: what the page script itself must make safe."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    context.add_init_script(ENGLISH)
    yield context
    context.close()


def select(graph: Graph, query: str, **bindings: Any) -> list[dict[str, str]]:
    """Run a SELECT and return rows as {variable: text}."""
    result = graph.query(query, initBindings=bindings or None)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]


# The endpoint tests (test_serve*.py, test_store_sparqlguard.py) share these.

@pytest.fixture(scope="module")
def quads(seed_build: Path) -> list[ox.Quad]:
    """The built N-Quads read by pyoxigraph's parser: the expected answers come from here, not from SPARQL."""
    return list(ox.parse(path=str(seed_build / "kg.nq"), format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def endpoint(seed_build: Path) -> Iterator[Endpoint]:
    with serve_build(seed_build, port=0, timeout=20) as running:
        yield running


class CanaryServer(ThreadingHTTPServer):
    hits: list[str]


class CanaryHandler(BaseHTTPRequestHandler):
    """Answers anything with a plausible SPARQL result, and records that it was asked."""

    server: CanaryServer

    def do_GET(self) -> None:
        self.server.hits.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"CANARY"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that counts every request; nothing the endpoint does may reach it."""
    server = CanaryServer(("127.0.0.1", 0), CanaryHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.hits
    finally:
        server.shutdown()
        server.server_close()


# Real SPARQL servers on 127.0.0.1, one of each per test session (kg/bench/servers.py describes them).

@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[Server]:
    """A writable Oxigraph server with an empty store; its default graph is the union of the named graphs."""
    with start_oxigraph() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[Server]:
    """Virtuoso Open Source with an empty database (updates: Digest, dba/dba). A missing Virtuoso is a
    failure unless it was left out on purpose (KG_LEAVE_OUT=virtuoso)."""
    require("virtuoso", VIRTUOSO_REASON)
    with start_virtuoso() as server:
        yield server
