"""Forces endpoints under /api/v1/forces/: teams, members (personal fields per accounts.policy: the CCCD masked
or absent, never in full) and trainings, read-only.

Same scope as the pages: officers see their units' rosters, a team leader their own team, viewers none (their
lists are empty: aggregates only, through /api/v1/indicators)."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from antq.accounts.policy import personal_value
from antq.api.auth import api_user
from antq.api.filters import Id, unit_filter
from antq.api.pagination import PagePagination
from antq.api.schemas import UnitRefOut
from antq.core.extensions import register_api_router
from antq.forces import selectors
from antq.forces.models import Gender, Role, SecurityTeam, TeamMember, TeamStatus, Training
from antq.geo.models import Level

router = Router(tags=["Lực lượng bảo vệ ANTT ở cơ sở"])


class TeamOut(Schema):
    id: int
    name: str
    commune: UnitRefOut
    status: TeamStatus
    founded_on: dt.date
    dissolved_on: dt.date | None
    decision_number: str
    member_count: int
    localities: list[str]

    @staticmethod
    def resolve_localities(team: SecurityTeam) -> list[str]:
        return [c.locality.name for c in getattr(team, "active_coverages", [])]


class MemberOut(Schema):
    id: int
    team_id: int
    full_name: str
    role: Role
    gender: Gender
    birth_date: dt.date | None = Field(None, description="null với vai trò không được xem (Tổ trưởng).")
    national_id: str = Field(
        description="Che bớt (••••••••1234) với cán bộ xã, tỉnh, Bộ; rỗng với Tổ trưởng. Không bao giờ đầy đủ."
    )
    phone: str = Field(description="Đầy đủ (cán bộ xã, Tổ trưởng) hoặc che bớt (tỉnh, Bộ).")
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str


class TrainingOut(Schema):
    id: int
    member_id: int
    course: str
    start_date: dt.date
    end_date: dt.date
    hours: int
    passed: bool


class TeamFilters(Schema):
    commune: str | None = Field(None, description="Mã xã hoặc “tên, tỉnh”.")
    status: TeamStatus | None = None


class MemberFilters(Schema):
    team: Id | None = None
    commune: str | None = None
    active: bool | None = Field(True, description="true: đang tham gia (mặc định); false: đã thôi; bỏ trống: cả hai.")


class TrainingFilters(Schema):
    member: Id | None = None
    commune: str | None = Field(None, description="Mã xã hoặc “tên, tỉnh”.")


def _member_out(actor: Any, member: TeamMember) -> dict[str, Any]:
    commune = member.team.commune
    birth_date = personal_value(actor, commune, "birth_date", member.birth_date)
    return {
        "id": member.pk,
        "team_id": member.team_id,
        "full_name": member.full_name,
        "role": member.role,
        "gender": member.gender,
        "birth_date": member.birth_date if birth_date else None,
        "national_id": personal_value(actor, commune, "national_id", member.national_id),
        "phone": personal_value(actor, commune, "phone", member.phone),
        "start_date": member.start_date,
        "end_date": member.end_date,
        "end_reason": member.end_reason,
    }


@router.get("/teams", response=list[TeamOut], url_name="team_list", summary="Tổ bảo vệ ANTT trong phạm vi")
@paginate(PagePagination)
def team_list(request: HttpRequest, filters: Query[TeamFilters]) -> QuerySet[SecurityTeam]:
    commune = unit_filter(filters.commune, level=Level.COMMUNE, field="commune") if filters.commune else None
    return selectors.teams_for(api_user(request), commune=commune, status=filters.status)


@router.get("/teams/{team_id}", response=TeamOut, url_name="team_detail", summary="Một tổ")
def team_detail(request: HttpRequest, team_id: Id) -> SecurityTeam:
    return selectors.get_team_for(api_user(request), team_id)


@router.get("/members", response=list[MemberOut], url_name="member_list", summary="Thành viên (CCCD che)")
@paginate(PagePagination)
def member_list(request: HttpRequest, filters: Query[MemberFilters]) -> list[dict[str, Any]]:
    actor = api_user(request)
    commune = unit_filter(filters.commune, level=Level.COMMUNE, field="commune") if filters.commune else None
    members = selectors.members_for(actor, commune=commune, active=filters.active)
    if filters.team:
        members = members.filter(team_id=filters.team)
    return _LazyMembers(members, lambda m: _member_out(actor, m))  # type: ignore[return-value]


@router.get("/members/{member_id}", response=MemberOut, url_name="member_detail", summary="Một thành viên")
def member_detail(request: HttpRequest, member_id: Id) -> dict[str, Any]:
    actor = api_user(request)
    return _member_out(actor, selectors.get_member_for(actor, member_id))


@router.get("/trainings", response=list[TrainingOut], url_name="training_list", summary="Lượt bồi dưỡng, tập huấn")
@paginate(PagePagination)
def training_list(request: HttpRequest, filters: Query[TrainingFilters]) -> QuerySet[Training]:
    commune = unit_filter(filters.commune, level=Level.COMMUNE, field="commune") if filters.commune else None
    members = selectors.members_for(api_user(request), commune=commune, active=None)
    trainings = Training.objects.filter(member__in=members.values("pk")).order_by("-start_date", "pk")
    return trainings.filter(member_id=filters.member) if filters.member else trainings


class _LazyMembers:
    """A queryset the paginator can count and slice, rendering only the page's rows through `render`."""

    def __init__(self, queryset: QuerySet[TeamMember], render: Any) -> None:
        self.queryset, self.render = queryset, render

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [self.render(member) for member in self.queryset[item]]


register_api_router("forces", router)
