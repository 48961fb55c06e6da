"""Reads of the police's tip inbox, always starting from the actor's scope (issue 19 item 5).

A tip is visible to the units it was delivered to (primary or info-only) and to the officers of those units'
provinces (PV05), to the steering committee of those provinces and to the Ministry — everyone else gets a 404.
Seeing a tip is not reading it: the raw content (the tipster's words, contact, photos, the dialogue) is for the
primary recipient's officers and its province only (`capacities`, rules.ACTION_CAPACITIES); the others read the
sanitised summary. Lists never load the encrypted columns (`LIST_DEFERRED`), so 10,000 rows list without a decrypt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from antq.accounts.models import Role
from antq.accounts.scope import Scope, scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.text import ascii_digits, fold
from antq.geo.models import AdminUnit, Level
from antq.tips import rules
from antq.tips.models import (
    RemoteCommune,
    Tip,
    TipAttachment,
    TipCategory,
    TipDelivery,
    TipMessage,
    TipTransition,
)
from antq.tips.rules import Capacity, DeliveryRole, Status

# Who may open the inbox at all (what each sees is decided per tip by `capacities`).
READ_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE, Role.COMMUNE, Role.VIEWER})
# The encrypted columns: never fetched for a list or a board.
LIST_DEFERRED = ("body", "place", "when_told", "contact_name", "contact_phone", "outcome_message", "secret_hash")


def covers(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor may open `unit`'s inbox (a reading role on the unit or on its province)."""
    return scope_for(actor).covers(unit, READ_ROLES)


def _units_in_scope_q(scope: Scope, path: str = "unit") -> Q:
    """Filter for rows whose unit (`path`) is a unit the scope covers: a granted province, its communes, a
    granted commune. Fails closed."""
    if scope.is_national(READ_ROLES):
        return Q()
    provinces, communes = scope.province_ids(READ_ROLES), scope.commune_ids(READ_ROLES)
    if not provinces and not communes:
        return Q(pk__in=[])
    below = AdminUnit.objects.filter(parent_id__in=provinces).values("pk")
    return Q(**{f"{path}_id__in": provinces}) | Q(**{f"{path}_id__in": below}) | Q(**{f"{path}_id__in": communes})


def visible_q(actor: Any) -> Q:
    """Filter for Tip rows the actor may see: delivered (any role) to a unit the actor covers."""
    deliveries = TipDelivery.objects.filter(_units_in_scope_q(scope_for(actor)))
    return Q(pk__in=deliveries.values("tip_id"))


def is_visible(actor: Any, pk: int) -> bool:
    """Whether the tip `pk` exists and the actor may see it."""
    return Tip.objects.filter(visible_q(actor), pk=pk).exists()


