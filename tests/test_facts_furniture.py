"""No evidence is taken from page furniture: related links, captions, comment forms."""

from __future__ import annotations

import re
from pathlib import Path

from kg.facts.checks import spans
from kg.facts.loader import load_facts
from kg.facts.model import load_model
from tests.conftest import FACTS

FURNITURE_LINE = re.compile(
    r"^(BACA JUGA|Baca Juga|Berita Terkait|Foto:|.*Foto: |Tinggalkan Balasan|Alamat email|Cek berita|Editor :"
    r"|Terkini Lainnya|Tautan Sahabat|- |\(N-2\)|Peluncuran Program BPJamsostek Masuk desa|Direktur Kepesertaan BPJS "
    r"Ketenagakerjaan Silaturahmi ke Pj|visitaaponce|\d{1,2} \w+ 20\d\d \d\d:\d\d)")


def furniture_ranges(text: str) -> list[tuple[int, int]]:
    ranges, offset = [], 0
    after_related = False
    for line in text.splitlines(keepends=True):
        if line.startswith("Berita Terkait"):
            after_related = True  # everything after the related-news heading is link lists
        if after_related or FURNITURE_LINE.match(line):
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    return ranges


def test_no_evidence_span_lies_in_page_furniture(seeds: Path) -> None:
    model = load_model()
    facts = load_facts(FACTS, model)
    files = {r.id: r.values["file"] for r in facts.records if r.section == "sources"}
    ranges = {sid: furniture_ranges((seeds / name).read_text(encoding="utf-8")) for sid, name in files.items()}
    offenders = [
        f"{record.file}:{line} {span['quote']!r}"
        for record, _, line, span in spans(facts)
        for start, end in ranges[span["source"]]
        if span["start"] < end and span["end"] > start
    ]
    assert offenders == []


def test_furniture_detector_finds_the_related_links(seeds: Path) -> None:
    text = (seeds / "003_b71ba954811a4d51.txt").read_text(encoding="utf-8")
    covered = "".join(text[s:e] for s, e in furniture_ranges(text))
    assert "Return To Work" in covered and "Kurniasih" not in covered
