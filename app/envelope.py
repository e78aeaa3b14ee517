"""Own the response shape: every body, success or error, is built here."""

from __future__ import annotations

LIST, ITEM = "list", "item"
NO_ERROR = {"error": ""}

# What `data` (and friends) look like when an endpoint fails, so errors keep the success keys.
EMPTY = {
    LIST: {"data": [], "pagination": None},
    ITEM: {"data": {}},
}


def page_body(records: list[dict], pagination: dict) -> dict:
    """Wrap a page of records."""
    return {"data": records, "pagination": pagination, "info": NO_ERROR}


def item_body(data: dict) -> dict:
    """Wrap a single object."""
    return {"data": data, "info": NO_ERROR}


def error_body(message: str, kind: str = ITEM) -> dict:
    """Wrap an error message in the empty shape of an endpoint of `kind` (LIST or ITEM)."""
    return {**EMPTY[kind], "info": {"error": message}}
