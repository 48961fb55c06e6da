"""Builds the NinjaAPI served at /api/v1/: authentication, errors, the API app's own router and every app's.

Each app contributes a `ninja.Router` from its `api.py` by calling
`antq.core.extensions.register_api_router(prefix, router)`; `build_api()` imports those modules
(`autodiscover_modules("api")`) and mounts each router under `/api/v1/<prefix>/`. `antq/api/urls.py` calls it
once, at import; calling it again (tests) builds an independent API over the same routers.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from django.utils.module_loading import autodiscover_modules
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from antq.api import tokens
from antq.api.auth import DEFAULT_AUTH
from antq.api.errors import document_errors, guard_view, install_error_handlers
from antq.api.views import TITLE, URLS_NAMESPACE, VERSION, docs_access
from antq.core.extensions import API_ROUTERS

DESCRIPTION = """
API của hệ thống ANTQ (Phong trào Toàn dân bảo vệ an ninh Tổ quốc).

**Xác thực**: mã truy cập (`Authorization: Bearer antq_…`, cấp bằng lệnh `manage.py create_api_token`) hoặc phiên
đăng nhập trên trình duyệt (các yêu cầu ghi cần header `X-CSRFToken`). Không xác thực: 401.

**Phạm vi**: mỗi người dùng chỉ thấy dữ liệu thuộc đơn vị được phân quyền; đối tượng không tồn tại hoặc ngoài
phạm vi đều trả về 404 với cùng nội dung.

**Phân trang**: `?page=N`, 50 bản ghi mỗi trang; kết quả gồm `items`, `count`, `page`, `pages`, `page_size`.

**Lỗi**: `{"code": …, "message": …, "field": …}`.
"""


class AntqAPI(NinjaAPI):
    """NinjaAPI whose schema also documents the error responses every operation may give."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # Every path's view refuses NUL input and answers 405 in the API's JSON error shape too (see guard_view).
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = guard_view(self, pattern.callback)
        return urls


def build_api() -> NinjaAPI:
    """A new NinjaAPI with every registered app router mounted under its prefix."""
    autodiscover_modules("api")
    api = AntqAPI(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION.strip(),
        urls_namespace=URLS_NAMESPACE,
        auth=DEFAULT_AUTH,
        docs_decorator=docs_access,
    )
    install_error_handlers(api)
    api.add_router("", tokens.router, url_name_prefix="api")
    for prefix, router in sorted(API_ROUTERS, key=lambda entry: entry[0]):
        # A URL-name prefix per app keeps names unique across apps ("geo_province_detail").
        name = prefix.strip("/")
        # An empty prefix mounts at the API root (e.g. /api/v1/indicators, which the reporting app owns).
        api.add_router(f"/{name}/" if name else "", router, url_name_prefix=name or "root")
    return api
