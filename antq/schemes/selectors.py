"""Reads for scheme types, schemes, sites, evaluations and advanced examples, always from the actor's scope.

Who reads what (no personal data in schemes and sites, so the steering committee's viewers read them too):
- sites, their evaluations and recognitions: the communes the actor covers (officers and viewers);
- named schemes: those of every province the actor works in (a commune officer sees the schemes of the
  neighbouring communes, to replicate them), plus schemes with a site in the actor's scope, plus schemes with a
  recognised exemplary site anywhere (recognition is public and meant to be replicated);
- advanced examples: those of the units the actor covers; contact data per `accounts.policy` ("phone").
Team leaders have no access here (their page is their team's roster). Scope fails closed: no role, no rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from antq.accounts.models import AuditEntry, Role
from antq.accounts.policy import field_access
from antq.accounts.scope import Scope, scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.geo.models import AdminUnit, Level
from antq.schemes.models import (
    Exemplar,
    Recognition,
    Scheme,
    SchemeSite,
    SchemeType,
    SiteEvaluation,
    SiteStatus,
)

READ_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE, Role.COMMUNE, Role.VIEWER})
OFFICER_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE, Role.COMMUNE})
# HD 22/HD-BCA-V05: recognising exemplary sites is the provincial police's (PV05) and the Ministry's (V05) job.
RECOGNISE_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE})
# A site is due an evaluation when its last one (or its start) is more than this many months old.
EVALUATION_MONTHS = 12


# --- Scope ---------------------------------------------------------------------------------------------------


def can_read(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor may read the schemes registry of `unit` (a province or commune)."""
    return scope_for(actor).covers(unit, READ_ROLES)


def _home_province_ids(scope: Scope) -> set[int]:
    """Provinces the actor works in: their province grants and the provinces of their commune grants."""
    return scope.province_ids(READ_ROLES) | {
        g.province_id for g in scope.grants if g.role in READ_ROLES and g.level == Level.COMMUNE and g.province_id
    }


def _site_q(actor: Any, path: str = "commune") -> Q:
    return scope_for(actor).commune_q(path, READ_ROLES)


def _unit_q(actor: Any, *, unit: str = "unit", province: str = "province") -> Q:
    """Rows attached to a commune or province unit, with the unit's province stored beside it."""
    scope = scope_for(actor)
    if scope.is_national(READ_ROLES):
        return Q()
    provinces, communes = scope.province_ids(READ_ROLES), scope.commune_ids(READ_ROLES)
    if not provinces and not communes:
        return Q(pk__in=[])
    return Q(**{f"{province}_id__in": provinces}) | Q(**{f"{unit}_id__in": communes})


# --- Scheme types --------------------------------------------------------------------------------------------


def scheme_types_for(actor: Any, *, province: AdminUnit | None = None) -> QuerySet[SchemeType]:
    """National types and the province-specific types of the actor's provinces (all for the Ministry), with the
    number of running sites of each type in the actor's scope (or in `province`)."""
    scope = scope_for(actor)
    if scope.is_empty or not scope.has_role(*READ_ROLES):
        return SchemeType.objects.none()
    types = SchemeType.objects.select_related("province")
    if province is not None:
        types = types.filter(Q(province__isnull=True) | Q(province=province))
    elif not scope.is_national(READ_ROLES):
        types = types.filter(Q(province__isnull=True) | Q(province_id__in=_home_province_ids(scope)))
    sites = SchemeSite.objects.filter(_site_q(actor), scheme__scheme_type=OuterRef("pk"), ended_on__isnull=True)
    if province is not None:
        sites = sites.filter(commune__parent=province)
    counted = sites.values("scheme__scheme_type").annotate(n=Count("pk")).values("n")
    return types.annotate(site_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)).order_by(
        "province_id", "sort_key"
    )


def get_scheme_type_for(actor: Any, pk: int) -> SchemeType:
    """One type of the catalogue the actor may read (a province's own types: that province's users only)."""
    found = scheme_types_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFoundOrOutOfScope("Không tìm thấy loại mô hình.")
    return found


def types_for_unit(unit: AdminUnit) -> QuerySet[SchemeType]:
    """Types a scheme of `unit` may use: national ones and its province's own."""
    province_id = unit.pk if unit.level == Level.PROVINCE else unit.parent_id
    return SchemeType.objects.filter(Q(province__isnull=True) | Q(province_id=province_id)).order_by("sort_key")


# --- Schemes -------------------------------------------------------------------------------------------------


def _recognised_site_q(path: str = "") -> Q:
    prefix = f"{path}__" if path else ""
    return ~Q(**{f"{prefix}recognition": Recognition.NONE})


