"""Send one GET whose whole exchange (name lookup, connect, headers, body) ends within a deadline.

requests' timeouts bound the connect and each socket read, not the exchange: a server that
trickles a byte every few seconds, or a name lookup that hangs, would hold the caller for as
long as it likes. So the exchange runs in a daemon thread and the caller waits at most the
deadline for it; an exchange still going then is abandoned and finishes (or fails) on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import requests


class Overrun(Exception):
    """The exchange had not finished when the deadline passed."""


def get_within(
    session: requests.Session,
    url: str,
    *,
    params: dict[str, str],
    timeout: tuple[float, float],
    deadline: float,
    on_abandon: Callable[[], None] | None = None,
) -> requests.Response:
    """Return the response with its body read, raise what the GET raised, or Overrun after `deadline` s.

    `on_abandon` runs in the exchange's thread once an abandoned exchange ends (to close its session).
    """
    result: dict[str, object] = {}
    finished, abandoned = threading.Event(), threading.Event()
    lock = threading.Lock()

    def exchange() -> None:
        try:
            response = session.get(url, params=params, timeout=timeout)
            _ = response.content  # the body too must arrive within the deadline
            result["response"] = response
        except BaseException as exc:  # handed to the caller, which raises it in its own thread
            result["error"] = exc
        finally:
            with lock:
                finished.set()
                late = abandoned.is_set()
            if late and on_abandon is not None:
                on_abandon()

    threading.Thread(target=exchange, name="alphavantage-get", daemon=True).start()
    if not finished.wait(deadline):
        with lock:
            if not finished.is_set():
                abandoned.set()
                raise Overrun
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["response"]  # type: ignore[return-value]
