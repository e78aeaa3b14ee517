"""Security headers, CORS allow-list, and the refusals of oversized queries and bodies on GETs."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from app.access.headers import PAGE_POLICY
from tests.functional.access_support import access_app, close_app


@pytest.fixture
def make_app(database_url):
    apps = []

    def make(**overrides):
        apps.append(access_app(database_url, **overrides))
        return apps[-1]

    yield make
    for app in apps:
        close_app(app)


def test_every_answer_says_nosniff_and_sends_no_referrer(make_app):
    client = make_app().test_client()

    answers = [client.get(path) for path in ("/api/financial_data", "/api/health", "/api/nowhere", "/nowhere")]

    assert {answer.headers.get("X-Content-Type-Options") for answer in answers} == {"nosniff"}
    assert {answer.headers.get("Referrer-Policy") for answer in answers} == {"no-referrer"}


def test_html_pages_allow_only_their_own_scripts_and_styles_and_json_gets_no_policy(make_app):
    client = make_app().test_client()

    page, api = client.get("/nowhere"), client.get("/api/financial_data")

    assert page.mimetype == "text/html" and page.headers["Content-Security-Policy"] == PAGE_POLICY
    assert "script-src 'self';" in PAGE_POLICY and "style-src 'self';" in PAGE_POLICY and "unsafe" not in PAGE_POLICY
    assert "Content-Security-Policy" not in api.headers


def test_the_swagger_page_may_run_exactly_its_own_inline_start_up_script(make_app):
    docs = make_app().test_client().get("/api/docs")
    html = docs.get_data(as_text=True)
    inline = re.findall(r"<script type=\"text/javascript\">(.*?)</script>", html, flags=re.DOTALL)

    policy = docs.headers["Content-Security-Policy"]
    allowed = re.search(r"script-src ([^;]+);", policy).group(1).split()

    expected = ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'" for body in inline]
    assert len(inline) == 1 and allowed == ["'self'", *expected]


def test_a_query_string_over_2_kib_is_refused_with_414_in_the_envelope(make_app):
    client = make_app().test_client()
    at_limit = "symbol=IBM&x=" + "a" * (2048 - len("symbol=IBM&x="))

    fits, too_long = client.get(f"/api/financial_data?{at_limit}"), client.get(f"/api/financial_data?{at_limit}a")

    assert fits.status_code == 200
    assert too_long.status_code == 414
    assert too_long.get_json() == {
        "data": [],
        "pagination": None,
        "info": {"error": "Query string too long: 2049 bytes, the API reads at most 2048"},
    }


def test_a_body_on_a_get_is_refused_with_400_in_the_envelope(make_app):
    client = make_app().test_client()

    sized = client.get("/api/statistics?symbol=IBM", data=b'{"symbol": "IBM"}', content_type="application/json")
    chunked = client.get("/api/financial_data", headers={"Transfer-Encoding": "chunked"}, input_stream=None)
    empty = client.get("/api/financial_data", data=b"")

    assert sized.status_code == 400 and "takes no body" in sized.get_json()["info"]["error"]
    assert sized.get_json()["data"] == {}
    assert chunked.status_code == 400 and empty.status_code == 200


def test_cors_is_off_by_default(make_app):
    answer = make_app().test_client().get("/api/financial_data", headers={"Origin": "https://app.example"})

    assert "Access-Control-Allow-Origin" not in answer.headers


def test_cors_answers_only_the_allowed_origins_and_preflights_need_no_credential(make_app):
    client = make_app(CORS_ORIGINS=("https://app.example",), AUTH_MODE="key").test_client()

    allowed = client.get("/api/health", headers={"Origin": "https://app.example"})
    other = client.get("/api/health", headers={"Origin": "https://evil.example"})
    preflight = client.options(
        "/api/financial_data",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-API-Key",
        },
    )

    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "X-RateLimit-Remaining" in allowed.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in other.headers
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "x-api-key" in preflight.headers["Access-Control-Allow-Headers"].lower()
