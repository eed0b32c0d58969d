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
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
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


@dataclass
class Score:
    drafted: int = 0
    curated: int = 0
    matched_drafted: int = 0
    matched_curated: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.drafted += other.drafted
        self.curated += other.curated
        self.matched_drafted += other.matched_drafted
        self.matched_curated += other.matched_curated

    @property
    def precision(self) -> float:
        return self.matched_drafted / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_curated / self.curated if self.curated else 1.0


def _spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    spans = [(int(e["start"]), int(e["end"])) for e in record.get("evidence", []) if "start" in e]
    if "start" in record:
        spans.append((int(record["start"]), int(record["end"])))
    return spans


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    left, right = _spans(a), _spans(b)
    if not left or not right:
        return True  # entities carry no evidence: their key values decide
    return any(s1 < e2 and s2 < e1 for s1, e1 in left for s2, e2 in right)


def _same(section: str, drafted: dict[str, Any], curated: dict[str, Any], ids: dict[str, str]) -> bool:
    if section == "mentions":  # a mention says how the source writes an entity; which occurrence is by the way
        return ids.get(str(drafted.get("entity")), drafted.get("entity")) == curated.get("entity") \
            and drafted.get("quote") == curated.get("quote")
    if section in ("organisations", "regions", "programmes", "people"):  # any name in common
        def names(r: dict[str, Any]) -> set[str]:
            return {str(n).lower() for n in [r.get("name"), *r.get("aliases", [])] if n}
        return bool(names(drafted) & names(curated))
    for key in KEYS.get(section, ()):
        if key not in curated:
            continue
        value = drafted.get(key)
        value = ids.get(str(value), value)
        if section == "figures" and key == "value":
            if value is None or Decimal(str(value)) != Decimal(str(curated[key])):
                return False
        elif str(value if value is not None else "").lower() != str(curated[key]).lower():
            return False
    return _overlap(drafted, curated)


def compare(drafted: dict[str, list[dict[str, Any]]], curated: dict[str, list[dict[str, Any]]]) -> dict[str, Score]:
    """Match drafted records to curated ones, one to one, section by section (entities first, so that
    a new person or post the draft named differently is compared under the curated ID)."""
    ids: dict[str, str] = {}
    scores: dict[str, Score] = {}
    order = [s for s in (*ENTITY_SECTIONS, "sources") if s in drafted or s in curated]
    order += sorted((set(drafted) | set(curated)) - set(order))
    for section in order:
        mine, theirs = drafted.get(section, []), curated.get(section, [])
        score = scores[section] = Score(len(mine), len(theirs))
        taken: set[int] = set()
        for record in mine:
            match = next((i for i, other in enumerate(theirs) if i not in taken
                          and _same(section, record, other, ids)), None)
            if match is None:
                continue
            taken.add(match)
            score.matched_drafted += 1
            if "id" in record and "id" in theirs[match]:
                ids[str(record["id"])] = str(theirs[match]["id"])
        score.matched_curated = len(taken)
        score.misses = [str(r.get("id") or r.get("quote")) for i, r in enumerate(theirs) if i not in taken]
    return scores


def exact_quotes(drafted: dict[str, list[dict[str, Any]]], text: str) -> tuple[int, int]:
    """(exact, all) evidence and mention quotes of a draft."""
    spans = [r for records in drafted.values() for record in records
             for r in [*record.get("evidence", []), *([record] if "quote" in record else [])]]
    return sum(s["quote"] == text[int(s["start"]):int(s["end"])] for s in spans), len(spans)


def _records(path: Path) -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: [_plain(r) for r in v] for k, v in data.items() if isinstance(v, list)}


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if k in ("date", "observed", "as_of_month", "as_of_date") else v) for k, v in record.items()}


