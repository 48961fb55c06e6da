"""Scheme endpoints under /api/v1/schemes/: types, schemes, sites, evaluations and advanced examples (read-only).

The same scope as the pages: lists start from the caller's scope (antq.schemes.selectors), details go through
the scoped accessors, and an object that is missing or outside the scope answers the same 404. Contact data of
an advanced example follows accounts.policy ("phone"): full for the commune's officers, masked for province and
Ministry officers, absent for viewers; lists never carry it.
"""

import datetime as dt
from typing import Annotated, Any

from annotated_types import Interval
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator

from antq.accounts.policy import personal_value
from antq.api.auth import api_user
from antq.api.filters import Id, plain_digits, unit_filter
from antq.api.pagination import PagePagination
from antq.api.schemas import UnitRefOut
from antq.core.extensions import register_api_router
from antq.geo.models import Level
from antq.schemes import selectors
from antq.schemes.models import (
    Exemplar,
    ExemplarKind,
    ExemplarLevel,
    LeadOrganisation,
    PlaceKind,
    Rating,
    Recognition,
    Scheme,
    SchemeField,
    SchemeSite,
    SchemeType,
    SiteEvaluation,
    SiteStatus,
)

router = Router(tags=["Mô hình, điển hình tiên tiến"])

PROVINCE_PARAM = "Mã tỉnh (“33”) hoặc tên (“Hưng Yên”)."
COMMUNE_PARAM = "Mã xã (“12688”) hoặc tên kèm tỉnh (“Xã Đông Hưng, Hưng Yên”)."


# --- Schemas ---------------------------------------------------------------------------------------------------


class TypeRefOut(Schema):
    id: int
    code: str
    name: str


class SchemeTypeOut(TypeRefOut):
    field: SchemeField
    description: str
    province: UnitRefOut | None = Field(description="Tỉnh, nếu là loại riêng của tỉnh; null: loại toàn quốc.")
    site_count: int = Field(description="Số điểm đang duy trì (chưa dừng) trong phạm vi người gọi.")


class SchemeRefOut(Schema):
    id: int
    name: str


class SchemeOut(SchemeRefOut):
    scheme_type: TypeRefOut
    unit: UnitRefOut = Field(description="Xã hoặc tỉnh xây dựng mô hình.")
    lead_organisation: LeadOrganisation
    started_on: dt.date
    description: str
    site_count: int = Field(description="Số điểm đang duy trì trong phạm vi người gọi.")
    commune_count: int = Field(description="Số xã có điểm đang duy trì, trong phạm vi người gọi.")


class PlaceRefOut(Schema):
    id: int
    name: str


class SiteOut(Schema):
    id: int
    scheme: SchemeRefOut
    scheme_type: TypeRefOut = Field(alias="scheme.scheme_type")
    commune: UnitRefOut
    place_kind: PlaceKind
    place_name: str
    locality: PlaceRefOut | None
    establishment: PlaceRefOut | None
    started_on: dt.date
    status: SiteStatus
    ended_on: dt.date | None
    end_reason: str
    households: int | None
    members: int | None
    replicated_from_id: int | None = Field(description="Điểm mô hình được nhân rộng (id), nếu có.")
    recognition: Recognition
    recognition_decision: str
    recognition_date: dt.date | None
    recognition_body: str
    latest_rating: Rating | None = Field(description="Xếp loại của lần đánh giá gần nhất.")
    latest_evaluated_on: dt.date | None
    evaluation_overdue: bool = Field(description="Quá 12 tháng chưa được đánh giá.")

    @staticmethod
    def resolve_evaluation_overdue(site: SchemeSite) -> bool:
        return selectors.is_overdue(site)


class TeamRefOut(Schema):
    id: int
    name: str


class SiteDetailOut(SiteOut):
    results: str
    teams: list[TeamRefOut]

    @staticmethod
    def resolve_teams(site: SchemeSite) -> list[Any]:
        return list(site.teams.order_by("sort_key"))


class EvaluationOut(Schema):
    id: int
    evaluated_on: dt.date
    assessor: str
    rating: Rating
    findings: str


class ExemplarOut(Schema):
    id: int
    kind: ExemplarKind
    name: str
    position: str
    unit: UnitRefOut
    year: int
    achievements: str
    recognition_level: ExemplarLevel
    recognition: str
    decision_number: str
    decision_date: dt.date | None
    has_photo: bool

    @staticmethod
    def resolve_has_photo(exemplar: Exemplar) -> bool:
        return bool(exemplar.photo)


class ExemplarDetailOut(ExemplarOut):
    contact_phone: str | None = Field(description="Đầy đủ (cán bộ xã), che bớt (tỉnh, Bộ) hoặc null (chỉ xem).")
    contact_address: str | None = Field(description="Đầy đủ (cán bộ xã), che bớt (tỉnh, Bộ) hoặc null (chỉ xem).")


# --- Filters ---------------------------------------------------------------------------------------------------


class UnitFilters(Schema):
    province: str | None = Field(None, description=PROVINCE_PARAM)
    commune: str | None = Field(None, description=COMMUNE_PARAM)


class TypeFilters(Schema):
    field: SchemeField | None = Field(None, description="Lĩnh vực.")


class SchemeFilters(UnitFilters):
    scheme_type: str | None = Field(None, description="Mã loại mô hình (SchemeType.code).")
    lead_organisation: LeadOrganisation | None = None


