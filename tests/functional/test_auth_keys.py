"""AUTH_MODE=key: `flask keys` manages keys, the API answers only a live key, the store keeps only hashes."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import create_engine, text

from financial.access import KEY_PREFIX
from tests.functional.access_support import access_app, close_app
from tests.functional.conftest import record_statements

KEY_SHAPE = re.compile(rf"^{KEY_PREFIX}[A-Za-z0-9_-]{{43,}}$")  # 32 random bytes in URL-safe base64


@pytest.fixture
def key_app(database_url):
    app = access_app(database_url, AUTH_MODE="key", AUTH_CACHE_SECONDS=0)
    yield app
    close_app(app)


def create(app, name: str) -> str:
    result = app.test_cli_runner().invoke(args=["keys", "create", name])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def stored(url: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, key_hash, last_used_at, revoked_at FROM api_keys")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_create_prints_a_prefixed_random_key_once_and_stores_only_its_sha256(key_app, database_url):
    first, second = create(key_app, "reporting"), create(key_app, "dashboard")

    assert KEY_SHAPE.fullmatch(first) and KEY_SHAPE.fullmatch(second) and first != second
    rows = {row[0]: row for row in stored(database_url)}
    assert rows["reporting"][1] == hashlib.sha256(first.encode()).hexdigest()
    assert all(first not in str(row) and second not in str(row) for row in rows.values())


def test_a_live_key_is_accepted_in_either_header_and_anything_else_is_refused_alike(key_app):
    key = create(key_app, "reporting")
    client = key_app.test_client()

    assert client.get("/api/financial_data", headers={"X-API-Key": key}).status_code == 200
    assert client.get("/api/financial_data", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    refusals = [
        client.get("/api/financial_data"),
        client.get("/api/financial_data", headers={"X-API-Key": key[:-1] + ("A" if key[-1] != "A" else "B")}),
        client.get("/api/financial_data", headers={"X-API-Key": "not-even-our-prefix"}),
        client.get("/api/statistics", headers={"Authorization": "Basic " + "eDp5"}),
    ]
    assert [answer.status_code for answer in refusals] == [401] * 4
    assert {answer.headers["WWW-Authenticate"] for answer in refusals} == {'Bearer realm="financial-data"'}
    assert len({answer.get_json()["info"]["error"] for answer in refusals}) == 1
    assert refusals[0].get_json()["data"] == [] and refusals[0].get_json()["pagination"] is None


def test_list_shows_names_and_dates_never_keys_and_use_is_recorded(key_app, database_url):
    key = create(key_app, "reporting")
    key_app.test_client().get("/api/financial_data", headers={"X-API-Key": key})

    result = key_app.test_cli_runner().invoke(args=["keys", "list"])

    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if line.startswith("reporting"))
    assert len(re.findall(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", line)) == 2  # created and last used
    assert key not in result.output and KEY_PREFIX not in result.output
    assert stored(database_url)[0][2] is not None


def test_a_revoked_key_is_refused_and_its_name_is_not_reused(key_app, database_url):
    key = create(key_app, "reporting")
    client = key_app.test_client()
    assert client.get("/api/financial_data", headers={"X-API-Key": key}).status_code == 200

    revoke = key_app.test_cli_runner().invoke(args=["keys", "revoke", "reporting"])
    again = key_app.test_cli_runner().invoke(args=["keys", "create", "reporting"])

    assert revoke.exit_code == 0
    assert client.get("/api/financial_data", headers={"X-API-Key": key}).status_code == 401
    assert stored(database_url)[0][3] is not None
    assert again.exit_code != 0 and "already exists" in again.output


def test_unknown_names_and_bad_names_fail_with_a_message(key_app):
    runner = key_app.test_cli_runner()

    unknown = runner.invoke(args=["keys", "revoke", "nobody"])
    bad = runner.invoke(args=["keys", "create", "has space"])

    assert unknown.exit_code != 0 and "no key is called 'nobody'" in unknown.output
    assert bad.exit_code != 0 and "not a valid name" in bad.output


def test_a_check_is_one_indexed_read_then_cached(database_url):
    app = access_app(database_url, AUTH_MODE="key", AUTH_CACHE_SECONDS=30)
    try:
        key = create(app, "reporting")
        statements = record_statements(app)
        client = app.test_client()
        answers = [client.get("/api/financial_data", headers={"X-API-Key": key}).status_code for _ in range(10)]
        reads = [sql for sql, _ in statements if "api_keys" in sql and sql.lstrip().upper().startswith("SELECT")]
        assert answers == [200] * 10
        assert len(reads) == 1 and "WHERE key_hash" in reads[0]
        digest = hashlib.sha256(key.encode()).hexdigest()
        plan = query_plan(app, f"SELECT id, name FROM api_keys WHERE key_hash = '{digest}'")
        assert re.search(r"SEARCH api_keys USING (COVERING )?INDEX \S+ \(key_hash=\?\)|uq_api_keys_key_hash", plan), (
            plan
        )
    finally:
        close_app(app)


def query_plan(app, sql: str) -> str:
    from financial.storage import db

    with app.app_context():
        explain = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        rows = db.session.execute(text(explain + sql)).all()
    return " ".join(str(value) for row in rows for value in row)
