"""Read the dashboard in the browser: its pixels, legend, statistics card and address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from tests.e2e.dashboard.live import ROOT, get_json, wait_for_draw

SCREENSHOTS = ROOT / "data" / "screenshots"


# Hash and count the chart's pixels: a drawn chart has many non-white ones, a redraw changes the hash.
CANVAS_PIXELS = """() => {
  let hash = 2166136261, inked = 0, canvases = 0;
  for (const canvas of document.querySelectorAll('#chart canvas')) {
    if (!canvas.width || !canvas.height) continue;
    canvases += 1;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      const value = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      if (data[i + 3] > 0 && value !== 0xffffff) inked += 1;
      hash = Math.imul(hash ^ value ^ data[i + 3], 16777619) >>> 0;
    }
  }
  return {canvases, inked, hash};
}"""


def chart_pixels(page) -> dict:
    """Return {canvases, inked, hash} over every canvas of the chart."""
    return page.evaluate(CANVAS_PIXELS)


def screenshot(page, name: str) -> Path:
    """Save a screenshot of the page under data/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_dashboard(page, base: str, query: str = "") -> int:
    """Load the dashboard at `query` and wait until it has drawn; return the redraw count."""
    page.goto(f"{base}/dashboard{query}")
    return wait_for_draw(page, 0)


def view_of(url: str) -> dict[str, str]:
    """Return the query of a dashboard URL as a dict."""
    return dict(parse_qsl(urlsplit(url).query))


def bars(base: str, symbol: str, freq: str = "daily") -> list[dict]:
    """Return every bar of the symbol at `freq`, as the API gives them."""
    records, page_number = [], 1
    while True:
        query = f"symbol={symbol}&frequency={freq}&limit=5000&page={page_number}"
        status, body = get_json(f"{base}/api/time_series?{query}")
        assert status == 200, body
        records += body["data"]
        if page_number >= body["pagination"]["pages"]:
            return records
        page_number += 1


LEGEND = """() => ({
  title: document.querySelector('#legend [data-legend=title]').textContent,
  time: document.getElementById('legend').dataset.time,
  values: Object.fromEntries([...document.querySelectorAll('#legend .pair')].map(
    pair => [pair.querySelector('.pair-label').textContent, pair.querySelector('.pair-value').textContent])),
})"""


def legend(page) -> dict:
    """Return the legend: {title, time, values: {label: text}}."""
    return page.evaluate(LEGEND)


def number(text: str) -> float:
    """Read a number as the page writes it (1,234.50, -12.08%)."""
    return float(text.replace(",", "").replace("%", ""))


def stats_card(page) -> dict[str, str]:
    """Wait for the statistics card to settle; return it as {metric key: shown text} and its period."""
    page.wait_for_selector("#stats[data-state=ready]")
    shown = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#stats dd')]"
        ".map(d => [d.dataset.metric, d.textContent]))"
    )
    return {"period": page.text_content("#stats [data-stats=period]"), **shown}
