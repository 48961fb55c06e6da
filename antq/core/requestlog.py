"""Request logs: one JSON line per request, a request id on every response and error page, errors logged with it.

A line holds the time, the request id, the method, the route *name* (`forces:member_detail`, never the path: paths
carry record ids, query strings carry search words), the status, the duration and the user's id (on an anonymous
page — the tip portal — no user id, a fresh request id and the time to the minute, as every line logged meanwhile).
Nothing else comes from the request — no names, CCCDs, phones, query strings, nor the client's address (the tip portal's
anonymity rests on it). Errors are logged with the request id the user sees on the error page ("Mã yêu cầu"), with
their class and stack but without the exception's message, which can quote a value (an IntegrityError names the
duplicate CCCD).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from antq.core import metrics
from antq.core.logformat import current_request_id, route_name, time_to_the_minute
from antq.core.middleware import is_anonymous

REQUEST_ID_HEADER = "X-Request-ID"
# An id from a proxy in front (nginx's $request_id: 32 hex digits) is kept when it is a plain token; anything else
# gets a fresh one, so a header can neither forge log lines nor smuggle text into them.
_SAFE_ID = re.compile(r"[A-Za-z0-9-]{16,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
log = logging.getLogger("antq.requests")


def request_id_for(request: HttpRequest) -> str:
    """The incoming X-Request-ID when it is a safe token, else a new random id (16 hex digits). An anonymous page
    (the tip portal) always gets a new one: a proxy's id could be looked up in the proxy's own logs."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _SAFE_ID.fullmatch(incoming) and not is_anonymous(request):
        return incoming
    return secrets.token_hex(8)


def _user_id(request: HttpRequest) -> int | None:
    # Only a user some layer already loaded: logging must not cost a session and a user query of its own.
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):  # type: ignore[attr-defined]
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Outermost middleware: gives the request its id, answers it in X-Request-ID, logs the request's line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request.request_id = request_id_for(request)  # type: ignore[attr-defined]
        token = current_request_id.set(request.request_id)  # type: ignore[attr-defined]
        coarse = time_to_the_minute.set(is_anonymous(request))
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = request.request_id  # type: ignore[attr-defined]
            metrics.request_observed(response.status_code, duration)
            log.info(
                "request",
                extra={
                    "method": request.method if request.method in _METHODS else "OTHER",
                    "route": route_name(request),
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 1),
                    # An officer sending a tip while logged in stays anonymous too.
                    "user_id": None if is_anonymous(request) else _user_id(request),
                },
            )
            return response
        finally:
            time_to_the_minute.reset(coarse)
            current_request_id.reset(token)
