"""Render conf/nginx.conf for a native run: only paths, the listen address and upstreams change."""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path

from tests import systools

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "conf" / "nginx.conf"
UPSTREAM_SERVER = re.compile(r"^(\s*)server api:8000( [^;]*)?;$", re.MULTILINE)


def _replace(text: str, pattern: str, replacement: str, *, count: int | None = 1) -> str:
    """Substitute `pattern`, insisting it matched (`count` times, or at least once when None)."""
    new, found = re.subn(pattern, lambda _: replacement, text, flags=re.MULTILINE)
    if found == 0 or (count is not None and found != count):
        raise ValueError(f"conf/nginx.conf changed shape: {pattern!r} matched {found} times")
    return new


def render(*, prefix: Path, port: int, upstreams: list[int], source: Path = SOURCE) -> str:
    """Return conf/nginx.conf rewritten to run as this user under `prefix` on 127.0.0.1:`port`."""
    text = source.read_text(encoding="utf-8")
    # The image's workers run as `nginx`; here a root master keeps its own user (the temp dirs
    # are private), and a non-root master cannot switch users at all.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else "# user: unchanged (not root)"
    text = _replace(text, r"^user \S+;$", user)
    text = _replace(text, r"^pid \S+;$", f"pid {prefix / 'nginx.pid'};")
    text = _replace(text, r"/var/cache/nginx/", f"{prefix / 'cache'}/", count=None)
    text = _replace(text, r"^(\s*)listen 80;$", f"        listen 127.0.0.1:{port};")
    # /dev/stdout is the container's log stream; a file is what a native run can always open.
    text = _replace(text, r"access_log /dev/stdout ", f"access_log {prefix / 'access.log'} ")
    match = UPSTREAM_SERVER.search(text)
    if match is None:
        raise ValueError("conf/nginx.conf changed shape: no `server api:8000 ...;` in the upstream")
    indent, options = match.group(1), match.group(2) or ""
    servers = "\n".join(f"{indent}server 127.0.0.1:{upstream}{options};" for upstream in upstreams)
    return text[: match.start()] + servers + text[match.end() :]


def write(*, prefix: Path, port: int, upstreams: list[int]) -> Path:
    """Render into `prefix`, create the directories nginx expects, and return the config path."""
    (prefix / "cache").mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(render(prefix=prefix, port=port, upstreams=upstreams), encoding="utf-8")
    return path


def argv(config: Path, *, prefix: Path, test: bool = False) -> list[str]:
    """Return the command that runs (or with `test`, checks) nginx in the foreground."""
    binary = systools.which("nginx") or "nginx"  # Debian's is in /usr/sbin, often outside a user's PATH
    command = [binary, "-p", f"{prefix}/", "-e", "stderr", "-c", str(config)]
    return command + (["-t", "-q"] if test else ["-g", "daemon off;"])
