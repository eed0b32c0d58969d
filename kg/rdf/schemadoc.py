"""The fact-file reference, generated from the shapes and vocabularies (docs/schema.md)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.facts.model import FieldSpec, Model, SectionSpec

HEADER = "<!-- generated from ontology/*.ttl by `kg schema --markdown`: do not edit -->"


def choices(model: Model, section: SectionSpec, spec: FieldSpec) -> list[str]:
    if spec.scheme:
        return list(model.schemes.get(spec.scheme, {}))
    if spec.kind == "type":
        return list(section.type_choices)
    if spec.kind == "property":
        return list(model.relation_properties)
    return []


def _describe(model: Model, spec: FieldSpec) -> str:
    if spec.kind in ("literal", "lang"):
        what = model.label(spec.datatype) if spec.datatype else "text"
        return f"{what} @{spec.lang}" if spec.lang else what
    if spec.kind == "ref":
        return f"ID ({model.label(spec.ref_class)})" if spec.ref_class else "ID (any record)"
    return {"nested": "list of evidence spans", "type": "record type", "property": "relation property",
            "concept": "controlled value"}[spec.kind]


def schema_lines(model: Model, markdown: bool = False) -> Iterator[str]:
    if markdown:
        yield HEADER
        yield "# Fact-file reference"
        yield ""
    for section in model.sections.values():
        title = model.label(section.target_class)
        if markdown:
            yield f"## `{section.name}` ({title})"
            yield ""
            yield "| key | type | required | values |"
            yield "|---|---|---|---|"
        else:
            yield f"{section.name}:  ({title})"
        for spec in section.fields:
            need = "required" if spec.min_count and spec.default is None else "optional"
            many = ", list" if spec.many else ""
            values = choices(model, section, spec)
            if markdown:
                yield f"| `{spec.key}` | {_describe(model, spec)}{many} | {need} | {', '.join(values)} |"
            else:
                extra = f"  one of: {', '.join(values)}" if values else ""
                yield f"  {spec.key}: {spec.kind}{many}, {need}{extra}"
        if markdown:
            yield ""
