"""Writes for reporting: entered values with validation rules, and the submission workflow
(draft → submitted → approved / returned; withdraw; reopen), which snapshots every indicator on approval."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from antq.accounts import acting
from antq.accounts.audit import acting_as
from antq.accounts.models import ActingGrant, Role
from antq.accounts.scope import OFFICER_ROLES, scope_for
from antq.accounts.services import notify_role
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.indicators import INDICATORS, NumberKind, Source, where
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level, UnitSuccession
from antq.reporting import selectors
from antq.reporting.models import (
    EnteredValue,
    MissingReport,
    Qualifier,
    Snapshot,
    Submission,
    SubmissionStatus,
    SubmissionTransition,
)

# Periods that end before ANTQ's first map edition are baselines: they may be entered at any time.
BASELINE_BEFORE = dt.date(2025, 7, 1)
JUMP_FACTOR = 10

D, S, R, A = SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.APPROVED
LEVEL_ROLE = {Level.COMMUNE: Role.COMMUNE, Level.PROVINCE: Role.PROVINCE, Level.NATION: Role.MINISTRY}
# Separation of duties: a unit's own officers submit its report; the level directly above approves, returns and
# reopens it. The role is keyed by the reporting unit's level, so the Ministry (above provinces only) can neither
# submit nor approve a commune's report.
OWN_LEVEL: dict[str, str] = {Level.COMMUNE: Role.COMMUNE, Level.PROVINCE: Role.PROVINCE}
LEVEL_ABOVE: dict[str, str] = {Level.COMMUNE: Role.PROVINCE, Level.PROVINCE: Role.MINISTRY}
# The one table of who may do what: (from, to) → the role that takes the step, by the reporting unit's level. The
# role must cover the unit through the same grant (`Scope.covers(unit, {role})`), not through another role.
TRANSITIONS: dict[tuple[str, str], dict[str, str]] = {
    (D, S): OWN_LEVEL,  # submit
    (R, S): OWN_LEVEL,  # submit again after a return
    (S, A): LEVEL_ABOVE,  # approve
    (S, R): LEVEL_ABOVE,  # return
    (A, D): LEVEL_ABOVE,  # reopen: audited, re-snapshotted on the next approval
    (S, D): OWN_LEVEL,  # withdraw ("rút lại"): the unit takes back a report the level above has not acted on yet
}
WITHDRAW, REOPEN = (S, D), (A, D)
# What each step is called (buttons, the audit of transitions) and what the person who took it is told.
STEP_LABELS: dict[tuple[str, str], str] = {
    (D, S): "Gửi báo cáo",
    (R, S): "Gửi lại báo cáo",
    (S, A): "Duyệt",
    (S, R): "Trả lại",
    (A, D): "Mở lại để sửa",
    (S, D): "Rút lại",
}
STEP_DONE: dict[tuple[str, str], str] = {
    (D, S): "Đã gửi báo cáo {period} của {unit} lên cấp trên.",
    (R, S): "Đã gửi lại báo cáo {period} của {unit} lên cấp trên.",
    (S, A): "Đã duyệt báo cáo {period} của {unit}; số liệu đã được chốt.",
    (S, R): "Đã trả lại báo cáo {period} của {unit}; đơn vị được thông báo lý do.",
    (A, D): "Đã mở lại báo cáo {period} của {unit} để sửa.",
    (S, D): "Đã rút lại báo cáo {period} của {unit}; báo cáo trở về trạng thái đang nhập.",
}
# Steps that need a reason: a return (the unit must know what to fix) and a reopen (it undoes an approval).
NEEDS_REASON = frozenset({(S, R), (A, D)})
# Steps that judge a submission: never by the person who submitted it (if they hold both levels' roles).
JUDGING = frozenset({(S, A), (S, R)})
# Hierarchy order (issue 15 item 5), checked in submission_transition beside the table:
# - a province submits while a commune's report is not approved only by naming that commune with a reason;
# - a commune report is not reopened while a province report containing its period is approved, unless the
#   reopen takes that report with it (`with_parent`): the one who may reopen the commune (the table's role) reopens
#   the province report in the same action, recorded as its own transition, and the Ministry is told. Undoing an
#   approval is no self-approval: the province report goes back to the Ministry for approval again;
# - a report sent before its period ends needs `confirm_early`, recorded on the transition.


def step_done_message(from_status: str, to_status: str, unit: AdminUnit, period: Period) -> str:
    """The confirmation shown to whoever took the step: one message per step, never a generic one."""
    return STEP_DONE[(from_status, to_status)].format(period=period.label, unit=unit.name)


def _who(actor: Any, unit: AdminUnit, roles: dict[str, str]) -> bool:
    """Whether the actor holds the table's role for this unit's level, through a grant that covers the unit."""
    role = roles.get(unit.level)
    return role is not None and scope_for(actor).covers(unit, frozenset({role}))


def _submitter_id(submission: Submission) -> int | None:
    last = submission.transitions.filter(to_status=S).order_by("-at", "-pk").values_list("actor_id", flat=True)
    return last.first()


def may_transition(actor: Any, unit: AdminUnit, submission: Submission | None, to_status: str) -> bool:
    """Whether the actor may move the unit's report (None: not started, a draft) to `to_status` now."""
    status = submission.status if submission is not None else D
    roles = TRANSITIONS.get((status, to_status))
    if roles is None or not _who(actor, unit, roles):
        return False
    return not ((status, to_status) in JUDGING and submission is not None and _submitter_id(submission) == actor.pk)


