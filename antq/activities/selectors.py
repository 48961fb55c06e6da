"""Reads for outreach, festivals and awards, always from the actor's scope; single objects through scoped accessors
that answer the same NotFoundOrOutOfScope whether a row is missing or not the actor's.

Outreach rows and award proposals belong to a *recording unit* — a commune, or a province for the province
department's own work — so their scope is "units the actor covers" rather than "communes the actor covers":
a province officer sees the province's own rows and its communes'; a commune officer only their commune's."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from antq.accounts.models import Role
from antq.accounts.scope import OFFICER_ROLES, scope_for
from antq.activities.models import (
    Award,
    AwardProposal,
    Festival,
    FestivalPhoto,
    FestivalStatus,
    Kind,
    OutreachActivity,
)
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.periods import Period, flow_q
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import within_unit_q

# Outreach and festivals carry no personal data: every role that covers the unit reads them, viewers included.
READ_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE, Role.COMMUNE, Role.VIEWER})
# Award proposals carry names, birth dates and CCCD numbers: officers only.
AWARD_ROLES = OFFICER_ROLES


def recorded_in_scope_q(actor: Any, path: str = "unit", roles: frozenset[str] | None = None) -> Q:
    """Rows whose recording unit (a commune or a province, through `path`) the actor covers; fails closed."""
    scope = scope_for(actor)
    if scope.is_national(roles):
        return Q()
    provinces = scope.province_ids(roles)
    q = scope.commune_q(path, roles)
    return q | Q(**{f"{path}_id__in": provinces}) if provinces else q


def recorded_within_q(unit: AdminUnit, path: str = "unit") -> Q:
    """Rows recorded in `unit`: the nation, a province (its own rows and its communes') or a commune."""
    if unit.level == Level.PROVINCE:
        return within_unit_q(unit, path) | Q(**{path: unit})
    return within_unit_q(unit, path)


def covers(actor: Any, unit: AdminUnit, roles: frozenset[str] = READ_ROLES) -> bool:
    return scope_for(actor).covers(unit, roles)


# --- Outreach --------------------------------------------------------------------------------------------------


def activities_for(
    actor: Any,
    *,
    unit: AdminUnit | None = None,
    year: int | None = None,
    kind: str | None = None,
    topic: str | None = None,
    own_only: bool = False,
) -> QuerySet[OutreachActivity]:
    """Outreach activities the actor may see, newest first; `own_only` keeps a province's own rows only."""
    rows = OutreachActivity.objects.filter(recorded_in_scope_q(actor, "unit", READ_ROLES)).select_related(
        "unit", "locality", "establishment"
    )
    if unit is not None:
        rows = rows.filter(unit=unit) if own_only else rows.filter(recorded_within_q(unit))
    if year:  # a reporting year: its days follow the data cut-off, as the indicators count them
        rows = rows.filter(flow_q(Period.year_of(year), date_field="date"))
    if kind:
        rows = rows.filter(kind=kind)
    if topic:
        rows = rows.filter(topic=topic)
    return rows.order_by("-date", "-pk")


def get_activity_for(actor: Any, pk: int) -> OutreachActivity:
    found = activities_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy hoạt động.")
    return found


def activity_totals(rows: QuerySet[OutreachActivity]) -> dict[str, dict[str, int]]:
    """Per kind: number of activities and the sum of its main measure (one query)."""
    totals: dict[str, dict[str, int]] = {}
    for row in (
        rows.order_by()
        .values("kind")
        .annotate(
            n=Count("pk"),
            attendees=Coalesce(Sum("attendees"), 0),
            count=Coalesce(Sum("count"), 0),
            participants=Coalesce(Sum("participants"), 0),
            recipients=Coalesce(Sum("recipients"), 0),
            value=Coalesce(Sum("value_vnd"), 0),
        )
    ):
        totals[row["kind"]] = row
    return totals


KIND_LABELS = dict(Kind.choices)


# --- Festivals -------------------------------------------------------------------------------------------------


def festivals_for(actor: Any, *, unit: AdminUnit | None = None, year: int | None = None) -> QuerySet[Festival]:
    """Festivals of the communes the actor covers (any read role)."""
    rows = Festival.objects.filter(scope_for(actor).commune_q("commune", READ_ROLES)).select_related(
        "commune", "province"
    )
    if unit is not None:
        rows = rows.filter(within_unit_q(unit, "commune"))
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "commune__sort_key")


