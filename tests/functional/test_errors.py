"""Errors keep each endpoint's envelope: 404, 405, 500 without a stack trace, and JSON everywhere under /api."""

from __future__ import annotations

import pytest

from tests.conftest import price_row

LIST, STATS = "/api/financial_data", "/api/statistics"
STATS_QUERY = "symbol=IBM&start_date=2023-01-01&end_date=2023-01-31"


@pytest.mark.parametrize("path", ["/api/nope", "/api/financial_data/extra", "/api"])
def test_unknown_routes_are_404_in_the_envelope(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.content_type == "application/json"
    assert response.get_json() == {"data": {}, "info": {"error": f"Not found: no endpoint at {path}"}}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405_with_allow(client, method):
    listing = getattr(client, method)(LIST, json={"limit": 1})
    stats = getattr(client, method)(f"{STATS}?{STATS_QUERY}")

    for response, empty in ((listing, {"data": [], "pagination": None}), (stats, {"data": {}})):
        assert response.status_code == 405
        assert response.content_type == "application/json"
        assert "GET" in response.headers["Allow"].split(", ")
        body = response.get_json()
        assert {key: body[key] for key in empty} == empty and set(body) == {*empty, "info"}
        assert body["info"]["error"].startswith(f"Method {method.upper()} is not allowed on /api/")


def test_options_answers_without_a_body(client):
    response = client.options(LIST)

    assert response.status_code == 204
    assert response.data == b""
    assert "GET" in response.headers["Allow"]
    assert "text/html" not in response.headers.get("Content-Type", "")


def test_head_answers_the_get_headers_without_a_body(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-02")])

    response = client.head(LIST)

    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert response.data == b""
    assert response.headers["ETag"] == client.get(LIST).headers["ETag"]


def _explode(**kwargs):
    raise RuntimeError("database password is hunter2")


@pytest.mark.parametrize(
    ("url", "target", "empty"),
    [
        (LIST, "app.api.prices.endpoint.fetch", {"data": [], "pagination": None}),
        (f"{STATS}?{STATS_QUERY}", "app.api.statistics.endpoint.fetch", {"data": {}}),
    ],
)
def test_a_crash_is_a_generic_500_and_the_trace_goes_to_the_log(client, monkeypatch, caplog, url, target, empty):
    monkeypatch.setattr(target, _explode)

    response = client.get(url)

    assert response.status_code == 500
    assert response.content_type == "application/json"
    assert response.get_json() == {**empty, "info": {"error": "Internal server error"}}
    assert b"hunter2" not in response.data and b"Traceback" not in response.data
    assert "hunter2" in caplog.text  # the operator still sees what happened
    assert caplog.text.count("RuntimeError: database password is hunter2") == 1  # logged once, not twice


def test_every_kind_of_answer_is_json_without_nan(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-02", open_="0.0001", close="99999999.9999", volume=0)])
    paths = [
        LIST,
        f"{LIST}?page=999",
        f"{LIST}?limit=0",
        f"{STATS}?symbol=IBM&start_date=2023-01-01&end_date=2023-01-31",
        f"{STATS}?symbol=IBM&start_date=2024-01-01&end_date=2024-01-31",
        STATS,
        "/api/health",
        "/api/ready",
        "/api/swagger.json",
        "/api/nope",
    ]

    for path in paths:
        response = client.get(path)

        assert response.content_type == "application/json", path
        assert response.get_json() is not None, path
        for token in (b"NaN", b"Infinity"):
            assert token not in response.data, path
