"""GET /api/actions, /api/companies/<symbol> and /api/ingest/status over HTTP, on each database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from financial.actions import store_dividends, store_splits
from financial.companies import parse_overview, store_company
from financial.models import IngestRun, utcnow
from financial.quota import record_call
from financial.storage import db
from tests.corporate import clear_action_tables
from tests.integration.test_companies_store import IBM_OVERVIEW


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


def store_aapl_actions(app, extra_dividend=False):
    dividends = [{"ex_dividend_date": date(2020, 8, 7), "amount": Decimal("0.82")}]
    if extra_dividend:
        dividends.append({"ex_dividend_date": date(2020, 11, 6), "amount": Decimal("0.205")})
    with app.app_context():
        store_splits(symbol="AAPL", rows=[{"effective_date": date(2020, 8, 31), "split_factor": Decimal("4")}])
        store_dividends(symbol="AAPL", rows=dividends)
        db.session.commit()


def test_actions_lists_a_symbols_splits_and_dividends_by_date(app, client):
    store_aapl_actions(app)

    body = client.get("/api/actions?symbol=aapl").get_json()

    assert body["info"] == {"error": ""}
    assert body["pagination"] == {"count": 2, "page": 1, "limit": 100, "pages": 1}
    assert [(r["date"], r["type"], r["split_factor"], r["amount"]) for r in body["data"]] == [
        ("2020-08-07", "dividend", None, "0.82"),
        ("2020-08-31", "split", "4", None),
    ]


def test_actions_filters_by_date_and_pages(app, client):
    store_aapl_actions(app, extra_dividend=True)

    ranged = client.get("/api/actions?symbol=AAPL&start_date=2020-08-08").get_json()
    second = client.get("/api/actions?symbol=AAPL&limit=1&page=2").get_json()

    assert [r["date"] for r in ranged["data"]] == ["2020-08-31", "2020-11-06"]
    assert [r["date"] for r in second["data"]] == ["2020-08-31"]
    assert second["pagination"]["pages"] == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "symbol is required"),
        ("symbol=AAPL&start_date=2021-01-02&end_date=2021-01-01", "must not be after end_date"),
        ("symbol=AAPL&limit=0", "limit must be a whole number from 1 to 1000"),
    ],
)
def test_bad_actions_queries_answer_400_in_the_list_envelope(client, query, message):
    response = client.get(f"/api/actions?{query}")

    assert response.status_code == 400
    body = response.get_json()
    assert (body["data"], body["pagination"]) == ([], None)
    assert message in body["info"]["error"]


def test_a_new_action_moves_the_actions_etag_on(app, client):
    store_aapl_actions(app)
    first = client.get("/api/actions?symbol=AAPL")
    etag = first.headers["ETag"]

    assert client.get("/api/actions?symbol=AAPL", headers={"If-None-Match": etag}).status_code == 304
    store_aapl_actions(app, extra_dividend=True)
    again = client.get("/api/actions?symbol=AAPL", headers={"If-None-Match": etag})

    assert again.status_code == 200
    assert again.get_json()["pagination"]["count"] == 3


def test_a_company_overview_is_served_in_any_case(app, client):
    with app.app_context():
        store_company(symbol="IBM", row=parse_overview(IBM_OVERVIEW))
        db.session.commit()

    response = client.get("/api/companies/ibm")

    assert response.status_code == 200
    data = response.get_json()["data"]
    assert (data["symbol"], data["name"], data["exchange"]) == ("IBM", "International Business Machines", "NYSE")
    assert data["market_capitalization"] == 181_079_310_000
    assert data["details"]["DividendDate"] is None
    assert client.get("/api/companies/ibm", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_an_unknown_company_is_a_404_and_a_malformed_symbol_a_400_in_the_envelope(client):
    missing = client.get("/api/companies/XYZ")
    malformed = client.get("/api/companies/TOO-LONG-SYMBOL")

    assert missing.status_code == 404
    assert missing.get_json() == {
        "data": {},
        "info": {"error": "No company overview stored for XYZ; get_raw_data.py --overview fetches it"},
    }
    assert malformed.status_code == 400
    assert malformed.get_json()["info"]["error"].startswith("symbol must be 1-10 letters")


def test_the_status_counts_todays_calls_at_once_and_plans_the_configured_symbols(app, client):
    app.config.update(SYMBOLS="IBM,MSFT", ALPHAVANTAGE_DAILY_BUDGET=4, ALPHAVANTAGE_FUNCTION="daily")
    with app.app_context():
        db.session.add(IngestRun(run_id="r1", symbol="IBM", source="alphavantage", status="ok", finished_at=utcnow()))
        db.session.commit()
        for function in ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"):
            record_call(function=function, symbol="IBM", outcome="ok")
    before = client.get("/api/ingest/status")
    with app.app_context():
        record_call(function="TIME_SERIES_DAILY", symbol="MSFT", outcome="transient")
    after = client.get("/api/ingest/status").get_json()["data"]

    assert before.headers["Cache-Control"] == "no-store"
    data = before.get_json()["data"]
    assert (data["daily_budget"], data["calls_today"], data["budget_left"]) == (4, 3, 1)
    assert [(run["symbol"], run["status"]) for run in data["last_runs"]] == [("IBM", "ok")]
    assert [(p["symbol"], p["functions"], p["not_affordable"]) for p in data["next_run"]] == [
        # Never fetched: first. One call left buys MSFT's bars; no actions were ever stored (the ledger's
        # SPLITS and DIVIDENDS calls are not a stored run), and actions need two calls together.
        ("MSFT", ["TIME_SERIES_DAILY"], ["SPLITS", "DIVIDENDS"]),
        ("IBM", [], ["TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"]),
    ]
    assert (after["calls_today"], after["budget_left"]) == (4, 0)  # not memoised: the ledger is read each time


def test_the_status_day_is_new_yorks(app, client):
    with app.app_context():
        record_call(function="OVERVIEW", symbol="IBM", outcome="ok", now=datetime.now() - timedelta(days=2))

    data = client.get("/api/ingest/status").get_json()["data"]

    assert data["calls_today"] == 0
    assert len(data["day"]) == 10


def test_symbols_carry_the_companys_name_and_exchange_when_an_overview_is_stored(app, client):
    from tests.sample_bars import bars, sample_frame, store

    store(app, bars(sample_frame(["IBM", "MSFT"], "2008-01-01", "2008-01-31")))
    with app.app_context():
        store_company(symbol="IBM", row=parse_overview(IBM_OVERVIEW))
        db.session.commit()

    listed = {r["symbol"]: r for r in client.get("/api/symbols?limit=10").get_json()["data"]}
    one = client.get("/api/symbols/ibm").get_json()["data"]

    assert (listed["IBM"]["name"], listed["IBM"]["exchange"]) == ("International Business Machines", "NYSE")
    assert (listed["MSFT"]["name"], listed["MSFT"]["exchange"]) == (None, None)
    assert (one["name"], one["exchange"], one["rows"]) == ("International Business Machines", "NYSE", 21)
