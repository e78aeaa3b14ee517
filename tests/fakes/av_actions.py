"""Build Alpha Vantage's SPLITS, DIVIDENDS and OVERVIEW answers as it sends them: every value a string.

The shapes are the documented ones (issue 14): SPLITS and DIVIDENDS answer {"symbol", "data": [...]},
a date Alpha Vantage does not know is the string "None"; OVERVIEW answers its fields flat, and `{}`
for a symbol it does not know.
"""

from __future__ import annotations

SPLITS, DIVIDENDS, OVERVIEW = "SPLITS", "DIVIDENDS", "OVERVIEW"
FUNCTIONS = (SPLITS, DIVIDENDS, OVERVIEW)
# IBM's real history: the 2021-11-04 Kyndryl spin-off is booked as a 1.046 split by Alpha Vantage.
SPLIT_ROWS = {
    "IBM": [
        {"effective_date": "2021-11-04", "split_factor": "1.0460"},
        {"effective_date": "1999-05-27", "split_factor": "2.0000"},
    ]
}
DIVIDEND_ROWS = {
    "IBM": [
        {
            "ex_dividend_date": "2024-05-09",
            "declaration_date": "2024-04-30",
            "record_date": "2024-05-10",
            "payment_date": "2024-06-10",
            "amount": "1.67",
        },
        {
            "ex_dividend_date": "2024-02-08",
            "declaration_date": "None",
            "record_date": "None",
            "payment_date": "None",
            "amount": "1.66",
        },
    ]
}


def overview(symbol: str) -> dict:
    """Return an OVERVIEW answer for a known symbol (abridged; the real one has about fifty fields)."""
    return {
        "Symbol": symbol,
        "AssetType": "Common Stock",
        "Name": f"{symbol} Corporation",
        "Description": f"{symbol} makes things.",
        "CIK": "51143",
        "Exchange": "NYSE",
        "Currency": "USD",
        "Country": "USA",
        "Sector": "TECHNOLOGY",
        "Industry": "COMPUTER & OFFICE EQUIPMENT",
        "FiscalYearEnd": "December",
        "MarketCapitalization": "181079310000",
        "PERatio": "22.04",
        "DividendDate": "None",
    }


def answer(function: str, symbol: str, *, known: bool, rows: list[dict] | None = None) -> dict:
    """Return the answer of `function` for `symbol`; an unknown symbol gets `{}` (OVERVIEW) or no rows.

    `rows` replaces the built-in SPLITS or DIVIDENDS rows of `symbol` (a test's own history).
    """
    if function == OVERVIEW:
        return overview(symbol) if known else {}
    if rows is None:
        rows = (SPLIT_ROWS if function == SPLITS else DIVIDEND_ROWS).get(symbol, [])
    return {"symbol": symbol, "data": list(rows) if known else []}
