"""The tip registry's figures (issue 19 item 6), declared once on the reporting core (antq.core.indicators):

- `tips_received`: tips received in the period (by the day received, Vietnam time) whose *current primary*
  delivery lies in the unit — an info-only delivery never counts, and a forwarded tip counts once, with the unit
  that holds it now. Entered per unit and period before the registry started (`TIPS_FROM`, 1/7/2026): earlier
  periods keep their entered values, a period straddling the day adds both (antq.reporting.selectors). Broken down
  by category and by outcome ("open" for a tip not closed yet), each adding up to the registry's part of the figure.
- `tips_due` / `tips_passed_in_time` / `tips_passed_in_time_pct`: of the tips received in the period whose legal
  time is decided (the clock stopped, or the deadline has passed), those whose clock stopped on or before it, and
  their share. The clock is the inbox's (`rules.clock`): it stops when the tip is passed to the investigating body
  (`passed_at`) — the duty of Bộ luật Tố tụng hình sự 2015, Art. 145 and TTLT 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-
  VKSNDTC, Art. 7: record the tip and pass it on within 24 hours (48 in a remote commune), `rules.deadline` — or
  when it is closed without being passed on (a prank or a duplicate, settled). `acknowledged_at` only says the
  commune has read the tip, which is not what the law times. A tip still open within its time is not counted
  yet: the share is never flattered by tips that may still turn late, nor pulled down by tips that may not.
- `tips_closed`: of the tips received in the period, those closed, by outcome (confirmed, not confirmed,
  duplicate, prank): its drill-down lists them and filters by outcome.
- `tips_ack_median_hours`: the median time from receipt to acknowledgement, in hours with one decimal, over the
  tips received in the period and acknowledged. A median does not add up: it is computed from the tips at each
  level (commune, province, nation), never from the children's medians.

Every figure counts only tips received from `TIPS_FROM` on, and is None ("no figure", never 0) for a period that
ends before it. Scope: the actor's units, through the primary delivery's unit (a commune, or a province's PV05
when a tip was forwarded there). Aggregates carry no tip content, so every role covering the unit gets them; the
drill-down lists codes, category, commune, dates, state and outcome — never the text, place or contact details
(which are encrypted anyway and not in any column listed)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from antq.accounts.scope import scope_for
from antq.core.indicators import (
    Aggregation,
    Indicator,
    NumberKind,
    RecordFilters,
    ReportArea,
    register_area,
    register_indicators,
)
from antq.core.narrative import Facts, count_text, listing, sentence
from antq.core.periods import Period
from antq.core.templatetags.antq import vn
from antq.geo.models import AdminUnit, Level
from antq.tips.models import TipDelivery
from antq.tips.rules import DeliveryRole

# The day the registry started: tips are counted from it; `tips_received` was entered per unit before it.
TIPS_FROM = dt.date(2026, 7, 1)
OPEN = "open"  # the outcome breakdown's key for a tip not closed yet
CATEGORIES_NAMED = 4
# What a tipster wrote, and the secret's hash: never read by a figure or a list.
CONTENT_FIELDS = (
    "body",
    "place",
    "when_told",
    "contact_name",
    "contact_phone",
    "outcome_message",
    "secret_hash",
)  # the report names this many categories, the rest are "khác"


class Code(StrEnum):
    TIPS_RECEIVED = "tips_received"
    TIPS_DUE = "tips_due"
    TIPS_PASSED_IN_TIME = "tips_passed_in_time"
    TIPS_PASSED_IN_TIME_PCT = "tips_passed_in_time_pct"
    TIPS_CLOSED = "tips_closed"
    TIPS_ACK_MEDIAN_HOURS = "tips_ack_median_hours"


# --- The rows behind every figure --------------------------------------------------------------------------------


def _moment(day: dt.date) -> dt.datetime:
    """Midnight starting `day`, Vietnam time (periods are days there; times are stored aware)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def window(period: Period) -> tuple[dt.datetime, dt.datetime] | None:
    """[from, to) of the period's received times that the registry answers for, or None when the period ends
    before the registry started."""
    start, end = max(period.start, TIPS_FROM), period.end
    if end < start:
        return None
    return _moment(start), _moment(end + dt.timedelta(days=1))


