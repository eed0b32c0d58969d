"""The scale benchmark: build, load, named questions and analytics at 10^4..10^7 triples, side by side.

    python -m kg.bench.scale [--sizes 1e4,1e5,1e6,1e7] [--backends oxigraph-disk,oxigraph,rdflib,remote]
                           [--runs 20] [--work DIR] [--out docs/benchmarks.md]
    python -m kg.bench.scale --build-only [--sizes 1e5,1e6] [--runs 3] [--vs DIR]   (see kg.bench.buildtime)

For each size it generates national-scale facts (`kg synth`, fixed seed), times `kg build`
(wall time and peak resident memory of the process), times pyoxigraph bulk-loading the
build's N-Triples (the yardstick of the build target), and then measures every backend in
a fresh process of its own (kg.bench.probe): time to open, resident memory, p50/p95 of
every named question, and the networkx projection and analytics. `remote` is the Oxigraph
server (`oxigraph serve-read-only` on the build's store, on 127.0.0.1), queried over HTTP;
its memory is the server's. Everything runs in one go on one machine, so the ratios compare
like with like; the load average (`uptime`) is kept beside each row, since the machine may be shared.
rdflib is skipped above --rdflib-max triples (it takes minutes to load a million and runs out of
patience before it runs out of memory). The results replace the "Scale" section of
docs/benchmarks.md, and docs/scale.png draws the curves.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.bench.buildtime import build_only, kg_command, load_average, ntriples_load, quiet_env, run_measured
from kg.bench.report import machine_lines, plot_curves, report, write_section
from kg.server.engine import Engine, oxigraph_executable
from kg.store.backends import open_store
from kg.store.graphstore import STORE_DIR

PICKS = {  # question -> parameter -> SPARQL choosing a value that exists in the generated graph
    "post-holders": {"post": "SELECT ?v WHERE { ?h a kg:PostHolding ; kg:ofPost ?v ; kg:observedOn ?d } LIMIT 1",
                     "date": "SELECT (STR(?d) AS ?v) WHERE { ?h a kg:PostHolding ; kg:observedOn ?d } LIMIT 1"},
    "network-on-date": {"date": "SELECT (STR(?d) AS ?v) WHERE { ?h a kg:PostHolding ; kg:observedOn ?d } LIMIT 1"},
    "figures": {"region": "SELECT ?v WHERE { ?v a kg:Province } LIMIT 1"},
    "entity-profile": {"entity": "SELECT ?v WHERE { ?h a kg:PostHolding ; org:member ?v } LIMIT 1"},
    "offices-under": {"organisation": "SELECT ?v WHERE { ?v a kg:Agency } LIMIT 1"},
    "source-facts": {"source": "SELECT ?v WHERE { ?v a kg:Source } LIMIT 1"},
    "citations": {"entity": "SELECT ?v WHERE { ?f kg:regarding ?v . ?v a kg:Regulation } LIMIT 1"},
    "event-dates": {"event": "SELECT ?v WHERE { ?v a kg:Event } LIMIT 1"},
}
EXAMPLES_THAT_HOLD = {"commitments": {"kind": "pledge"}, "disagreements": {"kind": "figure"}}


def canonical(value: Any) -> Any:
    """A value as every backend agrees to write it: engines differ on an empty GROUP_CONCAT, a decimal's digits and
    the order of the values they concatenate."""
    if value is None or value == "":
        return ""  # GROUP_CONCAT over nothing: unbound on Oxigraph, "" elsewhere
    if isinstance(value, Decimal):
        return value.normalize()  # "50.0" as stored; Oxigraph writes its canonical "50"
    if isinstance(value, str):
        return " · ".join(sorted(re.split(r", | \| | … ", value)))
    return value


def answer_set(rows: list[dict[str, Any]]) -> list[tuple[tuple[str, Any], ...]]:
    """An answer's rows in a form two backends can be compared by, whatever their order."""
    return sorted(tuple(sorted((key, str(canonical(value))) for key, value in row.items())) for row in rows)


def pick_params(build: Path) -> dict[str, dict[str, str]]:
    """Parameters for every question that exist in this graph (by ID, as a script passes them)."""
    chosen: dict[str, dict[str, str]] = {name: dict(values) for name, values in EXAMPLES_THAT_HOLD.items()}
    with open_store(build) as store:
        for name, params in PICKS.items():
            for param, sparql in params.items():
                rows = store.select(sparql)
                if rows:
                    value = str(rows[0]["v"])
                    chosen.setdefault(name, {})[param] = value.rsplit("/", 1)[-1]
    return chosen


