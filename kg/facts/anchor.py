"""`kg anchor`: evidence offsets filled in for analysts, so nobody counts characters by hand.

A quote without ``start``/``end`` gets them from its source text:

- a quote that occurs once is anchored there;
- ``occurrence: N`` on the evidence item (1-based) picks the N-th occurrence, and the line is replaced by
  ``start``/``end``;
- a quote that occurs several times is anchored by context: the occurrence nearest the record's other
  evidence (its quotes that are anchored, in the same source), else nearest the evidence of the nearest
  records around it in the file. A tie, or no context at all, is left for the analyst, with the
  occurrences listed.

The file is edited as text: two lines are inserted after the quote (and an ``occurrence`` line removed),
so every comment, blank line, quote style and key order stays as the analyst wrote it. The positions come
from the YAML parser's marks (PyYAML's composer, pure Python, whose marks count characters). The file is
replaced in one step (`kg.files.replacing_file`).

Example
-------
>>> text = "Kata Muhyidin. Muhyidin menyampaikan, kata Muhyidin."
>>> _occurrences(text, "Muhyidin")
[5, 15, 43]
>>> _nearest([5, 15, 43], 8, [(43, 51)])
[43]
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import InvalidData, UsageError
from kg.facts.checks import source_text
from kg.facts.loader import display_path, fact_files
from kg.facts.yamlio import read_yaml
from kg.files import replacing_file


@dataclass
class AnchorReport:
    filled: list[str]
    unresolved: list[str]


@dataclass
class _Span:
    """One quote of a file: its record (by order in the file), its nodes, and its offsets once known."""

    record: int
    record_id: str
    item: yaml.MappingNode
    source: str
    quote: str
    where: str
    start: int | None = None
    end: int | None = None
    occurrence: int | None = None
    partial: bool = False  # one of start and end without the other
    how: str = ""
    keys: dict[str, tuple[yaml.Node, yaml.Node]] = field(default_factory=dict)


def _source_texts(facts_dir: Path, sources_dir: Path) -> dict[str, str]:
    texts = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in fact_files(facts_dir):
        text = path.read_text(encoding="utf-8")
        if "sources:" not in text:
            continue
        data = yaml.load(text, Loader=loader) or {}  # a safe loader: libyaml's when installed
        for source in data.get("sources", []) if isinstance(data, dict) else []:
            if not isinstance(source, dict):
                continue
            file = sources_dir / str(source.get("file", ""))
            if file.is_file():
                with suppress(UnicodeDecodeError):  # kg validate names the file and its bad byte
                    texts[str(source.get("id"))] = source_text(file.read_bytes())
    return texts


def _occurrences(text: str, quote: str) -> list[int]:
    """Every start of `quote` in `text`, overlapping ones included."""
    found, at = [], text.find(quote)
    while quote and at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _distance(start: int, end: int, other: tuple[int, int]) -> int:
    return max(0, other[0] - end, start - other[1])


def _nearest(starts: list[int], length: int, context: list[tuple[int, int]]) -> list[int]:
    """The occurrences (starts) nearest any of the `context` spans: one, or several when they tie."""
    distances = {s: min(_distance(s, s + length, c) for c in context) for s in starts}
    best = min(distances.values())
    return [s for s in starts if distances[s] == best]


def _int(node: yaml.Node | None) -> int | None:
    value = getattr(node, "value", None)
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _spans(text: str, display: str) -> list[_Span]:
    """Every mention and evidence item of a file, with its nodes."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    top = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    file_source = str(getattr(top.get("source"), "value", ""))
    out: list[_Span] = []
    number = 0
    for key, section in root.value:
        if not isinstance(section, yaml.SequenceNode):
            continue
        for record in section.value:
            if not isinstance(record, yaml.MappingNode):
                continue
            number += 1
            fields = {k.value: v for k, v in record.value if isinstance(k, yaml.ScalarNode)}
            record_id = str(getattr(fields.get("id"), "value", "")) or f"{key.value}[{section.value.index(record)}]"
            # A source's own evidence lies in that source.
            default = record_id if key.value == "sources" else file_source
            items = [record] if key.value == "mentions" else \
                [e for e in getattr(fields.get("evidence"), "value", []) if isinstance(e, yaml.MappingNode)]
            for item in items:
                keys = {k.value: (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)}
                if "quote" not in keys:
                    continue
                start, end = (_int(keys.get(name, (None, None))[1]) for name in ("start", "end"))
                out.append(_Span(number, record_id, item, str(getattr(keys.get("source", (None, None))[1], "value",
                                                                      default)),
                                 str(keys["quote"][1].value), f"{display}:{keys['quote'][0].start_mark.line + 1}",
                                 start, end, _int(keys.get("occurrence", (None, None))[1]),
                                 ("start" in keys) != ("end" in keys), keys=keys))
    return out


