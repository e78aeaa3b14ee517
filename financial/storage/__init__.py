"""The machinery that keeps reads fast and fresh: the database handle, the read connection,
the data version, the summary tables and the health check."""

from financial.storage.db import db
from financial.storage.health import database_answers
from financial.storage.reads import ReadConnection, reads, release_reads
from financial.storage.version import bump_version, current_version, settle

__all__ = [
    "ReadConnection",
    "bump_version",
    "current_version",
    "database_answers",
    "db",
    "reads",
    "release_reads",
    "settle",
]
