"""Registry figures of the activities app, as `f(actor, unit, period)` flow functions registered for reporting.

Each counts rows recorded within the actor's scope and the unit (the nation; a province: its own department's rows
and its communes'; a commune) and within the period. What each code counts is listed in docs/activities.md:

- outreach by activity date: `outreach_sessions` (classes / sessions), `outreach_attendees` (their attendees,
  by target group), `news_items` (news items + radio / TV slots + social posts, by kind), `reportages`,
  `banners` (banners, posters, signs and panels put up: the sum of their counts), `contests`,
  `contest_participants`, `exemplary_stories`, `gift_visits` (visits), `gift_recipients` (families / people
  visited), `gift_value_vnd`;
- festivals by the day they were held: `festivals_held`, `festival_pilots` (held pilot festivals);
- awards by decision date: `awards_total`, `awards_collective`, `awards_individual`; and `medal_proposals`:
  medal proposals by the day they were first submitted (whatever happened to them after).

Aggregates carry no personal data, so every role covering the unit gets them (viewers included), as in forces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Count, QuerySet, Sum

from antq.accounts.scope import scope_for
from antq.activities.models import (
    GROUP_FIELDS,
    Award,
    AwardProposal,
    Festival,
    FestivalStatus,
    Kind,
    NomineeKind,
    OutreachActivity,
)
from antq.activities.selectors import recorded_in_scope_q, recorded_within_q
from antq.activities.summary import outreach_totals, per_unit_totals
from antq.core.extensions import IndicatorFamily, IndicatorFunction, register_indicator
from antq.core.periods import Period, flow_q
from antq.geo.models import AdminUnit
from antq.geo.selectors import within_unit_q

NEWS_KINDS = (Kind.NEWS, Kind.BROADCAST, Kind.SOCIAL_POST)
Figure = Callable[[Any, AdminUnit, Period], int]


def outreach(actor: Any, unit: AdminUnit, period: Period, kinds: tuple[str, ...]) -> QuerySet[OutreachActivity]:
    """Activities of `kinds` held in the period, recorded in the unit, within the actor's scope."""
    return OutreachActivity.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), flow_q(period, date_field="date"), kind__in=kinds
    )


def _figure(totals: dict[str, dict[str, int]], kinds: tuple[str, ...], measure: str | None) -> int:
    return sum(totals[kind]["activities" if measure is None else measure] for kind in kinds)


def _outreach_figure(kinds: tuple[str, ...], measure: str | None) -> Figure:
    """The figure from the summary rows (antq.activities.summary): activities of `kinds`, or the sum of `measure`."""
    return lambda actor, unit, period: _figure(outreach_totals(actor, unit, period, kinds), kinds, measure)


def _by(field: str, kinds: tuple[str, ...], value: str | None = None) -> Callable[..., dict[str, int]]:
    """{category of `field`: count of rows (or sum of `value`)} in one query."""

    def compute(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
        rows = outreach(actor, unit, period, kinds).order_by().values(field)
        measure = Sum(value) if value else Count("pk")
        return {row[field]: int(row["n"] or 0) for row in rows.annotate(n=measure) if row["n"]}

    return compute


def attendees_by_group(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """Attendees by target group; "unspecified" is what the groups leave of the totals, so the parts add up."""
    sums = outreach_totals(actor, unit, period, (Kind.SESSION,))[Kind.SESSION]
    groups = {name.removeprefix("attendees_"): sums[name] for name in GROUP_FIELDS}
    groups["unspecified"] = sums["attendees"] - sum(groups.values())
    return {"target_group": {key: value for key, value in groups.items() if value}}


# --- Festivals -------------------------------------------------------------------------------------------------


def festivals_held(actor: Any, unit: AdminUnit, period: Period, *, pilots: bool = False) -> QuerySet[Festival]:
    rows = Festival.objects.filter(
        scope_for(actor).commune_q("commune"),
        within_unit_q(unit, "commune"),
        flow_q(period, date_field="held_on"),
        status=FestivalStatus.HELD,
    )
    return rows.filter(is_pilot=True) if pilots else rows


# --- Awards ----------------------------------------------------------------------------------------------------


def awards(actor: Any, unit: AdminUnit, period: Period, kind: str | None = None) -> QuerySet[Award]:
    """Commendations decided in the period for the unit's proposals."""
    rows = Award.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), flow_q(period, date_field="decision_date")
    )
    return rows.filter(nominee_kind=kind) if kind else rows


