"""Register `flask keys create|list|revoke` and `flask users add|list|remove`."""

from __future__ import annotations

import sys
from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from financial.access import AccessError, create_key, list_keys, list_users, remove_user, revoke_key
from financial.access import add_user as store_user

keys = AppGroup("keys", help="Manage API keys (AUTH_MODE=key).")
users = AppGroup("users", help="Manage HTTP Basic users (AUTH_MODE=basic).")


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _fail(error: AccessError):
    raise click.ClickException(str(error))


@keys.command("create")
@click.argument("name")
def keys_create(name: str) -> None:
    """Create a key called NAME and print it once; only its hash is stored."""
    try:
        key = create_key(name)
    except AccessError as error:
        _fail(error)
    click.echo(key)
    click.echo(f"created key {name!r}: store it now, it cannot be shown again", err=True)


@keys.command("list")
def keys_list() -> None:
    """List keys: name, created, last used and revoked (UTC)."""
    click.echo(f"{'name':<24} {'created':<19}  {'last used':<19}  revoked")
    for key in list_keys():
        row = f"{key.name:<24} {_when(key.created_at):<19}  {_when(key.last_used_at):<19}  {_when(key.revoked_at)}"
        click.echo(row)


@keys.command("revoke")
@click.argument("name")
def keys_revoke(name: str) -> None:
    """Revoke the key called NAME (workers stop accepting it within AUTH_CACHE_SECONDS)."""
    try:
        revoke_key(name)
    except AccessError as error:
        _fail(error)
    click.echo(f"revoked key {name!r}")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")  # e.g. `printf '%s\n' "$PW" | flask users add NAME`


@users.command("add")
@click.argument("name")
def users_add(name: str) -> None:
    """Add user NAME; the password is prompted for, or read as one line from stdin."""
    try:
        store_user(name, _read_password())
    except AccessError as error:
        _fail(error)
    click.echo(f"added user {name!r}")


@users.command("list")
def users_list() -> None:
    """List users: name and created (UTC)."""
    click.echo(f"{'name':<24} created")
    for user in list_users():
        click.echo(f"{user.name:<24} {_when(user.created_at)}")


@users.command("remove")
@click.argument("name")
def users_remove(name: str) -> None:
    """Remove user NAME (workers stop accepting it within AUTH_CACHE_SECONDS)."""
    try:
        remove_user(name)
    except AccessError as error:
        _fail(error)
    click.echo(f"removed user {name!r}")


def init_app(app: Flask) -> None:
    """Attach the command groups to `app`."""
    app.cli.add_command(keys)
    app.cli.add_command(users)
