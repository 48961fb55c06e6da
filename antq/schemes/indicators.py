"""The schemes app's indicators, declared once (antq.core.indicators): registry figures as `f(actor, unit, period)`.

Stock figures are taken on the period's last day (`periods.stock_q`): a site counts when it started on or before
that day, had not ended before it (its end date is its last day, so it still counts on it), and was not
suspended that day. Types and schemes count once however many sites they have ("distinct"): a type or scheme is
"active" when it has at least one active site in the unit. Exemplary sites count at the highest level they held
on that day (a site recognised by the province and later by the Ministry counts as Ministry-exemplary only from
the Ministry's decision), so the two exemplary figures add up to the recognised sites. Advanced examples are a
flow (see `exemplars_q`). The actor's scope bounds what is counted (viewers included: no personal data).

Breakdowns: `breakdown(actor, unit, period)` returns {"field": {...}, "type": {...}, "lead_organisation": {...}}
with the codes of SchemeField, SchemeType.code and LeadOrganisation as keys; for advanced examples,
{"kind": {...}, "recognition_level": {...}}. The values of each dimension add up to the figure (a scheme has one
type, field and lead organisation), except types per lead organisation: a type run by several leads counts under
each of them.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from antq.accounts.scope import scope_for
from antq.core.indicators import (
    Aggregation,
    Indicator,
    IndicatorFamily,
    RecordFilters,
    ReportArea,
    register_area,
    register_indicators,
)
from antq.core.narrative import MOVEMENT, Facts, sentence
from antq.core.periods import Period, flow_q, stock_q, year_bounds
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import within_unit_q
from antq.schemes.models import Exemplar, Recognition, Scheme, SchemeSite, SchemeType, SiteRecognition, SiteSuspension
from antq.schemes.selectors import READ_ROLES

SITE_DIMENSIONS = ("field", "type", "lead_organisation")
_DIMENSION_PATHS = {
    "field": "scheme__scheme_type__field",
    "type": "scheme__scheme_type__code",
    "lead_organisation": "scheme__lead_organisation",
}


def active_sites(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[SchemeSite]:
    """Sites active on the period's last day, in the unit, within the actor's scope."""
    day = period.stock_date
    suspended = SiteSuspension.objects.filter(site=OuterRef("pk"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )
    return SchemeSite.objects.filter(
        scope_for(actor).commune_q("commune", READ_ROLES),
        within_unit_q(unit, "commune"),
        stock_q(period, start_field="started_on", end_field="ended_on"),
    ).exclude(Exists(suspended))


def _recognised_by(level: str, day: Any) -> Exists:
    return Exists(SiteRecognition.objects.filter(site=OuterRef("pk"), level=level, decision_date__lte=day))


def exemplary_sites(actor: Any, unit: AdminUnit, period: Period, level: str) -> QuerySet[SchemeSite]:
    """Active sites whose highest recognition on the period's last day is `level`."""
    day = period.stock_date
    sites = active_sites(actor, unit, period)
    if level == Recognition.MINISTRY:
        return sites.filter(_recognised_by(Recognition.MINISTRY, day))
    return sites.filter(_recognised_by(Recognition.PROVINCE, day)).exclude(_recognised_by(Recognition.MINISTRY, day))


def _count_by(rows: QuerySet[Any], distinct: str | None = None) -> dict[str, dict[str, int]]:
    """{dimension: {code: count}}: rows (or distinct `distinct` values) per field, type and lead organisation,
    one grouped query per dimension."""
    result: dict[str, dict[str, int]] = {}
    for dimension in SITE_DIMENSIONS:
        path = _DIMENSION_PATHS[dimension]
        grouped = rows.order_by().values(path).annotate(n=Count(distinct or "pk", distinct=bool(distinct)))
        result[dimension] = {row[path]: row["n"] for row in grouped}
    return result


# --- Sites, schemes and types ----------------------------------------------------------------------------------


def sites_active(actor: Any, unit: AdminUnit, period: Period) -> int:
    return active_sites(actor, unit, period).count()


def sites_active_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    return _count_by(active_sites(actor, unit, period))


