"""Check that the database answers."""

from sqlalchemy import text

from financial.db import db


def database_answers() -> None:
    """Run a trivial query; raise SQLAlchemyError when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    finally:
        db.session.remove()
