"""The hot paths of a big build, side by side in one run: the network projection (kept by the build,
and through SPARQL), the name index, `kg network centrality`, the analytics with the error of
sampled betweenness, the start-up of `kg query` and `kg ask`, and (with --site) `kg viz` writing
every page of the build's site.

    python -m kg.bench.hotpath --build DIR [--runs 3] [--exact-betweenness] [--site] [--out docs/benchmarks.md]

The build is one `kg build` wrote (e.g. of `kg synth --triples 1e6`). Times are wall-clock medians
of --runs runs (the SPARQL projection, which takes many seconds, runs once unless --runs-slow);
each row carries the load average (`uptime`) at its start, since the machine may be shared.
With --exact-betweenness, exact betweenness is computed once (about 25 s at 9,000 nodes) to state
the error of the sampled one that `kg network centrality` uses above 2,000 nodes. The results
replace the "hotpath" section of docs/benchmarks.md; raw numbers go to --json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.bench.report import machine_lines, write_section

PROJECTION_S, CENTRALITY_S, ANALYTICS_S, INDEX_S, START_S, SITE_S = 5.0, 15.0, 10.0, 0.5, 0.3, 60.0


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def timed(run: Callable[[], Any], runs: int) -> dict[str, Any]:
    """The median wall time of `runs` calls, the load average before them, and the last answer."""
    before, times, answer = load(), [], None
    for _ in range(runs):
        started = time.perf_counter()
        answer = run()
        times.append(time.perf_counter() - started)
    return {"median_s": statistics.median(times), "runs": runs, "times_s": times, "load": before, "answer": answer}


def process(command: list[str], runs: int) -> dict[str, Any]:
    """The median wall time of a whole process, run `runs` times after one run that is not counted.

    Python may write its bytecode cache, as it does on a user's machine (a sandbox that sets
    PYTHONDONTWRITEBYTECODE would otherwise make every run compile kg's modules anew).
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

    def once() -> None:
        subprocess.run(command, check=True, capture_output=True, env={**env, "CI": "true"})
    once()
    result = timed(once, runs)
    result["command"] = " ".join(command[1:] if command[0] == sys.executable else command)
    return result


