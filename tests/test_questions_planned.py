"""The named questions rewritten for Oxigraph's planner answer exactly as the texts they replaced.

tests/fixtures/questions-before/ keeps each rewritten question as it was before (see docs/benchmarks.md,
"Reading the scale numbers", for what the rewrites changed and why). Both texts run on a synthetic
build of 3·10^4 triples (the smallest with commitments, regulations and a flag), over the whole
country and with each parameter, and must give the same rows (a GROUP_CONCAT cell compared as a set:
its order follows the plan) under the same ORDER BY.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.bench.scale import EXAMPLES_THAT_HOLD, PICKS, answer_set
from kg.cli.main import main
from kg.namespaces import ID
from kg.questions.named import QUESTIONS_DIR, bind, load_question
from kg.store.backends import open_store
from kg.store.graphstore import GraphStore
from kg.store.sparqltext import bind_inline
from kg.synth.generate import synthesize

BEFORE = Path(__file__).parent / "fixtures" / "questions-before"
REWRITTEN = sorted(path.stem for path in BEFORE.glob("*.rq"))
# More parameters than the benchmark's, so that every filter of a rewritten question is exercised.
MORE_PICKS = {
    "disagreements": [{"source": "SELECT ?v WHERE { ?f kg:flaggedClaim/prov:wasDerivedFrom ?v } LIMIT 1"},
                      {"entity": "SELECT ?v WHERE { ?f kg:flaggedClaim/(kg:region|kg:statedBy) ?v } LIMIT 1"}],
    "regulations": [{"region": "SELECT ?v WHERE { ?r a kg:Regulation ; kg:region/kg:withinRegion ?v } LIMIT 1"},
                    {"type": "Perda", "status": "in-force"}],
    "figures": [{"measure": "coverage-rate"}],
    "post-holders": [{"person": "SELECT ?v WHERE { ?h a kg:PostHolding ; org:member ?v } LIMIT 1"}],
    "event-dates": [{"date": "SELECT (STR(?d) AS ?v) WHERE { ?e a kg:Event ; dcterms:date ?d } LIMIT 1"}],
    "source-facts": [{"source": "SELECT ?v WHERE { ?f a kg:Figure ; prov:wasDerivedFrom ?v } LIMIT 1"}],
    "commitments": [{"by": "SELECT ?v WHERE { ?c a kg:Commitment ; kg:committedBy ?v } LIMIT 1"}],
}


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    folder = tmp_path_factory.mktemp("planned")
    synthesize(folder / "facts", triples=30_000)
    result = CliRunner().invoke(main, ["build", "--facts", str(folder / "facts"), "--sources",
                                       str(folder / "facts" / "sources"), "--out", str(folder / "build")])
    assert result.exit_code == 0, result.output
    return open_store(folder / "build", "oxigraph-disk")


def _value(store: GraphStore, text: str) -> str | None:
    if not text.lstrip().upper().startswith("SELECT"):
        return text
    rows = store.select(text)
    return str(rows[0]["v"]).removeprefix(str(ID)) if rows else None


def _variants(store: GraphStore, name: str) -> list[dict[str, str]]:
    question = load_question(QUESTIONS_DIR / f"{name}.rq")
    picked = dict(EXAMPLES_THAT_HOLD.get(name, {})) | {key: _value(store, text) or ""
                                                         for key, text in PICKS.get(name, {}).items()}
    variants = [picked] + [{key: _value(store, text) or "" for key, text in more.items()}
                           for more in MORE_PICKS.get(name, [])]
    if all(param.optional for param in question.params):
        variants.append({})
    return [variant for variant in variants if all(variant.values())]


def _answer(store: GraphStore, path: Path, params: dict[str, str]) -> list[dict[str, object]]:
    question = load_question(path)
    bound = bind(question, params, store)
    if question.binding == "inline":
        return store.query(bind_inline(question.query, bound)).records()
    return store.query(question.query, bound).records()


def _order_by(path: Path) -> str:
    return " ".join(re.split(r"\bORDER BY\b", path.read_text(encoding="utf-8"))[-1].split())


@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_question_answers_as_before(synth_store: GraphStore, name: str) -> None:
    assert _order_by(QUESTIONS_DIR / f"{name}.rq") == _order_by(BEFORE / f"{name}.rq")  # so pages are as before
    rows_seen = 0
    for params in _variants(synth_store, name):
        before = _answer(synth_store, BEFORE / f"{name}.rq", params)
        now = _answer(synth_store, QUESTIONS_DIR / f"{name}.rq", params)
        assert answer_set(now) == answer_set(before), params
        rows_seen += len(now)
    assert rows_seen > 0  # a comparison of empty answers would say nothing
