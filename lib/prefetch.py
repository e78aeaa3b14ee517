"""Run an iterator in a background thread, a bounded number of items ahead of its consumer."""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
from collections.abc import Iterable, Iterator

_DONE = object()
SWITCH_INTERVAL = 0.001  # seconds; Python's default 0.005 would stall the consumer after each I/O wait


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetch(items: Iterable, *, depth: int = 2) -> Iterator:
    """Yield the items of `items`, produced by a helper thread at most `depth` items ahead.

    This pays when the consumer waits on another process (a database server): the producer's
    Python work runs meanwhile. It does not pay when both sides hold the GIL; sqlite3 drops and
    retakes it for every row, which a busy producer turns into a stall per row.
    """
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                slots.put(item, timeout=0.1)
                return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(_Failed(exc))

    worker = threading.Thread(target=produce, name="prefetch", daemon=True)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, SWITCH_INTERVAL))
    worker.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(previous)
