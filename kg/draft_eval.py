"""`python -m kg.draft_eval`: the measure of `kg draft`, leave-one-out over the seed articles.

For each article of `facts/articles/`, a copy of the facts without it (its file, its source record,
the entities only it introduces, and the records of other files that named only what it held) is
made; `kg draft` drafts the article against that copy, and the draft is compared with the curated
file record by record: the same section, overlapping evidence and the same key values (see
KEYS). Precision and recall per section and overall, and whether every drafted quote is exact, are
written to docs/drafting.md between its RESULTS markers. A benchmark, not a test.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

ENTITY_SECTIONS = ("people", "organisations", "regions", "programmes", "posts")
# what must agree, besides the section and overlapping evidence, for a drafted record to match a curated one
KEYS: dict[str, tuple[str, ...]] = {
    "mentions": ("entity",), "holdings": ("person", "post", "tenure"), "events": ("type", "date"),
    "figures": ("value", "unit"), "statements": ("speaker", "quote_type"), "commitments": ("kind", "by"),
    "regulations": ("type", "number", "year"), "relations": ("subject", "property", "object"),
    "people": ("name",), "posts": ("role", "organisation"), "organisations": ("name",), "sources": ("title",),
}


def _ids_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return set().union(*(_ids_in(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(_ids_in(v) for k, v in value.items() if k not in ("quote", "note", "id"))) \
            if value else set()
    return set()


def leave_one_out(facts: Path, source_id: str, dest: Path) -> Path:
    """A copy of `facts` in `dest` as it was before the article `source_id` was added."""
    shutil.copytree(facts, dest)
    (dest / "articles" / f"{source_id}.yaml").unlink()
    files = {p: yaml.safe_load(p.read_text(encoding="utf-8")) or {} for p in sorted(dest.rglob("*.yaml"))}
    for data in files.values():
        if "sources" in data:
            data["sources"] = [r for r in data["sources"] if r.get("id") != source_id]
    while True:
        referenced: set[str] = set()
        existing: set[str] = set()
        for data in files.values():
            for records in data.values():
                if not isinstance(records, list):
                    continue
                for record in records:
                    if isinstance(record, dict):
                        existing.add(str(record.get("id", "")))
                        referenced |= _ids_in(record)
        removed = False
        for data in files.values():
            for section, records in list(data.items()):
                if not isinstance(records, list):
                    continue
                kept = [r for r in records if not _orphan(section, r, referenced, existing)]
                removed |= len(kept) != len(records)
                data[section] = kept
        if not removed:
            break
    for path, data in files.items():
        path.write_text(yaml.safe_dump({k: v for k, v in data.items() if v != []}, allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")
    return dest


def _orphan(section: str, record: Any, referenced: set[str], existing: set[str]) -> bool:
    if not isinstance(record, dict):
        return False
    if section in ENTITY_SECTIONS:
        return str(record.get("id")) not in referenced
    if section in ("flags", "overrides", "relations", "mentions"):
        refs = {str(record.get(k)) for k in ("entity", "subject", "object", "actor") if record.get(k)}
        refs |= {str(c) for c in record.get("claims", [])}
        return any(r not in existing for r in refs)
    return False
