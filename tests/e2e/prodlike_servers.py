"""Private MariaDB, Redis, fake Alpha Vantage, gunicorn and nginx for the prod-like drill."""

from __future__ import annotations

import os
import re
import secrets
import sys
import time
from pathlib import Path

import pymysql
import redis

from tests import systools
from tests.e2e import prodlike_nginx
from tests.e2e.prodlike_procs import ROOT, DrillError, Proc, port_open, run, wait_until
from tests.net import free_port

MYSQL_CONFIG = ROOT / "conf" / "mysql" / "financial.cnf"
# Overrides for a small private server: the shared 2-core machine is not a database host.
MYSQL_SMALL = ["--innodb-buffer-pool-size=64M", "--innodb-log-file-size=8M", "--max-connections=100"]
AS_ROOT = ["--user=root"] if os.geteuid() == 0 else []  # mariadbd refuses root without it


def _binary(name: str) -> str:
    try:
        return systools.require(name)
    except systools.MissingProgram as missing:
        raise DrillError(str(missing)) from None


class MariaDB:
    """A private MariaDB server in `home`, never the shared one on 3306."""

    def __init__(self, home: Path) -> None:
        self.home, self.datadir, self.socket = home, home / "data", home / "mysqld.sock"
        self.port = free_port()
        self.password = secrets.token_hex(16)
        self.proc: Proc | None = None
        self.url = f"mysql+pymysql://financial:{self.password}@127.0.0.1:{self.port}/financial"

    def install(self) -> None:
        """Create the data directory, then start the server and create the app's database and user."""
        self.home.mkdir(parents=True, exist_ok=True)
        argv = [_binary("mariadb-install-db"), "--no-defaults", f"--datadir={self.datadir}"]
        argv += ["--auth-root-authentication-method=normal", "--skip-test-db", *AS_ROOT, *MYSQL_SMALL[1:2]]
        log = self.home / "install.log"
        if run("mariadb-install-db", argv, log=log, env=dict(os.environ), timeout=60) != 0:
            raise DrillError(f"mariadb-install-db failed; see {log}")
        self.start()
        self.sql(
            "CREATE DATABASE financial CHARACTER SET utf8mb4",
            f"CREATE USER 'financial'@'127.0.0.1' IDENTIFIED BY '{self.password}'",
            "GRANT ALL PRIVILEGES ON financial.* TO 'financial'@'127.0.0.1'",
        )

    def start(self) -> None:
        """Start mariadbd with conf/mysql/financial.cnf on the same datadir and port as before."""
        argv = [_binary("mariadbd"), f"--defaults-file={MYSQL_CONFIG}", f"--datadir={self.datadir}"]
        argv += [f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1"]
        argv += [f"--pid-file={self.home / 'mysqld.pid'}", *AS_ROOT, *MYSQL_SMALL]
        self.proc = Proc("mariadbd", argv, log=self.home / "mysqld.log", env=dict(os.environ))
        wait_until(self._answers, timeout=30, what="MariaDB to accept connections", proc=self.proc)

    def stop(self) -> None:
        """Shut the server down cleanly."""
        if self.proc is not None:
            self.proc.stop(timeout=30)

    def _answers(self) -> bool:
        try:
            self.sql("SELECT 1")
        except pymysql.MySQLError:
            return False
        return True

    def sql(self, *statements: str) -> list[tuple]:
        """Run statements as root over the private socket; return the last one's rows."""
        conn = pymysql.connect(unix_socket=str(self.socket), user="root", connect_timeout=2, autocommit=True)
        try:
            with conn.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                return list(cursor.fetchall())
        finally:
            conn.close()


def start_redis(home: Path) -> tuple[Proc, int]:
    """Start a private, memory-only Redis; return it and its port."""
    port = free_port()
    argv = [_binary("redis-server"), "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    argv += ["--dir", str(home)]
    proc = Proc("redis", argv, log=home / "redis.log", env=dict(os.environ))
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
    wait_until(lambda: bool(client.ping()), timeout=15, what="Redis to answer PING", proc=proc)
    return proc, port


def start_fake_alphavantage(home: Path, env: dict[str, str]) -> tuple[Proc, str]:
    """Start `python -m tests.fakes.alphavantage` on a free port; return it and its query URL."""
    log = home / "alphavantage.log"
    proc = Proc(
        "fake-alphavantage", [sys.executable, "-m", "tests.fakes.alphavantage", "--port", "0"], log=log, env=env
    )
    found: list[str] = []

    def listening() -> bool:
        found[:] = re.findall(r"listening on (http://127\.0\.0\.1:\d+/query)", log.read_text(errors="replace"))
        return bool(found)

    wait_until(listening, timeout=20, what="the fake Alpha Vantage to listen", proc=proc)
    return proc, found[0]


def start_gunicorn(name: str, home: Path, env: dict[str, str]) -> tuple[Proc, int]:
    """Start one app instance with the production gunicorn config on a free port."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    argv = [sys.executable, "-m", "gunicorn", "--config", "conf/gunicorn.conf.py", "app:create_app()"]
    return Proc(name, argv, log=home / f"{name}.log", env=env), port


def wait_for_gunicorn(proc: Proc, port: int) -> None:
    """Wait until the instance's workers are up and it accepts connections."""
    wait_until(lambda: port_open(port), timeout=60, what=f"{proc.name} to listen on {port}", proc=proc)


def start_nginx(home: Path, *, upstreams: list[int]) -> tuple[Proc, int]:
    """Check, then start Debian's nginx with the rendered conf/nginx.conf in front of `upstreams`."""
    _binary("nginx")  # name the package before rendering anything
    port, prefix = free_port(), home / "nginx"
    config = prodlike_nginx.write(prefix=prefix, port=port, upstreams=upstreams)
    env = dict(os.environ)
    check = run(
        "nginx -t", prodlike_nginx.argv(config, prefix=prefix, test=True), log=home / "nginx-t.log", env=env, timeout=30
    )
    if check != 0:
        raise DrillError(f"nginx -t rejected the rendered config; see {home / 'nginx-t.log'}")
    proc = Proc("nginx", prodlike_nginx.argv(config, prefix=prefix), log=home / "nginx.log", env=env)
    wait_until(lambda: port_open(port), timeout=15, what="nginx to listen", proc=proc)
    time.sleep(0.2)  # the workers accept a moment after the master binds
    return proc, port
