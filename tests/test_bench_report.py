"""The benchmarks file: each script rewrites only its own section, and targets are judged from the numbers."""

from __future__ import annotations

from pathlib import Path

from kg.bench.report import report, write_section


def test_a_section_is_replaced_and_the_others_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    write_section(path, "views", "## Views\n\nold views")
    write_section(path, "scale", "## Scale\n\nfirst")
    write_section(path, "scale", "## Scale\n\nsecond")
    text = path.read_text()
    assert text.startswith("# Benchmarks")
    assert "old views" in text and "second" in text and "first" not in text
    assert text.count("<!-- begin scale -->") == 1 and text.index("views") < text.index("second")


def _row(build_s: float, p50_ms: float, rdflib_ms: float, kib: int) -> dict[str, object]:
    timing = {"p50": p50_ms, "p95": p50_ms * 2, "runs": 20, "rows": 1}
    return {"size": 1_000_000, "build": {"seconds": build_s, "peak_mib": 900.0},
            "ntriples": {"seconds": 2.0, "triples": 1_000_000},
            "backends": {
                "oxigraph-disk": {"open_s": 0.01, "rss_before_kib": 0, "hwm_questions_kib": kib,
                                  "questions": {"post-holders": timing, "figures": {**timing, "p50": 250.0},
                                                "regulations": {**timing, "p50": 90.0}},
                                  "nodes": 13_000, "edges": 40_000, "projection_s": 3.0, "centrality_s": 4.0,
                                  "communities_s": 4.0, "brokers_s": 1.0, "analytics_s": 9.0},
                "rdflib": {"open_s": 60.0, "rss_before_kib": 0, "hwm_questions_kib": kib * 4,
                           "questions": {"post-holders": {"stopped": 60.0},
                                         "figures": {"p50": rdflib_ms, "p95": rdflib_ms},
                                         "regulations": {"p50": rdflib_ms, "p95": rdflib_ms}}}}}


def test_the_report_says_which_targets_were_missed_and_by_how_much() -> None:
    text = report([_row(build_s=10.0, p50_ms=4.0, rdflib_ms=5_000.0, kib=300_000)], ["- CPU: test"], 20)
    assert "| 10.0 | 900 | 944 | 2.00 | 5.0x | missed by 1.7x |" in text
    # A point lookup against 10 ms, an analytical question against 100 ms.
    assert ("2 of 3 questions meet their target (p50 within 10 ms for a point lookup, entity-profile, event-dates, "
            "post-holders; 100 ms for the others): figures 250.0 ms (2.5x over 100 ms).") in text
    assert "rdflib is 20x to 15,000x slower" in text
    assert "| 1,000,000 | oxigraph-disk | 0.01 | 293 | 307 | met |" in text
    assert "| 1,000,000 | rdflib | 60.00 | 1,172 | 1,229 | missed by 3.1x |" in text
    assert "| 9.00 | met |" in text and "- CPU: test" in text


def test_the_ten_million_row_is_judged_against_its_own_targets_and_the_growth_from_a_million(tmp_path: Path) -> None:
    from kg.bench.report import plot_curves

    million = _row(build_s=60.0, p50_ms=4.0, rdflib_ms=500.0, kib=300_000)
    ten = _row(build_s=420.0, p50_ms=8.0, rdflib_ms=500.0, kib=300_000)
    ten["ntriples"] = {"seconds": 70.0, "triples": 10_000_000}
    ten["build"] = {"seconds": 420.0, "peak_mib": 8_000.0}
    ten["load"] = {"build": "3.00, 2.00, 1.00"}
    text = report([million, ten], ["- CPU: test"], 20, plot="scale.png")
    assert "the build took 7.0 min (target ≤ 6 min: missed by 1.2x) and 7.8 GiB at its peak (target ≤ 10 GiB: met)" \
        in text
    assert "10.0x the triples took 7.0x the time and 8.9x the memory" in text
    assert "| 3.00, 2.00, 1.00 |" in text and "![" in text and "(scale.png)" in text
    plot_curves([million, ten], tmp_path / "scale.png")
    assert (tmp_path / "scale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
