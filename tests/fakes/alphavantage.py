"""A fake Alpha Vantage on 127.0.0.1 that answers with the real payloads and error bodies.

Run it as a process with `python -m tests.fakes.alphavantage --port N [--premium]`. The symbols
SLOW (never answers), DRIP (answers a byte at a time) and EMPTY (no rows) misbehave on purpose.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import signal
import sys
import threading

from tests.fakes import av_actions, av_intraday
from tests.fakes import av_payloads as av
from tests.fakes.av_server import Answer, FakeServer

DAILY, DAILY_ADJUSTED = "TIME_SERIES_DAILY", "TIME_SERIES_DAILY_ADJUSTED"
BAD_KEY = "bad-key"
INVALID_SYMBOLS = frozenset({"INVALID", "XXXX", "UNKNOWN"})
SYMBOL = re.compile(r"[A-Z][A-Z0-9.\-]{0,9}", re.ASCII)
ERROR_BODIES = {
    "invalid_symbol": ("Error Message", av.INVALID_CALL),
    "invalid_key": ("Error Message", av.INVALID_KEY),
    "premium_endpoint": ("Information", av.PREMIUM_ENDPOINT),
    "premium_outputsize": ("Information", av.PREMIUM_OUTPUTSIZE),
    "daily_quota": ("Information", av.DAILY_QUOTA),
    "burst": ("Information", av.BURST),
    "note_minute": ("Note", av.NOTE_MINUTE),
    "premium_month": ("Information", av_intraday.PREMIUM_MONTH),
}
# "ok" and "trading_day" answer like an unscripted request (so a free key still gets the premium
# answer for the adjusted endpoint); "slow" is that answer, sent after `slow_seconds`; "never"
# never answers; "drip" sends it a byte every `drip_seconds`, so no read ever times out;
# "empty_series" has no rows and "all_bad_rows" only invalid ones.
ANSWERS = {"ok", "trading_day", "slow", "drip", "no_series", "bad_rows", "empty_series", "all_bad_rows"}
SCENARIOS = frozenset(ERROR_BODIES) | ANSWERS | {"http_500", "never", "non_json"}
# Symbols that always behave so, unless scripted: the fake run as a process shows them too.
SYMBOL_SCENARIOS = {"SLOW": "never", "DRIP": "drip", "EMPTY": "empty_series"}


class FakeAlphaVantage:
    """Serve Alpha Vantage's /query on 127.0.0.1 (port 0: a free one) from a thread; a context manager."""

    def __init__(
        self,
        *,
        premium: bool = False,
        port: int = 0,
        slow_seconds: float = 2.0,
        drip_seconds: float = 0.2,
        daily_limit: int | None = None,
    ) -> None:
        self.premium = premium
        self.slow_seconds = slow_seconds
        self.drip_seconds = drip_seconds
        self.daily_limit = daily_limit  # answer the daily-quota body once this many requests were served
        self.requests: list[dict] = []
        self.peers: list[tuple[str, int]] = []
        self._scripts: dict[str, list] = {}
        self._series: dict[str, dict[str, dict[str, str]]] = {}
        self._intraday: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
        self._actions: dict[tuple[str, str], list[dict]] = {}
        self.intraday_end = av_intraday.default_end()  # last day of the default intraday bars
        self._lock = threading.Lock()
        self._server = FakeServer(port=port, path="/query", responder=self._respond)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/query"

    def __enter__(self) -> FakeAlphaVantage:
        self._server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.close()

    def script(self, symbol: str, *responses: str | dict) -> None:
        """Queue responses for a symbol: each is a Scenario name or a payload dict."""
        for response in responses:
            if isinstance(response, str) and response not in SCENARIOS:
                raise ValueError(f"unknown scenario {response!r}; known: {sorted(SCENARIOS)}")
        with self._lock:
            self._scripts.setdefault(symbol.upper(), []).extend(responses)

    def set_premium(self, entitled: bool) -> None:
        """Say whether the key may use TIME_SERIES_DAILY_ADJUSTED and outputsize=full."""
        self.premium = entitled

    def set_series(self, symbol: str, bars: dict) -> None:
        """Serve `bars` (date -> {"open", "high", "low", "close", "volume", ...}) for `symbol`."""
        with self._lock:
            self._series[symbol.upper()] = av.normalise_bars(bars)

    def set_actions(self, symbol: str, function: str, rows: list[dict]) -> None:
        """Serve `rows` (Alpha Vantage's strings) as the SPLITS or DIVIDENDS answer of `symbol`."""
        if function not in (av_actions.SPLITS, av_actions.DIVIDENDS):
            raise ValueError(f"set_actions takes SPLITS or DIVIDENDS, not {function!r}")
        with self._lock:
            self._actions[(symbol.upper(), function)] = [dict(row) for row in rows]

    def set_intraday(self, symbol: str, interval: str, bars: dict) -> None:
        """Serve `bars` (US/Eastern wall time -> {"open", "high", "low", "close", "volume"}) at `interval`."""
        with self._lock:
            self._intraday[(symbol.upper(), interval)] = av.normalise_bars(bars)

    def _intraday_answer(self, name: str, query: dict[str, str], symbol: str) -> Answer:
        interval = query.get("interval", "")
        with self._lock:
            bars = self._intraday.get((symbol, interval))
        if bars is None and (symbol in INVALID_SYMBOLS or not SYMBOL.fullmatch(symbol)):
            return self._scenario("invalid_symbol", query, symbol)
        if bars is None and interval in av_intraday.INTERVALS:
            bars = av_intraday.default_bars(symbol, interval, end=self.intraday_end)
        answer = av_intraday.answer(query, bars=bars or {}, premium=self.premium, name=name)
        return _json(answer) if isinstance(answer, dict) else self._scenario(answer, query, symbol)

    def series(self, symbol: str) -> dict[str, dict[str, str]]:
        """Return the bars served for `symbol` (ISO date -> bar of strings), oldest first."""
        with self._lock:
            bars = self._series.get(symbol.upper())
        return dict(sorted((bars if bars is not None else av.default_bars(symbol)).items()))

    def _respond(self, query: dict[str, str], peer: tuple[str, int]) -> Answer:
        symbol = query.get("symbol", "").upper()
        with self._lock:
            self.requests.append(dict(query))
            self.peers.append(peer)
            over_quota = self.daily_limit is not None and len(self.requests) > self.daily_limit
            queue = self._scripts.get(symbol)
            scripted = queue.pop(0) if queue else None
        if isinstance(scripted, dict):
            return _json(scripted)
        if scripted is None and over_quota:
            scripted = "daily_quota"
        return self._scenario(scripted or SYMBOL_SCENARIOS.get(symbol, "ok"), query, symbol)

    def _scenario(self, name: str, query: dict[str, str], symbol: str) -> Answer:
        if name in ERROR_BODIES:
            key, template = ERROR_BODIES[name]
            return _json(
                av.error_body(key, template, function=query.get("function") or DAILY, apikey=query.get("apikey", ""))
            )
        if name == "http_500":
            return 500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>\n", 0.0
        if name == "non_json":
            return 200, "text/html", av.NON_JSON, 0.0
        if name == "never":
            return 200, "application/json", "", math.inf
        answer = self._default(name, query, symbol)
        if name == "slow":
            return *answer[:3], self.slow_seconds
        if name == "drip":
            return *answer[:3], 0.0, self.drip_seconds
        return answer

    def _default(self, name: str, query: dict[str, str], symbol: str) -> Answer:
        function, outputsize = query.get("function", ""), query.get("outputsize", "compact")
        if query.get("apikey", "") in ("", BAD_KEY):
            return self._scenario("invalid_key", query, symbol)
        if function == av_intraday.INTRADAY:
            return self._intraday_answer(name, query, symbol)
        if function in av_actions.FUNCTIONS:  # issue 14
            with self._lock:
                rows = self._actions.get((symbol, function))
            known = bool(SYMBOL.fullmatch(symbol)) and symbol not in INVALID_SYMBOLS
            return _json(av_actions.answer(function, symbol, known=known, rows=rows))
        if function not in (DAILY, DAILY_ADJUSTED) or outputsize not in ("compact", "full"):
            return self._scenario("invalid_symbol", query, symbol)
        if not self.premium and function == DAILY_ADJUSTED:
            return self._scenario("premium_endpoint", query, symbol)
        if not self.premium and outputsize == "full":
            return self._scenario("premium_outputsize", query, symbol)
        with self._lock:
            bars = self._series.get(symbol)
        if bars is None and (symbol in INVALID_SYMBOLS or not SYMBOL.fullmatch(symbol)):
            return self._scenario("invalid_symbol", query, symbol)
        payload = av.daily_payload(
            query["symbol"],
            bars if bars is not None else av.default_bars(symbol),
            adjusted=function == DAILY_ADJUSTED,
            full=outputsize == "full",
            last_refreshed=av.TRADING_DAY_REFRESHED if name == "trading_day" else None,
        )
        if name == "no_series":
            del payload["Time Series (Daily)"]
        elif name == "empty_series":
            payload["Time Series (Daily)"] = {}
        elif name == "bad_rows":
            av.spoil_rows(payload)
        elif name == "all_bad_rows":
            for bar in payload["Time Series (Daily)"].values():
                bar["1. open"] = "N/A"
        return _json(payload)


def _json(payload: dict) -> Answer:
    return 200, "application/json", json.dumps(payload, indent=4), 0.0


def main(argv: list[str] | None = None) -> int:
    """Serve the default behaviour on 127.0.0.1 until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(description="Fake Alpha Vantage on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=18900, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--premium", action="store_true", help="entitle the key to adjusted and outputsize=full")
    parser.add_argument("--daily-limit", type=int, default=None, help="answer the daily-quota body after N requests")
    parser.add_argument("--slow-seconds", type=float, default=2.0, help="delay of the 'slow' scenario")
    parser.add_argument("--drip-seconds", type=float, default=0.2, help="seconds per byte of the 'drip' scenario")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    fake = FakeAlphaVantage(
        premium=args.premium,
        port=args.port,
        slow_seconds=args.slow_seconds,
        drip_seconds=args.drip_seconds,
        daily_limit=args.daily_limit,
    )
    with fake:
        print(f"listening on {fake.url}", flush=True)
        while not stop.wait(0.2):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
