"""Word the plan of a run for `get_raw_data.py --plan`: what it would fetch with the budget left."""

from __future__ import annotations

from financial.quota import Plan


def render_plan(plan: Plan) -> str:
    """Return the plan as lines: the budget, then each symbol's calls, stalest first, and what is left out."""
    lines = [
        f"daily budget {plan.limit}: {plan.spent} call(s) made today (US/Eastern), {plan.left} left;"
        f" this run would make {plan.calls}"
    ]
    for item in plan.symbols:
        seen = item.last_fetched.isoformat(timespec="seconds") + "Z" if item.last_fetched else "never"
        fetched = ", ".join(item.fetched) or "nothing"
        line = f"  {item.symbol}: {fetched} (last fetched {seen})"
        if item.left_out:
            line += f"; not fetched, daily budget spent: {', '.join(item.left_out)}"
        lines.append(line)
    if not plan.symbols:
        lines.append("  nothing to fetch")
    return "\n".join(lines)