def _scope_q(actor: Any) -> Q:
    """Primary deliveries whose unit the actor covers (a commune, or a province's own PV05); fails closed."""
    scope = scope_for(actor)
    if scope.is_national():
        return Q()
    provinces, communes = scope.province_ids(), scope.commune_ids()
    if not provinces and not communes:
        return Q(pk__in=[])
    return Q(unit_id__in=provinces) | Q(unit__parent_id__in=provinces) | Q(unit_id__in=communes)


def _within_q(unit: AdminUnit) -> Q:
    """Deliveries to `unit`: the nation, a province (its PV05 and its communes) or a commune."""
    if unit.level == Level.NATION:
        return Q()
    if unit.level == Level.PROVINCE:
        return Q(unit=unit) | Q(unit__parent=unit)
    return Q(unit=unit)


def primary_deliveries(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[TipDelivery]:
    """The current primary delivery of each tip received in the period (from TIPS_FROM) and held in `unit`,
    within the actor's scope: one row per tip (the database keeps one primary per tip)."""
    bounds = window(period)
    if bounds is None:
        return TipDelivery.objects.none()
    return TipDelivery.objects.filter(
        _scope_q(actor),
        _within_q(unit),
        role=DeliveryRole.PRIMARY,
        tip__received_at__gte=bounds[0],
        tip__received_at__lt=bounds[1],
    )


def _decided_q(now: dt.datetime) -> Q:
    """Tips whose legal time is decided: the clock stopped (passed on, or closed without), or the deadline passed."""
    return Q(tip__passed_at__isnull=False) | Q(tip__closed_at__isnull=False) | Q(tip__due_at__lt=now)


def _in_time_q() -> Q:
    """Tips whose clock stopped on or before the deadline (`rules.clock`: MET)."""
    return Q(stopped_at__isnull=False, stopped_at__lte=F("tip__due_at"))


def _with_stop(rows: QuerySet[TipDelivery]) -> QuerySet[TipDelivery]:
    return rows.annotate(stopped_at=Coalesce("tip__passed_at", "tip__closed_at"))


def _per_unit(rows: QuerySet[TipDelivery]) -> dict[int, int]:
    """{delivery unit id: count} in one query (the core maps communes to their province for the nation)."""
    return dict(rows.order_by().values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))


def _count_or_none(actor: Any, unit: AdminUnit, period: Period, narrow: Any = None) -> int | None:
    if window(period) is None:
        return None
    rows = primary_deliveries(actor, unit, period)
    return (narrow(rows) if narrow else rows).count()


def _due(rows: QuerySet[TipDelivery]) -> QuerySet[TipDelivery]:
    return rows.filter(_decided_q(timezone.now()))


def _closed(rows: QuerySet[TipDelivery]) -> QuerySet[TipDelivery]:
    return rows.exclude(tip__outcome="")


def closed_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """{"outcome": {outcome: tips}} of the closed tips, largest first (adds up to `tips_closed`). One query."""
    rows = (
        _closed(primary_deliveries(actor, unit, period)).order_by().values_list("tip__outcome").annotate(n=Count("pk"))
    )
    return {"outcome": dict(Counter(dict(rows)).most_common())}


def _in_time(rows: QuerySet[TipDelivery]) -> QuerySet[TipDelivery]:
    return _with_stop(rows).filter(_in_time_q())


# --- Breakdowns and the median -----------------------------------------------------------------------------------


def received_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """{"category": {category name: tips}, "outcome": {outcome or "open": tips}}, largest first; each adds up to
    the registry's part of `tips_received` (the whole figure from TIPS_FROM on). One query."""
    rows = (
        primary_deliveries(actor, unit, period)
        .order_by()
        .values_list("tip__category__name", "tip__outcome")
        .annotate(n=Count("pk"))
    )
    categories: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for name, outcome, n in rows:
        categories[name] += n
        outcomes[outcome or OPEN] += n
    return {"category": dict(categories.most_common()), "outcome": dict(outcomes.most_common())}


