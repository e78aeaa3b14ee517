"""Bound how long one API read may run or wait for a lock (DB_STATEMENT_TIMEOUT_MS).

A read past the bound fails at once, with no retry, so a slow or locked database costs a request
its timeout and a 503, never a worker.
"""

from __future__ import annotations

import math

from sqlalchemy.engine import Dialect

# MySQL/MariaDB error numbers of a statement stopped by these bounds.
_LOCK_WAIT, _MARIADB_STATEMENT, _MYSQL_EXECUTION, _INTERRUPTED = 1205, 1969, 3024, 1317
TIMEOUT_ERRORS = frozenset({_LOCK_WAIT, _MARIADB_STATEMENT, _MYSQL_EXECUTION, _INTERRUPTED})


def session_settings(dialect: Dialect, timeout_ms: int) -> str:
    """Return the statement that bounds a new read connection's statements (empty when unbounded)."""
    if timeout_ms <= 0:
        return ""
    if dialect.name == "sqlite":
        return f"PRAGMA busy_timeout = {int(timeout_ms)}"  # a held write lock blocks readers
    lock_wait = max(1, math.ceil(timeout_ms / 1000))  # metadata and table locks: whole seconds
    if getattr(dialect, "is_mariadb", False):
        return f"SET SESSION max_statement_time = {timeout_ms / 1000:.3f}, lock_wait_timeout = {lock_wait}"
    return f"SET SESSION max_execution_time = {int(timeout_ms)}, lock_wait_timeout = {lock_wait}"


def timed_out(error: BaseException) -> bool:
    """Say whether a DBAPI error is one of these bounds running out (not worth a retry)."""
    cause = getattr(error, "orig", None) or error
    args = getattr(cause, "args", ())
    if args and isinstance(args[0], int):
        return args[0] in TIMEOUT_ERRORS
    return "database is locked" in str(cause)  # sqlite3 after busy_timeout
