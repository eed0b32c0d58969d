"""Checks that need more than one record, or the source texts: run before SHACL.

Referential integrity is checked through an index of IDs, so it stays linear in the number
of records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.errors import Problem
from kg.facts.dates import DateValue
from kg.facts.indonesian import contracts, name_words, parse_date, parse_number, spelled_out
from kg.facts.loader import FactSet, Record
from kg.facts.model import FieldSpec, Model
from kg.facts.yamlio import where_not_utf8
from kg.namespaces import ORG


def record_class(record: Record, model: Model) -> URIRef:
    section = model.sections[record.section]
    chosen = record.values.get("type")
    return section.type_choices.get(chosen, section.target_class) if chosen else section.target_class


@lru_cache(maxsize=64)
def _linking_fields(model: Model, section: str) -> tuple[FieldSpec, ...]:
    # The fields that hold references, found once per section: this runs for every record.
    return tuple(spec for spec in model.sections[section].fields if spec.kind in ("ref", "nested"))


def references(record: Record, model: Model) -> Iterator[tuple[FieldSpec, str, int | None, str | None]]:
    """Every (field, referenced ID, list index, nested key) of a record."""
    for spec in _linking_fields(model, record.section):
        value = record.values.get(spec.key)
        if value is None:
            continue
        if spec.kind == "ref":
            for i, ref in enumerate(value if spec.many else [value]):
                yield spec, ref, i if spec.many else None, None
        else:
            source_spec = model.evidence.field("source")
            assert source_spec is not None
            for i, item in enumerate(value):
                yield source_spec, item["source"], i, "source"


def check_identity(facts: FactSet, model: Model) -> list[Problem]:
    """unique-id, reference-exists and reference-class."""
    problems = []
    seen: dict[str, Record] = {}
    for record in facts.records:
        first = seen.setdefault(record.id, record)
        if first is not record:
            problems.append(record.problem(record.line_for("id"), "id", "unique-id",
                                           f"is already used by the {first.section} record at "
                                           f"{first.file}:{first.line}", record.id))
    classes = {rid: model.sections[section].target_class for rid, section in facts.broken_ids.items()}
    classes.update({rid: record_class(r, model) for rid, r in seen.items()})
    for record in facts.records:
        for spec, ref, index, subkey in references(record, model):
            if ref in classes and (spec.ref_class is None or model.is_a(classes[ref], spec.ref_class)):
                continue
            key = spec.key if subkey is None else f"evidence.{index}.{subkey}"
            line = record.line_for("evidence" if subkey else spec.key, index, subkey)
            if ref not in classes:
                near = get_close_matches(ref, list(classes), n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                problems.append(record.problem(line, key, "reference-exists", f"no such record{hint}", ref))
            else:
                assert spec.ref_class is not None
                problems.append(record.problem(line, key, "reference-class",
                                               f"is a {model.label(classes[ref])}, but {spec.key} needs a "
                                               f"{model.label(spec.ref_class)}", ref))
    return problems


def check_against_sources(facts: FactSet, model: Model, sources_dir: Path) -> list[Problem]:
    """source-file and span-in-source: each quote occurs in its source at its offsets."""
    problems = []
    texts: dict[str, str] = {}
    for record in facts.records:
        if record.section != "sources":
            continue
        path = sources_dir / record.values["file"]
        try:
            data = path.read_bytes()
            texts[record.id] = source_text(data)
        except OSError as exc:
            problems.append(record.problem(record.line_for("file"), "file", "source-file",
                                           f"cannot read {path}: {exc.strerror or exc}", record.values["file"]))
        except UnicodeDecodeError as exc:
            problems.append(record.problem(record.line_for("file"), "file", "source-file",
                                           f"{path} is not UTF-8: {where_not_utf8(data, exc)[1]}; save it as UTF-8",
                                           record.values["file"]))
    for record, key, at, span in located_spans(facts):
        text = texts.get(span["source"])
        if text is None:
            continue
        start, end, quote = span["start"], span["end"], span["quote"]
        if text[start:end] == quote:
            continue
        found = text.find(quote)
        where = f"; it occurs at {found}-{found + len(quote)}" if found >= 0 else "; it does not occur in the source"
        problems.append(record.problem(record.line_for(*at), key, "span-in-source",
                                       f"the source has {text[start:end]!r} at {start}-{end}{where}", quote))
    return problems


def source_text(data: bytes) -> str:
    """A source text as evidence offsets count it: decoded from UTF-8 (UnicodeDecodeError if it is not),
    line ends made LF as `open` makes them, and without a leading BOM, which is not part of the text."""
    return data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def spans(facts: FactSet) -> Iterator[tuple[Record, str, int, dict[str, Any]]]:
    """Every evidence span and mention as (record, field, line, {source, quote, start, end})."""
    for record, key, where, span in located_spans(facts):
        yield record, key, record.line_for(*where), span


def located_spans(facts: FactSet) -> Iterator[tuple[Record, str, tuple[Any, ...], dict[str, Any]]]:
    """spans() with, instead of the line, what Record.line_for takes to find it: a check asks for the
    line only when it reports a problem (a loaded record reads its file again for it, kg.facts.loader)."""
    for record in facts.records:
        if record.section == "mentions":
            yield record, "quote", ("quote",), record.values
        for i, item in enumerate(record.values.get("evidence", [])):
            yield record, f"evidence.{i}.quote", ("evidence", i, "quote"), item


def check_texts(facts: FactSet, model: Model) -> list[Problem]:
    """span-length, as-written-in-evidence, value-matches-text and date-matches-text."""
    problems = [
        record.problem(record.line_for(*where), key.replace("quote", "end"), "span-length",
                f"end - start = {span['end'] - span['start']} but the quote has {len(span['quote'])} characters",
                str(span["end"]))
        for record, key, where, span in located_spans(facts)
        if span["end"] - span["start"] != len(span["quote"])
    ]
    for record in facts.records:
        quotes = [item["quote"] for item in record.values.get("evidence", [])]
        for spec in model.sections[record.section].fields:
            written = record.values.get(spec.key)
            if spec.as_written and written is not None and not any(written in q for q in quotes):
                problems.append(record.problem(record.line_for(spec.key), spec.key, "as-written-in-evidence",
                                        "does not occur in any of the record's evidence quotes", written))
        problems += _value_matches(record) + _date_matches(record)
    return problems


def check_mentions(facts: FactSet, model: Model) -> list[Problem]:
    """mention-is-name: a mention's quote is its entity's name as written, not a longer phrase around it.

    The names are the values of the fields the shapes map to skos:prefLabel and skos:altLabel, with the
    Indonesian label of the entity's type ("provinsi") and of the organisations it is part of; a word of
    three letters or more that starts a name's word is its abbreviation ("Moch"), and one made of the starts
    of consecutive words of a name its contraction ("Pemprov"). An entity with no name
    (a regulation, say) is not checked."""
    label_keys = {name: [f.key for f in spec.fields if f.path in (SKOS.prefLabel, SKOS.altLabel)]
                  for name, spec in model.sections.items()}
    names: dict[str, list[list[str]]] = {}
    for record in facts.records:
        for key in label_keys.get(record.section, ()):
            value = record.values.get(key)
            for name in value if isinstance(value, list) else [value] if value else []:
                names.setdefault(record.id, []).append(name_words(str(name)))
        kind = model.sections[record.section].type_choices.get(str(record.values.get("type", "")))
        if kind is not None and record.id in names:  # "Provinsi Jambi": the Indonesian label of its type
            names[record.id].append(name_words(model.label(kind, "id")))
    words = {entity: {word for name in known for word in name} for entity, known in names.items()}
    # An office is written with its parent's short name ("BPJamsostek Cabang Kewadin"): the names of the
    # organisations it is a sub-organisation of, at any depth, count as its own.
    sub = next((key for key, uri in model.relation_properties.items() if uri == ORG.subOrganizationOf), None)
    parents: dict[str, set[str]] = {}
    for record in facts.records:
        if record.section == "relations" and record.values.get("property") == sub:
            parents.setdefault(str(record.values["subject"]), set()).add(str(record.values["object"]))

    def known_words(entity: str) -> set[str]:
        seen, todo, out = {entity}, [entity], set(words.get(entity, ()))
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
                    out |= words.get(parent, set())
        return out

    problems = []
    for record in facts.records:
        entity = str(record.values.get("entity", "")) if record.section == "mentions" else ""
        known = known_words(entity) if entity in words else None
        if not known:
            continue
        quote = str(record.values.get("quote", ""))
        acronyms = spelled_out(quote)
        extra = [w for w in name_words(quote) if w not in known and acronyms.get(w) not in known
                 and not (len(w) >= 3 and any(k.startswith(w) for k in known))  # "Moch" for "Mochammad"
                 and not contracts(w, names[entity])]  # "Pemprov" for "Pemerintah Provinsi"
        if extra:
            problems.append(record.problem(
                record.line_for("quote"), "quote", "mention-is-name",
                f"has words in none of the names and aliases of {record.values['entity']} "
                f"({', '.join(dict.fromkeys(extra))}): a mention's quote is the name as written, alone (kg anchor "
                "places a name that occurs several times); a longer form of the name belongs in its aliases", quote))
    return problems


def _value_matches(record: Record) -> list[Problem]:
    written, value = record.values.get("value_as_written"), record.values.get("value")
    if written is None or value is None:
        return []
    parsed = parse_number(written)
    if parsed is not None and parsed == value:
        return []
    return [record.problem(record.line_for("value"), "value", "value-matches-text",
                    f"differs from value_as_written {written!r}, which reads as {parsed}", str(value))]


def _date_matches(record: Record) -> list[Problem]:
    written, day = record.values.get("date_as_written"), record.values.get("date")
    # Only a day can be checked part by part (a month or an interval against "Selasa (9/7)" cannot).
    value = day.day() if isinstance(day, DateValue) else day
    if written is None or not isinstance(value, date):
        return []
    parsed = parse_date(written)
    wrong = parsed is None or any(
        part is not None and part != actual
        for part, actual in ((parsed.year, value.year), (parsed.month, value.month),
                             (parsed.day, value.day), (parsed.weekday, value.weekday())))
    if not wrong:
        return []
    return [record.problem(record.line_for("date"), "date", "date-matches-text",
                    f"disagrees with date_as_written {written!r} (weekday included)", str(day))]
