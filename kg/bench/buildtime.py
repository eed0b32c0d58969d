"""How a build is measured (wall time, peak memory, and pyoxigraph's raw load of the same triples, its
yardstick), for kg.bench.scale; and the build alone, optionally beside another version of kg.

    python -m kg.bench.scale --build-only [--sizes 1e5,1e6] [--runs 3] [--vs DIR] [--work DIR]

For each size: `kg synth` once (fixed seed), then `--runs` rounds. In each round `kg build` of
this tree runs, then (with `--vs`) the same build by the kg package in DIR (a checkout of another
commit, run with DIR first on PYTHONPATH), then pyoxigraph loading the build's kg.nt into
memory, each in a process of its own, one after the other, so that each round sees the same
machine. A build's time is its wall time; its memory the peak resident memory of its process
(the build runs in one process). The table gives the median of the rounds and each round's
load average, and replaces the "build" section of docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.bench.report import BUILD_RATIO, machine_lines, write_section

BYTES_PER_TRIPLE = 600.0  # the build's peak memory target (issue 15)


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def run_measured(command: list[str], log: Path, *, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> dict[str, float]:
    """Run a command to completion; its wall time and the peak resident memory of its process."""
    started = time.perf_counter()
    with log.open("w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env or quiet_env(), cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}); see {log}")
    return {"seconds": time.perf_counter() - started, "peak_mib": usage.ru_maxrss / 1024}


def load_average() -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` prints them: the machine may be shared."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def quiet_env() -> dict[str, str]:
    return {**os.environ, "CI": "true"}  # no progress bars in the logs


def ntriples_load(build: Path, log: Path) -> dict[str, float]:
    """pyoxigraph bulk-loading the build's triples from N-Triples into memory, in its own process."""
    source = build / "kg.nt"
    if not source.is_file():  # a build above the pretty-printing threshold may not write it
        source = build.parent / f"{build.name}.nt"
        store = ox.Store()
        store.bulk_load(path=str(build / "kg.nq"), format=ox.RdfFormat.N_QUADS)
        ox.serialize((q.triple for q in store), str(source), format=ox.RdfFormat.N_TRIPLES)
        del store
    code = ("import pyoxigraph as ox, sys, time; s = ox.Store(); t = time.perf_counter(); "
            f"s.bulk_load(path={str(source)!r}, format=ox.RdfFormat.N_TRIPLES); "
            "print(time.perf_counter() - t, len(s))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    log.write_text(" ".join(out))
    return {"seconds": float(out[0]), "triples": int(out[1])}


def measure(sizes: list[int], runs: int, work: Path, vs: Path | None) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        facts = work / f"facts-{size}"
        shutil.rmtree(facts, ignore_errors=True)
        print(f"[{size:,}] synth", flush=True)
        run_measured(kg_command("synth", "--triples", str(size), "--out", str(facts)), work / f"synth-{size}.log")
        versions = {"this": None, **({"vs": vs} if vs else {})}
        row: dict[str, Any] = {"size": size, "rounds": []}
        for round_number in range(runs):
            measured: dict[str, Any] = {"load": load_average()}
            for name, tree in versions.items():
                print(f"[{size:,}] round {round_number + 1}: kg build ({name})", flush=True)
                build = work / f"build-{size}-{name}"
                command = kg_command("build", "--facts", str(facts), "--sources", str(facts / "sources"),
                                     "--out", str(build))
                # Run from the work folder: from the repository, `python -m` would put this tree first.
                measured[name] = run_measured(command, work / f"build-{size}-{name}.log", env=environment(tree),
                                              cwd=work)
            measured["ntriples"] = ntriples_load(work / f"build-{size}-this", work / f"nt-{size}.log")
            row["rounds"].append(measured)
        rows.append(row)
        shutil.rmtree(facts, ignore_errors=True)
    return rows


def _median(row: dict[str, Any], name: str, key: str) -> float:
    return float(statistics.median(r[name][key] for r in row["rounds"]))


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else f"missed by {value / target:.1f}x"


def report(rows: list[dict[str, Any]], vs: Path | None, commit: str, vs_commit: str) -> str:
    runs = len(rows[0]["rounds"]) if rows else 0
    lines = ["## The build against a raw load", "",
             f"Written by `python -m kg.bench.scale --build-only` (see kg.bench.buildtime). Medians of {runs} rounds; "
             "in each round the builds and pyoxigraph's in-memory N-Triples load of the same kg.nt ran one "
             "after the other. *this* is commit " + commit
             + (f"; *before* is commit {vs_commit}, run from a checkout of it (`--vs`)." if vs else "."), ""]
    head = ("| triples | pyoxigraph load (s) | kg build (s) | ratio | target ≤ 3x | peak (MiB) | bytes per triple "
            "| ≤ 600 |")
    if vs:
        head += " before: build (s) | ratio | peak (MiB) | bytes per triple |"
    lines += [head, "|" + "---:|" * (head.count("|") - 1)]
    for row in rows:
        triples = row["rounds"][0]["ntriples"]["triples"]
        load = _median(row, "ntriples", "seconds")
        cells = [f"{triples:,}", f"{load:.2f}"]
        for name in ("this", "vs") if vs else ("this",):
            seconds, mib = _median(row, name, "seconds"), _median(row, name, "peak_mib")
            per_triple = mib * 2**20 / triples
            cells += [f"{seconds:.1f}", f"{seconds / load:.1f}x"]
            if name == "this":
                cells += [_verdict(seconds / load, BUILD_RATIO), f"{mib:,.0f}", f"{per_triple:,.0f}",
                          _verdict(per_triple, BYTES_PER_TRIPLE)]
            else:
                cells += [f"{mib:,.0f}", f"{per_triple:,.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Load average (1, 5, 15 min) at the start of each round:", ""]
    for row in rows:
        lines.append(f"- {row['size']:,}: " + "; ".join(r["load"] for r in row["rounds"]))
    return "\n".join([*lines, "", *machine_lines()])


def commit_of(tree: Path) -> str:
    done = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def build_only(sizes: list[int], runs: int, work: Path, vs: Path | None, out: Path) -> None:
    if vs is not None and not (vs / "kg" / "__init__.py").is_file():
        raise SystemExit(f"--vs {vs}: no kg package there (give the top folder of a checkout of kg)")
    work = work.resolve()
    rows = measure(sizes, runs, work, vs.resolve() if vs else None)
    this = commit_of(Path(__file__).resolve().parents[2])
    if this != "unknown" and subprocess.run(["git", "-C", str(Path(__file__).resolve().parents[2]), "diff",
                                             "--quiet", "HEAD", "--", "kg"]).returncode:
        this += " with uncommitted changes"
    write_section(out, "build", report(rows, vs, this, commit_of(vs) if vs else ""))
    (work / "build-results.json").write_text(json.dumps(rows, indent=1))
    print(f"wrote {out} (raw results in {work / 'build-results.json'})")


def environment(tree: Path | None) -> dict[str, str]:
    """The environment of a build: with `tree`, its kg package comes first on the path."""
    env = {**os.environ, "CI": "true"}
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree.resolve()), *filter(None, [env.get("PYTHONPATH")])])
    return env
