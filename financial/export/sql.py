"""Write the export's SELECT for each database: the stored columns in (date, symbol) order.

MySQL builds each line in SQL (PyMySQL decodes one text value per row, not ten); SQLite hands
back the values and Python encodes them (its own number-to-text is slower than orjson's). Both
write a number as its shortest decimal text (148.298, 100, 0.5): one file whatever the backend.
"""

from __future__ import annotations

from financial.models import BAR_KEY, BAR_VALUES

COLUMNS = (*BAR_KEY, *BAR_VALUES)
PRICES = COLUMNS[2:6]
OPTIONAL = COLUMNS[7:]
CSV, NDJSON = "csv", "ndjson"
FORMATS = (CSV, NDJSON)
# orjson writes doubles below 1e-4 with an exponent, which the CSV loader rightly refuses.
_SQLITE_RATIO = (
    "CASE WHEN split_coefficient < 0.0001 THEN rtrim(printf('%.8f', split_coefficient), '0') ELSE split_coefficient END"
)


def _short(column: str) -> str:
    """Return MySQL text of a DECIMAL without trailing zeros or a bare point (100.5000 -> 100.5)."""
    return f"TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM {column}))"


def _mysql_csv() -> str:
    values = [*COLUMNS[:2], *map(_short, PRICES), "volume", *(f"IFNULL({_short(c)}, '')" for c in OPTIONAL)]
    return f"CONCAT_WS(',', {', '.join(values)})"


def _mysql_ndjson() -> str:
    parts = ['\'{"symbol":"\', symbol, \'","date":"\', date, \'"\'']
    parts += [f"',\"{c}\":', {_short(c)}" for c in PRICES]
    parts.append("',\"volume\":', volume")
    parts += [f"',\"{c}\":', IFNULL({_short(c)}, 'null')" for c in OPTIONAL]
    return f"CONCAT({', '.join(parts)}, '}}')"


def _where(*, symbol: bool, start: bool, end: bool, mark) -> str:
    conditions = [f"symbol = {mark('symbol')}"] if symbol else []
    conditions += [f"date >= {mark('start')}"] if start else []
    conditions += [f"date <= {mark('end')}"] if end else []
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def select(dialect: str, fmt: str, *, symbol: bool, start: bool, end: bool, limited: bool, values: bool = False) -> str:
    """Return the SELECT for `dialect` ("sqlite" or "mysql") with the filters that are set.

    `values`: MySQL too sends the stored values instead of its lines (an adjusted export).
    """
    if dialect == "sqlite":
        mark = ":{}".format
        columns = ", ".join([*COLUMNS[:-1], _SQLITE_RATIO])
    else:
        mark = "%({})s".format
        columns = ", ".join(COLUMNS) if values else _mysql_csv() if fmt == CSV else _mysql_ndjson()
    where = _where(symbol=symbol, start=start, end=end, mark=mark)
    page = f" LIMIT {mark('limit')} OFFSET {mark('offset')}" if limited else ""
    return f"SELECT {columns} FROM financial_data{where} ORDER BY date, symbol{page}"


def count(dialect: str, *, symbol: bool, start: bool, end: bool) -> str:
    """Return the COUNT of the rows the filters select (an index range; the export checks it got them all)."""
    mark = ":{}".format if dialect == "sqlite" else "%({})s".format
    return f"SELECT COUNT(*) FROM financial_data{_where(symbol=symbol, start=start, end=end, mark=mark)}"
