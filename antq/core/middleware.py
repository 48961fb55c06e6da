"""Typed errors that escape a page view become the matching Vietnamese error page, never a 500.

Views translate the errors they expect (onto a form, into a 404); this is the net under them: a bad period in a
URL (`/bao-cao/12688/1900..9998/`) gets the 400 page *with its reason*, a `NotFoundOrOutOfScope` the 404 page, a
`PermissionDenied` the 403 page. The API has its own JSON handlers (antq/api/errors.py) and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

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