def probe(build: Path, backend: str, params: dict[str, dict[str, str]], runs: int, cap: float,
          endpoint: str | None = None, analytics: bool = False) -> dict[str, Any]:
    command = [sys.executable, "-m", "kg.bench.probe", "--build", str(build), "--store", backend,
               "--params", json.dumps(params), "--runs", str(runs), "--cap", str(cap)]
    if endpoint:
        command += ["--endpoint", endpoint]
    if analytics:
        command.append("--analytics")
    done = subprocess.run(command, capture_output=True, text=True, env=quiet_env())
    if done.returncode != 0:
        return {"failed": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def remote_probe(build: Path, params: dict[str, dict[str, str]], runs: int, cap: float,
                 work: Path) -> dict[str, Any]:
    """The Oxigraph server on the build's store, over HTTP; memory is the server process's."""
    engine = Engine(oxigraph_executable(), build / STORE_DIR, cap, work / "oxigraph.log")
    started = time.perf_counter()
    engine.start()
    try:
        ready = time.perf_counter() - started
        port, pid = engine.address()
        result = probe(build, "remote", params, runs, cap, endpoint=f"http://127.0.0.1:{port}/query")
        result["open_s"] = ready
        status = Path(f"/proc/{pid}/status").read_text()
        result["server_hwm_kib"] = int(status.split("VmHWM:")[1].split()[0])
    finally:
        engine.stop()
    return result


def measure_size(triples: int, backends: list[str], runs: int, cap: float, work: Path,
                 rdflib_max: int) -> dict[str, Any]:
    facts, build = work / f"facts-{triples}", work / f"build-{triples}"
    for stale in (facts, build):
        shutil.rmtree(stale, ignore_errors=True)
    row: dict[str, Any] = {"size": triples, "load": {}}
    print(f"[{triples:,}] synth", flush=True)
    row["synth"] = run_measured(kg_command("synth", "--triples", str(triples), "--out", str(facts)),
                                work / f"synth-{triples}.log")
    print(f"[{triples:,}] build", flush=True)
    row["load"]["build"] = load_average()
    row["build"] = run_measured(kg_command("build", "--facts", str(facts), "--sources", str(facts / "sources"),
                                           "--out", str(build)), work / f"build-{triples}.log")
    row["ntriples"] = ntriples_load(build, work / f"nt-{triples}.log")
    params = pick_params(build)
    row["params"] = params
    row["backends"] = {}
    for backend in backends:
        if backend == "rdflib" and row["ntriples"]["triples"] > rdflib_max:
            row["backends"][backend] = {"skipped": f"above --rdflib-max {rdflib_max:,} triples"}
            continue
        print(f"[{triples:,}] {backend}", flush=True)
        row["load"][backend] = load_average()
        if backend == "remote":
            row["backends"][backend] = remote_probe(build, params, runs, cap, work)
        else:
            row["backends"][backend] = probe(build, backend, params, runs if backend != "rdflib" else 3, cap,
                                             analytics=backend in ("oxigraph-disk", "rdflib"))
    shutil.rmtree(facts, ignore_errors=True)  # keep the disk small; the build stays for inspection
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="oxigraph-disk,oxigraph,rdflib,remote")
    parser.add_argument("--runs", type=int, default=20, help="runs of each question (3 on rdflib)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a slow question is stopped")
    parser.add_argument("--rdflib-max", type=int, default=1_100_000, help="largest graph to load into rdflib")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-benchmark"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--build-only", action="store_true",
                        help="time only the build against the raw load, --runs times (kg.bench.buildtime)")
    parser.add_argument("--vs", type=Path, help="with --build-only: a checkout of another kg to build beside this one")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(float(size)) for size in args.sizes.split(",")]
    if args.build_only:
        build_only(sizes, args.runs, args.work, args.vs, args.out)
        return
    rows = [measure_size(size, args.backends.split(","), args.runs, args.cap, args.work, args.rdflib_max)
            for size in sizes]
    (args.work / "results.json").write_text(json.dumps(rows, indent=1))
    plot = args.out.parent / "scale.png"
    plot_curves(rows, plot)
    write_section(args.out, "scale", report(rows, machine_lines(), args.runs, plot=plot.name))
    print(f"wrote {args.out} (raw results in {args.work / 'results.json'})")


if __name__ == "__main__":
    main()
