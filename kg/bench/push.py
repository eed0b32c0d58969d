"""The push benchmark: `kg push` of a synthetic build into a fresh Oxigraph server and a fresh Virtuoso.

    python -m kg.bench.push [--sizes 1e5,1e6] [--servers oxigraph,virtuoso] [--work DIR]
                            [--out docs/benchmarks.md]

For each size it generates facts (`kg synth`, fixed seed) and builds them (or takes `--build DIR`),
then, for each server, starts it empty on 127.0.0.1 with stock settings (kg.bench.servers), times
`kg push` as a whole process (wall time), and checks that the server holds as many kg quads as
kg.nq and graph:all together, and as many triples in graph:all as kg.nt. It then asks the server, through kg's remote
backend, the named questions in AFTER_PUSH and compares each answer with the embedded store's. The load average
(`uptime`) is recorded beside each row, since the machine may be shared. The results replace the "Push" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kg.bench.report import machine_lines, write_section
from kg.bench.scale import answer_set, pick_params
from kg.bench.servers import start_oxigraph, start_virtuoso
from kg.errors import KgError
from kg.namespaces import UNION_GRAPH
from kg.questions.named import ask
from kg.store.backends import open_store
from kg.store.sparqlclient import SparqlClient

KG_QUADS = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/bpjs-kg/graph/')) }")
STARTERS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}
# Named questions that stock Virtuoso answers exactly as the embedded store (tests/test_server_push_scale.py lists
# where it reads SPARQL otherwise, and which questions its cost estimate may refuse): a point lookup, a walk
# down the organisation tree, and two questions over the whole country.
AFTER_PUSH = ("event-dates", "offices-under", "disagreements", "regulations")


def load_average() -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` shows them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def build_for(size: int, work: Path) -> Path:
    facts, build = work / f"facts-{size}", work / f"build-{size}"
    env = {**os.environ, "CI": "true"}
    subprocess.run([sys.executable, "-m", "kg", "synth", "--triples", str(size), "--out", str(facts)],
                   check=True, capture_output=True, env=env)
    subprocess.run([sys.executable, "-m", "kg", "build", "--facts", str(facts), "--sources", str(facts / "sources"),
                    "--out", str(build)], check=True, capture_output=True, env=env)
    return build


def push_once(build: Path, server_name: str) -> dict[str, Any]:
    """One push into a fresh server, timed as a whole process, and the counts checked."""
    with STARTERS[server_name]() as server:
        login = ["--user", server.user, "--password", server.password or ""] if server.user else []
        before = load_average()
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "kg", "push", "--endpoint", server.query_url, "--build",
                               str(build), *login], capture_output=True, text=True, env={**os.environ, "CI": "true"})
        seconds = time.perf_counter() - started
        row: dict[str, Any] = {"server": server_name, "seconds": seconds, "exit": done.returncode,
                               "load_before": before, "load_after": load_average(),
                               "output": (done.stdout + done.stderr).strip().splitlines()[-1:]}
        found = re.search(r"upload: (\S+); swap: (\S+)\)", done.stdout)
        row["upload"], row["swap"] = found.groups() if found else ("", "")
        if done.returncode == 0:  # counted by plain SPARQL: kg's remote backend names every graph in each query
            client = SparqlClient(server.query_url, timeout=600)
            row["counted"] = "all kg graphs"  # the named graphs and graph:all, so the quads sent
            try:
                row["quads_on_server"] = int(client.select(KG_QUADS)[0]["n"]["value"])
                row["triples_on_server"] = int(client.select(
                    f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}")[0]["n"]["value"])
            except KgError as exc:
                row["check_failed"] = str(exc)
            row["questions"] = compare_questions(build, server.query_url)
    return row


def compare_questions(build: Path, endpoint: str) -> dict[str, str]:
    """Each question of AFTER_PUSH asked of the server and of the embedded store: "same", or how they differ."""
    params = pick_params(build)
    verdicts = {}
    with open_store(build, "oxigraph-disk") as embedded, open_store(build, "remote", endpoint=endpoint) as remote:
        for name in AFTER_PUSH:
            expected = answer_set(ask(embedded, name, params.get(name, {})).records())
            try:
                answered = answer_set(ask(remote, name, params.get(name, {})).records())
            except KgError as exc:
                verdicts[name] = f"error: {exc}"[:120]
                continue
            verdicts[name] = ("same" if answered == expected
                              else f"differs ({len(answered):,} rows against {len(expected):,})")
    return verdicts


def _questions_cell(row: dict[str, Any]) -> str:
    verdicts = row.get("questions")
    if verdicts is None:
        return "not asked"  # a row of an earlier version of this script
    same = [name for name, verdict in verdicts.items() if verdict == "same"]
    others = [f"{name}: {verdict}" for name, verdict in verdicts.items() if verdict != "same"]
    return "; ".join([f"{len(same)} of {len(verdicts)} the same ({', '.join(same)})" if same else "none the same",
                      *others])


def report(rows: list[dict[str, Any]]) -> str:
    lines = ["## Push: `kg push` into the Oxigraph server and Virtuoso", "",
             "Written by `python -m kg.bench.push` (see its docstring). Each push goes into a fresh, empty server "
             "with stock settings (Virtuoso 7.2: 60 s per request, INSERT DATA refused above ~1,400 triples); "
             "the time is the whole `kg push` process. *sent* is kg.nq's quads plus the union graph "
             "(kg.nt's triples); the check compares the server's counts with both files, and *questions* the server's "
             "answers to named questions with the embedded store's. "
             "Load average (1, 5, 15 min) before and after each push, since the machine is shared.", "",
             "| triples (kg.nt) | sent | server | upload | swap | kg push (s) | triples/s | counts match | questions | "
             "load before → after |", "|---:|---:|---|---|---|---:|---:|---|---|---|"]
    for row in rows:
        sent = row["quads"] + row["triples"]
        if row["exit"] != 0:
            lines.append(f"| {row['triples']:,} | {sent:,} | {row['server']} | {row['upload']} | {row['swap']} | "
                         f"failed after {row['seconds']:.0f} s: {' '.join(row['output'])[:200]} | | | | "
                         f"{row['load_before']} → {row['load_after']} |")
            continue
        # Counted over every kg graph (graph:all too); rows of the first version of this script were counted
        # by kg's remote backend, which leaves graph:all out of GRAPH ?g.
        expected = sent if row.get("counted") == "all kg graphs" else row["quads"]
        match = row.get("quads_on_server") == expected and row.get("triples_on_server") == row["triples"]
        lines.append(f"| {row['triples']:,} | {sent:,} | {row['server']} | {row['upload']} | {row['swap']} | "
                     f"{row['seconds']:.1f} | {sent / row['seconds']:,.0f} | "
                     f"{'yes' if match else row.get('check_failed', 'NO')[:120]} | {_questions_cell(row)} | "
                     f"{row['load_before']} → {row['load_after']} |")
    return "\n".join([*lines, "", "### Machine", "", *machine_lines(), ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--servers", default="oxigraph,virtuoso")
    parser.add_argument("--build", type=Path, help="push this build instead of making one per size")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-benchmark-push"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    builds = [args.build] if args.build else [build_for(int(float(size)), args.work) for size in args.sizes.split(",")]
    rows = []
    for build in builds:
        quads, triples = _lines(build / "kg.nq"), _lines(build / "kg.nt")
        for server in args.servers.split(","):
            print(f"[{triples:,}] {server}", flush=True)
            rows.append({"quads": quads, "triples": triples, **push_once(build, server)})
            (args.work / "push-results.json").write_text(json.dumps(rows, indent=1))
    write_section(args.out, "push", report(rows))
    print(f"wrote {args.out} (raw results in {args.work / 'push-results.json'})")


if __name__ == "__main__":
    main()
