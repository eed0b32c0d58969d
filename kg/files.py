"""Writing a folder of files as one step: every file into a fresh folder beside the target, which
replaces the target only when all were written, so a failure leaves the previous folder intact.

`kg build`, `kg viz`, `kg stakeholders`, `kg workshop` and `kg synth` all write this way; a
marker file tells a folder kg wrote from one a person made, which is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import UsageError
from kg.progress import NO_PROGRESS, Steps

MARKER = ".kg-build"  # marks a folder kg wrote, so kg never replaces a folder a person made


def limit(variable: str, default: int) -> int:
    """A size limit: the environment variable when it holds a number, else the default."""
    text = os.environ.get(variable, "")
    return int(text) if text.strip().isdigit() else default


def text_writer(content: Callable[[], str]) -> Callable[[Path], None]:
    """A writer of UTF-8 text, made only when the file is written."""
    def write(path: Path) -> None:
        path.write_text(content(), encoding="utf-8")
    return write


def copier(source: Path) -> Callable[[Path], None]:
    """A writer that copies `source`."""
    def write(path: Path) -> None:
        shutil.copyfile(source, path)
    return write


def write_atomically(out: Path, files: dict[str, Callable[[Path], None]], *,
                     steps: Steps = NO_PROGRESS) -> list[Path]:
    """Write all files into `out`, replacing its previous content only on success."""
    with replacing_folder(out, note="written by kg build; the whole folder is replaced on rebuild\n") as staging:
        for name, write in steps.track(list(files.items()), f"writing {out.name}/"):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write(target)
    return [out.resolve() / name for name in files]


@contextlib.contextmanager
def replacing_folder(out: Path, *, note: str, marker: str = MARKER, writer: str = "kg") -> Iterator[Path]:
    """A fresh folder beside `out` to write into; it replaces `out` when the block ends without an
    error, and is removed when it does not. `marker` (holding `note`) marks what `writer` wrote, so a
    folder a person made is never replaced."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / marker).exists())):
        raise UsageError(f"{out} exists and was not written by {writer}; choose another --out or empty it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield staging
        (staging / marker).write_text(note, encoding="utf-8")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
