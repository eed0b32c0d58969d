"""The built graph as a read-only SPARQL 1.1 endpoint: the Oxigraph server behind a small loopback proxy.

The engine is the Oxigraph server from the PyPI package `oxigraph`, started as
`oxigraph serve-read-only` on the build's on-disk store, whose default graph holds
the union of the named graphs, each distinct triple once, as in
kg.store.graphstore.GraphStore. It answers the SPARQL 1.1 Protocol (GET, POST form,
POST application/sparql-query), negotiates JSON, XML, CSV, TSV, Turtle and
JSON-LD, and serves its bundled YASGUI page at `/`.

Why a proxy sits in front of it (Oxigraph 0.5 offers none of these itself):

* a result-size cap: the proxy buffers at most `max_result_bytes` of an answer
  and sends 413 instead of a truncated document;
* a timeout that holds: `--timeout-s` only cancels at Oxigraph's storage reads,
  so a cross product or a sort of materialised rows runs on for ever, and a
  cancelled query still ends as "200 OK" with a cut-off body. The proxy answers
  504 at the timeout and, when the engine has not finished that answer a second
  after its own --timeout-s, restarts it: the only way to stop such a query.
  New requests wait for that verdict; queries running at the restart fail with 502;
* SERVICE: the server follows `SERVICE <any URL>` without restriction. The
  proxy refuses any request whose text contains the keyword SERVICE (one
  textual guard, below; the proxy does not parse or evaluate queries);
* updates are refused before they reach the engine (which refuses them too);
* the query page at `/` is the proxy's own, around Oxigraph's bundled YASGUI,
  because Oxigraph's page lets the editor fetch prefix.cc and LOV;
* request bodies are capped, and only a loopback Host header is accepted, so a
  web page cannot reach the endpoint through DNS rebinding;
* a listen backlog that holds a burst: the standard library's default of 5 made
  32 clients that connect per request lose SYNs and connections.

The proxy only ever listens on a loopback address: the endpoint is for this machine.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import ipaddress
import json
import logging
import math
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from kg.errors import KgError, UsageError
from kg.files import readable_folder
from kg.namespaces import PREFIXES
from kg.server.engine import ENGINE_HOST, STARTUP_SECONDS, Engine, asks, load_store, oxigraph_executable
from kg.store.graphstore import BUILD_FILE, STORE_DIR, UNION_FILE, stores_union
from kg.store.sparqlguard import refusal

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULT_BYTES = 10_000_000
DEFAULT_MAX_REQUEST_BYTES = 1_000_000
LISTEN_BACKLOG = 1024  # the kernel caps it at net.core.somaxconn (4096 on current Linux)
MAX_CONNECTIONS = 256  # connections served at once (a thread each); more wait in the backlog
IDLE_SECONDS = 60.0  # a kept-alive connection with no request for this long is closed, freeing its thread
# How long past its own --timeout-s (whole seconds) the engine gets to cancel a query that ran past
# the timeout before it is taken for stuck and restarted.
CANCEL_GRACE_SECONDS = 1.0

log = logging.getLogger(__name__)




# The query page: Oxigraph's bundled YASGUI with only its local "variables" completer (the others
# fetch prefix.cc and lov.linkeddata.es), and a Content-Security-Policy that keeps the browser here.
_EXAMPLE = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("rdfs", "skos", "org", "kg", "id")) + (
    "SELECT DISTINCT ?person ?post WHERE {\n  ?person a kg:Person ; org:holds ?post .\n} LIMIT 25\n")
_UI_SCRIPT = f"""
Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter((name) => name === "variables");
const endpoint = new URL("query", window.location.href).href;
new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{endpoint: endpoint, method: "POST"}},
  endpointCatalogueOptions: {{getData: () => [{{endpoint: endpoint}}], keys: []}},
  yasqe: {{value: {json.dumps(_EXAMPLE)}}},
}});
"""
_UI_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kg: SPARQL</title>
<link href="yasgui.min.css" rel="stylesheet"><script src="yasgui.min.js"></script>
<link rel="icon" type="image/svg+xml" href="logo.svg"></head>
<body><div id="yasgui"></div><script>{_UI_SCRIPT}</script></body></html>
""".encode()
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_UI_SCRIPT.encode()).digest()).decode()
_CSP = (f"default-src 'self'; script-src 'self' 'sha256-{_SCRIPT_HASH}'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'")


