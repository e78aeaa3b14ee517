"""Intraday bars in the dashboard: offered only where stored, drawn in New York time from a Tokyo browser.

MSFT holds 15min bars of the regular session on Friday 2024-03-08 (UTC-5) and Monday 2024-03-11
(UTC-4, after the spring DST change); no other symbol has any (see conftest.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.dashboard.conftest import watched_page
from tests.e2e.dashboard.intraday_seed import dst_rows
from tests.e2e.dashboard.live import get_json, wait_for_draw
from tests.e2e.dashboard.reading import bars, legend, number, open_dashboard, screenshot, view_of
from tests.intraday_support import reference_frame, resampled

NEW_YORK = ZoneInfo("America/New_York")
FREQUENCY_RADIOS = "() => [...document.querySelectorAll('input[name=freq]')].map(r => r.labels[0].textContent)"
DAILY = ["Daily", "Weekly", "Monthly"]
NO_OVERLAYS = "Overlays are computed from daily bars: they are not drawn on intraday bars."
NO_STATS = "Statistics are computed from daily bars: pick Daily, Weekly or Monthly to see those of the visible range."
# The time-axis and crosshair labels the page's own formatters give a bar (run in the page, in its zone).
AXIS_LABELS = """async ts => {
  const m = await import('/static/dashboard/intraday.js');
  const t = m.chartTime(ts);
  return {tick: m.tickLabel(t, 3), day: m.tickLabel(t, 2), crosshair: m.crosshairLabel(t)};
}"""


def seeded() -> dict[str, dict]:
    """Return the seeded bars by the legend title a user should see: 'MSFT 2024-03-08 15:45 ET'."""
    return {f"MSFT {wall[:16]} ET": fields for wall, fields in sorted(dst_rows())}


def ohlcv(shown: dict) -> list[float]:
    return [number(shown["values"][key]) for key in "OHLCV"]


def fields_of(fields: dict) -> list[float]:
    return [float(fields[key]) for key in ("open_", "high", "low", "close", "volume")]


@pytest.fixture
def tokyo(browser, watched):
    """Return a page whose browser lives in Tokyo (UTC+9, no DST): 14 hours from New York in March."""
    with watched_page(browser, watched, timezone_id="Asia/Tokyo") as page:
        yield page


def sweep_titles(page) -> list[str]:
    """Move the pointer across the price pane, left to right; return the legend titles met, in order."""
    box = page.locator("#chart").bounding_box()
    titles: list[str] = []
    for step in range(2, int(box["width"] * 0.93), 8):  # bars are ~21 px apart: each is met
        page.mouse.move(box["x"] + step, box["y"] + box["height"] * 0.35)
        title = page.text_content("#legend [data-legend=title]")
        if not titles or titles[-1] != title:
            titles.append(title)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 40)  # off the chart: the legend shows the last bar
    return titles


def test_intraday_bars_are_offered_where_stored_and_shown_in_exchange_time(tokyo, server):
    page = tokyo
    assert page.evaluate("new Date('2024-03-08T20:45:00Z').getTimezoneOffset()") == -540  # the browser is in Tokyo
    stored = {r["symbol"]: r["intraday"] for r in get_json(f"{server}/api/symbols?limit=1000")[1]["data"]}
    assert [symbol for symbol, spans in stored.items() if spans] == ["MSFT"]

    count = open_dashboard(page, server, "?symbol=IBM&range=1Y&freq=daily")
    assert page.evaluate(FREQUENCY_RADIOS) == DAILY  # IBM has no intraday bars: no intraday option
    page.get_by_label("Symbol", exact=True).select_option("MSFT")
    count = wait_for_draw(page, count)
    assert page.evaluate(FREQUENCY_RADIOS) == [*DAILY, "15 min", "30 min", "60 min"]  # 15min stored, and multiples

    with page.expect_response(lambda r: "/api/intraday" in r.url and "interval=15min" in r.url) as answer:
        page.get_by_label("15 min", exact=True).check()
    count = wait_for_draw(page, count)
    assert answer.value.status == 200 and view_of(page.url)["freq"] == "15min"

    # What the user sees: the legend of the last bar, then of every bar under the pointer, in New York time.
    expected = seeded()
    shown = legend(page)
    assert shown["title"] == "MSFT 2024-03-11 15:45 ET" and ohlcv(shown) == fields_of(expected[shown["title"]])
    titles = sweep_titles(page)
    assert titles == list(expected)  # all 52 bars, in time order, each at its exchange wall time
    page.wait_for_function("() => document.getElementById('legend').dataset.time === '2024-03-11T15:45:00-04:00'")
    box = page.locator("#chart").bounding_box()
    friday = 25 / 52  # the 26th bar: Friday's last, 15:45 EST
    page.mouse.move(box["x"] + 6 + (box["width"] * 0.93 - 6) * (friday + 0.5 / 52), box["y"] + box["height"] * 0.35)
    page.wait_for_function("() => document.getElementById('legend').dataset.time === '2024-03-08T15:45:00-05:00'")
    assert legend(page)["title"] == "MSFT 2024-03-08 15:45 ET"
    assert ohlcv(legend(page)) == fields_of(expected["MSFT 2024-03-08 15:45 ET"])
    screenshot(page, "14-intraday-15min")

    # The axis and crosshair labels of the two 15:45 bars, 20:45 and 19:45 UTC (05:45 and 04:45 in Tokyo).
    for ts, day in (("2024-03-08T15:45:00-05:00", "Mar 8"), ("2024-03-11T15:45:00-04:00", "Mar 11")):
        wall = datetime.fromisoformat(ts).astimezone(NEW_YORK)
        assert wall.strftime("%H:%M") == "15:45"  # the reference: zoneinfo's New York wall time
        labels = page.evaluate(AXIS_LABELS, ts)
        assert labels == {"tick": "15:45", "day": day, "crosshair": f"{wall:%Y-%m-%d %H:%M} ET"}

    # Daily-only parts say so and take no input.
    assert page.get_by_label("SMA", exact=True).is_disabled()
    assert page.text_content("#overlays-hint") == NO_OVERLAYS
    assert page.get_by_role("button", name="1Y", exact=True).is_disabled()
    assert page.text_content("#freq-hint") == "Times are New York exchange time (ET), whatever your time zone."
    assert page.text_content("#stats [data-stats=message]") == NO_STATS

    # 30min bars are built from the 15min ones: compared with pandas' resample of the seeded bars.
    with page.expect_response(lambda r: "/api/intraday" in r.url and "interval=30min" in r.url):
        page.get_by_label("30 min", exact=True).check()
    count = wait_for_draw(page, count)
    reference = resampled(reference_frame(dst_rows()), "30min")
    last = reference.iloc[-1]
    shown = legend(page)
    assert shown["title"] == f"MSFT {reference.index[-1]:%Y-%m-%d %H:%M} ET" == "MSFT 2024-03-11 15:30 ET"
    assert ohlcv(shown) == pytest.approx([last.open, last.high, last.low, last.close, last.volume])

    # Back to daily: the daily bars, the range buttons, overlays and statistics again.
    with page.expect_response(lambda r: "/api/time_series" in r.url and "frequency=daily" in r.url):
        page.get_by_label("Daily", exact=True).check()
    wait_for_draw(page, count)
    assert legend(page)["title"] == f"MSFT {bars(server, 'MSFT')[-1]['period_start']}"
    assert page.get_by_label("SMA", exact=True).is_enabled() and page.is_hidden("#overlays-hint")
    assert page.get_by_role("button", name="1Y", exact=True).is_enabled()
    page.wait_for_selector("#stats[data-state=ready]")


def envelope_error(route, message: str) -> None:
    """Answer a request the way the API fails: HTTP 500 with its JSON envelope."""
    body = {"data": [], "pagination": None, "info": {"error": message}}
    route.fulfill(status=500, content_type="application/json", body=json.dumps(body))


def test_an_intraday_address_is_restored_refused_or_failed_with_a_message(page, server, watched):
    open_dashboard(page, server, "?symbol=MSFT&freq=60min")
    assert legend(page)["title"] == "MSFT 2024-03-11 15:00 ET"  # the 15:00 and 15:30 bars
    assert page.get_by_label("60 min", exact=True).is_checked()

    open_dashboard(page, server, "?symbol=IBM&freq=15min&range=6M")
    assert page.text_content("#notice") == "IBM has no intraday bars that make 15min bars; showing daily bars."
    assert view_of(page.url) == {"symbol": "IBM", "range": "6M", "freq": "daily"}

    watched.expect(r"status of 500")
    page.route("**/api/intraday?*", lambda route: envelope_error(route, "intraday is down"))
    page.goto(f"{server}/dashboard?symbol=MSFT&freq=15min")
    page.wait_for_selector("#dashboard[data-state=error]")
    assert page.text_content("#chart-message") == (
        "Could not load the 15min bars of MSFT. /intraday failed (HTTP 500): intraday is down"
    )
