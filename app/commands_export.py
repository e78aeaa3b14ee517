"""`flask export`: dump stored rows as CSV or NDJSON to a file (gzipped for .gz) or to stdout.

It takes the listing's filters under the same names and checks them with the API's own schema,
so a bad filter gets the API's message. A file is written under a temporary name and renamed
once complete: a failure never leaves a well-formed short file behind.
"""

from __future__ import annotations

import gzip
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.api.prices import FinancialDataArgs
from app.args import load_args
from app.errors import BadRequest
from app.export import selection
from financial.export import CSV, FORMATS, Export
from financial.prices import list_prices

STDOUT = "-"


@contextmanager
def _destination(output: str):
    """Yield a binary file for `output`; a file is renamed into place only when the block succeeds."""
    if output == STDOUT:
        yield sys.stdout.buffer
        return
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    opener = gzip.open if target.name.endswith(".gz") else open
    try:
        with opener(partial, "wb") as handle:
            yield handle
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _expected_rows(args: dict) -> int:
    """Return how many rows the export will hold (the listing's cheap count)."""
    count = list_prices(symbol=args["symbol"], start_date=args["start_date"], end_date=args["end_date"], limit=1).count
    chosen = selection(args)
    return count if chosen.limit is None else max(0, min(chosen.limit, count - chosen.offset))


def _write(export: Export, out, total: int | None) -> None:
    if total is None:
        for chunk in export:
            out.write(chunk)
        return
    with click.progressbar(length=total, label="exporting", file=sys.stderr, show_pos=True) as bar:
        for chunk in export:
            out.write(chunk)
            bar.update(export.rows - bar.pos)


def _summary(export: Export, output: str, seconds: float) -> str:
    where = "stdout" if output == STDOUT else output
    size = f"{export.bytes:,} bytes"
    if output != STDOUT and output.endswith(".gz"):
        size = f"{Path(output).stat().st_size:,} bytes gzipped ({export.bytes:,} bytes of {export.fmt})"
    rate = export.rows / seconds if seconds > 0 else 0
    return f"exported {export.rows:,} rows, {size} in {seconds:.2f} s ({rate:,.0f} rows/s) to {where}"


@click.command("export")
@click.option("--symbol", help="Ticker, case-insensitive (default: every symbol)")
@click.option("--start-date", help="First date, inclusive (YYYY-MM-DD)")
@click.option("--end-date", help="Last date, inclusive (YYYY-MM-DD)")
@click.option("--format", "fmt", default=CSV, show_default=True, help=f"{' or '.join(FORMATS)}")
@click.option("--limit", default="all", show_default=True, help="Rows per page, 1-1000, or all")
@click.option("--page", default="1", show_default=True, help="Page number from 1 (with a numeric --limit)")
@click.option("--output", "-o", default=STDOUT, show_default=True, help="File to write (.gz: gzipped), - for stdout")
@with_appcontext
def export_command(symbol, start_date, end_date, fmt, limit, page, output) -> None:
    """Write stored daily rows as CSV or NDJSON, the columns and order of GET /api/financial_data?format=csv."""
    values = {"symbol": symbol, "start_date": start_date, "end_date": end_date, "limit": limit, "page": page}
    try:
        if str(fmt).lower() not in FORMATS:  # a file, never a JSON page
            raise BadRequest(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        args = load_args(FinancialDataArgs, {**values, "format": fmt})
    except BadRequest as exc:
        raise click.UsageError(exc.message) from None
    started = time.perf_counter()
    total = _expected_rows(args) if sys.stderr.isatty() else None
    export = Export(selection(args), args["format"])
    try:
        with _destination(output) as out:
            _write(export, out, total)
    except Exception as exc:
        raise click.ClickException(f"export failed after {export.rows:,} rows, nothing kept: {exc}") from exc
    finally:
        export.close()
    click.echo(_summary(export, output, time.perf_counter() - started), err=True)
