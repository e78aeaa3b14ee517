"""Report the ingestion status: calls spent today, the budget left, each symbol's last run, the next calls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from financial.models import IngestRun, utcnow
from financial.quota.ledger import calls_on, quota_day
from financial.quota.plan import Plan, Wanted, plan_run
from financial.storage import db

RUNS = IngestRun.__table__
SHOWN = ("run_id", "symbol", "source", "endpoint", "status", "started_at", "finished_at", "rows_inserted")
SHOWN += ("rows_updated", "rows_unchanged", "rows_skipped", "error")


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def latest_runs() -> list[dict]:
    """Return each symbol's most recent ingest_runs row, by symbol."""
    latest = select(func.max(RUNS.c.id)).group_by(RUNS.c.symbol).scalar_subquery()
    stmt = select(*(RUNS.c[name] for name in SHOWN)).where(RUNS.c.id.in_(latest)).order_by(RUNS.c.symbol)
    with db.engine.connect() as connection:
        rows = [dict(zip(SHOWN, row, strict=True)) for row in connection.execute(stmt)]
    for row in rows:
        row["started_at"], row["finished_at"] = _time(row["started_at"]), _time(row["finished_at"])
    return rows


def _next(plan: Plan) -> list[dict]:
    return [
        {
            "symbol": item.symbol,
            "functions": list(item.fetched),
            "not_affordable": list(item.left_out),
            "last_fetched": _time(item.last_fetched),
        }
        for item in plan.symbols
    ]


def ingest_status(*, symbols: list[str], limit: int, wanted: Wanted, now: datetime | None = None) -> dict:
    """Return today's calls and budget (US/Eastern day), every symbol's last run, and a run of `symbols`' calls."""
    moment = now or utcnow()
    spent = calls_on(quota_day(moment))
    plan = plan_run(symbols=list(symbols), wanted=wanted, limit=limit, spent=spent, now=moment)
    return {
        "day": quota_day(moment).isoformat(),
        "daily_budget": limit,
        "calls_today": spent,
        "budget_left": plan.left,
        "last_runs": latest_runs(),
        "next_run": _next(plan),
    }
