"""One backend measured in a process of its own, so that its memory is its own (kg.bench.scale runs it).

    python -m kg.bench.probe --build DIR --store BACKEND [--endpoint URL] --params JSON --runs N

It prints one JSON object: the time to open the store, resident memory before and after,
every named question's timings, and the network projection and analytics times. A question
slower than --cap seconds is stopped (SIGALRM; rdflib's engine is pure Python, so the
alarm interrupts it) and reported as stopped rather than holding up the whole run.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import time
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.questions.named import ask, questions
from kg.store.backends import open_store


class Stopped(Exception):
    """A question ran past the cap."""


def _alarm(signum: int, frame: Any) -> None:
    raise Stopped


def memory_kib() -> dict[str, int]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in KiB, from /proc."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def time_questions(store: Any, params: dict[str, dict[str, str]], runs: int, cap: float) -> dict[str, Any]:
    """name -> {p50, p95 (ms), runs, rows} or {stopped: cap}."""
    signal.signal(signal.SIGALRM, _alarm)
    timings: dict[str, Any] = {}
    for name in questions():
        times, rows = [], 0
        try:
            for _ in range(runs):
                signal.setitimer(signal.ITIMER_REAL, cap)
                started = time.perf_counter()
                rows = len(ask(store, name, params.get(name, {})).rows)
                times.append((time.perf_counter() - started) * 1000)
                signal.setitimer(signal.ITIMER_REAL, 0)
                if sum(times) > cap * 1000:  # enough runs for a slow engine
                    break
        except Stopped:
            timings[name] = {"stopped": cap}
            continue
        except KgError as exc:  # e.g. no value for a required parameter in this graph
            timings[name] = {"failed": str(exc)}
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        ordered = sorted(times)
        timings[name] = {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1,
                                                                               round(0.95 * (len(ordered) - 1)))],
                         "runs": len(ordered), "rows": rows}
    return timings


def analytics(store: Any) -> dict[str, Any]:
    """Projection onto networkx, then centrality (sampled betweenness above 2,000 nodes), communities, brokers."""
    from kg.network.analytics import brokers, centrality, communities
    from kg.network.projection import project

    started = time.perf_counter()
    G = project(store)
    projected = time.perf_counter()
    ranking = centrality(G)
    ranked = time.perf_counter()
    groups = communities(G)
    grouped = time.perf_counter()
    cut = brokers(G)
    done = time.perf_counter()
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "projection_s": projected - started,
            "centrality_s": ranked - projected, "communities_s": grouped - ranked, "brokers_s": done - grouped,
            "analytics_s": done - projected, "betweenness_sample": ranking["sample"],
            "communities": len(groups), "brokers": len(cut)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--endpoint")
    parser.add_argument("--params", required=True, help="JSON: question name -> parameters")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a question is stopped")
    parser.add_argument("--analytics", action="store_true")
    args = parser.parse_args()
    before = memory_kib()
    started = time.perf_counter()
    store = open_store(args.build, args.store, endpoint=args.endpoint)
    opened = time.perf_counter() - started
    after_open = memory_kib()
    result: dict[str, Any] = {"open_s": opened, "rss_before_kib": before["VmRSS"],
                              "rss_open_kib": after_open["VmRSS"], "quads": len(store)}
    result["questions"] = time_questions(store, json.loads(args.params), args.runs, args.cap)
    result["hwm_questions_kib"] = memory_kib()["VmHWM"]
    if args.analytics:
        result |= analytics(store)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
