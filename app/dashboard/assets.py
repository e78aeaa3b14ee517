"""Read what the page shows about its static files: the modules, the chart library's version and NOTICE."""

from __future__ import annotations

import functools
import re
from pathlib import Path

VENDOR = Path("vendor/lightweight-charts")
CHART_LIBRARY = VENDOR / "lightweight-charts.standalone.production.js"
SCRIPTS = Path("dashboard")  # the page's ES modules, under the static folder


@functools.cache
def modules(static_folder: str) -> tuple[str, ...]:
    """Return the page's modules, to preload at once instead of one import level at a time."""
    return tuple(sorted(f"{SCRIPTS}/{path.name}" for path in (Path(static_folder) / SCRIPTS).glob("*.js")))


@functools.cache
def chart_version(static_folder: str) -> str:
    """Return the vendored lightweight-charts version, read from its licence banner."""
    with open(Path(static_folder) / CHART_LIBRARY, encoding="utf-8") as bundle:
        banner = bundle.read(300)
    found = re.search(r"Lightweight Charts\S* v([0-9][0-9A-Za-z.\-]*)", banner)
    return found.group(1) if found else "(unknown version)"


@functools.cache
def notice(static_folder: str) -> tuple[str, str, str]:
    """Return the library's NOTICE as (title, copyright, link): its licence asks users to see it."""
    title, copyright_line = (Path(static_folder) / VENDOR / "NOTICE").read_text(encoding="utf-8").splitlines()[:2]
    link = re.search(r"https://\S+", copyright_line)
    url = link.group(0) if link else "https://www.tradingview.com/"
    return title.strip(), copyright_line.replace(url, "").strip(), url
