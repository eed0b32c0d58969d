"""Running the SHACL shapes with pySHACL and locating each result in the fact files.

pySHACL works on rdflib's memory store and costs about a third of a millisecond per triple,
more where one rule's query meets many others: "every entity is mentioned" looks through all
relation claims for each entity, so the 10,000-triple national skeleton of `kg synth` (700
entities, 700 claims) takes 25 s, and a 100,000-triple graph minutes. SHACL therefore runs in
one of two modes, and `kg build` and `kg validate` say which one ran:

* **full**: the whole graph at once, when it has at most `FULL_LIMIT` quads (the seed facts,
  a region's worth of articles). This is the reference behaviour, and the one the tests of
  every rule run.
* **sampled**: above that, a fixed-seed sample of `SAMPLE_SIZE` records per section, checked in
  batches of `BATCH`, each costing the same at any size (some 6 ms a record). A batch's graph
  holds its records in full; the records they refer to and, for each section and provenance
  (source articles, registry, background, ...), the first record that refers to them, each by
  its own statements only (type, dates, links: so sh:class, the date and domain rules and
  "every entity is mentioned" see what is at the other end of a link); and the ontology.
  pySHACL checks only the batch's records (focus nodes): a neighbour seen by halves could
  break a rule it keeps in the whole graph.
* **batched**: every record, in those batches: what `--shacl full` does above the limit, in
  time linear in the records (eight minutes for a million triples), for a nightly check.

Sampling is safe to lean on because SHACL is not the main check: every record still passes
its pydantic model and the referential and text checks of kg.facts.checks, in full, at any size.
SHACL adds the cross-field rules (ranges, date bases, interval order, relation domains),
which the sample tests as a smoke test. The thresholds move with `KG_SHACL_FULL_LIMIT` and
`KG_SHACL_SAMPLE` or the arguments of `check_shapes`. Batches lose nothing: with every
record in them, they find exactly what the whole graph gives on every invalid fixture of the
tests.

Two things keep pySHACL fast enough: DataGraph parses each SPARQL constraint once instead of
once per focus node, and validation runs in place (the shapes add nothing to the data).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from typing import Any

from pyshacl import validate
from rdflib import SH, Dataset, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError, Problem
from kg.facts.checks import references
from kg.facts.loader import Record
from kg.facts.model import Model
from kg.namespaces import GRAPH, KGSH, entity_iri, iri_id
from kg.progress import NO_PROGRESS, Steps
from kg.rdf.build import entity, graph_of, ontology_quads, record_quads
from kg.rdf.quads import Quads, parse_ntriples

FULL_LIMIT = 10_000  # quads; above this SHACL runs on a sample (the whole-graph cost grows faster than linearly)
SAMPLE_SIZE = 20  # records per section in sampled mode
BATCH = 50  # sampled records validated together: small graphs keep pySHACL's per-node queries cheap
SEED = "kg-shacl"  # the sample is the same on every run over the same facts
SOURCE_GRAPHS = str(GRAPH["source/"])


@dataclass
class ShaclRun:
    """Which mode ran, on how many records, and what it found."""

    mode: str  # "full" (the whole graph at once), "batched" (every record) or "sampled"
    problems: list[Problem]
    checked: int
    total: int
    sample_size: int = 0

    def describe(self) -> str:
        if self.mode == "full":
            return f"SHACL: full, every record checked ({self.total:,})"
        if self.mode == "batched":
            return f"SHACL: full, every record checked ({self.total:,}) in batches of {BATCH} with their neighbours"
        return (f"SHACL: sampled, {self.checked:,} of {self.total:,} records ({self.sample_size} per section, "
                f"fixed seed) with their neighbours; pydantic, reference and text checks ran on every record")


def limits(full_limit: int | None = None, sample_size: int | None = None) -> tuple[int, int]:
    """The thresholds in force: arguments first, then KG_SHACL_FULL_LIMIT / KG_SHACL_SAMPLE, then the defaults."""
    def pick(given: int | None, variable: str, default: int) -> int:
        if given is not None:
            return given
        text = os.environ.get(variable, "")
        return int(text) if text.strip().isdigit() else default
    return pick(full_limit, "KG_SHACL_FULL_LIMIT", FULL_LIMIT), pick(sample_size, "KG_SHACL_SAMPLE", SAMPLE_SIZE)


def check_shapes(records: list[Record], quads: Quads, model: Model, *, full_limit: int | None = None,
                 sample_size: int | None = None, steps: Steps = NO_PROGRESS) -> ShaclRun:
    """Run the shapes on the whole of a small graph, on a sample of a large one's records (on all of
    them, in batches, when `sample_size` is at least the number of records in a section)."""
    full_limit, sample_size = limits(full_limit, sample_size)
    by_id = {r.id: r for r in records}
    if len(quads) <= full_limit:
        with steps.step(f"SHACL on all {len(quads):,} quads"):
            problems = shacl_problems(parse_ntriples(quads.triples(), DataGraph()), model, by_id)
        return ShaclRun("full", problems, len(records), len(records))
    sample = sample_records(records, sample_size)
    referrers = _referrers(sample, records, model)
    problems = []
    batches = [sample[i:i + BATCH] for i in range(0, len(sample), BATCH)]
    for batch in steps.track(batches, f"SHACL on {len(sample):,} records, {BATCH} at a time"):
        graph = neighbourhood_graph(batch, referrers, model, by_id)
        checked = {r.id for r in batch}
        focus: list[str | URIRef] = [entity_iri(r.id) for r in batch]
        problems += [p for p in shacl_problems(graph, model, by_id, focus) if p.record in checked]
    mode = "batched" if len(sample) == len(records) else "sampled"
    return ShaclRun(mode, problems, len(sample), len(records), sample_size)


def sample_records(records: list[Record], per_section: int) -> list[Record]:
    """A fixed-seed sample of each section's records, chosen by ID so that file layout does not matter."""
    sections: dict[str, list[Record]] = {}
    for record in records:
        sections.setdefault(record.section, []).append(record)
    sample = []
    for section, members in sorted(sections.items()):
        members.sort(key=lambda r: r.id)
        chosen = random.Random(f"{SEED}:{section}").sample(range(len(members)), min(per_section, len(members)))
        sample += [members[i] for i in sorted(chosen)]
    return sample


