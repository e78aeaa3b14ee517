"""Read and bump the data version that every cache key and ETag carries.

Readers hold the version they read for a short lease (`DATA_VERSION_LEASE_MS`) instead of
asking the database on every request; a writer that bumped the version waits one lease after
its commit (`settle`) before it reports done. So once an ingest has returned, every worker on
every host answers from the new data, and a hot request costs no database round trip.
"""

from __future__ import annotations

import threading
import time

from flask import current_app
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from financial.storage.db import db, utcnow
from financial.storage.reads import reads

_READ = "SELECT version FROM data_version WHERE id = 1"
_BUMP = text("UPDATE data_version SET version = version + 1, updated_at = :now WHERE id = 1")
_EXTENSION = "financial.version_lease"
_BUMPED = "financial.version_bumped"


class _Lease(threading.local):
    expires: float = 0.0
    version: int = 0


def _lease() -> _Lease:
    lease = current_app.extensions.get(_EXTENSION)
    if lease is None:
        lease = current_app.extensions.setdefault(_EXTENSION, _Lease())
    return lease


def current_version() -> int:
    """Return the data version (0 before the first ingest), at most one lease old."""
    seconds = current_app.config["DATA_VERSION_LEASE_MS"] / 1000
    lease = _lease()
    started = time.monotonic()  # the lease runs from before the read: never longer than promised
    if started < lease.expires:
        return lease.version
    lease.version = int(reads().scalar_raw(_READ) or 0)
    lease.expires = started + seconds
    return lease.version


def bump_version() -> None:
    """Increase the data version inside the caller's transaction (the migration seeds the row)."""
    db.session.execute(_BUMP, {"now": utcnow()})
    db.session.info[_BUMPED] = True


_last_bump_commit = [float("-inf")]


@event.listens_for(Session, "after_commit", propagate=True)
def _remember_commit(session: Session) -> None:
    if session.info.pop(_BUMPED, False):
        _last_bump_commit[0] = time.monotonic()


@event.listens_for(Session, "after_rollback", propagate=True)
def _forget_rolled_back_bump(session: Session) -> None:
    session.info.pop(_BUMPED, None)


def settle() -> None:
    """Wait until no reader can still hold a version from before this process's last bump."""
    remaining = _last_bump_commit[0] + current_app.config["DATA_VERSION_LEASE_MS"] / 1000 - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
