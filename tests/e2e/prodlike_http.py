"""Speak HTTP to nginx on 127.0.0.1 with exactly the headers the drill chooses."""

from __future__ import annotations

import gzip
import http.client
import json
from dataclasses import dataclass
from email.message import Message


@dataclass
class Reply:
    """One HTTP answer: status, headers and the raw (still encoded) body."""

    status: int
    headers: Message
    body: bytes

    def header(self, name: str) -> str:
        """Return a header's value, or "" when absent."""
        return self.headers.get(name, "") or ""

    def decoded(self) -> bytes:
        """Return the body with any gzip content coding removed."""
        return gzip.decompress(self.body) if self.header("Content-Encoding") == "gzip" else self.body

    def json(self):
        """Return the body parsed as JSON."""
        return json.loads(self.decoded())


class Client:
    """A keep-alive connection to one port on 127.0.0.1, reopened after errors."""

    def __init__(self, port: int, timeout: float = 10.0) -> None:
        self.port, self.timeout = port, timeout
        self._conn: http.client.HTTPConnection | None = None

    def request(
        self, path: str, *, method: str = "GET", headers: dict | None = None, body: bytes | None = None
    ) -> Reply:
        """Send one request and return the complete reply."""
        for attempt in (1, 2):  # a kept-alive connection the server closed is retried once
            if self._conn is None:
                self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self._conn.request(method, path, body=body, headers=headers or {})
                response = self._conn.getresponse()
                reply = Reply(response.status, response.headers, response.read())
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self.close()
            return reply
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def get(port: int, path: str, headers: dict | None = None) -> Reply:
    """Send one GET on a fresh connection."""
    client = Client(port)
    try:
        return client.request(path, headers=headers)
    finally:
        client.close()