def schemes_active(actor: Any, unit: AdminUnit, period: Period) -> int:
    return active_sites(actor, unit, period).order_by().values("scheme").distinct().count()


def schemes_active_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    # A scheme has one type, field and lead organisation, so distinct schemes per group add up to the figure.
    return _count_by(active_sites(actor, unit, period), distinct="scheme")


def types_active(actor: Any, unit: AdminUnit, period: Period) -> int:
    return active_sites(actor, unit, period).order_by().values("scheme__scheme_type").distinct().count()


def types_active_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """Types per field and per type (1 each); a type may run under several lead organisations, so that
    dimension counts the types each lead organisation runs (it may add up to more than the figure)."""
    return _count_by(active_sites(actor, unit, period), distinct="scheme__scheme_type")


def types_active_records(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[SchemeType]:
    running = active_sites(actor, unit, period).filter(scheme__scheme_type=OuterRef("pk"))
    return SchemeType.objects.filter(Exists(running)).order_by("sort_key")


def schemes_active_records(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[Scheme]:
    running = active_sites(actor, unit, period).filter(scheme=OuterRef("pk"))
    return Scheme.objects.filter(Exists(running)).select_related("scheme_type", "unit").order_by("sort_key", "pk")


def _site_records(sites: QuerySet[SchemeSite]) -> QuerySet[SchemeSite]:
    return sites.select_related("scheme", "commune", "locality", "establishment").order_by(
        "commune__sort_key", "scheme__sort_key", "pk"
    )


def _per_commune(sites: QuerySet[SchemeSite]) -> dict[int, int]:
    return dict(sites.order_by().values("commune").annotate(n=Count("pk")).values_list("commune", "n"))


def exemplary_province(actor: Any, unit: AdminUnit, period: Period) -> int:
    return exemplary_sites(actor, unit, period, Recognition.PROVINCE).count()


def exemplary_ministry(actor: Any, unit: AdminUnit, period: Period) -> int:
    return exemplary_sites(actor, unit, period, Recognition.MINISTRY).count()


def _sites_family(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
    """Active sites, schemes and types in one aggregate over the active sites. (Exemplary sites stay separate
    queries: as filtered counts they cost PostgreSQL a subquery per site, more than two semi-joins.)"""
    found = active_sites(actor, unit, period).aggregate(
        sites=Count("pk"), schemes=Count("scheme", distinct=True), types=Count("scheme__scheme_type", distinct=True)
    )
    return {
        "scheme_sites_active": found["sites"],
        "schemes_active": found["schemes"],
        "scheme_types_active": found["types"],
    }


SITES_FAMILY = IndicatorFamily("scheme_sites", _sites_family)


# --- Advanced examples -----------------------------------------------------------------------------------------


def exemplars_q(period: Period) -> Q:
    """Advanced examples of the period: those whose recognition decision is dated within it; those without a
    decision date count in the period holding the last day of their (reporting) year. Each example thus falls in
    exactly one period of a kind, so half-years add up to the year."""
    years = [y for y in range(period.start.year - 1, period.end.year + 2) if period.contains(year_bounds(y)[1])]
    return flow_q(period, date_field="decision_date") | Q(decision_date__isnull=True, year__in=years)


def period_exemplars(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[Exemplar]:
    scope = scope_for(actor)
    exemplars = Exemplar.objects.filter(exemplars_q(period))
    if not scope.is_national(READ_ROLES):
        provinces, communes = scope.province_ids(READ_ROLES), scope.commune_ids(READ_ROLES)
        exemplars = exemplars.filter(Q(province_id__in=provinces) | Q(unit_id__in=communes))
    if unit.level == Level.PROVINCE:
        exemplars = exemplars.filter(province=unit)
    elif unit.level == Level.COMMUNE:
        exemplars = exemplars.filter(unit=unit)
    elif unit.level != Level.NATION:
        exemplars = exemplars.none()
    return exemplars


def exemplars_count(actor: Any, unit: AdminUnit, period: Period) -> int:
    return period_exemplars(actor, unit, period).count()


def exemplars_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    rows = period_exemplars(actor, unit, period).values_list("kind", "recognition_level")
    kinds: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    for kind, level in rows:
        kinds[kind] += 1
        levels[level] += 1
    return {"kind": dict(kinds), "recognition_level": dict(levels)}


SITE_COLUMNS = (
    ("commune.name", "Xã/phường"),
    ("scheme.name", "Mô hình"),
    ("place_name", "Nơi thực hiện"),
    ("started_on", "Ngày bắt đầu"),
)
SITE_FILTERS = RecordFilters(
    search=("scheme__folded_name", "commune__folded_name", "locality__folded_name", "establishment__folded_name"),
    unit="commune",
    kind="scheme__scheme_type",
    kind_label="Loại mô hình",
    date="started_on",
    date_label="Ngày bắt đầu",
)


class Code(StrEnum):
    SCHEME_TYPES_ACTIVE = "scheme_types_active"
    SCHEMES_ACTIVE = "schemes_active"
    SCHEME_SITES_ACTIVE = "scheme_sites_active"
    SCHEME_SITES_EXEMPLARY_PROVINCE = "scheme_sites_exemplary_province"
    SCHEME_SITES_EXEMPLARY_MINISTRY = "scheme_sites_exemplary_ministry"
    EXEMPLARS = "exemplars"


def sentences(f: Facts) -> list[str]:
    """Section I, schemes: "Tính đến ngày 31/12/2025, toàn tỉnh đang duy trì hoạt động của 15 loại mô hình, với
    2.991 điểm mô hình tự quản về an ninh, trật tự, trong đó …"; then the advanced examples of the period."""
    out = []
    kinds = [
        f"{f.n(Code.SCHEME_TYPES_ACTIVE)} loại mô hình{f.cmp(Code.SCHEME_TYPES_ACTIVE)}"
        if f.has(Code.SCHEME_TYPES_ACTIVE)
        else "",
        f"{f.n(Code.SCHEMES_ACTIVE)} mô hình{f.cmp(Code.SCHEMES_ACTIVE)}" if f.has(Code.SCHEMES_ACTIVE) else "",
    ]
    kinds = [k for k in kinds if k]
    recognised = [
        f"{f.n(Code.SCHEME_SITES_EXEMPLARY_MINISTRY)} điểm mô hình tiêu biểu được Bộ Công an ghi nhận"
        if f.has(Code.SCHEME_SITES_EXEMPLARY_MINISTRY)
        else "",
        f"{f.n(Code.SCHEME_SITES_EXEMPLARY_PROVINCE)} điểm mô hình tiêu biểu được Công an tỉnh ghi nhận"
        if f.has(Code.SCHEME_SITES_EXEMPLARY_PROVINCE)
        else "",
    ]
    recognised = [r for r in recognised if r]
    if kinds or f.has(Code.SCHEME_SITES_ACTIVE):
        text = f"Tính đến ngày {f.end_label}, {f.whole} đang duy trì hoạt động của {', '.join(kinds)}"
        if f.has(Code.SCHEME_SITES_ACTIVE):
            sites = (
                f"{f.n(Code.SCHEME_SITES_ACTIVE)} điểm mô hình tự quản về an ninh, trật tự"
                f"{f.cmp(Code.SCHEME_SITES_ACTIVE)}"
            )
            text += f", với {sites}" if kinds else sites
        if recognised:
            text += ", trong đó " + ", ".join(recognised)
        out.append(sentence(text))
    elif recognised:
        out.append(sentence("Có " + ", ".join(recognised)))
    if f.has(Code.EXEMPLARS):
        out.append(
            sentence(
                f"{f.when}, đã phát hiện, xây dựng, nhân rộng {f.n(Code.EXEMPLARS)} điển hình tiên tiến"
                f"{f.cmp(Code.EXEMPLARS)} trong {MOVEMENT}"
            )
        )
    return out


AREA = "schemes"
register_area(ReportArea(AREA, "Xây dựng, nhân rộng mô hình, điển hình tiên tiến", order=10, sentences=sentences))
register_indicators(
    Indicator(
        Code.SCHEME_TYPES_ACTIVE,
        "Loại mô hình đang hoạt động",
        "loại",
        AREA,
        Aggregation.DISTINCT,
        flow=False,
        compute=types_active,
        breakdowns=SITE_DIMENSIONS,
        breakdown=types_active_breakdown,
        records=types_active_records,
        record_columns=(("name", "Loại mô hình"), ("get_field_display", "Lĩnh vực")),
        record_filters=RecordFilters(search=("folded_name",), kind="field", kind_label="Lĩnh vực"),
        family=SITES_FAMILY,
    ),
    Indicator(
        Code.SCHEMES_ACTIVE,
        "Mô hình đang hoạt động",
        "mô hình",
        AREA,
        Aggregation.DISTINCT,
        flow=False,
        compute=schemes_active,
        breakdowns=SITE_DIMENSIONS,
        breakdown=schemes_active_breakdown,
        records=schemes_active_records,
        record_columns=(("name", "Mô hình"), ("scheme_type.name", "Loại"), ("unit.name", "Đơn vị xây dựng")),
        record_filters=RecordFilters(
            search=("folded_name", "unit__folded_name"),
            unit="unit",
            kind="scheme_type",
            kind_label="Loại mô hình",
            date="started_on",
            date_label="Ngày ra mắt",
        ),
        family=SITES_FAMILY,
    ),
    Indicator(
        Code.SCHEME_SITES_ACTIVE,
        "Điểm mô hình đang hoạt động",
        "điểm",
        AREA,
        flow=False,
        compute=sites_active,
        breakdowns=SITE_DIMENSIONS,
        breakdown=sites_active_breakdown,
        records=lambda a, u, p: _site_records(active_sites(a, u, p)),
        record_columns=SITE_COLUMNS,
        record_filters=SITE_FILTERS,
        per_child=lambda a, u, p: _per_commune(active_sites(a, u, p)),
        family=SITES_FAMILY,
        in_child_table=True,
        charted=2,
    ),
    Indicator(
        Code.SCHEME_SITES_EXEMPLARY_PROVINCE,
        "Điểm mô hình tiêu biểu được Công an tỉnh ghi nhận",
        "điểm",
        AREA,
        flow=False,
        compute=exemplary_province,
        breakdowns=SITE_DIMENSIONS,
        breakdown=lambda a, u, p: _count_by(exemplary_sites(a, u, p, Recognition.PROVINCE)),
        records=lambda a, u, p: _site_records(exemplary_sites(a, u, p, Recognition.PROVINCE)),
        record_columns=SITE_COLUMNS,
        record_filters=SITE_FILTERS,
        per_child=lambda a, u, p: _per_commune(exemplary_sites(a, u, p, Recognition.PROVINCE)),
    ),
    Indicator(
        Code.SCHEME_SITES_EXEMPLARY_MINISTRY,
        "Điểm mô hình tiêu biểu được Bộ Công an ghi nhận",
        "điểm",
        AREA,
        flow=False,
        compute=exemplary_ministry,
        breakdowns=SITE_DIMENSIONS,
        breakdown=lambda a, u, p: _count_by(exemplary_sites(a, u, p, Recognition.MINISTRY)),
        records=lambda a, u, p: _site_records(exemplary_sites(a, u, p, Recognition.MINISTRY)),
        record_columns=SITE_COLUMNS,
        record_filters=SITE_FILTERS,
        per_child=lambda a, u, p: _per_commune(exemplary_sites(a, u, p, Recognition.MINISTRY)),
    ),
    # Names and units only in the drill-down: contact data stays on the example's own page.
    Indicator(
        Code.EXEMPLARS,
        "Điển hình tiên tiến",
        "điển hình",
        AREA,
        compute=exemplars_count,
        breakdowns=("kind", "recognition_level"),
        breakdown=exemplars_breakdown,
        records=lambda a, u, p: period_exemplars(a, u, p).select_related("unit").order_by("-year", "kind", "sort_key"),
        record_columns=(
            ("name", "Điển hình tiên tiến"),
            ("get_kind_display", "Cá nhân / tập thể"),
            ("unit.name", "Đơn vị"),
            ("year", "Năm"),
        ),
        record_filters=RecordFilters(
            search=("name", "unit__folded_name"), unit="unit", kind="kind", kind_label="Cá nhân / tập thể"
        ),
    ),
)