def schemes_for(actor: Any, *, unit: AdminUnit | None = None) -> QuerySet[Scheme]:
    """Schemes the actor may read (see the module docstring), with their running sites in the actor's scope.

    `unit`: a province gives the schemes it or its communes started; a commune, those it started or that run
    there."""
    scope = scope_for(actor)
    if not scope.has_role(*READ_ROLES):
        return Scheme.objects.none()
    running = SchemeSite.objects.filter(_site_q(actor), scheme=OuterRef("pk"), ended_on__isnull=True)
    schemes = Scheme.objects.select_related("scheme_type", "unit", "province")
    if not scope.is_national(READ_ROLES):
        schemes = schemes.filter(
            Q(province_id__in=_home_province_ids(scope))
            | Exists(SchemeSite.objects.filter(_site_q(actor), scheme=OuterRef("pk")))
            | Exists(SchemeSite.objects.filter(_recognised_site_q(), scheme=OuterRef("pk")))
        )
    if unit is not None and unit.level == Level.PROVINCE:
        schemes = schemes.filter(province=unit)
    elif unit is not None:
        schemes = schemes.filter(Q(unit=unit) | Exists(SchemeSite.objects.filter(scheme=OuterRef("pk"), commune=unit)))
        running = running.filter(commune=unit)
    count = running.values("scheme").annotate(n=Count("pk")).values("n")
    communes = running.values("scheme").annotate(n=Count("commune", distinct=True)).values("n")
    return schemes.annotate(
        site_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        commune_count=Coalesce(Subquery(communes, output_field=IntegerField()), 0),
    ).order_by("sort_key", "pk")


def get_scheme_for(actor: Any, pk: int) -> Scheme:
    """One scheme the actor may read; 404 when missing or out of scope."""
    scheme = schemes_for(actor).filter(pk=pk).first()
    if scheme is None:
        raise NotFoundOrOutOfScope("Không tìm thấy mô hình.")
    return scheme


# --- Sites ---------------------------------------------------------------------------------------------------


def evaluation_cutoff(today: dt.date) -> dt.date:
    """The same day 12 months earlier (29/02 → 28/02): an evaluation before this day is too old."""
    year = today.year - EVALUATION_MONTHS // 12
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


@dataclass(frozen=True)
class SiteFilters:
    """Filters of the site lists; empty values do not filter."""

    scheme_type: int | None = None
    field: str = ""
    status: str = ""
    rating: str = ""  # the latest evaluation's rating; "none" = never evaluated
    recognition: str = ""
    lead_organisation: str = ""
    commune: int | None = None
    scheme: int | None = None
    overdue: bool = False  # no evaluation in the last 12 months


def _with_latest_evaluation(sites: QuerySet[SchemeSite]) -> QuerySet[SchemeSite]:
    latest = SiteEvaluation.objects.filter(site=OuterRef("pk")).order_by("-evaluated_on", "-pk")
    return sites.annotate(
        latest_rating=Subquery(latest.values("rating")[:1]),
        latest_evaluated_on=Subquery(latest.values("evaluated_on")[:1]),
    )


def overdue_q(today: dt.date) -> Q:
    """Running sites (active or suspended) started more than 12 months ago whose last evaluation, if any, is
    older than 12 months. Needs the `latest_evaluated_on` annotation of `sites_for`."""
    cutoff = evaluation_cutoff(today)
    return Q(ended_on__isnull=True, started_on__lt=cutoff) & (
        Q(latest_evaluated_on__isnull=True) | Q(latest_evaluated_on__lt=cutoff)
    )


def sites_for(
    actor: Any,
    *,
    unit: AdminUnit | None = None,
    filters: SiteFilters | None = None,
    today: dt.date | None = None,
) -> QuerySet[SchemeSite]:
    """Sites in the actor's scope (within `unit`), with the latest evaluation's rating and date, filtered."""
    if not scope_for(actor).has_role(*READ_ROLES):
        return SchemeSite.objects.none()
    sites = SchemeSite.objects.filter(_site_q(actor)).select_related(
        "scheme", "scheme__scheme_type", "commune", "commune__parent", "locality", "establishment"
    )
    if unit is not None and unit.level == Level.PROVINCE:
        sites = sites.filter(commune__parent=unit)
    elif unit is not None and unit.level == Level.COMMUNE:
        sites = sites.filter(commune=unit)
    sites = _with_latest_evaluation(sites)
    f = filters or SiteFilters()
    if f.scheme_type:
        sites = sites.filter(scheme__scheme_type_id=f.scheme_type)
    if f.field:
        sites = sites.filter(scheme__scheme_type__field=f.field)
    if f.status:
        sites = sites.filter(status=f.status)
    if f.rating == "none":
        sites = sites.filter(Q(latest_rating__isnull=True))
    elif f.rating:
        sites = sites.filter(Q(latest_rating=f.rating))
    if f.recognition:
        sites = sites.filter(recognition=f.recognition)
    if f.lead_organisation:
        sites = sites.filter(scheme__lead_organisation=f.lead_organisation)
    if f.commune:
        sites = sites.filter(commune_id=f.commune)
    if f.scheme:
        sites = sites.filter(scheme_id=f.scheme)
    if f.overdue:
        sites = sites.filter(overdue_q(today or timezone.localdate()))
    return sites.order_by("commune__sort_key", "scheme__sort_key", "pk")


