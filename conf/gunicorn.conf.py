"""Gunicorn settings; every value can be changed through the environment (an empty value keeps the default)."""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


bind = _env("GUNICORN_BIND", "127.0.0.1:5000")
workers = int(_env("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(_env("GUNICORN_THREADS", "1"))
worker_class = _env("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
timeout = int(_env("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(_env("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(_env("GUNICORN_KEEPALIVE", "5"))
# Recycle each worker after about 10,000 requests, so a slow leak (ours or a driver's) cannot grow
# without bound; the jitter keeps workers from restarting together. Forking from the preloaded
# master is cheap, and a worker finishes its requests before it goes. 0 turns recycling off.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(_env("GUNICORN_MAX_REQUESTS_JITTER", "1000"))
# Load the app once in the master so workers fork with the code already imported.
preload_app = _env("GUNICORN_PRELOAD", "true").lower() != "false"

# One line per request on stdout: client, request line, status, bytes, duration (us), worker pid.
# Set but empty, GUNICORN_ACCESSLOG turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = _env("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus pid=%(p)s'
