"""Turn a batch of exported rows into bytes: CSV or NDJSON lines, each ending with a newline."""

from __future__ import annotations

import orjson

from financial.export.sql import COLUMNS, CSV

HEADER = (",".join(COLUMNS) + "\n").encode()
_RATIO = len(COLUMNS) - 1


def text_lines(rows: list[tuple]) -> bytes:
    """Join lines the database already wrote (MySQL)."""
    return ("\n".join([row[0] for row in rows]) + "\n").encode() if rows else b""


def csv_lines(rows: list[tuple]) -> bytes:
    """Write SQLite's value tuples as CSV; NULL is an empty cell.

    orjson writes the batch as JSON arrays in C; symbols and dates never hold a quote, a comma or
    a bracket, so dropping the quotes, the nulls and the brackets leaves exactly the CSV lines.
    """
    if not rows:
        return b""
    packed = orjson.dumps(rows)[2:-2]
    return packed.replace(b",null", b",").replace(b'"', b"").replace(b"],[", b"\n") + b"\n"


def ndjson_lines(rows: list[tuple]) -> bytes:
    """Write SQLite's value tuples as one JSON object per line, numbers as numbers, NULL as null."""
    if not rows:
        return b""
    objects = []
    for row in rows:
        record = dict(zip(COLUMNS, row, strict=True))
        ratio = row[_RATIO]
        if ratio.__class__ is str:  # a tiny ratio SQL already wrote as text: keep it a number
            record["split_coefficient"] = orjson.Fragment(ratio)
        objects.append(record)
    return orjson.dumps(objects)[1:-1].replace(b"},{", b"}\n{") + b"\n"


def encoder(dialect: str, fmt: str):
    """Return the batch encoder for rows of `dialect` in format `fmt`."""
    if dialect != "sqlite":
        return text_lines
    return csv_lines if fmt == CSV else ndjson_lines
