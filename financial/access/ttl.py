"""Remember recent answers per process for a few seconds, in a bounded, thread-safe map."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import current_app


class TtlCache:
    """A map whose entries expire after `seconds`; the oldest go first past `size` entries."""

    def __init__(self, seconds: float, size: int = 4096):
        self.seconds, self.size = seconds, size
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, object]:
        """Return (found, value); an expired entry counts as not found."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return False, None
            return True, entry[1]

    def put(self, key: str, value: object) -> None:
        """Remember `value` under `key` for `seconds` (not at all when `seconds` is 0)."""
        if self.seconds <= 0:
            return
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry (after a revocation in this process)."""
        with self._lock:
            self._entries.clear()


def app_cache(name: str, seconds: float) -> TtlCache:
    """Return the current app's cache called `name`, made on first use (one per app and process)."""
    extension = f"financial.access.{name}"
    found = current_app.extensions.get(extension)
    if found is None or found.seconds != seconds:
        found = current_app.extensions[extension] = TtlCache(seconds)
    return found


def forget(name: str) -> None:
    """Drop the current app's cache called `name` (after a change made in this process)."""
    current_app.extensions.pop(f"financial.access.{name}", None)
