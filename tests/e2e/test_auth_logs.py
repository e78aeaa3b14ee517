"""No credential reaches any log: gunicorn's access log and the app's log file, in key and basic mode."""

from __future__ import annotations

import base64
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.e2e.fault_support import clean_env
from tests.e2e.prodlike_procs import ROOT, port_open, wait_until
from tests.e2e.prodlike_servers import start_gunicorn

PASSWORD = "tr0ub4dor&3-long-enough"


def flask(env: dict, *args: str, stdin: str = "") -> str:
    command = [sys.executable, "-m", "flask", "--app", "app:create_app", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def get(port: int, path: str, headers: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("mode", ["key", "basic"])
def test_no_key_password_or_basic_token_appears_in_any_log(tmp_path, mode):
    url, logs = f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "logs"
    env = clean_env(DATABASE_URL=url, LOG_DIR=str(logs), LOG_LEVEL="DEBUG", AUTH_MODE=mode, RATE_LIMIT="8/minute")
    flask(env, "db", "upgrade")
    if mode == "key":
        secret = flask(env, "keys", "create", "logged")
        good = [{"X-API-Key": secret}, {"Authorization": f"Bearer {secret}"}]
        bad = [{"X-API-Key": secret[:-2] + "zz"}, {"X-API-Key": "finkey_" + "q" * 43}]
        tokens = [secret, secret[:-2] + "zz"]
    else:
        flask(env, "users", "add", "alice", stdin=PASSWORD + "\n")
        secret = PASSWORD
        token = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
        wrong = base64.b64encode(f"alice:{PASSWORD}x".encode()).decode()
        good, bad = [{"Authorization": f"Basic {token}"}], [{"Authorization": f"Basic {wrong}"}]
        tokens = [PASSWORD, token, wrong]
    proc, port = start_gunicorn("gunicorn", tmp_path, {**env, "GUNICORN_WORKERS": "1"})
    try:
        wait_until(lambda: port_open(port), timeout=60, what="gunicorn to listen", proc=proc)
        statuses = [get(port, "/api/financial_data?symbol=IBM", headers) for headers in good + bad]
        statuses += [get(port, "/api/statistics?symbol=IBM", good[0]) for _ in range(8)]  # into the 429s
    finally:
        proc.stop()

    assert statuses[: len(good)] == [200] * len(good) and 401 in statuses and 429 in statuses
    texts = [proc.log.read_text(errors="replace")] + [path.read_text(errors="replace") for path in logs.rglob("*.log*")]
    assert any("/api/financial_data?symbol=IBM" in text for text in texts)  # the access log was written
    assert len(texts) > 1  # and the app's log file
    for text in texts:
        assert not [token for token in tokens if token in text]