class SiteFilterParams(UnitFilters):
    scheme: Id | None = Field(None, description="Id mô hình.")
    scheme_type: str | None = Field(None, description="Mã loại mô hình (SchemeType.code).")
    field: SchemeField | None = None
    status: SiteStatus | None = None
    rating: Rating | None = Field(None, description="Xếp loại của lần đánh giá gần nhất.")
    recognition: Recognition | None = None
    lead_organisation: LeadOrganisation | None = None
    overdue: bool = Field(False, description="Chỉ các điểm quá 12 tháng chưa được đánh giá.")


# A year filter, ASCII digits in the years records can have (as antq.api.filters.Id does for ids).
Year = Annotated[int, Interval(ge=1990, le=2200), BeforeValidator(plain_digits)]


class ExemplarFilters(UnitFilters):
    year: Year | None = Field(None, description="Năm.")
    kind: ExemplarKind | None = None
    recognition_level: ExemplarLevel | None = None


def _unit(filters: UnitFilters) -> Any:
    """The commune (or else the province) named by the filters, or None."""
    if filters.commune:
        return unit_filter(filters.commune, level=Level.COMMUNE, field="commune")
    if filters.province:
        return unit_filter(filters.province, level=Level.PROVINCE, field="province")
    return None


def _type_id(code: str) -> int | None:
    """The type named by its code; None for an unknown code (the list is then empty, like a unit out of scope)."""
    return SchemeType.objects.filter(code=code).values_list("pk", flat=True).first()


# --- Endpoints -------------------------------------------------------------------------------------------------


@router.get("/types", response=list[SchemeTypeOut], url_name="type_list", summary="Loại mô hình")
@paginate(PagePagination)
def type_list(request: HttpRequest, filters: Query[TypeFilters]) -> QuerySet[SchemeType]:
    types = selectors.scheme_types_for(api_user(request))
    return types.filter(field=filters.field) if filters.field else types


@router.get("/types/{type_id}", response=SchemeTypeOut, url_name="type_detail", summary="Một loại mô hình")
def type_detail(request: HttpRequest, type_id: Id) -> SchemeType:
    return selectors.get_scheme_type_for(api_user(request), type_id)


@router.get("/schemes", response=list[SchemeOut], url_name="scheme_list", summary="Mô hình trong phạm vi")
@paginate(PagePagination)
def scheme_list(request: HttpRequest, filters: Query[SchemeFilters]) -> QuerySet[Scheme]:
    schemes = selectors.schemes_for(api_user(request), unit=_unit(filters))
    if filters.scheme_type:
        type_id = _type_id(filters.scheme_type)
        schemes = schemes.filter(scheme_type_id=type_id) if type_id else schemes.none()
    if filters.lead_organisation:
        schemes = schemes.filter(lead_organisation=filters.lead_organisation)
    return schemes


@router.get("/schemes/{scheme_id}", response=SchemeOut, url_name="scheme_detail", summary="Một mô hình")
def scheme_detail(request: HttpRequest, scheme_id: Id) -> Scheme:
    return selectors.get_scheme_for(api_user(request), scheme_id)


@router.get("/sites", response=list[SiteOut], url_name="site_list", summary="Điểm mô hình trong phạm vi")
@paginate(PagePagination)
def site_list(request: HttpRequest, filters: Query[SiteFilterParams]) -> QuerySet[SchemeSite]:
    type_id = _type_id(filters.scheme_type) if filters.scheme_type else None
    if filters.scheme_type and type_id is None:
        return SchemeSite.objects.none()
    chosen = selectors.SiteFilters(
        scheme_type=type_id,
        field=filters.field or "",
        status=filters.status or "",
        rating=filters.rating or "",
        recognition=filters.recognition or "",
        lead_organisation=filters.lead_organisation or "",
        scheme=filters.scheme,
        overdue=filters.overdue,
    )
    return selectors.sites_for(api_user(request), unit=_unit(filters), filters=chosen)


@router.get("/sites/{site_id}", response=SiteDetailOut, url_name="site_detail", summary="Một điểm mô hình")
def site_detail(request: HttpRequest, site_id: Id) -> SchemeSite:
    return selectors.get_site_for(api_user(request), site_id)


@router.get(
    "/sites/{site_id}/evaluations",
    response=list[EvaluationOut],
    url_name="site_evaluations",
    summary="Các lần đánh giá một điểm mô hình (mới nhất trước)",
)
@paginate(PagePagination)
def site_evaluations(request: HttpRequest, site_id: Id) -> QuerySet[SiteEvaluation]:
    site = selectors.get_site_for(api_user(request), site_id)
    return site.evaluations.order_by("-evaluated_on", "-pk")


@router.get("/exemplars", response=list[ExemplarOut], url_name="exemplar_list", summary="Điển hình tiên tiến")
@paginate(PagePagination)
def exemplar_list(request: HttpRequest, filters: Query[ExemplarFilters]) -> QuerySet[Exemplar]:
    return selectors.exemplars_for(
        api_user(request),
        unit=_unit(filters),
        year=filters.year,
        kind=filters.kind or "",
        level=filters.recognition_level or "",
    )


@router.get("/exemplars/{exemplar_id}", response=ExemplarDetailOut, url_name="exemplar_detail", summary="Một điển hình")
def exemplar_detail(request: HttpRequest, exemplar_id: Id) -> Exemplar:
    actor = api_user(request)
    exemplar = selectors.get_exemplar_for(actor, exemplar_id)
    # The same rule as the page: the instance is only read here, never saved.
    phone = personal_value(actor, exemplar.unit, "phone", exemplar.contact_phone)
    address = personal_value(actor, exemplar.unit, "address", exemplar.contact_address)
    exemplar.contact_phone = phone or None  # type: ignore[assignment]
    exemplar.contact_address = address or None  # type: ignore[assignment]
    return exemplar


register_api_router("schemes", router)
