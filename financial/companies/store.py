"""Upsert one company overview in the caller's transaction; a change bumps the data version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from financial.models import Company, utcnow
from financial.storage import bump_version, db
from lib.upsert import upsert_statement

TABLE = Company.__table__
FIELDS = tuple(column.name for column in TABLE.columns if column.name not in ("symbol", "updated_at"))


def store_company(*, symbol: str, row: dict, now: datetime | None = None) -> bool:
    """Write `row` (the columns of parse_overview) as `symbol`'s overview; return whether it changed."""
    new = {name: row.get(name) for name in FIELDS}
    new["details"] = new["details"] or {}
    stored = db.session.execute(select(*(TABLE.c[name] for name in FIELDS)).where(TABLE.c.symbol == symbol)).first()
    if stored is not None and dict(zip(FIELDS, stored, strict=True)) == new:
        return False
    dialect = db.session.get_bind().dialect.name
    columns = ("symbol", *FIELDS, "updated_at")
    db.session.execute(
        upsert_statement(dialect, TABLE, columns=columns, keys=("symbol",)),
        [{"symbol": symbol, **new, "updated_at": now or utcnow()}],
    )
    bump_version()  # /api/companies and /api/symbols answers change: caches and ETags move on
    return True
