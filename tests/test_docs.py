"""The README's commands and examples agree with the code and with CI."""

from __future__ import annotations

import doctest
import os
import re

import click
from click.testing import CliRunner

from kg.cli.main import main
from tests.conftest import FROZEN, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return [c.strip() for c in re.findall(r"```sh\n(.+?)\n\s*```", README, flags=re.S)]


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    build, test = (c.strip() for c in _commands()[:2])
    assert "kg build" in build
    assert test == "scripts/test" and "python -m pytest" in (ROOT / test).read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()  # CI runs exactly the README's command, as its own line


def test_readme_tour_names_every_cli_command() -> None:
    for name in main.list_commands(click.Context(main)):  # type: ignore[attr-defined]
        assert f"`kg {name}" in README, name


def test_every_command_help_opens_with_a_summary_and_an_example() -> None:
    for name in main.list_commands(click.Context(main)):  # type: ignore[attr-defined]
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name


def test_readme_python_example_runs() -> None:
    # The examples print whole answers, so they run where `facts` is the frozen copy of the seeds
    # (tests/fixtures/seeds-frozen/): adding an article to facts/ does not make the README's output wrong.
    cwd = os.getcwd()
    os.chdir(FROZEN)
    try:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(README, {}, "README.md", str(ROOT / "README.md"), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.failures == 0 and runner.tries > 0
    finally:
        os.chdir(cwd)