def _referrers(sample: list[Record], records: list[Record], model: Model) -> dict[str, list[Record]]:
    """For each sampled record, one record of each section and provenance that refers to it: one
    pass over every reference, keeping the first in file order."""
    targets = {r.id for r in sample}
    seen: set[tuple[str, str, str]] = set()
    found: dict[str, list[Record]] = {}
    for record in records:
        graph = str(graph_of(record))
        provenance = "source" if graph.startswith(SOURCE_GRAPHS) else graph
        for _, ref, _, _ in references(record, model):
            if ref in targets and (ref, record.section, provenance) not in seen:
                seen.add((ref, record.section, provenance))
                found.setdefault(ref, []).append(record)
    return found


def neighbourhood_graph(batch: list[Record], referrers: dict[str, list[Record]], model: Model,
                        by_id: dict[str, Record]) -> Graph:
    """The batch's records in full; the records they refer to and some that refer to them, by
    their own statements only (type, dates, links: no evidence); and the ontology."""
    statements = set(ontology_quads(model))
    neighbours: dict[str, Record] = {}
    for record in batch:
        statements.update(record_quads(record, model, by_id))
        for _, ref, _, _ in references(record, model):
            if ref in by_id:
                neighbours.setdefault(ref, by_id[ref])
        for referrer in referrers.get(record.id, []):
            neighbours.setdefault(referrer.id, referrer)
    for record in neighbours.values():
        subject = f"{entity(record.id)} "
        statements.update(s for s in record_quads(record, model, by_id) if s.startswith(subject))
    return parse_ntriples(Quads.of(statements).triples(), DataGraph())


def union_graph(dataset: Dataset) -> Graph:
    """The union of a Dataset's graphs, with its prefixes."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


class DataGraph(Graph):
    """An rdflib graph that parses each SPARQL text once.

    pySHACL runs a SPARQL constraint once per focus node, and rdflib parses the query text
    anew each time (some 40 ms); reusing the parsed query makes validation 5-8x faster.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[str, Query] = {}

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            if query_object not in self._prepared:
                self._prepared[query_object] = prepareQuery(query_object, initNs=dict(self.namespaces()))
            query_object = self._prepared[query_object]
        return super().query(query_object, *args, **kwargs)


def shacl_problems(data: Graph, model: Model, records: dict[str, Record],
                   focus: list[str | URIRef] | None = None) -> list[Problem]:
    """Every SHACL violation in `data` (which holds the ontology, which sh:class and the concept
    checks read), as a Problem at the file:line of the record and field; only those of the
    `focus` nodes when given (pySHACL then skips the other targets)."""
    conforms, results, _ = validate(
        data, shacl_graph=model.shapes, focus_nodes=focus,
        # In place: the shapes have no SHACL rules, so nothing is added to the data graph,
        # and pySHACL need not copy it (a copy would also lose DataGraph's parsed queries).
        inference="none", abort_on_first=False, allow_warnings=True, inplace=True,
    )
    if not isinstance(results, Graph):  # pySHACL returns, not raises, a failure of the shapes themselves
        raise KgError(f"the SHACL shapes could not be run: {results}")
    if conforms:
        return []
    problems = []
    # Only top-level results: sh:detail results restate their parent's problem.
    for result in results.objects(None, SH.result):
        problems.append(_locate(results, result, model, records))
    return problems


def _rule_name(model: Model, source_shape: Node) -> str:
    shape: Node | None = source_shape
    if not isinstance(shape, URIRef):
        shape = model.shapes.value(None, SH.property, source_shape) or source_shape
    text = str(shape)
    return text[len(str(KGSH)):] if text.startswith(str(KGSH)) else text


def _locate(results: Graph, result: Node, model: Model, records: dict[str, Record]) -> Problem:
    detail = results.value(result, SH.detail)
    if detail is not None:  # a nested shape failed: its detail says what and where
        result = detail
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    message = str(results.value(result, SH.resultMessage) or "violates a shape")
    rule = _rule_name(model, results.value(result, SH.sourceShape))  # type: ignore[arg-type]
    record_id, _, nested = (iri_id(focus) or "").partition("/evidence/") if isinstance(focus, URIRef) else ("", "", "")
    record = records.get(record_id)
    shown = _short(value)
    if record is None:
        return Problem("(built graph)", 0, str(path or ""), rule, f"{focus}: {message}", shown)
    if nested:
        key = _key_for(model.evidence.fields, path)
        return record.problem(record.line_for("evidence", int(nested), key), f"evidence.{nested}.{key}",
                              rule, message, shown)
    key = _key_for(model.sections[record.section].fields, path)
    return record.problem(record.line_for(key) if key else record.line, key, rule, message, shown)


def _key_for(fields: Any, path: Node | None) -> str:
    return next((f.key for f in fields if f.path == path), "")


def _short(value: Node | None) -> str:
    if value is None:
        return ""
    text = str(value)
    return iri_id(value) or text if isinstance(value, URIRef) else text
