"""The Alpha Vantage call ledger, the daily budget and the plan of a run's calls."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from financial.models import IngestRun
from financial.quota import BudgetSpent, DailyBudget, Wanted, calls_on, outcome_of, plan_run, quota_day, record_call
from financial.storage import db
from lib.alphavantage import DailyQuotaExceeded, RateLimited, TransientError
from tests.corporate import clear_action_tables

NOW = datetime(2026, 12, 1, 15, 0)  # 10:00 in New York


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2026, 12, 2, 4, 59), date(2026, 12, 1)),  # 23:59 EST
        (datetime(2026, 12, 2, 5, 0), date(2026, 12, 2)),
        (datetime(2026, 7, 1, 3, 59), date(2026, 6, 30)),  # 23:59 EDT: the offset moves with daylight saving
        (datetime(2026, 7, 1, 4, 0), date(2026, 7, 1)),
    ],
)
def test_the_quota_day_is_new_yorks_date(utc, day):
    assert quota_day(utc) == day


def test_failures_are_named_by_kind():
    assert outcome_of(None) == "ok"
    assert outcome_of(DailyQuotaExceeded("x")) == "quota"
    assert outcome_of(RateLimited("x", kind="minute")) == "rate_limited"
    assert outcome_of(TransientError("timed out")) == "transient"


def test_calls_count_on_the_eastern_day_they_were_made(app):
    with app.app_context():
        record_call(function="TIME_SERIES_DAILY", symbol="IBM", outcome="ok", now=datetime(2026, 12, 2, 4, 0))
        record_call(function="SPLITS", symbol="IBM", outcome="transient", now=datetime(2026, 12, 2, 6, 0))

        assert calls_on(date(2026, 12, 1)) == 1
        assert calls_on(date(2026, 12, 2)) == 1


def test_the_budget_refuses_the_call_that_would_exceed_it(app):
    with app.app_context():
        budget = DailyBudget(limit=2, clock=lambda: NOW)
        for function in ("TIME_SERIES_DAILY", "SPLITS"):
            budget.check()
            budget.record(function, "IBM")

        with pytest.raises(BudgetSpent, match="daily budget spent: 2 of 2"):
            budget.check()
        assert budget.left() == 0
        assert DailyBudget(limit=2, clock=lambda: NOW + timedelta(days=1)).left() == 2  # a new day, a new budget


def test_a_call_whose_data_is_rolled_back_stays_in_the_ledger(app):
    with app.app_context():
        record_call(function="TIME_SERIES_DAILY", symbol="IBM", outcome="ok", now=NOW)  # fetch, then store
        db.session.add(IngestRun(run_id="r", symbol="IBM", source="alphavantage", status="ok"))
        db.session.flush()
        db.session.rollback()

        assert calls_on(quota_day(NOW)) == 1


def ran(app, symbol, finished_at, status="ok"):
    with app.app_context():
        db.session.add(
            IngestRun(run_id="r", symbol=symbol, source="alphavantage", status=status, finished_at=finished_at)
        )
        db.session.commit()


def test_the_plan_puts_never_fetched_and_stalest_symbols_first_and_cuts_at_the_budget(app):
    ran(app, "IBM", NOW - timedelta(hours=2))
    ran(app, "MSFT", NOW - timedelta(days=3))
    ran(app, "AAPL", NOW - timedelta(hours=1), status="failed")  # never succeeded: as stale as can be
    with app.app_context():
        for function in ("SPLITS", "DIVIDENDS"):  # IBM's and MSFT's actions are fresh
            for symbol in ("IBM", "MSFT"):
                record_call(function=function, symbol=symbol, outcome="ok", now=NOW - timedelta(days=1))

        plan = plan_run(
            symbols=["IBM", "MSFT", "AAPL"], wanted=Wanted("TIME_SERIES_DAILY"), limit=25, spent=21, now=NOW
        )

    assert plan.left == 4  # the four calls recorded above count too
    assert [(p.symbol, p.fetched, p.left_out) for p in plan.symbols] == [
        ("AAPL", ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"), ()),
        ("MSFT", ("TIME_SERIES_DAILY",), ()),
        ("IBM", (), ("TIME_SERIES_DAILY",)),
    ]
    assert plan.calls == 4


def test_actions_fall_due_after_their_maximum_age(app):
    with app.app_context():
        for function in ("SPLITS", "DIVIDENDS"):
            record_call(function=function, symbol="IBM", outcome="ok", now=NOW - timedelta(days=8))
        record_call(function="SPLITS", symbol="MSFT", outcome="ok", now=NOW - timedelta(days=1))
        record_call(function="DIVIDENDS", symbol="MSFT", outcome="ok", now=NOW - timedelta(days=1))
        wanted = Wanted("TIME_SERIES_DAILY", actions_max_age=timedelta(days=7))

        plan = plan_run(symbols=["IBM", "MSFT"], wanted=wanted, limit=25, spent=0, now=NOW)
        only_actions = plan_run(symbols=["IBM", "MSFT"], wanted=Wanted(actions="all"), limit=25, spent=0, now=NOW)

    assert {p.symbol: p.functions for p in plan.symbols} == {
        "IBM": ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"),
        "MSFT": ("TIME_SERIES_DAILY",),
    }
    assert [p.symbol for p in only_actions.symbols] == ["IBM", "MSFT"]  # IBM's actions are the stalest
    assert all(p.functions == ("SPLITS", "DIVIDENDS") for p in only_actions.symbols)


def test_the_status_shows_todays_calls_each_symbols_last_run_and_the_next_calls(app):
    from financial.quota import ingest_status

    ran(app, "IBM", NOW - timedelta(days=1), status="ok")
    ran(app, "IBM", NOW - timedelta(hours=1), status="failed")
    ran(app, "OLD", NOW - timedelta(days=30))
    with app.app_context():
        record_call(function="TIME_SERIES_DAILY", symbol="IBM", outcome="transient", now=NOW - timedelta(hours=1))
        status = ingest_status(symbols=["IBM", "MSFT"], limit=3, wanted=Wanted("TIME_SERIES_DAILY"), now=NOW)

    assert (status["day"], status["calls_today"], status["budget_left"]) == ("2026-12-01", 1, 2)
    assert [(run["symbol"], run["status"]) for run in status["last_runs"]] == [("IBM", "failed"), ("OLD", "ok")]
    assert status["next_run"] == [
        {
            "symbol": "MSFT",
            "functions": ["TIME_SERIES_DAILY", "SPLITS"],
            "not_affordable": ["DIVIDENDS"],
            "last_fetched": None,
        },
        {
            "symbol": "IBM",
            "functions": [],
            "not_affordable": ["TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"],
            "last_fetched": "2026-11-30T15:00:00Z",  # its last success; the failed run since does not count
        },
    ]
