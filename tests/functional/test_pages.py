"""Outside /api errors are small HTML pages, so page blueprints can live beside the JSON API."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort


@pytest.mark.parametrize("path", ["/nope", "/apis"])
def test_a_page_path_that_does_not_exist_is_an_html_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    assert b"<title>404 Not Found</title>" in response.data
    assert response.get_json(silent=True) is None


def test_the_api_and_its_documentation_files_keep_json_errors(client):
    for path in ("/api", "/api/nope", "/swaggerui/nope.js"):
        response = client.get(path)

        assert response.status_code == 404, path
        assert response.get_json() == {"data": {}, "info": {"error": f"Not found: no endpoint at {path}"}}


def _pages() -> Blueprint:
    pages = Blueprint("pages", __name__)

    @pages.get("/crash")
    def crash():
        raise RuntimeError("the page password is hunter2")

    @pages.get("/gone")
    def gone():
        abort(410)

    @pages.get("/own")
    def own():
        abort(404)

    @pages.errorhandler(404)
    def own_404(exc):
        return "<p>No such page here</p>", 404

    return pages


def test_a_page_blueprint_answers_its_errors_as_html(app, caplog):
    app.register_blueprint(_pages())
    client = app.test_client()

    crash, gone, own = client.get("/crash"), client.get("/gone"), client.get("/own")

    assert (crash.status_code, gone.status_code, own.status_code) == (500, 410, 404)
    assert all(r.content_type.startswith("text/html") for r in (crash, gone, own))
    assert b"<title>500 Internal Server Error</title>" in crash.data and b"hunter2" not in crash.data
    assert "hunter2" in caplog.text  # the operator still sees what happened
    assert own.data == b"<p>No such page here</p>"  # the blueprint's own handler wins for its views


def test_a_method_not_allowed_on_a_page_is_html_with_allow(app):
    app.register_blueprint(_pages())

    response = app.test_client().post("/gone")

    assert response.status_code == 405
    assert response.content_type.startswith("text/html")
    assert "GET" in response.headers["Allow"]
