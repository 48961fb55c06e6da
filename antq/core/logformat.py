"""How ANTQ's log lines look: one JSON object per line, the request's id on every line logged during a request, and
errors described by class and stack without their message (it can quote a CCCD or a phone).

Kept apart from the request middleware (antq/core/requestlog.py) because Django loads the logging configuration
before the apps, and this module imports no model.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from types import TracebackType
from typing import Any

from django.conf import settings
from django.http import HttpRequest

# Set for the duration of a request, so that any line logged meanwhile (by any logger) carries the request's id.
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("antq_request_id", default=None)
# Set while an `@anonymous` request (the tip portal) runs: its log lines carry the time to the minute only, like
# everything else stored about a tipster's visit (issue 19 item 2).
time_to_the_minute: contextvars.ContextVar[bool] = contextvars.ContextVar("antq_time_to_the_minute", default=False)


def route_name(request: HttpRequest) -> str | None:
    """The matched URL pattern's name (`app:name`); "static" for static files; None when nothing matched."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return None


class RequestContextFilter(logging.Filter):
    """For the records Django logs about a request (`django.request`: server errors; `django.security.*`: CSRF
    failures, bad hosts): the request's id and route, and the route name in the message where Django put the raw
    path ("Internal Server Error: forces:member", "Forbidden (CSRF token missing.): accounts:login")."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is None:
            return True
        route = route_name(request)
        record.request_id = getattr(request, "request_id", None)
        record.route = route
        if hasattr(record, "status_code"):
            record.status = record.status_code
        args = record.args if isinstance(record.args, tuple) else ()
        if args and args[-1] == request.path:
            record.args = (*args[:-1], route or "-")
        return True


# Fields a record may carry (as `extra=`) that go into its JSON line; anything else a record holds stays out.
_FIELDS = ("request_id", "method", "route", "status", "duration_ms", "user_id", "check", "task")


def _frames(traceback: TracebackType | None) -> list[str]:
    root = str(settings.BASE_DIR) + "/"
    frames = []
    while traceback is not None:
        code = traceback.tb_frame.f_code
        frames.append(f"{code.co_filename.removeprefix(root)}:{traceback.tb_lineno} in {code.co_name}")
        traceback = traceback.tb_next
    return frames


def describe_exception(exc: BaseException) -> list[dict[str, Any]]:
    """The exception and what led to it (its chain): class and stack of each, never the message."""
    chain: list[dict[str, Any]] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 5:
        kind = type(current)
        chain.append({"class": f"{kind.__module__}.{kind.__qualname__}", "stack": _frames(current.__traceback__)})
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return chain


def _time(created: float) -> str:
    at = dt.datetime.fromtimestamp(created, dt.UTC)
    if time_to_the_minute.get():
        return at.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    return at.isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the known fields, the error without its text."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if "request_id" not in entry and (request_id := current_request_id.get()) is not None:
            entry["request_id"] = request_id
        if record.exc_info and record.exc_info[1] is not None:
            entry["error"] = describe_exception(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False, default=str)