def get_festival_for(actor: Any, pk: int) -> Festival:
    found = festivals_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy ngày hội.")
    return found


def festival_of(actor: Any, commune: AdminUnit, year: int) -> Festival | None:
    return festivals_for(actor, unit=commune, year=year).first()


def get_photo_for(actor: Any, pk: int) -> FestivalPhoto:
    found = (
        FestivalPhoto.objects.filter(scope_for(actor).commune_q("festival__commune", READ_ROLES), pk=pk)
        .select_related("festival")
        .first()
    )
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy ảnh.")
    return found


def festival_board(actor: Any, province: AdminUnit, year: int) -> tuple[QuerySet[AdminUnit], dict[str, int]]:
    """The province's communes the actor covers (to paginate) and the year's totals: planned, held, pilot, none."""
    scope = scope_for(actor)
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True)
    if not scope.is_national(READ_ROLES):
        communes = communes.filter(
            Q(parent_id__in=scope.province_ids(READ_ROLES)) | Q(pk__in=scope.commune_ids(READ_ROLES))
        )
    festivals = Festival.objects.filter(commune__in=communes, year=year)
    counts = festivals.aggregate(
        planned=Count("pk", filter=Q(status=FestivalStatus.PLANNED)),
        held=Count("pk", filter=Q(status=FestivalStatus.HELD)),
        pilot=Count("pk", filter=Q(is_pilot=True)),
        total=Count("pk"),
    )
    counts["communes"] = communes.count()
    counts["none"] = counts["communes"] - counts["total"]
    return communes.order_by("sort_key"), counts


def festivals_by_commune(communes: list[AdminUnit], year: int) -> dict[int, Festival]:
    """The year's festival of each commune listed (one query, whatever the number of communes)."""
    return {f.commune_id: f for f in Festival.objects.filter(commune__in=communes, year=year)}


# --- Awards ----------------------------------------------------------------------------------------------------


def proposals_for(
    actor: Any,
    *,
    unit: AdminUnit | None = None,
    year: int | None = None,
    status: str | None = None,
    medal: bool | None = None,
) -> QuerySet[AwardProposal]:
    """Award proposals of the units the actor covers as an officer (names and CCCD: no viewers)."""
    rows = AwardProposal.objects.filter(recorded_in_scope_q(actor, "proposing_unit", AWARD_ROLES)).select_related(
        "proposing_unit", "form", "collective_unit"
    )
    if unit is not None:
        rows = rows.filter(recorded_within_q(unit, "proposing_unit"))
    if year:
        rows = rows.filter(year=year)
    if status:
        rows = rows.filter(status=status)
    if medal is not None:
        rows = rows.filter(form__is_medal=medal)
    return rows.order_by("-year", "-pk")


def get_proposal_for(actor: Any, pk: int) -> AwardProposal:
    found = proposals_for(actor).select_related("member", "member__team").filter(pk=pk).first()
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy đề nghị khen thưởng.")
    return found


def awards_for(actor: Any, *, unit: AdminUnit | None = None, year: int | None = None) -> QuerySet[Award]:
    """Commendations decided for the units the actor covers as an officer."""
    rows = Award.objects.filter(recorded_in_scope_q(actor, "unit", AWARD_ROLES)).select_related("unit", "form")
    if unit is not None:
        rows = rows.filter(recorded_within_q(unit))
    if year:  # a reporting year, as for outreach
        rows = rows.filter(flow_q(Period.year_of(year), date_field="decision_date"))
    return rows.order_by("-decision_date", "form__order", "name", "pk")


def get_award_for(actor: Any, pk: int) -> Award:
    found = awards_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy khen thưởng.")
    return found
