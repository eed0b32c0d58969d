"""Fuzzing validation: mutated copies of a fact set must give success or file:line problems, quickly.

`python -m kg.fuzz --cases 10000` mutates copies of the kitchen-sink facts (or `--facts DIR
--sources DIR`) and validates each copy in this process. A case fails when validation raises (a
traceback for a user), runs past `--timeout` seconds (a hang), or reports a problem without a
file and a line, or under a rule that is not one of kg's. Every case is reproducible from the
seed and its number: `python -m kg.fuzz --seed S --only N --keep DIR` writes that case's facts.

The mutator is seeded and hand-made rather than Hypothesis: a case is a few edits of real fact
files (byte flips, non-UTF-8 bytes, BOM, CRLF, NEL, tabs, control characters, truncation, lines
deleted or swapped, wrong types, unknown keys, huge strings, deep nesting, anchors, aliases and
tags, missing references, impossible dates, out-of-range numbers), which keeps most cases close
enough to valid to reach the later checks, and a failure is named by (seed, case) alone.

SHACL costs most of a validation (some 0.7 s for the kitchen sink, against 25 ms for the rest),
so it runs on every `--shacl-every`-th case only; the others stop before it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Problem
from kg.facts.model import load_model
from kg.pipeline import run

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
KITCHEN_SINK, FIXTURE_SOURCES = FIXTURES / "kitchen-sink", FIXTURES / "sources"
CONTROLS = [chr(c) for c in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9B, 0x2028, 0x2029, 0xFFFE)]
ESCAPES = ["\\e[31m", "\\e]0;PWNED\\a", "\\0", "\\x9b", "\\N", "\\L", "\\P", "\\t", "\\r", "\\n", "\\ud800", "\\x07"]
ODD_VALUES = [
    "[a, b]", "{a: b}", "[]", "{}", "~", "''", "null", "yes", "NO", "012", "0x1F", "1e400", "-1", "-0", ".inf", ".nan",
    "2024-02-30", "2023-13-01", "0000-00-00", "9999-12-31", "99999999999999999999999999", "1" * 5000,
    "nobody-by-this-id", "Not An Id", "!!python/object:os.system x", "&anchor x", "*anchor", "!!binary aGk=",
    "'unterminated", "\"unterminated", "|", ">-", "? x", "- x", ": x", "#", "%YAML 1.1", "---", "...",
    "<<: *anchor", "{a: [b, {c: d}]}", "\"\\uFFFF\"", "\"\\U0010FFFF\"", "\"\\x00\"", "=HYPERLINK(\"x\")",
]


@dataclass
class Case:
    number: int
    edits: list[str]
    outcome: str = "ok"  # ok | invalid | failed
    why: str = ""
    seconds: float = 0.0


def mutate(facts: Path, sources: Path, rng: random.Random) -> list[str]:
    """Apply one to three random edits to the files under `facts` (and rarely `sources`); say what was done."""
    files = sorted(p for p in facts.rglob("*.yaml"))
    edits = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        target = rng.choice(sorted(sources.glob("*.txt"))) if rng.random() < 0.05 else rng.choice(files)
        name, edit = rng.choice(EDITS)
        target.write_bytes(edit(target.read_bytes(), rng))
        edits.append(f"{name} in {target.relative_to(target.parent.parent)}")
    return edits


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _at_value(data: bytes, rng: random.Random, make: Callable[[random.Random], str]) -> bytes:
    """Replace the value of one `key: value` line (a list item's too) with `make`'s text."""
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line and not line.lstrip().startswith(b"#")]
    if not candidates:
        return data
    i = rng.choice(candidates)
    key = lines[i].split(b": ", 1)[0]
    lines[i] = key + b": " + make(rng).encode("utf-8", "surrogatepass")
    return b"\n".join(lines)


def _in_quoted(data: bytes, rng: random.Random, piece: str) -> bytes:
    """Put `piece` inside one double-quoted value (as written: an escape stays an escape)."""
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if line.count(b'"') >= 2]
    if not candidates:
        return _at_value(data, rng, lambda _: f'"{piece}"')
    i = rng.choice(candidates)
    start = lines[i].index(b'"') + 1
    end = lines[i].rindex(b'"')
    at = rng.randint(start, end)
    lines[i] = lines[i][:at] + piece.encode("utf-8", "surrogatepass") + lines[i][at:]
    return b"\n".join(lines)


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def _duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"\n".join(lines)


def _insert_line(data: bytes, rng: random.Random, text: str) -> bytes:
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), text.encode("utf-8", "surrogatepass"))
    return b"\n".join(lines)


def _raw_byte_insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _huge(rng: random.Random) -> str:
    size = rng.choice((1_000, 10_000, 100_000, 1_000_000)) if rng.random() < 0.97 else 5_000_000
    word = rng.choice(("a", "Kata ", "é日", "\\\\", "\\\"", "x" * 7 + " "))
    return '"' + word * (size // len(word.encode())) + '"'


def _deep(rng: random.Random) -> str:
    depth = rng.choice((10, 100, 1_000, 10_000))
    return rng.choice(("[" * depth + "]" * depth, "{a: " * depth + "b" + "}" * depth))


EDITS: list[tuple[str, Callable[[bytes, random.Random], bytes]]] = [
    ("byte flip", _flip),
    ("byte flips", lambda d, r: _flip(_flip(_flip(d, r), r), r)),
    ("truncation", lambda d, r: d[:r.randrange(len(d) + 1)]),
    ("deleted line", _delete_line),
    ("swapped lines", _swap_lines),
    ("duplicated line", _duplicate_line),
    ("non-UTF-8 byte", lambda d, r: _raw_byte_insert(d, r, bytes([r.choice((0x80, 0xC3, 0xE9, 0xFF, 0xFE))]))),
    ("Latin-1 text", lambda d, r: d.decode("utf-8", "replace").replace("\ufffd", "?").encode("latin-1", "replace")
     .replace(b'name: "', b'name: "Jos\xe9 ', 1)),
    ("BOM", lambda d, r: b"\xef\xbb\xbf" + d),
    ("BOM inside", lambda d, r: _raw_byte_insert(d, r, b"\xef\xbb\xbf")),
    ("CRLF", lambda d, r: d.replace(b"\n", b"\r\n")),
    ("lone CR", lambda d, r: d.replace(b"\n", b"\r")),
    ("NEL", lambda d, r: _raw_byte_insert(d, r, "\u0085".encode())),
    ("NEL line ends", lambda d, r: d.replace(b"\n", "\u0085".encode())),
    ("tab", lambda d, r: _raw_byte_insert(d, r, b"\t")),
    ("tab indent", lambda d, r: d.replace(b"\n  ", b"\n\t", 1)),
    ("raw control", lambda d, r: _in_quoted(d, r, r.choice(CONTROLS))),
    ("escaped control", lambda d, r: _in_quoted(d, r, r.choice(ESCAPES))),
    ("odd value", lambda d, r: _at_value(d, r, lambda r2: r2.choice(ODD_VALUES))),
    ("wrong type", lambda d, r: _at_value(d, r, lambda r2: r2.choice(("[x, y]", "{x: y}", "[[x]]", "true", "3.5")))),
    ("unknown key", lambda d, r: _insert_line(d, r, r.choice(("    colour: red", "  - surprise: 1", "bogus:", "x")))),
    ("huge string", lambda d, r: _at_value(d, r, _huge)),
    ("deep nesting", lambda d, r: _at_value(d, r, _deep)),
    ("anchor, alias or tag", lambda d, r: _at_value(d, r, lambda r2: r2.choice(("&a x", "*a", "&a [x]", "!!str x",
                                                                              "!x y")))),
    ("missing reference", lambda d, r: _at_value(d, r, lambda r2: r2.choice(("no-such-record", "budi-santosa")))),
    ("impossible date", lambda d, r: _at_value(d, r, lambda r2: r2.choice(("2024-02-30", "2023-02-29", "1900-00-01")))),
    ("out-of-range number", lambda d, r: _at_value(d, r, lambda r2: r2.choice(("-5", "101", "1e999", "9" * 400)))),
]


class Hang(Exception):
    """Validation ran past the case's time bound."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise Hang in this (main) thread after `seconds` of wall-clock time."""
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds:g} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def known_rules() -> set[str]:
    model = load_model()
    shapes = {str(s).rsplit("#", 1)[-1] for s in model.shapes.subjects() if "#" in str(s)}
    return set(model.python_rules) | shapes