def allowed_transitions(actor: Any, unit: AdminUnit, submission: Submission | None) -> list[str]:
    """The statuses the actor may move the unit's report to now (for the page's buttons)."""
    status = submission.status if submission is not None else D
    return [to for (frm, to) in TRANSITIONS if frm == status and may_transition(actor, unit, submission, to)]


class EntryMode(StrEnum):
    """How an actor meets a unit's entry form (`entry_access`)."""

    OWN = "own"  # the unit's own officers: they enter its figures
    ACTING = "acting"  # an officer above, under an acting grant given by the unit (antq.accounts.acting)
    READ = "read"  # an officer above without a grant: the figures, read-only
    NONE = "none"  # anyone else: not found


@dataclass(frozen=True)
class EntryAccess:
    mode: EntryMode
    grant: ActingGrant | None = None

    @property
    def writes(self) -> bool:
        return self.mode in (EntryMode.OWN, EntryMode.ACTING)


def entry_access(actor: Any, unit: AdminUnit) -> EntryAccess:
    """Who enters a unit's figures (issue 17 item 5): its own officers (a commune's by the commune's officers, a
    province's by the province's); an officer of the level above who covers it (a province or Ministry officer for a
    commune, a Ministry officer for a province) only under an acting grant the unit gave them, else read-only. A
    legacy unit counts through the units it became (a grant for today's commune covers its old wards); legacy
    districts have no officers of their own any more, so any officer covering what they became enters their
    baselines, as before."""
    scope = scope_for(actor)
    targets = [unit] if unit.is_current else list(AdminUnit.objects.filter(predecessors__old_unit=unit))
    if not any(
        scope.covers(target, OFFICER_ROLES) if target.level != Level.NATION else scope.is_national(OFFICER_ROLES)
        for target in targets
    ):
        return EntryAccess(EntryMode.NONE)
    if unit.level == Level.DISTRICT or any(acting.is_own_officer(actor, target) for target in targets):
        return EntryAccess(EntryMode.OWN)
    grant = acting.active_grant(actor, targets)
    return EntryAccess(EntryMode.ACTING, grant) if grant is not None else EntryAccess(EntryMode.READ)


