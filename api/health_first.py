"""A gunicorn worker that answers `/health` on threads of its own, so the probe never waits for a request thread.

gunicorn's threaded worker queues every request for one pool of threads: with all of them busy (slow queries,
a flood of clients), a health probe waits its turn, and an orchestrator restarts a service that is only busy.
This worker peeks at a connection's first bytes before queuing it (nothing is consumed: the request is then
read as usual) and gives `GET /health` requests to a small pool of their own. A connection whose request has
not arrived yet waits on the poller, as gunicorn does for idle keep-alive connections, and is routed once it
has.
"""

from __future__ import annotations

import selectors
import socket
import time
from concurrent import futures
from functools import partial
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

# What a health probe's request line starts with (any query string or HTTP version after it).
_HEALTH_LINES = (b"GET /health ", b"GET /health?", b"HEAD /health ", b"HEAD /health?")
_PEEK_BYTES = max(len(line) for line in _HEALTH_LINES)
HEALTH_THREADS = 2


class HealthFirstWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's gthread worker, with /health on HEALTH_THREADS threads apart from the request threads."""

    def init_process(self) -> None:
        self.health_pool = futures.ThreadPoolExecutor(max_workers=HEALTH_THREADS, thread_name_prefix="health")
        super().init_process()

    def enqueue_req(self, conn: Any) -> None:
        if self.cfg.is_ssl:  # the first bytes are a TLS handshake: no request line to peek at
            super().enqueue_req(conn)
            return
        head = _peek(conn.sock)
        if head is None and not conn.initialized and not conn.data_ready:
            self._wait_for_request(conn)
            return
        if head is not None and head.startswith(_HEALTH_LINES):
            fs = self.health_pool.submit(self.handle, conn)
            fs.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))
            return
        super().enqueue_req(conn)

    def _wait_for_request(self, conn: Any) -> None:
        """Park a new connection on the poller until its request arrives (then `enqueue_req` routes it)."""
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def handle_quit(self, sig: Any, frame: Any) -> None:
        self.health_pool.shutdown(wait=False)
        super().handle_quit(sig, frame)


def _peek(sock: socket.socket) -> bytes | None:
    """The first bytes waiting on `sock`, left there; None when none have arrived (or the peer has gone)."""
    try:
        head = sock.recv(_PEEK_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""  # let the request thread meet the error and close the connection as gunicorn does
    return head or b""
