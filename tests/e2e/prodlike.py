"""Run the production topology natively on 127.0.0.1 and drill it (`make prodlike`).

MariaDB, Redis, a fake Alpha Vantage, two gunicorn app instances and Debian's nginx with
conf/nginx.conf, all private to this run on free ports. Then, through nginx only: ingest, read
back, HTTP caching, edge limits, failover of one instance and a database outage. Everything it
starts, it stops, also on Ctrl-C. Exit code 0 when every check passed, 1 when one failed, 2
when the topology could not start, 130 when interrupted. Logs of a failed run are kept.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import sys
import tempfile
import traceback
from pathlib import Path

from tests.e2e import prodlike_data, prodlike_ops
from tests.e2e.prodlike_procs import ROOT, DrillError
from tests.e2e.prodlike_report import Report, fail_setup
from tests.e2e.prodlike_stack import Stack, start_stack

RUNS = ROOT / "data" / "prodlike"


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def drill(stack: Stack, report: Report) -> None:
    """Run every check against a started stack, through nginx only."""
    have_data = prodlike_data.ingest(stack, report)
    if have_data:
        prodlike_data.read_back(stack, report)
    cached_path = prodlike_data.http_caching(stack, report, have_data=have_data)
    prodlike_data.docs(stack, report)
    prodlike_ops.edge_limits(stack, report, cached_path)
    prodlike_ops.balancing_and_failover(stack, report)
    prodlike_ops.database_outage(stack, report, cached_path)
    prodlike_ops.logs(stack, report)


def _show_logs(home, report: Report) -> None:
    for log in sorted(home.rglob("*.log")):
        lines = log.read_text(errors="replace").splitlines()[-8:]
        if lines:
            report.say(f"   --- last lines of {log.relative_to(home)}")
            for line in lines:
                report.say(f"   | {line}")


def main() -> int:
    """Start the stack, drill it, stop everything; return the exit code."""
    signal.signal(signal.SIGTERM, _interrupt)
    RUNS.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="run-", dir=RUNS))
    report = Report()
    report.say(f"prod-like drill: logs and private data under {home}")
    code = 0
    try:
        with contextlib.ExitStack() as cleanup:
            try:
                stack = start_stack(home, report, cleanup)
                drill(stack, report)
            except DrillError as exc:
                code = fail_setup(report, str(exc))
            except Exception:  # a crashed check is a failed drill; cleanup still runs
                traceback.print_exc()
                report.check("the drill ran to the end", False, "unexpected error (traceback above)")
            finally:
                # A second Ctrl-C must not abandon half-stopped servers.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                report.step("stop everything the drill started")
        report.say("   all processes stopped")
    except KeyboardInterrupt:
        report.say("   all processes stopped")
        report.say(f"\ninterrupted; every process the drill started was stopped; logs in {home}")
        return 130
    finally:
        shutil.rmtree(home / "mariadb" / "data", ignore_errors=True)  # tens of MB; the logs are what matter
    code = code or report.summary()
    if code == 0:
        shutil.rmtree(home, ignore_errors=True)
    else:
        _show_logs(home, report)
        report.say(f"logs kept in {home}")
    return code


if __name__ == "__main__":
    sys.exit(main())
