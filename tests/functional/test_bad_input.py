"""Bad query strings answer 400 in the endpoint's own envelope, naming every parameter at fault."""

from __future__ import annotations

import pytest

from tests.conftest import price_row

LIST, STATS = "/api/financial_data", "/api/statistics"
VALID_STATS = {"symbol": "IBM", "start_date": "2023-01-01", "end_date": "2023-01-31"}
SUCCESS_KEYS = {LIST: {"data", "pagination", "info"}, STATS: {"data", "info"}}
EMPTY = {LIST: {"data": [], "pagination": None}, STATS: {"data": {}}}

BAD_DATES = [
    "2023/01/01",
    "2023-1-5",
    "20230101",
    "2023-02-30",
    "2023-01-01T00:00:00",
    "0000-01-01",
    "2023-13-01",
    " 2023-01-01",
    "2023-01-01\n",
    "\uff12\uff10\uff12\uff13-01-01",  # full-width digits
    "yesterday",
]
# "\u0663" is ARABIC-INDIC DIGIT THREE, "\uff11" FULLWIDTH DIGIT ONE: int() accepts both.
BAD_LIMITS = ["0", "1001", "-1", "abc", "1.5", "1e3", "1_0", " 5", "5 ", "+5", "\u0663", "0x10"]
BAD_PAGES = ["0", "-1", "2.5", "1_0", " 5", "+1", "\u0663", "\uff11", "one", "1" * 101]
BAD_SYMBOLS = ["ABCDEFGHIJK", "IB M", "IBM$", "IBM;DROP", "ÉLF", "IBM/A", "%"]


def _assert_bad(response, url: str, *names: str) -> str:
    assert response.status_code == 400
    assert response.content_type == "application/json"
    body = response.get_json()
    assert set(body) == SUCCESS_KEYS[url]
    assert {key: body[key] for key in EMPTY[url]} == EMPTY[url]
    message = body["info"]["error"]
    for name in names:
        assert name in message
    return message


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("name", ["start_date", "end_date"])
def test_bad_dates(client, name, value):
    _assert_bad(client.get(LIST, query_string={name: value}), LIST, name)
    _assert_bad(client.get(STATS, query_string={**VALID_STATS, name: value}), STATS, name)


@pytest.mark.parametrize("url", [LIST, STATS])
def test_start_after_end(client, url):
    query = {**VALID_STATS, "start_date": "2023-02-01", "end_date": "2023-01-31"}

    message = _assert_bad(client.get(url, query_string=query), url, "start_date", "end_date")

    assert message == "start_date (2023-02-01) must not be after end_date (2023-01-31)"


@pytest.mark.parametrize("value", BAD_LIMITS)
def test_bad_limits(client, value):
    message = _assert_bad(client.get(LIST, query_string={"limit": value}), LIST, "limit")

    assert message.startswith("limit must be a whole number from 1 to 1000")


@pytest.mark.parametrize("value", BAD_PAGES)
def test_bad_pages(client, value):
    message = _assert_bad(client.get(LIST, query_string={"page": value}), LIST, "page")

    assert message.startswith("page must be a whole number of at least 1")
    assert len(message) < 120  # a huge value is quoted cut short


@pytest.mark.parametrize("value", BAD_SYMBOLS)
def test_bad_symbols(client, value):
    _assert_bad(client.get(LIST, query_string={"symbol": value}), LIST, "symbol")
    _assert_bad(client.get(STATS, query_string={**VALID_STATS, "symbol": value}), STATS, "symbol")


def test_edges_of_the_valid_ranges_are_accepted(client, insert_prices):
    insert_prices([price_row("ABCDEFGHIJ", "2023-01-02"), price_row("BF-B", "2023-01-02")])

    for query in ({"limit": "1"}, {"limit": "1000"}, {"page": "1"}, {"symbol": "abcdefghij"}, {"symbol": "BF-B"}):
        assert client.get(LIST, query_string=query).status_code == 200, query


def test_several_problems_are_joined_each_naming_its_parameter(client):
    query = {"limit": "0", "page": "x", "symbol": "!!", "start_date": "2023/01/01", "end_date": "2023-02-30"}

    message = _assert_bad(client.get(LIST, query_string=query), LIST)

    parts = message.split("; ")
    assert [part.split(" ", 1)[0] for part in parts] == ["end_date", "limit", "page", "start_date", "symbol"]


def test_empty_optional_parameters_count_as_absent(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-02")])

    response = client.get(f"{LIST}?start_date=&end_date=&symbol=&limit=&page=")

    assert response.status_code == 200
    assert response.get_json()["pagination"] == {"count": 1, "page": 1, "limit": 5, "pages": 1}


def test_an_empty_required_parameter_is_missing(client):
    response = client.get(f"{STATS}?symbol=&start_date=2023-01-01&end_date=2023-01-31")

    assert _assert_bad(response, STATS, "symbol") == "symbol is required"


@pytest.mark.parametrize(
    ("url", "query", "name"),
    [
        (LIST, "limit=5&limit=5", "limit"),
        (LIST, "page=1&page=2", "page"),
        (LIST, "symbol=IBM&symbol=", "symbol"),
        (STATS, "symbol=IBM&symbol=AAPL&start_date=2023-01-01&end_date=2023-01-31", "symbol"),
        (STATS, "symbol=IBM&start_date=2023-01-01&start_date=2023-01-02&end_date=2023-01-31", "start_date"),
    ],
)
def test_a_parameter_given_twice_is_rejected(client, url, query, name):
    message = _assert_bad(client.get(f"{url}?{query}"), url, name)

    assert message == f"{name} was given more than once"


def test_unknown_parameters_are_ignored(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-02"), price_row("IBM", "2023-01-03")])

    response = client.get(f"{LIST}?limit=1&foo=bar&foo=baz&Limit=0&callback=x")

    assert response.status_code == 200
    assert response.get_json()["pagination"] == {"count": 2, "page": 1, "limit": 1, "pages": 2}


def test_a_json_body_is_not_read_as_parameters(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-02")])

    response = client.get(LIST, json={"limit": 0, "symbol": "!!"})

    # Issue 13: a GET with a body is refused outright (400), never read as parameters.
    assert response.status_code == 400
    assert (
        response.get_json()["info"]["error"] == "A GET request takes no body: send the parameters in the query string"
    )
