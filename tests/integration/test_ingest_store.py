"""Storing bars: exact inserted/updated/unchanged counts, idempotent reruns, summaries kept in step."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from financial.ingest.store import store_bars
from financial.models import FinancialData, PriceDay, PriceMonth
from financial.storage import db
from financial.storage.summaries import rebuild
from tests.conftest import price_row

NOW = datetime(2024, 6, 15, 9, 0, 0)


def bars(symbol: str, days: range, close="101", **extra) -> list[dict]:
    rows = []
    for day in days:
        row = price_row(symbol, date(2024, 6, day), close=close) | {
            "adjusted_close": None,
            "dividend_amount": None,
            "split_coefficient": None,
        }
        rows.append(row | extra)
    return rows


def store(app, rows, now=NOW):
    with app.app_context():
        counts = store_bars(rows=rows, now=now)
        db.session.commit()
    return {symbol: (c.inserted, c.updated, c.unchanged) for symbol, c in counts.items()}


def table(app, model=FinancialData):
    with app.app_context():
        return db.session.execute(select(model)).scalars().all()


def summaries(app):
    """Return the summary tables as stored, and as a rebuild from financial_data computes them."""
    with app.app_context():
        kept = _snapshot()
        rebuild(db.session.connection())
        fresh = _snapshot()
        db.session.rollback()
    return kept, fresh


def _snapshot():
    days = db.session.execute(select(PriceDay.date, PriceDay.day_rows, PriceDay.rows_before)).all()
    months = db.session.execute(
        select(PriceMonth.symbol, PriceMonth.month, PriceMonth.days, PriceMonth.close_total_e4, PriceMonth.volume_total)
    ).all()
    return sorted(map(tuple, days)), sorted(map(tuple, months))


def test_first_store_inserts_and_a_rerun_changes_nothing(app):
    rows = bars("IBM", range(10, 15)) + bars("AAPL", range(12, 15))
    assert store(app, [dict(r) for r in rows]) == {"IBM": (5, 0, 0), "AAPL": (3, 0, 0)}
    first = {(r.symbol, r.date): r.updated_at for r in table(app)}
    later = datetime(2024, 6, 16)
    assert store(app, [dict(r) for r in rows], now=later) == {"IBM": (0, 0, 5), "AAPL": (0, 0, 3)}
    after = {(r.symbol, r.date): r.updated_at for r in table(app)}
    assert after == first  # unchanged rows are not even rewritten
    assert len(after) == 8


def test_a_changed_value_is_updated_and_counted(app):
    store(app, bars("IBM", range(10, 13)))
    changed = bars("IBM", range(10, 13))
    changed[1]["close_price"] = Decimal("150.1234")
    changed[2]["volume"] = 5
    later = datetime(2024, 6, 16)
    assert store(app, changed, now=later) == {"IBM": (0, 2, 1)}
    by_day = {r.date: r for r in table(app)}
    assert by_day[date(2024, 6, 11)].close_price == Decimal("150.1234")
    assert by_day[date(2024, 6, 12)].volume == 5
    assert by_day[date(2024, 6, 11)].updated_at == later and by_day[date(2024, 6, 10)].updated_at == NOW


def test_a_bar_without_adjusted_values_keeps_the_stored_ones(app):
    store(app, bars("IBM", range(10, 11), adjusted_close=Decimal("99.5"), dividend_amount=Decimal("0.25")))
    assert store(app, bars("IBM", range(10, 11))) == {"IBM": (0, 0, 1)}
    assert store(app, bars("IBM", range(10, 11), close="102")) == {"IBM": (0, 1, 0)}
    (only,) = table(app)
    assert (only.adjusted_close, only.dividend_amount, only.close_price) == (Decimal("99.5"), Decimal("0.25"), 102)


def test_the_summary_tables_match_a_rebuild_after_inserts_and_updates(app):
    store(app, bars("IBM", range(3, 14)) + bars("AAPL", range(10, 14)))
    changed = bars("IBM", range(3, 6), close="120")
    store(app, changed + bars("MSFT", range(1, 4)))
    kept, fresh = summaries(app)
    assert kept == fresh
    with app.app_context():
        assert db.session.execute(select(func.sum(PriceDay.day_rows))).scalar() == 11 + 4 + 3
