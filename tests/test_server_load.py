"""kg serve under many clients at once: a listen backlog that holds them, and every one answered.

How fast is measured by `python -m kg.bench.load` (docs/benchmarks.md), not here.
"""

from __future__ import annotations

import socket
import threading

from kg.server.serve import Endpoint, _listen
from tests.serving import HOLDS, KAKANWIL, Reply, via_form

CLIENTS = 32


def test_32_clients_connecting_at_once_are_queued_not_dropped() -> None:
    # With the standard library's backlog of 5, the kernel dropped the SYNs of all but 6 clients
    # while the server was busy accepting: they waited a second or more, and some were reset.
    proxy = _listen("127.0.0.1", 0)  # listening, but not accepting yet: only the backlog holds them
    clients = [socket.socket() for _ in range(CLIENTS)]
    try:
        refused = 0
        for client in clients:
            client.settimeout(0.5)
            try:
                client.connect(proxy.server_address[:2])
            except OSError:
                refused += 1
        assert refused == 0, f"{refused} of {CLIENTS} connections were not queued"
    finally:
        for client in clients:
            client.close()
        proxy.server_close()


def test_32_concurrent_clients_each_with_a_new_connection_are_all_answered(endpoint: Endpoint) -> None:
    start = threading.Barrier(CLIENTS)
    replies: list[Reply | BaseException] = []

    def client() -> None:
        start.wait()
        try:
            replies.append(via_form(endpoint.query_url, HOLDS))  # urllib: a new connection per request
        except BaseException as exc:  # a reset or refused connection is what this test looks for
            replies.append(exc)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(replies) == CLIENTS
    failures = [reply for reply in replies if not isinstance(reply, Reply) or reply.status != 200]
    assert failures == []
    assert all(KAKANWIL in reply.text for reply in replies if isinstance(reply, Reply))