def measure(build: Path, runs: int, runs_slow: int, exact: bool, site: bool = False) -> dict[str, Any]:
    from kg.network.analytics import brokers, centrality, communities
    from kg.network.projection import project
    from kg.questions.resolve import EntityIndex
    from kg.store.backends import open_store

    rows: dict[str, Any] = {}
    with open_store(build, "oxigraph-disk") as store:
        kept = timed(lambda: project(store), runs)
        queried = timed(lambda: project(store, stored=False), runs_slow)
        G = kept.pop("answer")
        same = _as_data(G) == _as_data(queried.pop("answer"))
        rows["projection"] = {"kept": kept, "sparql": queried, "same_graph": same,
                              "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
        # What `kg ask` by name does: open the index and find one name in it.
        person = _a_person_name(G, EntityIndex(store))
        def found(stored: bool) -> EntityIndex:
            index = EntityIndex(store, stored=stored)
            index.resolve(person)
            return index

        index_kept = timed(lambda: found(True), runs)
        index_queried = timed(lambda: found(False), runs)
        rows["index"] = {"kept": index_kept, "sparql": index_queried,
                         "same": index_kept.pop("answer").document() == index_queried.pop("answer").document()}
    rows["betweenness"] = _side_by_side(G, runs)
    ranking = timed(lambda: centrality(G), runs)
    sampled = ranking.pop("answer")
    rows["analytics"] = {"centrality": ranking, "communities": _dropped(timed(lambda: communities(G), runs)),
                         "brokers": _dropped(timed(lambda: brokers(G), runs)), "sample": sampled["sample"]}
    # Without exact betweenness, the sampling error is estimated from the spread between pivot draws.
    others = [centrality(G, seed=seed) for seed in (1, 2)]
    spread = [_error(other, sampled) for other in others]
    rows["analytics"]["seed_spread"] = {"max_abs_error": max(e["max_abs_error"] for e in spread),
                                        "mean_abs_error": statistics.mean(e["mean_abs_error"] for e in spread),
                                        "top10_shared": min(e["top10_shared"] for e in spread),
                                        "largest": max(e["largest_exact"] for e in spread), "draws": 3}
    if exact:
        exact_run = timed(lambda: centrality(G, k=G.number_of_nodes()), 1)
        rows["analytics"]["exact_betweenness"] = {**_error(sampled, exact_run.pop("answer")), **exact_run}
    kg = [sys.executable, "-m", "kg"]
    rows["centrality_command"] = process([*kg, "network", "centrality", "--build", str(build)], runs)
    rows["startup"] = {
        "bare": process([sys.executable, "-c", "import pyoxigraph as ox; s = ox.Store.read_only("
                         f"{str(build / 'store')!r}); list(s.query('SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1'))"],
                        runs * 3),
        "query": process([*kg, "query", "--build", str(build), "--format", "csv",
                          "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], runs * 3),
        "ask": process([*kg, "ask", "post-holders", "--param", f"person={person}", "--build", str(build),
                        "--format", "csv"], runs * 3),
    }
    rows["startup"]["imports"] = _imports()
    if site:  # minutes at a million triples: once, with no run left uncounted
        out = Path(tempfile.mkdtemp(prefix="kg-bench-site-"))
        try:
            rows["site"] = timed(lambda: subprocess.run([*kg, "viz", "--build", str(build), "--out", str(out / "viz")],
                                                        check=True, capture_output=True, text=True).stdout, 1)
            rows["site"]["pages"] = sum(1 for _ in (out / "viz").rglob("*.html"))
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return rows


def _side_by_side(G: Any, runs: int, pivots: int = 100) -> dict[str, Any]:
    """Sampled betweenness by kg's kernel and by networkx, the same pivots, and the largest difference."""
    import networkx as nx

    from kg.network.analytics import tie_graph
    from kg.network.kernels import betweenness_of

    T = tie_graph(G)
    ours = timed(lambda: betweenness_of(T, k=pivots, seed=42), runs)
    theirs = timed(lambda: nx.betweenness_centrality(T, k=pivots, seed=42), runs)
    a, b = ours.pop("answer"), theirs.pop("answer")
    return {"kernel": ours, "networkx": theirs, "pivots": pivots, "max_difference": max(abs(a[n] - b[n]) for n in T)}


def _dropped(result: dict[str, Any]) -> dict[str, Any]:
    result.pop("answer", None)
    return result


def _as_data(G: Any) -> Any:
    return json.loads(json.dumps([G.graph, list(G.nodes(data=True)), list(G.edges(keys=True, data=True))]))


def _a_person_name(G: Any, index: Any) -> str:
    """The name (not the ID) of the best-tied person whose name is theirs alone, so that `kg ask` needs the name
    index (synthetic people share names, and a shared name is refused as ambiguous)."""
    from kg.errors import KgError

    people = sorted((node for node, kind in G.nodes(data="kind") if kind == "Person"),
                    key=lambda node: (-G.degree(node), node))
    for node in people:
        name = str(G.nodes[node]["label"])
        try:
            if index.resolve(name) == node:
                return name
        except KgError:
            continue
    raise SystemExit("no person in this build has a name of their own")


def _error(sampled: Any, exact: Any) -> dict[str, Any]:
    """How far sampled betweenness is from exact, over the ranked actors."""
    truth = {score["id"]: score["betweenness"] for score in exact["ranking"]}
    guess = {score["id"]: score["betweenness"] for score in sampled["ranking"]}
    errors = [abs(guess[node] - truth[node]) for node in truth]
    top = 10
    by_truth = [n for n, _ in sorted(truth.items(), key=lambda item: -item[1])[:top]]
    by_guess = [n for n, _ in sorted(guess.items(), key=lambda item: -item[1])[:top]]
    return {"max_abs_error": max(errors), "mean_abs_error": statistics.mean(errors),
            "largest_exact": max(truth.values()), "top10_shared": len(set(by_truth) & set(by_guess)),
            "actors": len(truth)}


def _imports() -> dict[str, Any]:
    """The cumulative import time of kg's CLI as `kg query` needs it, and whether the heavy libraries load."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import kg.cli.main, kg.cli.query"],
                          capture_output=True, text=True, check=True)
    modules = {line.rsplit("|", 1)[-1].strip(): int(line.split("|")[1]) for line in done.stderr.splitlines()
               if line.startswith("import time:") and line.split("|")[1].strip().isdigit()}
    heavy = sorted(name for name in ("rdflib", "pyshacl", "pydantic", "networkx", "yaml", "ruamel.yaml")
                   if name in modules)
    return {"kg.cli.main_us": modules.get("kg.cli.main", 0), "kg.cli.query_us": modules.get("kg.cli.query", 0),
            "heavy_loaded": heavy}


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else f"missed by {value / target:.1f}x"


def report(build: Path, rows: dict[str, Any], machine: list[str]) -> str:
    p, index, a = rows["projection"], rows["index"], rows["analytics"]
    command, start = rows["centrality_command"], rows["startup"]
    how = f"from {a['sample']} pivots" if a["sample"] else "exact"
    analytics_s = sum(a[name]["median_s"] for name in ("centrality", "communities", "brokers"))
    lines = ["## Hot paths: the projection, the name index, centrality and start-up", "",
             f"Written by `python -m kg.bench.hotpath --build {build.name}` (see its docstring) on a build of "
             f"{p['nodes']:,} network nodes and {p['edges']:,} ties; wall-clock medians, every row in one run. "
             "*load* is the load average (1, 5, 15 min) when the row started: the machine has 2 cores and was "
             "shared, so read the ratios.", "",
             "| what | median (s) | runs | target | verdict | side by side | load |", "|---|---:|---:|---|---|---|---|",
             f"| projection, kept by the build (`network.json`) | {p['kept']['median_s']:.2f} | {p['kept']['runs']} "
             f"| ≤ {PROJECTION_S:.0f} s | {_verdict(p['kept']['median_s'], PROJECTION_S)} | "
             f"{p['sparql']['median_s'] / p['kept']['median_s']:.0f}x faster than through SPARQL; same graph: "
             f"{'yes' if p['same_graph'] else 'NO'} | {p['kept']['load']} |",
             f"| projection through SPARQL (the build runs this once) | {p['sparql']['median_s']:.2f} | "
             f"{p['sparql']['runs']} | – | – | | {p['sparql']['load']} |",
             f"| name index, kept by the build (`names.sqlite`) | {index['kept']['median_s']:.2f} | "
             f"{index['kept']['runs']} | ≤ {INDEX_S} s | {_verdict(index['kept']['median_s'], INDEX_S)} | "
             f"{index['sparql']['median_s'] / index['kept']['median_s']:.1f}x faster than through SPARQL; same: "
             f"{'yes' if index['same'] else 'NO'} | {index['kept']['load']} |",
             f"| name index through SPARQL | {index['sparql']['median_s']:.2f} | {index['sparql']['runs']} | – | – "
             f"| | {index['sparql']['load']} |",
             f"| `kg network centrality`, the whole process | {command['median_s']:.2f} | {command['runs']} | "
             f"≤ {CENTRALITY_S:.0f} s | {_verdict(command['median_s'], CENTRALITY_S)} | | {command['load']} |",
             f"| analytics: centrality + communities + brokers | {analytics_s:.2f} | {a['centrality']['runs']} | "
             f"≤ {ANALYTICS_S:.0f} s | {_verdict(analytics_s, ANALYTICS_S)} | centrality "
             f"{a['centrality']['median_s']:.2f} s (betweenness {how}), communities "
             f"{a['communities']['median_s']:.2f} s, brokers {a['brokers']['median_s']:.2f} s | "
             f"{a['centrality']['load']} |"]
    bt = rows["betweenness"]
    lines.append(f"| betweenness from {bt['pivots']} pivots, kg's kernel (`kg.network.kernels`) | "
                 f"{bt['kernel']['median_s']:.2f} | {bt['kernel']['runs']} | – | – | "
                 f"{bt['networkx']['median_s'] / bt['kernel']['median_s']:.1f}x faster than networkx "
                 f"({bt['networkx']['median_s']:.2f} s), the same pivots; largest difference "
                 f"{bt['max_difference']:.1e} | {bt['kernel']['load']} |")
    for name in ("query", "ask"):
        lines.append(f"| `kg {name}`, the whole process | {start[name]['median_s']:.2f} | {start[name]['runs']} | "
                     f"≤ {START_S} s | {_verdict(start[name]['median_s'], START_S)} | "
                     f"{start[name]['median_s'] / start['bare']['median_s']:.1f}x a bare pyoxigraph process "
                     f"opening the store and running a query ({start['bare']['median_s']:.2f} s) | "
                     f"{start[name]['load']} |")
    site = rows.get("site")
    if site:
        lines.append(f"| `kg viz`, every page of the site, the whole process | {site['median_s']:.1f} | {site['runs']} "
                     f"| ≤ {SITE_S:.0f} s | {_verdict(site['median_s'], SITE_S)} | {site['pages']:,} pages, "
                     f"{1000 * site['median_s'] / max(site['pages'], 1):.0f} ms a page | {site['load']} |")
    imports = start["imports"]
    seconds = (imports["kg.cli.query_us"] + imports["kg.cli.main_us"]) / 1e6
    lines += ["", f"`kg ask` ran `post-holders` for a person given by name, so it read the name index. "
              f"Importing `kg.cli.main` and `kg.cli.query` took {seconds:.2f} s "
              f"(`python -X importtime`); heavy libraries loaded on that path: "
              f"{', '.join(imports['heavy_loaded']) or 'none'}."]
    spread = a.get("seed_spread")
    if spread and a["sample"]:
        lines += ["", f"**The error of sampled betweenness, estimated** from {spread['draws']} draws of "
                  f"{a['sample']} pivots (seeds 42, 1, 2): the draws differ from the one `kg network centrality` "
                  f"uses (seed 42) by at most {spread['max_abs_error']:.4f} for an actor (mean "
                  f"{spread['mean_abs_error']:.5f}), against a largest score of {spread['largest']:.4f}; "
                  f"at least {spread['top10_shared']} of its top 10 are in each other draw's top 10."]
    exact = a.get("exact_betweenness")
    if exact:
        lines += ["", f"**Sampled betweenness against exact** ({exact['actors']:,} actors; exact took "
                  f"{exact['median_s']:.0f} s): largest absolute error {exact['max_abs_error']:.4f}, mean "
                  f"{exact['mean_abs_error']:.5f}, against a largest exact score of {exact['largest_exact']:.4f}; "
                  f"{exact['top10_shared']} of the exact top 10 are in the sampled top 10."]
    lines += ["", "Reproduce: `kg synth --triples 1e6 --out /tmp/synth && kg build --facts /tmp/synth --sources "
              "/tmp/synth/sources --out /tmp/synth-build && python -m kg.bench.hotpath --build /tmp/synth-build "
              "--exact-betweenness`.", "", "### Machine", "", *machine, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-slow", type=int, default=1, help="runs of the projection through SPARQL")
    parser.add_argument("--exact-betweenness", action="store_true")
    parser.add_argument("--site", action="store_true", help="also time `kg viz` writing the whole site (minutes)")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--json", type=Path, default=Path("/tmp/kg-benchmark/hotpath.json"))
    args = parser.parse_args()
    rows = measure(args.build, args.runs, args.runs_slow, args.exact_betweenness, args.site)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=1, default=str))
    write_section(args.out, "hotpath", report(args.build, rows, machine_lines()))
    print(f"wrote {args.out} (raw results in {args.json})")


if __name__ == "__main__":
    main()
