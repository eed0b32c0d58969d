"""The Oxigraph server as a child process: find the program, load a store, start, restart and stop it.

kg serve runs it behind its proxy (kg.server.serve); the engine itself only ever binds
a private port on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import math
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import KgError, UsageError

ENGINE_HOST = "127.0.0.1"
STARTUP_SECONDS = 30.0

log = logging.getLogger(__name__)


def oxigraph_executable() -> str:
    """The `oxigraph` server program: the one installed next to this Python, else the first on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise UsageError("the Oxigraph server is not installed (no `oxigraph` next to Python or on PATH); "
                         "run `pip install oxigraph`")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((ENGINE_HOST, 0))
        return int(probe.getsockname()[1])


class Engine:
    """The `oxigraph serve-read-only` child process on a private loopback port; restartable."""

    def __init__(self, executable: str, location: Path, timeout: float, logfile: Path):
        self._command = [executable, "serve-read-only", "--location", str(location),
                         "--timeout-s", str(max(1, math.ceil(timeout)))]
        # No --union-default-graph: the store holds the union, each triple once, as its own default
        # graph (kg.store.graphstore); Oxigraph's union would repeat a triple once per graph.
        self._logfile = logfile
        self._lock = threading.Lock()  # held while (re)starting, so requests wait for the new engine
        # While a query that ran past the timeout may still be computing, new requests wait for the
        # verdict (finished, or the engine restarted) rather than land on an engine about to be killed.
        self._settled = threading.Condition(self._lock)
        self._on_probation = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0

    def start(self) -> None:
        """Start the engine and wait until it answers an ASK."""
        with self._lock:
            self._start()

    def address(self) -> tuple[int, int]:
        """The engine's (port, pid); the pid names this incarnation for restart()."""
        with self._lock:
            self._settled.wait_for(lambda: not self._on_probation)
            if self._process is None:
                raise KgError("the SPARQL engine is not running")
            return self._port, self._process.pid

    def restart(self, pid: int, *, only_if_dead: bool = False) -> None:
        """Kill the engine with this pid (unless another request already did) and start a new one."""
        with self._lock:
            self._restart(pid, only_if_dead=only_if_dead)

    @contextlib.contextmanager
    def probation(self, pid: int) -> Iterator[Verdict]:
        """Hold new requests back while the block decides whether the engine with this pid is
        stuck (set `verdict.stuck`); a stuck engine is restarted when the block ends."""
        with self._lock:
            self._on_probation += 1
        verdict = Verdict()
        try:
            yield verdict
        finally:
            with self._lock:
                try:
                    self._restart(pid, only_if_dead=not verdict.stuck)
                finally:
                    self._on_probation -= 1
                    self._settled.notify_all()

    def _restart(self, pid: int, *, only_if_dead: bool) -> None:
        process = self._process
        if process is None or process.pid != pid or (only_if_dead and process.poll() is None):
            return
        log.warning("restarting the SPARQL engine (pid %s)", pid)
        process.kill()  # the store is read-only: nothing to flush
        process.wait()
        self._process = None
        self._start()

    def stop(self) -> None:
        """Terminate the engine and wait for it, so no process is left behind."""
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                terminate(process, timeout=5)

    def _start(self) -> None:
        for _attempt in range(3):  # a fresh port each time: another program may take the probed one first
            self._port = free_port()
            with self._logfile.open("ab") as logfile:
                self._process = subprocess.Popen([*self._command, "--bind", f"{ENGINE_HOST}:{self._port}"],
                                                 stdin=subprocess.DEVNULL, stdout=logfile, stderr=logfile)
            if self._answers():
                return
            self._process.kill()
            self._process.wait()
            self._process = None
        messages = [line for line in self._logfile.read_text(errors="replace").splitlines() if "rror" in line]
        raise KgError(f"the Oxigraph engine did not start: {messages[-1] if messages else 'no answer'}")

    def _answers(self) -> bool:
        assert self._process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and self._process.poll() is None:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if asks(ENGINE_HOST, self._port, timeout=2):
                    return True
            time.sleep(0.05)
        return False


class Verdict:
    """Whether a query that outlived its timeout left the engine stuck (see Engine.probation)."""

    stuck = False


def asks(host: str, port: int, *, timeout: float) -> bool:
    """Whether the SPARQL server at host:port answers `ASK {}` with true."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status == 200 and b"true" in response.read()
    finally:
        connection.close()


def load_store(executable: str, nquads: Path, ntriples: Path, location: Path) -> None:
    """Load the named graphs (kg.nq) and their union as the default graph (kg.nt) into a new store."""
    for path, media_type in ((nquads, "application/n-quads"), (ntriples, "application/n-triples")):
        result = subprocess.run([executable, "load", "--location", str(location), "--file", str(path),
                                 "--format", media_type], capture_output=True, text=True, check=False)
        if result.returncode:
            messages = [line for line in result.stderr.splitlines() if "rror" in line] or ["unknown error"]
            raise KgError(f"{path}: Oxigraph could not load it: {messages[0]}")


def terminate(process: subprocess.Popen[Any], *, timeout: float) -> None:
    """Ask a process to end, kill it if it has not within `timeout` seconds, and reap it."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
