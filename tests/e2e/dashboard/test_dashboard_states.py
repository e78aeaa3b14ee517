"""The dashboard when things go wrong, on a phone, from the keyboard, and under a strict CSP."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.dashboard.live import ROOT, environment, get_json, live_server, wait_for_draw
from tests.e2e.dashboard.reading import chart_pixels, legend, open_dashboard, screenshot, view_of

FAILED_500 = r"Failed to load resource: the server responded with a status of 500"


def envelope_error(route, message: str = "Internal server error") -> None:
    """Answer a request the way the API fails: HTTP 500 with its JSON envelope."""
    body = {"data": [], "pagination": None, "info": {"error": message}}
    route.fulfill(status=500, content_type="application/json", body=json.dumps(body))


# The element a user sees at the middle of the chart area: the message must be on top, not under the canvases.
ON_TOP = """() => {
  const box = document.querySelector('.chart-area').getBoundingClientRect();
  return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)?.closest('#chart-message') !== null;
}"""


def chart_message(page) -> str:
    """Return the message shown over the chart, once it is there and visible on top."""
    page.wait_for_selector("#chart-message:not([hidden])")
    assert page.evaluate(ON_TOP), "the message is hidden under the chart"
    return page.text_content("#chart-message")


def test_a_failing_api_shows_its_message_and_the_page_recovers(page, server, watched):
    watched.expect(FAILED_500)
    page.route("**/api/time_series?*", lambda route: envelope_error(route))
    page.goto(f"{server}/dashboard?symbol=IBM")
    page.wait_for_selector("#dashboard[data-state=error]")

    assert chart_message(page) == (
        "Could not load the prices of IBM. /time_series failed (HTTP 500): Internal server error"
    )
    screenshot(page, "10-api-error")

    page.unroute("**/api/time_series?*")
    page.get_by_label("Symbol", exact=True).select_option("MSFT")
    wait_for_draw(page, 0)
    assert page.is_hidden("#chart-message") and chart_pixels(page)["inked"] > 5_000


def test_an_unreachable_api_says_so(page, server, watched):
    watched.expect(r"net::ERR_FAILED")
    page.route("**/api/symbols?*", lambda route: route.abort())
    page.goto(f"{server}/dashboard")

    page.wait_for_selector("#dashboard[data-state=error]")
    assert "Could not load the symbol list. Could not reach the API (/symbols)" in chart_message(page)


def test_a_failing_overlay_keeps_the_chart_and_says_why(page, server, watched):
    watched.expect(FAILED_500)
    page.route("**/api/indicators?*", lambda route: envelope_error(route, "indicators are down"))
    open_dashboard(page, server, "?symbol=IBM&overlays=sma:50")

    assert page.text_content("#notice") == "Overlays unavailable. /indicators failed (HTTP 500): indicators are down"
    assert page.is_hidden("#chart-message") and chart_pixels(page)["inked"] > 5_000
    assert legend(page)["title"].startswith("IBM ")


def test_an_unknown_symbol_in_the_address_is_replaced_with_a_notice(page, server):
    open_dashboard(page, server, "?symbol=ZZZZ&range=6M")

    assert page.text_content("#notice") == "ZZZZ is not in the store; showing AAPL."
    assert view_of(page.url)["symbol"] == "AAPL" and view_of(page.url)["range"] == "6M"


def test_a_bad_overlay_period_is_refused_in_the_page(page, server):
    open_dashboard(page, server, "?symbol=IBM")
    asked = []
    page.on("request", lambda request: "/api/indicators" in request.url and asked.append(request.url))

    page.get_by_label("SMA period", exact=True).fill("1")
    page.get_by_label("SMA", exact=True).check()

    page.wait_for_selector("#notice:not([hidden])")
    assert page.text_content("#notice") == "SMA: periods run from 2 to 500, widths from 0.5 to 5."
    assert page.get_by_label("SMA period", exact=True).get_attribute("aria-invalid") == "true"
    assert asked == [] and "overlays" not in view_of(page.url)


@pytest.fixture
def unmigrated_database(tmp_path) -> str:
    """Return the URL of an empty SQLite file with no tables: every query fails for real."""
    path = tmp_path / "unmigrated.sqlite3"
    path.touch()
    return f"sqlite:///{path}"


def test_a_database_outage_shows_the_servers_own_message(page, unmigrated_database, watched):
    watched.expect(r"status of 5[0-9][0-9]")
    with live_server(unmigrated_database, workers=1) as base:
        status, body = get_json(f"{base}/api/symbols?limit=1000")
        page.goto(f"{base}/dashboard")
        page.wait_for_selector("#dashboard[data-state=error]")
        message = chart_message(page)
    assert status >= 500
    assert message == f"Could not load the symbol list. /symbols failed (HTTP {status}): {body['info']['error']}"
    screenshot(page, "11-database-down")


def test_an_empty_store_says_how_to_load_data(page, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    command = [sys.executable, "-m", "flask", "--app", "app:create_app", "db", "upgrade"]
    subprocess.run(command, cwd=ROOT, env=environment(url), check=True, capture_output=True, timeout=120)
    with live_server(url, workers=1) as base:
        page.goto(f"{base}/dashboard")
        page.wait_for_selector("#dashboard[data-state=empty]")
        message = chart_message(page)
    assert message.startswith("No symbols are stored yet.") and "make load-data" in message
    screenshot(page, "12-empty-store")


def test_it_fits_a_375_px_screen(page, server):
    page.set_viewport_size({"width": 375, "height": 800})
    open_dashboard(page, server, "?symbol=IBM&range=6M&overlays=bollinger:20:2")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    assert chart_pixels(page)["inked"] > 5_000
    for control in page.locator("#controls select, #controls button, #controls label:not(.sr-only)").all():
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, control.text_content()
    screenshot(page, "13-phone-375")
