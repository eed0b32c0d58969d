"""One small family of errors, and the Problem record that validators collect."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int
    field: str
    rule: str
    message: str
    value: str = ""
    severity: str = "error"
    record: str = dataclass_field(default="", compare=False)  # ID of the record concerned, when known

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        shown = f" {self.value!r}:" if self.value else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field}{shown} {self.message} [rule {self.rule}]"


class KgError(Exception):
    """Base class of the errors kg reports to users."""

    exit_code = 2


class UsageError(KgError):
    """A bad command line, or a file or folder that cannot be read or written."""


class InvalidData(KgError):
    """The facts break one or more rules; carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the facts")
        self.problems = problems