def evaluate_one(facts: Path, sources: Path, source_id: str, work: Path) -> tuple[dict[str, Score], tuple[int, int]]:
    from kg.draft.engine import draft_article, write_draft

    originals = {p.relative_to(facts): _records(p) for p in facts.rglob("*.yaml")}
    loo = leave_one_out(facts, source_id, work / source_id)
    kept = {p.relative_to(loo): _records(p) for p in loo.rglob("*.yaml")}
    curated = dict(originals[Path("articles") / f"{source_id}.yaml"])
    for path, data in originals.items():  # the source record and the entities only this article introduced
        for section in (*ENTITY_SECTIONS, "sources"):
            left = {str(r.get("id")) for r in kept.get(path, {}).get(section, [])}
            gone = [r for r in data.get(section, []) if str(r.get("id")) not in left
                    and (section != "sources" or r.get("id") == source_id)]
            curated.setdefault(section, []).extend(gone)
    file = next(r["file"] for r in curated["sources"] if r.get("id") == source_id)
    article = sources / file
    draft = draft_article(article, loo, source_id)
    out = work / f"{source_id}.draft.yaml"
    write_draft(draft, out)
    drafted = _records(out)
    return compare(drafted, curated), exact_quotes(drafted, article.read_text(encoding="utf-8"))


def evaluate(facts: Path, sources: Path) -> tuple[dict[str, Score], dict[str, dict[str, Score]], tuple[int, int]]:
    totals: dict[str, Score] = {}
    per_article: dict[str, dict[str, Score]] = {}
    exact = [0, 0]
    with tempfile.TemporaryDirectory(prefix="kg-draft-eval-") as tmp:
        for path in sorted((facts / "articles").glob("*.yaml")):
            scores, (good, seen) = evaluate_one(facts, sources, path.stem, Path(tmp))
            per_article[path.stem] = scores
            exact[0] += good
            exact[1] += seen
            for section, score in scores.items():
                totals.setdefault(section, Score()).add(score)
    return totals, per_article, (exact[0], exact[1])


def report(totals: dict[str, Score], per_article: dict[str, dict[str, Score]], exact: tuple[int, int],
           command: str) -> str:
    overall = Score()
    for score in totals.values():
        overall.add(score)
    lines = [f"Made by `{command}` (leave-one-out over {len(per_article)} articles: "
             f"{', '.join(per_article)}).", "",
             "| record kind | drafted | curated | matched (drafted) | matched (curated) | precision | recall |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for section, s in sorted(totals.items()):
        lines.append(f"| {section} | {s.drafted} | {s.curated} | {s.matched_drafted} | {s.matched_curated} | "
                     f"{s.precision:.2f} | {s.recall:.2f} |")
    o = overall
    lines.append(f"| **all** | {o.drafted} | {o.curated} | {o.matched_drafted} | {o.matched_curated} | "
                 f"**{o.precision:.2f}** | **{o.recall:.2f}** |")
    lines += ["", "| article | precision | recall |", "|---|---:|---:|"]
    for name, scores in per_article.items():
        article = Score()
        for score in scores.values():
            article.add(score)
        lines.append(f"| {name} | {article.precision:.2f} | {article.recall:.2f} |")
    lines += ["", f"Drafted quotes exact (`quote == text[start:end]`): {exact[0]} of {exact[1]}"
              + (" (all)." if exact[0] == exact[1] else ".")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kg.draft_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--sources", type=Path, default=Path("../shared/seeds"))
    parser.add_argument("--write", type=Path, default=Path("docs/drafting.md"),
                        help="Markdown file whose RESULTS section is replaced (- for standard output only).")
    args = parser.parse_args(argv)
    totals, per_article, exact = evaluate(args.facts, args.sources)
    command = "python -m kg.draft_eval " + " ".join(sys.argv[1:] if argv is None else argv)
    text = report(totals, per_article, exact, command.strip())
    print(text)
    if str(args.write) != "-":
        doc = args.write.read_text(encoding="utf-8")
        head, _, rest = doc.partition("<!-- RESULTS -->")
        _, _, tail = rest.partition("<!-- /RESULTS -->")
        args.write.write_text(f"{head}<!-- RESULTS -->\n{text}\n<!-- /RESULTS -->{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
