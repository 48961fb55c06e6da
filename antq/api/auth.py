"""How API requests authenticate: a token (`Authorization: Bearer antq_…`) or the browser session.

Order matters: the token is tried first, so a script never needs a CSRF token. A request that presents a bearer
token which is unknown, revoked or belongs to a disabled account is refused (401) even if it also carries a
session cookie: a wrong credential is never silently replaced by another. The session is checked only when
Django's authentication middleware found an active user; CSRF is then enforced for unsafe methods, exactly as
on the pages. Either way, an account that must still change its one-time password (new account, admin reset)
gets 403 `password_change_required` until it does so on the password page: the one-time password must not open
the API any more than it opens the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from antq.accounts.services import require_password_changed
from antq.api.services import api_token_authenticate
from antq.core.errors import PermissionDenied


class CsrfFailed(PermissionDenied):
    """A session-authenticated unsafe request without a valid CSRF token."""

    code = "csrf_failed"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token issued by `create_api_token` or `POST /api/v1/tokens`."""

    openapi_bearerFormat = "antq_…"
    openapi_description = "Mã truy cập API: `Authorization: Bearer antq_…` (cấp bằng lệnh `create_api_token`)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token.strip())
        if user is None:
            raise AuthenticationError()
        return user


class SessionAuth(APIKeyCookie):
    """The Django session of a logged-in user (the browser); unsafe methods need the `X-CSRFToken` header."""

    openapi_description = "Phiên đăng nhập trên trình duyệt; các yêu cầu ghi cần header `X-CSRFToken`."

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        require_password_changed(user)
        # Only a request that a cookie authenticates can be forged cross-site, so only it is checked.
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed("Thiếu hoặc sai mã CSRF (header X-CSRFToken).")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return self(request)


def api_user(request: HttpRequest) -> Any:
    """The user an API request authenticated as (`request.auth`): the actor every endpoint passes on."""
    return getattr(request, "auth", None)


token_auth = TokenAuth()
session_auth = SessionAuth()
# Every endpoint uses this unless it narrows it (never widens it: an app router must not set `auth=None`).
DEFAULT_AUTH = [token_auth, session_auth]
