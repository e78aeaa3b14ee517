"""Keep the summary tables that spare the API from scanning millions of rows.

`price_days` holds the rows stored per trading day and a running total of the rows on earlier
days: any date-range count is two index seeks, and a deep page starts from the right day.
`price_months` holds each symbol's exact monthly totals (prices in integers of 1/10,000):
averages over years read a few hundred monthly rows plus the partial months at the edges.

Ingestion folds its writes into them in its own transaction, as increments (exact, and safe
when two ingests overlap): `Changes` sums what the writes did, `Changes.apply` adds it and
recomputes the running total of the days after the earliest new day, under a lock on the data
version row. `rebuild` recomputes everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, text

from financial.rules import PRICE_DECIMALS, PRICE_SCALE, scaled_price
from lib.dialect import MYSQL, SQLITE, dialect_name

_UPSERT_TAIL = {
    SQLITE: "ON CONFLICT ({keys}) DO UPDATE SET {sets}",
    MYSQL: "ON DUPLICATE KEY UPDATE {sets}",
}
_NEW = {SQLITE: "excluded.{0}", MYSQL: "VALUES({0})"}
_INT = {SQLITE: "INTEGER", MYSQL: "SIGNED"}
_MONTH = {SQLITE: "strftime('%Y-%m-01', date)", MYSQL: "DATE_FORMAT(date, '%Y-%m-01')"}


def month_of(day: date) -> date:
    """Return the first day of `day`'s month."""
    return day.replace(day=1)


def _increment(connection: Connection, table: str, keys: Sequence[str], counters: Sequence[str], rows: list) -> None:
    if not rows:
        return
    dialect = dialect_name(connection)
    columns = [*keys, *counters]
    sets = ", ".join(f"{name} = {name} + {_NEW[dialect].format(name)}" for name in counters)
    tail = _UPSERT_TAIL[dialect].format(keys=", ".join(keys), sets=sets)
    placeholders = ", ".join(f":{name}" for name in columns)
    connection.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) {tail}"), rows)


def restate_running_totals(connection: Connection, since: date) -> None:
    """Recompute `rows_before` for every day on or after `since`."""

    def _locking(sql: str) -> str:
        # InnoDB's plain reads see the transaction's first snapshot; running totals need the latest.
        return sql if dialect_name(connection) == SQLITE else f"{sql} FOR UPDATE"

    connection.execute(text(_locking("SELECT version FROM data_version WHERE id = 1")))  # one writer at a time
    before = connection.execute(
        text(_locking("SELECT rows_before + day_rows FROM price_days WHERE date < :since ORDER BY date DESC LIMIT 1")),
        {"since": since},
    ).scalar()
    running = int(before or 0)
    changes = []
    days = connection.execute(
        text(_locking("SELECT date, day_rows, rows_before FROM price_days WHERE date >= :since ORDER BY date")),
        {"since": since},
    )
    for day, day_rows, rows_before in days:
        if rows_before != running:
            changes.append({"date": day, "rows_before": running})
        running += day_rows
    if changes:  # one multi-row statement: PyMySQL batches INSERTs, not UPDATEs
        dialect = dialect_name(connection)
        tail = _UPSERT_TAIL[dialect].format(keys="date", sets=f"rows_before = {_NEW[dialect].format('rows_before')}")
        connection.execute(
            text(f"INSERT INTO price_days (date, day_rows, rows_before) VALUES (:date, 0, :rows_before) {tail}"),
            changes,
        )


@dataclass
class Changes:
    """What some writes did to the summaries: new rows per day, total deltas per (symbol, year, month)."""

    new_days: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    months: dict[tuple, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))

    def add(self, *, written: Sequence[Mapping], previous: Mapping[tuple, tuple]) -> None:
        """Add rows just upserted; `previous` maps each key that existed to its old (open, close, volume).

        Prices carry at most PRICE_DECIMALS decimals (ingestion quantizes them), so scaling them is exact.
        Memory grows with the distinct days and symbol-months touched, never with the rows.
        """
        new_days, months = self.new_days, self.months
        for row in written:
            symbol, day = row["symbol"], row["date"]
            totals = months[(symbol, day.year, day.month)]
            open_, close = int(row["open_price"].scaleb(PRICE_DECIMALS)), int(row["close_price"].scaleb(PRICE_DECIMALS))
            volume = row["volume"]
            old = previous.get((symbol, day))
            if old is None:
                new_days[day] += 1
                totals[0] += 1
            else:
                open_, close, volume = open_ - scaled_price(old[0]), close - scaled_price(old[1]), volume - old[2]
            totals[1] += open_
            totals[2] += close
            totals[3] += volume

    def apply(self, connection: Connection) -> None:
        """Fold the changes into the summary tables, in the caller's transaction."""
        _increment(
            connection,
            "price_days",
            ["date"],
            ["day_rows", "rows_before"],
            [{"date": day, "day_rows": count, "rows_before": 0} for day, count in self.new_days.items()],
        )
        _increment(
            connection,
            "price_months",
            ["symbol", "month"],
            ["days", "open_total_e4", "close_total_e4", "volume_total"],
            [
                {
                    "symbol": symbol,
                    "month": date(year, month, 1),
                    "days": t[0],
                    "open_total_e4": t[1],
                    "close_total_e4": t[2],
                    "volume_total": t[3],
                }
                for (symbol, year, month), t in self.months.items()
            ],
        )
        if self.new_days:
            restate_running_totals(connection, min(self.new_days))
        # Issue 11: the symbols that gained days get their NYSE coverage recomputed (financial.symbols).
        from financial.symbols.store import refresh

        refresh(connection, {symbol for (symbol, _, _), totals in self.months.items() if totals[0]})


def rebuild(connection: Connection) -> None:
    """Recompute both summary tables from financial_data, in the caller's transaction."""
    dialect = dialect_name(connection)
    connection.execute(text("DELETE FROM price_days"))
    connection.execute(text("DELETE FROM price_months"))
    connection.execute(
        text(
            "INSERT INTO price_days (date, day_rows, rows_before)"
            " SELECT date, COUNT(*), 0 FROM financial_data GROUP BY date"
        )
    )
    cast = _INT[dialect]
    month = _MONTH[dialect]
    connection.execute(
        text(
            "INSERT INTO price_months (symbol, month, days, open_total_e4, close_total_e4, volume_total)"
            f" SELECT symbol, {month}, COUNT(*),"
            f" SUM(CAST(ROUND(open_price * {PRICE_SCALE}) AS {cast})),"
            f" SUM(CAST(ROUND(close_price * {PRICE_SCALE}) AS {cast})),"
            f" SUM(volume) FROM financial_data GROUP BY symbol, {month}"
        )
    )
    restate_running_totals(connection, date.min)
