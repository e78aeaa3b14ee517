"""HTTP caching: ETag and Cache-Control on 200 GETs, 304 on a current copy, a new ETag after new data."""

from __future__ import annotations

import pytest

from tests.conftest import price_row

LIST = "/api/financial_data?symbol=IBM"
STATS = "/api/statistics?symbol=IBM&start_date=2023-01-01&end_date=2023-01-31"


@pytest.fixture
def ibm(insert_prices):
    insert_prices([price_row("IBM", "2023-01-03"), price_row("IBM", "2023-01-04")])


@pytest.mark.parametrize("url", [LIST, STATS])
def test_a_200_carries_a_strong_etag_and_cache_control(client, ibm, url):
    response = client.get(url)

    assert response.status_code == 200
    etag = response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong: no W/ prefix
    assert "max-age=" in response.headers["Cache-Control"]


@pytest.mark.parametrize("url", [LIST, STATS])
def test_a_current_copy_is_304_without_a_body(client, ibm, url):
    etag = client.get(url).headers["ETag"]

    for tag in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(url, headers={"If-None-Match": tag})

        assert response.status_code == 304, tag
        assert response.data == b""
        assert response.headers["ETag"] == etag
        assert "max-age=" in response.headers["Cache-Control"]


def test_a_stale_or_foreign_tag_gets_the_full_answer(client, ibm):
    response = client.get(LIST, headers={"If-None-Match": '"v0-0000000000000000"'})

    assert response.status_code == 200
    assert len(response.get_json()["data"]) == 2


def test_the_etag_depends_on_the_query(client, ibm):
    tags = {client.get(url).headers["ETag"] for url in (LIST, f"{LIST}&limit=1", f"{LIST}&limit=1&page=2", STATS)}

    assert len(tags) == 4


def test_equivalent_queries_share_an_etag(client, ibm):
    # Normalised arguments: case, defaults and unknown parameters do not make a different answer.
    tags = {client.get(url).headers["ETag"] for url in (LIST, "/api/financial_data?symbol=ibm&limit=5&page=1&x=1")}

    assert len(tags) == 1


@pytest.mark.parametrize("url", [LIST, STATS])
def test_new_data_changes_the_etag_and_the_answer(client, ibm, insert_prices, url):
    before = client.get(url)
    insert_prices([price_row("IBM", "2023-01-05", open_="500", close="500", volume=5000)])

    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})

    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json() != before.get_json()  # the memoised answer was not served stale
    assert client.get(url, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_errors_carry_no_etag(client):
    for url in ("/api/financial_data?limit=0", STATS, "/api/nope"):
        response = client.get(url)

        assert response.status_code >= 400
        assert "ETag" not in response.headers