def located(problem: Problem, rules: set[str]) -> str:
    """Why a problem is not a proper file:line error, or ''."""
    if not problem.file or problem.line <= 0:
        return f"no file:line: {problem.render()!r}"
    if problem.rule not in rules:
        return f"unknown rule {problem.rule!r}: {problem.render()!r}"
    return ""


def run_case(number: int, seed: str, workdir: Path, *, facts: Path, sources: Path, timeout: float,
             shacl: bool, rules: set[str]) -> Case:
    """Mutate fresh copies of the facts and sources, validate them, and judge the outcome."""
    rng = random.Random(f"{seed}:{number}")
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.copytree(facts, workdir / "facts")
    shutil.copytree(sources, workdir / "sources")
    case = Case(number, mutate(workdir / "facts", workdir / "sources", rng))
    started = time.monotonic()
    try:
        with time_bound(timeout):
            # Without SHACL: a limit of 0 quads samples every section, with 0 records a section.
            limit, sample = (None, None) if shacl else (0, 0)
            outcome = run(workdir / "facts", workdir / "sources", shacl_limit=limit, shacl_sample=sample)
    except Hang as exc:
        case.outcome, case.why = "failed", f"hang: {exc}"
    except Exception:
        case.outcome, case.why = "failed", "traceback:\n" + traceback.format_exc(limit=-8)
    else:
        bad = [why for why in (located(p, rules) for p in outcome.problems) if why]
        if bad:
            case.outcome, case.why = "failed", "; ".join(bad[:3])
        else:
            case.outcome = "invalid" if outcome.problems else "ok"
    case.seconds = time.monotonic() - started
    return case