def median_hours(actor: Any, unit: AdminUnit, period: Period) -> Decimal | None:
    """The median hours from receipt to acknowledgement of the tips received in the period and acknowledged (one
    decimal, half up), from the tips themselves at every level; None without any."""
    rows = primary_deliveries(actor, unit, period).filter(tip__acknowledged_at__isnull=False)
    pairs = rows.values_list("tip__received_at", "tip__acknowledged_at").iterator(chunk_size=5000)
    seconds = [(acknowledged - received).total_seconds() for received, acknowledged in pairs if acknowledged]
    if not seconds:
        return None
    hours = Decimal(str(statistics.median(seconds))) / 3600
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Drill-down ----------------------------------------------------------------------------------------------------


def records(actor: Any, unit: AdminUnit, period: Period, narrow: Any = None) -> QuerySet[TipDelivery]:
    """The tips behind a figure (their primary deliveries; `narrow` picks the figure's part), with the day received
    in Vietnam time. The columns below name no content field: the list shows codes and categories, never what a
    tipster wrote."""
    rows = primary_deliveries(actor, unit, period)
    return (
        (narrow(rows) if narrow else rows)
        .select_related("unit", "tip", "tip__category", "tip__commune")
        # The content never leaves the database for a list (it is encrypted anyway, and no column shows it).
        .defer(*(f"tip__{name}" for name in CONTENT_FIELDS))
        .annotate(received_on=TruncDate("tip__received_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .order_by("tip__received_at", "pk")
    )


RECORD_COLUMNS = (
    ("tip.code", "Mã tin"),
    ("tip.category.name", "Loại"),
    ("tip.commune.name", "Xã, phường nơi xảy ra"),
    ("received_on", "Ngày tiếp nhận"),
    ("unit.name", "Đơn vị thụ lý"),
    ("tip.get_status_display", "Trạng thái"),
    ("tip.get_outcome_display", "Kết quả"),
)
# The closed tips' list is filtered by outcome (the tips received, by category).
CLOSED_FILTERS = RecordFilters(
    search=("tip__code", "unit__folded_name", "tip__commune__folded_name"),
    unit="unit",
    kind="tip__outcome",
    kind_label="Kết quả",
    date="received_on",
    date_label="Ngày tiếp nhận",
)
RECORD_FILTERS = RecordFilters(
    search=("tip__code", "unit__folded_name", "tip__commune__folded_name"),
    unit="unit",
    kind="tip__category",
    kind_label="Loại tin",
    date="received_on",
    date_label="Ngày tiếp nhận",
)


# --- The report's sentence -----------------------------------------------------------------------------------------


def _categories(f: Facts) -> str:
    """ ", gồm 40 tin về ma túy, 30 tin về trộm cắp tài sản và 53 tin khác": the categories recorded with the
    figure, largest first; "trong đó" when they cover only part of it (a period straddling TIPS_FROM: the part
    entered before it has no categories); nothing when they would exceed it (an approved figure, later tips)."""
    parts = {name: int(n) for name, n in f.detail(Code.TIPS_RECEIVED, "category").items()}
    total = int(f.value(Code.TIPS_RECEIVED) or 0)
    if not parts or sum(parts.values()) > total:
        return ""
    ranked = sorted(parts.items(), key=lambda item: (-item[1], item[0]))
    named = [(name, n) for name, n in ranked if name.lower() != "khác"][:CATEGORIES_NAMED]
    rest = sum(parts.values()) - sum(n for _, n in named)
    items = [f"{count_text(n)} tin về {name[:1].lower() + name[1:]}" for name, n in named]
    if rest:
        items.append(f"{count_text(rest)} tin khác")
    word = "gồm" if sum(parts.values()) == total else "trong đó có"
    return f", {word} {listing(items)}"


def tips_sentences(f: Facts) -> list[str]:
    """Section I, crime tips: the tips the public gave (by category, where the registry recorded them), the share
    passed on within the legal time (BLTTHS 2015, Art. 145; TTLT 01/2017, Art. 7) and the median time to
    acknowledge. The comparison is named once, after the figure; the categories follow in words, not brackets."""
    out = []
    if f.has(Code.TIPS_RECEIVED):
        text = (
            f"Quần chúng nhân dân đã cung cấp {f.n(Code.TIPS_RECEIVED)} tin báo, tố giác tội phạm"
            f"{f.cmp(Code.TIPS_RECEIVED)}{_categories(f)}, góp phần giúp lực lượng Công an kịp thời xác minh, xử lý"
        )
        if f.value(Code.TIPS_PASSED_IN_TIME_PCT) is not None and f.has(Code.TIPS_DUE):
            text += (
                f"; {f.pct(Code.TIPS_PASSED_IN_TIME_PCT)} số tin được chuyển hoặc xử lý xong trong thời hạn luật định"
            )
        out.append(sentence(text))
    hours = f.value(Code.TIPS_ACK_MEDIAN_HOURS)
    if hours is not None:  # a measure, not a count: "2,5 giờ", never "02 giờ"
        out.append(
            sentence(f"Một nửa số tin báo, tố giác được xác nhận tiếp nhận trong vòng {vn(hours)} giờ kể từ khi gửi")
        )
    return out


def _narrowed_count(code: Code, label: str, narrow: Callable[[Any], Any], **extra: Any) -> Indicator:
    """A count of the primary deliveries that `narrow` keeps (a queryset → queryset filter), declared with the same
    records, columns and per-child values as `tips_received`; `extra` adds or overrides Indicator fields."""
    fields: dict[str, Any] = {
        "compute": lambda a, u, p: _count_or_none(a, u, p, narrow),
        "records": lambda a, u, p: records(a, u, p, narrow),
        "record_columns": RECORD_COLUMNS,
        "record_filters": RECORD_FILTERS,
        "per_child": lambda a, u, p: _per_unit(narrow(primary_deliveries(a, u, p))),
    }
    return Indicator(code, label, "tin", "tips", **(fields | extra))


register_area(
    ReportArea("tips", "Tin báo, tố giác tội phạm", order=100, sentences=tips_sentences, details=(Code.TIPS_RECEIVED,))
)

register_indicators(
    Indicator(
        Code.TIPS_RECEIVED,
        "Tin báo, tố giác tội phạm tiếp nhận",
        "tin",
        "tips",
        compute=lambda a, u, p: _count_or_none(a, u, p),
        computed_from=TIPS_FROM,
        breakdowns=("category", "outcome"),
        breakdown=received_breakdown,
        records=records,
        record_columns=RECORD_COLUMNS,
        record_filters=RECORD_FILTERS,
        per_child=lambda a, u, p: _per_unit(primary_deliveries(a, u, p)),
    ),
    _narrowed_count(Code.TIPS_DUE, "Tin báo đã đến hạn chuyển hoặc đã xử lý", _due),
    _narrowed_count(Code.TIPS_PASSED_IN_TIME, "Tin báo chuyển hoặc xử lý xong trong thời hạn luật định", _in_time),
    Indicator(
        Code.TIPS_PASSED_IN_TIME_PCT,
        "Tỷ lệ tin báo chuyển hoặc xử lý xong trong thời hạn luật định",
        "%",
        "tips",
        Aggregation.RATIO,
        kind=NumberKind.PERCENT,
        numerator=Code.TIPS_PASSED_IN_TIME,
        denominator=Code.TIPS_DUE,
    ),
    _narrowed_count(
        Code.TIPS_CLOSED,
        "Tin báo đã kết thúc xử lý",
        _closed,
        breakdowns=("outcome",),
        breakdown=closed_breakdown,
        record_filters=CLOSED_FILTERS,
    ),
    Indicator(
        Code.TIPS_ACK_MEDIAN_HOURS,
        "Thời gian xác nhận tiếp nhận tin báo (trung vị)",
        "giờ",
        "tips",
        Aggregation.DISTINCT,
        kind=NumberKind.MEASURE,
        compute=median_hours,
    ),
)
