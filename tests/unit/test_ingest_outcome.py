"""Endpoint step-downs, exit codes and the summary table."""

from __future__ import annotations

from collections import Counter

from app.ingest_cli import render
from financial.ingest.alphavantage.endpoint import EndpointChoice
from financial.ingest.outcome import FAILED, NOT_FETCHED, OK, RunReport, SymbolOutcome
from lib.alphavantage import DAILY, DAILY_ADJUSTED, PremiumRequired


def premium(feature: str) -> PremiumRequired:
    return PremiumRequired("This is a premium endpoint.", feature=feature)


def test_auto_starts_adjusted_and_falls_back_to_daily_once():
    choice = EndpointChoice(function="auto")
    assert choice.name == DAILY_ADJUSTED
    assert "TIME_SERIES_DAILY for the rest of the run" in choice.step_down(premium("endpoint"))
    assert choice.name == DAILY
    assert choice.step_down(premium("endpoint")) is None  # nothing left to drop


def test_full_degrades_to_compact_with_a_warning():
    choice = EndpointChoice(function="daily", full=True)
    assert (choice.name, choice.outputsize) == (DAILY, "full")
    assert "compact" in choice.step_down(premium("outputsize"))
    assert choice.outputsize == "compact"


def test_auto_with_full_drops_the_adjusted_endpoint_then_the_full_output():
    choice = EndpointChoice(function="auto", full=True)
    choice.step_down(premium("endpoint"))
    assert (choice.name, choice.outputsize) == (DAILY, "full")
    choice.step_down(premium("outputsize"))
    assert (choice.name, choice.outputsize) == (DAILY, "compact")


def test_an_explicit_adjusted_choice_is_never_silently_changed():
    choice = EndpointChoice(function="daily_adjusted")
    assert choice.step_down(premium("endpoint")) is None
    assert choice.name == DAILY_ADJUSTED


def report(*statuses: str, config_error: str | None = None) -> RunReport:
    outcomes = [SymbolOutcome(symbol=f"S{i}", source="alphavantage", status=s) for i, s in enumerate(statuses)]
    return RunReport(run_id="r", outcomes=outcomes, config_error=config_error)


def test_exit_codes():
    assert report(OK, OK).exit_code() == 0
    assert report(OK, FAILED).exit_code() == 1
    assert report(OK, NOT_FETCHED).exit_code() == 1
    assert report(FAILED, NOT_FETCHED).exit_code() == 2
    assert report().exit_code() == 2
    assert report(OK, config_error="the API key was rejected").exit_code() == 2


def test_the_summary_lists_every_symbol_with_its_counts_and_error():
    done = SymbolOutcome(symbol="IBM", source="alphavantage", endpoint=DAILY, status=OK, fetched=11, inserted=9)
    done.unchanged, done.skipped, done.skip_reasons = 1, 1, Counter({"bad open": 1})
    failed = SymbolOutcome(symbol="XXXX", source="alphavantage", endpoint=DAILY)
    failed.fail("invalid symbol or call")
    missed = SymbolOutcome(symbol="AAPL", source="alphavantage", error="daily request quota reached")
    text = render(RunReport(run_id="r1", outcomes=[done, failed, missed], notes=["a warning"], requests_sent=3))
    lines = text.splitlines()
    assert lines[0].split() == ["symbol", "endpoint", "fetched", "inserted", "updated", "unchanged", "skipped", "error"]
    assert lines[1].split() == ["IBM", DAILY, "11", "9", "0", "1", "1"]
    assert lines[2].split()[:7] == ["XXXX", DAILY, "0", "0", "0", "0", "0"] and "invalid symbol" in lines[2]
    assert "not fetched: daily request quota reached" in lines[3]
    assert "1 stored, 1 failed, 1 not fetched; 9 row(s) written; 3 request(s)" in text
    assert "IBM skipped 1 row(s) (bad open: 1)" in text and "note: a warning" in text


def test_a_plain_runs_actions_are_side_outcomes_outside_the_exit_code():
    bars = SymbolOutcome(symbol="IBM", source="alphavantage", endpoint=DAILY, status=OK, fetched=11, inserted=11)
    actions = SymbolOutcome(symbol="IBM", source="alphavantage", endpoint="SPLITS+DIVIDENDS", side=True)
    actions.fail("SPLITS IBM: temporary failure: HTTP 500")
    run = RunReport(run_id="r", outcomes=[bars, actions], warnings=["IBM: SPLITS+DIVIDENDS failed"])

    assert run.exit_code() == 0
    assert report(FAILED).exit_code() == 2  # the same failure counts when actions are what the run is for
    text = render(run)
    assert "1 stored, 0 failed, 0 not fetched; 11 row(s) written; corporate actions: 0 stored, 1 failed" in text
    assert "warning: IBM: SPLITS+DIVIDENDS failed" in text
    assert "corporate actions" not in render(RunReport(run_id="r", outcomes=[bars]))
