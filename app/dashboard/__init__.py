"""Serve the browser dashboard: `/` redirects to `/dashboard`, one page with static JS and CSS."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, redirect, render_template, url_for

from app.dashboard.assets import chart_version, modules, notice

bp = Blueprint("dashboard", __name__, template_folder="templates")

# The controls the page offers; app/static/dashboard/state.js gives them their meaning.
RANGES = ("1M", "3M", "6M", "YTD", "1Y", "5Y", "All")
FREQUENCIES = ("daily", "weekly", "monthly")


@bp.get("/")
def root():
    """Send visitors of the bare address to the dashboard."""
    return redirect(url_for("dashboard.page"))


@bp.get("/dashboard")
def page():
    """Render the dashboard; its script reads the JSON API from the browser."""
    static = current_app.static_folder
    return render_template(
        "dashboard/index.html",
        api_root="/api",
        api_docs="/api/docs",
        ranges=RANGES,
        frequencies=FREQUENCIES,
        modules=modules(static),
        chart_version=chart_version(static),
        notice=notice(static),
    )


def init_app(app: Flask) -> None:
    """Register the dashboard's routes on `app`."""
    app.register_blueprint(bp)
