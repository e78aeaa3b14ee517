"""The dashboard in a real browser: it draws, and each pick fetches and redraws."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from itertools import pairwise

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from tests.e2e.dashboard.live import draws, get_json, wait_for_draw
from tests.e2e.dashboard.reading import (
    bars,
    chart_pixels,
    legend,
    number,
    open_dashboard,
    screenshot,
    stats_card,
    view_of,
)


@pytest.fixture(scope="module")
def raw_sample() -> pd.DataFrame:
    """Return the sample prices straight from the bokeh-sampledata file: the reference."""
    with resources.as_file(resources.files("bokeh_sampledata").joinpath("_data/stocks.csv.gz")) as path:
        return pd.read_csv(path, parse_dates=["Date"])


def assert_drawn(pixels: dict) -> None:
    assert pixels["canvases"] >= 2, pixels
    assert pixels["inked"] > 5_000, pixels  # candles, volume, axes: thousands of coloured pixels


def same_picture(now: dict, then: dict) -> bool:
    """Tell whether two drawings match, to a few antialiased pixels in a thousand."""
    return now["canvases"] == then["canvases"] and abs(now["inked"] - then["inked"]) <= 0.002 * then["inked"]


def test_the_bare_address_opens_a_drawn_dashboard_of_the_first_symbol(page, server):
    page.goto(server + "/")
    wait_for_draw(page, 0)

    first = get_json(server + "/api/symbols?limit=1000")[1]["data"][0]["symbol"]
    assert view_of(page.url) == {"symbol": first, "range": "1Y", "freq": "daily"}
    assert_drawn(chart_pixels(page))
    last = bars(server, first)[-1]
    shown = legend(page)
    assert shown["title"] == f"{first} {last['last_date']}"
    fields = ("open", "high", "low", "close", "volume")
    assert [number(shown["values"][k]) for k in "OHLCV"] == [last[field] for field in fields]
    screenshot(page, "01-default")


def test_picking_a_symbol_fetches_its_bars_and_redraws(page, server):
    count = open_dashboard(page, server, "?symbol=AAPL&range=1Y&freq=daily")
    before = chart_pixels(page)

    with page.expect_response(lambda r: "/api/time_series" in r.url and "symbol=MSFT" in r.url) as answer:
        page.get_by_label("Symbol", exact=True).select_option("MSFT")
    wait_for_draw(page, count)

    assert answer.value.status == 200
    after = chart_pixels(page)
    assert_drawn(after)
    assert after["hash"] != before["hash"]
    assert legend(page)["title"].startswith("MSFT ") and view_of(page.url)["symbol"] == "MSFT"
    screenshot(page, "02-symbol-msft")


def test_picking_a_range_shows_that_window_and_its_statistics(page, server, raw_sample):
    count = open_dashboard(page, server, "?symbol=IBM&range=1Y&freq=daily")
    before = chart_pixels(page)
    ibm = raw_sample[raw_sample.Ticker == "IBM"]
    last = ibm.Date.max().date()
    start = last - relativedelta(months=6) + timedelta(days=1)
    window = ibm[ibm.Date.dt.date >= start]  # the reference: the raw sample's rows in those 6 months

    first_day = window.Date.min().date().isoformat()
    with page.expect_response(lambda r: "/api/statistics" in r.url and f"start_date={first_day}" in r.url) as answer:
        page.get_by_role("button", name="6M", exact=True).click()
    wait_for_draw(page, count)

    assert answer.value.status == 200
    assert chart_pixels(page)["hash"] != before["hash"]
    card = stats_card(page)
    assert card["period"] == f"IBM, {first_day} to {last.isoformat()}"
    assert number(card["trading_days"]) == len(window)
    assert number(card["total_return"]) == pytest.approx(
        100 * (window.Close.iloc[-1] / window.Close.iloc[0] - 1), abs=0.005
    )
    assert number(card["max_close"]) == pytest.approx(window.Close.max(), abs=0.005)
    assert page.get_by_role("button", name="6M", exact=True).get_attribute("aria-pressed") == "true"
    assert view_of(page.url)["range"] == "6M"
    screenshot(page, "03-range-6m")


def test_picking_a_frequency_fetches_weekly_bars_and_redraws(page, server):
    count = open_dashboard(page, server, "?symbol=IBM&range=5Y&freq=daily")
    before = chart_pixels(page)

    with page.expect_response(lambda r: "/api/time_series" in r.url and "frequency=weekly" in r.url) as answer:
        page.get_by_label("Weekly", exact=True).check()
    wait_for_draw(page, count)

    assert answer.value.status == 200
    assert chart_pixels(page)["hash"] != before["hash"]
    week = bars(server, "IBM", "weekly")[-1]
    assert legend(page)["title"] == f"IBM {week['first_date']} to {week['last_date']}"
    assert number(legend(page)["values"]["V"]) == week["volume"]
    assert view_of(page.url)["freq"] == "weekly"
    screenshot(page, "04-frequency-weekly")


def test_an_overlay_fetches_its_indicator_draws_and_goes_away(page, server):
    count = open_dashboard(page, server, "?symbol=IBM&range=1Y&freq=daily")
    without = chart_pixels(page)

    with page.expect_response(lambda r: "/api/indicators" in r.url and "indicators=sma%3A50" in r.url) as answer:
        page.get_by_label("SMA", exact=True).check()
    count = wait_for_draw(page, count)

    assert answer.value.status == 200
    assert chart_pixels(page)["inked"] > without["inked"] + 500  # a line across the pane
    rows = answer.value.json()["data"]
    assert number(legend(page)["values"]["SMA 50"]) == pytest.approx(rows[-1]["sma_50"], abs=1e-4)
    assert view_of(page.url)["overlays"] == "sma:50"
    screenshot(page, "05-overlay-sma")

    fetched = []
    page.on("request", lambda request: "/api/indicators" in request.url and fetched.append(request.url))
    page.get_by_label("SMA", exact=True).uncheck()
    wait_for_draw(page, count)
    assert same_picture(chart_pixels(page), without)  # as before the overlay (antialiasing aside)
    assert fetched == [] and "overlays" not in view_of(page.url)


def test_the_legend_follows_the_crosshair(page, server):
    open_dashboard(page, server, "?symbol=AAPL&range=3M&freq=daily")
    by_date = {bar["period_start"]: bar for bar in bars(server, "AAPL")}
    box = page.locator("#chart").bounding_box()
    seen = [legend(page)["time"]]  # the last bar, while the pointer is elsewhere
    for share in (0.2, 0.5, 0.8):
        page.mouse.move(box["x"] + box["width"] * 0.85 * share, box["y"] + box["height"] * 0.35)
        page.wait_for_function("t => document.getElementById('legend').dataset.time !== t", arg=seen[-1])
        shown = legend(page)
        bar = by_date[shown["time"]]
        assert number(shown["values"]["C"]) == bar["close"] and number(shown["values"]["V"]) == bar["volume"]
        seen.append(shown["time"])
    screenshot(page, "06-crosshair")

    last, *crossed = seen
    assert last == max(by_date)
    assert crossed == sorted(crossed) and len(set(crossed)) == 3  # left to right is earlier to later
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 40)  # off the chart: back to the last bar
    page.wait_for_function("t => document.getElementById('legend').dataset.time === t", arg=last)


def test_weekends_and_holidays_leave_no_gap(page, server):
    open_dashboard(page, server, "?symbol=IBM&range=1M&freq=daily")
    box = page.locator("#chart").bounding_box()
    runs: dict[str, list[float]] = {}
    for step in range(0, int(box["width"] * 0.85), 6):  # sweep the price pane, several steps a bar
        page.mouse.move(box["x"] + step, box["y"] + box["height"] * 0.35)
        runs.setdefault(page.get_attribute("#legend", "data-time"), []).append(step)

    trading_days = [bar["period_start"] for bar in bars(server, "IBM")]
    dates = list(runs)
    assert dates == trading_days[trading_days.index(dates[0]) :][: len(dates)]  # every session, in order
    days = [date.fromisoformat(d) for d in dates]
    assert any((b - a).days > 1 for a, b in pairwise(days))  # the sweep crossed a weekend
    centres = [sum(xs) / len(xs) for xs in list(runs.values())[1:-1]]  # edge runs are cut by the pane
    spacing = [b - a for a, b in pairwise(centres)]
    assert max(spacing) - min(spacing) <= 6  # a Friday-to-Monday step is as wide as any other


def test_reloading_the_address_restores_the_view(page, server):
    count = open_dashboard(page, server, "?symbol=AAPL&range=1Y&freq=daily")
    page.get_by_label("Symbol", exact=True).select_option("GOOG")
    count = wait_for_draw(page, count)
    page.get_by_label("Monthly", exact=True).check()
    count = wait_for_draw(page, count)
    page.get_by_role("button", name="5Y", exact=True).click()
    count = wait_for_draw(page, count)
    page.get_by_label("Line", exact=True).check()
    count = wait_for_draw(page, count)
    page.get_by_label("EMA period", exact=True).fill("10")
    page.get_by_label("EMA", exact=True).check()
    wait_for_draw(page, count)
    url, pixels, shown, card = page.url, chart_pixels(page), legend(page), stats_card(page)

    page.reload()
    wait_for_draw(page, 0)

    assert view_of(url) == {"symbol": "GOOG", "range": "5Y", "freq": "monthly", "style": "line", "overlays": "ema:10"}
    assert page.url == url
    assert same_picture(chart_pixels(page), pixels)
    assert (legend(page), stats_card(page)) == (shown, card)
    assert page.get_by_label("EMA period", exact=True).input_value() == "10"
    assert all(page.get_by_label(name, exact=True).is_checked() for name in ("EMA", "Line", "Monthly"))
    assert draws(page) >= 1
    screenshot(page, "07-reloaded")
