"""Run the benchmark's own MariaDB with conf/mysql/financial.cnf: the server production runs.

The machine's shared server keeps its defaults (a 128 MiB buffer pool, no binary log), which is
not what `docker-compose.prod.yml` deploys. This one reads the production file unchanged, keeps
its data directory under data/bench/mysql/ between runs (so the seeded rows are reused), listens
on loopback on a free port, and is shut down when the benchmark ends. It never touches the shared
server on 3306.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pymysql

from tests.e2e.prodlike_procs import Proc, run, wait_until
from tests.net import free_port
from tests.systools import require

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "conf" / "mysql" / "financial.cnf"
HOME = ROOT / "data" / "bench" / "mysql"
DATABASE = "financial_bench"
AS_ROOT = ["--user=root"] if os.geteuid() == 0 else []  # mariadbd refuses root without it


def _sql(socket: Path, *statements: str) -> None:
    conn = pymysql.connect(unix_socket=str(socket), user="root", connect_timeout=2, autocommit=True)
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def _install(datadir: Path, home: Path) -> None:
    argv = [require("mariadb-install-db"), "--no-defaults", f"--datadir={datadir}"]
    argv += ["--auth-root-authentication-method=normal", "--skip-test-db", *AS_ROOT]
    log = home / "install.log"
    if run("mariadb-install-db", argv, log=log, env=dict(os.environ), timeout=120) != 0:
        raise SystemExit(f"mariadb-install-db failed; see {log}")


def _password(home: Path) -> str:
    """Return the bench user's password, made once and kept beside the data (git-ignored)."""
    path = home / "password"
    if not path.exists():
        path.write_text(secrets.token_hex(16), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@contextlib.contextmanager
def private_mysql(home: Path = HOME) -> Iterator[str]:
    """Start (installing on first use) the production-configured server; yield its bench URL.

    `home` holds its data, socket, logs and password: two benchmarks running at once each pass
    their own and never share a server.
    """
    home.mkdir(parents=True, exist_ok=True)
    datadir, socket, port = home / "data", home / "mysqld.sock", free_port()
    fresh = not datadir.exists()
    if fresh:
        _install(datadir, home)
    argv = [require("mariadbd"), f"--defaults-file={CONFIG}", f"--datadir={datadir}", f"--socket={socket}"]
    argv += [f"--port={port}", "--bind-address=127.0.0.1", f"--pid-file={home / 'mysqld.pid'}", *AS_ROOT]
    proc = Proc("mariadbd", argv, log=home / "mysqld.log", env=dict(os.environ))
    try:
        wait_until(lambda: _answers(socket), timeout=60, what="the bench MariaDB to accept connections", proc=proc)
        password = _password(home)
        _sql(
            socket,
            f"CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4",
            f"CREATE USER IF NOT EXISTS 'bench'@'127.0.0.1' IDENTIFIED BY '{password}'",
            f"GRANT ALL PRIVILEGES ON {DATABASE}.* TO 'bench'@'127.0.0.1'",
        )
        print(f"  private MariaDB on 127.0.0.1:{port} with {CONFIG.relative_to(ROOT)} (data in {datadir})")
        yield f"mysql+pymysql://bench:{password}@127.0.0.1:{port}/{DATABASE}"
    finally:
        proc.stop(timeout=60)


def _answers(socket: Path) -> bool:
    try:
        _sql(socket, "SELECT 1")
    except pymysql.MySQLError:
        return False
    return True
