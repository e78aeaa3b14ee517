"""Errors the domain raises for the layers above to translate."""


class DatabaseUnavailable(Exception):
    """The database did not answer."""
