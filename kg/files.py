"""Writing a folder of files as one step: every file into a fresh folder beside the target, which
replaces the target only when all were written, so a failure leaves the previous folder intact;
and one file the same way (replacing_file).

`kg build`, `kg viz`, `kg stakeholders`, `kg workshop` and `kg synth` all write this way; a
marker file tells a folder kg wrote from one a person made, which is never replaced.

The replacement itself is one step where Linux offers it: renameat2(RENAME_EXCHANGE) swaps the
new folder and the old one atomically, so the target always exists, complete, even if the
process is killed (or the power fails: the new files are synced first) at any point. Elsewhere
(other systems, file systems without RENAME_EXCHANGE) it takes two renames, target → `.NAME.old`
and new → target; readers that find the target missing and `.NAME.old` there read that
(readable_folder), and the next write finishes the job.

A writer holds a lock (flock) on its staging folder while it lives, so the next write of the
same target removes staging folders that killed writers left behind, and only those.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from kg.errors import UsageError
from kg.progress import NO_PROGRESS, Steps

MARKER = ".kg-build"  # marks a folder kg wrote, so kg never replaces a folder a person made
STAGING_MARKER = ".kg-staging"  # marks a folder being written (it holds the writer's PID, for people)


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
                     steps: Steps = NO_PROGRESS, workers: int = 1) -> list[Path]:
    """Write all files into `out`, replacing its previous content only on success.

    With `workers` above 1 (and where processes can fork), that many processes share the files:
    each writer runs in a copy of this process, so it sees everything the writers were made from
    without pickling it. For the thousands of independent pages of a national site.
    """
    with replacing_folder(out, note="written by kg build; the whole folder is replaced on rebuild\n") as staging:
        items = list(files.items())
        for name, _write in items:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
        if workers > 1 and len(items) > workers and "fork" in multiprocessing.get_all_start_methods():
            global _FORKED
            _FORKED = (staging, files)
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    done = pool.imap_unordered(_write_forked, list(files), chunksize=8)
                    for _ in steps.track(done, f"writing {out.name}/", total=len(items)):
                        pass
            finally:
                _FORKED = None
        else:
            for name, write in steps.track(items, f"writing {out.name}/"):
                write(staging / name)
    return [out.resolve() / name for name in files]


_FORKED: tuple[Path, dict[str, Callable[[Path], None]]] | None = None  # what a forked writer writes, and where


def _write_forked(name: str) -> None:
    assert _FORKED is not None, "set before the processes fork"
    staging, files = _FORKED
    files[name](staging / name)


@contextlib.contextmanager
def replacing_folder(out: Path, *, note: str, marker: str = MARKER, writer: str = "kg") -> Iterator[Path]:
    """A fresh folder beside `out` to write into; it replaces `out` when the block ends without an
    error, and is removed when it does not. `marker` (holding `note`) marks what `writer` wrote, so a
    folder a person made is never replaced."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / marker).exists())):
        raise UsageError(f"{out} exists and was not written by {writer}; choose another --out or empty it")
    out.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as held:
        with _locked(out.parent):  # no other writer here creates its staging folder while stale ones go
            _remove_stale(out, marker)
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
            staging.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would become the folder's mode
            (staging / STAGING_MARKER).write_text(f"{os.getpid()}\n", encoding="utf-8")
            held.enter_context(_locked(staging))
        try:
            yield staging
            (staging / marker).write_text(note, encoding="utf-8")
            (staging / STAGING_MARKER).unlink()
            _sync_tree(staging)
            with _locked(out.parent):
                _swap(staging, out)
        except BaseException:
            _discard(staging)
            raise


def _swap(staging: Path, out: Path) -> None:
    old = _previous(out)
    if out.exists():
        if _exchange(staging, out):
            _sync_folder(out.parent)
            _discard(staging)  # it holds the previous folder now
            _discard(old)  # left by a two-rename swap that was cut off
            return
        _discard(old)
        out.rename(old)  # from here until the next rename, readers read `old` (readable_folder)
    staging.rename(out)
    _sync_folder(out.parent)
    _discard(old)


