"""Send one prepared write in a helper thread while the caller prepares the next one."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor


class WriteBehind:
    """Hold at most one prepared write and one write in flight, on a connection they take turns with.

    The caller prepares batch N+1 (Python work) while batch N is being written (the database's
    work: the helper thread waits on the socket with the GIL released). The caller must not use
    the connection between `start` and `join`: the helper thread has it then.

    Each write is given with the keys it writes. Before reading the stored rows of the next
    batch, the caller asks `must_land(keys)`: a batch that repeats a key of the write still
    waiting has to see that write first, so it is then sent and joined at once.

    With `threaded=False` (SQLite, whose driver takes the GIL back for every row) `start` sends
    the write in the caller's thread: the same order, no overlap.
    """

    def __init__(self, *, threaded: bool) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="write-behind") if threaded else None
        self._waiting: Callable[[], None] | None = None
        self._waiting_keys: frozenset = frozenset()
        self._running: Future | None = None

    def hold(self, send: Callable[[], None], keys: frozenset[Hashable]) -> None:
        """Keep `send` (writing `keys`) until the next `start`; the previous one must have been started."""
        if self._waiting is not None:
            raise RuntimeError("a prepared write is already waiting")
        self._waiting, self._waiting_keys = send, keys

    def must_land(self, keys: frozenset[Hashable]) -> bool:
        """Say whether the waiting write touches any of `keys`; if so, write it now."""
        if self._waiting_keys.isdisjoint(keys):
            return False
        self.start()
        self.join()
        return True

    def start(self) -> None:
        """Send the waiting write: in the helper thread, or here when not threaded."""
        send, self._waiting, self._waiting_keys = self._waiting, None, frozenset()
        if send is None:
            return
        if self._pool is None:
            send()
        else:
            self._running = self._pool.submit(send)

    def join(self) -> None:
        """Wait for the write in flight; its error, if any, is raised here."""
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def flush(self) -> None:
        """Send and wait for everything held."""
        self.start()
        self.join()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush()
            else:  # the caller failed: let the write in flight end before anyone rolls back
                with contextlib.suppress(Exception):  # the caller's own error is the one to report
                    self.join()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
