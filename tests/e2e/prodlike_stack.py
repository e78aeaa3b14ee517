"""Bring up the topology of docker-compose.prod.yml natively, every part private to the drill."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.prodlike_procs import DrillError, Proc, run
from tests.e2e.prodlike_report import Report
from tests.e2e.prodlike_servers import (
    MariaDB,
    start_fake_alphavantage,
    start_gunicorn,
    start_nginx,
    start_redis,
    wait_for_gunicorn,
)

# Settings the drill owns; inherited values (or a developer's .env) must not change them.
OWNED_PREFIXES = ("APP_ENV", "DATABASE_URL", "ALPHAVANTAGE_", "CACHE_", "GUNICORN_", "HTTP_CACHE", "DB_POOL", "LOG_")
HTTP_CACHE_MAX_AGE = 30


@dataclass
class Stack:
    """Everything the drill started, and how to reach it."""

    home: Path
    db: MariaDB
    redis_port: int
    fake_url: str
    api_key: str
    env: dict[str, str]
    nginx_port: int
    instances: dict[str, tuple[Proc, int]] = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)


def app_environment(*, database_url: str, redis_port: int) -> dict[str, str]:
    """Return the production environment every app process of the drill gets."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(OWNED_PREFIXES)}
    env.update(
        APP_ENV="production",
        DATABASE_URL=database_url,
        DATABASE_URL_FILE="",  # set but empty: a developer's .env cannot point elsewhere
        ALPHAVANTAGE_API_KEY_FILE="",
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        HTTP_CACHE_MAX_AGE=str(HTTP_CACHE_MAX_AGE),
        LOG_DIR="",
        LOG_LEVEL="INFO",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESSLOG="-",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_stack(home: Path, report: Report, cleanup: contextlib.ExitStack) -> Stack:
    """Start MariaDB, Redis, the fake Alpha Vantage, migrations, two gunicorns and nginx."""
    report.step("start the production topology on 127.0.0.1 (private servers, free ports)")
    db = MariaDB(home / "mariadb")
    cleanup.callback(db.stop)
    db.install()
    report.say(f"   MariaDB   127.0.0.1:{db.port}  private datadir, conf/mysql/financial.cnf")
    redis_proc, redis_port = start_redis(home)
    cleanup.callback(redis_proc.stop)
    report.say(f"   Redis     127.0.0.1:{redis_port}  memory only")
    env = app_environment(database_url=db.url, redis_port=redis_port)
    fake_proc, fake_url = start_fake_alphavantage(home, env)
    cleanup.callback(fake_proc.stop)
    report.say(f"   fake AV   {fake_url}")

    migrate = [sys.executable, "-m", "flask", "--app", "app:create_app", "db", "upgrade"]
    if run("migrate", migrate, log=home / "migrate.log", env=env, timeout=120) != 0:
        raise DrillError(f"migrations failed; see {home / 'migrate.log'}")
    report.say("   migrations applied (flask db upgrade)")

    instances: dict[str, tuple[Proc, int]] = {}
    for name in ("app-a", "app-b"):
        proc, port = start_gunicorn(name, home, env)
        cleanup.callback(proc.stop)
        instances[name] = (proc, port)
    for proc, port in instances.values():
        wait_for_gunicorn(proc, port)
        report.say(f"   gunicorn  127.0.0.1:{port}  {proc.name}, master pid {proc.pid}, APP_ENV=production, RedisCache")

    nginx_proc, nginx_port = start_nginx(home, upstreams=[port for _, port in instances.values()])
    cleanup.callback(nginx_proc.stop)
    report.say(f"   nginx     127.0.0.1:{nginx_port}  conf/nginx.conf, upstream = both instances")
    procs = [db.proc, redis_proc, fake_proc, *(proc for proc, _ in instances.values()), nginx_proc]
    return Stack(
        home=home,
        db=db,
        redis_port=redis_port,
        fake_url=fake_url,
        api_key=f"prodlike-{secrets.token_hex(12)}",
        env=env,
        nginx_port=nginx_port,
        instances=instances,
        procs=[proc for proc in procs if proc is not None],
    )
