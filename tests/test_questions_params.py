"""Parameters are only ever values, bound the way each question file asks; bad parameters and bad question
files are explained (split from test_questions.py, which checks what the questions answer)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError, UsageError
from kg.questions.named import BadQuestionFile, ask, load_question
from kg.questions.resolve import AmbiguousEntity, UnknownEntity
from kg.store.graphstore import GraphStore

ID = "https://w3id.org/bpjs-kg/id/"
INJECTION = 'x" } ; DROP ALL #'


@pytest.mark.parametrize(("name", "param"), [("post-holders", "post"), ("figures", "region"),
                                              ("source-facts", "source")])
def test_an_injection_attempt_is_only_a_name_that_matches_nothing(seed_store: GraphStore, name: str,
                                                                  param: str) -> None:
    before = len(seed_store)
    with pytest.raises(UnknownEntity, match="No such entity"):
        ask(seed_store, name, {param: INJECTION})
    assert len(seed_store) == before


def test_a_string_value_is_bound_not_spliced(seed_store: GraphStore) -> None:
    # Straight through the binding layer: the value reaches the engine as one literal.
    result = seed_store.query('SELECT ?label ?wanted WHERE { ?x skos:prefLabel ?label FILTER(?label = ?wanted) }',
                              {"wanted": ox.Literal(INJECTION)})
    assert result.rows == [] and len(seed_store) > 0
    result = seed_store.query('SELECT ?x ?wanted WHERE { ?x skos:prefLabel ?wanted }',
                              {"wanted": ox.Literal("Muhyidin")})
    assert [row[0] for row in result.rows] == [ox.NamedNode(ID + "muhyidin")]


@pytest.mark.parametrize(("params", "error", "message"), [
    ({"person": "muhyidn"}, UnknownEntity, "did you mean 'muhyidin'"),
    ({"date": "2024-13-01"}, UsageError, "not a date"),
    ({"colour": "red"}, UsageError, "no parameter 'colour'"),
])
def test_bad_parameters_are_explained(seed_store: GraphStore, params: dict[str, str], error: type[KgError],
                                      message: str) -> None:
    with pytest.raises(error, match=message):
        ask(seed_store, "post-holders", params)


def test_a_missing_required_parameter_and_a_bad_concept_are_explained(seed_store: GraphStore) -> None:
    with pytest.raises(UsageError, match="'date' is required"):
        ask(seed_store, "network-on-date", {})
    with pytest.raises(UsageError, match="one of: coverage-rank-change, coverage-rate"):
        ask(seed_store, "figures", {"measure": "coverage"})


def test_an_ambiguous_name_lists_the_candidates(seed_store: GraphStore) -> None:
    store = GraphStore.from_nquads(
        f'<{ID}a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Palembang" .\n'
        f'<{ID}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/bpjs-kg/ontology#City> .\n'
        f'<{ID}b> <http://www.w3.org/2004/02/skos/core#altLabel> "palembang" .\n'
        f'<{ID}b> <http://www.w3.org/2004/02/skos/core#prefLabel> "KC Palembang" .\n'
        f'<{ID}b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/bpjs-kg/ontology#Office> .\n')
    with pytest.raises(AmbiguousEntity, match=r"a \(City: Palembang\); b \(Office: KC Palembang\)"):
        ask(store, "entity-profile", {"entity": "PALEMBANG"})


@pytest.mark.parametrize(("header", "message"), [
    ("#+ description: no title\n", "title: missing"),
    ("#+ title: t\n#+ description: d\n#+ params:\n#+   x: {type: colour}\n", ":4: params.x: type must be"),
    ("#+ title: t\n#+ title: u\n#+ description: d\n", "duplicate"),
    ("#+ title: t\n#+ description: d\n#+ example: {y: 1}\n", "not parameters"),
    ("SELECT * {}\n", r"opens with '#\+ '"),
])
def test_a_bad_question_file_is_reported_with_its_line(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(header + "SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(BadQuestionFile, match=message):
        load_question(path)


@pytest.mark.parametrize("name", ["disagreements", "post-holders"])
def test_inline_binding_answers_as_the_engine_binding_does(seed_store: GraphStore, name: str) -> None:
    from kg.questions.named import bind, question

    q = question(name)
    assert q.binding == "inline"
    bound = bind(q, q.example, seed_store)
    # GROUP_CONCAT joins in the order the plan meets the rows, and the two bindings plan differently
    separators = dict((m.group(2), m.group(1)) for m in
                      re.finditer(r'GROUP_CONCAT\(DISTINCT \?\w+; separator="([^"]+)"\) AS \?(\w+)', q.query))
    assert separators

    def unordered(records: list[dict[str, str]]) -> list[dict[str, object]]:
        return [{key: sorted(value.split(separators[key])) if key in separators and value else value
                 for key, value in record.items()} for record in records]

    by_engine = unordered(seed_store.query(q.query, bound).records())
    assert by_engine and unordered(ask(seed_store, name, q.example).records()) == by_engine


def test_a_question_file_with_an_unknown_binding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.rq"
    path.write_text("#+ title: t\n#+ description: d\n#+ binding: sometimes\nASK {}\n", encoding="utf-8")
    with pytest.raises(BadQuestionFile, match=r"odd.rq:3: binding: 'engine' or 'inline', not 'sometimes'"):
        load_question(path)