def loopback_host(host: str) -> str:
    """The address to listen on for `host`, which must be a loopback one (localhost means 127.0.0.1)."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is None or not address.is_loopback:
        raise UsageError(f"host {host!r} is not a loopback address; kg serve only listens on this machine "
                         "(use 127.0.0.1, ::1 or localhost)")
    return str(address)


def _url(host: str, port: int, path: str) -> str:
    return f"http://[{host}]:{port}{path}" if ":" in host else f"http://{host}:{port}{path}"


@dataclass(frozen=True)
class Endpoint:
    """A running endpoint: where to send queries, where the query page is, and the engine behind it."""

    host: str
    port: int
    engine: Engine

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol URL."""
        return _url(self.host, self.port, "/query")

    @property
    def ui_url(self) -> str:
        """The query page: Oxigraph's bundled YASGUI, kept from fetching anything elsewhere."""
        return _url(self.host, self.port, "/")

    @property
    def engine_url(self) -> str:
        """The engine's own query URL, bypassing the proxy and its guards (for diagnostics and tests)."""
        return _url(ENGINE_HOST, self.engine.address()[0], "/query")


class _Proxy(HTTPServer):
    """The standard library's HTTP server with a listen backlog that holds a burst of clients, one
    daemon thread per connection, and at most MAX_CONNECTIONS of them at a time."""

    # The default backlog of 5 overflowed at 32 clients opening a connection per request: SYNs were
    # dropped and retried a second later (p99 2.1 s) and some connections were reset.
    request_queue_size = LISTEN_BACKLOG
    engine: Engine
    timeout_s: float
    max_result_bytes: int
    max_request_bytes: int

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]):
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._stopping = False

    def process_request(self, request: Any, client_address: Any) -> None:
        # Beyond MAX_CONNECTIONS the accept loop waits, and new clients wait in the backlog.
        while not self._slots.acquire(timeout=0.1):
            if self._stopping:
                self.shutdown_request(request)
                return
        threading.Thread(target=self._work, args=(request, client_address), daemon=True).start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def shutdown(self) -> None:
        self._stopping = True
        super().shutdown()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up is no error of ours
            super().handle_error(request, client_address)


