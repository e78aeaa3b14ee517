"""Memoised answers: served without queries, keyed on the data version, bounded, shared through Redis."""

from __future__ import annotations

import os

import pytest
import redis

from app import create_app
from financial.storage import db, release_reads
from tests.conftest import IN_CI, base_config, price_row
from tests.functional.conftest import record_statements

LIST = "/api/financial_data?symbol=IBM&limit=2"
STATS = "/api/statistics?symbol=IBM&start_date=2023-01-01&end_date=2023-01-31"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def make_app(database_url):
    """Return a factory of extra apps on this test's database, closed after the test."""
    made = []

    def make(**overrides):
        made.append(create_app({**base_config(database_url), **overrides}))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            release_reads()
            db.engine.dispose()


@pytest.fixture
def ibm(insert_prices):
    insert_prices([price_row("IBM", "2023-01-03", "10", "11"), price_row("IBM", "2023-01-04", "12", "13")])


@pytest.mark.parametrize("url", [LIST, STATS])
def test_a_repeated_request_is_answered_without_any_data_query(app, client, ibm, url):
    first = client.get(url)
    statements = record_statements(app)

    again = client.get(url)

    assert again.status_code == 200
    assert again.data == first.data
    assert statements == []  # the data version is read below SQLAlchemy; no data query ran


def test_new_data_is_seen_on_the_very_next_request(client, ibm, insert_prices):
    before = client.get(LIST).get_json()["pagination"]["count"]

    insert_prices([price_row("IBM", "2023-01-05")])

    assert client.get(LIST).get_json()["pagination"]["count"] == before + 1


def test_a_disabled_cache_queries_every_time(make_app, ibm):
    app = make_app(CACHE_TYPE="NullCache")
    client = app.test_client()
    first = client.get(LIST)
    statements = record_statements(app)  # from here on: the second request's statements only

    second = client.get(LIST)

    assert first.data == second.data
    assert statements != []  # the second request ran its own data query: nothing was kept


def test_the_per_process_cache_is_bounded(make_app):
    app = make_app(CACHE_THRESHOLD=20)
    client = app.test_client()

    for page in range(1, 200):
        assert client.get(f"/api/financial_data?page={page}").status_code == 200

    with app.app_context():
        stored = app.extensions["cache"]
        backend = next(iter(stored.values()))
        assert len(backend._cache) <= 20 + 1  # cachelib prunes once past the threshold


@pytest.fixture
def redis_url() -> str:
    """Return a flushed Redis database for the test; in CI a missing server is a failure."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        if IN_CI:
            pytest.fail(f"Redis at {TEST_REDIS_URL} is not reachable: {exc}")
        pytest.skip(f"Redis at {TEST_REDIS_URL} is not reachable")
    client.flushdb()
    yield TEST_REDIS_URL
    client.flushdb()
    client.close()


def test_two_hosts_share_answers_through_redis(make_app, redis_url, ibm):
    # Two apps on one database and one Redis stand for two hosts: what one computed, the other reuses.
    first, second = (make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url) for _ in range(2))
    body = first.test_client().get(STATS).data
    assert redis.Redis.from_url(redis_url).dbsize() > 0
    statements = record_statements(second)

    assert second.test_client().get(STATS).data == body
    assert statements == []


def test_an_ingest_is_seen_through_redis_at_once(make_app, redis_url, ibm, insert_prices):
    client = make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url).test_client()
    before = client.get(STATS).get_json()["data"]

    insert_prices([price_row("IBM", "2023-01-05", "100", "100")])
    after = client.get(STATS).get_json()["data"]

    assert before["average_daily_open_price"] == 11.0
    assert after["average_daily_open_price"] == 40.67  # (10 + 12 + 100) / 3, half-up


def test_a_304_first_then_a_full_answer_from_the_same_process(make_app, client, ibm):
    # A fresh process first asked only for a 304 keeps just the ETag; a later plain GET still gets the body.
    first = client.get(LIST)
    fresh = make_app().test_client()

    revalidated = fresh.get(LIST, headers={"If-None-Match": first.headers["ETag"]})
    full = fresh.get(LIST)

    assert revalidated.status_code == 304 and revalidated.data == b""
    assert full.status_code == 200 and full.data == first.data
    assert full.headers["ETag"] == first.headers["ETag"]
