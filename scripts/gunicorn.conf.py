"""gunicorn settings for `make serve` (scripts/serve.py). Every value can be changed by an environment variable
(docs/operations.md); gunicorn's own variables (FORWARDED_ALLOW_IPS, GUNICORN_CMD_ARGS) work as well."""

import contextlib
import os

# 127.0.0.1: nginx in front terminates TLS (docs/operations.md). A unix socket works too: BIND=unix:/run/antq.sock.
bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# For 2 cores: 3 processes keep both busy while one waits on the database; 4 threads each cover requests that wait
# on I/O. A Python process runs one request's CPU work at a time (a PDF, a dashboard), and each costs ~150 MB.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 2) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Long pages (a national dashboard, a document) may take a while; longer work belongs in a background job.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle a worker now and then, so that memory a library keeps (matplotlib, WeasyPrint) does not grow for ever.
max_requests = 2000
max_requests_jitter = 200
# No access log: it would hold client addresses and query strings. ANTQ logs each request itself, in JSON, without
# them (antq/core/requestlog.py). gunicorn's own messages (workers starting, timeouts) go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No runtime control socket (gunicornc): it would be created in the service user's home directory.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "antq.core.logformat.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}},
}


def post_worker_init(worker):
    """Load the URL map and check the migrations once per worker at start, so that no request pays for them."""
    from django.urls import get_resolver

    from antq.core import health

    get_resolver().url_patterns  # noqa: B018 - imports every app's views and the API
    # The database may be down at start: /healthz then says so.
    with contextlib.suppress(Exception):
        health.migrations_ok()
