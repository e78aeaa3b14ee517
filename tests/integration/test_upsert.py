"""The dialect-aware bulk upsert on real SQLite and MySQL: inserts, updates, NULL-keeping, quoting."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from financial.models import FinancialData
from financial.storage import db
from lib import upsert as upsert_module
from lib.upsert import prepare_bulk, upsert

TABLE = FinancialData.__table__
KEYS = ("symbol", "date")
STAMP = datetime(2024, 6, 14, 12, 0, 0)


def row(symbol="IBM", day=date(2024, 6, 14), close="101.5", volume=1000, adjusted=None, stamp=STAMP) -> dict:
    return {
        "symbol": symbol,
        "date": day,
        "open_price": Decimal("100"),
        "high_price": Decimal("102.25"),
        "low_price": Decimal("99.0001"),
        "close_price": Decimal(close),
        "volume": volume,
        "adjusted_close": None if adjusted is None else Decimal(adjusted),
        "dividend_amount": None,
        "split_coefficient": None,
        "updated_at": stamp,
    }


def write(app, rows, **options) -> int:
    with app.app_context():
        count = upsert(db.session.connection(), TABLE, rows, keys=KEYS, **options)
        db.session.commit()
    return count


def stored(app) -> dict[tuple, dict]:
    with app.app_context():
        return {(r.symbol, r.date): r._asdict() for r in db.session.execute(select(TABLE)).all()}


def test_new_rows_are_inserted_with_exact_values(app):
    rows = [row(day=date(2024, 6, d), close=f"10{d}.1234", volume=10**12 + d) for d in (10, 11, 12)]
    assert write(app, rows) == 3
    saved = stored(app)
    assert len(saved) == 3
    assert saved[("IBM", date(2024, 6, 12))]["close_price"] == Decimal("1012.1234")
    assert saved[("IBM", date(2024, 6, 12))]["volume"] == 10**12 + 12
    assert saved[("IBM", date(2024, 6, 12))]["low_price"] == Decimal("99.0001")


def test_an_existing_key_is_updated_in_place_including_updated_at(app):
    write(app, [row(close="101.5")])
    later = datetime(2024, 6, 15, 8, 30, 0)
    write(app, [row(close="103.75", volume=2000, stamp=later)])
    saved = stored(app)
    assert len(saved) == 1
    only = saved[("IBM", date(2024, 6, 14))]
    assert (only["close_price"], only["volume"], only["updated_at"]) == (Decimal("103.75"), 2000, later)


def test_keep_on_null_columns_keep_their_stored_value(app):
    write(app, [row(adjusted="99.5")])
    write(app, [row(close="104", adjusted=None)], keep_on_null=("adjusted_close",))
    only = stored(app)[("IBM", date(2024, 6, 14))]
    assert only["adjusted_close"] == Decimal("99.5") and only["close_price"] == Decimal("104")
    write(app, [row(close="104", adjusted=None)])  # without the option NULL overwrites
    assert stored(app)[("IBM", date(2024, 6, 14))]["adjusted_close"] is None


def test_a_batch_mixing_null_and_values_keeps_and_sets_per_row(app):
    write(app, [row(adjusted="99.5"), row(day=date(2024, 6, 13), adjusted="88")])
    batch = [row(adjusted=None), row(day=date(2024, 6, 13), adjusted="87.25"), row(day=date(2024, 6, 12))]
    write(app, batch, keep_on_null=("adjusted_close",))
    saved = stored(app)
    assert saved[("IBM", date(2024, 6, 14))]["adjusted_close"] == Decimal("99.5")
    assert saved[("IBM", date(2024, 6, 13))]["adjusted_close"] == Decimal("87.25")
    assert saved[("IBM", date(2024, 6, 12))]["adjusted_close"] is None


def test_quotes_and_unusual_decimals_are_stored_safely(app):
    rows = [
        row(symbol="O'X"),
        row(symbol="A\\B"),
        row(symbol="Q", close="1E+2"),
        row(symbol="Z", close="0E-4"),
    ]
    write(app, rows)
    saved = stored(app)
    assert set(saved) == {(s, date(2024, 6, 14)) for s in ("O'X", "A\\B", "Q", "Z")}
    assert saved[("Q", date(2024, 6, 14))]["close_price"] == Decimal("100")
    assert saved[("Z", date(2024, 6, 14))]["close_price"] == Decimal("0")


def test_nan_is_refused_and_nothing_is_written(app):
    with app.app_context():
        with pytest.raises(Exception, match="NaN"):
            upsert(db.session.connection(), TABLE, [row(), row(day=date(2024, 6, 13), close="NaN")], keys=KEYS)
        db.session.rollback()
    assert stored(app) == {}


def test_a_batch_split_over_several_statements_stores_every_row(app, monkeypatch):
    monkeypatch.setattr(upsert_module, "MAX_STATEMENT_CHARS", 300)  # a few rows per MySQL statement
    rows = [row(day=date(2024, 1, 1).replace(day=d), close=f"{d}.5") for d in range(1, 29)]
    with app.app_context():
        prepare_bulk(db.session.connection())
        upsert(db.session.connection(), TABLE, rows, keys=KEYS)
        db.session.commit()
    saved = stored(app)
    assert len(saved) == 28 and saved[("IBM", date(2024, 1, 28))]["close_price"] == Decimal("28.5")


def test_nothing_to_write_is_a_no_op(app):
    assert write(app, []) == 0
