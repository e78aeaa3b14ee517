"""The dashboard is usable from the keyboard, labelled, readable, and needs no inline code."""

from __future__ import annotations

import re

from tests.e2e.dashboard.live import wait_for_draw
from tests.e2e.dashboard.reading import chart_pixels, open_dashboard, view_of

CONTROLS = [
    ("combobox", "Symbol"),
    *[("button", name) for name in ("1M", "3M", "6M", "YTD", "1Y", "5Y", "All")],
    *[("radio", name) for name in ("Daily", "Weekly", "Monthly", "Candles", "Line")],
    *[("checkbox", name) for name in ("SMA", "EMA", "Bollinger")],
    *[("spinbutton", name) for name in ("SMA period", "EMA period", "Bollinger period")],
    ("spinbutton", "Bollinger width in standard deviations"),
]


def test_every_control_has_a_name_and_the_tab_key_reaches_it(page, server):
    open_dashboard(page, server, "?symbol=IBM")
    controls = [page.get_by_role(role, name=name, exact=True) for role, name in CONTROLS]
    assert all(control.count() == 1 for control in controls)

    reached = set()
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    wanted = {control.evaluate("e => e.id || e.textContent.trim()") for control in controls}
    # One radio of a group takes the Tab stop (the checked one); the arrow keys move within it.
    wanted -= {"freq-weekly", "freq-monthly", "style-line"}
    assert wanted <= reached, wanted - reached


def test_the_keyboard_alone_changes_the_range_and_the_frequency(page, server):
    count = open_dashboard(page, server, "?symbol=IBM&range=1Y&freq=daily")

    page.get_by_role("button", name="3M", exact=True).focus()
    page.keyboard.press("Enter")
    count = wait_for_draw(page, count)
    assert view_of(page.url)["range"] == "3M"

    page.get_by_role("radio", name="Daily", exact=True).focus()
    with page.expect_response(lambda r: "/api/time_series" in r.url and "frequency=weekly" in r.url):
        page.keyboard.press("ArrowRight")
    wait_for_draw(page, count)
    assert view_of(page.url)["freq"] == "weekly"


# For each element with its own text: the WCAG contrast ratio of its colour on the first opaque
# background behind it (text of 24 px, or 18.66 px bold, is "large" and needs 3:1, else 4.5:1).
CONTRAST = """() => {
  const rgb = s => s.match(/[0-9.]+/g).map(Number);
  const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest('.sr-only, [hidden]')) continue;
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({text: el.textContent.trim().slice(0, 30), ratio: Math.round(ratio * 100) / 100, needed: large ? 3 : 4.5});
  }
  return out;
}"""


def test_all_text_has_readable_contrast(page, server):
    open_dashboard(page, server, "?symbol=IBM&overlays=sma:50")
    page.wait_for_selector("#stats[data-state=ready]")

    measured = page.evaluate(CONTRAST)
    assert len(measured) > 40  # labels, buttons, legend, statistics, footer
    assert [m for m in measured if m["ratio"] < m["needed"]] == []


INLINE = r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)|javascript:"  # what a strict CSP refuses
STRICT_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'"
VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


def test_the_page_runs_under_a_policy_that_allows_only_its_own_scripts_and_styles(page, server):
    served = []

    def strict(route):
        response = route.fetch()
        served.append(response.text())
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_POLICY})

    page.route("**/dashboard?*", strict)
    page.add_init_script(VIOLATIONS)
    count = open_dashboard(page, server, "?symbol=AAPL&overlays=sma:50,ema:20,bollinger:20:2")
    page.get_by_role("radio", name="Line", exact=True).check()
    count = wait_for_draw(page, count)
    page.get_by_role("radio", name="Weekly", exact=True).check()
    wait_for_draw(page, count)

    assert page.evaluate("window.__violations") == []
    assert chart_pixels(page)["inked"] > 5_000
    assert served and all(re.search(INLINE, html, re.IGNORECASE) is None for html in served)
