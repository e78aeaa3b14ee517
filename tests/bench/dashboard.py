"""Time the dashboard in Chromium: 5,000 daily candles with volume and three overlays.

`make bench-dashboard` runs it. It reports, never asserts:
- navigation to a drawn chart (target 500 ms), from the page's own performance marks;
- a range change to the redraw (target 100 ms), from the click to the frame after the redraw;
- a frequency switch to intraday bars and back (issue 15): a week of 1min bars (4,800, five pages
  of /api/intraday), 30min bars built from them, then daily again with its overlays; no target of
  its own, shown against the navigation's.
Wall times grow with the machine's load, so it also reports the renderer's main-thread CPU time
for the navigation (Chrome's ThreadTime, in thread ticks), which other processes barely change.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

from tests.bench.noise import load_average
from tests.e2e.dashboard.intraday_seed import seed_intraday
from tests.e2e.dashboard.live import ROOT, launch_chromium, live_server, load_csv, wait_for_draw
from tests.intraday_support import day_rows
from tests.systools import MissingProgram, require

SYMBOL = "BENCH"
BARS = 5_000
OVERLAYS = "sma:50,ema:20,bollinger:20:2"
TARGETS_MS = {"navigation": 500.0, "range": 100.0}
RANGES = ["1Y", "All", "1M", "5Y", "6M", "All", "YTD", "3M"]
INTRADAY_DAYS = [date(2024, 3, 4) + timedelta(days=n) for n in range(5)]  # Monday to Friday
INTRADAY_HOURS = {"first": clock(4), "last": clock(19, 59)}  # Alpha Vantage's extended hours: 960 bars a day
SWITCHES = [("1min", "daily -> 1min"), ("30min", "1min -> 30min"), ("daily", "30min -> daily")]
OUT = ROOT / "data" / "bench" / "dashboard.json"


def write_bars(path: Path, count: int = BARS) -> tuple[str, str]:
    """Write `count` weekday bars of a seeded random walk to a CSV; return its first and last date."""
    rng = random.Random(5000)
    day, close, lines = date(2006, 1, 2), 50.0, ["date,open,high,low,close,volume"]
    while len(lines) <= count:
        if day.weekday() < 5:
            open_ = max(1.0, close * (1 + rng.gauss(0, 0.004)))
            close = max(1.0, open_ * (1 + rng.gauss(0.0003, 0.015)))
            high, low = max(open_, close) * (1 + rng.random() * 0.01), min(open_, close) * (1 - rng.random() * 0.01)
            lines.append(f"{day},{open_:.2f},{high:.2f},{low:.2f},{close:.2f},{rng.randint(100_000, 9_000_000)}")
        day += timedelta(days=1)
    path.write_text("\n".join(lines) + "\n")
    return lines[1].split(",")[0], lines[-1].split(",")[0]


def _thread_ms(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return 1000 * metrics["ThreadTime"]


def navigation_ms(browser, url: str) -> dict:
    """Open `url` in a fresh context (empty HTTP cache); return the page's own timings in ms."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    before = _thread_ms(cdp)
    page.goto(url)
    wait_for_draw(page, 0, timeout_ms=60_000)
    cpu = _thread_ms(cdp) - before
    timings = page.evaluate(
        """() => {
          const drawn = performance.getEntriesByName('dashboard:view-drawn')[0].startTime;
          const api = performance.getEntriesByType('resource').filter(r => r.name.includes('/api/'));
          const data = api.filter(r => /time_series|indicators/.test(r.name));
          return {drawn, api_done: Math.max(...data.map(r => r.responseEnd)),
                  bytes: data.reduce((sum, r) => sum + r.transferSize, 0)};
        }"""
    )
    context.close()
    return {**timings, "cpu": cpu}


