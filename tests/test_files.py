"""Writing folders and files in one step (kg/files.py): a swap with no window, readers that find an
interrupted one, no leftovers from killed writers, and no empty file on a full disk."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.files import MARKER, STAGING_MARKER, readable_folder, replacing_folder, write_atomically

ROOT = Path(__file__).resolve().parent.parent


def _version(content: str) -> dict[str, Any]:
    return {"a.txt": lambda path: path.write_text(content), "deep/b.txt": lambda path: path.write_text(content)}


def _complete_version(folder: Path) -> str | None:
    """The version a folder holds when it is complete and consistent, else None."""
    if not (folder / MARKER).is_file():
        return None
    versions = {(folder / name).read_text() for name in ("a.txt", "deep/b.txt") if (folder / name).is_file()}
    return versions.pop() if len(versions) == 1 and (folder / "deep/b.txt").is_file() else None


# A writer that SIGKILLs itself right after the Nth file-system step of the swap, as a kill -9 or
# an OOM kill would stop it there.
KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import kg.files as files

    out, after, exchange = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "exchange"
    if not exchange:
        files._renameat2 = lambda: None  # as on a system or file system without RENAME_EXCHANGE
    steps = 0

    def counted(function):
        def step(*args, **kwargs):
            global steps
            result = function(*args, **kwargs)
            steps += 1
            if steps == after:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return step

    real_swap = files._swap

    def swap(staging, target):
        if after == 0:
            os.kill(os.getpid(), signal.SIGKILL)
        files._exchange, files._discard, os.rename = (counted(files._exchange), counted(files._discard),
                                                      counted(os.rename))
        real_swap(staging, target)

    files._swap = swap
    files.write_atomically(out, {"a.txt": lambda p: p.write_text("2"), "deep/b.txt": lambda p: p.write_text("2")})
""")


def _write_killed(out: Path, after: int, mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(out), str(after), mode], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, -signal.SIGKILL), done.stderr
    return done.returncode


@pytest.mark.parametrize("mode", ["exchange", "two-renames"])
@pytest.mark.parametrize("after", range(6))  # every step of either swap, and none
def test_a_build_killed_at_any_step_of_its_swap_leaves_a_complete_build(tmp_path: Path, mode: str,
                                                                        after: int) -> None:
    out = tmp_path / "build"
    write_atomically(out, _version("1"))
    _write_killed(out, after, mode)
    if mode == "exchange":
        # One step: the folder is always there, the old build or the new one, never missing.
        assert _complete_version(out) in ("1", "2")
    # Either way a reader finds a complete build: the folder, or the previous one beside it.
    assert _complete_version(readable_folder(out)) in ("1", "2")
    # The next write finishes the job and leaves nothing behind.
    write_atomically(out, _version("3"))
    assert _complete_version(out) == "3"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build"]


