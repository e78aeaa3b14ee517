"""Every variable the settings and gunicorn read is in .env.example, each under one comment line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = (ROOT / "app" / "config.py", ROOT / "conf" / "gunicorn.conf.py")
NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\Z", re.ASCII)
ASSIGNMENT = re.compile(r"([A-Z][A-Z0-9_]*)=")


def _reads_environment(call: ast.Call) -> bool:
    """Return whether `call` looks a variable up: environ.get(NAME), or a helper given environ."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "get":
        return "environ" in ast.unparse(func.value)
    names = [ast.unparse(arg) for arg in call.args]
    return "environ" in names or (isinstance(func, ast.Name) and func.id in ("secret", "_env"))


def variables_read(path: Path) -> set[str]:
    """Return the environment variables `path` reads by name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _reads_environment(node):
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and NAME.match(arg.value):
                    found.add(arg.value)
    return found


def documented() -> tuple[set[str], list[str], str]:
    """Return the variables assigned in .env.example, those without a comment line above, and its comments."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assigned, bare = set(), []
    for index, line in enumerate(lines):
        match = ASSIGNMENT.match(line)
        if match:
            assigned.add(match.group(1))
            if index == 0 or not lines[index - 1].startswith("# "):
                bare.append(match.group(1))
    comments = "\n".join(line for line in lines if line.startswith("#"))
    return assigned, bare, comments


def test_the_checker_finds_what_the_readers_read():
    read = variables_read(READERS[0]) | variables_read(READERS[1])
    assert {"DATABASE_URL", "ALPHAVANTAGE_SYMBOL_BUDGET", "DB_POOL_SIZE", "APP_ENV"} <= read
    assert {"GUNICORN_MAX_REQUESTS", "GUNICORN_ACCESSLOG", "GUNICORN_WORKER_CLASS", "LOG_LEVEL"} <= read


def test_every_variable_read_is_in_env_example():
    assigned, _, comments = documented()
    read = set().union(*(variables_read(path) for path in READERS))
    # A secret's NAME_FILE variant is named in its variable's comment.
    missing = sorted(
        name for name in read if name not in assigned and not (name.endswith("_FILE") and name in comments)
    )
    assert missing == []


def test_each_variable_has_its_own_comment_line():
    assert documented()[1] == []
