"""Fetch daily time series from Alpha Vantage with timeouts, pacing, bounded retries and a masked key."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from lib.alphavantage.classify import classify
from lib.alphavantage.errors import AlphaVantageError, RateLimited, TransientError
from lib.alphavantage.pacing import Pacer
from lib.logging_setup import RedactingFilter
from lib.redact import redact, register_secret

DAILY = "TIME_SERIES_DAILY"
DAILY_ADJUSTED = "TIME_SERIES_DAILY_ADJUSTED"
CONNECT_TIMEOUT_CAP = 5.0  # a host that does not accept a connection in 5 s is down; retry instead
USER_AGENT = "financial-data-service (python-requests)"

log = logging.getLogger(__name__)


def _mask_urllib3_logs() -> None:
    # urllib3 logs every request line, query string and key included, at DEBUG.
    logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


class AlphaVantageClient:
    """Speak to Alpha Vantage's /query endpoint over one reused HTTP session."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        timeout: float = 15.0,
        rate_per_second: float = 1.0,
        retries: int = 3,
        backoff: float = 1.0,
        burst_wait: float = 1.0,
        minute_wait: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not api_key:
            raise ValueError("api_key is required")
        register_secret(api_key)
        _mask_urllib3_logs()
        if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc:
            raise ValueError(f"base_url must be an http(s) URL, got {redact(base_url)!r}")
        if not timeout > 0 or retries < 0 or min(backoff, burst_wait, minute_wait) < 0:
            raise ValueError("timeout must be > 0; retries, backoff and waits must be >= 0")
        self._api_key = api_key
        self.base_url = base_url
        self.timeout = (min(timeout, CONNECT_TIMEOUT_CAP), timeout)
        self.retries = retries
        self.backoff = backoff
        self.burst_wait = burst_wait
        self.minute_wait = minute_wait
        self.requests_sent = 0
        self._pacer = Pacer(rate_per_second, sleep=sleep, clock=clock)
        self._sleep = sleep
        self._owns_session = session is None
        self._session = session or requests.Session()
        self._session.headers.setdefault("User-Agent", USER_AGENT)
        self._session.headers["Accept"] = "application/json"

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

    def daily(self, symbol: str, *, adjusted: bool = False, full: bool = False) -> dict:
        """Return the raw JSON payload (dict with "Meta Data" and "Time Series (Daily)")."""
        if not symbol:
            raise ValueError("symbol is required")
        params = {
            "function": DAILY_ADJUSTED if adjusted else DAILY,
            "symbol": symbol,
            "outputsize": "full" if full else "compact",
            "datatype": "json",
            "apikey": self._api_key,
        }
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(params)
            except (RateLimited, TransientError) as exc:
                if attempt > self.retries:
                    raise exc.gave_up(attempt) from None
                delay = self._retry_delay(exc, attempt)
                log.warning(redact(f"{exc}; retry {attempt}/{self.retries} in {delay:g} s"))
                self._sleep(delay)

    def _retry_delay(self, exc: AlphaVantageError, attempt: int) -> float:
        """Return how long to wait before retry number `attempt` (1-based)."""
        if isinstance(exc, RateLimited):
            # The per-minute window resets after a minute, so doubling that wait buys nothing.
            return self.minute_wait if exc.kind == "minute" else self.burst_wait * 2 ** (attempt - 1)
        return self.backoff * 2 ** (attempt - 1)

    def _attempt(self, params: dict[str, str]) -> dict:
        """Send one paced request and classify the answer."""
        where = {"symbol": params["symbol"], "function": params["function"]}
        self._pacer.wait()
        url = requests.Request("GET", self.base_url, params=params).prepare().url or self.base_url
        log.debug(redact(f"GET {url}"))
        self.requests_sent += 1
        try:
            response = self._session.get(self.base_url, params=params, timeout=self.timeout)
            body = response.content
        except requests.Timeout as exc:
            raise TransientError(f"no answer within {self.timeout[1]:g} s ({_name(exc)})", **where) from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            # The exception text embeds the request URL; keep only the masked form, drop the chain.
            raise TransientError(f"{_name(exc)}: {redact(str(exc))}", **where) from None
        except requests.RequestException as exc:
            raise AlphaVantageError(f"{_name(exc)}: {redact(str(exc))}", **where) from None
        log.debug(redact(f"HTTP {response.status_code}, {len(body)} bytes from {url}"))
        return classify(status=response.status_code, body=body, **where)


def _name(exc: BaseException) -> str:
    return type(exc).__name__
