"""Page-number pagination for every list endpoint: `?page=N`, a fixed page size (settings.ANTQ_PAGE_SIZE = 50).

The response is `{"items": [...], "count": total rows, "page": N, "pages": total pages, "page_size": 50}`.
A page past the last one answers an empty `items` list (with the true `count` and `pages`), so a client can
loop `while page <= pages`. Each page costs two queries, whatever its size: one COUNT and one slice.
"""

from __future__ import annotations

from typing import Annotated, Any

from annotated_types import Interval
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import BeforeValidator

from antq.api.filters import plain_digits

# Far beyond any list (10 million outreach rows are 200,000 pages) and far below what a query can hold.
MAX_PAGE = 10**9


class PagePagination(PaginationBase):
    """`?page=N` with a fixed page size; use as `@paginate(PagePagination)` under a `response=list[Schema]`."""

    class Input(Schema):
        page: Annotated[int, Interval(ge=1, le=MAX_PAGE), BeforeValidator(plain_digits)] = Field(
            1, description="Số trang, bắt đầu từ 1."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Tổng số bản ghi (mọi trang).")
        page: int = Field(description="Trang hiện tại.")
        pages: int = Field(description="Tổng số trang (ít nhất 1).")
        page_size: int = Field(description="Số bản ghi mỗi trang.")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page_size: int = settings.ANTQ_PAGE_SIZE
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * page_size
        return {
            "items": queryset[offset : offset + page_size] if offset < count else [],
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // page_size)),
            "page_size": page_size,
        }
