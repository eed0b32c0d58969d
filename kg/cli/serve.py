"""`kg serve`: the built graph as a read-only SPARQL endpoint on this machine, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType

import click

from kg.cli.options import build_option, err, out, reports_errors
from kg.server.serve import DEFAULT_MAX_RESULT_BYTES, DEFAULT_TIMEOUT


class _Stopped(BaseException):
    """SIGINT or SIGTERM arrived; a BaseException so that no `except Exception` swallows it."""


def _stop(signum: int, frame: FrameType | None) -> None:
    # Ignore further signals: a second Ctrl-C must not cut short the cleanup that stops the engine.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise _Stopped(signum)


@click.command()
@build_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Loopback address to listen on (127.0.0.1, ::1 or localhost); other addresses are refused.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds a query may run; a slower one gets an error and is stopped.")
@click.option("--max-result-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_RESULT_BYTES, show_default=True,
              help="Largest answer sent; a bigger one gets an error asking for LIMIT.")
@reports_errors
def serve(build_dir: Path, host: str, port: int, timeout: float, max_result_bytes: int) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint with a query page, until Ctrl-C.

    The first line printed is the SPARQL endpoint's URL, once it answers.
    Updates, LOAD and SERVICE are refused; only loopback addresses are served.

    Example:

        kg serve --build build --port 8000
    """
    from kg.server.serve import serve_build

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with serve_build(build_dir, host=host, port=port, timeout=timeout,
                         max_result_bytes=max_result_bytes) as endpoint:
            out.print(f"SPARQL endpoint: {endpoint.query_url}", markup=False)
            out.print(f"Query page: {endpoint.ui_url}", markup=False)
            out.file.flush()  # a parent process may be waiting for these lines on a pipe
            err.print("Press Ctrl-C to stop.", markup=False)
            while True:
                time.sleep(3600)
    except _Stopped:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
