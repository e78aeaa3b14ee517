"""Build apps with access control switched on, on a database whose key and user tables are empty."""

from __future__ import annotations

import base64

from sqlalchemy import create_engine, text

from app import create_app
from financial.storage import db, release_reads
from tests.conftest import base_config

ACCESS_TABLES = ("api_keys", "api_users")


def empty_access_tables(url: str) -> None:
    """Delete every key and user (the shared MySQL test database keeps rows between tests)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in ACCESS_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
    engine.dispose()


def access_app(url: str, **overrides):
    """Return an app on `url` with `overrides` (e.g. AUTH_MODE="key") and no keys or users yet."""
    empty_access_tables(url)
    return create_app({**base_config(url), **overrides})


def close_app(app) -> None:
    """Release the app's connections."""
    with app.app_context():
        release_reads()
        db.session.remove()
        db.engine.dispose()


def basic(name: str, password: str) -> dict:
    """Return the Authorization header of HTTP Basic credentials."""
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}
