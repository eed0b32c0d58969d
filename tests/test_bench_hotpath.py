"""The hot-path benchmark's report judges each target from the numbers given, and states the error of
sampled betweenness as measured (no timing here: the figures come from running the script)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.bench.hotpath import _error, report


def _timing(seconds: float, runs: int = 3) -> dict[str, Any]:
    return {"median_s": seconds, "runs": runs, "times_s": [seconds] * runs, "load": "1.00, 1.00, 1.00"}


def _rows(kept_s: float, command_s: float, ask_s: float) -> dict[str, Any]:
    return {
        "projection": {"kept": _timing(kept_s), "sparql": _timing(12.0, 1), "same_graph": True,
                       "nodes": 9_332, "edges": 31_261},
        "index": {"kept": _timing(0.2), "sparql": _timing(2.0), "same": True},
        "analytics": {"centrality": _timing(6.0), "communities": _timing(2.0), "brokers": _timing(1.0),
                      "sample": 100,
                      "exact_betweenness": {"max_abs_error": 0.01, "mean_abs_error": 0.0001, "largest_exact": 0.3,
                                            "top10_shared": 9, "actors": 4_000, "median_s": 300.0}},
        "betweenness": {"kernel": _timing(0.5), "networkx": _timing(8.0), "pivots": 100, "max_difference": 1e-16},
        "centrality_command": _timing(command_s),
        "startup": {"bare": _timing(0.1), "query": _timing(0.25), "ask": _timing(ask_s),
                    "imports": {"kg.cli.main_us": 100_000, "kg.cli.query_us": 50_000, "heavy_loaded": []}},
    }


def test_met_targets_say_met_and_missed_ones_say_by_how_much() -> None:
    text = report(Path("build"), _rows(kept_s=1.0, command_s=30.0, ask_s=0.6), ["- CPU: test"])
    lines = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert "| met |" in lines["| projection, kept by the build (`network.json`)"]
    assert "12x faster than through SPARQL" in lines["| projection, kept by the build (`network.json`)"]
    assert "missed by 2.0x" in lines["| `kg network centrality`, the whole process"]
    assert "| met |" in lines["| `kg query`, the whole process"]
    assert "missed by 2.0x" in lines["| `kg ask`, the whole process"]
    assert "| 9.00 |" in lines["| analytics: centrality + communities + brokers"]
    assert "16.0x faster than networkx" in lines["| betweenness from 100 pivots, kg's kernel (`kg.network.kernels`)"]
    assert "9 of the exact top 10" in text and "largest absolute error 0.0100" in text


def test_the_error_of_sampled_betweenness_is_measured_against_exact() -> None:
    def ranking(scores: dict[str, float]) -> dict[str, Any]:
        return {"ranking": [{"id": node, "betweenness": value} for node, value in scores.items()]}

    exact = ranking({"a": 0.5, "b": 0.2, "c": 0.0})
    sampled = ranking({"a": 0.4, "b": 0.2, "c": 0.1})
    error = _error(sampled, exact)
    assert error["max_abs_error"] == 0.1
    assert round(error["mean_abs_error"], 6) == round(0.2 / 3, 6)
    assert error["largest_exact"] == 0.5 and error["actors"] == 3 and error["top10_shared"] == 3