class _Proxy6(_Proxy):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Proxy
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = IDLE_SECONDS

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return self._reply(411, "send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= self.server.max_request_bytes:
            self.close_connection = True  # the unread body must not be taken for the next request
            return self._reply(413, f"request body larger than {self.server.max_request_bytes} bytes")
        self._handle(self.rfile.read(length))

    def _handle(self, body: bytes) -> None:
        host = self.headers.get("Host")
        if host is not None and not _names_loopback(host):
            return self._reply(403, f"Host {host!r} refused: this endpoint answers only loopback addresses")
        if self.command == "GET" and self.path.partition("?")[0] in ("/", "/index.html"):
            return self._send(200, "text/html; charset=utf-8", _UI_PAGE)
        refused = refusal(self.command, self.path, self.headers.get("Content-Type", ""), body)
        if refused:
            return self._reply(*refused)
        self._forward(body)

    def _forward(self, body: bytes) -> None:
        server = self.server
        try:
            port, pid = server.engine.address()
        except KgError as exc:  # stopping, or a restart that failed
            return self._reply(503, str(exc))
        started = time.monotonic()
        deadline = started + server.timeout_s
        headers = {name: value for name in ("Accept", "Content-Type", "Host")
                   if (value := self.headers.get(name)) is not None}
        connection = http.client.HTTPConnection(ENGINE_HOST, port, timeout=server.timeout_s)
        response: http.client.HTTPResponse | None = None
        try:
            connection.request(self.command, self.path, body=body if self.command == "POST" else None,
                               headers=headers)
            engine_socket = connection.sock
            response = connection.getresponse()
            data = bytearray()
            while chunk := _read_some(response, engine_socket, deadline):
                data += chunk
                if len(data) > server.max_result_bytes:
                    return self._reply(413, f"result larger than {server.max_result_bytes} bytes; add LIMIT "
                                            "or narrow the query")
        except TimeoutError:
            # The answer is due now; whether the engine is stuck is decided after it is sent.
            grace_until = started + math.ceil(server.timeout_s) + CANCEL_GRACE_SECONDS
            with server.engine.probation(pid) as verdict:
                self.close_connection = True
                with contextlib.suppress(ConnectionError):
                    self._reply(504, self._too_slow())
                # Oxigraph's --timeout-s cancels a query at its next storage read, so it may still
                # finish; one that computes without reading (or streams for ever) cannot be stopped
                # but by stopping the engine.
                verdict.stuck = not _finishes(connection, response, self.command, grace_until)
            return
        except (OSError, http.client.HTTPException) as exc:
            self._reply(502, f"the SPARQL engine failed to answer: {exc or type(exc).__name__}")
            server.engine.restart(pid, only_if_dead=True)
            return
        finally:
            connection.close()
        if time.monotonic() - started > server.timeout_s:  # e.g. Oxigraph's own cancellation: 200 and a cut body
            return self._reply(504, self._too_slow())
        self._send(response.status, response.getheader("Content-Type", "application/octet-stream"), bytes(data))

    def _too_slow(self) -> str:
        return f"query ran longer than {self.server.timeout_s:g} s and was stopped; narrow it or add LIMIT"

    def _reply(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", _CSP)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


def _names_loopback(host_header: str) -> bool:
    host = host_header.strip().lower()
    host = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_some(response: http.client.HTTPResponse, engine_socket: socket.socket | None, deadline: float) -> bytes:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    if engine_socket is not None:
        engine_socket.settimeout(remaining)  # a deadline for the whole answer, not per read
    return response.read1(65536)


def _finishes(connection: http.client.HTTPConnection, response: http.client.HTTPResponse | None, method: str,
              deadline: float) -> bool:
    """Whether the engine's answer (its status line, when it had not come yet) ends by the deadline."""
    engine_socket = connection.sock
    if engine_socket is None:
        return True
    try:
        if response is None:  # getresponse() gave up waiting; the socket is still open
            engine_socket.settimeout(max(0.001, deadline - time.monotonic()))
            response = http.client.HTTPResponse(engine_socket, method=method)
            response.begin()
        while _read_some(response, engine_socket, deadline):
            pass
    except TimeoutError:
        return False
    except (OSError, http.client.HTTPException):
        return True  # it answered, or closed the connection: it is not computing any more
    return True


def _listen(host: str, port: int) -> _Proxy:
    try:
        return (_Proxy6 if ":" in host else _Proxy)((host, port), _Handler)
    except OSError as exc:
        if exc.errno == 98 or "in use" in str(exc).lower():  # EADDRINUSE (also on macOS, by its message)
            raise UsageError(f"port {port} on {host} is already in use; choose another with --port") from None
        raise UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def serve_build(build_dir: Path | str, *, host: str = "127.0.0.1", port: int = 0, timeout: float = DEFAULT_TIMEOUT,
                max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
                max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES) -> Iterator[Endpoint]:
    """Serve the graph `kg build` wrote into build_dir until the block ends; port 0 picks a free port.

    The engine serves the build's own store (build_dir/store) read-only; a build
    without one is loaded into a temporary store. The engine, any temporary store
    and the proxy are all gone when the block exits, normally or by an exception.

    Examples
    --------
    After `kg build` (tests/test_server_serve.py runs it on the seed build)::

        with serve_build(Path("build"), port=0) as endpoint:
            print(endpoint.query_url)  # http://127.0.0.1:40213/query
    """
    build_dir = readable_folder(Path(build_dir))
    nquads = build_dir / BUILD_FILE
    if not nquads.is_file():
        raise UsageError(f"{build_dir}: no built graph ({BUILD_FILE} missing); run `kg build` first")
    if timeout <= 0 or max_result_bytes <= 0 or max_request_bytes <= 0:
        raise UsageError("timeout, max_result_bytes and max_request_bytes must be positive")
    bind = loopback_host(host)
    executable = oxigraph_executable()
    proxy = _listen(bind, port)  # first, so a taken port fails before any engine starts
    workdir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    # The build's own on-disk store is served as it is (read-only); an older build without
    # one, or with one whose default graph is not yet the union, is loaded into a temporary store first.
    built_store = build_dir / STORE_DIR
    location = built_store if stores_union(built_store) else workdir / "store"
    engine = Engine(executable, location, timeout, workdir / "oxigraph.log")
    thread = threading.Thread(target=proxy.serve_forever, args=(0.1,), name="kg-serve-proxy", daemon=True)
    try:
        if location != built_store:
            load_store(executable, nquads, Path(build_dir) / UNION_FILE, location)
        engine.start()
        proxy.engine, proxy.timeout_s = engine, timeout
        proxy.max_result_bytes, proxy.max_request_bytes = max_result_bytes, max_request_bytes
        thread.start()
        endpoint = Endpoint(bind, int(proxy.server_address[1]), engine)
        if not asks(bind, endpoint.port, timeout=STARTUP_SECONDS):
            raise KgError(f"the SPARQL endpoint at {endpoint.query_url} does not answer")
        yield endpoint
    finally:
        if thread.is_alive():
            proxy.shutdown()
        proxy.server_close()
        engine.stop()
        shutil.rmtree(workdir, ignore_errors=True)

