"""RATE_LIMIT: a shared budget per key, user or client address, 429 in the envelope, probes and static files exempt."""

from __future__ import annotations

import os
import secrets

import pytest

from app.access.clientaddr import parse_networks
from tests.functional.access_support import access_app, close_app

LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


@pytest.fixture
def make_app(database_url):
    apps = []

    def make(**overrides):
        apps.append(access_app(database_url, **{"RATE_LIMIT": "3/minute", **overrides}))
        return apps[-1]

    yield make
    for app in apps:
        close_app(app)


def from_address(client, address: str, path: str = "/api/financial_data", **headers):
    return client.get(path, headers=headers, environ_base={"REMOTE_ADDR": address})


def test_the_fourth_request_in_a_minute_is_refused_in_the_envelope(make_app):
    client = make_app().test_client()

    answers = [from_address(client, "192.0.2.1") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [answer.headers["X-RateLimit-Remaining"] for answer in answers] == ["2", "1", "0", "0"]
    refusal = answers[-1]
    assert refusal.get_json()["data"] == [] and "Too many requests" in refusal.get_json()["info"]["error"]
    assert 0 < int(refusal.headers["Retry-After"]) <= 60


def test_every_kind_of_answer_carries_the_limit_headers_and_counts(make_app):
    client = make_app().test_client()

    answers = [
        from_address(client, "192.0.2.2", "/api/financial_data?limit=0"),  # 400
        from_address(client, "192.0.2.2", "/api/nowhere"),  # 404
        from_address(client, "192.0.2.2", "/api/statistics?symbol=IBM"),  # 404 or 200, an answer all the same
    ]

    assert all(all(name in answer.headers for name in LIMIT_HEADERS) for answer in answers)
    assert from_address(client, "192.0.2.2").status_code == 429  # the budget is shared by every path


def test_probes_are_exempt(make_app):
    client = make_app().test_client()

    answers = [from_address(client, "192.0.2.3", path) for path in ["/api/health", "/api/ready"] * 5]

    assert {answer.status_code for answer in answers} == {200}
    assert not any("X-RateLimit-Limit" in answer.headers for answer in answers)


def test_static_files_are_exempt_and_leave_the_budget_to_the_data(make_app):
    client = make_app().test_client()
    script = "/static/dashboard/dashboard.css"

    files = [from_address(client, "192.0.2.6", script) for _ in range(5)]
    data = [from_address(client, "192.0.2.6") for _ in range(4)]

    assert {answer.status_code for answer in files} == {200}
    assert not any("X-RateLimit-Limit" in answer.headers for answer in files)
    assert [answer.status_code for answer in data] == [200, 200, 200, 429]


def test_each_address_has_its_own_budget_and_a_forged_forwarded_for_changes_nothing(make_app):
    client = make_app().test_client()
    for _ in range(3):
        from_address(client, "192.0.2.4")

    forged = from_address(client, "192.0.2.4", **{"X-Forwarded-For": "203.0.113.9"})
    other = from_address(client, "192.0.2.5")

    assert forged.status_code == 429 and other.status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(make_app):
    client = make_app(TRUSTED_PROXIES=parse_networks("10.0.0.0/8")).test_client()
    for _ in range(3):
        assert from_address(client, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.7"}).status_code == 200

    same = from_address(client, "10.0.0.3", **{"X-Forwarded-For": "198.51.100.7"})
    other = from_address(client, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.8"})
    spoofed_hop = from_address(client, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.7, 198.51.100.9"})

    assert same.status_code == 429  # the client, not the proxy, spent its budget
    assert other.status_code == 200 and spoofed_hop.status_code == 200  # the proxy's own hop is what counts


def test_authenticated_clients_count_per_key_not_per_address(make_app):
    app = make_app(AUTH_MODE="key")
    runner, client = app.test_cli_runner(), app.test_client()
    first, second = (runner.invoke(args=["keys", "create", name]).stdout.strip() for name in ("one", "two"))

    one = [from_address(client, "192.0.2.6", **{"X-API-Key": first}).status_code for _ in range(4)]
    two = from_address(client, "192.0.2.6", **{"X-API-Key": second}).status_code

    assert one == [200, 200, 200, 429] and two == 200


def test_failed_guesses_count_against_the_guesser(make_app):
    client = make_app(AUTH_MODE="key").test_client()

    guesses = [from_address(client, "192.0.2.7", **{"X-API-Key": "finkey_guess"}).status_code for _ in range(4)]

    assert guesses == [401, 401, 401, 429]


def test_off_means_no_limit_and_no_headers(make_app):
    client = make_app(RATE_LIMIT="off").test_client()

    answers = [from_address(client, "192.0.2.8") for _ in range(10)]

    assert {answer.status_code for answer in answers} == {200}
    assert not any("X-RateLimit-Limit" in answer.headers for answer in answers)


def test_a_redis_storage_shares_one_budget_between_processes(make_app):
    url = os.environ.get("TEST_REDIS_URL", "").strip()
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("TEST_REDIS_URL is not set (CI=true requires it)")
        pytest.skip("TEST_REDIS_URL is not set")
    prefix = f"test-limits-{secrets.token_hex(4)}"
    first, second = (make_app(RATE_LIMIT_STORAGE_URL=url, RATE_LIMIT_KEY_PREFIX=prefix) for _ in range(2))

    answers = [from_address(app.test_client(), "192.0.2.9").status_code for app in (first, second, first, second)]

    assert answers == [200, 200, 200, 429]
