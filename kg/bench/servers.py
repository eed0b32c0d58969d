"""Real SPARQL servers for the tests and the push benchmark (kg.bench.push), started on 127.0.0.1 and always stopped.

Two launchers, each returning a `Server` (or use them as context managers):

    with start_oxigraph() as server:        # `oxigraph serve` from the oxigraph package, read-write
        ...
    with start_virtuoso() as server:        # Virtuoso Open Source (`virtuoso-t`, Debian's virtuoso-opensource-7-bin)
        ...

`Server` fields:

- `name`: "oxigraph" or "virtuoso";
- `query_url`: the SPARQL 1.1 query endpoint, open to anyone (Oxigraph `/query`, Virtuoso `/sparql`);
- `update_url`: the SPARQL 1.1 update endpoint (Oxigraph `/update`, unauthenticated; Virtuoso
  `/sparql-auth`, HTTP Digest as `user`/`password`);
- `user`, `password`: the credentials for `update_url` (None for Oxigraph, which has no accounts);
- `stop()`: kills the server's whole process group and removes its temporary folder. Idempotent.

tests/conftest.py wraps them as the session fixtures `oxigraph_server` and `virtuoso_server`. On
both servers the data should go into named graphs: Oxigraph runs with `--union-default-graph` (the
default graph is the union of the named graphs, a triple once per graph that holds it), and
Virtuoso's default graph is the union of *all* its graphs, its own system graphs included. After
`kg push`, kg's remote backend names the pushed union graph as the default graph instead. Ask Virtuoso for JSON results
(`Accept: application/sparql-results+json`).

`VIRTUOSO_REASON` says why Virtuoso cannot run here (None when it can): the tests fail with it,
unless Virtuoso was left out on purpose (KG_LEAVE_OUT=virtuoso; see tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from kg.server.engine import ENGINE_HOST, free_port, oxigraph_executable

STARTUP_SECONDS = 60.0
VIRTUOSO = os.environ.get("KG_VIRTUOSO") or shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
VIRTUOSO_REASON = (None if Path(VIRTUOSO).is_file() else
                   "Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin, or set KG_VIRTUOSO)")


@dataclass
class Server:
    """A running SPARQL server; `stop()` ends it and removes its files."""

    name: str
    query_url: str
    update_url: str
    user: str | None
    password: str | None
    process: subprocess.Popen[bytes] = field(repr=False)
    workdir: Path = field(repr=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # its data is thrown away: nothing to flush
        self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.workdir.glob("*.log")))

    def __enter__(self) -> Server:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


def start_oxigraph() -> Server:
    """`oxigraph serve` (read-write) on a fresh store in a temporary folder; starts in well under a second."""
    return _retried(_oxigraph)


def _oxigraph() -> Server:
    workdir = Path(tempfile.mkdtemp(prefix="kg-oxigraph-"))
    port = free_port()
    command = [oxigraph_executable(), "serve", "--location", str(workdir / "store"),
               "--bind", f"{ENGINE_HOST}:{port}", "--union-default-graph"]
    base = f"http://{ENGINE_HOST}:{port}"
    return _started(Server("oxigraph", f"{base}/query", f"{base}/update", None, None,
                           _spawn(command, workdir), workdir), port, "/query")


# Debian's virtuoso.ini, cut down: files in the temporary folder, its small buffers, no automatic
# checkpoints. The [SPARQL] limits are the stock ones (at most 10,000 result rows, 60 s per request,
# and the cost estimate that makes it refuse an INSERT DATA of more than about 1,400 triples), so
# that kg meets the server as it is usually configured.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
SchedulerInterval = 0
MaxQueryMem = 1G
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
MaxKeepAlives = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = {cost_limit}
MaxQueryExecutionTime = 60
"""


def start_virtuoso(*, cost_limit: int = 400) -> Server:
    """`virtuoso-t` in the foreground on a new database in a temporary folder; user dba, password dba.

    Creating the database is most of the start-up: 3 to 5 s. `cost_limit` is the stock
    MaxQueryCostEstimationTime (seconds, 0 for none): Virtuoso refuses a query its planner
    guesses to be slower, and it guesses wildly on the larger named questions.
    """
    if VIRTUOSO_REASON:
        raise RuntimeError(VIRTUOSO_REASON)
    return _retried(lambda: _virtuoso(cost_limit))


def _virtuoso(cost_limit: int) -> Server:
    workdir = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    sql_port = http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, host=ENGINE_HOST, sql_port=sql_port, http_port=http_port,
                                       cost_limit=cost_limit))
    base = f"http://{ENGINE_HOST}:{http_port}"
    command = [VIRTUOSO, "+foreground", "+configfile", str(ini)]
    return _started(Server("virtuoso", f"{base}/sparql", f"{base}/sparql-auth", "dba", "dba",
                           _spawn(command, workdir), workdir), http_port, "/sparql")


def _retried(start: Callable[[], Server]) -> Server:
    """Start a server, again on new ports if it fails (another program may take a probed port first)."""
    for _attempt in range(2):
        with contextlib.suppress(RuntimeError):
            return start()
    return start()


def _spawn(command: list[str], workdir: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so that stop() can kill the server and anything it started in one go.
    with (workdir / "server.log").open("ab") as log:
        return subprocess.Popen(command, cwd=workdir, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)


def _started(server: Server, port: int, path: str) -> Server:
    """Wait until the server answers `ASK {}`; stop it and raise with its log if it does not in time."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.process.poll() is None:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if _answers(port, path):
                return server
        time.sleep(0.1)
    log = server.log()
    server.stop()
    raise RuntimeError(f"{server.name} did not start within {STARTUP_SECONDS:.0f} s:\n{log[-2000:]}")


def _answers(port: int, path: str) -> bool:
    """Whether `ASK {}` at path gets a 200. Not whether it says true: Virtuoso answers an ASK as a
    SELECT of one variable, __ASK_RETVAL, whose one row holds 1 (and a false ASK has no row)."""
    connection = http.client.HTTPConnection(ENGINE_HOST, port, timeout=2)
    try:
        connection.request("GET", f"{path}?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        return response.status == 200
    finally:
        connection.close()
