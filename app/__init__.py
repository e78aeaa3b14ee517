"""Create the Flask application: configuration, extensions, API, errors and CLI."""

from __future__ import annotations

from flask import Flask

from app import access, cli, dashboard, errors, serialize
from app.api import build_api
from app.config import load_settings
from app.extensions import cache, migrate
from app.resilient_cache import cache_overrides
from financial.storage import db
from lib.logging_setup import configure_logging


def create_app(test_config: dict | None = None) -> Flask:
    """Return a configured application; `test_config` overrides environment settings."""
    app = Flask(__name__)
    app.config.from_mapping(load_settings(test_config))
    configure_logging(level=app.config["LOG_LEVEL"], log_dir=app.config["LOG_DIR"])
    db.init_app(app)
    cache.init_app(app, config=cache_overrides(app.config))  # a lost Redis is a miss, not a 500
    migrate.init_app(app, db)
    errors.init_app(app, build_api(app))
    serialize.init_app(app)
    cli.init_app(app)
    dashboard.init_app(app)  # `/` and `/dashboard`: a page, so its errors answer HTML
    access.init_app(app)  # after the API is built: it documents the schemes in it
    return app
