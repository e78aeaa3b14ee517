"""Word the plan of a run for `get_raw_data.py --plan`: what it would fetch with the budget left."""

from __future__ import annotations

from datetime import datetime

from financial.quota import ACTIONS, Plan

PROBE_REASONS = {
    "TIME_SERIES_DAILY_ADJUSTED": "ALPHAVANTAGE_FUNCTION=auto asks TIME_SERIES_DAILY_ADJUSTED first",
    "TIME_SERIES_DAILY": "--full asks outputsize=full first",
}


def _probe_note(symbol: str, probes: tuple[str, ...], function: str) -> str:
    """Say why the first daily symbol's plan holds more calls than its bars need."""
    reasons = "; ".join(PROBE_REASONS.get(probe, probe) for probe in probes)
    calls = "call counts the premium refusal" if len(probes) == 1 else f"{len(probes)} calls count the premium refusals"
    return (
        f"note: {symbol}'s first {calls} ({', '.join(probes)}) a key not known to be premium gets ({reasons};"
        f" the call ledger holds no TIME_SERIES_DAILY_ADJUSTED success); the run then uses {function} for every symbol"
    )


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") + "Z" if moment else "never"


def render_plan(plan: Plan) -> str:
    """Return the plan as lines: the budget, then each symbol's calls, stalest first, and what is left out."""
    lines = [
        f"daily budget {plan.limit}: {plan.spent} call(s) made today (US/Eastern), {plan.left} left;"
        f" this run would make {plan.calls}"
    ]
    for item in plan.symbols:
        fetched = ", ".join(item.fetched) or "nothing"
        seen = f"last fetched {_when(item.last_fetched)}"
        if set(ACTIONS) <= set(item.functions) and any(name not in ACTIONS for name in item.functions):
            seen += f"; actions last fetched {_when(item.actions_fetched)}"
        line = f"  {item.symbol}: {fetched} ({seen})"
        if item.left_out:
            line += f"; not fetched, daily budget spent: {', '.join(item.left_out)}"
        lines.append(line)
    if not plan.symbols:
        lines.append("  nothing to fetch")
    first = next(
        (item for item in plan.symbols if plan.probes and item.functions[: len(plan.probes)] == plan.probes), None
    )
    if first is not None:
        function = first.functions[len(plan.probes)]
        lines.append(_probe_note(first.symbol, plan.probes, function))
    return "\n".join(lines)
