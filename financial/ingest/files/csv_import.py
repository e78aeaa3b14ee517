"""Load a CSV file of daily bars in batches, all in one transaction, with per-symbol counts."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from financial.ingest import runlog
from financial.ingest.files.csv_source import UNKNOWN_SYMBOL, CsvFormatError, open_text, read_bars
from financial.ingest.outcome import FAILED, OK, RunReport, SymbolOutcome
from financial.ingest.parse import SkipTally
from financial.ingest.store import Counts, existing_bars, prepare_bars
from financial.models import utcnow
from financial.storage import summaries
from financial.storage.db import db
from financial.storage.version import bump_version
from lib.dialect import is_sqlite
from lib.redact import redact
from lib.upsert import prepare_bulk
from lib.write_behind import WriteBehind

log = logging.getLogger(__name__)
BATCH_ROWS = 5000
PROGRESS_EVERY = 100_000


def import_csv(
    *,
    path: str | Path,
    symbols: set[str] | None,
    since: date | None,
    run_id: str,
    source: str = "csv",
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[str], None] = log.info,
) -> RunReport:
    """Validate and upsert every row of the file; return each symbol's outcome.

    The file is streamed in batches (one upsert statement each) so memory stays flat, and the
    whole file is one transaction: a failure part-way leaves the database as it was.
    """
    report = RunReport(run_id=run_id)
    tally, fetched, counts = SkipTally(), Counter(), {}
    started = utcnow()
    try:
        prepare_bulk(db.session.connection())
        with open_text(path) as handle:
            rows = read_bars(handle, symbols=symbols, since=since, tally=tally, fetched=fetched)
            changes = _load(rows, counts, batch_rows=batch_rows, progress=progress)
        changes.apply(db.session.connection())  # the whole file's effect on the summaries, at once
        report.outcomes = _outcomes(fetched, tally, counts, source=source, started=started)
        report.outcomes += _missing(symbols, fetched, source=source, started=started)
        report.notes += _unknown_rows(tally)
        if any(outcome.changed for outcome in report.outcomes):
            bump_version()
        for outcome in report.outcomes:
            runlog.add_outcome(run_id=run_id, outcome=outcome)
        db.session.commit()
    except (CsvFormatError, OSError, UnicodeDecodeError) as exc:
        db.session.rollback()
        report.config_error = redact(f"cannot load {path}: {exc}")
        report.problem = getattr(exc, "problem", None)
        _fail_all(report, symbols, source=source, started=started, error=report.config_error)
    except DBAPIError as exc:  # the database failed: nothing of the file was kept
        db.session.rollback()
        error = redact(f"{exc.__class__.__name__}: {exc}").splitlines()[0][:500]
        log.error("the database failed during the CSV import of %s; its transaction was rolled back (%s)", path, error)
        report.outcomes = _outcomes(fetched, tally, {}, source=source, started=started)
        _fail_all(report, symbols, source=source, started=started, error=error)
    return report


def _batches(rows, *, batch_rows: int, progress) -> Iterator[list[dict]]:
    """Group `rows` into lists of at most `batch_rows` rows with unique (symbol, date) keys."""
    batch: dict[tuple, dict] = {}
    for read, row in enumerate(rows, 1):
        key = (row["symbol"], row["date"])
        # A repeated key starts a new batch, so the later row wins and is counted as an update.
        if key in batch or len(batch) >= batch_rows:
            yield list(batch.values())
            batch = {}
        batch[key] = row
        if read % PROGRESS_EVERY == 0:
            progress(f"csv: {read:,} valid row(s) read")
    if batch:
        yield list(batch.values())


def _load(rows, counts: dict[str, Counts], *, batch_rows: int, progress) -> summaries.Changes:
    """Upsert `rows` in batches, adding each symbol's counts to `counts`; return their summary changes.

    On MySQL the server works in its own process, so the two overlap: each batch is written,
    from a helper thread, while the next one is counted, rendered and the one after it parsed
    here. (Parsing in a second helper thread as well was measured: the three threads'
    contention for the GIL cost more CPU than the overlap gained.)
    """
    connection = db.session.connection()
    batches = _batches(rows, batch_rows=batch_rows, progress=progress)
    changes = summaries.Changes()
    with WriteBehind(threaded=not is_sqlite(connection)) as writes:
        for batch in batches:  # parsed while the write started last round is in flight
            keys = frozenset((row["symbol"], row["date"]) for row in batch)
            writes.join()  # the connection is this thread's again
            writes.must_land(keys)  # a batch that repeats a key must read it as the last batch wrote it
            stored = existing_bars(batch)
            writes.start()  # the previous batch: written from here on, in the helper thread
            done, send = prepare_bars(connection, rows=batch, now=utcnow(), stored=stored, changes=changes)
            writes.hold(send, keys)
            for symbol, tally in done.items():
                total = counts.setdefault(symbol, Counts())
                total.inserted += tally.inserted
                total.updated += tally.updated
                total.unchanged += tally.unchanged
    return changes


def _outcomes(fetched: Counter, tally: SkipTally, counts: dict, *, source: str, started) -> list[SymbolOutcome]:
    outcomes = []
    for symbol in sorted(name for name in fetched if name != UNKNOWN_SYMBOL):
        done = counts.get(symbol, Counts())
        outcome = SymbolOutcome(symbol=symbol, source=source, endpoint=source, started_at=started)
        outcome.fetched, outcome.skipped, outcome.skip_reasons = (
            fetched[symbol],
            tally.count(symbol),
            tally.reasons(symbol),
        )
        outcome.inserted, outcome.updated, outcome.unchanged = done.inserted, done.updated, done.unchanged
        stored = outcome.changed + outcome.unchanged
        outcome.status = OK if stored or not outcome.skipped else FAILED
        outcome.error = None if outcome.status == OK else f"all {outcome.skipped} row(s) were invalid"
        outcome.finished_at = utcnow()
        outcomes.append(outcome)
    return outcomes


def _missing(symbols, fetched: Counter, *, source: str, started) -> list[SymbolOutcome]:
    """Return a failed outcome for each requested symbol the file has no row of."""
    missing = []
    for symbol in sorted(symbols or ()):
        if symbol not in fetched:
            outcome = SymbolOutcome(symbol=symbol, source=source, endpoint=source, started_at=started)
            outcome.fail("no rows of this symbol in the file")
            missing.append(outcome)
    return missing


def _unknown_rows(tally: SkipTally) -> list[str]:
    """Return a note on rows skipped before their symbol was known."""
    reasons = tally.reasons(UNKNOWN_SYMBOL)
    if not reasons:
        return []
    detail = ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common())
    return [f"{sum(reasons.values())} row(s) without a usable symbol were skipped ({detail})"]


def _fail_all(report: RunReport, symbols, *, source: str, started, error: str) -> None:
    """Mark every symbol failed (the transaction was rolled back) and record the failures."""
    if not report.outcomes:
        names = sorted(symbols) if symbols else ["*"]
        report.outcomes = [
            SymbolOutcome(symbol=name, source=source, endpoint=source, started_at=started) for name in names
        ]
    recording = True
    for outcome in report.outcomes:
        outcome.fail(error)
        # One failed write is enough: a database that is gone would fail each of the others too.
        recording = recording and runlog.record_alone(run_id=report.run_id, outcome=outcome)
