"""What `kg draft` uses to find names and read dates, measured against spaCy and dateparser.

    python -m kg.bench.drafting [--sources ../shared/seeds] [--facts facts] [--runs 5] [--out docs/drafting.md]

Side by side in one run: the time to import each tool; finding every known name in the five seed
articles repeated to about 1 MB, by kg's trie regex (kg.draft.names) and by spaCy's blank Indonesian
tokenizer with a PhraseMatcher over the same names (medians of --runs, with the ratio, and whether
the two find the same spans); and reading the dates of the seeds and the issue by
kg.facts.indonesian.parse_date and by dateparser (languages=["id"]). spaCy and dateparser are the
optional `nlp` extra (`pip install -e '.[nlp]'`); a missing one is reported, not an error. The
results replace the "tools" section of --out.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kg.bench.report import machine_lines, write_section

DATES = ["Selasa (9/7/2024)", "Kamis, 21 Maret 2024", "Jumat (1/9)", "per Agustus 2023", "hingga Maret 2024"]


def _import_seconds(statement: str, runs: int) -> float | None:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", statement], capture_output=True)
        if done.returncode != 0:
            return None
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _median(work: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(sources: Path, facts: Path, runs: int) -> str:
    from kg.draft.names import read_names
    from kg.facts.indonesian import parse_date
    from kg.facts.loader import load_facts
    from kg.facts.model import load_model

    loaded = load_facts(facts, load_model())
    names = read_names(loaded.records, loaded.model or load_model())
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.txt")))
    text = (seeds + "\n\n") * (1_000_000 // (len(seeds) + 2) + 1)
    names.pattern()

    def by_trie() -> set[tuple[int, int]]:
        names._scanned = None
        return {(s, e) for s, e, _ in names.scan(text)}

    trie_s, trie_spans = _median(by_trie, runs)
    lines = ["### Measured", "",
             f"Made by `python -m kg.bench.drafting --runs {runs}` on:", *machine_lines(), "",
             "| step | kg draft's way | the alternative | ratio |", "|---|---|---|---|"]
    python_start = _import_seconds("pass", runs) or 0.0
    kg_import = _import_seconds("import kg.draft.engine", runs)
    spacy_import = _import_seconds("import spacy; spacy.blank('id')", runs)
    dateparser_import = _import_seconds("import dateparser", runs)
    lines.append(f"| import (s, minus Python's start-up of {python_start:.2f} s) | kg.draft.engine "
                 f"{(kg_import or 0) - python_start:.2f} | spaCy + blank('id') "
                 + (f"{spacy_import - python_start:.2f}; dateparser {(dateparser_import or 0) - python_start:.2f}"
                    if spacy_import else "not installed") + " | |")
    lines.append(_draft_row(facts, seeds))
    try:
        spacy = importlib.import_module("spacy")  # optional (the `nlp` extra): not a static import
        PhraseMatcher = importlib.import_module("spacy.matcher").PhraseMatcher

        nlp = spacy.blank("id")
        nlp.max_length = len(text) + 1
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        _, surface = names.pattern()
        matcher.add("NAME", [nlp.make_doc(form) for form in surface])

        def by_spacy() -> set[tuple[int, int]]:
            doc = nlp.make_doc(text)
            spans = spacy.util.filter_spans([doc[s:e] for _, s, e in matcher(doc)])
            return {(span.start_char, span.end_char) for span in spans}

        spacy_s, spacy_spans = _median(by_spacy, runs)
        same = len(trie_spans & spacy_spans)
        lines.append(f"| known names in {len(text) / 1e6:.1f} MB (median s) | trie regex {trie_s:.2f} "
                     f"({len(trie_spans)} spans) | tokenizer + PhraseMatcher {spacy_s:.2f} ({len(spacy_spans)} "
                     f"spans, {same} the same) | {spacy_s / trie_s:.1f}x |")
    except ImportError:
        lines.append(f"| known names in {len(text) / 1e6:.1f} MB (median s) | trie regex {trie_s:.2f} | "
                     "spaCy not installed | |")
    try:
        dateparser = importlib.import_module("dateparser")

        for written in DATES:
            mine = parse_date(written)
            theirs = dateparser.parse(written, languages=["id"], settings={"PREFER_DAY_OF_MONTH": "first"})
            kg_cell = (f"{mine.year or '(no year)'}-{mine.month:02d}-{mine.day:02d}"
                       if mine and mine.month and mine.day else "not a day: left to the reference-date rule")
            lines.append(f"| \"{written}\" | {kg_cell} | dateparser: {theirs.date() if theirs else 'nothing'} | |")
    except ImportError:
        lines.append("| dates | kg.facts.indonesian.parse_date | dateparser not installed | |")
    return "\n".join(lines)


def _draft_row(facts: Path, seeds: str) -> str:
    """`kg draft` on a 5 MB text (the seeds over and over), once, from reading the file to the YAML."""
    import tempfile

    from kg.draft.engine import draft_article, write_draft

    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "long.txt"
        article.write_text((seeds + "\n\n") * (5_000_000 // (len(seeds) + 2) + 1), encoding="utf-8")
        size = article.stat().st_size
        started = time.perf_counter()
        draft = draft_article(article, facts, "s900")
        write_draft(draft, Path(tmp) / "long.yaml")
        seconds = time.perf_counter() - started
    return (f"| `kg draft` of a {size / 1e6:.1f} MB text (the seeds repeated), once (s) | "
            f"{seconds:.1f} ({len(draft.candidates)} candidate records) | | |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.bench.drafting", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=Path("../shared/seeds"))
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("docs/drafting.md"))
    args = parser.parse_args(argv)
    markdown = run(args.sources, args.facts, args.runs)
    print(markdown)
    write_section(args.out, "tools", markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
