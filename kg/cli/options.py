"""What every `kg` subcommand shares: the consoles, common options, and turning errors into exit codes.

Exit codes: 0 success or valid, 1 invalid data, 2 usage or I/O error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from kg.errors import InvalidData, KgError
from kg.text import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def plain_console(**settings: Any) -> Console:
    """A console that prints text as it is: no markup, no emoji codes, no control character.

    Every string it prints, table cells and titles included, passes through `render_str`, so this
    is the one place where data is made safe for the terminal: `[/x]` stays `[/x]`, `:100:` stays
    `:100:`, and ESC shows as `\x1b`.
    """
    from rich.console import Console
    from rich.text import Text

    class PlainConsole(Console):
        def render_str(self, text: str, **options: Any) -> Text:
            options.update(markup=False, emoji=False)
            return super().render_str(visible(text), **options)

    return PlainConsole(highlight=False, soft_wrap=True, markup=False, emoji=False, **settings)


class _OnFirstUse:
    """A console made when it first prints: importing rich is a quarter of the start-up of a command
    (`kg query --format csv`) that never prints through it."""

    def __init__(self, **settings: Any):
        self._settings = settings
        self._console: Console | None = None

    def console(self) -> Console:
        """The console itself, made now if it was not yet."""
        if self._console is None:
            self._console = plain_console(**self._settings)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console(), name)

    def __setattr__(self, name: str, value: Any) -> None:  # e.g. a test that widens the console
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self.console(), name, value)


out = cast("Console", _OnFirstUse())
err = cast("Console", _OnFirstUse(stderr=True))


def add_data_row(table: Table, cells: Iterable[object]) -> None:
    """A row of text from the graph: plain `Text`, never markup, its control characters shown as escapes."""
    from rich.text import Text

    table.add_row(*(Text(visible(str(cell))) for cell in cells))

facts_option = click.option("--facts", "facts_dir", type=click.Path(path_type=Path), default=Path("facts"),
                             show_default=True, help="Folder of fact YAML files.")
sources_option = click.option("--sources", "sources_dir", type=click.Path(path_type=Path), default=None,
                              help="Folder of source texts; evidence spans are checked against them.")


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """The one place where library errors become messages and exit codes."""
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidData as exc:
            print_problems(exc.problems)
            sys.exit(exc.exit_code)
        except KgError as exc:
            err.print(f"error: {exc}", markup=False)
            sys.exit(exc.exit_code)
        except OSError as exc:
            err.print(f"error: {exc.strerror or exc}: {exc.filename or ''}", markup=False)
            sys.exit(2)
    return wrapper


def print_problems(problems: list[Any]) -> None:
    for problem in problems:
        out.print(problem.render(), markup=False)
    files = len({p.file for p in problems})
    err.print(f"{len(problems)} problem(s) in {files} file(s)", markup=False)

build_option = click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
                            show_default=True, help="Folder written by `kg build`.")


def graph_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--build, --store, --endpoint, --user and --password, handed to the command as one
    `graph` (a kg.store.backends.StoreChoice): every command that reads the graph reads it the same way."""
    from kg.store.backends import BACKENDS, StoreChoice

    @wraps(command)
    def wrapper(*args: Any, build_dir: Path, backend: str, endpoint: str | None, user: str | None,
                password: str | None, **kwargs: Any) -> Any:
        return command(*args, graph=StoreChoice(build_dir, backend, endpoint, user, password), **kwargs)

    options = (
        build_option,
        click.option("--store", "backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
                     envvar="KG_STORE", help="Query engine: see README 'Backends' (env KG_STORE)."),
        click.option("--endpoint", default=None, envvar="KG_ENDPOINT", metavar="URL",
                     help="A SPARQL 1.1 query endpoint to read instead of the build (env KG_ENDPOINT)."),
        click.option("--user", default=None, envvar="KG_USER", help="User name for the endpoint (env KG_USER)."),
        click.option("--password", default=None, envvar="KG_PASSWORD",
                     help="Password for the endpoint (env KG_PASSWORD; safer than the command line)."),
    )
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
