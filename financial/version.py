"""Read and bump the data version that every cache key and ETag carries."""

from __future__ import annotations

from sqlalchemy import text

from financial.db import db
from financial.models import utcnow
from financial.reads import reads

_READ = "SELECT version FROM data_version WHERE id = 1"
_BUMP = text("UPDATE data_version SET version = version + 1, updated_at = :now WHERE id = 1")


def current_version() -> int:
    """Return the data version; 0 before the first ingest."""
    return int(reads().scalar_raw(_READ) or 0)


def bump_version() -> None:
    """Increase the data version inside the caller's transaction (the migration seeds the row)."""
    db.session.execute(_BUMP, {"now": utcnow()})
