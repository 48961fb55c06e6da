"""Activities endpoints under /api/v1/activities/: outreach, festivals, award proposals and awards (read-only).

Lists start from the caller's scope (the same selectors as the pages) and are paginated by 50; a detail that is
missing or outside the scope answers the same 404. Proposals show the nominee's CCCD masked (the API never returns
it in full) and no birth date; awards carry no CCCD at all.

`POST /outreach` records an activity through the same service as the pages (`services.activity_record`): every
problem at once (400 `invalid`, `problems`), and an activity identical to one already recorded is refused with
400 `duplicate` (field `confirm_duplicate`) until the client sends it again with `"confirm_duplicate": true`.
"""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from antq.accounts.policy import personal_value
from antq.accounts.scope import scope_for
from antq.activities import selectors, services
from antq.activities.models import (
    Award,
    AwardProposal,
    DisplayType,
    Festival,
    FestivalStatus,
    Kind,
    NomineeKind,
    OutreachActivity,
    ProposalStatus,
    RecipientKind,
    Topic,
)
from antq.api.auth import api_user
from antq.api.filters import Id
from antq.api.pagination import PagePagination
from antq.api.schemas import UnitRefOut
from antq.core.errors import AmbiguousName, NotFoundOrOutOfScope, ValidationFailed
from antq.core.extensions import register_api_router
from antq.geo.models import AdminUnit, Establishment, Level, Locality
from antq.geo.selectors import unit_resolve

router = Router(tags=["Hoạt động phong trào"])

UNIT_PARAM = "Mã hoặc tên đơn vị: tỉnh (“33”) — gồm cả các xã của tỉnh — hoặc xã (“12688”, “Xã Đông Hưng, Hưng Yên”)."


# --- Schemas -----------------------------------------------------------------------------------------------------


class PlaceOut(Schema):
    id: int
    name: str


class ActivityOut(Schema):
    id: int
    unit: UnitRefOut = Field(description="Đơn vị thực hiện (xã, hoặc tỉnh với hoạt động của Công an tỉnh).")
    date: dt.date
    kind: Kind
    topic: Topic
    title: str
    locality: PlaceOut | None
    establishment: PlaceOut | None
    attendees: int | None
    attendees_officials: int
    attendees_civil_servants: int
    attendees_students: int
    attendees_workers: int
    attendees_residents: int
    outlet: str
    link: str
    display_type: DisplayType | None = Field(None, description="Pano, áp phích: loại.")
    count: int | None
    participants: int | None
    recipient_kind: RecipientKind | None = Field(None, description="Thăm hỏi, tặng quà: đối tượng.")
    recipients: int | None
    value_vnd: int | None
    note: str

    @staticmethod
    def resolve_display_type(obj: OutreachActivity) -> str | None:
        return obj.display_type or None

    @staticmethod
    def resolve_recipient_kind(obj: OutreachActivity) -> str | None:
        return obj.recipient_kind or None


# Text in a request body: within its column's length, and never a NUL character (PostgreSQL text cannot hold it).
_NO_NUL = r"^[^\x00]*$"
Text200 = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
Text250 = Annotated[str, StringConstraints(max_length=250, pattern=_NO_NUL)]
Text500 = Annotated[str, StringConstraints(max_length=500, pattern=_NO_NUL)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]  # the columns' range (PositiveIntegerField)


