"""Send requests at a fixed rate (open loop) over keep-alive connections and time each answer.

Request i is due at start + i / rate whatever happened before, and its latency counts from when it
was due, so a stalled server shows up in the percentiles instead of slowing the generator down.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field

TIMEOUT = 10.0  # seconds: an answer slower than this is an error


@dataclass(frozen=True)
class Call:
    """One kind of request in the mix and the status it must get."""

    path: str
    expect: int
    headers: dict = field(default_factory=dict)


@dataclass
class Tally:
    """What the run saw: latencies (ms), statuses, and the errors by kind."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    late_starts: int = 0  # requests sent more than 50 ms after they were due (the generator lagged)


async def _exchange(reader, writer, raw: bytes) -> int:
    writer.write(raw)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


class Pool:
    """Idle keep-alive connections to one server; a new one is opened when none is free.

    Like any HTTP client, it retries a GET once on a fresh connection when a reused one turns out
    to have been closed by the server (gunicorn drops idle keep-alive connections).
    """

    IDLE_SECONDS = 2.0  # below gunicorn's keep-alive (5 s): older idle connections are not reused

    def __init__(self, port: int) -> None:
        self.port, self.idle = port, []

    async def _connection(self):
        while self.idle:
            reader, writer, since = self.idle.pop()
            if time.monotonic() - since < self.IDLE_SECONDS:
                return reader, writer, True
            writer.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        return reader, writer, False

    async def send(self, raw: bytes) -> int:
        reader, writer, reused = await self._connection()
        try:
            status = await asyncio.wait_for(_exchange(reader, writer, raw), TIMEOUT)
        except ConnectionError:
            writer.close()
            if not reused:
                raise
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            status = await asyncio.wait_for(_exchange(reader, writer, raw), TIMEOUT)
        except BaseException:
            writer.close()
            raise
        self.idle.append((reader, writer, time.monotonic()))
        return status


def _raw(call: Call) -> bytes:
    head = [f"GET {call.path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    head += [f"{name}: {value}" for name, value in call.headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")


async def _one(pool: Pool, call: Call, due: float, tally: Tally) -> None:
    try:
        status = await pool.send(_raw(call))
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
        tally.errors[type(exc).__name__] += 1
        return
    tally.latencies.append((time.perf_counter() - due) * 1000)
    tally.statuses[status] += 1
    if status != call.expect:
        tally.errors[f"{call.path.split('?')[0]} answered {status}, expected {call.expect}"] += 1


async def _run(port: int, mix: list[tuple[int, Call]], rate: float, seconds: float, seed: int) -> Tally:
    rng, tally, pool, pending = random.Random(seed), Tally(), Pool(port), set()
    calls, weights = [call for _, call in mix], [weight for weight, _ in mix]
    start, total = time.perf_counter(), int(rate * seconds)
    for index in range(total):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -0.05:
            tally.late_starts += 1
        task = asyncio.ensure_future(_one(pool, rng.choices(calls, weights)[0], due, tally))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.wait(pending, timeout=TIMEOUT + 1)
    return tally


def drive(port: int, mix: list[tuple[int, Call]], *, rate: float, seconds: float, seed: int = 13) -> Tally:
    """Send `rate` requests a second for `seconds`, drawn from the weighted `mix`; return the tally."""
    return asyncio.run(_run(port, mix, rate, seconds, seed))


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile `share` (0..1) of `values`, or nan when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
