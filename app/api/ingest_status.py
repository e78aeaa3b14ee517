"""Serve GET /api/ingest/status: today's Alpha Vantage calls and budget, last runs, the next run's calls.

Not memoised: the ledger grows with every call, which does not move the data version.
"""

from flask import current_app
from flask_restx import Model, fields

from app.args import QuerySchema
from app.docs import NullableString
from app.envelope import ITEM
from app.recipe import Endpoint
from financial.ingest import Request, parse_symbols, wanted_for
from financial.quota import ingest_status

RUN = Model(
    "IngestRunRecord",
    {
        "symbol": fields.String(example="IBM"),
        "run_id": fields.String(example="5f0c0f4e9b6d4d7e8a0b3c1d2e3f4a5b"),
        "source": fields.String(example="alphavantage"),
        "endpoint": fields.String(example="TIME_SERIES_DAILY"),
        "status": fields.String(example="ok", description="ok, failed or not fetched"),
        "started_at": fields.String(example="2026-12-01T15:00:00Z"),
        "finished_at": fields.String(example="2026-12-01T15:00:02Z"),
        "rows_inserted": fields.Integer(example=1),
        "rows_updated": fields.Integer(example=0),
        "rows_unchanged": fields.Integer(example=99),
        "rows_skipped": fields.Integer(example=0),
        "error": fields.String(example=None, description="Why it failed, or null"),
    },
)
NEXT = Model(
    "PlannedSymbol",
    {
        "symbol": fields.String(example="MSFT"),
        "functions": fields.List(fields.String, example=["TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"]),
        "not_affordable": fields.List(fields.String, example=[], description="Calls today's budget leaves out"),
        "last_fetched": NullableString(example=None, description="Last success of its main call (UTC), null: never"),
    },
)
STATUS = Model(
    "IngestStatus",
    {
        "day": fields.String(example="2026-12-01", description="The quota's day: today in US/Eastern"),
        "daily_budget": fields.Integer(example=25, description="ALPHAVANTAGE_DAILY_BUDGET"),
        "calls_today": fields.Integer(example=3, description="Calls in the ledger for that day"),
        "budget_left": fields.Integer(example=22),
        "last_runs": fields.List(fields.Nested(RUN), description="Each symbol's most recent outcome"),
        "next_run": fields.List(fields.Nested(NEXT), description="What a run of SYMBOLS would fetch, stalest first"),
    },
)


class NoArgs(QuerySchema):
    """GET /api/ingest/status takes no arguments."""


def current_status() -> dict:
    """Return the status for the configured SYMBOLS, daily budget and actions age."""
    config = current_app.config
    wanted = wanted_for(Request(), config)  # what a plain run of SYMBOLS fetches
    return ingest_status(
        symbols=list(parse_symbols(config["SYMBOLS"])), limit=config["ALPHAVANTAGE_DAILY_BUDGET"], wanted=wanted
    )


endpoint = Endpoint(
    route="/ingest/status",
    about="Ingestion status and the Alpha Vantage call budget",
    summary="Show the calls spent today, the budget left, each symbol's last run and what a run would fetch next.",
    args=NoArgs,
    record=STATUS,
    envelope=ITEM,
    fetch=current_status,
    returns="Calls, budget, last runs and the next run",
    not_found="No ingestion status",  # never: the status always exists
    error_example="Database is not reachable",
    memo=False,
)