def test_the_two_rename_swap_cut_off_between_its_renames_leaves_the_old_build_readable(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    write_atomically(out, _version("1"))
    _write_killed(out, 3, "two-renames")  # (exchange refused, old discarded) out → .build.old done, staging → out not
    assert not out.exists()
    assert readable_folder(out) == tmp_path / ".build.old"
    assert "replacing it was interrupted; reading the previous one" in capfd.readouterr().err


def test_kg_query_reads_the_previous_build_when_a_swap_was_cut_off(seed_build: Path, tmp_path: Path) -> None:
    shutil.copytree(seed_build, tmp_path / ".build.old")  # as a cut-off two-rename swap leaves it
    done = subprocess.run([sys.executable, "-m", "kg", "query", "--build", str(tmp_path / "build"), "--format", "csv",
                           "SELECT ?post WHERE { id:muhyidin org:holds ?post }"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "kakanwil-sumbagsel" in done.stdout
    assert f"warning: {tmp_path / 'build'} is missing: replacing it was interrupted" in done.stderr


def test_the_on_disk_store_opens_after_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "build"

    def store(count: int) -> Any:
        def write(path: Path) -> None:
            graph = ox.Store(str(path))
            graph.extend(ox.Quad(ox.NamedNode(f"urn:x:{n}"), ox.NamedNode("urn:x:p"), ox.Literal("o"))
                         for n in range(count))
            graph.flush()
            del graph
        return write

    for count in (3, 5):  # the second write swaps a new store in over the first
        write_atomically(out, {"store": store(count)})
        assert len(ox.Store.read_only(str(out / "store"))) == count


KILLED_IN_THE_MIDDLE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from kg.files import replacing_folder

    with replacing_folder(Path(sys.argv[1]), note="x") as staging:
        (staging / "half.txt").write_text("half")
        os.kill(os.getpid(), signal.SIGKILL)
""")


def test_staging_folders_of_killed_builds_are_removed_by_the_next_write_and_no_others(tmp_path: Path) -> None:
    out = tmp_path / "build"
    write_atomically(out, _version("1"))
    left: list[Path] = []
    for _ in range(2):  # the second killed write already removes the first one's staging folder
        done = subprocess.run([sys.executable, "-c", KILLED_IN_THE_MIDDLE, str(out)], cwd=ROOT, timeout=60)
        assert done.returncode == -signal.SIGKILL
        now = [path for path in tmp_path.iterdir() if path.name.startswith(".build.")]
        assert len(now) == 1 and (now[0] / STAGING_MARKER).is_file() and now[0] not in left
        left += now
    not_ours = tmp_path / ".build.abcdefgh"  # a mkdtemp-like name, but no kg marker: a person's
    not_ours.mkdir()
    with replacing_folder(out, note="x") as living:  # a writer still at work: its lock is held
        (living / "a.txt").write_text("living")
        write_atomically(out, _version("2"))  # another writer, meanwhile
        assert living.is_dir()
        assert not any(path.exists() for path in left)
        assert not_ours.is_dir()
    assert (out / "a.txt").read_text() == "living"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".build.abcdefgh", "build"]


def test_an_export_to_a_full_disk_leaves_no_empty_file(seed_build: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "network.graphml"

    def disk_full(graph: Any, handle: Any, fmt: str) -> None:
        handle.write(b"<?xml version='1.0'")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    for previous in (None, b"the previous export"):
        if previous is not None:
            target.write_bytes(previous)
        with monkeypatch.context() as patch:
            patch.setattr("kg.cli.network.write_network", disk_full)
            result = CliRunner().invoke(main, ["export", "graphml", "--build", str(seed_build),
                                               "--out", str(target)])
        assert result.exit_code == 2, result.output
        assert "No space left on device" in result.output and "Traceback" not in result.output
        assert (target.read_bytes() if target.exists() else None) == previous
        assert sorted(path.name for path in tmp_path.iterdir()) == ([] if previous is None else [target.name])


def test_files_and_folders_written_in_one_step_get_the_modes_open_and_mkdir_give(tmp_path: Path) -> None:
    # mkstemp and mkdtemp make 0600 files and 0700 folders; the results are for others to read too.
    from kg.files import replacing_file

    mask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "build", _version("1"))
        with replacing_file(tmp_path / "network.graphml") as handle:
            handle.write(b"<graphml/>")
    finally:
        os.umask(mask)
    assert (tmp_path / "build").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "network.graphml").stat().st_mode & 0o777 == 0o644


def test_files_written_by_two_processes_are_all_there_and_a_failure_keeps_the_old_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    def page(number: int) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            time.sleep(0.005)  # long enough that the second process has started before the first is done
            path.write_text(f"<p>{number} by {os.getpid()}</p>")
        return write

    pages = {f"page/{n}.html": page(n) for n in range(200)}
    write_atomically(out, pages, workers=2)
    written = {path.relative_to(out).as_posix(): path.read_text() for path in out.rglob("*.html")}
    assert sorted(written) == sorted(pages)
    assert all(text.startswith(f"<p>{name[5:-5]} by ") for name, text in written.items())
    writers = {text.rsplit(" by ", 1)[1] for text in written.values()}
    assert str(os.getpid()) not in writers and len(writers) == 2, "two forked processes wrote the pages"

    def broken(path: Path) -> None:
        raise ValueError("a page that cannot be written")

    with pytest.raises(ValueError, match="cannot be written"):
        write_atomically(out, {**pages, "page/150.html": broken}, workers=2)
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html")) == sorted(pages)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"], "no staging folder left behind"
