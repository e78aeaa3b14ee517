"""Create the benchmark database through the migrations and bulk-load the seeded rows once."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pymysql
from sqlalchemy import create_engine, make_url, text

from tests.bench.dataset import UPDATED_AT, Dataset, symbol_rows

MARKER = "bench_seed"  # our own table, outside the migrations: what was loaded, by which revision
COLUMNS = "symbol, date, open_price, high_price, low_price, close_price, volume, updated_at"
INSERT = f"INSERT INTO financial_data ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
BATCH = 20_000


def migrate_app(url: str):
    """Return an app bound to `url` with no log files and no cache (migrations and EXPLAIN)."""
    from app import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}, "LOG_DIR": "", "CACHE_TYPE": "NullCache"}
    )


def upgrade_schema(url: str, revision: str = "head") -> str:
    """Migrate `url` up to `revision` and return the revision it is now at."""
    from flask_migrate import upgrade

    from financial.storage import db

    app = migrate_app(url)
    with app.app_context():
        upgrade(revision=revision)
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return revision


def revisions(url: str) -> tuple[str, str]:
    """Return the oldest and the newest revision the migrations define."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    app = migrate_app(url)
    with app.app_context():
        config = current_app.extensions["migrate"].migrate.get_config()
        script = ScriptDirectory.from_config(config)
        return script.get_base(), script.get_current_head()


def read_marker(url: str) -> dict | None:
    """Return what the last complete seeding recorded, or None (missing database or marker)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            value = conn.execute(text(f"SELECT value FROM {MARKER} WHERE name = 'seed'")).scalar()
            return json.loads(value) if value else None
    except Exception:  # no database, no table: nothing reusable
        return None
    finally:
        engine.dispose()


def write_marker(url: str, marker: dict) -> None:
    """Record the completed seeding in the marker table (created on first use)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {MARKER} (name VARCHAR(40) PRIMARY KEY, value TEXT)"))
        conn.execute(text(f"DELETE FROM {MARKER}"))
        conn.execute(text(f"INSERT INTO {MARKER} (name, value) VALUES ('seed', :v)"), {"v": json.dumps(marker)})
    engine.dispose()


def recreate(url: str) -> None:
    """Start from an empty database: delete the SQLite file or drop and create the MySQL schema."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    server = create_engine(parsed.set(database=""))
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{parsed.database}`"))
        conn.execute(text(f"CREATE DATABASE `{parsed.database}` CHARACTER SET utf8mb4"))
    server.dispose()


def batches(dataset: Dataset) -> Iterator[list[tuple]]:
    """Yield the dataset's rows in primary-key order, about BATCH rows at a time."""
    batch: list[tuple] = []
    for index in range(dataset.symbol_count):
        batch.extend((*row, UPDATED_AT) for row in symbol_rows(dataset, index))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _progress(loaded: int, total: int, started: float) -> None:
    """Print a line at each quarter of the load (readable in logs, unlike a redrawn line)."""
    step = max(total // 4, 1)
    if loaded // step != (loaded - BATCH) // step or loaded == total:
        elapsed = time.monotonic() - started
        print(f"  loaded {loaded:,}/{total:,} rows ({loaded / max(elapsed, 1e-9):,.0f} rows/s)", flush=True)


def load_sqlite(url: str, dataset: Dataset) -> None:
    """Bulk-load into SQLite with sqlite3.executemany; durability off only for the load."""
    conn = sqlite3.connect(make_url(url).database, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MiB for this connection only
        conn.execute("BEGIN")
        started, loaded = time.monotonic(), 0
        for batch in batches(dataset):
            conn.executemany(INSERT.replace("%s", "?"), batch)
            loaded += len(batch)
            _progress(loaded, dataset.rows, started)
        conn.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def load_mysql(url: str, dataset: Dataset) -> None:
    """Bulk-load into MySQL with pymysql's multi-row executemany, committing every batch."""
    parsed = make_url(url)
    conn = pymysql.connect(
        host=parsed.host, port=parsed.port or 3306, user=parsed.username, password=parsed.password or "",
        database=parsed.database, autocommit=False,
    )  # fmt: skip
    try:
        with conn.cursor() as cursor:
            cursor.execute("SET SESSION unique_checks = 0")  # rows are generated unique
            cursor.max_stmt_length = 8 * 1024 * 1024  # under the server's max_allowed_packet
            started, loaded = time.monotonic(), 0
            for batch in batches(dataset):
                cursor.executemany(INSERT, batch)
                conn.commit()
                loaded += len(batch)
                _progress(loaded, dataset.rows, started)
            cursor.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
            conn.commit()
            cursor.execute("ANALYZE TABLE financial_data")  # steady-state statistics, as InnoDB would
            cursor.fetchall()
    finally:
        conn.close()


def ensure_seeded(url: str, dataset: Dataset, *, force: bool = False) -> dict:
    """Reuse the database at `url` when it holds `dataset`, else rebuild it; return the marker."""
    marker = None if force else read_marker(url)
    wanted = dataset.describe()
    base, head = revisions(url)
    if marker and marker.get("dataset") == wanted and marker.get("rows") == dataset.rows:
        if marker.get("revision") == head:
            print(f"  reusing {marker['rows']:,} seeded rows (revision {head})")
            return {**marker, "reused": True}
        print(f"  migrating the seeded rows from revision {marker.get('revision')} to {head}")
        started = time.monotonic()
        try:  # the upgrade path a real deployment takes, derived tables included
            marker["revision"] = upgrade_schema(url)
        except Exception as exc:  # e.g. the database is ahead of this code (--code an older commit)
            print(f"  cannot migrate ({exc.__class__.__name__}: {exc}); seeding from scratch")
        else:
            marker["migrate_seconds"] = round(time.monotonic() - started, 1)
            write_marker(url, marker)
            return {**marker, "reused": True}
    print(f"  seeding {dataset.rows:,} rows ({dataset.symbol_count} symbols x {len(dataset.days)} weekdays)")
    started = time.monotonic()
    recreate(url)
    # Load at the first revision (whose columns INSERT names), then upgrade: later migrations build
    # their derived tables from the rows, exactly as on a deployed database.
    upgrade_schema(url, base)
    backend = make_url(url).get_backend_name()
    (load_sqlite if backend == "sqlite" else load_mysql)(url, dataset)
    loaded = time.monotonic()
    revision = upgrade_schema(url)
    seconds = round(time.monotonic() - started, 1)
    marker = {"dataset": wanted, "rows": dataset.rows, "revision": revision, "seed_seconds": seconds}
    marker["migrate_seconds"] = round(time.monotonic() - loaded, 1)
    write_marker(url, marker)
    print(
        f"  seeded in {seconds} s ({dataset.rows / seconds:,.0f} rows/s; loaded at migration {base}, then "
        f"{marker['migrate_seconds']} s of migrations up to {revision})"
    )
    return {**marker, "reused": False}
