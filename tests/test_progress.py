"""Progress bars: on a terminal only, never under CI or into a pipe."""

from __future__ import annotations

import pytest

from kg.progress import NO_PROGRESS, RichSteps, terminal_steps


def test_no_bars_under_ci_or_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.setenv("CI", "true")
    with terminal_steps() as steps:
        assert steps is NO_PROGRESS
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    with terminal_steps() as steps:
        assert steps is NO_PROGRESS


def test_bars_on_a_terminal_pass_every_item_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    with terminal_steps() as steps:
        assert isinstance(steps, RichSteps)
        assert list(steps.track(range(5), "counting")) == [0, 1, 2, 3, 4]
        with steps.step("waiting"):
            pass
