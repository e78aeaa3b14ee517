"""Keep the house plan: imports flow get_raw_data.py, app -> financial -> lib, never back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What each room must never import: the rooms above it, and for the domain the HTTP layer's tools.
FORBIDDEN = {
    "lib": ("app", "financial", "get_raw_data", "flask", "flask_restx", "webargs"),
    "financial": ("app", "get_raw_data", "flask_restx", "webargs", "flask.request"),
    "app": ("get_raw_data",),
}


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Return (line, dotted name) for every module and name a file imports, and every `flask.request`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
            names += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "flask":
            names.append((node.lineno, f"flask.{node.attr}"))
    return names


def violations(room: str) -> list[str]:
    """Return `file:line imports name` for each forbidden import under `room`."""
    found = []
    for path in sorted((ROOT / room).rglob("*.py")):
        for line, name in imported_names(path):
            for banned in FORBIDDEN[room]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_imports_flow_one_way(room):
    assert violations(room) == []


def test_the_checker_sees_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from flask import request\nimport flask\nflask.request.args\nfrom app.api import x\n")

    names = [name for _, name in imported_names(bad)]

    assert {"flask.request", "app.api", "app.api.x"} <= set(names)
