"""Progress bars for the long steps of a build, on a terminal only.

Library code reports its steps to a `Steps` object, which shows nothing; the CLI passes one
that draws rich progress bars on stderr when stderr is a terminal and the command is not
running under CI, so logs and pipes never see them and stdout stays clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Steps:
    """Where library code reports progress. This one shows nothing."""

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
        """`items`, passed through; a subclass shows how many are done."""
        return items

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        """A step whose progress cannot be counted (a bulk load inside Oxigraph, say)."""
        yield


NO_PROGRESS = Steps()


class RichSteps(Steps):
    """Progress bars drawn by rich on stderr; each disappears when its step is done."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)

    def track(self, items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
        if total is None and isinstance(items, Sized):
            total = len(items)
        return self.progress.track(items, total=total, description=description)

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        task = self.progress.add_task(description, total=None)
        try:
            yield
        finally:
            self.progress.remove_task(task)


def shows_progress() -> bool:
    """True when stderr is a terminal and no CI runner is recording it."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def terminal_steps() -> Iterator[Steps]:
    """Steps that draw on stderr when `shows_progress()`, else the silent ones."""
    if not shows_progress():
        yield NO_PROGRESS
        return
    steps = RichSteps()
    with steps.progress:
        yield steps
