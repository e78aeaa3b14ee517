"""Adjusted prices from the stored actions, checked on real MSFT data and on hand-built splits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financial.actions import adjustment, store_dividends, store_splits
from financial.storage import current_version, db
from tests.conftest import price_row
from tests.corporate import clear_action_tables, msft_bars, msft_dividends, msft_rows

TOLERANCE = Decimal("0.0005")  # 0.05%


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


def store_actions(app, symbol, splits=(), dividends=()):
    with app.app_context():
        store_splits(symbol=symbol, rows=list(splits))
        store_dividends(symbol=symbol, rows=list(dividends))
        db.session.commit()


def test_msft_all_adjusted_close_matches_alpha_vantage_within_a_twentieth_of_a_percent(app, insert_prices):
    insert_prices(msft_bars())
    assert [row["ex_dividend_date"].isoformat() for row in msft_dividends()] == ["2017-05-16", "2017-08-15"]
    store_actions(app, "MSFT", dividends=msft_dividends())
    rows = msft_rows()

    with app.app_context():
        factors = adjustment("MSFT", mode="all", as_of=rows[-1]["date"])
        errors = {
            row["date"]: abs(factors.price(row["date"], row["close"]) / row["adjusted_close"] - 1) for row in rows
        }

    assert len(errors) == 100
    assert max(errors.values()) <= TOLERANCE, max(errors.items(), key=lambda item: item[1])
    # Not vacuous: before the first ex-date the raw close is more than 1% away from Alpha Vantage's.
    assert rows[0]["close"] / rows[0]["adjusted_close"] - 1 > Decimal("0.01")


def test_msft_as_of_between_the_dividends_applies_only_the_first(app, insert_prices):
    insert_prices(msft_bars())
    store_actions(app, "MSFT", dividends=msft_dividends())
    first = msft_rows()[0]  # 2017-05-15, the session before the May ex-date: close 68.43

    with app.app_context():
        may_only = adjustment("MSFT", mode="all", as_of=date(2017, 8, 14))
        before_both = adjustment("MSFT", mode="all", as_of=date(2017, 5, 15))

    assert may_only.price(first["date"], first["close"]) == Decimal("68.0400")  # 68.43 - 0.39
    assert may_only.price(date(2017, 8, 14), Decimal("73.59")) == Decimal("73.59")
    assert before_both.is_identity


def test_a_stored_split_adjusts_earlier_bars(app, insert_prices):
    insert_prices(
        [price_row("AAPL", "2020-08-28", "504.05", "499.23"), price_row("AAPL", "2020-08-31", "127.58", "129.04")]
    )
    store_actions(app, "AAPL", splits=[{"effective_date": date(2020, 8, 31), "split_factor": Decimal("4")}])

    with app.app_context():
        factors = adjustment("AAPL", mode="splits")

    assert factors.price(date(2020, 8, 28), Decimal("499.23")) == Decimal("124.8075")
    assert factors.volume(date(2020, 8, 28), 1000) == 4000
    assert factors.price(date(2020, 8, 31), Decimal("129.04")) == Decimal("129.04")


def test_a_split_and_a_dividend_use_the_raw_close_before_the_ex_date(app, insert_prices):
    insert_prices([price_row("XYZ", "2021-03-01", close="100"), price_row("XYZ", "2021-03-02", close="102")])
    store_actions(
        app,
        "XYZ",
        splits=[{"effective_date": date(2021, 3, 4), "split_factor": Decimal("2")}],
        dividends=[{"ex_dividend_date": date(2021, 3, 3), "amount": Decimal("1.02")}],
    )

    with app.app_context():
        factors = adjustment("XYZ", mode="all")

    assert factors.price(date(2021, 3, 1), Decimal("100")) == Decimal("49.5000")
    assert factors.price(date(2021, 3, 2), Decimal("102")) == Decimal("50.4900")


def test_a_new_action_bumps_the_version_and_moves_the_cached_factors(app, insert_prices):
    insert_prices([price_row("XYZ", "2021-03-01", close="100")])
    with app.app_context():
        before = current_version()
        assert adjustment("XYZ", mode="splits").is_identity  # now cached at this version
    store_actions(app, "XYZ", splits=[{"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}])

    with app.app_context():
        assert current_version() == before + 1
        assert adjustment("XYZ", mode="splits").price(date(2021, 3, 1), Decimal("100")) == Decimal("50.0000")


def test_storing_the_same_actions_again_changes_nothing(app):
    split = {"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}
    dividend = {"ex_dividend_date": date(2021, 3, 3), "amount": Decimal("0.39"), "payment_date": date(2021, 3, 20)}
    store_actions(app, "XYZ", splits=[split], dividends=[dividend])

    with app.app_context():
        version = current_version()
        again = store_splits(symbol="XYZ", rows=[split]), store_dividends(symbol="XYZ", rows=[dividend])
        changed = store_dividends(symbol="XYZ", rows=[{**dividend, "amount": Decimal("0.40")}])
        db.session.commit()
        assert [counts.unchanged for counts in again] == [1, 1]
        assert (changed.updated, changed.inserted) == (1, 0)
        assert current_version() == version + 1


def test_rows_read_from_the_table_are_adjusted_where_an_action_follows_them(app, insert_prices):
    from financial.actions import adjust_rows
    from financial.prices import format_price
    from financial.storage import reads

    insert_prices([price_row("XYZ", "2021-03-01", "99", "100", 1000), price_row("XYZ", "2021-03-02", "51", "50", 3)])
    insert_prices([price_row("ABC", "2021-03-01", "10", "10", 7)])
    store_actions(app, "XYZ", splits=[{"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}])

    with app.app_context():
        raw = reads().rows(
            "SELECT symbol, date, open_price, close_price, volume FROM financial_data ORDER BY date, symbol"
        )
        rows = adjust_rows(raw, adjusted="splits", prices=(2, 3), volume=4)
        unadjusted = adjust_rows(raw, adjusted="none", prices=(2, 3), volume=4)

    shown = [
        (symbol, str(day)[:10], format_price(open_), format_price(close), int(volume))
        for symbol, day, open_, close, volume in rows
    ]
    assert shown == [
        ("ABC", "2021-03-01", "10.00", "10.00", 7),  # no action: as stored
        ("XYZ", "2021-03-01", "49.50", "50.00", 2000),
        ("XYZ", "2021-03-02", "51.00", "50.00", 3),
    ]
    assert unadjusted is raw
