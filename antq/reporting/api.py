"""GET /api/v1/indicators?unit=<code>&period=<period>: every indicator of a unit and period, scoped.

The same JSON object as `manage.py indicators --format json`: {code: {value, qualifier, source, approved}}."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from antq.accounts.units import unit_resolve_for
from antq.api.auth import api_user
from antq.core.extensions import register_api_router
from antq.core.periods import Period
from antq.reporting.selectors import indicator_values

router = Router(tags=["Chỉ tiêu"])


class IndicatorQuery(Schema):
    unit: str = Field(description="Mã đơn vị (VN, 33, 12688) hoặc “tên, tỉnh”.")
    period: str = Field(description="Kỳ: 2025, 2025H1, 2025Q3, 2025-07 hoặc 2013..2023.")


class IndicatorOut(Schema):
    value: float | int | None
    qualifier: str
    source: str
    approved: float | int | None


@router.get(
    "/indicators",
    response=dict[str, IndicatorOut],
    url_name="indicator_values",
    summary="Các chỉ tiêu của một đơn vị trong một kỳ",
)
def indicators(request: HttpRequest, query: Query[IndicatorQuery]) -> dict[str, Any]:
    actor = api_user(request)
    unit = unit_resolve_for(actor, query.unit)
    values = indicator_values(actor=actor, unit=unit, period=Period.parse(query.period))
    return {code: value.as_dict() for code, value in values.items()}


register_api_router("", router)
