"""Create, list, revoke and check API keys; only each key's SHA-256 hash is stored."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from financial.access.names import AccessError, check_name
from financial.access.ttl import app_cache, forget
from financial.models import ApiKey, utcnow
from financial.storage import db, reads

log = logging.getLogger(__name__)
# A fixed prefix lets secret scanners and `grep -r finkey_` find a leaked key.
KEY_PREFIX = "finkey_"
KEY_BYTES = 32  # bytes of entropy after the prefix
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is this precise, so a hot key writes rarely
_FIND = "SELECT id, name, key_hash, last_used_at FROM api_keys WHERE key_hash = :key_hash AND revoked_at IS NULL"
_TOUCH = text("UPDATE api_keys SET last_used_at = :now WHERE id = :id")


@dataclass(frozen=True)
class KeyInfo:
    """What `flask keys list` shows about one key (never the key)."""

    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def hash_key(key: str) -> str:
    """Return the stored form of `key`: its SHA-256, in hex."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(name: str) -> str:
    """Store a new key called `name` and return it; it cannot be recovered later."""
    check_name(name)
    if db.session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise AccessError(f"a key called {name!r} already exists (revoked keys keep their name)")
    key = KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)
    db.session.add(ApiKey(name=name, key_hash=hash_key(key), created_at=utcnow()))
    db.session.commit()
    return key


def list_keys() -> list[KeyInfo]:
    """Return every key's name and dates, oldest first."""
    rows = db.session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.id))
    return [KeyInfo(row.name, row.created_at, row.last_used_at, row.revoked_at) for row in rows]


def revoke_key(name: str) -> None:
    """Mark the key called `name` revoked; other processes stop accepting it within their cache time."""
    row = db.session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise AccessError(f"no key is called {name!r}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()
    forget("keys")


def key_owner(key: str, *, cache_seconds: float) -> str | None:
    """Return the name of the live key `key`, or None; one indexed read, remembered `cache_seconds`."""
    digest = hash_key(key)
    cache = app_cache("keys", cache_seconds)
    found, owner = cache.get(digest)
    if not found:
        owner = _lookup(digest)
        cache.put(digest, owner)
    return owner


def _lookup(digest: str) -> str | None:
    rows = reads().rows(_FIND, key_hash=digest)
    if not rows or not hmac.compare_digest(str(rows[0][2]), digest):
        return None
    key_id, name, last_used = rows[0][0], rows[0][1], rows[0][3]
    now = utcnow()
    if last_used is None or _as_datetime(last_used) < now - TOUCH_EVERY:
        try:
            with db.engine.begin() as connection:
                connection.execute(_TOUCH, {"now": now, "id": key_id})
        except SQLAlchemyError as exc:  # bookkeeping only: never refuse a valid key for it
            log.warning("could not record the use of key %s: %s", name, exc.__class__.__name__)
    return str(name)


def _as_datetime(value: object) -> datetime:
    # The raw read connection hands back text on SQLite and on MySQL's text protocol.
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