class ActivityIn(Schema):
    unit: Text200 = Field(
        min_length=1, description="Đơn vị thực hiện, mã hoặc tên: xã (“12688”), hoặc tỉnh (“33”) cho Công an tỉnh."
    )
    date: dt.date
    kind: Kind
    topic: Topic
    title: Text250 = ""
    locality: Id | None = Field(None, description="Thôn, tổ dân phố (id) của đơn vị.")
    establishment: Id | None = Field(None, description="Cơ quan, doanh nghiệp, trường học (id) của đơn vị.")
    attendees: Count | None = None
    attendees_officials: Count = 0
    attendees_civil_servants: Count = 0
    attendees_students: Count = 0
    attendees_workers: Count = 0
    attendees_residents: Count = 0
    outlet: Text200 = ""
    link: Text500 = ""
    display_type: DisplayType | None = None
    count: Count | None = None
    participants: Count | None = None
    recipient_kind: RecipientKind | None = None
    recipients: Count | None = None
    value_vnd: Annotated[int, Field(ge=0, le=2**63 - 1)] | None = None
    note: Text250 = ""
    confirm_duplicate: bool = Field(
        False,
        description="Xác nhận vẫn lưu khi hoạt động trùng với hoạt động đã ghi (cùng ngày, hình thức, đơn vị và số "
        "liệu): gửi lại với `true` sau khi nhận lỗi `duplicate`.",
    )


class FestivalOut(Schema):
    id: int
    commune: UnitRefOut
    year: int
    status: FestivalStatus
    planned_date: dt.date
    held_on: dt.date | None
    place: str
    is_pilot: bool = Field(description="Đơn vị tổ chức “điểm” Ngày hội của tỉnh.")
    ceremony_activities: str
    festival_activities: str
    participants: int | None
    guests: str
    results: str


class AwardFormOut(Schema):
    code: str
    name: str
    is_medal: bool


class ProposalOut(Schema):
    id: int
    proposing_unit: UnitRefOut
    year: int
    form: AwardFormOut
    nominee_kind: NomineeKind
    name: str = Field(description="Họ và tên cá nhân hoặc tên tập thể.")
    national_id: str = Field(
        description="Số CCCD theo quyền của người gọi (accounts.policy): che bớt (••••••••1234) hoặc rỗng; rỗng với "
        "tập thể. Không bao giờ đầy đủ qua API."
    )
    position: str
    status: ProposalStatus
    submitted_on: dt.date | None

    @staticmethod
    def resolve_name(obj: AwardProposal) -> str:
        return obj.nominee_name

    @staticmethod
    def resolve_national_id(obj: AwardProposal, context: dict[str, Any]) -> str:
        actor = api_user(context["request"])
        return personal_value(actor, obj.proposing_unit, "national_id", obj.national_id)


class AwardOut(Schema):
    id: int
    unit: UnitRefOut = Field(description="Đơn vị đề nghị.")
    form: AwardFormOut
    nominee_kind: NomineeKind
    name: str
    decision_number: str
    decision_date: dt.date
    signer: str
    proposal_id: int


class UnitYearFilters(Schema):
    unit: str | None = Field(None, description=UNIT_PARAM)
    year: int | None = Field(None, ge=2000, le=2200, description="Năm.")


class ActivityFilters(UnitYearFilters):
    kind: Kind | None = Field(None, description="Hình thức.")
    topic: Topic | None = Field(None, description="Chủ đề.")


class ProposalFilters(UnitYearFilters):
    status: ProposalStatus | None = Field(None, description="Trạng thái.")


def _unit(value: str | None) -> AdminUnit | None:
    """Today's unit named in the `unit` filter; a unit that does not exist is an input error (400)."""
    if not value:
        return None
    try:
        return unit_resolve(value)
    except AmbiguousName as exc:
        exc.field = "unit"
        raise
    except NotFoundOrOutOfScope as exc:
        raise ValidationFailed(exc.message, field="unit") from exc


# --- Endpoints ---------------------------------------------------------------------------------------------------


@router.get("/outreach", response=list[ActivityOut], url_name="outreach_list", summary="Hoạt động tuyên truyền")
@paginate(PagePagination)
def outreach_list(request: HttpRequest, filters: Query[ActivityFilters]) -> QuerySet[OutreachActivity]:
    return selectors.activities_for(
        api_user(request), unit=_unit(filters.unit), year=filters.year, kind=filters.kind, topic=filters.topic
    )


