"""Geography endpoints under /api/v1/geo/: provinces, communes, localities and establishments (read-only).

The same scope as the unit browser pages: lists start from the caller's scope, details go through the scoped
accessors, and an object that is missing or outside the scope answers the same 404.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from antq.accounts import units
from antq.accounts.scope import scope_for
from antq.api.auth import api_user
from antq.api.filters import Id, unit_filter
from antq.api.pagination import PagePagination
from antq.api.schemas import UnitRefOut
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.extensions import register_api_router
from antq.geo import selectors
from antq.geo.models import AdminUnit, Establishment, EstablishmentKind, Level, Locality, LocalityKind

router = Router(tags=["Địa bàn"])

PROVINCE_PARAM = "Mã tỉnh (“33”) hoặc tên (“Hưng Yên”)."
COMMUNE_PARAM = "Mã xã (“12688”, “694”) hoặc tên kèm tỉnh (“Xã Đông Hưng, Hưng Yên”)."


# --- Schemas: what the pages show, nothing more -----------------------------------------------------------


class ProvinceOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    commune_count: int = Field(description="Số xã, phường, đặc khu hiện hành.")


class CommuneOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    province: UnitRefOut = Field(alias="parent")  # read from AdminUnit.parent, shown as "province"


class CommuneDetailOut(CommuneOut):
    locality_count: int = Field(description="Số thôn, tổ dân phố đang hoạt động.")
    establishment_count: int = Field(description="Số cơ quan, doanh nghiệp, cơ sở giáo dục đang hoạt động.")


class LocalityRefOut(Schema):
    id: int
    name: str


class LocalityOut(Schema):
    id: int
    name: str
    kind: LocalityKind
    households: int | None
    population: int | None
    commune: UnitRefOut
    ended_on: dt.date | None


class EstablishmentOut(Schema):
    id: int
    name: str
    kind: EstablishmentKind
    size_class: str
    address: str
    commune: UnitRefOut
    locality: LocalityRefOut | None
    ended_on: dt.date | None


class CommuneFilters(Schema):
    province: str | None = Field(None, description=PROVINCE_PARAM)


class LocalityFilters(CommuneFilters):
    commune: str | None = Field(None, description=COMMUNE_PARAM)
    kind: LocalityKind | None = Field(None, description="Loại: thôn, tổ dân phố, khu dân cư, ấp, bản.")


class EstablishmentFilters(CommuneFilters):
    commune: str | None = Field(None, description=COMMUNE_PARAM)
    kind: EstablishmentKind | None = Field(None, description="Loại: cơ quan, doanh nghiệp, cơ sở giáo dục.")


def _get_in_scope(queryset: QuerySet[Any], actor: Any, pk: int) -> Any:
    """One row (ended ones included) of a commune the actor covers; 404 when missing or out of scope."""
    found = queryset.filter(scope_for(actor).commune_q("commune"), pk=pk).first()
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    return found


def _filtered(queryset: QuerySet[Any], filters: LocalityFilters | EstablishmentFilters) -> QuerySet[Any]:
    """Narrow a scoped list of rows that belong to a commune by province, commune and kind."""
    if filters.province:
        queryset = queryset.filter(
            commune__parent=unit_filter(filters.province, level=Level.PROVINCE, field="province")
        )
    if filters.commune:
        queryset = queryset.filter(commune=unit_filter(filters.commune, level=Level.COMMUNE, field="commune"))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset


# --- Endpoints ---------------------------------------------------------------------------------------------


@router.get("/provinces", response=list[ProvinceOut], url_name="province_list", summary="Các tỉnh trong phạm vi")
@paginate(PagePagination)
def province_list(request: HttpRequest) -> QuerySet[AdminUnit]:
    return units.provinces_for(api_user(request)).order_by("code")


@router.get("/provinces/{code}", response=ProvinceOut, url_name="province_detail", summary="Một tỉnh theo mã")
def province_detail(request: HttpRequest, code: str) -> AdminUnit:
    unit = units.get_unit_for(api_user(request), code, level=Level.PROVINCE)
    return selectors.provinces_with_counts().get(pk=unit.pk)


@router.get("/communes", response=list[CommuneOut], url_name="commune_list", summary="Các xã trong phạm vi")
@paginate(PagePagination)
def commune_list(request: HttpRequest, filters: Query[CommuneFilters]) -> QuerySet[AdminUnit]:
    communes = units.communes_for(api_user(request)).select_related("parent")
    if filters.province:
        communes = communes.filter(parent=unit_filter(filters.province, level=Level.PROVINCE, field="province"))
    return communes.order_by("code")


@router.get("/communes/{code}", response=CommuneDetailOut, url_name="commune_detail", summary="Một xã theo mã")
def commune_detail(request: HttpRequest, code: str) -> AdminUnit:
    unit = units.get_unit_for(api_user(request), code, level=Level.COMMUNE)
    # The same two counts the commune page shows.
    unit.locality_count = selectors.localities_of(unit).count()  # type: ignore[attr-defined]
    unit.establishment_count = selectors.establishments_of(unit).count()  # type: ignore[attr-defined]
    return unit


@router.get(
    "/localities", response=list[LocalityOut], url_name="locality_list", summary="Thôn, tổ dân phố trong phạm vi"
)
@paginate(PagePagination)
def locality_list(request: HttpRequest, filters: Query[LocalityFilters]) -> QuerySet[Locality]:
    return _filtered(units.localities_for(api_user(request)), filters)


@router.get("/localities/{locality_id}", response=LocalityOut, url_name="locality_detail", summary="Một thôn theo id")
def locality_detail(request: HttpRequest, locality_id: Id) -> Locality:
    return _get_in_scope(Locality.objects.select_related("commune"), api_user(request), locality_id)


@router.get(
    "/establishments",
    response=list[EstablishmentOut],
    url_name="establishment_list",
    summary="Cơ quan, doanh nghiệp, cơ sở giáo dục trong phạm vi",
)
@paginate(PagePagination)
def establishment_list(request: HttpRequest, filters: Query[EstablishmentFilters]) -> QuerySet[Establishment]:
    return _filtered(units.establishments_for(api_user(request)), filters)


@router.get(
    "/establishments/{establishment_id}",
    response=EstablishmentOut,
    url_name="establishment_detail",
    summary="Một cơ sở theo id",
)
def establishment_detail(request: HttpRequest, establishment_id: Id) -> Establishment:
    return _get_in_scope(
        Establishment.objects.select_related("commune", "locality"), api_user(request), establishment_id
    )


register_api_router("geo", router)