def _inbox_units(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """A commune's inbox is its own; a province's gathers its own deliveries and its communes'."""
    if unit.level == Level.PROVINCE:
        return AdminUnit.objects.filter(Q(pk=unit.pk) | Q(parent_id=unit.pk))
    return AdminUnit.objects.filter(pk=unit.pk)


def _inbox_unit_ids(unit: AdminUnit) -> list[int]:
    """The ids of `_inbox_units(unit)`, as a list: the inbox filters deliveries on these literal ids, because
    PostgreSQL estimates `unit_id IN (subquery with an OR)` at a few dozen rows and then joins every one of a
    province's 10,000 tips before sorting (docs/benchmarks.md, crime tips)."""
    if unit.level == Level.PROVINCE:
        return list(_inbox_units(unit).values_list("pk", flat=True))
    return [unit.pk]


def _in_inbox(unit: AdminUnit, unit_id: int, parent_id: int | None) -> bool:
    """Whether a delivery to the unit `unit_id` (whose parent is `parent_id`) is in `unit`'s inbox."""
    return unit_id == unit.pk or (unit.level == Level.PROVINCE and parent_id == unit.pk)


def inbox_for(
    actor: Any,
    *,
    unit: AdminUnit,
    status: str | None = None,
    category: TipCategory | None = None,
    clock: str | None = None,
    role: str | None = None,
    code: str | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Tip]:
    """The tips delivered to `unit` (a province: to it or any of its communes), newest first, filtered.

    `code`: a tip code as an officer types it from a call or a letter ("tg t7vh 33ed" finds TG-T7VH33ED), or a
    part of one ("T7VH").
    `clock`: "open" (not yet passed on), "due" (not passed on, due within rules.DUE_SOON), "overdue" (not passed
    on, past due). `role`: the delivery's role here (primary / info-only). Encrypted columns are deferred; a
    page's rows get the holder and the role here from `mark_page`. Fails closed: empty unless the actor covers
    `unit`."""
    if not covers(actor, unit):
        return Tip.objects.none()
    now = now or timezone.now()
    here = TipDelivery.objects.filter(unit_id__in=_inbox_unit_ids(unit))
    if role in DeliveryRole.values:
        here = here.filter(role=role)
    # Every delivery to a unit the actor covers is in scope: no second scope filter (covers() was checked).
    rows = Tip.objects.filter(pk__in=here.values("tip_id"))
    if code and (whole := rules.normalise_code(code)):
        rows = rows.filter(code=whole)
    elif code:  # a part: what follows "TG-"
        rows = rows.filter(code__contains="".join(ch for ch in code.upper() if ch.isalnum()).removeprefix("TG"))
    if status in Status.values:
        rows = rows.filter(status=status)
    if category is not None:
        rows = rows.filter(category=category)
    open_states = sorted(rules.NOT_PASSED_ON)
    if clock == "open":
        rows = rows.filter(status__in=open_states)
    elif clock == "due":
        rows = rows.filter(status__in=open_states, due_at__gte=now, due_at__lte=now + rules.DUE_SOON)
    elif clock == "overdue":
        rows = rows.filter(status__in=open_states, due_at__lt=now)
    return rows.defer(*LIST_DEFERRED).select_related("category", "commune").order_by("-received_at", "-id")


def mark_page(tips: list[Tip], *, unit: AdminUnit) -> None:
    """Give each tip of one page `holder_name` (the primary recipient now) and `role_here` (primary when any of
    its deliveries to `unit`'s inbox is primary): one query for the page, not a subquery per row of the list."""
    ids = [t.pk for t in tips]
    holders: dict[int, str] = {}
    roles: dict[int, str] = {}
    rows = TipDelivery.objects.filter(tip_id__in=ids).values_list(
        "tip_id", "unit_id", "unit__parent_id", "unit__name", "role"
    )
    for tip_id, unit_id, parent_id, unit_name, role in rows:
        if role == DeliveryRole.PRIMARY:
            holders[tip_id] = unit_name
        if _in_inbox(unit, unit_id, parent_id) and roles.get(tip_id) != DeliveryRole.PRIMARY:
            roles[tip_id] = role
    for tip in tips:
        tip.holder_name = holders.get(tip.pk, "")  # type: ignore[attr-defined]
        tip.role_here = roles.get(tip.pk, "")  # type: ignore[attr-defined]


def get_tip_for(actor: Any, pk: int) -> Tip:
    """One tip the actor may see (raw content still to be decrypted by the services); 404 otherwise."""
    tip = Tip.objects.filter(visible_q(actor), pk=pk).select_related("category", "commune").first()
    if tip is None:
        raise NotFoundOrOutOfScope("Không tìm thấy tin báo.")
    return tip


def holder_of(tip: Tip) -> TipDelivery:
    """The tip's primary delivery (the unit that holds it now), with its unit and the unit's province."""
    return TipDelivery.objects.select_related("unit", "unit__parent").get(tip=tip, role=DeliveryRole.PRIMARY)


def capacities(actor: Any, holder: AdminUnit) -> frozenset[Capacity]:
    """In what capacities the actor acts on a tip held by `holder`: HOLDER when an officer of that unit (a commune
    officer of the commune, a PV05 officer of a province that holds it), PROVINCE when a PV05 officer of the
    holder's province. The Ministry, the steering committee and info-only units hold none (summary only)."""
    scope = scope_for(actor)
    found: set[Capacity] = set()
    if holder.level == Level.COMMUNE:
        if holder.pk in scope.commune_ids(frozenset({Role.COMMUNE})):
            found.add(Capacity.HOLDER)
        if holder.parent_id in scope.province_ids(frozenset({Role.PROVINCE})):
            found.add(Capacity.PROVINCE)
    elif holder.level == Level.PROVINCE and holder.pk in scope.province_ids(frozenset({Role.PROVINCE})):
        found |= {Capacity.HOLDER, Capacity.PROVINCE}
    return frozenset(found)


def steps_for(actor: Any, tip: Tip, holder: AdminUnit) -> list[rules.Step]:
    """The steps this actor may take on the tip now (for the page's buttons)."""
    caps = capacities(actor, holder)
    return [step for step in rules.steps_from(Status(tip.status)) if rules.may_take(step, Status(tip.status), caps)]


def deliveries_of(tip: Tip) -> QuerySet[TipDelivery]:
    """Every unit the tip was delivered to, in order, with who forwarded it and why."""
    return TipDelivery.objects.filter(tip=tip).select_related("unit", "forwarded_by").order_by("delivered_at", "id")


def transitions_of(tip: Tip) -> QuerySet[TipTransition]:
    return TipTransition.objects.filter(tip=tip).select_related("actor", "unit").order_by("at", "id")


def messages_of(tip: Tip) -> QuerySet[TipMessage]:
    """The dialogue (still encrypted), oldest first, with the photos each message carried."""
    return TipMessage.objects.filter(tip=tip).select_related("author").prefetch_related("attachments")


def attachments_of(tip: Tip) -> QuerySet[TipAttachment]:
    """The photos sent with the tip itself (not with a later message); the data column is not fetched."""
    return TipAttachment.objects.filter(tip=tip, message__isnull=True).defer("data").order_by("created_at", "id")


def get_attachment_for(actor: Any, pk: int) -> TipAttachment:
    """A photo of a tip the actor may see; 404 otherwise (whether they may open it is the services' check)."""
    photo = TipAttachment.objects.filter(pk=pk, tip__in=Tip.objects.filter(visible_q(actor))).first()
    if photo is None:
        raise NotFoundOrOutOfScope("Không tìm thấy ảnh.")
    return photo


def forward_targets(holder: AdminUnit) -> QuerySet[AdminUnit]:
    """Where a tip held by `holder` may go: any commune of the same province, the province police itself, or
    another province's police (which routes it on to its commune). Never the holder itself."""
    province_id = holder.pk if holder.level == Level.PROVINCE else holder.parent_id
    return (
        AdminUnit.objects.filter(valid_to__isnull=True)
        .filter(Q(level=Level.COMMUNE, parent_id=province_id) | Q(level=Level.PROVINCE))
        .exclude(pk=holder.pk)
        .select_related("parent")
        .order_by("level", "sort_key", "code")
    )


# The board lists the most overdue tips of each unit; the rest are counted and one click away (the unit's inbox,
# filtered "overdue").
BOARD_TIPS_PER_UNIT = 10


@dataclass
class OverdueGroup:
    """One unit's overdue tips on the province board: how many, and the most overdue of them."""

    unit: AdminUnit
    count: int = 0
    tips: list[Tip] = field(default_factory=list)


def overdue_board(actor: Any, *, province: AdminUnit, now: dt.datetime | None = None) -> list[OverdueGroup]:
    """Tips held by the province or one of its communes, not yet passed on (rules.NOT_PASSED_ON) and past their
    due time, grouped by holding unit: the count per unit and its BOARD_TIPS_PER_UNIT most overdue tips. Two
    queries whatever the number of tips; encrypted columns are not fetched."""
    if not covers(actor, province) or province.level != Level.PROVINCE:
        return []
    now = now or timezone.now()
    overdue = TipDelivery.objects.filter(
        role=DeliveryRole.PRIMARY,
        unit_id__in=_inbox_unit_ids(province),
        tip__status__in=sorted(rules.NOT_PASSED_ON),
        tip__due_at__lt=now,
    )
    counts = dict(overdue.order_by().values_list("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    ranked = overdue.annotate(
        rank=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("tip__due_at").asc(), F("tip_id").asc()])
    ).filter(rank__lte=BOARD_TIPS_PER_UNIT)
    shown = (
        ranked.select_related("unit", "tip", "tip__category")
        .defer(*(f"tip__{name}" for name in LIST_DEFERRED))
        .order_by("unit__level", "unit__sort_key", "unit__code", "tip__due_at", "tip__id")
    )
    groups: dict[int, OverdueGroup] = {}
    for delivery in shown:
        group = groups.setdefault(delivery.unit_id, OverdueGroup(unit=delivery.unit, count=counts[delivery.unit_id]))
        group.tips.append(delivery.tip)
    return list(groups.values())


