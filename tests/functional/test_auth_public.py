"""Which paths need a credential in each AUTH_MODE: probes and docs never, pages and data always."""

from __future__ import annotations

import pytest

from tests.functional.access_support import access_app, basic, close_app

PUBLIC = ["/api/health", "/api/ready", "/api/docs", "/api/swagger.json", "/swaggerui/swagger-ui.css"]
GUARDED = ["/api/financial_data", "/api/statistics?symbol=IBM", "/", "/dashboard", "/static/none.js", "/api/nowhere"]
PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["key", "basic"])
def guarded_app(request, database_url):
    app = access_app(database_url, AUTH_MODE=request.param)
    yield app
    close_app(app)


def test_probes_and_docs_answer_without_a_credential(guarded_app):
    client = guarded_app.test_client()

    assert {path: client.get(path).status_code for path in PUBLIC} == dict.fromkeys(PUBLIC, 200)


def test_data_and_pages_ask_for_the_credential_of_the_mode(guarded_app):
    client = guarded_app.test_client()
    scheme = {"key": "Bearer", "basic": "Basic"}[guarded_app.config["AUTH_MODE"]]

    answers = {path: client.get(path) for path in GUARDED}

    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(GUARDED, 401)
    assert {answer.headers["WWW-Authenticate"].split()[0] for answer in answers.values()} == {scheme}


def test_api_refusals_are_envelopes_and_page_refusals_are_html(guarded_app):
    client = guarded_app.test_client()

    api, page = client.get("/api/statistics?symbol=IBM"), client.get("/dashboard")

    assert api.is_json and api.get_json()["data"] == {} and "Authentication required" in api.get_json()["info"]["error"]
    assert page.mimetype == "text/html"


def test_with_the_credential_the_same_paths_pass(guarded_app):
    mode = guarded_app.config["AUTH_MODE"]
    runner = guarded_app.test_cli_runner()
    if mode == "key":
        headers = {"X-API-Key": runner.invoke(args=["keys", "create", "me"]).stdout.strip()}
    else:
        runner.invoke(args=["users", "add", "me"], input=PASSWORD + "\n")
        headers = basic("me", PASSWORD)
    client = guarded_app.test_client()

    statuses = {path: client.get(path, headers=headers).status_code for path in GUARDED}

    assert 401 not in statuses.values()
    assert statuses["/api/financial_data"] == 200 and statuses["/api/nowhere"] == 404


def test_mode_none_asks_nobody_for_anything(database_url):
    app = access_app(database_url, AUTH_MODE="none")
    try:
        answer = app.test_client().get("/api/financial_data")
    finally:
        close_app(app)

    assert answer.status_code == 200 and "WWW-Authenticate" not in answer.headers
