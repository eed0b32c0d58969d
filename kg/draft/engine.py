"""`kg draft`: read an article, the facts and the ontology, run the drafting rules, render the file."""

from __future__ import annotations

import re
from pathlib import Path

from kg.draft.article import read_article
from kg.draft.candidates import Draft
from kg.draft.entities import draft_new_entities, draft_programmes, draft_relations
from kg.draft.events import as_report, draft_event, draft_mentions, draft_source
from kg.draft.names import read_names
from kg.draft.people import draft_people
from kg.draft.write import render
from kg.errors import UsageError
from kg.facts.loader import load_facts
from kg.facts.model import load_model

SOURCE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def draft_article(article_path: Path, facts_dir: Path, source_id: str | None = None) -> Draft:
    """Every candidate record the rules find in the article, given what `facts_dir` already knows."""
    article = read_article(article_path)
    facts = load_facts(facts_dir, load_model())
    names = read_names(facts.records, facts.model or load_model())
    source_id = source_id or _next_source_id(names.existing_ids)
    if not SOURCE_ID.fullmatch(source_id):
        raise UsageError(f"--id {source_id!r}: an ID is lower-case letters and digits joined by single hyphens")
    if source_id in names.existing_ids:
        raise UsageError(f"--id {source_id!r}: the facts already have a record with this ID")
    draft = Draft(article, source_id, ids=set(names.existing_ids))
    draft_source(draft)
    draft_new_entities(draft, names)
    draft_programmes(draft, names)
    holders = draft_people(draft, names)
    event = draft_event(draft, names, [h.person for h in holders])
    if event:  # one event, many reports: an event the facts hold already gets this article's report of it
        event = as_report(draft, facts.records, event)
    day = next((c.values.get("date") for c in [*draft.of("events"), *draft.of("event_reports")]), None)
    for candidate in draft.of("holdings"):  # seen at the event, on its day when it has one
        if event:
            evidence = candidate.values.pop("evidence")
            if day:
                candidate.values.update({"observed": day, "observed_basis": "event-date"})
            candidate.values["at_event"] = event
            candidate.values["evidence"] = evidence
    _speech_and_figures(draft, names, holders, event)
    draft_mentions(draft, names)
    draft_relations(draft, names)
    if len(draft.candidates) <= 1:
        raise UsageError(f"{article_path}: no recognisable content: no known name, title, event, figure or "
                         "quotation was found in it")
    return draft


def _speech_and_figures(draft: Draft, names: object, holders: object, event: str | None) -> None:
    from kg.draft.figures import draft_figures, draft_regulations
    from kg.draft.speech import draft_speech

    speakers = draft_speech(draft, names, holders, event)  # type: ignore[arg-type]
    draft_figures(draft, names, speakers, event)  # type: ignore[arg-type]
    draft_regulations(draft, names, speakers)  # type: ignore[arg-type]


def _next_source_id(ids: set[str]) -> str:
    numbers = [int(i[1:]) for i in ids if re.fullmatch(r"s\d{3,}", i)]
    return f"s{max(numbers, default=-1) + 1:03d}"


def write_draft(draft: Draft, out: Path | None) -> str:
    text = render(draft)
    if out is not None:
        from kg.files import replace_text

        replace_text(out, text, "the draft")
    return text