def _writable_unit(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor may write the unit's entered values now (`entry_access`)."""
    return entry_access(actor, unit).writes


def entry_open(unit: AdminUnit, period: Period, *, today: dt.date | None = None) -> tuple[bool, str]:
    """Whether values for this unit and period may still be entered, and why not."""
    today = today or timezone.localdate()
    submission = selectors.submission_for(unit, period)
    # Any report of the unit sent or approved for a period sharing a day with this one holds its figures: a month
    # entered under an approved year would change the year the province signed (F04's kind).
    for held in Submission.objects.filter(unit=unit, status__in=(S, A)).order_by("period"):
        other = Period.parse(held.period)
        if other.start <= period.end and period.start <= other.end:
            state = "đã duyệt" if held.status == A else "đã gửi"
            return False, f"Báo cáo {other.label} {state}; cần được mở lại để sửa số liệu kỳ này."
    if period.end < BASELINE_BEFORE or not unit.is_current:
        return True, ""
    if submission is not None and submission.reopened:
        return True, ""
    closes = period.end + dt.timedelta(days=settings.ANTQ_ENTRY_CLOSE_DAYS)
    if today > closes:
        return False, f"Đã hết hạn nhập số liệu kỳ {period.label} (ngày {closes:%d/%m/%Y})."
    return True, ""


# Vietnamese number writing: "." groups thousands (exactly three digits a group), "," starts the decimals —
# "2.991" is 2991, "94,5" is 94.5. "1.5" fits neither and is refused rather than read as 15.
_VI_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")


def _parse(value: Any, code: str) -> Decimal:
    """A typed or posted value as a non-negative finite Decimal of the indicator's number kind (whole counts,
    whole đồng, percentages to one decimal); ValidationFailed (naming `code`) otherwise."""
    indicator = INDICATORS[code]
    not_a_number = ValidationFailed(f"{indicator.label}: “{value}” không phải là số.", field=code)
    # The stored value has 16 whole digits at most (max_digits=18, decimal_places=2).
    too_large = ValidationFailed(f"{indicator.label}: số quá lớn (tối đa 9.999.999.999.999.999).", field=code)
    try:
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()  # full-width digits read as 0–9; others refused
            if not _VI_NUMBER.fullmatch(text):
                raise not_a_number
            if len(text) > 30:
                raise too_large
            number = Decimal(text.replace(".", "").replace(",", "."))
        else:
            number = Decimal(value)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise not_a_number from exc
    if not number.is_finite():
        raise not_a_number
    if number.adjusted() > 15:
        raise too_large
    if number < 0:
        raise ValidationFailed(f"{indicator.label}: không được âm.", field=code)
    kind = indicator.kind
    if kind in (NumberKind.COUNT, NumberKind.MONEY) and number != number.to_integral_value():
        whole = "số đồng" if kind == NumberKind.MONEY else f"số {indicator.unit}"
        raise ValidationFailed(f"{indicator.label}: “{value}” — {whole} phải là số nguyên.", field=code)
    if kind == NumberKind.PERCENT and number != number.quantize(Decimal("0.1")):
        raise ValidationFailed(f"{indicator.label}: tỷ lệ chỉ ghi một chữ số thập phân.", field=code)
    return number


def _lifetime_problem(unit: AdminUnit, period: Period) -> str:
    """Why the unit cannot hold values for the period ("" if it can).

    A legacy unit holds only periods that ended by its last day (Nghị quyết 202/2025/QH15 and the Standing
    Committee's resolutions on communes: the old provinces, districts and wards ended on 30/06/2025). A current unit
    holds periods that end on or after its first day — a period that began earlier is its first report, e.g. 2025
    for today's units — and, before it, only baselines (periods ending before BASELINE_BEFORE)."""
    if unit.valid_to is not None and period.end > unit.valid_to:
        return (
            f"{unit.name} không còn từ {unit.valid_to + dt.timedelta(days=1):%d/%m/%Y}: chỉ nhập được các kỳ kết thúc "
            f"trước ngày đó, không nhập được {period.label}."
        )
    if unit.valid_from is not None and period.end < unit.valid_from and period.end >= BASELINE_BEFORE:
        return f"{unit.name} thành lập từ {unit.valid_from:%d/%m/%Y}: không nhập được {period.label}."
    return ""


def _lineage_ids(unit: AdminUnit) -> set[int]:
    """The unit and the units it succeeded or that succeeded it: their figures add up in today's totals."""
    links = UnitSuccession.objects.filter(Q(old_unit=unit) | Q(new_unit=unit)).values_list("old_unit_id", "new_unit_id")
    return {unit.pk} | {pk for pair in links for pk in pair}


def _overlap_problems(unit: AdminUnit, period: Period, codes: list[str]) -> list[ValidationFailed]:
    """Refuse a flow value whose period overlaps another period already entered for the same indicator by the unit
    (or a unit it succeeded or that succeeded it): a longer period sums the values of the periods it contains, so
    2026 entered beside 2026-11 would count November twice. Stocks may be entered at any granularity."""
    flows = [code for code in codes if INDICATORS[code].flow]
    if not flows:
        return []
    clashes = (
        EnteredValue.objects.filter(
            unit_id__in=_lineage_ids(unit),
            indicator__in=flows,
            period_start__lte=period.end,
            period_end__gte=period.start,
        )
        .exclude(unit=unit, period=period.code)
        .select_related("unit")
        .order_by("indicator", "period_start", "unit__code")
    )
    found: dict[str, list[str]] = defaultdict(list)
    for row in clashes:
        found[row.indicator].append(f"{Period.parse(row.period).label} ({row.unit.name})")
    return [
        ValidationFailed(
            f"{INDICATORS[code].label}: đã nhập cho {', '.join(found[code])}, trùng với {period.label}. Mỗi "
            "khoảng thời gian chỉ nhập theo một loại kỳ (tháng, quý, 6 tháng hoặc năm) để không cộng hai lần; "
            "kỳ dài hơn tự cộng các kỳ ngắn nằm trong nó. Xóa số liệu các kỳ kia trước nếu muốn nhập kỳ này.",
            code="period_overlap",
            field=code,
        )
        for code in flows
        if code in found
    ]


def values_enter(
    *,
    actor: Any,
    unit: AdminUnit,
    period: Period,
    values: dict[str, tuple[Any, str]],
    confirm_jumps: bool = False,
    note: str = "",
) -> list[EnteredValue]:
    """Save entered values {code: (value, qualifier)} for a unit and period, all or nothing; an empty value
    (None or "") clears the figure back to "no data" (the row is deleted, audited) — 0 is a figure and stays.

    Rules (each explains itself in Vietnamese): entered indicators only; ≥ 0; whole counts and đồng, shares to one
    decimal; a ratio's numerator needs its denominator and is not greater than it (so a share ≤ 100%), resolved ≤
    received; periods within the unit's lifetime; a flow period not overlapping another one entered for the same
    indicator; a value over 10× the previous period's asks for confirmation (`confirm_jumps`); entry closes after
    the period unless reopened."""
    access = entry_access(actor, unit)
    if access.mode == EntryMode.NONE:
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    if access.mode == EntryMode.READ:  # the service enforces it, not only the page: the API and CLI alike
        raise PermissionDenied(
            f"Chỉ xem số liệu của {unit.name}: cán bộ cấp trên chỉ nhập thay khi được {unit.name} giao nhập thay.",
            code="acting_grant_required",
        )
    problem = _lifetime_problem(unit, period)
    if problem:
        raise ValidationFailed(problem, code="outside_lifetime", field="period")
    if period.start > timezone.localdate():  # entered figures are facts: a period not begun has none yet
        raise ValidationFailed(
            f"Kỳ {period.label} chưa bắt đầu (từ ngày {period.start:%d/%m/%Y}): chưa nhập số liệu được.",
            code="not_started",
            field="period",
        )
    errors: list[ValidationFailed] = []  # every problem of the form at once, each on its field
    parsed: dict[str, tuple[Decimal, str]] = {}
    cleared: set[str] = set()
    for code, (raw, qualifier) in values.items():
        indicator = INDICATORS.get(code)
        if indicator is None or not indicator.enterable:
            errors.append(ValidationFailed(f"Chỉ tiêu {code} không nhập tay được.", field=code))
        elif indicator.source_for(period) != Source.ENTERED:  # computed from the registry from `computed_from` on
            day = f"{indicator.computed_from:%d/%m/%Y}"
            errors.append(
                ValidationFailed(
                    f"{indicator.label}: từ ngày {day} được tính từ sổ quản lý; "
                    "chỉ nhập tay cho kỳ kết thúc trước ngày đó.",
                    field=code,
                )
            )
        elif qualifier not in Qualifier.values:
            errors.append(ValidationFailed("Mức độ chính xác không hợp lệ.", field=code))
        elif raw is None or (isinstance(raw, str) and not raw.strip()):
            cleared.add(code)
        else:
            try:
                parsed[code] = (_parse(raw, code), qualifier)
            except ValidationFailed as exc:
                errors.append(exc)
    saved = []
    # Checked and written under a lock on the unit (SQLite: the IMMEDIATE transaction; PostgreSQL: the row lock),
    # so that two saves at once cannot both pass the overlap rule or insert the same row.
    # Under a grant, every audit entry of the block names it (antq.accounts.acting.acting_for).
    with transaction.atomic(), acting.acting_for(actor, access.grant):
        AdminUnit.objects.select_for_update().filter(pk=unit.pk).first()
        is_open, why = entry_open(unit, period)
        if not is_open:
            raise ValidationFailed(why, code="entry_closed")
        existing = {v.indicator: v for v in EnteredValue.objects.filter(unit=unit, period=period.code)}
        errors += _rule_problems(unit, period, parsed, cleared, existing, confirm_jumps=confirm_jumps)
        if len(errors) == 1:
            raise errors[0]
        if errors:  # every problem at once, each on its field; the first names the code
            first = errors[0]
            raise ValidationFailed(
                first.message, code=first.code, field=first.field, problems=[(e.field, e.message) for e in errors]
            )
        for code in sorted(cleared & existing.keys()):
            existing[code].delete()  # audited by django-auditlog (the deletion carries the old value)
        for code, (value, qualifier) in parsed.items():
            row = existing.get(code)
            if row is None:
                row = EnteredValue.objects.create(
                    unit=unit,
                    period=period.code,
                    period_start=period.start,
                    period_end=period.end,
                    indicator=code,
                    value=value,
                    qualifier=qualifier,
                    note=note,
                    entered_by=actor,
                )
            elif (row.value, row.qualifier) != (value, qualifier):
                row.value, row.qualifier, row.entered_by, row.entered_at = value, qualifier, actor, timezone.now()
                row.save(update_fields=["value", "qualifier", "entered_by", "entered_at"])
            saved.append(row)
    return saved


def _rule_problems(
    unit: AdminUnit,
    period: Period,
    parsed: dict[str, tuple[Decimal, str]],
    cleared: set[str],
    existing: dict[str, EnteredValue],
    *,
    confirm_jumps: bool,
) -> list[ValidationFailed]:
    """The rules between figures, once each value reads: a ratio's parts, `at_most`, overlapping periods, jumps."""
    errors: list[ValidationFailed] = []
    merged = {code: v.value for code, v in existing.items() if code not in cleared} | {
        code: v for code, (v, _) in parsed.items()
    }
    # An entered ratio's numerator needs its denominator in the same unit and period (else the share is undefined).
    for ratio in INDICATORS.values():
        numerator, denominator = ratio.numerator, ratio.denominator
        if not ratio.is_ratio or not INDICATORS[numerator].enterable:
            continue
        if numerator in merged and denominator not in merged:
            errors.append(
                ValidationFailed(
                    f"{INDICATORS[numerator].label}: cần nhập cả “{INDICATORS[denominator].label}” của cùng kỳ.",
                    code="needs_denominator",
                    field=numerator if numerator in parsed else denominator,
                )
            )
    for rule in where(enterable=True):
        smaller, larger = str(rule.code), rule.at_most
        if larger and smaller in merged and larger in merged and merged[smaller] > merged[larger]:
            errors.append(ValidationFailed(rule.at_most_message, field=smaller if smaller in parsed else larger))
    errors += _overlap_problems(unit, period, list(parsed))
    if not confirm_jumps:
        previous = {
            v.indicator: v.value
            for v in EnteredValue.objects.filter(unit=unit, period=period.previous().code, indicator__in=list(parsed))
        }
        for code, (value, _) in parsed.items():
            before = previous.get(code)
            if before and value > before * JUMP_FACTOR:
                errors.append(
                    ValidationFailed(
                        f"{INDICATORS[code].label}: {value:n} gấp hơn {JUMP_FACTOR} lần kỳ trước ({before:n}). "
                        "Kiểm tra lại, hoặc đánh dấu xác nhận số liệu đúng.",
                        code="confirm_jump",
                        field=code,
                    )
                )
    return errors


# --- Submission workflow --------------------------------------------------------------------------------


def _due(unit: AdminUnit, period: Period) -> dt.date:
    days = settings.ANTQ_REPORT_DUE_DAYS * (2 if unit.level == Level.PROVINCE else 1)
    return period.end + dt.timedelta(days=days)


def submission_transition(
    *,
    actor: Any,
    unit: AdminUnit,
    period: Period,
    to_status: str,
    reason: str = "",
    confirm_early: bool = False,
    missing_reasons: dict[str, str] | None = None,
    with_parent: bool = False,
    expect: str | None = None,
) -> Submission:
    """Move a unit's report for a period along the transition table; locks the row, records who / when / why,
    snapshots every indicator on approval and notifies the other side.

    Submitting: before the period has ended only with `confirm_early` (recorded on the transition); a province
    only with a reason for each commune whose report is not approved (`missing_reasons`: {commune code: reason}).
    Reopening a commune: refused while a province report containing it is approved, unless `with_parent` reopens
    that report in the same action. `expect`: the status the actor saw; a report moved meanwhile (an approval that
    won the race with a withdrawal) is refused naming its status now, never taken through another step."""
    if unit.level not in (Level.COMMUNE, Level.PROVINCE) or not scope_for(actor).covers(unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    with transaction.atomic(), acting_as(actor):
        submission, _ = Submission.objects.get_or_create(
            unit=unit, period=period.code, defaults={"due_date": _due(unit, period)}
        )
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if expect is not None and expect != submission.status:
            last = submission.transitions.select_related("actor").order_by("-at", "-pk").first()
            by = f" ({last.actor}, {timezone.localtime(last.at):%d/%m/%Y %H:%M})" if last else ""
            raise ValidationFailed(
                f"Báo cáo {period.label} của {unit.name} vừa được chuyển sang “{submission.get_status_display()}”"
                f"{by}: không thực hiện được bước này nữa. Xem lại trạng thái trên trang.",
                code="status_changed",
            )
        who = TRANSITIONS.get((submission.status, to_status))
        if who is None:
            # `to_status` comes from the request: an unknown value is named as typed, never looked up (no 500).
            target = SubmissionStatus(to_status).label if to_status in SubmissionStatus.values else to_status
            raise ValidationFailed(
                f"Không thể chuyển báo cáo từ “{submission.get_status_display()}” sang “{target}”.",
                code="illegal_transition",
            )
        if not _who(actor, unit, who):
            raise PermissionDenied("Vai trò của bạn không thực hiện được bước này.")
        if (submission.status, to_status) in JUDGING and _submitter_id(submission) == actor.pk:
            raise PermissionDenied("Không được tự duyệt hoặc trả lại báo cáo do chính mình gửi.", code="own_submission")
        if (submission.status, to_status) in NEEDS_REASON and not reason.strip():
            raise ValidationFailed("Cần ghi lý do.", field="reason")
        if len(reason.strip()) > REASON_MAX:
            raise ValidationFailed(f"Lý do dài quá {REASON_MAX} ký tự.", code="too_long", field="reason")
        early = to_status == S and not period_ended(period)
        if early and not confirm_early:
            raise ValidationFailed(
                f"Kỳ báo cáo {period.label} chưa kết thúc (đến hết ngày {period.end:%d/%m/%Y}); số liệu còn có thể "
                "thay đổi. Đánh dấu xác nhận gửi báo cáo trước khi hết kỳ.",
                code="confirm_early",
                field="confirm_early",
            )
        missing = _missing_with_reasons(unit, period, missing_reasons or {}) if to_status == S else []
        parents = _approved_parents(unit, period, lock=True) if (submission.status, to_status) == (A, D) else []
        if parents and not with_parent:
            names = ", ".join(f"{p.unit.name} ({Period.parse(p.period).label})" for p in parents)
            raise ValidationFailed(
                f"Báo cáo của {names} đã được duyệt và đã tổng hợp số liệu của {unit.name}: không mở lại riêng báo "
                "cáo này được. Chọn mở lại cùng báo cáo cấp trên (cấp trên được thông báo), hoặc đề nghị cấp trên "
                "mở lại trước.",
                code="parent_approved",
                field="with_parent",
            )
        transition = _record(actor, submission, period, to_status, reason.strip(), early=early)
        MissingReport.objects.bulk_create(
            [
                MissingReport(transition=transition, unit=child, status=status, reason=why)
                for child, status, why in missing
            ]
        )
        for parent in parents:  # reopened with it: its own transition, audited and notified like any reopen
            _record(
                actor,
                parent,
                Period.parse(parent.period),
                D,
                f"Mở lại cùng báo cáo {period.label} của {unit.name}: {reason.strip()}",
                also_above=True,
            )
    return submission


def _record(
    actor: Any,
    submission: Submission,
    period: Period,
    to_status: str,
    reason: str,
    *,
    early: bool = False,
    also_above: bool = False,
) -> SubmissionTransition:
    """Write the transition row, move the (locked) submission, snapshot on approval, and notify."""
    transition = SubmissionTransition.objects.create(
        submission=submission,
        from_status=submission.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
        early=early,
    )
    fields = ["status"]
    now = timezone.now()
    if to_status == S:
        submission.submitted_at = now
        fields.append("submitted_at")
    if to_status == A:
        submission.approved_at = now
        submission.reopened = False
        fields += ["approved_at", "reopened"]
        _snapshot(actor, submission, period)
    step = (submission.status, to_status)
    if step == REOPEN:  # a withdrawn report was never approved: it does not reopen entry after the deadline
        submission.reopened = True
        fields.append("reopened")
    submission.status = to_status
    submission.save(update_fields=fields)
    _notify(actor, submission, period, step, reason, also_above=also_above)
    return transition


def period_ended(period: Period, *, today: dt.date | None = None) -> bool:
    """Whether the period is over (its last day has passed): a report sent earlier needs confirming."""
    return (today or timezone.localdate()) > period.end


REASON_MAX = SubmissionTransition._meta.get_field("reason").max_length or 500  # the column's own limit


def _missing_with_reasons(unit: AdminUnit, period: Period, reasons: dict[str, str]) -> list[tuple[AdminUnit, str, str]]:
    """The child reports not approved, each with its reason; refused naming those without one."""
    missing = selectors.missing_children(unit, period)
    without = [child for child, _ in missing if not reasons.get(child.code, "").strip()]
    if without:
        names = ", ".join(f"{child.name} ({child.code})" for child in without)
        raise ValidationFailed(
            f"Báo cáo {period.label} của {names} chưa được duyệt: ghi lý do (lý do chung hoặc cho từng đơn vị) "
            f"để gửi báo cáo của {unit.name} khi chưa đủ.",
            code="missing_children",
            field="missing",
        )
    too_long = [child for child, _ in missing if len(reasons[child.code].strip()) > REASON_MAX]
    if too_long:  # refused, never cut short
        names = ", ".join(f"{child.name} ({child.code})" for child in too_long)
        raise ValidationFailed(
            f"Lý do thiếu báo cáo của {names} dài quá {REASON_MAX} ký tự.", code="too_long", field="missing"
        )
    return [(child, status, reasons[child.code].strip()) for child, status in missing]


def _approved_parents(unit: AdminUnit, period: Period, *, lock: bool = False) -> list[Submission]:
    """The approved reports of the unit's parent whose period contains this period (the same period, or a longer
    one: a commune's month counts in the province's quarter, half-year and year)."""
    if unit.level != Level.COMMUNE or unit.parent_id is None:
        return []
    rows = Submission.objects.filter(unit_id=unit.parent_id, status=A).select_related("unit").order_by("period")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = []
    for row in rows:
        try:
            bounds = Period.parse(row.period).bounds
        except ValidationFailed:  # a stored period that no longer parses cannot contain a current one
            continue
        if bounds[0] <= period.start and period.end <= bounds[1]:
            found.append(row)
    return found


def parents_blocking_reopen(unit: AdminUnit, period: Period) -> list[Submission]:
    """For the page: the approved parent reports that a reopen of this unit's report must take with it."""
    return _approved_parents(unit, period)


def _snapshot(actor: Any, submission: Submission, period: Period) -> None:
    """Freeze every indicator's live value for the report (replacing an earlier snapshot after a reopen)."""
    values = selectors.indicator_values(actor=actor, unit=submission.unit, period=period)
    submission.snapshots.all().delete()
    Snapshot.objects.bulk_create(
        [
            Snapshot(
                submission=submission,
                indicator=code,
                source=v.source,
                qualifier=v.qualifier,
                value=None if v.value is None else Decimal(v.value),
            )
            for code, v in values.items()
        ]
    )


def _notify(
    actor: Any,
    submission: Submission,
    period: Period,
    step: tuple[str, str],
    reason: str,
    *,
    also_above: bool = False,
) -> None:
    """Tell the other side: the level above of a submission or a withdrawal; the unit's own officers of anything
    else — and the level above too when `also_above` (a report reopened with a report below it, not by its
    approver)."""
    unit = submission.unit
    url = f"/bao-cao/{unit.code}/{period.code}/"
    above = LEVEL_ABOVE[unit.level]
    if step[1] == S:
        _notify_role(actor, unit.parent, above, f"{unit.name} đã gửi báo cáo {period.label}.", url)
        return
    if step == WITHDRAW:
        why = f": {reason}" if reason else "."
        _notify_role(actor, unit.parent, above, f"{unit.name} đã rút lại báo cáo {period.label}{why}", url)
        return
    verbs: dict[str, str] = {A: "đã được duyệt", R: f"bị trả lại: {reason}", D: f"được mở lại để sửa: {reason}"}
    text = f"Báo cáo {period.label} của {unit.name} {verbs[step[1]]}"
    _notify_role(actor, unit, LEVEL_ROLE[Level(unit.level)], text, url)
    if also_above:
        _notify_role(actor, unit.parent, above, text, url)


def _notify_role(actor: Any, target_unit: AdminUnit | None, role: str, text: str, url: str) -> None:
    if target_unit is None:
        return
    notify_role(actor=actor, role=role, unit=None if role == Role.MINISTRY else target_unit, text=text, url=url)


def baseline_units(unit: AdminUnit) -> list[AdminUnit]:
    """Legacy units whose baselines an officer of `unit` may enter (e.g. Thái Bình for Hưng Yên)."""
    return list(
        AdminUnit.objects.filter(pk__in=UnitSuccession.objects.filter(new_unit=unit).values("old_unit")).order_by(
            "code"
        )
    )
