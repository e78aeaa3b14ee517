"""A small threaded HTTP server for fakes: keep-alive, quiet about clients that hang up, stoppable."""

from __future__ import annotations

import contextlib
import logging
import math
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from lib.redact import redact

log = logging.getLogger("tests.fakes")


class Answer(NamedTuple):
    """What the fake sends back, and how slowly."""

    status: int
    content_type: str
    body: str
    delay: float = 0.0  # seconds before answering; math.inf: never (until the server stops)
    drip: float = 0.0  # seconds between the body's bytes; 0: the body at once


# (query parameters, client address) -> an Answer (or a tuple of its fields)
Responder = Callable[[dict[str, str], tuple[str, int]], tuple]


class FakeServer(ThreadingHTTPServer):
    """Serve GET `path` on 127.0.0.1 with `responder` until `close` is called."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, *, port: int, path: str, responder: Responder) -> None:
        self.path = path
        self.responder = responder
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        super().__init__(("127.0.0.1", port), _Handler)

    def start(self) -> None:
        """Start serving in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="fake-server", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving, wake delayed answers, close every open connection and the socket."""
        self.stopping.set()
        self.shutdown()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def process_request(self, request, client_address) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        # A client that gave up on a slow answer closes its end; that is expected, not an error.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a client's session can reuse its connection
    server_version = "FakeAlphaVantage/1.0"
    timeout = 10  # idle keep-alive connections end on their own
    server: FakeServer

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        if split.path != self.server.path:
            self._send(404, "text/plain; charset=utf-8", "not found\n")
            return
        query = {name: values[0] for name, values in parse_qs(split.query, keep_blank_values=True).items()}
        answer = Answer(*self.server.responder(query, self.client_address))
        if answer.delay and self.server.stopping.wait(None if math.isinf(answer.delay) else answer.delay):
            return  # stopped while waiting: answer nothing
        self._send(answer.status, answer.content_type, answer.body, drip=answer.drip)

    def _send(self, status: int, content_type: str, body: str, *, drip: float = 0.0) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not drip:
            self.wfile.write(data)
            return
        for index in range(len(data)):  # one byte at a time: every read succeeds, the answer never ends
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if self.server.stopping.wait(drip):
                return

    def log_message(self, format: str, *args) -> None:
        log.debug(redact(format % args))  # the request line carries the API key
