"""Plain Django views around the NinjaAPI: the index, the JSON 404 for unknown paths, and docs access."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from ninja.errors import HttpError

from antq.api.auth import session_auth, token_auth
from antq.api.errors import NOT_FOUND_MESSAGE, UNAUTHORIZED_MESSAGE, error_body
from antq.core.errors import ANTQError

# The API's name, version and URL namespace (site.py builds the NinjaAPI with them; the index shows them).
TITLE = "ANTQ API"
VERSION = "1"
URLS_NAMESPACE = "api-v1"


def index(request: HttpRequest) -> JsonResponse:
    """Where the documentation and the schema are."""
    return JsonResponse(
        {
            "title": TITLE,
            "version": VERSION,
            "docs": reverse(f"{URLS_NAMESPACE}:openapi-view"),
            "openapi": reverse(f"{URLS_NAMESPACE}:openapi-json"),
        }
    )


def not_found(request: HttpRequest) -> JsonResponse:
    """The same 404 body as a missing object, for any unknown path under /api/v1/."""
    return JsonResponse(error_body("not_found", NOT_FOUND_MESSAGE), status=404)


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The docs page and the schema are for authenticated callers, like the rest of ANTQ."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = token_auth(request) or session_auth(request)
        except ANTQError as exc:
            if exc.code == "password_change_required":
                # Logged in with a one-time password: the docs wait, like every page, until it is changed.
                if request.path.endswith(".json"):
                    return JsonResponse(error_body(exc.code, exc.message), status=403)
                return redirect("accounts:password_change")
            user = None
        except HttpError:
            user = None
        if user:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(error_body("unauthorized", UNAUTHORIZED_MESSAGE), status=401)
        return redirect_to_login(request.get_full_path())

    return wrapper
