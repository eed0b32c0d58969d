"""The load test of `kg serve`: 32 clients, a new connection per request, the named questions.

    python -m kg.bench.load [--build build] [--clients 32] [--seconds 20] [--rounds 3]
                            [--out docs/benchmarks.md]

Clients connect per request, as SPARQLWrapper and urllib do, and POST one named
question after another (each with its example parameters, bound into the text as
`kg.store.remote` does for any server). Two targets take turns, in one run on one
machine: `kg serve` (its own process, as a user starts it) and the bare Oxigraph engine
on the same store, with no proxy. For each it counts requests, errors (any answer but 200,
a refused or reset connection, a timeout) and the kernel's listen-queue overflows and drops
(`ListenOverflows`, `ListenDrops` in /proc/net/netstat, machine-wide, read before and after),
and the p50, p95 and p99 latency. Everything stays on 127.0.0.1 and ends after
rounds x targets x seconds. The result replaces the "Load" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from kg.bench.report import machine_lines, write_section
from kg.questions.named import prepare, questions
from kg.server.engine import Engine, oxigraph_executable, terminate
from kg.store.backends import open_store
from kg.store.graphstore import PREFIX_MAP, STORE_DIR
from kg.store.sparqltext import bind_inline, with_prefixes

TARGET_P99_MS = 700.0
REQUEST_TIMEOUT_S = 30.0


def question_texts(build: Path) -> dict[str, str]:
    """Every named question with its example parameters, as the query text a SPARQL client sends."""
    texts = {}
    with open_store(build) as store:
        for name, question in sorted(questions().items()):
            sparql, bindings = prepare(store, name, question.example)
            texts[name] = with_prefixes(bind_inline(sparql, bindings), PREFIX_MAP)
    return texts


def listen_counters() -> dict[str, int]:
    """The kernel's TcpExt ListenOverflows and ListenDrops (machine-wide), or {} off Linux."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return {}
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], (int(v) for v in values.split()[1:]), strict=True))
            return {key: table.get(key, 0) for key in ("ListenOverflows", "ListenDrops")}
    return {}


@dataclass
class Tally:
    """What the clients saw."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, started: float, error: str | None) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies_ms.append(elapsed)
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1


def ask_once(url: str, text: str) -> str | None:
    """One request on a fresh connection; None when answered 200, else what went wrong."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("POST", parts.path, body=urlencode({"query": text}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        return None if response.status == 200 else f"HTTP {response.status}"
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    finally:
        connection.close()


def hammer(url: str, texts: list[str], *, clients: int, seconds: float) -> dict[str, Any]:
    """`clients` threads sending the texts in turn for `seconds`; latencies, errors, listen counters."""
    tally = Tally()
    stop_at = time.monotonic() + seconds
    start = threading.Barrier(clients)

    def client(offset: int) -> None:
        start.wait()
        turn = offset
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            tally.record(began, ask_once(url, texts[turn % len(texts)]))
            turn += 1

    before = listen_counters()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT_S + 5)
    after = listen_counters()
    latencies = sorted(tally.latencies_ms)
    return {"requests": len(latencies), "seconds": seconds, "errors": dict(tally.errors),
            "p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95),
            "p99": _percentile(latencies, 99), "max": latencies[-1] if latencies else 0.0,
            **{key: after[key] - before.get(key, 0) for key in after}}


def _percentile(ordered: list[float], percent: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def start_kg_serve(build: Path, log: Path) -> tuple[subprocess.Popen[str], str]:
    """`kg serve --port 0` in its own process, and its query URL once it answers."""
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--build", str(build), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    if not first.startswith("SPARQL endpoint: "):
        process.kill()
        process.wait()
        raise SystemExit(f"kg serve did not start; see {log}")
    return process, first.split(": ", 1)[1].strip()


def stop(process: subprocess.Popen[str]) -> None:
    terminate(process, timeout=20)


def run(build: Path, *, clients: int, seconds: float, rounds: int, work: Path) -> dict[str, Any]:
    """Both targets, taking turns for `rounds` rounds, after a check that every question is answered."""
    texts = question_texts(build)
    results: dict[str, list[dict[str, Any]]] = {"kg serve": [], "Oxigraph engine": []}
    engine = Engine(oxigraph_executable(), build / STORE_DIR, REQUEST_TIMEOUT_S, work / "oxigraph.log")
    engine.start()
    serve, serve_url = start_kg_serve(build, work / "kg-serve.log")
    try:
        engine_url = f"http://127.0.0.1:{engine.address()[0]}/query"
        urls = {"kg serve": serve_url, "Oxigraph engine": engine_url}
        for target, url in urls.items():
            failed = {name: error for name, text in texts.items() if (error := ask_once(url, text))}
            if failed:
                raise SystemExit(f"{target} does not answer every question: {failed}")
        for round_number in range(1, rounds + 1):
            for target, url in urls.items():
                print(f"round {round_number}/{rounds}: {target}, {clients} clients for {seconds:g} s", flush=True)
                results[target].append(hammer(url, list(texts.values()), clients=clients, seconds=seconds))
                print("  " + json.dumps(results[target][-1]), flush=True)
    finally:
        stop(serve)
        engine.stop()
    return {"clients": clients, "seconds": seconds, "rounds": rounds, "questions": sorted(texts),
            "quads": _quads(build), "results": results}


def _quads(build: Path) -> int:
    with open_store(build) as store:
        return len(store)


def _median(rounds: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in rounds))


