"""A plain run's corporate actions and the plan's honest call count, against the fake Alpha Vantage, per database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from financial.ingest import Request, Window
from financial.ingest.alphavantage.planned import plan_for, planned_run
from financial.ingest.alphavantage.service import client_from_config
from financial.models import Dividend, IngestRun
from financial.storage import current_version, db
from tests.corporate import clear_action_tables
from tests.fakes import av_actions
from tests.fakes.alphavantage import DAILY, DAILY_ADJUSTED, FakeAlphaVantage

ACTIONS = ["SPLITS", "DIVIDENDS"]


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        yield server


def settings(app, fake, **overrides) -> dict:
    config = dict(app.config)
    config.update(
        ALPHAVANTAGE_API_KEY="test-key-1234",
        ALPHAVANTAGE_BASE_URL=fake.url,
        ALPHAVANTAGE_TIMEOUT=0.3,
        ALPHAVANTAGE_RATE=1000.0,
        ALPHAVANTAGE_RETRIES=1,
        ALPHAVANTAGE_FUNCTION="daily",
        ACTIONS_MAX_AGE_DAYS=7,
        ALPHAVANTAGE_DAILY_BUDGET=25,
    )
    config.update(overrides)
    return config


def ingest(app, fake, symbols, *, request=None, **overrides):
    """Run a plain (or `request`'s) live ingestion of `symbols`; return its report."""
    config = settings(app, fake, **overrides)
    client = client_from_config(config)
    with app.app_context():
        try:
            return planned_run(
                client=client, config=config, request=request or Request(), symbols=tuple(symbols), run_id="r"
            )
        finally:
            client.close()


def asked(fake, since: int = 0) -> list[str]:
    return [request["function"] for request in fake.requests[since:]]


def age_actions(app, days: int) -> None:
    """Move the stored actions' fetch time back `days` days, as if they had been fetched then."""
    table = IngestRun.__table__
    with app.app_context():
        rows = db.session.execute(select(table.c.id, table.c.finished_at).where(table.c.endpoint == "SPLITS+DIVIDENDS"))
        for row_id, finished in rows.all():
            moved = finished - timedelta(days=days)
            db.session.execute(update(table).where(table.c.id == row_id).values(finished_at=moved))
        db.session.commit()


def test_a_plain_run_fetches_actions_once_then_again_only_once_they_are_older_than_the_max_age(app, fake):
    first = ingest(app, fake, ["IBM", "AAPL"])
    assert asked(fake) == [DAILY, DAILY, *ACTIONS, *ACTIONS]
    assert first.exit_code() == 0 and first.warnings == []
    assert [(o.symbol, o.endpoint, o.side) for o in first.outcomes[2:]] == [
        ("IBM", "SPLITS+DIVIDENDS", True),
        ("AAPL", "SPLITS+DIVIDENDS", True),
    ]

    ingest(app, fake, ["IBM", "AAPL"])
    assert asked(fake, 6) == [DAILY, DAILY]  # stored a moment ago: not due

    age_actions(app, 6)
    ingest(app, fake, ["IBM", "AAPL"])
    assert asked(fake, 8) == [DAILY, DAILY]  # six days old: still within ACTIONS_MAX_AGE_DAYS=7

    age_actions(app, 2)  # eight days old now
    ingest(app, fake, ["IBM", "AAPL"])
    assert asked(fake, 10) == [DAILY, DAILY, *ACTIONS, *ACTIONS]

    ingest(app, fake, ["IBM"], ACTIONS_MAX_AGE_DAYS=0)  # 0: every run
    assert asked(fake, 16) == [DAILY, *ACTIONS]


def test_a_new_action_moves_the_data_version_and_an_unchanged_one_does_not(app, fake):
    ingest(app, fake, ["IBM"])
    with app.app_context():
        before = current_version()

    ingest(app, fake, ["IBM"], ACTIONS_MAX_AGE_DAYS=0)
    with app.app_context():
        assert current_version() == before  # same bars, same actions: caches stay valid

    rows = [*av_actions.DIVIDEND_ROWS["IBM"], {**av_actions.DIVIDEND_ROWS["IBM"][0], "ex_dividend_date": "2024-08-09"}]
    fake.set_actions("IBM", "DIVIDENDS", rows)
    report = ingest(app, fake, ["IBM"], ACTIONS_MAX_AGE_DAYS=0)

    assert report.outcomes[-1].inserted == 1
    with app.app_context():
        assert current_version() != before
        assert db.session.scalar(select(func.count()).select_from(Dividend)) == len(rows)


def test_a_failed_actions_fetch_warns_keeps_exit_0_and_the_next_run_fetches_them_again(app, fake):
    fake.script("IBM", "ok", "http_500", "http_500")  # the bars, then SPLITS fails twice (one retry)

    report = ingest(app, fake, ["IBM"])

    assert report.exit_code() == 0 and report.outcomes[0].inserted == 11
    assert report.outcomes[1].status == "failed" and "HTTP 500" in report.outcomes[1].error
    assert len(report.warnings) == 1 and report.warnings[0].startswith("IBM: SPLITS+DIVIDENDS failed (")
    assert asked(fake) == [DAILY, "SPLITS", "SPLITS"]  # every attempt is a call

    again = ingest(app, fake, ["IBM"])

    assert asked(fake, 3) == [DAILY, *ACTIONS] and again.outcomes[1].status == "ok"


def test_a_symbol_whose_bars_failed_gets_its_actions_with_its_next_run(app, fake):
    report = ingest(app, fake, ["IBM", "INVALID"])

    assert [request["symbol"] for request in fake.requests] == ["IBM", "INVALID", "IBM", "IBM"]
    assert report.exit_code() == 1  # INVALID's bars failed; the actions never count
    assert any("SPLITS+DIVIDENDS not fetched for INVALID: their daily bars were not stored" in n for n in report.notes)


def test_an_actions_run_still_counts_its_outcomes_in_the_exit_code(app, fake):
    fake.script("IBM", "invalid_symbol")

    report = ingest(app, fake, ["IBM"], request=Request(actions=True))

    assert asked(fake) == ["SPLITS"] and report.exit_code() == 2 and report.warnings == []


@pytest.mark.parametrize("full", [False, True])
def test_with_auto_on_a_free_key_the_plan_counts_exactly_the_calls_the_run_makes(app, fake, full):
    request = Request(window=Window(full=full))
    config = settings(app, fake, ALPHAVANTAGE_FUNCTION="auto")
    with app.app_context():
        plan = plan_for(config=config, request=request, symbols=("IBM", "AAPL"))

    ingest(app, fake, ["IBM", "AAPL"], request=request, ALPHAVANTAGE_FUNCTION="auto")

    refusals = [DAILY_ADJUSTED] + ([DAILY] if full else [])
    assert asked(fake) == [*refusals, DAILY, DAILY, *ACTIONS, *ACTIONS]
    assert plan.calls == len(fake.requests) and plan.probes == tuple(refusals)
    assert plan.symbols[0].fetched == (*refusals, DAILY, *ACTIONS)


def test_once_a_premium_key_is_known_auto_is_planned_at_one_call_per_symbol(app, fake):
    fake.set_premium(True)
    config = settings(app, fake, ALPHAVANTAGE_FUNCTION="auto")
    with app.app_context():
        unknown = plan_for(config=config, request=Request(), symbols=("IBM", "AAPL"))

    ingest(app, fake, ["IBM", "AAPL"], ALPHAVANTAGE_FUNCTION="auto")
    with app.app_context():
        known = plan_for(config=config, request=Request(), symbols=("IBM", "AAPL"))

    assert asked(fake) == [DAILY_ADJUSTED, DAILY_ADJUSTED, *ACTIONS, *ACTIONS]
    assert unknown.calls == len(fake.requests) + 1  # the ledger could not tell it was premium: one call to spare
    assert [p.fetched for p in known.symbols] == [(DAILY_ADJUSTED,), (DAILY_ADJUSTED,)] and known.probes == ()
