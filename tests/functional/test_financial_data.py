"""GET /api/financial_data: shape, formats, ordering, filters and pagination, on SQLite and MySQL."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import price_row

URL = "/api/financial_data"


def _days(first: str, count: int) -> list[date]:
    start = date.fromisoformat(first)
    return [start + timedelta(days=offset) for offset in range(count)]


def _keys(body: dict) -> list[tuple[str, str]]:
    return [(record["date"], record["symbol"]) for record in body["data"]]


def test_sample_formats_match_the_issue_exactly(client, insert_prices):
    insert_prices(
        [
            price_row("IBM", "2023-01-05", open_="153.0800", close="154.52", volume=62199013),
            price_row("AAPL", "2023-01-05", open_="139.5825", close="140", volume=1_000_000_000_000),
            price_row("AAPL", "2023-01-06", open_="139.58", close="0.0001", volume=0),
        ]
    )

    response = client.get(URL)

    assert response.status_code == 200
    assert response.get_json() == {
        "data": [
            {
                "symbol": "AAPL",
                "date": "2023-01-05",
                "open_price": "139.5825",
                "close_price": "140.00",
                "volume": "1000000000000",
            },
            {
                "symbol": "IBM",
                "date": "2023-01-05",
                "open_price": "153.08",
                "close_price": "154.52",
                "volume": "62199013",
            },
            {"symbol": "AAPL", "date": "2023-01-06", "open_price": "139.58", "close_price": "0.0001", "volume": "0"},
        ],
        "pagination": {"count": 3, "page": 1, "limit": 5, "pages": 1},
        "info": {"error": ""},
    }


def test_defaults_are_limit_5_page_1(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in _days("2023-01-01", 7)])

    body = client.get(URL).get_json()

    assert body["pagination"] == {"count": 7, "page": 1, "limit": 5, "pages": 2}
    assert [record["date"] for record in body["data"]] == [day.isoformat() for day in _days("2023-01-01", 5)]


def test_order_is_date_then_symbol_across_symbols(client, insert_prices):
    scrambled = [("MSFT", "2023-01-04"), ("AAPL", "2023-01-05"), ("IBM", "2023-01-04"), ("AAPL", "2023-01-03")]
    scrambled += [("IBM", "2023-01-03"), ("MSFT", "2023-01-03"), ("AAPL", "2023-01-04"), ("IBM", "2023-01-05")]
    insert_prices([price_row(symbol, day) for symbol, day in scrambled])

    body = client.get(URL, query_string={"limit": 100}).get_json()

    assert _keys(body) == sorted((day, symbol) for symbol, day in scrambled)


def test_pages_partition_the_rows_with_ceil_math(client, insert_prices):
    insert_prices([price_row(symbol, day) for day in _days("2023-01-01", 10) for symbol in ("IBM", "AAPL")])
    every_row = _keys(client.get(URL, query_string={"limit": 100}).get_json())

    pages = [client.get(URL, query_string={"limit": 3, "page": page}).get_json() for page in range(1, 8)]

    assert [body["pagination"] for body in pages] == [
        {"count": 20, "page": page, "limit": 3, "pages": 7} for page in range(1, 8)
    ]
    assert [len(body["data"]) for body in pages] == [3, 3, 3, 3, 3, 3, 2]
    assert [key for body in pages for key in _keys(body)] == every_row


def test_nothing_matching_means_zero_pages(client):
    body = client.get(URL).get_json()

    assert body == {"data": [], "pagination": {"count": 0, "page": 1, "limit": 5, "pages": 0}, "info": {"error": ""}}


def test_page_past_the_last_is_empty_with_true_pagination(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in _days("2023-01-01", 4)])

    response = client.get(URL, query_string={"limit": 3, "page": 3})

    assert response.status_code == 200
    assert response.get_json() == {
        "data": [],
        "pagination": {"count": 4, "page": 3, "limit": 3, "pages": 2},
        "info": {"error": ""},
    }


def _paging(statements) -> list[tuple[str, object]]:
    """Return the statements that read a page of rows out of financial_data."""
    return [(sql, params) for sql, params in statements if "FROM financial_data" in sql and "LIMIT" in sql.upper()]


def test_a_deep_page_starts_at_its_day_instead_of_skipping_rows(client, insert_prices, sql_log):
    insert_prices([price_row(symbol, day) for day in _days("2023-01-01", 10) for symbol in ("AAPL", "IBM")])
    sql_log.clear()

    body = client.get(URL, query_string={"limit": 3, "page": 3}).get_json()

    assert _keys(body) == [
        ("2023-01-04", "AAPL"),  # rows 7-9 of (date, symbol) order: day 4 AAPL and IBM, day 5 AAPL
        ("2023-01-04", "IBM"),
        ("2023-01-05", "AAPL"),
    ]
    [(_, params)] = _paging(sql_log)
    values = list(params.values() if isinstance(params, dict) else params)
    assert 6 not in values  # the OFFSET is not (page - 1) * limit: the page began on its own day
    assert "2023-01-04" in values


def test_a_huge_page_never_reaches_sql(client, insert_prices, sql_log):
    insert_prices([price_row("IBM", day) for day in _days("2023-01-01", 4)])
    huge = 10**30

    response = client.get(URL, query_string={"limit": 1000, "page": str(huge)})

    assert response.status_code == 200
    assert response.get_json() == {
        "data": [],
        "pagination": {"count": 4, "page": huge, "limit": 1000, "pages": 1},
        "info": {"error": ""},
    }
    assert sql_log, "the count query should have been recorded"
    assert _paging(sql_log) == []  # no page of rows was ever asked for
    sent = [value for _, params in sql_log for value in (params.values() if isinstance(params, dict) else params)]
    assert all(not isinstance(value, int) or value <= 4 for value in sent)  # no page position was ever sent


def test_bounds_are_inclusive(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in _days("2023-01-03", 5)])  # 3rd to 7th

    body = client.get(URL, query_string={"start_date": "2023-01-04", "end_date": "2023-01-06"}).get_json()

    assert [record["date"] for record in body["data"]] == ["2023-01-04", "2023-01-05", "2023-01-06"]
    assert body["pagination"]["count"] == 3


def test_start_equal_to_end_is_one_day(client, insert_prices):
    insert_prices([price_row(symbol, day) for day in _days("2023-01-03", 3) for symbol in ("IBM", "AAPL")])

    body = client.get(URL, query_string={"start_date": "2023-01-04", "end_date": "2023-01-04"}).get_json()

    assert _keys(body) == [("2023-01-04", "AAPL"), ("2023-01-04", "IBM")]


def test_open_ended_ranges(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in _days("2023-01-03", 5)])

    since = client.get(URL, query_string={"start_date": "2023-01-06"}).get_json()
    until = client.get(URL, query_string={"end_date": "2023-01-04"}).get_json()

    assert [record["date"] for record in since["data"]] == ["2023-01-06", "2023-01-07"]
    assert [record["date"] for record in until["data"]] == ["2023-01-03", "2023-01-04"]


def test_symbol_filter_is_case_insensitive_and_answers_upper_case(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-03"), price_row("BRK.B", "2023-01-03"), price_row("AAPL", "2023-01-03")])

    ibm = client.get(URL, query_string={"symbol": "ibm"}).get_json()
    berkshire = client.get(URL, query_string={"symbol": "brk.b"}).get_json()

    assert [record["symbol"] for record in ibm["data"]] == ["IBM"]
    assert [record["symbol"] for record in berkshire["data"]] == ["BRK.B"]


def test_unknown_symbol_is_an_empty_page(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-03")])

    response = client.get(URL, query_string={"symbol": "NOPE"})

    assert response.status_code == 200
    assert response.get_json()["data"] == []
    assert response.get_json()["pagination"] == {"count": 0, "page": 1, "limit": 5, "pages": 0}


def test_filters_combine(client, insert_prices):
    insert_prices([price_row(symbol, day) for day in _days("2023-01-01", 10) for symbol in ("IBM", "AAPL")])

    body = client.get(
        URL,
        query_string={"symbol": "AAPL", "start_date": "2023-01-03", "end_date": "2023-01-08", "limit": 4, "page": 2},
    ).get_json()

    assert _keys(body) == [("2023-01-07", "AAPL"), ("2023-01-08", "AAPL")]
    assert body["pagination"] == {"count": 6, "page": 2, "limit": 4, "pages": 2}
