"""The forces app's indicators, declared once (antq.core.indicators): registry figures as `f(actor, unit, period)`.

Teams, members, trained members and support are read from the stock summary (antq.forces.summary: changes per
unit, day and role kept by the write services), all from one query as a family; the drill-down records and the
breakdowns by gender and age read the members themselves.

Stock figures (teams, members, trained share) are taken on the period's last day; support is a flow (the
amount due for the months of the period). The actor's scope bounds what is counted (aggregates are open to
every role covering the unit, viewers included, since they carry no personal data)."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from antq.accounts.scope import scope_for
from antq.core.indicators import (
    Aggregation,
    Indicator,
    IndicatorFamily,
    NumberKind,
    RecordFilters,
    ReportArea,
    register_area,
    register_indicators,
)
from antq.core.narrative import Facts, sentence
from antq.core.periods import Period, stock_q
from antq.forces import rules
from antq.forces.models import BaseSalary, RateKind, SecurityTeam, SupportRate, TeamMember, Training
from antq.forces.summary import per_child, stocks
from antq.geo.models import AdminUnit
from antq.geo.selectors import within_unit_q

AGE_BANDS = ((18, 30), (31, 45), (46, 60), (61, 70), (71, 200))


def _teams(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[SecurityTeam]:
    return SecurityTeam.objects.filter(scope_for(actor).commune_q("commune"), within_unit_q(unit, "commune")).filter(
        stock_q(period, start_field="founded_on", end_field="dissolved_on")
    )


def active_members(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[TeamMember]:
    """Members active on the period's last day, in the unit, within the actor's scope."""
    return TeamMember.objects.filter(
        scope_for(actor).commune_q("team__commune"),
        within_unit_q(unit, "team__commune"),
        stock_q(period, start_field="start_date", end_field="end_date"),
    )


def teams_active(actor: Any, unit: AdminUnit, period: Period) -> int:
    return int(stocks(actor, unit, period)["teams"])


def members_active(actor: Any, unit: AdminUnit, period: Period) -> int:
    return int(stocks(actor, unit, period)["members"])


def members_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """Active members by role, gender and age band (age on the period's last day)."""
    rows = active_members(actor, unit, period).values_list("role", "gender", "birth_date")
    by_role: Counter[str] = Counter()
    by_gender: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    for role, gender, birth_date in rows:
        by_role[role] += 1
        by_gender[gender] += 1
        age = rules.age_on(birth_date, period.end)
        band = next((f"{lo}-{hi}" if hi < 200 else f">{lo - 1}" for lo, hi in AGE_BANDS if lo <= age <= hi), "<18")
        by_age[band] += 1
    return {"role": dict(by_role), "gender": dict(by_gender), "age_band": dict(by_age)}


def members_trained(actor: Any, unit: AdminUnit, period: Period) -> int:
    """Active members with at least one passed training that started by the period's end."""
    return int(stocks(actor, unit, period)["trained"])


def _share(trained: int, active: int) -> Decimal | None:
    """Trained ÷ active, as a percentage with one decimal (a ratio of two sums, never an average)."""
    if not active:
        return None
    return (Decimal(100 * trained) / Decimal(active)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def members_trained_pct(actor: Any, unit: AdminUnit, period: Period) -> Decimal | None:
    found = stocks(actor, unit, period)
    return _share(found["trained"], found["members"])


def _months(period: Period) -> list[dt.date]:
    """The 15th of each month of the period, up to today: a member active that day is due that month's support (a
    month whose 15th has not come yet is not due, so a year still running shows what is due so far)."""
    months, day = [], dt.date(period.start.year, period.start.month, 15)
    while day <= min(period.end, timezone.localdate()):
        if day >= period.start:
            months.append(day)
        day = dt.date(day.year + (day.month // 12), day.month % 12 + 1, 15)
    return months


def support_vnd(actor: Any, unit: AdminUnit, period: Period) -> int:
    return _support(actor, unit, period, stocks(actor, unit, period, _months(period))["groups"])


class _Rates:
    """The provinces' support rates and the base salaries, read once: `due(province, role, day)` is the support of
    one member for the month of `day` (Art. 23 of the 2023 Law: fixed VND, or coefficient × base salary), rounded to
    whole đồng as each month's payment is — so the support of a period is the same whether it is added per member
    (the drill-down's records) or per province and role (the figure)."""

    def __init__(self, provinces: set[int]) -> None:
        self.rates: dict[tuple[int | None, str], list[SupportRate]] = {}
        for row in SupportRate.objects.filter(province_id__in=provinces).order_by("valid_from"):
            self.rates.setdefault((row.province_id, row.role), []).append(row)
        self.salaries = list(BaseSalary.objects.order_by("valid_from").values_list("valid_from", "amount_vnd"))

    def due(self, province: int | None, role: str, day: dt.date) -> int | None:
        """The month's support of one member, or None when no rate applies that day."""
        current = next(
            (
                r
                for r in reversed(self.rates.get((province, role), []))
                if r.valid_from <= day and (r.valid_to is None or r.valid_to >= day)
            ),
            None,
        )
        if current is None:
            return None
        if current.kind == RateKind.FIXED:
            return int(current.amount_vnd or 0)
        salary = next((amount for since, amount in reversed(self.salaries) if since <= day), 0)
        return int(((current.coefficient or Decimal(0)) * salary).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _support(actor: Any, unit: AdminUnit, period: Period, groups: dict[tuple[int, str], list[int]]) -> int:
    """Support due for the period: for each month, each member active on the 15th at their role's rate then, per
    the province's rate table (`_Rates`). `groups` holds the members active on each month's 15th per (province,
    role), from the stock summary."""
    if not groups:
        return 0
    rates = _Rates({p for p, _ in groups})
    total = 0
    for index, day in enumerate(_months(period)):
        for (province, role), counts in groups.items():
            if counts[index]:
                total += (rates.due(province, role, day) or 0) * counts[index]
    return total


@dataclass(frozen=True)
class SupportRecord:
    """One member's support for the period: the months they were due it and the amount (the drill-down's row)."""

    member: TeamMember
    months: int
    amount_vnd: int


class SupportRecords:
    """The rows behind `support_vnd`, read a page at a time (a national list holds every member): the members active
    on at least one of the period's 15ths in a province with a rate for their role then, each with the months they
    were due support and the amount; the amounts add up to the figure. Sliced and counted like a queryset, so the
    drill-down's paginator reads only the page it shows."""

    def __init__(self, actor: Any, unit: AdminUnit, period: Period) -> None:
        self.days = _months(period)
        active_on_a_15th = Q(pk__in=[])
        for day in self.days:
            active_on_a_15th |= Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
        rated = SupportRate.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.days[0] if self.days else period.start),
            province=OuterRef("team__commune__parent"),
            role=OuterRef("role"),
            valid_from__lte=self.days[-1] if self.days else period.end,
        )
        self.members = (
            TeamMember.objects.filter(
                scope_for(actor).commune_q("team__commune"),
                within_unit_q(unit, "team__commune"),
                active_on_a_15th,
                Exists(rated),
            )
            .select_related("team", "team__commune")
            .order_by("team__commune__sort_key", "team__sort_key", "sort_key", "pk")
        )

    model = TeamMember  # what the drill-down's filters (record_filters) are paths on

    def filter(self, *args: Any, **kwargs: Any) -> SupportRecords:
        """The same rows narrowed like a queryset (the drill-down's search and filters, on the members)."""
        narrowed = copy.copy(self)
        narrowed.members = self.members.filter(*args, **kwargs)
        return narrowed

    def values_list(self, *fields: str, **kwargs: Any) -> QuerySet[TeamMember, Any]:
        return self.members.values_list(*fields, **kwargs)

    def count(self) -> int:
        return self.members.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[SupportRecord]:
        members = list(self.members[index])
        rates = _Rates({m.team.commune.parent_id for m in members if m.team.commune.parent_id is not None})
        rows = []
        for member in members:
            paid = [
                rates.due(member.team.commune.parent_id, member.role, day)
                for day in self.days
                if member.start_date <= day and (member.end_date is None or member.end_date >= day)
            ]
            months = [amount for amount in paid if amount is not None]
            rows.append(SupportRecord(member, len(months), sum(months)))
        return rows

    def __iter__(self) -> Iterator[SupportRecord]:
        size, total = 2000, self.count()
        for start in range(0, total, size):
            yield from self[start : start + size]


def _forces_family(actor: Any, unit: AdminUnit, period: Period) -> dict[str, Any]:
    """Every forces figure from one query over the stock summary."""
    found = stocks(actor, unit, period, _months(period))
    return {
        "security_teams_active": found["teams"],
        "security_team_members_active": found["members"],
        "security_team_members_trained": found["trained"],
        "security_team_members_trained_pct": _share(found["trained"], found["members"]),
        "security_team_support_vnd": _support(actor, unit, period, found["groups"]),
    }


FORCES_FAMILY = IndicatorFamily("forces", _forces_family)


def teams_per_commune(actor: Any, unit: AdminUnit, period: Period) -> dict[int, int]:
    return per_child(actor, unit, period, "teams")


def members_per_commune(actor: Any, unit: AdminUnit, period: Period) -> dict[int, int]:
    return per_child(actor, unit, period, "members")


def trained_per_commune(actor: Any, unit: AdminUnit, period: Period) -> dict[int, int]:
    return per_child(actor, unit, period, "trained")


def trained_members(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[TeamMember]:
    trained = Training.objects.filter(member=OuterRef("pk"), passed=True, start_date__lte=period.end)
    return active_members(actor, unit, period).filter(Exists(trained))


TEAM_COLUMNS = (("commune.name", "Xã/phường"), ("name", "Tổ"), ("founded_on", "Ngày thành lập"))
# Drill-down lists name and role only: personal fields stay on the member page (and its audit).
MEMBER_COLUMNS = (
    ("team.commune.name", "Xã/phường"),
    ("team.name", "Tổ"),
    ("full_name", "Họ và tên"),
    ("get_role_display", "Chức danh"),
    ("start_date", "Ngày tham gia"),
)
TEAM_FILTERS = RecordFilters(
    search=("folded_name", "commune__folded_name"), unit="commune", date="founded_on", date_label="Ngày thành lập"
)
# Members (and the support rows, read from the members): by name, team or commune; by role; by joining date.
MEMBER_FILTERS = RecordFilters(
    search=("full_name", "team__folded_name", "team__commune__folded_name"),
    unit="team__commune",
    kind="role",
    kind_label="Chức danh",
    date="start_date",
    date_label="Ngày tham gia",
)
SUPPORT_COLUMNS = (
    ("member.team.commune.name", "Xã/phường"),
    ("member.team.name", "Tổ"),
    ("member.full_name", "Họ và tên"),
    ("member.get_role_display", "Chức danh"),
    ("months", "Số tháng hưởng"),
    ("amount_vnd", "Số tiền (đồng)"),
)


class Code(StrEnum):
    SECURITY_TEAMS_ACTIVE = "security_teams_active"
    SECURITY_TEAM_MEMBERS_ACTIVE = "security_team_members_active"
    SECURITY_TEAM_MEMBERS_TRAINED = "security_team_members_trained"
    SECURITY_TEAM_MEMBERS_TRAINED_PCT = "security_team_members_trained_pct"
    SECURITY_TEAM_SUPPORT_VND = "security_team_support_vnd"


def sentences(f: Facts) -> list[str]:
    """Section I, forces: the teams and their members at the period's end, training and the support paid."""
    out = []
    if f.has(Code.SECURITY_TEAMS_ACTIVE) or f.has(Code.SECURITY_TEAM_MEMBERS_ACTIVE):
        text = f"Tính đến ngày {f.end_label}, {f.area} đang duy trì "
        if f.has(Code.SECURITY_TEAMS_ACTIVE):
            text += (
                f"{f.n(Code.SECURITY_TEAMS_ACTIVE)} Tổ bảo vệ an ninh, trật tự ở cơ sở"
                f"{f.cmp(Code.SECURITY_TEAMS_ACTIVE)}"
            )
            if f.has(Code.SECURITY_TEAM_MEMBERS_ACTIVE):
                text += (
                    f" với {f.n(Code.SECURITY_TEAM_MEMBERS_ACTIVE)} thành viên"
                    f"{f.cmp(Code.SECURITY_TEAM_MEMBERS_ACTIVE)}"
                )
        else:
            text += (
                f"{f.n(Code.SECURITY_TEAM_MEMBERS_ACTIVE)} thành viên Tổ bảo vệ an ninh, trật tự ở cơ sở"
                f"{f.cmp(Code.SECURITY_TEAM_MEMBERS_ACTIVE)}"
            )
        out.append(sentence(text))
    if f.has(Code.SECURITY_TEAM_MEMBERS_TRAINED):
        share = (
            f" (đạt {f.pct(Code.SECURITY_TEAM_MEMBERS_TRAINED_PCT)})"
            if f.has(Code.SECURITY_TEAM_MEMBERS_TRAINED_PCT)
            else ""
        )
        out.append(
            sentence(
                "Công tác bồi dưỡng, tập huấn được quan tâm; đã bồi dưỡng, tập huấn nghiệp vụ cho "
                f"{f.n(Code.SECURITY_TEAM_MEMBERS_TRAINED)} thành viên{share}"
            )
        )
    if f.has(Code.SECURITY_TEAM_SUPPORT_VND):
        out.append(
            sentence(
                f"Kinh phí hỗ trợ thành viên {f.period_label} là {f.n(Code.SECURITY_TEAM_SUPPORT_VND)} đồng"
                f"{f.cmp(Code.SECURITY_TEAM_SUPPORT_VND)}"
            )
        )
    return out


AREA = "forces"
register_area(ReportArea(AREA, "Lực lượng tham gia bảo vệ ANTT ở cơ sở", order=20, sentences=sentences))
register_indicators(
    Indicator(
        Code.SECURITY_TEAMS_ACTIVE,
        "Tổ bảo vệ ANTT ở cơ sở",
        "tổ",
        AREA,
        flow=False,
        compute=teams_active,
        records=lambda a, u, p: _teams(a, u, p).select_related("commune").order_by("commune__sort_key", "sort_key"),
        record_columns=TEAM_COLUMNS,
        record_filters=TEAM_FILTERS,
        per_child=teams_per_commune,
        family=FORCES_FAMILY,
        in_child_table=True,
    ),
    Indicator(
        Code.SECURITY_TEAM_MEMBERS_ACTIVE,
        "Thành viên Tổ bảo vệ ANTT",
        "người",
        AREA,
        flow=False,
        compute=members_active,
        breakdowns=("role", "gender", "age_band"),
        breakdown=members_breakdown,
        per_child=members_per_commune,
        family=FORCES_FAMILY,
        records=lambda a, u, p: active_members(a, u, p).select_related("team", "team__commune").order_by("sort_key"),
        record_columns=MEMBER_COLUMNS,
        record_filters=MEMBER_FILTERS,
        in_child_table=True,
        charted=1,
    ),
    Indicator(
        Code.SECURITY_TEAM_MEMBERS_TRAINED,
        "Thành viên đã được bồi dưỡng, tập huấn",
        "người",
        AREA,
        flow=False,
        compute=members_trained,
        records=lambda a, u, p: trained_members(a, u, p).select_related("team", "team__commune").order_by("sort_key"),
        record_columns=MEMBER_COLUMNS,
        record_filters=MEMBER_FILTERS,
        per_child=trained_per_commune,
        family=FORCES_FAMILY,
    ),
    Indicator(
        Code.SECURITY_TEAM_MEMBERS_TRAINED_PCT,
        "Tỷ lệ thành viên được bồi dưỡng, tập huấn",
        "%",
        AREA,
        Aggregation.RATIO,
        flow=False,
        kind=NumberKind.PERCENT,
        numerator=Code.SECURITY_TEAM_MEMBERS_TRAINED,
        denominator=Code.SECURITY_TEAM_MEMBERS_ACTIVE,
        compute=members_trained_pct,
        family=FORCES_FAMILY,
    ),
    Indicator(
        Code.SECURITY_TEAM_SUPPORT_VND,
        "Kinh phí hỗ trợ thành viên",
        "đồng",
        AREA,
        kind=NumberKind.MONEY,
        compute=support_vnd,
        family=FORCES_FAMILY,
        records=SupportRecords,
        record_columns=SUPPORT_COLUMNS,
        record_filters=MEMBER_FILTERS,
        record_value="amount_vnd",
    ),
)
