"""Hold the HTTP layer's own Flask extensions (the domain's live in `financial`)."""

from pathlib import Path

from flask_migrate import Migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "financial" / "migrations"

migrate = Migrate(directory=str(MIGRATIONS_DIR))
