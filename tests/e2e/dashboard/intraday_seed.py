"""Store intraday bars in a dashboard test's database, as the ingestion does (validated, spans kept).

Shared by the browser tests (MSFT on both sides of the 2024 spring DST change) and
`make bench-dashboard` (a week of 1min bars).
"""

from __future__ import annotations

from datetime import date, time

from app import create_app
from financial.storage import db
from tests.intraday_support import day_rows, store

# Friday 2024-03-08 is on Eastern standard time (UTC-5); Monday 2024-03-11 on daylight time (UTC-4).
DST_DAYS = (date(2024, 3, 8), date(2024, 3, 11))
SESSION = {"first": time(9, 30), "last": time(15, 45)}  # the bars of the regular session, by start time


def dst_rows() -> list[tuple[str, dict]]:
    """Return the 15min bars of the regular session on both DST_DAYS, as Alpha Vantage wall times."""
    return [row for day in DST_DAYS for row in day_rows(day, **SESSION)]


def seed_intraday(database_url: str, rows: list[tuple[str, dict]], *, symbol: str, interval: str) -> None:
    """Store `rows` (wall time, fields) as `symbol`'s bars at `interval` in the (migrated) database."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LOG_DIR": "",
            "CACHE_TYPE": "SimpleCache",
            "ALPHAVANTAGE_API_KEY": "",
            "ALPHAVANTAGE_BASE_URL": "http://127.0.0.1:9/query",  # nothing listens: never the internet
        }
    )
    _, tally = store(app, rows, symbol=symbol, interval=interval)
    with app.app_context():
        db.engine.dispose()
    assert tally.count(symbol) == 0, tally.reasons(symbol)  # every seeded bar is a real one
