"""Record every call made to Alpha Vantage and count the calls of a quota day (a US/Eastern date).

Each call is written in its own short transaction, so a symbol whose data is rolled back still
leaves its calls in the ledger: Alpha Vantage counted them. Make calls outside a write
transaction (fetch, then store): SQLite has one writer, and HTTP should never hold a lock anyway.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from financial.models import AlphaVantageCall, utcnow
from financial.storage import db
from lib.alphavantage import (
    AlphaVantageError,
    BadPayload,
    DailyQuotaExceeded,
    InvalidApiKey,
    InvalidSymbol,
    PremiumRequired,
    RateLimited,
    TransientError,
)

EASTERN = ZoneInfo("America/New_York")  # Alpha Vantage's day, and its daily quota's, is New York's
TABLE = AlphaVantageCall.__table__
OK = "ok"
# Most specific first: the outcome is the first class the error is an instance of.
OUTCOMES = (
    (DailyQuotaExceeded, "quota"),
    (RateLimited, "rate_limited"),
    (InvalidApiKey, "invalid_key"),
    (PremiumRequired, "premium"),
    (InvalidSymbol, "invalid_symbol"),
    (TransientError, "transient"),
    (BadPayload, "bad_payload"),
    (AlphaVantageError, "error"),
)


def quota_day(now: datetime | None = None) -> date:
    """Return the US/Eastern date of a UTC time (naive times are UTC, as the tables store them)."""
    moment = now or utcnow()
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(EASTERN).date()


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def outcome_of(error: BaseException | None) -> str:
    """Return the ledger's word for how a call ended: ok, or the kind of failure."""
    if error is None:
        return OK
    return next((word for kind, word in OUTCOMES if isinstance(error, kind)), "error")


def record_call(*, function: str, symbol: str | None, outcome: str, now: datetime | None = None) -> None:
    """Append one call to the ledger in its own transaction."""
    moment = _utc_naive(now or utcnow())
    row = {
        "day": quota_day(moment),
        "called_at": moment,
        "function": function[:40],
        "symbol": symbol[:10] if symbol else None,
        "outcome": outcome[:20],
    }
    with db.engine.begin() as connection:
        connection.execute(insert(TABLE), row)


def calls_on(day: date) -> int:
    """Return how many calls the ledger holds for the quota day `day` (read outside any open transaction)."""
    with db.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(TABLE).where(TABLE.c.day == day)).scalar_one())


def last_successes(function: str, symbols: list[str]) -> dict[str, datetime]:
    """Return when each of `symbols` last had a successful `function` call (absent: never)."""
    if not symbols:
        return {}
    stmt = (
        select(TABLE.c.symbol, func.max(TABLE.c.called_at))
        .where(TABLE.c.function == function, TABLE.c.outcome == OK, TABLE.c.symbol.in_(symbols))
        .group_by(TABLE.c.symbol)
    )
    with db.engine.connect() as connection:
        return {symbol: when for symbol, when in connection.execute(stmt)}


def latest_outcome(function: str, outcomes: tuple[str, ...]) -> str | None:
    """Return the outcome of the last `function` call that ended in one of `outcomes` (None: no such call)."""
    stmt = (
        select(TABLE.c.outcome)
        .where(TABLE.c.function == function, TABLE.c.outcome.in_(outcomes))
        .order_by(TABLE.c.called_at.desc(), TABLE.c.id.desc())
        .limit(1)
    )
    with db.engine.connect() as connection:
        return connection.execute(stmt).scalar()
