"""Register Flask CLI commands: export the OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.commands_export import export_command
from app.config import ROOT

SPEC_PATH = ROOT / "conf" / "api.swagger.json"


def render_spec() -> str:
    """Return the OpenAPI document of the running app as stable, pretty JSON."""
    with current_app.test_request_context("/", base_url="http://localhost"):
        spec = current_app.extensions["api"].__schema__
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"


@click.command("export-swagger")
@click.option("--output", type=click.Path(path_type=Path), default=SPEC_PATH, show_default=True)
@with_appcontext
def export_swagger(output: Path) -> None:
    """Write the OpenAPI document to conf/api.swagger.json."""
    output.write_text(render_spec(), encoding="utf-8")
    click.echo(f"wrote {output}")


def init_app(app: Flask) -> None:
    """Attach the commands to `app`."""
    app.cli.add_command(export_swagger)
    app.cli.add_command(export_command)
