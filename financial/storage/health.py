"""Check that the database the API reads from answers."""

from financial.storage.reads import reads


def database_answers() -> None:
    """Run a trivial query; raise DatabaseUnavailable when the database does not answer."""
    reads().rows("SELECT 1")
