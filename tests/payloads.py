"""The payload corpus (tests/fixtures/payloads/payloads.yaml) and builds that carry it.

The payloads go into the built quads directly, after validation: printers and writers must be safe on
their own, because a graph can also come from a remote endpoint or a store built elsewhere, where kg's
validation never ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from kg.files import write_atomically
from kg.pipeline import build_files, run
from kg.rdf.quads import Quads
from tests.conftest import FIXTURES, KITCHEN_SINK

CORPUS = FIXTURES / "payloads" / "payloads.yaml"
ID = "https://w3id.org/bpjs-kg/id/"
PROTOTYPE_IDS = ("constructor", "__proto__", "toString", "hasOwnProperty")
# the kitchen-sink entities whose IDs become prototype keys: two people, the agency and a government
RENAMED = dict(zip(("budi-santoso", "siti-aminah", "agency", "pemprov-contoh"), PROTOTYPE_IDS, strict=True))
# Human text in the facts (names first: they start the register's cells), and never a code the logic reads.
TEXT_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/title", "http://www.w3.org/ns/oa#exact",
    "https://w3id.org/bpjs-kg/ontology#nameAsWritten", "https://w3id.org/bpjs-kg/ontology#titleAsWritten",
    "https://w3id.org/bpjs-kg/ontology#what", "https://w3id.org/bpjs-kg/ontology#summary",
    "https://w3id.org/bpjs-kg/ontology#reason", "https://w3id.org/bpjs-kg/ontology#facilitator",
    "https://w3id.org/bpjs-kg/ontology#venueAsWritten", "https://w3id.org/bpjs-kg/ontology#citedTitle",
    "http://data.europa.eu/eli/ontology#title", "http://purl.org/dc/terms/description",
    "http://www.w3.org/2004/02/skos/core#note",
)
_TEXT_LITERAL = re.compile(r'^<(' + re.escape(ID) + r'[^>]*)> <([^>]*)> '
                           r'("(?:[^"\\]|\\.)*")((?:@[A-Za-z-]+)?) (<[^>]*>)$')


def corpus() -> dict[str, list[str]]:
    """Every payload by group; a long entry expanded."""
    groups = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return {group: [e["repeat"] * e["times"] if isinstance(e, dict) else e for e in entries]
            for group, entries in groups.items()}


def payloads(*groups: str) -> list[str]:
    return [p for group, entries in corpus().items() if not groups or group in groups for p in entries]


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, edit: Callable[[list[str]], list[str]]) -> Path:
    outcome = run(KITCHEN_SINK, None)
    assert outcome.valid and outcome.model is not None
    out = tmp_path_factory.mktemp(name) / "build"
    write_atomically(out, build_files(Quads.of(edit(outcome.quads.statements)), outcome.model))
    return out


def with_texts(statements: list[str], texts: list[str]) -> tuple[list[str], dict[str, str]]:
    """The statements with each human text of the facts replaced by the next of `texts` (round robin, several
    joined by " | " when there are more texts than places), and which place got what (IRI and predicate)."""
    places = sorted({(m.group(1), m.group(2)) for s in statements if (m := _TEXT_LITERAL.match(s))
                     and m.group(2) in TEXT_PREDICATES}, key=lambda p: (TEXT_PREDICATES.index(p[1]), p[0]))
    given = {place: " | ".join(texts[i::len(places)]) for i, place in enumerate(places)}
    edited = []
    for statement in statements:
        m = _TEXT_LITERAL.match(statement)
        if m and (m.group(1), m.group(2)) in given:
            value = given[m.group(1), m.group(2)]
            statement = f"<{m.group(1)}> <{m.group(2)}> {ox.Literal(value)}{m.group(4)} {m.group(5)}"
        edited.append(statement)
    return edited, {f"{s} {p}": v for (s, p), v in given.items()}


def payload_build(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> Path:
    """A build of the kitchen-sink facts whose human texts are the payloads (see `with_texts`)."""
    return _build(tmp_path_factory, "payloads", lambda statements: with_texts(statements, texts)[0])


def prototype_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the kitchen-sink facts where four entities have IDs that are JavaScript prototype keys."""
    def rename(statements: list[str]) -> list[str]:
        for old, new in RENAMED.items():
            statements = [s.replace(f"<{ID}{old}>", f"<{ID}{new}>") for s in statements]
        return statements
    return _build(tmp_path_factory, "prototype-ids", rename)