def inbox_units_for(actor: Any) -> QuerySet[AdminUnit]:
    """The units whose inbox the actor may open from the menu: their own granted units (the Ministry: every
    province)."""
    scope = scope_for(actor)
    units = AdminUnit.objects.filter(valid_to__isnull=True, level__in=[Level.PROVINCE, Level.COMMUNE])
    if scope.is_national(READ_ROLES):
        return units.filter(level=Level.PROVINCE).order_by("sort_key", "code")
    granted = scope.province_ids(READ_ROLES) | scope.commune_ids(READ_ROLES)
    return units.filter(pk__in=granted).select_related("parent").order_by("level", "sort_key", "code")


# --- Configuration: remote communes and tip categories ----------------------------------------------------------

# Who may change the tip configuration (one table, checked by the services): a PV05 officer of the province its
# remote communes, a Ministry officer the national list of categories. Reading needs only inbox access.
CONFIG_EDIT_ROLES: dict[str, frozenset[str]] = {
    "remote_communes": frozenset({Role.PROVINCE}),
    "categories": frozenset({Role.MINISTRY}),
}


def may_view_remote(actor: Any, province: AdminUnit) -> bool:
    """Whether the actor may see a province's list of remote communes: a reading role on the province (PV05, the
    steering committee, the Ministry) or on one of its communes (the commune police, whose clock it sets)."""
    if province.level != Level.PROVINCE:
        return False
    scope = scope_for(actor)
    if scope.covers(province, READ_ROLES):
        return True
    return any(g.role in READ_ROLES and g.province_id == province.pk for g in scope.grants)


