"""Add, list, remove and check HTTP Basic users, whose passwords are kept as argon2id hashes."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, text

from financial.access.names import AccessError, check_name
from financial.access.ttl import app_cache, forget
from financial.models import ApiUser, utcnow
from financial.storage import db, reads

log = logging.getLogger(__name__)
# OWASP Password Storage Cheat Sheet, first argon2id option: 19 MiB, 2 iterations, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
# An unknown name is checked against this, so it costs the same time as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
# Cache keys are a keyed hash of the credentials: memory never holds a password in the clear.
_CACHE_SALT = secrets.token_bytes(32)
_FIND = "SELECT password_hash FROM api_users WHERE name = :name"
_REHASH = text("UPDATE api_users SET password_hash = :hash WHERE name = :name")
MIN_PASSWORD = 12


@dataclass(frozen=True)
class UserInfo:
    """What `flask users list` shows about one user (never the hash)."""

    name: str
    created_at: datetime


def add_user(name: str, password: str) -> None:
    """Store user `name` with an argon2id hash of `password`."""
    check_name(name)
    if len(password) < MIN_PASSWORD:
        raise AccessError(f"the password must have at least {MIN_PASSWORD} characters")
    if db.session.scalar(select(ApiUser.id).where(ApiUser.name == name)) is not None:
        raise AccessError(f"a user called {name!r} already exists")
    db.session.add(ApiUser(name=name, password_hash=HASHER.hash(password), created_at=utcnow()))
    db.session.commit()


def list_users() -> list[UserInfo]:
    """Return every user's name and creation time, oldest first."""
    rows = db.session.scalars(select(ApiUser).order_by(ApiUser.created_at, ApiUser.id))
    return [UserInfo(row.name, row.created_at) for row in rows]


def remove_user(name: str) -> None:
    """Delete user `name`; other processes stop accepting it within their cache time."""
    row = db.session.scalar(select(ApiUser).where(ApiUser.name == name))
    if row is None:
        raise AccessError(f"no user is called {name!r}")
    db.session.delete(row)
    db.session.commit()
    forget("users")


def user_verified(name: str, password: str, *, cache_seconds: float) -> bool:
    """Say whether `password` is `name`'s; a success is remembered `cache_seconds` by a keyed hash."""
    digest = hashlib.blake2b(f"{name}\0{password}".encode(), key=_CACHE_SALT, digest_size=32).hexdigest()
    cache = app_cache("users", cache_seconds)
    if cache.get(digest)[0]:
        return True
    rows = reads().rows(_FIND, name=name)
    stored = str(rows[0][0]) if rows else _DUMMY_HASH
    try:
        HASHER.verify(stored, password)  # argon2 compares its digests in constant time
    except (VerificationError, InvalidHashError):
        return False
    if not rows:
        return False
    if HASHER.check_needs_rehash(stored):  # parameters were raised since this hash was made
        with db.engine.begin() as connection:
            connection.execute(_REHASH, {"hash": HASHER.hash(password), "name": name})
    cache.put(digest, True)
    return True
