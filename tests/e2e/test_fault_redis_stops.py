"""Drill: the private Redis behind CACHE_TYPE=RedisCache stops while the API runs, then comes back."""

from __future__ import annotations

import logging
import time

import pytest
import redis

from tests import systools
from tests.conftest import price_row
from tests.e2e.prodlike_servers import start_redis
from tests.functional.access_support import access_app, close_app


def restart_redis(home, port: int):
    """Start a fresh, empty Redis on the same port (a restarted cache server)."""
    from tests.e2e.prodlike_procs import Proc, wait_until

    argv = [
        systools.require("redis-server"),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    proc = Proc("redis-again", [*argv, "--dir", str(home)], log=home / "redis-again.log")
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
    wait_until(lambda: bool(client.ping()), timeout=15, what="Redis to answer PING again", proc=proc)
    return proc


@pytest.fixture
def private_redis(tmp_path):
    systools.require_for_test("redis-server")
    proc, port = start_redis(tmp_path)
    yield proc, port
    proc.stop()


def test_requests_answer_through_a_redis_outage_and_caching_resumes_without_a_restart(
    database_url, tmp_path, private_redis, caplog
):
    proc, port = private_redis
    app = access_app(database_url, CACHE_TYPE="RedisCache", CACHE_REDIS_URL=f"redis://127.0.0.1:{port}/0")
    store = redis.Redis(host="127.0.0.1", port=port)
    insert(app, [price_row("IBM", f"2024-01-{day:02d}", close=str(100 + day)) for day in range(2, 12)])
    client, again = app.test_client(), None
    try:
        queries = [f"/api/financial_data?symbol=IBM&limit={limit}" for limit in (1, 2, 3, 5, 10)]
        expected = {query: client.get(query).get_json() for query in queries}
        assert store.dbsize() > 0  # the answers were cached in Redis

        caplog.set_level(logging.WARNING)
        proc.stop()
        during = [client.get(query) for _ in range(20) for query in queries]
        assert {answer.status_code for answer in during} == {200}
        assert all(answer.get_json() == expected[query] for answer, query in zip(during, queries * 20, strict=True))
        outages = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
        assert len(outages) == 1  # once per outage, not once per request

        again = restart_redis(tmp_path, port)
        time.sleep(1.2)  # the cache rests a second between attempts while Redis is down
        after = [client.get(query).get_json() for query in queries]
        assert after == [expected[query] for query in queries]
        assert redis.Redis(host="127.0.0.1", port=port).dbsize() > 0  # caching resumed, same process
        assert any("cache is back" in r.getMessage() for r in caplog.records)
    finally:
        if again is not None:
            again.stop()
        close_app(app)


def insert(app, rows):
    from financial.models import FinancialData
    from financial.storage import bump_version, db
    from financial.storage.summaries import rebuild

    with app.app_context():
        db.session.add_all(FinancialData(**row) for row in rows)
        db.session.flush()
        rebuild(db.session.connection())
        bump_version()
        db.session.commit()
