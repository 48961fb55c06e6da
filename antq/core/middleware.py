"""Typed errors that escape a page view become the matching Vietnamese error page, never a 500.

Views translate the errors they expect (onto a form, into a 404); this is the net under them: a bad period in a
URL (`/bao-cao/12688/1900..9998/`) gets the 400 page *with its reason*, a `NotFoundOrOutOfScope` the 404 page, a
`PermissionDenied` the 403 page. The API has its own JSON handlers (antq/api/errors.py) and is left alone.

Also here: the `@anonymous` mark for views that must leave no trace of the client, and the audit middleware that
honours it (see below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from auditlog.cid import set_cid
from auditlog.context import set_extra_data
from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone

from antq.core.errors import ANTQError

_PAGES = {400: "400.html", 403: "403.html", 404: "404.html"}


class TypedErrorPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ANTQError) or request.path.startswith("/api/"):
            return None
        status = exception.http_status if exception.http_status in _PAGES else 400
        # A 404 says nothing more than "missing or not yours"; a 400 names what was wrong with the request.
        message = exception.message if status == 400 else ""
        context = {"message": message, "request_id": getattr(request, "request_id", "")}
        return HttpResponse(render_to_string(_PAGES[status], context), status=status)


# --- Anonymous pages (the crime-tip portal, issue 19 item 2) -------------------------------------------------------
# A view marked `@anonymous` is served without leaving anything about the client behind: the audit trail gets no
# address, port, correlation id or actor and its times are cut to the minute (AnonymousAuditlogMiddleware); the
# request log ignores a proxy's request id and the user (antq/core/requestlog.py). The mark is on the view, not a
# path prefix, so the police's inbox under the same prefix keeps its ordinary trail.
ANONYMOUS_ATTR = "antq_anonymous"


def anonymous[V: Callable[..., Any]](view: V) -> V:
    """Mark a view as one whose requests must leave no trace of the client (put it outermost)."""
    setattr(view, ANONYMOUS_ATTR, True)
    return view


def is_anonymous(request: HttpRequest) -> bool:
    """Whether the request goes to an `@anonymous` view (resolved once per request, before the view runs)."""
    cached = getattr(request, "_antq_anonymous", None)
    if cached is None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            cached = False
        else:
            cached = bool(getattr(match.func, ANONYMOUS_ATTR, False))
        request._antq_anonymous = cached  # type: ignore[attr-defined]
    return cached


def _now_to_the_minute() -> dt.datetime:
    return timezone.now().replace(second=0, microsecond=0)


class AnonymousAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, except on anonymous views: there each entry written gets no remote address or
    port, no correlation id (a client could send one), no actor, and a timestamp cut to the minute (auditlog's
    pre_save hook sets every LogEntry attribute named in the context data; a callable is called)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous(request):
            return super().__call__(request)  # type: ignore[no-any-return]
        set_cid(None)
        context = {
            "remote_addr": None,
            "remote_port": None,
            "cid": None,
            "actor": None,
            "actor_email": None,
            "timestamp": _now_to_the_minute,
        }
        with set_extra_data(context_data=context):
            return self.get_response(request)  # type: ignore[no-any-return]