def latest_evaluation(site: SchemeSite) -> SiteEvaluation | None:
    """The site's last evaluation (by date), or None when it was never evaluated (recognition rests on it)."""
    return SiteEvaluation.objects.filter(site=site).order_by("-evaluated_on", "-pk").first()


def get_site_for(actor: Any, pk: int) -> SchemeSite:
    """One site the actor may read (ended ones included); 404 when missing or out of scope."""
    site = sites_for(actor).filter(pk=pk).first()
    if site is None:
        raise NotFoundOrOutOfScope("Không tìm thấy điểm mô hình.")
    return site


def is_overdue(site: SchemeSite, today: dt.date | None = None) -> bool:
    """The evaluation flag for one site annotated by `sites_for`."""
    cutoff = evaluation_cutoff(today or timezone.localdate())
    latest = getattr(site, "latest_evaluated_on", None)
    return site.ended_on is None and site.started_on < cutoff and (latest is None or latest < cutoff)


def overdue_note(site: SchemeSite, today: dt.date | None = None) -> str:
    """The site page's warning when an evaluation is due: a site never evaluated says so (it has no "last"
    evaluation to date), one evaluated too long ago names its last evaluation; "" when none is due."""
    if not is_overdue(site, today):
        return ""
    latest = getattr(site, "latest_evaluated_on", None)
    if latest is None:
        return f"Chưa được đánh giá lần nào từ khi bắt đầu ({site.started_on:%d/%m/%Y})."
    return f"Quá 12 tháng chưa được đánh giá (lần gần nhất ngày {latest:%d/%m/%Y})."


def replication_source_q(actor: Any) -> Q:
    """Sites a new site may copy: any site in the actor's scope, or any recognised exemplary site (public)."""
    return _site_q(actor) | _recognised_site_q()


def site_summary(actor: Any, unit: AdminUnit) -> dict[str, int]:
    """Running figures of `unit` today for the list pages (types, schemes, sites, exemplary sites): one query."""
    running = SchemeSite.objects.filter(_site_q(actor), ended_on__isnull=True)
    if unit.level == Level.PROVINCE:
        running = running.filter(commune__parent=unit)
    elif unit.level == Level.COMMUNE:
        running = running.filter(commune=unit)
    return running.aggregate(
        types=Count("scheme__scheme_type", distinct=True),
        schemes=Count("scheme", distinct=True),
        sites=Count("pk"),
        active=Count("pk", filter=Q(status=SiteStatus.ACTIVE)),
        province=Count("pk", filter=Q(recognition=Recognition.PROVINCE)),
        ministry=Count("pk", filter=Q(recognition=Recognition.MINISTRY)),
    )


# --- Replication (nhân rộng) ---------------------------------------------------------------------------------


def _descendants(edges: dict[int, list[int]], root: int) -> list[int]:
    """Every site copied from `root`, directly or through other replicas (breadth first, cycle-safe)."""
    found: list[int] = []
    seen = {root}
    frontier = [root]
    while frontier:
        following = []
        for node in frontier:
            for child in edges.get(node, []):
                if child not in seen:
                    seen.add(child)
                    found.append(child)
                    following.append(child)
        frontier = following
    return found


def _replica_edges() -> dict[int, list[int]]:
    """Source → replicas, for every replicated site (ids only: one query, whatever the page shows)."""
    edges: dict[int, list[int]] = defaultdict(list)
    rows = SchemeSite.objects.filter(replicated_from__isnull=False).values_list("pk", "replicated_from_id")
    for pk, source in rows:
        if source is not None:
            edges[source].append(pk)
    return edges


def replicas_of(actor: Any, site: SchemeSite) -> QuerySet[SchemeSite]:
    """The sites replicating `site`, directly or through other replicas, that the actor may read."""
    ids = _descendants(_replica_edges(), site.pk)
    return sites_for(actor).filter(pk__in=ids)


@dataclass(frozen=True)
class Spread:
    """How far a site has spread: running replicas (direct or not) in the actor's scope, and their communes."""

    replicas: int
    communes: int
    provinces: int


