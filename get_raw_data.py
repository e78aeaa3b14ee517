#!/usr/bin/env python
"""Fetch daily prices from Alpha Vantage (or load a CSV) into the database and print a summary.

Exit codes: 0 every symbol stored, 1 some failed, 2 nothing stored or the configuration is wrong.
A plain run also fetches SPLITS and DIVIDENDS of symbols whose actions are ACTIONS_MAX_AGE_DAYS old
(default 7; 0: every run), after the daily bars; their failure is a warning, not counted in the exit code.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from datetime import date

from sqlalchemy.exc import DBAPIError

from app import create_app, ingest_cli
from app.config import ConfigError
from app.plan_cli import render_plan
from financial.ingest import (
    DEFAULT_DAYS,
    Refused,
    Request,
    Window,
    ensure_sqlite_folder,
    ingest,
    parse_symbols,
    plan_for,
    plan_ingestion,
)
from financial.intraday import INTERVALS, IntradayChoice, parse_month
from financial.rules import parse_date
from lib.redact import redact, register_secret

EXIT_CONFIG = 2


def _days(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= 36_500:
        raise argparse.ArgumentTypeError(f"expected a whole number of days from 1 to 36500, got {text!r}")
    return int(text)


def _since(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r} ({exc})") from None


def _symbols(text: str) -> tuple[str, ...]:
    try:
        return parse_symbols(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _month(text: str) -> str:
    try:
        return parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a month YYYY-MM, got {text!r} ({exc})") from None


def _add_intraday(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("intraday bars (kept INTRADAY_RETENTION_DAYS days, default 60)")
    group.add_argument(
        "--intraday",
        metavar="INTERVAL",
        choices=INTERVALS,
        help=f"fetch intraday bars ({', '.join(INTERVALS)}) instead of daily ones; --full asks for the full output",
    )
    group.add_argument(
        "--extended-hours",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="with --intraday: include the pre- and post-market bars (Alpha Vantage's default) or not",
    )
    group.add_argument("--month", type=_month, help="with --intraday: the bars of one month YYYY-MM (premium)")


def _intraday_choice(parser: argparse.ArgumentParser, args: argparse.Namespace) -> IntradayChoice | None:
    if not args.intraday:
        if args.extended_hours is not None or args.month:
            parser.error("--extended-hours, --no-extended-hours and --month go with --intraday")
        return None
    if args.from_csv or args.days or args.since or args.sample_if_no_key:
        parser.error("--intraday takes --full or --month, not --from-csv, --days, --since or --sample-if-no-key")
    return IntradayChoice(args.intraday, extended_hours=args.extended_hours, full=args.full, month=args.month)


def _add_extras(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("corporate actions, company overviews and the daily call budget")
    group.add_argument(
        "--actions", action="store_true", help="fetch SPLITS and DIVIDENDS (only) for the symbols, due or not"
    )
    group.add_argument("--overview", action="store_true", help="fetch the company OVERVIEW (only) for the symbols")
    group.add_argument(
        "--plan", action="store_true", help="print what a run would fetch with today's budget left, fetch nothing"
    )


def _check_extras(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if (args.actions or args.overview or args.plan) and (args.from_csv or args.intraday or args.sample_if_no_key):
        parser.error(
            "--actions, --overview and --plan go with Alpha Vantage's daily data, not --from-csv or --intraday"
        )


def parse_args(argv: list[str] | None) -> Request:
    """Return the ingestion request the command line describes (argparse exits 2 on bad usage)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n", 2)[2])
    parser.add_argument("--symbols", type=_symbols, help="comma-separated symbols (default: SYMBOLS, or IBM,AAPL)")
    window = parser.add_mutually_exclusive_group()
    window.add_argument("--days", type=_days, help=f"keep the last N calendar days (default {DEFAULT_DAYS})")
    window.add_argument("--since", type=_since, help="keep rows on or after YYYY-MM-DD")
    window.add_argument("--full", action="store_true", help="ask for the full history (premium) and keep it all")
    parser.add_argument("--from-csv", metavar="PATH", help="load a CSV file (.csv or .csv.gz) instead of fetching")
    parser.add_argument("--symbol", type=_symbols, help="with --from-csv: the file's symbol, or the one to keep")
    parser.add_argument(
        "--sample-if-no-key", action="store_true", help="without ALPHAVANTAGE_API_KEY, load the bundled sample"
    )
    _add_intraday(parser)
    _add_extras(parser)
    args = parser.parse_args(argv)
    _check_extras(parser, args)
    if args.from_csv and (args.days or args.full or args.symbols):
        parser.error(
            "--from-csv loads every row of the file: use --symbol and --since with it, not --symbols/--days/--full"
        )
    if args.symbol and not args.from_csv:
        parser.error("--symbol goes with --from-csv; use --symbols to fetch from Alpha Vantage")
    intraday = _intraday_choice(parser, args)
    return Request(
        symbols=args.symbols or (),
        window=Window(days=args.days or DEFAULT_DAYS, since=args.since, full=args.full),
        csv_path=args.from_csv,
        csv_symbols=frozenset(args.symbol) if args.symbol else None,
        sample_if_no_key=args.sample_if_no_key,
        intraday=intraday,
        actions=args.actions,
        overview=args.overview,
        dry_run=args.plan,
    )


def _failure(exc: Exception) -> str:
    """Say what failed; a lost database is named as such, with what it means for the data."""
    detail = redact(f"{exc.__class__.__name__}: {exc}").splitlines()[0][:300]
    if isinstance(exc, DBAPIError):
        return (
            f"the database failed during the run ({detail}); its transaction was rolled back, so "
            "nothing of it was stored: rerun once the database answers"
        )
    return f"failed: {detail}"


def progress(line: str) -> None:
    """Show a progress line on stderr at once."""
    print(redact(line), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run one ingestion; return the exit code."""
    request = parse_args(argv)
    # SQLite stores DECIMAL as REAL; values are rounded to the columns' 4 decimals before storing.
    warnings.filterwarnings("ignore", message=r"Dialect sqlite\+pysqlite does \*not\* support Decimal")
    try:
        app = create_app()
    except ConfigError as exc:
        print(f"get_raw_data: configuration error: {redact(str(exc))}", file=sys.stderr)
        return EXIT_CONFIG
    register_secret(app.config["ALPHAVANTAGE_API_KEY"])
    try:  # before the schema is created: a wrong setup writes nothing
        plan = plan_ingestion(request, config=app.config)
    except Refused as refused:
        print(f"get_raw_data: {ingest_cli.explain(refused)}", file=sys.stderr)
        return EXIT_CONFIG
    from flask_migrate import upgrade

    with app.app_context():
        try:
            ensure_sqlite_folder(app.config["SQLALCHEMY_DATABASE_URI"])
            upgrade()
            if request.dry_run:  # issue 14: --plan
                print(render_plan(plan_for(config=app.config, request=request, symbols=plan.symbols)), flush=True)
                return 0
            progress(ingest_cli.opening(plan))
            report = ingest(config=app.config, plan=plan, progress=progress)
        except Exception as exc:  # a database that is down or refuses us: say so, without the key
            print(f"get_raw_data: {_failure(exc)}", file=sys.stderr)
            return EXIT_CONFIG
    print(redact(ingest_cli.render(report, plan=plan)), flush=True)
    return report.exit_code()


if __name__ == "__main__":
    sys.exit(main())
