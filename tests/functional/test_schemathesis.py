"""schemathesis against /api/swagger.json: no 5xx and every answer matches the document, in each AUTH_MODE."""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lib.dialect import is_sqlite
from tests.conftest import price_row
from tests.functional.access_support import access_app, basic, close_app

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PASSWORD = "correct horse battery staple"
# Examples per operation and generation mode. About a dozen operations, some without parameters:
# AUTH_MODE=none on SQLite sends over 1,000 requests; MySQL and the credential modes fewer, for time.
EXAMPLES = {("none", "sqlite"): 60, ("none", "mysql"): 20, ("key", "sqlite"): 6, ("key", "mysql"): 4}
EXAMPLES |= {("basic", backend): count for (mode, backend), count in EXAMPLES.items() if mode == "key"}
AT_LEAST = {("none", "sqlite"): 1000}


def sample_rows() -> list[dict]:
    """Return a few weeks of bars for two symbols, so generated queries find data."""
    days = [f"2024-01-{day:02d}" for day in range(2, 31) if day not in (6, 7, 13, 14, 20, 21, 27, 28)]
    return [price_row(symbol, day, close=f"{100 + i}.25") for symbol in ("IBM", "AAPL") for i, day in enumerate(days)]


def credentials(app, mode: str) -> dict:
    """Create a credential for `mode` through the CLI; return the headers that send it."""
    runner = app.test_cli_runner()
    if mode == "key":
        return {"X-API-Key": runner.invoke(args=["keys", "create", "schemathesis"]).stdout.strip()}
    if mode == "basic":
        runner.invoke(args=["users", "add", "schemathesis"], input=PASSWORD + "\n")
        return basic("schemathesis", PASSWORD)
    return {}


MODES = (
    (GenerationMode.POSITIVE, CONFORMANCE),
    # Invalid input too must get a documented answer and never a 5xx. (negative_data_rejection, which
    # also demands a 4xx for every invalid request, is left out: repeated parameters are accepted.)
    (GenerationMode.NEGATIVE, CONFORMANCE),
)


def exercise(schema, headers: dict, examples: int, failures: list[str]) -> int:
    """Run every operation's positive and negative cases; return how many requests were sent.

    Each operation and mode that fails adds its label and schemathesis's report to `failures`.
    """
    sent = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, checks in MODES:
            try:
                sent += run_cases(operation, mode, checks, headers=headers, examples=examples)
            except Unsatisfiable:  # an operation without parameters has no invalid request to make
                assert mode == GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as failure:  # reported after every operation has run
                failures.append(f"{operation.label} ({mode.value}): {str(failure)[:1500]}")
    return sent


def run_cases(operation, mode, checks, *, headers: dict, examples: int) -> int:
    """Send up to `examples` generated requests to `operation` and validate each answer; return the count."""
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal sent
        sent += 1
        case.call_and_validate(headers=headers, checks=checks)

    run()
    return sent


@pytest.mark.parametrize("mode", ["none", "key", "basic"])
def test_generated_requests_get_no_5xx_and_documented_answers(database_url, insert_prices_into, mode, capsys):
    app = access_app(database_url, AUTH_MODE=mode, RATE_LIMIT="off")
    try:
        insert_prices_into(app, sample_rows())
        headers = credentials(app, mode)
        schema = schemathesis.openapi.from_wsgi("/api/swagger.json", app)
        started, failures = time.perf_counter(), []
        backend = "sqlite" if is_sqlite(database_url) else "mysql"
        sent = exercise(schema, headers, EXAMPLES[mode, backend], failures)
        if mode != "none":  # the same operations without a credential: documented 401s
            sent += exercise(schema, {}, 2, failures)
        seconds = time.perf_counter() - started
    finally:
        close_app(app)
    with capsys.disabled():
        print(f"\nschemathesis AUTH_MODE={mode} on {backend}: {sent} requests in {seconds:.1f} s")
    assert not failures, "\n\n".join(failures)
    assert sent >= AT_LEAST.get((mode, backend), 50)


@pytest.fixture
def insert_prices_into():
    from financial.models import FinancialData
    from financial.storage import bump_version, db
    from financial.storage.summaries import rebuild

    def insert(app, rows):
        with app.app_context():
            db.session.add_all(FinancialData(**row) for row in rows)
            db.session.flush()
            rebuild(db.session.connection())
            bump_version()
            db.session.commit()

    return insert
