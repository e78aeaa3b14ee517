"""Call Alpha Vantage with pacing, bounded retries, a time budget per symbol and a masked key."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from lib.alphavantage.budget import Budget, seconds_text
from lib.alphavantage.classify import classify
from lib.alphavantage.errors import AlphaVantageError, RateLimited, TransientError
from lib.alphavantage.functions import DAILY, DAILY_ADJUSTED, DIVIDENDS, OVERVIEW, SPLITS
from lib.alphavantage.pacing import Pacer
from lib.alphavantage.transport import Overrun, get_within
from lib.logging_setup import RedactingFilter
from lib.redact import redact, register_secret

CONNECT_TIMEOUT_CAP = 5.0  # a host that does not accept a connection in 5 s is down; retry instead
MIN_ATTEMPT_SECONDS = 1.0  # a wait must leave this long (or the whole timeout, if shorter) for a request
USER_AGENT = "financial-data-service (python-requests)"

log = logging.getLogger(__name__)


def _mask_urllib3_logs() -> None:
    # urllib3 logs every request line, query string and key included, at DEBUG.
    logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


def _prepare(session: requests.Session) -> requests.Session:
    session.headers.setdefault("User-Agent", USER_AGENT)
    session.headers["Accept"] = "application/json"
    return session


class AlphaVantageClient:
    """Speak to Alpha Vantage's /query endpoint over one reused HTTP session.

    Every call spends a time budget (`budget` seconds unless the caller passes one it started
    with `start_budget`, to share it across the calls made for one symbol): each attempt's
    timeout shrinks to what is left, and a pacing or retry wait that would leave less than
    MIN_ATTEMPT_SECONDS is not started; the call fails at once instead.
    """

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        timeout: float = 10.0,
        budget: float = 30.0,
        rate_per_second: float = 1.0,
        retries: int = 3,
        backoff: float = 1.0,
        burst_wait: float = 1.0,
        minute_wait: float = 60.0,
        session: requests.Session | None = None,
        gate: object | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not api_key:
            raise ValueError("api_key is required")
        register_secret(api_key)
        _mask_urllib3_logs()
        if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc:
            raise ValueError(f"base_url must be an http(s) URL, got {redact(base_url)!r}")
        if not (timeout > 0 and budget > 0) or retries < 0 or min(backoff, burst_wait, minute_wait) < 0:
            raise ValueError("timeout and budget must be > 0; retries, backoff and waits must be >= 0")
        self._api_key = api_key
        self.base_url = base_url
        self.timeout = timeout
        self.budget = budget
        self.retries = retries
        self.backoff = backoff
        self.burst_wait = burst_wait
        self.minute_wait = minute_wait
        self.requests_sent = 0
        self._least = min(MIN_ATTEMPT_SECONDS, timeout, budget)
        self._pacer = Pacer(rate_per_second, sleep=sleep, clock=clock)
        self._sleep = sleep
        self._clock = clock
        self._owns_session = session is None
        # A call gate (issue 14's ledger): gate.before(function, symbol) may raise to refuse a request,
        # gate.after(function, symbol, error or None) hears how each one ended.
        self.gate = gate
        self._session = _prepare(session or requests.Session())

    def __repr__(self) -> str:
        return f"AlphaVantageClient(base_url={redact(self.base_url)!r}, requests_sent={self.requests_sent})"

    def __enter__(self) -> AlphaVantageClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session if this client created it."""
        if self._owns_session:
            self._session.close()

    def start_budget(self) -> Budget:
        """Start one symbol's time budget; pass it to every call made for that symbol."""
        return Budget(self.budget, clock=self._clock)

    def daily(self, symbol: str, *, adjusted: bool = False, full: bool = False, budget: Budget | None = None) -> dict:
        """Return the raw JSON payload (dict with "Meta Data" and "Time Series (Daily)")."""
        function = DAILY_ADJUSTED if adjusted else DAILY
        return self.query(function, symbol=symbol, budget=budget, outputsize="full" if full else "compact")

    def splits(self, symbol: str, *, budget: Budget | None = None) -> dict:
        """Return the SPLITS answer: {"symbol": ..., "data": [{"effective_date", "split_factor"}, ...]}."""
        return self.query(SPLITS, symbol=symbol, budget=budget)

    def dividends(self, symbol: str, *, budget: Budget | None = None) -> dict:
        """Return the DIVIDENDS answer: {"symbol": ..., "data": [{"ex_dividend_date", "amount", ...}, ...]}."""
        return self.query(DIVIDENDS, symbol=symbol, budget=budget)

    def overview(self, symbol: str, *, budget: Budget | None = None) -> dict:
        """Return the OVERVIEW answer: {"Symbol": ..., "Name": ..., ...}, every value a string."""
        return self.query(OVERVIEW, symbol=symbol, budget=budget)

    def query(self, function: str, *, symbol: str, budget: Budget | None = None, **params: str) -> dict:
        """Return the checked answer of `function` for `symbol`, retried within the retries and the budget."""
        if not symbol:
            raise ValueError("symbol is required")
        budget = budget or self.start_budget()
        query = {"function": function, "symbol": symbol, **params, "datatype": "json", "apikey": self._api_key}
        attempt, error = 0, None
        while True:
            if self._pacer.wait(limit=budget.left() - self._least) is None:
                raise self._out_of_time(error, attempt, budget, query)
            attempt += 1
            try:
                return self._attempt(query, budget)
            except (RateLimited, TransientError) as exc:
                error = exc
                self._pause(exc, attempt, budget)

    def _pause(self, exc: AlphaVantageError, attempt: int, budget: Budget) -> None:
        """Wait before the next attempt, or raise `exc` when the retries or the budget are spent."""
        delay = self._retry_delay(exc, attempt)
        if attempt > self.retries:
            raise exc.gave_up(attempt, budget.elapsed()) from None
        if not budget.allows(delay, then=self._least):
            why = f"the {seconds_text(budget.seconds)} s time budget has no room for the next {delay:g} s wait"
            raise exc.gave_up(attempt, budget.elapsed(), why=why) from None
        log.warning(redact(f"{exc}; retry {attempt}/{self.retries} in {delay:g} s"))
        self._sleep(delay)

    def _out_of_time(
        self, error: AlphaVantageError | None, attempts: int, budget: Budget, query: dict
    ) -> AlphaVantageError:
        """Return the error of a call whose budget has no room left for the pacing wait."""
        if error is None:
            error = TransientError("no time left for a request", symbol=query["symbol"], function=query["function"])
        why = f"the {seconds_text(budget.seconds)} s time budget has no room for another request"
        return error.gave_up(attempts, budget.elapsed(), why=why)

    def _retry_delay(self, exc: AlphaVantageError, attempt: int) -> float:
        """Return how long to wait before retry number `attempt` (1-based)."""
        if isinstance(exc, RateLimited):
            # The per-minute window resets after a minute, so doubling that wait buys nothing.
            return self.minute_wait if exc.kind == "minute" else self.burst_wait * 2 ** (attempt - 1)
        return self.backoff * 2 ** (attempt - 1)

    def _attempt(self, query: dict[str, str], budget: Budget) -> dict:
        """Send one request through the gate, if any: asked before (it may refuse), told how it ended after."""
        if self.gate is None:
            return self._send(query, budget)
        function, symbol = query["function"], query["symbol"]
        self.gate.before(function, symbol)
        try:
            answer = self._send(query, budget)
        except AlphaVantageError as exc:
            self.gate.after(function, symbol, exc)
            raise
        self.gate.after(function, symbol, None)
        return answer

    def _send(self, query: dict[str, str], budget: Budget) -> dict:
        """Send one request that ends within the budget's time left, and classify the answer."""
        where = {"symbol": query["symbol"], "function": query["function"]}
        seconds = min(self.timeout, budget.left())
        url = requests.Request("GET", self.base_url, params=query).prepare().url or self.base_url
        log.debug(redact(f"GET {url}"))
        self.requests_sent += 1
        session = self._session
        try:
            response = get_within(
                session,
                self.base_url,
                params=query,
                timeout=(min(CONNECT_TIMEOUT_CAP, seconds), seconds),
                deadline=seconds,
                on_abandon=session.close if self._owns_session else None,
            )
        except Overrun:
            if self._owns_session:  # the abandoned exchange closes the old session when it ends
                self._session = _prepare(requests.Session())
            raise TransientError(f"timed out: no answer within {seconds_text(seconds)} s", **where) from None
        except requests.Timeout as exc:
            detail = f"timed out: no answer within {seconds_text(seconds)} s ({_name(exc)})"
            raise TransientError(detail, **where) from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            # The exception text embeds the request URL; keep only the masked form, drop the chain.
            raise TransientError(f"{_name(exc)}: {redact(str(exc))}", **where) from None
        except requests.RequestException as exc:
            raise AlphaVantageError(f"{_name(exc)}: {redact(str(exc))}", **where) from None
        body = response.content
        log.debug(redact(f"HTTP {response.status_code}, {len(body)} bytes from {url}"))
        return classify(status=response.status_code, body=body, **where)


def _name(exc: BaseException) -> str:
    return type(exc).__name__