def awards_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    rows = awards(actor, unit, period).values_list("form__code", "nominee_kind")
    by_form: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for form, kind in rows:
        by_form[form] += 1
        by_kind[kind] += 1
    return {"form": dict(by_form), "nominee_kind": dict(by_kind)}


def medal_proposals(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[AwardProposal]:
    """Medal proposals first submitted in the period (returned or decided later, they were still proposed)."""
    return AwardProposal.objects.filter(
        recorded_in_scope_q(actor, "proposing_unit"),
        recorded_within_q(unit, "proposing_unit"),
        flow_q(period, date_field="submitted_on"),
        form__is_medal=True,
    )


# --- Registration ----------------------------------------------------------------------------------------------

OUTREACH_COLUMNS = (
    ("date", "Ngày"),
    ("unit.name", "Đơn vị"),
    ("get_kind_display", "Hình thức"),
    ("get_topic_display", "Chủ đề"),
    ("title", "Nội dung"),
    ("measure", "Số liệu"),
)
FESTIVAL_COLUMNS = (
    ("commune.name", "Xã/phường"),
    ("held_on", "Ngày tổ chức"),
    ("place", "Địa điểm"),
    ("participants", "Số người tham gia"),
)
AWARD_COLUMNS = (
    ("decision_date", "Ngày quyết định"),
    ("unit.name", "Đơn vị đề nghị"),
    ("name", "Tập thể, cá nhân"),
    ("form.name", "Hình thức"),
    ("decision_number", "Số quyết định"),
)
PROPOSAL_COLUMNS = (
    ("submitted_on", "Ngày gửi đề nghị"),
    ("proposing_unit.name", "Đơn vị đề nghị"),
    ("full_name", "Họ và tên"),
    ("get_status_display", "Trạng thái"),
)


def _per_unit(rows: QuerySet[Any], value: str | None = None) -> dict[int, int]:
    """{recording unit id: figure} in one query. A province's own rows are keyed by the province, so the
    dashboard's commune columns leave them out (they still count in the province's total)."""
    aggregate = Sum(value) if value else Count("pk")
    return {
        unit_id: int(n or 0)
        for unit_id, n in rows.order_by().values("unit_id").annotate(n=aggregate).values_list("unit_id", "n")
    }


def _outreach_records(*kinds: str) -> Callable[..., QuerySet[OutreachActivity]]:
    return lambda a, u, p: (
        outreach(a, u, p, kinds).select_related("unit", "locality", "establishment").order_by("date", "pk")
    )


OUTREACH: dict[str, tuple[tuple[str, ...], str | None]] = {}  # code: (kinds, summed measure or None to count)


def _outreach_family(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
    """Every outreach figure from one summary query."""
    totals = outreach_totals(actor, unit, period, Kind.values)
    return {code: _figure(totals, kinds, measure) for code, (kinds, measure) in OUTREACH.items()}


OUTREACH_FAMILY = IndicatorFamily("outreach", _outreach_family)


def _register_outreach(
    code: str,
    kinds: tuple[str, ...],
    value: str | None = None,
    breakdowns: dict[str, Callable[..., Any]] | None = None,
) -> None:
    OUTREACH[code] = (kinds, value)
    parts = breakdowns or {}

    def breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for function in parts.values():
            result |= function(actor, unit, period)
        return result

    register_indicator(
        IndicatorFunction(
            code,
            _outreach_figure(kinds, value),
            flow=True,
            breakdowns=tuple(parts),
            breakdown=breakdown if parts else None,
            records=_outreach_records(*kinds),
            record_columns=OUTREACH_COLUMNS,
            record_value=value,
            per_commune=lambda a, u, p: per_unit_totals(a, u, p, kinds, value),
            family=OUTREACH_FAMILY,
        )
    )


def _dimension(name: str, function: Callable[..., dict[str, int]]) -> Callable[..., dict[str, dict[str, int]]]:
    return lambda actor, unit, period: {name: function(actor, unit, period)}


SESSION, VISIT = (Kind.SESSION,), (Kind.VISIT,)
_register_outreach("outreach_sessions", SESSION, breakdowns={"topic": _dimension("topic", _by("topic", SESSION))})
_register_outreach("outreach_attendees", SESSION, value="attendees", breakdowns={"target_group": attendees_by_group})
_register_outreach("news_items", NEWS_KINDS, breakdowns={"kind": _dimension("kind", _by("kind", NEWS_KINDS))})
_register_outreach("reportages", (Kind.REPORTAGE,))
_register_outreach(
    "banners",
    (Kind.BANNERS,),
    value="count",
    breakdowns={"display_type": _dimension("display_type", _by("display_type", (Kind.BANNERS,), "count"))},
)
_register_outreach("contests", (Kind.CONTEST,))
_register_outreach("contest_participants", (Kind.CONTEST,), value="participants")
_register_outreach("exemplary_stories", (Kind.STORY,))
_register_outreach(
    "gift_visits", VISIT, breakdowns={"recipient_kind": _dimension("recipient_kind", _by("recipient_kind", VISIT))}
)
_register_outreach(
    "gift_recipients",
    VISIT,
    value="recipients",
    breakdowns={"recipient_kind": _dimension("recipient_kind", _by("recipient_kind", VISIT, "recipients"))},
)
_register_outreach("gift_value_vnd", VISIT, value="value_vnd")


def _register_festivals(code: str, pilots: bool) -> None:
    def rows(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[Festival]:
        return festivals_held(actor, unit, period, pilots=pilots)

    register_indicator(
        IndicatorFunction(
            code,
            lambda a, u, p: rows(a, u, p).count(),
            flow=True,
            records=lambda a, u, p: rows(a, u, p).select_related("commune").order_by("commune__folded_name"),
            record_columns=FESTIVAL_COLUMNS,
        )
    )


def _awards_family(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
    """The three award figures from one grouped count."""
    by_kind = dict(awards(actor, unit, period).order_by().values_list("nominee_kind").annotate(n=Count("pk")))
    return {
        "awards_total": sum(by_kind.values()),
        "awards_collective": by_kind.get(NomineeKind.COLLECTIVE, 0),
        "awards_individual": by_kind.get(NomineeKind.PERSON, 0),
    }


AWARDS_FAMILY = IndicatorFamily("awards", _awards_family)


def _register_awards(code: str, kind: str | None) -> None:
    def rows(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[Award]:
        return awards(actor, unit, period, kind)

    register_indicator(
        IndicatorFunction(
            code,
            lambda a, u, p: rows(a, u, p).count(),
            flow=True,
            breakdowns=("form", "nominee_kind") if kind is None else (),
            breakdown=awards_breakdown if kind is None else None,
            records=lambda a, u, p: (
                rows(a, u, p).select_related("unit", "form").order_by("decision_date", "name", "pk")
            ),
            record_columns=AWARD_COLUMNS,
            per_commune=lambda a, u, p: _per_unit(rows(a, u, p)),
            family=AWARDS_FAMILY,
        )
    )


_register_festivals("festivals_held", pilots=False)
_register_festivals("festival_pilots", pilots=True)
_register_awards("awards_total", None)
_register_awards("awards_collective", NomineeKind.COLLECTIVE)
_register_awards("awards_individual", NomineeKind.PERSON)
register_indicator(
    IndicatorFunction(
        "medal_proposals",
        lambda a, u, p: medal_proposals(a, u, p).count(),
        flow=True,
        records=lambda a, u, p: (
            medal_proposals(a, u, p).select_related("proposing_unit").order_by("submitted_on", "pk")
        ),
        record_columns=PROPOSAL_COLUMNS,
    )
)