def range_ms(browser, url: str) -> list[float]:
    """Click through the range buttons; return each click-to-redraw time in ms."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    count = wait_for_draw(page, 0, timeout_ms=60_000)
    for name in RANGES * 3:
        page.get_by_role("button", name=name, exact=True).click()
        count = wait_for_draw(page, count)
    measured = page.evaluate("performance.getEntriesByName('dashboard:range').map(m => m.duration)")
    context.close()
    return measured


def write_intraday(url: str) -> int:
    """Store a week of 1min bars of the extended session for SYMBOL; return how many."""
    rows = [row for day in INTRADAY_DAYS for row in day_rows(day, step=1, **INTRADAY_HOURS)]
    seed_intraday(url, rows, symbol=SYMBOL, interval="1min")
    return len(rows)


# Click a frequency radio from the page itself, so the time starts at the click and not at Playwright's round trip.
CLICK = "id => { const t = performance.now(); document.getElementById(id).click(); return t; }"
DRAWN = "() => performance.getEntriesByName('dashboard:view-drawn').at(-1).startTime"


def switch_ms(browser, url: str, rounds: int) -> dict[str, list[float]]:
    """Switch daily -> 1min -> 30min -> daily `rounds` times; return each switch's click-to-redraw times."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    count = wait_for_draw(page, 0, timeout_ms=60_000)
    measured: dict[str, list[float]] = {label: [] for _, label in SWITCHES}
    for _ in range(rounds):
        for freq, label in SWITCHES:
            start = page.evaluate(CLICK, f"freq-{freq}")
            count = wait_for_draw(page, count, timeout_ms=60_000)
            measured[label].append(page.evaluate(DRAWN) - start)
    context.close()
    return measured


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "runs": len(values),
        "median": statistics.median(values),
        "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
        "min": ordered[0],
        "max": ordered[-1],
    }


def report(results: dict) -> str:
    lines = [
        f"dashboard benchmark: {BARS:,} daily candles + volume + {OVERLAYS}, Chromium headless,"
        f" load average {results['load_average']:.1f}",
        f"{'measure':<28}{'median':>9}{'p90':>9}{'min':>9}{'max':>9}{'target':>9}{'median/target':>15}",
    ]
    for name, label in (("navigation", "navigation -> drawn chart"), ("range", "range change -> redraw")):
        row, target = results[name], TARGETS_MS[name]
        cells = "".join(f"{row[key]:>7.0f}ms" for key in ("median", "p90", "min", "max"))
        lines.append(f"{label:<28}{cells}{target:>7.0f}ms{row['median'] / target:>15.2f}")
    api = results["api_done"]
    lines.append(
        f"of the navigation: API answers complete at {api['median']:.0f} ms (median); drawing after them takes"
        f" {results['navigation']['median'] - api['median']:.0f} ms; {results['api_bytes'] / 1e6:.2f} MB of JSON"
    )
    lines.append(
        f"renderer main-thread CPU per navigation: {results['cpu']['median']:.0f} ms (median; the part load does not"
        f" inflate, {results['cpu']['median'] / TARGETS_MS['navigation']:.2f} of the target)"
    )
    lines.append(f"first navigation (server memo cold): {results['cold_ms']:.0f} ms")
    lines.append(
        f"frequency switches ({results['intraday_bars']:,} 1min bars over {len(INTRADAY_DAYS)} days stored;"
        f" against the navigation's {TARGETS_MS['navigation']:.0f} ms):"
    )
    for _, label in SWITCHES:
        row = results["switch"][label]
        cells = "".join(f"{row[key]:>7.0f}ms" for key in ("median", "p90", "min", "max"))
        lines.append(f"  {label:<26}{cells}{'':>9}{row['median'] / TARGETS_MS['navigation']:>15.2f}")
    return "\n".join(lines)


def run(runs: int, switches: int) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = require("chromium")
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        write_bars(Path(tmp) / "bench.csv")
        load_csv(url, Path(tmp) / "bench.csv", SYMBOL)
        intraday_bars = write_intraday(url)
        # One client asking hundreds of times a minute: the default rate limit would refuse it.
        with live_server(url, RATE_LIMIT="off") as base, sync_playwright() as playwright:
            browser = launch_chromium(playwright, chromium)
            page_url = f"{base}/dashboard?symbol={SYMBOL}&range=All&freq=daily&overlays={OVERLAYS}"
            cold = navigation_ms(browser, page_url)
            warm = [navigation_ms(browser, page_url) for _ in range(runs)]
            ranges = range_ms(browser, page_url)
            switched = switch_ms(browser, page_url, switches)
            browser.close()
    return {
        "bars": BARS,
        "overlays": OVERLAYS,
        "load_average": load_average(),
        "cold_ms": cold["drawn"],
        "navigation": summary([t["drawn"] for t in warm]),
        "api_done": summary([t["api_done"] for t in warm]),
        "cpu": summary([t["cpu"] for t in warm]),
        "api_bytes": warm[-1]["bytes"],
        "range": summary(ranges),
        "intraday_bars": intraday_bars,
        "switch": {label: summary(times) for label, times in switched.items()},
        "targets_ms": TARGETS_MS,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="warm navigations to time (default 9)")
    parser.add_argument("--switches", type=int, default=5, help="rounds of frequency switches to time (default 5)")
    args = parser.parse_args(argv)
    try:
        results = run(args.runs, args.switches)
    except MissingProgram as missing:
        print(f"bench-dashboard: {missing}", file=sys.stderr)
        return 2
    print(report(results))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"saved {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
