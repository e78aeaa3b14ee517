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


def ran(app, symbol, finished_at, status="ok", endpoint="TIME_SERIES_DAILY"):
    with app.app_context():
        db.session.add(
            IngestRun(
                run_id="r",
                symbol=symbol,
                source="alphavantage",
                endpoint=endpoint,
                status=status,
                finished_at=finished_at,
            )
        )
        db.session.commit()


def actions_stored(app, symbol, finished_at):
    ran(app, symbol, finished_at, endpoint="SPLITS+DIVIDENDS")


def test_the_plan_puts_never_fetched_and_stalest_symbols_first_and_cuts_at_the_budget(app):
    ran(app, "IBM", NOW - timedelta(hours=2))
    ran(app, "MSFT", NOW - timedelta(days=3))
    ran(app, "AAPL", NOW - timedelta(hours=1), status="failed")  # never succeeded: as stale as can be
    for symbol in ("IBM", "MSFT"):  # IBM's and MSFT's actions are fresh
        actions_stored(app, symbol, NOW - timedelta(days=1))
    with app.app_context():
        for symbol in ("IBM", "MSFT"):
            for function in ("SPLITS", "DIVIDENDS"):
                record_call(function=function, symbol=symbol, outcome="ok", now=NOW - timedelta(days=1))

        plan = plan_run(symbols=["IBM", "MSFT", "AAPL"], wanted=Wanted("daily"), limit=25, spent=20, now=NOW)

    assert plan.left == 5  # the four calls recorded above count too
    # Daily bars first, stalest first; then AAPL's actions, which were never stored.
    assert [(p.symbol, p.fetched, p.left_out) for p in plan.symbols] == [
        ("AAPL", ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"), ()),
        ("MSFT", ("TIME_SERIES_DAILY",), ()),
        ("IBM", ("TIME_SERIES_DAILY",), ()),
    ]
    assert plan.calls == 5 and plan.actions == ("AAPL",)


def test_daily_bars_take_the_budget_before_any_actions_and_actions_come_in_pairs(app):
    with app.app_context():
        plan = plan_run(symbols=["IBM", "AAPL", "MSFT"], wanted=Wanted("daily"), limit=6, spent=0, now=NOW)

    # Per symbol, IBM's actions would have taken AAPL's and MSFT's bars; one call left cannot buy a pair.
    assert [(p.symbol, p.fetched, p.left_out) for p in plan.symbols] == [
        ("IBM", ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"), ()),
        ("AAPL", ("TIME_SERIES_DAILY",), ("SPLITS", "DIVIDENDS")),
        ("MSFT", ("TIME_SERIES_DAILY",), ("SPLITS", "DIVIDENDS")),
    ]
    assert plan.calls == 5 and plan.left == 6


def test_actions_fall_due_after_their_maximum_age_counted_from_when_they_were_stored(app):
    actions_stored(app, "IBM", NOW - timedelta(days=8))
    actions_stored(app, "MSFT", NOW - timedelta(days=1))
    with app.app_context():
        # A fetch whose data was rolled back leaves its calls in the ledger, not a stored run.
        for function in ("SPLITS", "DIVIDENDS"):
            record_call(function=function, symbol="AAPL", outcome="ok", now=NOW - timedelta(hours=1))
        symbols = ["IBM", "MSFT", "AAPL"]
        week = plan_run(symbols=symbols, wanted=Wanted("daily"), limit=25, spent=0, now=NOW)
        always = Wanted("daily", actions_max_age=timedelta(0))
        every_run = plan_run(symbols=symbols, wanted=always, limit=25, spent=0, now=NOW)
        only_actions = plan_run(symbols=symbols[:2], wanted=Wanted(actions="all"), limit=25, spent=0, now=NOW)

    assert {p.symbol: p.functions for p in week.symbols} == {
        "IBM": ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"),
        "MSFT": ("TIME_SERIES_DAILY",),
        "AAPL": ("TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"),
    }
    assert week.actions == ("AAPL", "IBM")  # never stored first, then the stalest
    assert every_run.actions == ("AAPL", "IBM", "MSFT")  # ACTIONS_MAX_AGE_DAYS=0: every run
    assert [p.symbol for p in only_actions.symbols] == ["IBM", "MSFT"]  # IBM's actions are the stalest
    assert all(p.functions == ("SPLITS", "DIVIDENDS") for p in only_actions.symbols)


def test_actions_and_overview_runs_do_not_make_the_daily_bars_look_fresh(app):
    ran(app, "IBM", NOW - timedelta(days=2))
    actions_stored(app, "IBM", NOW - timedelta(hours=1))
    ran(app, "IBM", NOW - timedelta(hours=1), endpoint="OVERVIEW")
    ran(app, "IBM", NOW - timedelta(hours=1), endpoint="TIME_SERIES_INTRADAY 15min")
    ran(app, "MSFT", NOW - timedelta(days=1))
    with app.app_context():
        plan = plan_run(symbols=["MSFT", "IBM"], wanted=Wanted("daily", actions="none"), limit=25, spent=0, now=NOW)

    assert [(p.symbol, p.last_fetched) for p in plan.symbols] == [
        ("IBM", NOW - timedelta(days=2)),
        ("MSFT", NOW - timedelta(days=1)),
    ]


@pytest.mark.parametrize(
    ("setting", "full", "first", "later"),
    [
        ("auto", False, ("TIME_SERIES_DAILY_ADJUSTED", "TIME_SERIES_DAILY"), ("TIME_SERIES_DAILY",)),
        (
            "auto",
            True,
            ("TIME_SERIES_DAILY_ADJUSTED", "TIME_SERIES_DAILY", "TIME_SERIES_DAILY"),
            ("TIME_SERIES_DAILY",),
        ),
        ("daily", True, ("TIME_SERIES_DAILY", "TIME_SERIES_DAILY"), ("TIME_SERIES_DAILY",)),
        ("daily", False, ("TIME_SERIES_DAILY",), ("TIME_SERIES_DAILY",)),
        ("daily_adjusted", True, ("TIME_SERIES_DAILY_ADJUSTED",), ("TIME_SERIES_DAILY_ADJUSTED",)),
    ],
)
def test_the_plan_counts_the_premium_refusals_of_a_key_not_known_to_be_premium(app, setting, full, first, later):
    wanted = Wanted(setting, actions="none", full=full)
    with app.app_context():
        plan = plan_run(symbols=["IBM", "AAPL"], wanted=wanted, limit=25, spent=0, now=NOW)

    assert [p.functions for p in plan.symbols] == [first, later]
    assert plan.calls == len(first) + len(later)


def test_once_the_ledger_shows_an_adjusted_success_auto_counts_one_call_per_symbol(app):
    with app.app_context():
        record_call(function="TIME_SERIES_DAILY_ADJUSTED", symbol="IBM", outcome="premium", now=NOW - timedelta(days=2))
        refused = plan_run(symbols=["IBM"], wanted=Wanted("auto", actions="none"), limit=25, spent=0, now=NOW)
        record_call(function="TIME_SERIES_DAILY_ADJUSTED", symbol="IBM", outcome="ok", now=NOW - timedelta(days=1))
        record_call(function="TIME_SERIES_DAILY_ADJUSTED", symbol="IBM", outcome="transient", now=NOW)  # no answer
        entitled = plan_run(symbols=["IBM", "AAPL"], wanted=Wanted("auto", actions="none"), limit=25, spent=0, now=NOW)

    assert refused.symbols[0].functions == ("TIME_SERIES_DAILY_ADJUSTED", "TIME_SERIES_DAILY")
    assert [p.functions for p in entitled.symbols] == [("TIME_SERIES_DAILY_ADJUSTED",)] * 2
    assert entitled.probes == () and entitled.calls == 2


def test_the_status_shows_todays_calls_each_symbols_last_run_and_the_next_calls(app):
    from financial.quota import ingest_status

    ran(app, "IBM", NOW - timedelta(days=1), status="ok")
    ran(app, "IBM", NOW - timedelta(hours=1), status="failed")
    ran(app, "OLD", NOW - timedelta(days=30))
    with app.app_context():
        record_call(function="TIME_SERIES_DAILY", symbol="IBM", outcome="transient", now=NOW - timedelta(hours=1))
        status = ingest_status(symbols=["IBM", "MSFT"], limit=4, wanted=Wanted("daily"), now=NOW)

    assert (status["day"], status["calls_today"], status["budget_left"]) == ("2026-12-01", 1, 3)
    assert [(run["symbol"], run["status"]) for run in status["last_runs"]] == [("IBM", "failed"), ("OLD", "ok")]
    # Three calls left: both symbols' bars first; the one left over cannot buy a pair of actions.
    assert status["next_run"] == [
        {
            "symbol": "MSFT",
            "functions": ["TIME_SERIES_DAILY"],
            "not_affordable": ["SPLITS", "DIVIDENDS"],
            "last_fetched": None,
        },
        {
            "symbol": "IBM",
            "functions": ["TIME_SERIES_DAILY"],
            "not_affordable": ["SPLITS", "DIVIDENDS"],
            "last_fetched": "2026-11-30T15:00:00Z",  # its last success; the failed run since does not count
        },
    ]
