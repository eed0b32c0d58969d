"""ruff and mypy stay clean (configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy"]])
def test_static_checks_pass(tool: list[str]) -> None:
    executable = shutil.which(tool[0], path=str(ROOT / ".venv" / "bin")) or shutil.which(tool[0])
    command = [executable, *tool[1:]] if executable else [sys.executable, "-m", *tool]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