def may_edit_remote(actor: Any, province: AdminUnit) -> bool:
    """Whether the actor may mark or unmark the province's remote communes (its own PV05 only)."""
    roles = CONFIG_EDIT_ROLES["remote_communes"]
    return province.level == Level.PROVINCE and province.pk in scope_for(actor).province_ids(roles)


def get_province_for_remote(actor: Any, code: str) -> AdminUnit:
    """Today's province with `code` ("33", "8") whose remote communes the actor may see; 404 otherwise."""
    digits = ascii_digits(code)
    if digits is None or len(digits) > 2:
        raise NotFoundOrOutOfScope("Không tìm thấy tỉnh, thành phố.")
    province = AdminUnit.objects.filter(valid_to__isnull=True, level=Level.PROVINCE, code=digits.zfill(2)).first()
    if province is None or not may_view_remote(actor, province):
        raise NotFoundOrOutOfScope("Không tìm thấy tỉnh, thành phố.")
    return province


def remote_communes_for(
    actor: Any, *, province: AdminUnit, query: str = "", remote_only: bool = False
) -> QuerySet[AdminUnit]:
    """Today's communes of the province, in Vietnamese order (`sort_key`), each with its `tip_remote` row or none
    (one query per page); `query` matches the name without accents. Empty unless the actor may see the list."""
    if not may_view_remote(actor, province):
        return AdminUnit.objects.none()
    rows = AdminUnit.objects.filter(valid_to__isnull=True, level=Level.COMMUNE, parent=province)
    folded = fold(query)
    if folded:
        rows = rows.filter(folded_name__contains=folded)
    if remote_only:
        rows = rows.filter(tip_remote__isnull=False)
    return rows.select_related("tip_remote").order_by("sort_key", "code")


def remote_count(province: AdminUnit) -> int:
    """How many of the province's communes are remote (48 hours)."""
    return RemoteCommune.objects.filter(unit__parent=province, unit__valid_to__isnull=True).count()


def get_remote_commune_for(actor: Any, *, province: AdminUnit, code: str) -> AdminUnit:
    """A commune of `province` (today's, by code) for the remote-communes page; 404 when the actor may not see the
    province's list or the commune is not one of its own."""
    digits = ascii_digits(code)
    unit = None
    if digits is not None and len(digits) <= 5:
        units = AdminUnit.objects.filter(valid_to__isnull=True, level=Level.COMMUNE, parent=province)
        unit = units.filter(code=digits.zfill(5)).first()
    if unit is None or not may_view_remote(actor, province):
        raise NotFoundOrOutOfScope("Không tìm thấy xã, phường.")
    return unit


def may_view_categories(actor: Any) -> bool:
    """Whether the actor may see the list of categories: anyone with inbox access."""
    return scope_for(actor).has_role(*READ_ROLES)


def may_edit_categories(actor: Any) -> bool:
    """Whether the actor may add, rename, reorder, retire or restore categories (the Ministry)."""
    return scope_for(actor).is_national(CONFIG_EDIT_ROLES["categories"])


def categories_for(actor: Any) -> QuerySet[TipCategory]:
    """Every category, active and retired, in the portal's order, with how many tips use each. Empty for someone
    without inbox access."""
    if not may_view_categories(actor):
        return TipCategory.objects.none()
    return TipCategory.objects.annotate(tip_count=Count("tips")).order_by("order", "code")


def get_category_for(actor: Any, pk: int) -> TipCategory:
    """One category for someone with inbox access; 404 otherwise."""
    category = TipCategory.objects.filter(pk=pk).first() if may_view_categories(actor) else None
    if category is None:
        raise NotFoundOrOutOfScope("Không tìm thấy loại tin báo.")
    return category