def fuzz(cases: int, *, seed: str = "kg-fuzz", start: int = 0, facts: Path = KITCHEN_SINK,
         sources: Path = FIXTURE_SOURCES, timeout: float = 30.0, shacl_every: int = 10,
         keep: Path | None = None, report: Callable[[Case], None] = lambda case: None) -> list[Case]:
    """Run cases start .. start+cases-1; returns every case. `keep` keeps the last case's files there."""
    rules = known_rules()
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as scratch:
        workdir = keep or Path(scratch) / "case"
        for number in range(start, start + cases):
            shacl = shacl_every > 0 and number % shacl_every == 0
            case = run_case(number, seed, workdir, facts=facts, sources=sources, timeout=timeout, shacl=shacl,
                            rules=rules)
            results.append(case)
            report(case)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", default="kg-fuzz")
    parser.add_argument("--start", type=int, default=0, help="the first case's number")
    parser.add_argument("--only", type=int, help="run this one case (with --keep, keep its files)")
    parser.add_argument("--facts", type=Path, default=KITCHEN_SINK)
    parser.add_argument("--sources", type=Path, default=FIXTURE_SOURCES)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a case may take")
    parser.add_argument("--shacl-every", type=int, default=10, help="run SHACL on every Nth case (0: never)")
    parser.add_argument("--keep", type=Path, help="write the (last) case's mutated files here")
    args = parser.parse_args(argv)
    start, cases = (args.only, 1) if args.only is not None else (args.start, args.cases)
    started = time.monotonic()

    def report(case: Case) -> None:
        if case.outcome == "failed":
            print(f"case {case.number} FAILED ({', '.join(case.edits)}): {case.why}", flush=True)
        elif args.only is not None:
            print(f"case {case.number} {case.outcome} in {case.seconds:.2f} s ({', '.join(case.edits)})")

    results = fuzz(cases, seed=args.seed, start=start, facts=args.facts, sources=args.sources,
                   timeout=args.timeout, shacl_every=args.shacl_every, keep=args.keep, report=report)
    failed = [c for c in results if c.outcome == "failed"]
    invalid = sum(c.outcome == "invalid" for c in results)
    slowest = max(results, key=lambda c: c.seconds)
    print(f"{len(results)} cases (seed {args.seed!r}, from {start}): {len(results) - invalid - len(failed)} valid, "
          f"{invalid} invalid with file:line problems, {len(failed)} failed; "
          f"{time.monotonic() - started:.0f} s, slowest case {slowest.number} {slowest.seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