def _resolve(spans: list[_Span], texts: dict[str, str], report: AnchorReport) -> list[_Span]:
    """Offsets for every span that lacks them and can be placed; the others reported. Returns the placed ones."""
    placed: list[_Span] = []
    waiting: list[tuple[_Span, list[int]]] = []
    for span in spans:
        if span.start is not None and span.end is not None and span.occurrence is None:
            continue
        text = texts.get(span.source)
        starts = _occurrences(text, span.quote) if text is not None else []
        if span.partial:
            report.unresolved.append(f"{span.where}: {span.quote!r} has one of start and end; give both or neither")
        elif span.item.flow_style:
            report.unresolved.append(f"{span.where}: {span.quote!r} is in a flow mapping {{…}}; write it as lines "
                                     "(quote:, then start:, end:) to anchor it")
        elif text is None:
            report.unresolved.append(f"{span.where}: {span.quote!r}: no text of source {span.source!r} "
                                     "in the sources folder")
        elif span.occurrence is not None:
            if 1 <= span.occurrence <= len(starts):
                _place(span, starts[span.occurrence - 1], f"occurrence {span.occurrence} of {len(starts)}", placed)
            else:
                report.unresolved.append(f"{span.where}: occurrence: {span.occurrence}, but {span.quote!r} occurs "
                                         f"{len(starts)} times in {span.source}")
        elif len(starts) == 1:
            _place(span, starts[0], "", placed)
        elif not starts:
            report.unresolved.append(f"{span.where}: {span.quote!r} does not occur in {span.source}")
        else:
            waiting.append((span, starts))
    _by_context(spans, waiting, placed, report)
    return placed


def _place(span: _Span, start: int, how: str, placed: list[_Span]) -> None:
    span.start, span.end, span.how = start, start + len(span.quote), how
    placed.append(span)


def _anchors(spans: list[_Span], record: int, source: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in spans
            if s.record == record and s.source == source and s.start is not None and s.end is not None]


def _by_context(spans: list[_Span], waiting: list[tuple[_Span, list[int]]], placed: list[_Span],
                report: AnchorReport) -> None:
    """Place repeated quotes nearest their record's other evidence, else nearest the nearest records' evidence;
    each placement is context for the next, so the loop runs until nothing more can be placed."""
    records = sorted({s.record for s in spans})
    progress = True
    while waiting and progress:
        progress = False
        for entry in list(waiting):
            span, starts = entry
            own = _anchors(spans, span.record, span.source)
            if own and len(best := _nearest(starts, len(span.quote), own)) == 1:
                _place(span, best[0], f"occurrence {starts.index(best[0]) + 1} of {len(starts)}, nearest the "
                                      "record's other evidence", placed)
                waiting.remove(entry)
                progress = True
        if progress:
            continue
        for entry in list(waiting):
            span, starts = entry
            if _anchors(spans, span.record, span.source):
                continue  # its own record is the context, and it ties
            for distance in range(1, len(records)):
                around = [r for r in (span.record - distance, span.record + distance) if r in records]
                context = [a for r in around for a in _anchors(spans, r, span.source)]
                if context:
                    best = _nearest(starts, len(span.quote), context)
                    if len(best) == 1:
                        names = sorted({s.record_id for s in spans if s.record in around and s.start is not None})
                        _place(span, best[0], f"occurrence {starts.index(best[0]) + 1} of {len(starts)}, nearest the "
                                              f"evidence of {', '.join(names)}", placed)
                        waiting.remove(entry)
                        progress = True
                    break
            if progress:
                break
    for span, starts in waiting:
        at = ", ".join(str(s) for s in starts)
        report.unresolved.append(f"{span.where}: {span.quote!r} occurs {len(starts)} times in {span.source} "
                                 f"(at {at}) and no other evidence tells which; add occurrence: N (1-based) "
                                 "or give start/end by hand")


def _edited(text: str, placed: list[_Span]) -> str:
    """`text` with start/end inserted after each placed quote and its occurrence line removed."""
    edits: list[tuple[int, int, str]] = []
    newline = "\r\n" if "\r\n" in text else "\n"  # a file written with CRLF keeps them
    for span in placed:
        key, value = span.keys["quote"]
        indent = " " * key.start_mark.column
        after = text.find("\n", value.end_mark.index)
        after = len(text) if after < 0 else after - (text[after - 1] == "\r")
        edits.append((after, after, f"{newline}{indent}start: {span.start}{newline}{indent}end: {span.end}"))
        if "occurrence" in span.keys:
            okey, ovalue = span.keys["occurrence"]
            line_start = text.rfind("\n", 0, okey.start_mark.index) + 1
            line_end = text.find("\n", ovalue.end_mark.index)
            edits.append((line_start, len(text) if line_end < 0 else line_end + 1, ""))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def anchor(facts_dir: Path, sources_dir: Path) -> AnchorReport:
    """Add start/end to the quotes that lack them (see the module docstring); every file keeps its layout."""
    if not sources_dir.is_dir():
        raise UsageError(f"sources folder not found: {sources_dir}")
    # Read every file strictly first: a file that is not UTF-8 or not YAML is reported at its line,
    # as kg validate would, and nothing is rewritten until all of them read.
    unreadable = [problem for path in fact_files(facts_dir) for problem in read_yaml(path, display_path(path))[1]]
    if unreadable:
        raise InvalidData(unreadable)
    texts = _source_texts(facts_dir, sources_dir)
    report = AnchorReport([], [])
    for path in fact_files(facts_dir):
        text = path.read_bytes().decode("utf-8")  # as written: CRLF line ends and a BOM stay
        if "occurrence:" not in text and text.count("quote:") <= min(text.count("start:"), text.count("end:")):
            continue  # every quote has its offsets (a cheap test that spares parsing big folders)
        placed = _resolve(_spans(text, display_path(path)), texts, report)
        for span in placed:
            how = f" ({span.how})" if span.how else ""
            report.filled.append(f"{span.where}: {span.quote!r} at {span.start}-{span.end}{how}")
        if placed:
            with replacing_file(path) as handle:
                handle.write(_edited(text, placed).encode("utf-8"))
    return report
