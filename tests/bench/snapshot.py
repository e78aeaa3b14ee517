"""Benchmark a committed version of the service instead of the (possibly half-edited) working tree."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.bench import server

ROOT = Path(__file__).resolve().parents[2]
SERVICE = ("app", "financial", "lib", "conf")  # what the server runs; the harness stays the working tree's


def commit_of(ref: str) -> str:
    """Return the full commit id `ref` names, or exit with git's message."""
    found = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT, capture_output=True, text=True
    )
    if found.returncode != 0:
        raise SystemExit(f"--code {ref}: {found.stderr.strip()}")
    return found.stdout.strip()


def use_commit(ref: str, out: Path) -> str:
    """Extract the service folders of `ref` under `out` (git archive, read-only) and run everything from there."""
    commit = commit_of(ref)
    target = out / f"src-{commit[:12]}"
    if not (target / "app").is_dir():
        archive = subprocess.run(["git", "archive", "--format=tar", commit, *SERVICE], cwd=ROOT, capture_output=True)
        if archive.returncode != 0:
            raise SystemExit(f"git archive {commit[:12]} failed: {archive.stderr.decode().strip()}")
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(target, filter="data")
    _prune(out, keep=target)
    sys.path.insert(0, str(target))  # this process (migrations, EXPLAIN) imports the snapshot's app
    for name in [m for m in sys.modules if m.split(".")[0] in ("app", "financial", "lib")]:
        del sys.modules[name]
    server.SERVICE_ROOT = target  # gunicorn runs from the snapshot
    return commit


def _prune(out: Path, *, keep: Path, newest: int = 3) -> None:
    """Remove older snapshot folders, keeping `keep` and the `newest` most recently used."""
    keep.touch()
    folders = sorted(out.glob("src-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in folders[newest:]:
        if folder != keep:
            shutil.rmtree(folder, ignore_errors=True)
