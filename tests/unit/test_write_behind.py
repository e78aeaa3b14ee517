"""WriteBehind: one write in flight in a helper thread, in order, its error raised to the caller."""

from __future__ import annotations

import threading

import pytest

from lib.write_behind import WriteBehind


def recorder(log: list, name: str, *, fail: bool = False, gate: threading.Event | None = None):
    def send():
        if gate is not None:
            assert gate.wait(5)
        log.append((name, threading.current_thread().name))
        if fail:
            raise RuntimeError(f"{name} refused")

    return send


@pytest.mark.parametrize("threaded", [True, False])
def test_writes_land_in_the_order_they_were_held(threaded):
    log = []
    with WriteBehind(threaded=threaded) as writes:
        for name in ("a", "b", "c"):
            writes.start()
            writes.join()
            writes.hold(recorder(log, name), frozenset({name}))
    assert [name for name, _ in log] == ["a", "b", "c"]
    assert all(thread.startswith("write-behind") for _, thread in log) == threaded


def test_the_caller_works_while_a_write_is_in_flight_and_a_repeated_key_waits_for_it():
    log, gate = [], threading.Event()
    with WriteBehind(threaded=True) as writes:
        writes.hold(recorder(log, "first", gate=gate), frozenset({("IBM", "2024-01-02")}))
        writes.start()
        log.append(("caller", "main"))  # the write is held back by the gate: the caller goes first
        gate.set()
        writes.join()
        writes.hold(recorder(log, "second"), frozenset({("IBM", "2024-01-03")}))
        assert writes.must_land(frozenset({("IBM", "2024-01-03")}))  # written and joined now
        assert log[-1][0] == "second"
        assert not writes.must_land(frozenset({("IBM", "2024-01-04")}))
    assert [name for name, _ in log] == ["caller", "first", "second"]


def test_a_failed_write_is_raised_at_join_and_a_failing_caller_waits_for_the_write_in_flight():
    log = []
    writes = WriteBehind(threaded=True)
    writes.hold(recorder(log, "doomed", fail=True), frozenset({1}))
    writes.start()
    with pytest.raises(RuntimeError, match="doomed refused"):
        writes.join()

    gate = threading.Event()
    opener = threading.Timer(0.2, gate.set)  # the write is still in flight when the caller fails
    opener.start()
    with pytest.raises(ValueError, match="the caller's own"), WriteBehind(threaded=True) as writes:
        writes.hold(recorder(log, "last", gate=gate), frozenset({2}))
        writes.start()
        raise ValueError("the caller's own error")
    assert log[-1][0] == "last"  # it ended before the block was left (a rollback may follow safely)
