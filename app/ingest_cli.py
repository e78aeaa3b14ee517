"""Word an ingestion for get_raw_data.py: refusals, the window, the opening line and the summary table."""

from __future__ import annotations

from financial.ingest import FAILED, NOT_FETCHED, OK, Mode, Plan, Problem, Refused, RunReport, Window

NO_KEY = (
    "ALPHAVANTAGE_API_KEY is not set, so there is nothing to fetch from. Put it in .env (never committed)"
    " or the environment, or point ALPHAVANTAGE_API_KEY_FILE at a file holding it. Get a free key at"
    " https://www.alphavantage.co/support/#api-key. Without a key, --from-csv PATH loads a CSV file and"
    " --sample-if-no-key loads the bundled sample data."
)
SAMPLE_NOTE = (
    "SAMPLE DATA, not live prices: no ALPHAVANTAGE_API_KEY is set, so the public-domain daily prices shipped"
    " in the bokeh-sampledata package (AAPL, MSFT, IBM, GOOG, FB, 2000-2013) were loaded instead."
    " Set ALPHAVANTAGE_API_KEY and run get_raw_data.py again to fetch live data."
)
HINTS = {Problem.CSV_NEEDS_SYMBOL: "name its symbol with --symbol"}
COLUMNS = ("symbol", "endpoint", "fetched", "inserted", "updated", "unchanged", "skipped", "error")


def explain(refused: Refused) -> str:
    """Return why the request cannot run, naming the option or setting to change."""
    texts = {
        Problem.NO_API_KEY: NO_KEY,
        Problem.NO_CSV_FILE: f"--from-csv: no such file: {refused.detail}",
        Problem.BAD_SYMBOLS: f"SYMBOLS: {refused.detail}",
        Problem.NO_SAMPLE: f"no sample data: {refused.detail}",
    }
    return texts.get(refused.problem, str(refused))


def describe(window: Window) -> str:
    """Return the window in words, naming the option that chose it."""
    if window.full:
        return "every row returned (--full)"
    if window.since is not None:
        return f"rows on or after {window.since.isoformat()}"
    return f"rows within {window.days} calendar days before the last refreshed day"


def opening(plan: Plan) -> str:
    """Return the progress line that says what the run is about to do."""
    if plan.mode is Mode.CSV:
        return f"loading {plan.request.csv_path}"
    if plan.mode is Mode.SAMPLE:
        return SAMPLE_NOTE
    if plan.mode is Mode.INTRADAY:
        choice = plan.request.intraday
        return f"fetching {choice.interval} bars of {', '.join(plan.symbols)} from Alpha Vantage ({choice.describe()})"
    return f"fetching {', '.join(plan.symbols)} from Alpha Vantage: {describe(plan.request.window)}"


def table(report: RunReport) -> str:
    """Return the per-symbol summary as an aligned text table."""
    cells = [COLUMNS]
    for item in report.outcomes:
        error = item.error or ("" if item.status == OK else item.status)
        if item.status == NOT_FETCHED and item.error:
            error = f"not fetched: {item.error}"
        numbers = (item.fetched, item.inserted, item.updated, item.unchanged, item.skipped)
        cells.append((item.symbol, item.endpoint or "-", *map(str, numbers), error))
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in cells:
        left, right = row[:2], row[2:-1]
        parts = [text.ljust(widths[i]) for i, text in enumerate(left)]
        parts += [text.rjust(widths[i + 2]) for i, text in enumerate(right)]
        lines.append("  ".join([*parts, row[-1]]).rstrip())
    return "\n".join(lines)


def skipped_reasons(report: RunReport) -> list[str]:
    """Return one line per symbol that skipped rows, with the reasons and their counts."""
    lines = []
    for item in report.outcomes:
        if item.skip_reasons:
            reasons = ", ".join(f"{reason}: {count}" for reason, count in item.skip_reasons.most_common())
            lines.append(f"{item.symbol} skipped {item.skipped} row(s) ({reasons})")
    return lines


def render(report: RunReport, *, plan: Plan | None = None) -> str:
    """Return the full summary: the table, totals, skipped-row reasons, the error and the notes."""
    totals = report.totals()
    head = (
        f"run {report.run_id}: {totals[OK]} stored, {totals[FAILED]} failed, {totals[NOT_FETCHED]} not fetched;"
        f" {totals['changed']} row(s) written"
    )
    side = report.totals(side=True)
    if any(side[status] for status in (OK, FAILED, NOT_FETCHED)):
        head += (
            f"; corporate actions: {side[OK]} stored, {side[FAILED]} failed,"
            f" {side[NOT_FETCHED]} not fetched, {side['changed']} row(s) written"
        )
    if report.requests_sent is not None:
        head += f"; {report.requests_sent} request(s) to Alpha Vantage"
    lines = [table(report), "", head, *skipped_reasons(report)]
    lines += [f"warning: {warning}" for warning in report.warnings]
    if report.config_error:
        hint = HINTS.get(report.problem)
        lines.append(f"error: {report.config_error}" + (f": {hint}" if hint else ""))
    notes = [*report.notes, *([SAMPLE_NOTE] if plan is not None and plan.mode is Mode.SAMPLE else [])]
    lines += [f"note: {note}" for note in notes]
    return "\n".join(lines)