@router.post(
    "/outreach", response={201: ActivityOut}, url_name="outreach_create", summary="Ghi nhận một hoạt động tuyên truyền"
)
def outreach_create(request: HttpRequest, payload: ActivityIn) -> Status[OutreachActivity]:
    actor = api_user(request)
    unit = _unit(payload.unit)
    if unit is None:
        raise ValidationFailed("Cần ghi đơn vị thực hiện.", field="unit")
    if not unit.is_current or not scope_for(actor).can_write(unit):
        # Before looking up the places: a caller who may not write here learns nothing about the unit's places.
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    data = payload.model_dump(exclude={"unit", "confirm_duplicate"})
    for name in ("display_type", "recipient_kind"):
        data[name] = data[name] or ""
    data["locality"] = _place(Locality, unit, data["locality"], "locality", "thôn, tổ dân phố")
    data["establishment"] = _place(Establishment, unit, data["establishment"], "establishment", "cơ sở")
    activity = services.activity_record(actor=actor, unit=unit, confirm_duplicate=payload.confirm_duplicate, **data)
    return Status(201, activity)


def _place(model: type[Locality | Establishment], unit: AdminUnit, pk: int | None, field: str, label: str) -> Any:
    """A current locality or establishment of the unit (of its communes, for a province), or a 400 naming the
    field — the same answer whether the id does not exist or belongs elsewhere."""
    if pk is None:
        return None
    where = {"commune": unit} if unit.level == Level.COMMUNE else {"commune__parent": unit}
    place = model.objects.filter(pk=pk, ended_on__isnull=True, **where).select_related("commune").first()
    if place is None:
        raise ValidationFailed(f"Không tìm thấy {label} có id {pk} thuộc {unit.name}.", field=field)
    return place


@router.get("/outreach/{activity_id}", response=ActivityOut, url_name="outreach_detail", summary="Một hoạt động")
def outreach_detail(request: HttpRequest, activity_id: Id) -> OutreachActivity:
    return selectors.get_activity_for(api_user(request), activity_id)


@router.get("/festivals", response=list[FestivalOut], url_name="festival_list", summary="Ngày hội toàn dân bảo vệ ANTQ")
@paginate(PagePagination)
def festival_list(request: HttpRequest, filters: Query[UnitYearFilters]) -> QuerySet[Festival]:
    return selectors.festivals_for(api_user(request), unit=_unit(filters.unit), year=filters.year)


@router.get("/festivals/{festival_id}", response=FestivalOut, url_name="festival_detail", summary="Một ngày hội")
def festival_detail(request: HttpRequest, festival_id: Id) -> Festival:
    return selectors.get_festival_for(api_user(request), festival_id)


@router.get("/award-proposals", response=list[ProposalOut], url_name="proposal_list", summary="Đề nghị khen thưởng")
@paginate(PagePagination)
def proposal_list(request: HttpRequest, filters: Query[ProposalFilters]) -> QuerySet[AwardProposal]:
    return selectors.proposals_for(
        api_user(request), unit=_unit(filters.unit), year=filters.year, status=filters.status
    )


@router.get("/award-proposals/{proposal_id}", response=ProposalOut, url_name="proposal_detail", summary="Một đề nghị")
def proposal_detail(request: HttpRequest, proposal_id: Id) -> Any:
    return selectors.get_proposal_for(api_user(request), proposal_id)


@router.get("/awards", response=list[AwardOut], url_name="award_list", summary="Tập thể, cá nhân được khen thưởng")
@paginate(PagePagination)
def award_list(request: HttpRequest, filters: Query[UnitYearFilters]) -> QuerySet[Award]:
    return selectors.awards_for(api_user(request), unit=_unit(filters.unit), year=filters.year)


@router.get("/awards/{award_id}", response=AwardOut, url_name="award_detail", summary="Một khen thưởng")
def award_detail(request: HttpRequest, award_id: Id) -> Award:
    return selectors.get_award_for(api_user(request), award_id)


register_api_router("activities", router)
