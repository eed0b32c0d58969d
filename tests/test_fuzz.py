"""The bounded fuzz of validation that CI runs, and the fuzzer's own judge (see docs/fuzzing.md)."""

from __future__ import annotations

import time

import pytest

from kg.errors import Problem
from kg.fuzz import Hang, fuzz, known_rules, located, time_bound

CI_CASES = 500  # SHACL on every 50th: some 10 s


@pytest.mark.fuzz
def test_500_fuzzed_fact_sets_end_in_success_or_file_line_errors_without_hang_or_traceback() -> None:
    results = fuzz(CI_CASES, seed="ci", shacl_every=50, timeout=30)
    failed = [f"case {c.number} ({', '.join(c.edits)}): {c.why}" for c in results if c.outcome == "failed"]
    assert failed == [], "reproduce with python -m kg.fuzz --seed ci --only N --keep DIR\n" + "\n".join(failed)
    assert sum(c.outcome == "invalid" for c in results) > CI_CASES // 2, "the mutations should mostly break the facts"
    assert any(c.outcome == "ok" for c in results)


def test_the_fuzz_judge_flags_a_problem_without_a_line_or_with_an_unknown_rule() -> None:
    rules = known_rules()
    assert located(Problem("f.yaml", 3, "name", "control-character", "has U+001B"), rules) == ""
    assert located(Problem("f.yaml", 3, "name", "span-length", "x"), rules) == ""
    assert "no file:line" in located(Problem("f.yaml", 0, "", "yaml-syntax", "not UTF-8"), rules)
    assert "unknown rule" in located(Problem("f.yaml", 3, "start", "value_error", "too many digits"), rules)


def test_the_fuzz_time_bound_stops_a_hang() -> None:
    started = time.monotonic()
    with pytest.raises(Hang), time_bound(0.2):
        time.sleep(5)
    assert time.monotonic() - started < 2
