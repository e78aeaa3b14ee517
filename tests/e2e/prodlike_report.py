"""Print the drill's step-by-step log and remember what failed or is pending."""

from __future__ import annotations

import sys
import time


class Report:
    """Collect checks; each one prints a line as it happens."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.failures: list[str] = []
        self.pending: list[str] = []
        self.passed = 0

    def elapsed(self) -> float:
        """Return seconds since the drill started."""
        return time.monotonic() - self.started

    def say(self, text: str) -> None:
        """Print one line of the log at once (CI shows it live)."""
        print(text, flush=True)

    def step(self, title: str) -> None:
        """Announce the next step."""
        self.say(f"\n[{self.elapsed():5.1f}s] == {title}")

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        """Record one check; `detail` explains a failure (or adds a number to a pass)."""
        if ok:
            self.passed += 1
            self.say(f"   ok       {name}" + (f" ({detail})" if detail else ""))
        else:
            self.failures.append(name)
            self.say(f"   FAIL     {name}" + (f": {detail}" if detail else ""))
        return ok

    def mark_pending(self, name: str, why: str) -> None:
        """Record a step that cannot run yet (a teammate's part has not landed)."""
        self.pending.append(name)
        self.say(f"   PENDING  {name}: {why}")

    def summary(self) -> int:
        """Print the verdict and return the exit code: 0 when no check failed."""
        self.say(f"\n[{self.elapsed():5.1f}s] == summary")
        self.say(f"   {self.passed} checks passed, {len(self.failures)} failed, {len(self.pending)} pending")
        for name in self.failures:
            self.say(f"   failed:  {name}")
        for name in self.pending:
            self.say(f"   pending: {name}")
        self.say("PRODLIKE " + ("FAILED" if self.failures else "PASSED"))
        return 1 if self.failures else 0


def fail_setup(report: Report, message: str) -> int:
    """Report a setup failure (something could not start) and return exit code 2."""
    report.failures.append(f"setup: {message}")
    print(f"   ERROR    {message}", file=sys.stderr, flush=True)
    report.summary()
    return 2