def report(measured: dict[str, Any], machine: list[str]) -> str:
    """The Markdown of the load section."""
    results = measured["results"]
    lines = ["## Load: `kg serve` under 32 clients", "",
             "Written by `python -m kg.bench.load` (see its docstring). "
             f"{measured['clients']} client threads, each opening a new connection per request and POSTing the "
             f"{len(measured['questions'])} named questions in turn with their example parameters, for "
             f"{measured['seconds']:g} s, against the seed build ({measured['quads']:,} quads); "
             f"{measured['rounds']} rounds, `kg serve` and the bare Oxigraph engine on the same store taking "
             "turns. Each cell is the median over the rounds (latencies in ms); errors and listen-queue "
             "overflows/drops are totals over the rounds.", "",
             "| target | requests/s | p50 | p95 | p99 | max | errors | listen overflows / drops |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for target, rounds in results.items():
        errors = sum(sum(r["errors"].values()) for r in rounds)
        overflows = sum(r.get("ListenOverflows", 0) for r in rounds)
        drops = sum(r.get("ListenDrops", 0) for r in rounds)
        rate = statistics.median(r["requests"] / r["seconds"] for r in rounds)
        lines.append(f"| {target} | {rate:,.0f} | {_median(rounds, 'p50'):,.0f} | {_median(rounds, 'p95'):,.0f} | "
                     f"{_median(rounds, 'p99'):,.0f} | {_median(rounds, 'max'):,.0f} | {errors} | "
                     f"{overflows} / {drops} |")
    serve, bare = results["kg serve"], results["Oxigraph engine"]
    p99 = _median(serve, "p99")
    errors = sum(sum(r["errors"].values()) for r in serve)
    overflows = sum(r.get("ListenOverflows", 0) for r in serve)
    kinds = sorted({kind for r in serve for kind in r["errors"]})
    throughput = statistics.median(r["requests"] for r in serve) / statistics.median(r["requests"] for r in bare)
    lines += ["", f"`kg serve` against the bare engine: p50 {_median(serve, 'p50') / _median(bare, 'p50'):.2f}x, "
              f"p99 {p99 / _median(bare, 'p99'):.2f}x, throughput {throughput:.2f}x.",
              "", "Targets for `kg serve`: p99 ≤ 700 ms "
              + ("met" if p99 <= TARGET_P99_MS else f"missed by {p99 - TARGET_P99_MS:,.0f} ms") + f" ({p99:,.0f} ms); "
              + ("0 errors met" if not errors else f"{errors} errors ({', '.join(kinds)})") + "; "
              + ("0 listen overflows met" if not overflows else f"{overflows} listen overflows (machine-wide counter)")
              + ".", "", "### Machine", "", *machine, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("build"), help="a build with its store (kg build)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    if not (args.build / STORE_DIR / "CURRENT").is_file():
        raise SystemExit(f"{args.build}: no build with its store; run `kg build --sources ../shared/seeds` first")
    if not 1 <= args.clients <= 256 or not 0 < args.seconds <= 600 or not 1 <= args.rounds <= 10:
        raise SystemExit("--clients 1..256, --seconds up to 600 and --rounds 1..10: the test is bounded")
    with tempfile.TemporaryDirectory(prefix="kg-load-") as work:
        measured = run(args.build, clients=args.clients, seconds=args.seconds, rounds=args.rounds, work=Path(work))
    write_section(args.out, "load", report(measured, machine_lines()))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
