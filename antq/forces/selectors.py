"""Reads for teams and members, always from the actor's scope. Team leaders see only their own team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from antq.accounts.models import Role as AccountRole
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.forces import rules
from antq.forces.models import Role, SecurityTeam, TeamCoverage, TeamMember, TeamSizeRule, TeamStatus
from antq.geo.models import AdminUnit, Level

# Roles that may open member records (personal data). Viewers see aggregates only.
ROSTER_ROLES = frozenset({AccountRole.MINISTRY, AccountRole.PROVINCE, AccountRole.COMMUNE})


def _team_type_id() -> int:
    return ContentType.objects.get_for_model(SecurityTeam).pk


def _team_scope_q(actor: Any, path: str = "") -> Q:
    """Teams the actor may open: officers by unit; team leaders only their bound team(s)."""
    scope = scope_for(actor)
    prefix = f"{path}__" if path else ""
    if scope.is_national(ROSTER_ROLES):
        return Q()
    q = scope.commune_q(f"{prefix}commune", ROSTER_ROLES)
    leader_teams = scope.bound_ids(_team_type_id())
    if leader_teams:
        q |= Q(**{f"{prefix}pk__in": leader_teams})
    return q


def teams_for(
    actor: Any,
    *,
    commune: AdminUnit | None = None,
    status: str | None = TeamStatus.ACTIVE,
    locality_id: int | None = None,
) -> QuerySet[SecurityTeam]:
    """Teams the actor may see, with active member count, leader flag and covered households."""
    members = TeamMember.objects.filter(team=OuterRef("pk"), end_date__isnull=True)
    households = (
        TeamCoverage.objects.filter(team=OuterRef("pk"), valid_to__isnull=True)
        .values("team")
        .annotate(total=Sum("locality__households"))
        .values("total")
    )
    teams = (
        SecurityTeam.objects.filter(_team_scope_q(actor))
        .select_related("commune", "commune__parent")
        .annotate(
            member_count=Coalesce(
                Subquery(members.values("team").annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
            ),
            leader_count=Coalesce(
                Subquery(
                    members.filter(role=Role.LEADER).values("team").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            households=Coalesce(Subquery(households, output_field=IntegerField()), 0),
        )
        .prefetch_related(
            Prefetch(
                "coverages",
                queryset=TeamCoverage.objects.filter(valid_to__isnull=True).select_related("locality"),
                to_attr="active_coverages",
            )
        )
        .order_by("commune__sort_key", "sort_key")
    )
    if commune is not None:
        teams = teams.filter(commune=commune)
    if status:
        teams = teams.filter(status=status)
    if locality_id:
        teams = teams.filter(coverages__locality_id=locality_id, coverages__valid_to__isnull=True)
    return teams


def get_team_for(actor: Any, pk: int) -> SecurityTeam:
    """One team the actor may open; 404 when missing or out of scope."""
    team = teams_for(actor, status=None).filter(pk=pk).first()
    if team is None:
        raise NotFoundOrOutOfScope("Không tìm thấy Tổ bảo vệ ANTT.")
    return team


def members_for(
    actor: Any, *, team: SecurityTeam | None = None, commune: AdminUnit | None = None, active: bool | None = True
) -> QuerySet[TeamMember]:
    """Members the actor may see (officers of their units; a team leader, their team), sorted by Vietnamese name."""
    members = (
        TeamMember.objects.filter(_team_scope_q(actor, "team"))
        .select_related("team", "team__commune", "residence")
        .order_by("sort_key")
    )
    if team is not None:
        members = members.filter(team=team)
    if commune is not None:
        members = members.filter(team__commune=commune)
    if active is True:
        members = members.filter(end_date__isnull=True)
    elif active is False:
        members = members.filter(end_date__isnull=False)
    return members


def get_member_for(actor: Any, pk: int) -> TeamMember:
    member = members_for(actor, active=None).filter(pk=pk).first()
    if member is None:
        raise NotFoundOrOutOfScope("Không tìm thấy thành viên.")
    return member


@dataclass(frozen=True)
class TeamWarning:
    code: str
    message: str


def team_warnings(teams: list[SecurityTeam]) -> dict[int, list[TeamWarning]]:
    """Size (per the province's rule table) and leader warnings for teams annotated by `teams_for`.

    One query for the rules of the provinces involved, whatever the number of teams."""
    provinces = {t.commune.parent_id for t in teams}
    by_province: dict[int | None, list[TeamSizeRule]] = {}
    for size_rule in TeamSizeRule.objects.filter(province_id__in=provinces):
        by_province.setdefault(size_rule.province_id, []).append(size_rule)
    result: dict[int, list[TeamWarning]] = {}
    for team in teams:
        warnings: list[TeamWarning] = []
        if team.status == TeamStatus.ACTIVE and getattr(team, "leader_count", 0) == 0:
            warnings.append(TeamWarning("no_leader", "Tổ chưa có Tổ trưởng."))
        kinds = [c.locality.kind for c in getattr(team, "active_coverages", [])]
        kind = max(set(kinds), key=kinds.count) if kinds else ""
        rule = rules.required_team_size(
            by_province.get(team.commune.parent_id, []),
            locality_kind=kind,
            urban=team.commune.kind == "phuong",
            households=getattr(team, "households", 0),
        )
        count = getattr(team, "member_count", 0)
        if team.status == TeamStatus.ACTIVE and rule is not None and count != rule.members:
            warnings.append(
                TeamWarning(
                    "size",
                    f"Có {count} thành viên; quy định của tỉnh: {rule} ({rule.source or 'Nghị quyết HĐND tỉnh'}).",
                )
            )
        result[team.pk] = warnings
    return result


def commune_totals(actor: Any, province: AdminUnit) -> QuerySet[AdminUnit]:
    """Per commune of a province: active teams and members (for the province page)."""
    scope = scope_for(actor)
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True)
    if not scope.is_national(ROSTER_ROLES | {AccountRole.VIEWER}):
        communes = communes.filter(Q(parent_id__in=scope.province_ids()) | Q(pk__in=scope.commune_ids()))
    teams = SecurityTeam.objects.filter(commune=OuterRef("pk"), status=TeamStatus.ACTIVE)
    members = TeamMember.objects.filter(team__commune=OuterRef("pk"), end_date__isnull=True)
    return communes.annotate(
        team_count=Coalesce(
            Subquery(teams.values("commune").annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
        member_count=Coalesce(
            Subquery(members.values("team__commune").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            0,
        ),
    ).order_by("sort_key")


def service_years(national_id: str, *, on: dt.date) -> float:
    """Years of service of a person across all their memberships up to `on`; hardship-area stints count
    double (for the "Bảo vệ ANTQ" medal, Thông tư 20/2025/TT-BCA)."""
    stints = list(
        TeamMember.objects.filter(national_id=national_id, start_date__lte=on).values_list(
            "start_date", "end_date", "hardship_area"
        )
    )
    days = rules.service_days([(s, e) for s, e, _ in stints], on=on, hardship=[h for _, _, h in stints])
    return days / 365.25
