"""The one place where errors become JSON: `{"code": …, "message": …, "field": …}` with the right status.

ANTQ's typed errors (`antq.core.errors`) keep their code, Vietnamese message, field and HTTP status; Http404,
authentication failures, invalid parameters and throttling get the same shape. Missing and out-of-scope objects
answer the same 404 body, so a caller cannot tell them apart. An unexpected exception is logged and reported as
Django reports any server error, and answers 500 in the same shape — never Django's HTML page, never a traceback.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from antq.core.errors import AmbiguousName, ANTQError, ValidationFailed

logger = logging.getLogger("django.request")

NOT_FOUND_MESSAGE = "Không tìm thấy."
_NUL = "\x00"
_NUL_MESSAGE = "Yêu cầu chứa ký tự không hợp lệ (NUL)."
SERVER_ERROR_MESSAGE = "Lỗi máy chủ: yêu cầu chưa thực hiện được. Sự cố đã được ghi lại; vui lòng thử lại sau."
UNAUTHORIZED_MESSAGE = "Chưa xác thực: hãy đăng nhập hoặc gửi mã truy cập hợp lệ (Authorization: Bearer …)."
# Codes and Vietnamese messages for the HTTP errors django-ninja raises itself.
_HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid", "Yêu cầu không hợp lệ."),
    401: ("unauthorized", UNAUTHORIZED_MESSAGE),
    403: ("forbidden", "Không có quyền thực hiện thao tác này."),
    404: ("not_found", NOT_FOUND_MESSAGE),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    429: ("throttled", "Quá nhiều yêu cầu, vui lòng thử lại sau."),
}


class ErrorOut(Schema):
    """The body of every error response."""

    code: str
    message: str
    field: str | None = None


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    """The JSON body of an error response."""
    return {"code": code, "message": message, "field": field, **extra}


# Documented on every operation in the OpenAPI schema (see `document_errors`).
_DOCUMENTED = {
    "400": "Tham số không hợp lệ (code `invalid` hoặc `ambiguous`).",
    "401": "Chưa xác thực, mã truy cập sai, đã thu hồi, hoặc tài khoản bị khóa.",
    "404": "Không tìm thấy, hoặc ngoài phạm vi của người dùng (cùng một nội dung).",
    "500": "Lỗi máy chủ (code `server_error`); chi tiết chỉ ghi vào nhật ký máy chủ.",
}
_DOCUMENTED_WRITES = {"403": "Phiên đăng nhập không kèm mã CSRF hợp lệ (code `csrf_failed`)."}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the ErrorOut schema and the common error responses to every operation of an OpenAPI schema."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            documented = _DOCUMENTED | ({} if method == "get" else _DOCUMENTED_WRITES)
            for status, description in documented.items():
                operation["responses"].setdefault(status, {"description": description, "content": content})
    return schema


def install_error_handlers(api: NinjaAPI) -> None:
    """Translate every expected exception raised under `api` into the ANTQ error shape."""

    @api.exception_handler(ANTQError)
    def antq_error(request: HttpRequest, exc: ANTQError) -> HttpResponse:
        extra: dict[str, Any] = {"candidates": exc.candidates} if isinstance(exc, AmbiguousName) else {}
        if isinstance(exc, ValidationFailed) and len(exc.problems) > 1:
            # A check that found several problems at once: every one, each with its field.
            extra["problems"] = [{"field": field, "message": message} for field, message in exc.problems]
        return api.create_response(
            request, error_body(exc.code, exc.message, exc.field, **extra), status=exc.http_status
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", NOT_FOUND_MESSAGE), status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = _HTTP_ERRORS.get(exc.status_code, ("error", "Yêu cầu không thực hiện được."))
        response = api.create_response(request, error_body(code, message), status=exc.status_code)
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = 'Bearer realm="ANTQ"'
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        # Parameters that fail their declared type ("page=abc", an unknown `kind`): name the first one.
        errors = [{"loc": list(e.get("loc", ())), "type": e.get("type", "")} for e in exc.errors]
        field = str(errors[0]["loc"][-1]) if errors and errors[0]["loc"] else None
        message = f"Giá trị không hợp lệ: {field}." if field else "Dữ liệu gửi lên không hợp lệ."
        return api.create_response(request, error_body("invalid", message, field, errors=errors), status=400)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # What Django's own handler does for a view's exception (log to `django.request`, which mails the admins
        # in production; signal `got_request_exception`, which the test client re-raises), but the body keeps the
        # API's shape. ninja's default re-raises when DEBUG is off, and Django then answers its HTML 500 page.
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500, "request": request}
        )
        got_request_exception.send(sender=None, request=request)
        response = api.create_response(request, error_body("server_error", SERVER_ERROR_MESSAGE), status=500)
        response._has_been_logged = True  # type: ignore[attr-defined]  # Django's log_response: logged above
        return response


def guard_view(api: NinjaAPI, view: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a view of `api` for the two answers django-ninja gives outside its exception handlers.

    - A NUL character in the path or the query string is a 400 `invalid` before any code runs: PostgreSQL text
      cannot hold it, so a code or name filter carrying it would fail in the database (500), on any endpoint.
    - A method the path does not have is a 405 in the same JSON shape (ninja answers it in plain text), with
      the `Allow` header."""

    @functools.wraps(view)  # keeps `csrf_exempt`: ninja's views check CSRF themselves
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if _NUL in request.path:
            return api.create_response(request, error_body("invalid", _NUL_MESSAGE), status=400)
        for name, values in request.GET.lists():
            if _NUL in name or any(_NUL in value for value in values):
                field = name.replace(_NUL, "")
                return api.create_response(request, error_body("invalid", _NUL_MESSAGE, field), status=400)
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            code, message = _HTTP_ERRORS[405]
            allowed = response["Allow"]
            response = api.create_response(request, error_body(code, message), status=405)
            response["Allow"] = allowed
        return response

    return wrapper
