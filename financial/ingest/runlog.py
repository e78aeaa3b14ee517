"""Record each symbol's outcome of a run in the ingest_runs table."""

from __future__ import annotations

import logging
import uuid

from financial.ingest.outcome import SymbolOutcome
from financial.models import IngestRun, utcnow
from financial.storage.db import db

log = logging.getLogger(__name__)
ERROR_LIMIT = 2000


def new_run_id() -> str:
    """Return a fresh identifier that groups the rows of one run."""
    return uuid.uuid4().hex


def add_outcome(*, run_id: str, outcome: SymbolOutcome) -> None:
    """Add the outcome's row to the current transaction (committed with the symbol's data)."""
    db.session.add(
        IngestRun(
            run_id=run_id,
            symbol=outcome.symbol[:10],
            source=outcome.source[:40],
            endpoint=(outcome.endpoint or None) and outcome.endpoint[:40],
            status=outcome.status,
            started_at=outcome.started_at,
            finished_at=outcome.finished_at or utcnow(),
            rows_fetched=outcome.fetched,
            rows_inserted=outcome.inserted,
            rows_updated=outcome.updated,
            rows_unchanged=outcome.unchanged,
            rows_skipped=outcome.skipped,
            error=outcome.error[:ERROR_LIMIT] if outcome.error else None,
        )
    )


def record_alone(*, run_id: str, outcome: SymbolOutcome) -> bool:
    """Commit the outcome's row in its own transaction (failures: their data was rolled back).

    Return False, after logging one line, when the row could not be written.
    """
    try:
        add_outcome(run_id=run_id, outcome=outcome)
        db.session.commit()
        return True
    except Exception as exc:  # the database may be what failed; the summary still reports it
        db.session.rollback()
        log.error("could not record %s in ingest_runs: %s", outcome.symbol, exc.__class__.__name__)
        return False
