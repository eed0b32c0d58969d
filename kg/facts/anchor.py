"""Filling in evidence offsets for analysts, so nobody counts characters by hand.

The YAML is edited round-trip (comments and layout kept) and replaced atomically.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from kg.errors import InvalidData, UsageError
from kg.facts.checks import source_text
from kg.facts.loader import display_path, fact_files
from kg.facts.yamlio import read_yaml
from kg.files import replacing_file


@dataclass
class AnchorReport:
    filled: list[str]
    unresolved: list[str]


def _source_texts(facts_dir: Path, sources_dir: Path) -> dict[str, str]:
    yaml = YAML(typ="safe", pure=True)
    texts = {}
    for path in fact_files(facts_dir):
        data = yaml.load(path.read_text(encoding="utf-8")) or {}
        for source in data.get("sources", []) if isinstance(data, dict) else []:
            file = sources_dir / str(source.get("file", ""))
            if file.is_file():
                with suppress(UnicodeDecodeError):  # kg validate names the file and its bad byte
                    texts[str(source["id"])] = source_text(file.read_bytes())
    return texts


def anchor(facts_dir: Path, sources_dir: Path) -> AnchorReport:
    """Add start/end to spans that lack them and whose quote occurs exactly once."""
    if not sources_dir.is_dir():
        raise UsageError(f"sources folder not found: {sources_dir}")
    # Read every file strictly first: a file that is not UTF-8 or not YAML is reported at its line,
    # as kg validate would, and nothing is rewritten until all of them read.
    unreadable = [problem for path in fact_files(facts_dir) for problem in read_yaml(path, display_path(path))[1]]
    if unreadable:
        raise InvalidData(unreadable)
    texts = _source_texts(facts_dir, sources_dir)
    report = AnchorReport([], [])
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the house style: "  - id: ..." under a section
    for path in fact_files(facts_dir):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if not isinstance(data, CommentedMap):
            continue
        changed = False
        for default_source, span in _spans(data):
            if "start" in span and "end" in span:
                continue
            source = str(span.get("source", default_source))
            quote, text = str(span.get("quote", "")), texts.get(source)
            where = f"{display_path(path)}:{span.lc.line + 1}"
            count = text.count(quote) if text and quote else 0
            if count != 1:
                report.unresolved.append(f"{where}: {quote!r} occurs {count} times in {source}; "
                                         "give start/end by hand")
                continue
            start = text.index(quote)  # type: ignore[union-attr]
            position = list(span).index("quote") + 1
            span.insert(position, "start", start)
            span.insert(position + 1, "end", start + len(quote))
            report.filled.append(f"{where}: {quote!r} at {start}-{start + len(quote)}")
            changed = True
        if changed:
            _replace(path, yaml, data)
    return report


def _spans(data: CommentedMap) -> list[tuple[str, Any]]:
    """(default source, span) for every mention and evidence item of a file."""
    file_source = str(data.get("source", ""))
    out = [(file_source, m) for m in data.get("mentions") or []]
    for name, section in data.items():
        if isinstance(section, list):
            for record in section:
                if isinstance(record, dict):
                    # A source's own evidence lies in that source.
                    source = str(record.get("id", "")) if name == "sources" else file_source
                    out += [(source, e) for e in record.get("evidence") or [] if isinstance(e, dict)]
    return [(source, span) for source, span in out if isinstance(span, CommentedMap)]


def _replace(path: Path, yaml: YAML, data: Any) -> None:
    with replacing_file(path, encoding="utf-8") as handle:
        yaml.dump(data, handle)