def spread_of(actor: Any, sites: list[SchemeSite]) -> dict[int, Spread]:
    """Spread of each site in `sites`, in two queries whatever their number."""
    edges = _replica_edges()
    wanted = {site.pk: _descendants(edges, site.pk) for site in sites}
    every = {pk for ids in wanted.values() for pk in ids}
    rows = dict(
        (pk, (commune_id, province_id))
        for pk, commune_id, province_id in SchemeSite.objects.filter(
            _site_q(actor), pk__in=every, ended_on__isnull=True
        ).values_list("pk", "commune_id", "commune__parent_id")
    )
    result = {}
    for site_pk, ids in wanted.items():
        places = [rows[pk] for pk in ids if pk in rows]
        result[site_pk] = Spread(len(places), len({c for c, _ in places}), len({p for _, p in places}))
    return result


def exemplary_sites_for(actor: Any, unit: AdminUnit) -> QuerySet[SchemeSite]:
    """Recognised sites of `unit` ("ministry" sorts before "province"), for the spread overview."""
    return (
        sites_for(actor, unit=unit)
        .filter(_recognised_site_q())
        .order_by("recognition", "commune__sort_key", "scheme__sort_key", "pk")
    )


# --- History ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    day: dt.date
    text: str


def site_history(site: SchemeSite) -> list[HistoryItem]:
    """The site's life from its own records: start, suspensions, recognitions, evaluations, end (newest first)."""
    items = [HistoryItem(site.started_on, "Bắt đầu hoạt động")]
    if site.replicated_from_id:
        items.append(HistoryItem(site.started_on, "Nhân rộng từ một điểm mô hình tiêu biểu"))
    for pause in site.suspensions.all():
        items.append(HistoryItem(pause.started_on, f"Tạm dừng: {pause.reason}"))
        if pause.ended_on:
            items.append(HistoryItem(pause.ended_on + dt.timedelta(days=1), "Hoạt động trở lại"))
    for recognition in site.recognitions.all():
        number = f" số {recognition.decision_number}" if recognition.decision_number else ""
        items.append(
            HistoryItem(
                recognition.decision_date,
                f"{recognition.get_level_display()} là mô hình tiêu biểu ({recognition.issuing_body}{number})",
            )
        )
    for evaluation in site.evaluations.all():
        items.append(HistoryItem(evaluation.evaluated_on, f"Đánh giá: {evaluation.get_rating_display()}"))
    if site.ended_on:
        items.append(HistoryItem(site.ended_on, f"Dừng hoạt động: {site.end_reason}"))
    return sorted(items, key=lambda item: item.day, reverse=True)


def site_changes(actor: Any, site: SchemeSite, limit: int = 50) -> list[AuditEntry]:
    """The audit trail of the site record (who changed what), for officers; viewers see the history only."""
    if not scope_for(actor).covers(site.commune, OFFICER_ROLES):
        return []
    content_type = ContentType.objects.get_for_model(SchemeSite)
    return list(
        AuditEntry.objects.filter(content_type=content_type, object_pk=str(site.pk))
        .select_related("actor")
        .order_by("-timestamp")[:limit]
    )


# --- Advanced examples -----------------------------------------------------------------------------------------


def exemplars_for(
    actor: Any,
    *,
    unit: AdminUnit | None = None,
    year: int | None = None,
    kind: str = "",
    level: str = "",
) -> QuerySet[Exemplar]:
    """Advanced examples of the units the actor covers (a province's list includes its communes')."""
    if not scope_for(actor).has_role(*READ_ROLES):
        return Exemplar.objects.none()
    exemplars = Exemplar.objects.filter(_unit_q(actor)).select_related("unit", "unit__parent", "province")
    if unit is not None and unit.level == Level.PROVINCE:
        exemplars = exemplars.filter(province=unit)
    elif unit is not None:
        exemplars = exemplars.filter(unit=unit)
    if year:
        exemplars = exemplars.filter(year=year)
    if kind:
        exemplars = exemplars.filter(kind=kind)
    if level:
        exemplars = exemplars.filter(recognition_level=level)
    return exemplars.order_by("-year", "kind", "sort_key", "pk")


def get_exemplar_for(actor: Any, pk: int) -> Exemplar:
    exemplar = exemplars_for(actor).filter(pk=pk).first()
    if exemplar is None:
        raise NotFoundOrOutOfScope("Không tìm thấy điển hình tiên tiến.")
    return exemplar


def sees_contact(actor: Any, exemplar: Exemplar) -> str | None:
    """How the actor sees an example's contact data: "full", "masked" or None (viewers), per accounts.policy."""
    access = field_access(actor, exemplar.unit, "phone")
    return "full" if access in ("full", "full_on_detail") else access