def _discard(folder: Path) -> None:
    """Remove a folder kg wrote, its marker files last: a removal cut short leaves a folder that the
    next write still knows for its own (_remove_stale)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for entry in folder.iterdir():
        if entry.name.startswith(".kg-") and entry.is_file():  # MARKER, STAGING_MARKER, kg synth's
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _previous(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.old")


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ≥ 3.15); False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False  # an old kernel, or a file system without RENAME_EXCHANGE (some FUSE, NFS)
    raise OSError(code, os.strerror(code), str(b))


def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc ≥ 2.28, musl ≥ 1.2.2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _sync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder` to disk, so that after a power cut the swapped-in
    folder is complete rather than a tree of empty files.

    One syncfs(2) of the file system where Linux has it: a national site is tens of thousands of
    pages, and an fsync each cost more than writing them. Elsewhere, every file in turn."""
    if _syncfs(folder):
        return
    for root, _dirs, files in os.walk(folder):
        for name in files:
            descriptor = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        _sync_folder(Path(root))


def _syncfs(folder: Path) -> bool:
    """Flush the file system that holds `folder`, in one call; False where there is no syncfs."""
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs  # Linux, glibc ≥ 2.14
    except (OSError, AttributeError):
        return False
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        return bool(function(descriptor) == 0)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder; nothing to do then
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[bool]:
    """An exclusive flock on the folder for the block; False where the file system has none."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)  # closing releases the lock


def _remove_stale(out: Path, marker: str) -> None:
    """Remove what earlier writes of `out` left: staging folders of writers that died (their lock is
    free), and a `.NAME.old` folder a two-rename swap left beside a complete `out`."""
    if out.is_dir():
        _discard(_previous(out))
    # tempfile.mkdtemp names: the prefix and eight characters
    pattern = re.compile(re.escape(f".{out.name}.") + r"[a-z0-9_]{8}")
    for candidate in out.parent.iterdir():
        if not pattern.fullmatch(candidate.name) or candidate.is_symlink() or not candidate.is_dir():
            continue
        if not ((candidate / STAGING_MARKER).is_file() or (candidate / marker).is_file()):
            continue  # not written by kg: leave it
        try:
            descriptor = os.open(candidate, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a living writer holds it (or locks are not supported: nothing is proven)
        else:
            _discard(candidate)
        finally:
            os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; it is set back at once
    os.umask(mask)
    return mask


_announced: set[Path] = set()


def readable_folder(folder: Path, *, marker: str = MARKER) -> Path:
    """The folder to read for `folder`: itself, or, when a two-rename replacement of it was cut off
    between its renames, the complete previous folder left at `.NAME.old` (said once on stderr).

    Examples
    --------
    >>> readable_folder(Path("build"))  # a build folder that is where it should be
    PosixPath('build')
    """
    if folder.exists():
        return folder
    previous = _previous(folder.absolute())
    if previous.is_dir() and (previous / marker).is_file():
        if previous not in _announced:
            _announced.add(previous)
            print(f"warning: {folder} is missing: replacing it was interrupted; reading the previous one, "
                  f"{previous} (the next kg build puts it back)", file=sys.stderr)
        return previous
    return folder



def replace_text(path: Path, text: str, what: str) -> None:
    """Write `text` (UTF-8) as the whole of `path`, which is replaced only once it is written; a clear error
    naming `what` when it cannot be (a missing folder, a full disk)."""
    try:
        with replacing_file(path, encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def replacing_file(path: Path, *, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A file to write (binary, or text in `encoding`) that replaces `path` only when the block ends
    without an error (a full disk, say); until then it is a hidden file beside it, removed on failure."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o666 & ~_umask())  # as open() would make it, not mkstemp's 0600
        with os.fdopen(descriptor, "w" if encoding else "wb", encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
