"""The dashboard's page over HTTP: the redirect, its files, its licence notice, its HTML errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app import dashboard

VENDOR = Path(dashboard.__file__).parents[1] / "static" / "vendor" / "lightweight-charts"
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


class Page(HTMLParser):
    """Collect what a strict Content-Security-Policy cares about: assets, inline code, styles."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []
        self.inline: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.inline += [f"{tag} {name}" for name in attrs if name == "style" or name.startswith("on")]
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            self._in_script = True
            self.assets.append(attrs.get("src") or "")
        if tag == "link":
            self.assets.append(attrs["href"])
        if tag == "a":
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(f"<script>{data.strip()[:40]}")


def parsed(client) -> tuple[Page, str]:
    response = client.get("/dashboard")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = Page()
    page.feed(response.get_data(as_text=True))
    return page, response.get_data(as_text=True)


def test_the_bare_address_redirects_to_the_dashboard(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_the_page_serves_every_file_it_names_and_no_inline_code(client):
    page, _ = parsed(client)

    assert page.inline == []
    assert "" not in page.assets  # every <script> has a src
    assert any(a.endswith("/lightweight-charts.standalone.production.js") for a in page.assets)
    assert any(a.endswith("/dashboard/main.js") for a in page.assets)
    for asset in page.assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert response.mimetype == TYPES[Path(asset).suffix], asset


def test_every_module_main_js_imports_is_preloaded(client):
    page, _ = parsed(client)
    main = client.get("/static/dashboard/main.js").get_data(as_text=True)
    imported = set(re.findall(r'from "\./([a-z]+\.js)"', main))

    assert imported and {f"/static/dashboard/{name}" for name in imported} <= set(page.assets)


def test_the_page_shows_the_charting_librarys_attribution_notice(client):
    page, html = parsed(client)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    banner = (VENDOR / "lightweight-charts.standalone.production.js").read_text(encoding="utf-8")[:300]
    version = re.search(r"Lightweight Charts™ v(\S+)", banner).group(1)

    for line in (VENDOR / "NOTICE").read_text(encoding="utf-8").splitlines():
        assert line in text  # the licence asks for the NOTICE text on the page users see
    assert "https://www.tradingview.com/" in page.links
    assert f"(version {version})" in text
    assert "Apache License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize("path", ["/dashboard/nope", "/dashboard/static/x.js"])
def test_a_missing_page_under_the_dashboard_answers_html(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.mimetype == "text/html" and response.get_json(silent=True) is None


def test_a_crash_of_the_page_answers_html_without_details(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template exploded: secret detail")

    monkeypatch.setattr(dashboard, "render_template", broken)
    response = app.test_client().get("/dashboard")

    assert response.status_code == 500
    assert response.mimetype == "text/html" and b"secret detail" not in response.data


def test_api_errors_keep_their_json_envelope(client):
    response = client.get("/api/nope")

    assert response.status_code == 404 and response.get_json()["info"]["error"]
