"""CSV imports on SQLite and MySQL: counts, bad rows, duplicates, one transaction, run log, summaries."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from financial.ingest import store
from financial.ingest.files import csv_import
from financial.ingest.files.csv_import import import_csv
from financial.ingest.files.sample import sample_path
from financial.models import FinancialData, IngestRun
from financial.storage import current_version, db

HEADER = "symbol,date,open,high,low,close,volume\n"


def write_csv(tmp_path, text: str, name="bars.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def run(app, path, **options):
    options = {"symbols": None, "since": None, "run_id": "run1", **options}
    with app.app_context():
        return import_csv(path=path, **options)


def rows_by_symbol(app) -> dict[str, int]:
    with app.app_context():
        stmt = select(FinancialData.symbol, func.count()).group_by(FinancialData.symbol)
        return dict(db.session.execute(stmt).all())


def version(app) -> int:
    with app.app_context():
        return current_version()


def counts(report) -> dict:
    return {o.symbol: (o.status, o.fetched, o.inserted, o.updated, o.unchanged, o.skipped) for o in report.outcomes}


def test_a_csv_loads_reruns_unchanged_and_records_each_run(app, tmp_path, client):
    days = [f"2024-01-{d:02d}" for d in range(2, 12)]
    text = HEADER + "".join(f"{s},{d},10,11,9,10.5,100\n" for s in ("IBM", "AAPL") for d in days)
    path = write_csv(tmp_path, text + "IBM,2024-01-12,N/A,1,1,1,1\n")
    report = run(app, path)
    assert counts(report) == {"AAPL": ("ok", 10, 10, 0, 0, 0), "IBM": ("ok", 11, 10, 0, 0, 1)}
    assert report.exit_code() == 0  # a skipped row does not fail its symbol
    assert rows_by_symbol(app) == {"IBM": 10, "AAPL": 10} and version(app) == 1
    assert client.get("/api/financial_data?limit=1").json["pagination"]["count"] == 20

    again = run(app, path, run_id="run2")
    assert counts(again) == {"AAPL": ("ok", 10, 0, 0, 10, 0), "IBM": ("ok", 11, 0, 0, 10, 1)}
    assert version(app) == 1  # nothing changed: caches stay valid
    with app.app_context():
        runs = db.session.execute(select(IngestRun).order_by(IngestRun.id)).scalars().all()
    assert [(r.run_id, r.symbol, r.status, r.rows_inserted, r.rows_unchanged, r.rows_skipped) for r in runs] == [
        ("run1", "AAPL", "ok", 10, 0, 0),
        ("run1", "IBM", "ok", 10, 0, 1),
        ("run2", "AAPL", "ok", 0, 10, 0),
        ("run2", "IBM", "ok", 0, 10, 1),
    ]
    assert all(r.source == "csv" and r.finished_at >= r.started_at for r in runs)


def test_a_repeated_day_is_stored_once_with_the_later_values(app, tmp_path):
    path = write_csv(tmp_path, HEADER + "IBM,2024-01-02,10,11,9,10.5,100\nIBM,2024-01-02,10,11,9,10.75,100\n")
    report = run(app, path)
    assert counts(report) == {"IBM": ("ok", 2, 1, 1, 0, 0)}
    with app.app_context():
        assert db.session.execute(select(FinancialData.close_price)).scalar_one() == Decimal("10.75")


def test_a_symbol_whose_rows_are_all_invalid_fails_and_others_are_stored(app, tmp_path):
    path = write_csv(tmp_path, HEADER + "IBM,2024-01-02,10,11,9,10.5,100\nBAD,2024-01-02,10,9,11,10,1\n")
    report = run(app, path)
    assert counts(report)["BAD"] == ("failed", 1, 0, 0, 0, 1)
    assert report.exit_code() == 1 and rows_by_symbol(app) == {"IBM": 1}


def test_a_named_symbol_absent_from_the_file_fails(app, tmp_path):
    path = write_csv(tmp_path, HEADER + "IBM,2024-01-02,10,11,9,10.5,100\n")
    report = run(app, path, symbols={"MSFT"})
    assert counts(report) == {"MSFT": ("failed", 0, 0, 0, 0, 0)}
    assert report.exit_code() == 2 and rows_by_symbol(app) == {}


def test_a_bad_header_is_a_configuration_error_with_nothing_written(app, tmp_path):
    report = run(app, write_csv(tmp_path, "when,price\n2024-01-02,1\n"), symbols={"IBM"})
    assert report.exit_code() == 2 and "lacks" in report.config_error
    assert rows_by_symbol(app) == {}


def test_a_database_failure_part_way_leaves_nothing_of_the_file(app, tmp_path, monkeypatch):
    text = HEADER + "".join(f"S{n},2024-01-02,10,11,9,10.5,100\n" for n in range(30))
    path = write_csv(tmp_path, text)
    real, calls = store.prepare_bars, []

    def refused():  # what a server refusing the third batch raises (the import catches DBAPIError)
        raise OperationalError("INSERT", {}, Exception("disk full"))

    def failing(*args, **kwargs):
        counts, send = real(*args, **kwargs)
        calls.append(1)
        return counts, (refused if len(calls) == 3 else send)

    monkeypatch.setattr(csv_import, "prepare_bars", failing)
    report = run(app, path, batch_rows=5)
    # On MySQL the third batch is written while the fourth is prepared: the failure surfaces then.
    assert len(calls) in (3, 4) and report.exit_code() == 2
    assert all(o.status == "failed" and "disk full" in o.error for o in report.outcomes)
    assert rows_by_symbol(app) == {} and version(app) == 0
    with app.app_context():
        statuses = db.session.execute(select(IngestRun.status)).scalars().all()
    assert statuses and set(statuses) == {"failed"}


def test_summaries_stay_exact_when_a_file_repeats_keys_across_batches(app, tmp_path, client):
    days = [f"2024-02-{d:02d}" for d in range(1, 29)]
    text = HEADER + "".join(f"{s},{d},10,11,9,10.5,{n}\n" for s in ("IBM", "MSFT") for n, d in enumerate(days))
    text += "IBM,2024-02-01,10,11,9,10.5,0\nIBM,2024-02-15,10,11,9,11.5,14\n"  # repeats, batches later
    run(app, write_csv(tmp_path, text), batch_rows=7)
    page = client.get("/api/financial_data?start_date=2024-02-10&end_date=2024-02-19&limit=3").json
    assert page["pagination"] == {"count": 20, "page": 1, "limit": 3, "pages": 7}
    stats = client.get("/api/statistics?symbol=IBM&start_date=2024-02-01&end_date=2024-02-29").json["data"]
    assert stats["average_daily_volume"] == round(sum(range(28)) / 28)
    assert stats["average_daily_close_price"] == 10.54  # (27 * 10.5 + 11.5) / 28, rounded half-up


def test_the_bundled_sample_loads_five_symbols(app):
    with sample_path() as path:
        report = run(app, path, symbols={"IBM", "AAPL"}, source="sample")
    assert counts(report)["IBM"] == ("ok", 3270, 3270, 0, 0, 0)
    assert rows_by_symbol(app) == {"IBM": 3270, "AAPL": 3270}
