"""AUTH_MODE=basic: `flask users` manages argon2id users; the API and the pages ask browsers to log in."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from financial.access.users import HASHER
from tests.functional.access_support import access_app, basic, close_app
from tests.functional.conftest import record_statements

PASSWORD = "correct horse battery staple"


@pytest.fixture
def basic_app(database_url):
    app = access_app(database_url, AUTH_MODE="basic", AUTH_CACHE_SECONDS=30)
    yield app
    close_app(app)


def add(app, name: str, password: str):
    return app.test_cli_runner().invoke(args=["users", "add", name], input=password + "\n")


def stored_hash(url: str, name: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT password_hash FROM api_users WHERE name = :n"), {"n": name}).scalar()
    engine.dispose()
    return found


def test_add_reads_stdin_and_stores_an_owasp_argon2id_hash(basic_app, database_url):
    result = add(basic_app, "alice", PASSWORD)

    encoded = stored_hash(database_url, "alice")
    assert result.exit_code == 0, result.output
    assert encoded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PasswordHasher().verify(encoded, PASSWORD)  # argon2-cffi's own check agrees
    assert PASSWORD not in result.output


def test_right_password_passes_and_every_wrong_one_gets_the_same_401(basic_app):
    add(basic_app, "alice", PASSWORD)
    client = basic_app.test_client()

    ok = client.get("/api/financial_data", headers=basic("alice", PASSWORD))
    refusals = [
        client.get("/api/financial_data"),
        client.get("/api/financial_data", headers=basic("alice", PASSWORD + "!")),
        client.get("/api/financial_data", headers=basic("mallory", PASSWORD)),
        client.get("/api/financial_data", headers={"X-API-Key": "finkey_whatever"}),
    ]

    assert ok.status_code == 200
    assert [answer.status_code for answer in refusals] == [401] * 4
    assert {answer.headers["WWW-Authenticate"] for answer in refusals} == {
        'Basic realm="financial-data", charset="UTF-8"'
    }
    assert len({answer.get_json()["info"]["error"] for answer in refusals}) == 1


def test_an_unknown_name_costs_an_argon2_check_like_a_wrong_password(basic_app):
    add(basic_app, "alice", PASSWORD)
    client = basic_app.test_client()

    def seconds(name: str, password: str) -> float:
        started = time.perf_counter()
        for _ in range(5):
            assert client.get("/api/statistics", headers=basic(name, password)).status_code == 401
        return time.perf_counter() - started

    wrong, unknown = seconds("alice", "wrong password!!"), seconds("nobody", "wrong password!!")
    hash_once = min(timed(lambda: HASHER.verify(HASHER.hash("x" * 12), "x" * 12)) for _ in range(3))
    # Both pay about one argon2 verification per request; a missing dummy check would make `unknown` ~0.
    assert unknown > 5 * hash_once * 0.3 and wrong > 5 * hash_once * 0.3


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def test_a_success_is_cached_so_argon2_runs_once(basic_app):
    add(basic_app, "alice", PASSWORD)
    statements = record_statements(basic_app)
    client = basic_app.test_client()

    answers = [client.get("/api/financial_data", headers=basic("alice", PASSWORD)).status_code for _ in range(10)]

    assert answers == [200] * 10
    assert len([sql for sql, _ in statements if "api_users" in sql]) == 1


def test_list_and_remove(basic_app):
    add(basic_app, "alice", PASSWORD)
    add(basic_app, "bob", PASSWORD + " two")
    runner, client = basic_app.test_cli_runner(), basic_app.test_client()
    assert client.get("/api/financial_data", headers=basic("bob", PASSWORD + " two")).status_code == 200

    removed = runner.invoke(args=["users", "remove", "bob"])
    listed = runner.invoke(args=["users", "list"])

    assert removed.exit_code == 0
    assert [line.split()[0] for line in listed.output.splitlines()[1:]] == ["alice"]
    assert client.get("/api/financial_data", headers=basic("bob", PASSWORD + " two")).status_code == 401
    assert "$argon2" not in listed.output


def test_short_passwords_duplicates_and_unknown_names_are_refused(basic_app):
    short = add(basic_app, "alice", "short")
    add(basic_app, "alice", PASSWORD)
    duplicate = add(basic_app, "alice", PASSWORD)
    unknown = basic_app.test_cli_runner().invoke(args=["users", "remove", "nobody"])

    assert short.exit_code != 0 and "at least 12 characters" in short.output
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    assert unknown.exit_code != 0 and "no user is called 'nobody'" in unknown.output


def test_an_old_hash_is_upgraded_to_the_current_parameters_on_success(basic_app, database_url):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO api_users (name, password_hash, created_at) VALUES ('old', :h, '2020-01-01 00:00:00')"),
            {"h": weak},
        )
    engine.dispose()

    answer = basic_app.test_client().get("/api/financial_data", headers=basic("old", PASSWORD))

    assert answer.status_code == 200
    assert stored_hash(database_url, "old").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
