"""Build the application settings from environment variables (and `.env`)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv
from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.access.clientaddr import parse_networks
from app.env_values import ConfigError, boolean, choice, number, positive_number, secret, whole_number
from lib.dialect import is_sqlite

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "data" / "db" / "financial.sqlite3"
ALPHAVANTAGE_URL = "https://www.alphavantage.co/query"
PLACEHOLDER_VALUES = {"", "changeme", "change-me", "demo", "your-api-key-here", "secret"}
ENVIRONMENTS = ("development", "production", "testing")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _base_url(environ: dict[str, str]) -> str:
    raw = environ.get("ALPHAVANTAGE_BASE_URL", "").strip() or ALPHAVANTAGE_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"ALPHAVANTAGE_BASE_URL must be an http(s) URL such as {ALPHAVANTAGE_URL}")
    return raw


def _alphavantage_settings(environ: dict[str, str]) -> dict:
    """Return the Alpha Vantage settings, refusing values no run could work with."""
    return {
        "ALPHAVANTAGE_API_KEY": secret("ALPHAVANTAGE_API_KEY", environ),
        "ALPHAVANTAGE_BASE_URL": _base_url(environ),
        "ALPHAVANTAGE_FUNCTION": choice(environ, "ALPHAVANTAGE_FUNCTION", "auto", ("auto", "daily", "daily_adjusted")),
        "ALPHAVANTAGE_TIMEOUT": positive_number(environ, "ALPHAVANTAGE_TIMEOUT", 10.0, "seconds one request may take"),
        "ALPHAVANTAGE_SYMBOL_BUDGET": positive_number(
            environ, "ALPHAVANTAGE_SYMBOL_BUDGET", 30.0, "seconds one symbol may spend on Alpha Vantage"
        ),
        "ALPHAVANTAGE_RATE": number(environ, "ALPHAVANTAGE_RATE", 1.0),  # 0: unpaced
        "ALPHAVANTAGE_RETRIES": whole_number(environ, "ALPHAVANTAGE_RETRIES", 3),
        # Corporate actions and the call ledger (issue 14): calls per US/Eastern day, actions refetched after N days.
        "ALPHAVANTAGE_DAILY_BUDGET": whole_number(environ, "ALPHAVANTAGE_DAILY_BUDGET", 25, minimum=1),
        "ACTIONS_MAX_AGE_DAYS": whole_number(environ, "ACTIONS_MAX_AGE_DAYS", 7, maximum=36_500),  # 0: every run
    }


def _database_url(environ: dict[str, str], name: str) -> str:
    url = secret(name, environ)
    if url:
        try:
            make_url(url)
        except ArgumentError:
            raise ConfigError(f"{name} is not a database URL such as mysql+pymysql://user:pw@host/db") from None
    return url


def _database_options(url: str, environ: dict[str, str]) -> dict:
    if is_sqlite(url):
        # One file, many threads: SQLite serialises writers itself; wait instead of failing.
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {
        "pool_size": whole_number(environ, "DB_POOL_SIZE", 5, minimum=1),
        "max_overflow": whole_number(environ, "DB_MAX_OVERFLOW", 5),
        "pool_recycle": whole_number(environ, "DB_POOL_RECYCLE", 280, minimum=1),
        "pool_pre_ping": boolean(environ, "DB_POOL_PRE_PING", True),
        "pool_timeout": whole_number(environ, "DB_POOL_TIMEOUT", 10, minimum=1),
    }


def _rate_limit(environ: dict[str, str]) -> str:
    raw = environ.get("RATE_LIMIT", "").strip() or "600/minute"
    if raw.lower() == "off":
        return "off"
    try:
        parse_many(raw)
    except ValueError:
        raise ConfigError(f"RATE_LIMIT must be off or like 600/minute (or 10/second;600/hour), got {raw!r}") from None
    return raw


def _networks(environ: dict[str, str], name: str) -> tuple:
    try:
        return parse_networks(environ.get(name, ""))
    except ValueError as exc:
        raise ConfigError(f"{name} must list addresses or CIDR ranges, comma-separated ({exc})") from None


def _access_settings(environ: dict[str, str]) -> dict:
    """Return the access-control settings (README, "Access control, rate limits and headers")."""
    origins = tuple(part.strip() for part in environ.get("CORS_ORIGINS", "").split(",") if part.strip())
    return {
        "AUTH_MODE": choice(environ, "AUTH_MODE", "none", ("none", "key", "basic")),
        "AUTH_CACHE_SECONDS": number(environ, "AUTH_CACHE_SECONDS", 5.0),
        "RATE_LIMIT": _rate_limit(environ),
        "RATE_LIMIT_STORAGE_URL": secret("RATE_LIMIT_STORAGE_URL", environ) or "memory://",
        "RATE_LIMIT_KEY_PREFIX": "financial-limits",
        "TRUSTED_PROXIES": _networks(environ, "TRUSTED_PROXIES"),
        "CORS_ORIGINS": origins,
        "DB_STATEMENT_TIMEOUT_MS": whole_number(environ, "DB_STATEMENT_TIMEOUT_MS", 5000),
    }


def _access_problems(settings: dict, environ: dict[str, str]) -> list[str]:
    problems = []
    if "*" in settings["CORS_ORIGINS"]:
        problems.append("CORS_ORIGINS=* lets every site read the API from its visitors' browsers; list the origins")
    if settings["AUTH_CACHE_SECONDS"] > 60:
        problems.append("AUTH_CACHE_SECONDS above 60 keeps revoked keys working too long")
    worker_timeout_ms = 1000 * int(environ.get("GUNICORN_TIMEOUT", "30") or 30)
    if not 0 < settings["DB_STATEMENT_TIMEOUT_MS"] < worker_timeout_ms:
        problems.append("DB_STATEMENT_TIMEOUT_MS must be above 0 and below GUNICORN_TIMEOUT")
    return problems


def load_settings(overrides: dict | None = None, environ: dict[str, str] | None = None) -> dict:
    """Return Flask config values from the environment, refusing unusable ones."""
    if environ is None:
        if os.environ.get("APP_ENV") != "testing":  # tests never read a developer's .env
            load_dotenv(ROOT / ".env", override=False)
        environ = dict(os.environ)
    env = choice(environ, "APP_ENV", "development", ENVIRONMENTS)
    database_url = _database_url(environ, "DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    read_url = _database_url(environ, "DATABASE_READ_URL")
    cache_type = environ.get("CACHE_TYPE", "SimpleCache").strip() or "SimpleCache"
    settings = {
        "APP_ENV": env,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _database_options(database_url, environ),
        # GETs read from a replica when one is named; ingestion and migrations use DATABASE_URL.
        "SQLALCHEMY_BINDS": {"read": {"url": read_url, **_database_options(read_url, environ)}} if read_url else {},
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "CACHE_TYPE": cache_type,
        "CACHE_NO_NULL_WARNING": True,  # NullCache is a deliberate choice (benchmarks, debugging)
        "CACHE_DEFAULT_TIMEOUT": whole_number(environ, "CACHE_DEFAULT_TIMEOUT", 3600),
        "CACHE_THRESHOLD": whole_number(environ, "CACHE_THRESHOLD", 1000, minimum=1),
        "CACHE_REDIS_URL": environ.get("CACHE_REDIS_URL", "redis://127.0.0.1:6379/0").strip(),
        "CACHE_KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "financial:").strip(),
        "HTTP_CACHE_MAX_AGE": whole_number(environ, "HTTP_CACHE_MAX_AGE", 60),
        "DATA_VERSION_LEASE_MS": whole_number(environ, "DATA_VERSION_LEASE_MS", 100),
        **_alphavantage_settings(environ),
        "SYMBOLS": environ.get("SYMBOLS", "IBM,AAPL").strip() or "IBM,AAPL",
        "INTRADAY_RETENTION_DAYS": whole_number(
            environ, "INTRADAY_RETENTION_DAYS", 60, minimum=1
        ),  # intraday bars kept
        "LOG_LEVEL": choice(environ, "LOG_LEVEL", "INFO", LOG_LEVELS),
        "LOG_DIR": environ.get("LOG_DIR", "" if env == "production" else str(ROOT / "data" / "log")).strip(),
        "RESTX_ERROR_404_HELP": False,
        "ERROR_INCLUDE_MESSAGE": False,
        "RESTX_MASK_SWAGGER": False,
        "SWAGGER_UI_DOC_EXPANSION": "list",
        "JSON_SORT_KEYS": False,
        **_access_settings(environ),
    }
    if overrides:
        settings.update(overrides)
        if "SQLALCHEMY_DATABASE_URI" in overrides and "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
            settings["SQLALCHEMY_ENGINE_OPTIONS"] = _database_options(settings["SQLALCHEMY_DATABASE_URI"], environ)
    # Proxies and browsers may reuse an answer this long, then revalidate it with its ETag.
    settings["HTTP_CACHE_CONTROL"] = f"public, max-age={settings['HTTP_CACHE_MAX_AGE']}"
    if env == "production":
        _refuse_unsafe_production(settings, environ)
    return settings


def _refuse_unsafe_production(settings: dict, environ: dict[str, str]) -> None:
    problems = []
    if not (environ.get("DATABASE_URL") or environ.get("DATABASE_URL_FILE")):
        problems.append("DATABASE_URL (or DATABASE_URL_FILE) must be set explicitly in production")
    url = make_url(settings["SQLALCHEMY_DATABASE_URI"])
    if url.host and (url.password or "").lower() in PLACEHOLDER_VALUES:
        problems.append("DATABASE_URL carries an empty or placeholder password")
    if settings["ALPHAVANTAGE_API_KEY"] and settings["ALPHAVANTAGE_API_KEY"].lower() in PLACEHOLDER_VALUES:
        problems.append("ALPHAVANTAGE_API_KEY is a placeholder; set the real key or leave it empty")
    if settings["CACHE_TYPE"] == "RedisCache" and not settings["CACHE_REDIS_URL"]:
        problems.append("CACHE_REDIS_URL is required with CACHE_TYPE=RedisCache")
    problems += _access_problems(settings, environ)
    if problems:
        raise ConfigError("refusing to start: " + "; ".join(problems))
