"""Hold the HTTP layer's Flask extensions: migrations and the memo cache (the database is `financial`'s)."""

from pathlib import Path

from flask_caching import Cache
from flask_migrate import Migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "financial" / "migrations"

migrate = Migrate(directory=str(MIGRATIONS_DIR))
# The one memo: finished GET bodies and their ETags (app.httpcache); configured by CACHE_* settings.
cache = Cache()
