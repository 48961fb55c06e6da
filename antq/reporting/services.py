"""Writes for reporting: entered values with validation rules, and the submission workflow
(draft → submitted → approved / returned; reopen), which snapshots every indicator on approval."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from antq.accounts.audit import acting_as
from antq.accounts.models import Role, RoleAssignment
from antq.accounts.scope import OFFICER_ROLES, scope_for
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level, UnitSuccession
from antq.reporting import selectors
from antq.reporting.catalogue import CATALOGUE, NOT_GREATER_THAN, Source
from antq.reporting.models import (
    EnteredValue,
    MissingReport,
    Notification,
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
}
# Steps that judge a submission: never by the person who submitted it (if they hold both levels' roles).
JUDGING = frozenset({(S, A), (S, R)})
# Hierarchy order (issue 15 item 5), checked in submission_transition beside the table:
# - a province submits while a commune's report is not approved only by naming that commune with a reason;
# - a commune report is not reopened while a province report containing its period is approved, unless the
#   reopen takes that report with it (`with_parent`): the one who may reopen the commune (the table's role) reopens
#   the province report in the same action, recorded as its own transition, and the Ministry is told. Undoing an
#   approval is no self-approval: the province report goes back to the Ministry for approval again;
# - a report sent before its period ends needs `confirm_early`, recorded on the transition.


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


def _writable_unit(actor: Any, unit: AdminUnit) -> bool:
    """Officers write entered values for units they cover; legacy units count through their successors."""
    scope = scope_for(actor)
    if unit.is_current:
        return scope.covers(unit, OFFICER_ROLES)
    return any(
        scope.covers(successor, OFFICER_ROLES) for successor in AdminUnit.objects.filter(predecessors__old_unit=unit)
    )


def entry_open(unit: AdminUnit, period: Period, *, today: dt.date | None = None) -> tuple[bool, str]:
    """Whether values for this unit and period may still be entered, and why not."""
    today = today or timezone.localdate()
    submission = selectors.submission_for(unit, period)
    if submission is not None and submission.status in (S, A):
        return False, "Báo cáo đã gửi hoặc đã duyệt; cần được mở lại để sửa số liệu."
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
    """A typed or posted value as a non-negative finite Decimal; ValidationFailed (naming `code`) otherwise."""
    not_a_number = ValidationFailed(f"{CATALOGUE[code].label}: “{value}” không phải là số.", field=code)
    try:
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()  # full-width digits read as 0–9; others refused
            if len(text) > 30 or not _VI_NUMBER.fullmatch(text):
                raise not_a_number
            number = Decimal(text.replace(".", "").replace(",", "."))
        else:
            number = Decimal(value)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise not_a_number from exc
    if not number.is_finite() or number.adjusted() > 15:
        raise not_a_number
    if number < 0:
        raise ValidationFailed(f"{CATALOGUE[code].label}: không được âm.", field=code)
    return number


def values_enter(
    *,
    actor: Any,
    unit: AdminUnit,
    period: Period,
    values: dict[str, tuple[Any, str]],
    confirm_jumps: bool = False,
    note: str = "",
) -> list[EnteredValue]:
    """Save entered values {code: (value, qualifier)} for a unit and period, all or nothing.

    Rules (each explains itself in Vietnamese): entered indicators only; ≥ 0; successes ≤ cases, resolved ≤
    received, recognised ≤ assessed (so a share ≤ 100%); a value over 10× the previous period's asks for
    confirmation (`confirm_jumps`); entry closes after the period unless reopened."""
    if not _writable_unit(actor, unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    is_open, why = entry_open(unit, period)
    if not is_open:
        raise ValidationFailed(why)
    parsed: dict[str, tuple[Decimal, str]] = {}
    for code, (raw, qualifier) in values.items():
        indicator = CATALOGUE.get(code)
        if indicator is None or indicator.source != Source.ENTERED or indicator.is_ratio:
            raise ValidationFailed(f"Chỉ tiêu {code} không nhập tay được.", field=code)
        if qualifier not in Qualifier.values:
            raise ValidationFailed("Mức độ chính xác không hợp lệ.", field=code)
        if raw is None or raw == "":
            continue
        parsed[code] = (_parse(raw, code), qualifier)
    existing = {v.indicator: v for v in EnteredValue.objects.filter(unit=unit, period=period.code)}
    merged = {code: v.value for code, v in existing.items()} | {code: v for code, (v, _) in parsed.items()}
    for smaller, larger, message in NOT_GREATER_THAN:
        if smaller in merged and larger in merged and merged[smaller] > merged[larger]:
            raise ValidationFailed(message, field=smaller if smaller in parsed else larger)
    if not confirm_jumps:
        previous = {
            v.indicator: v.value
            for v in EnteredValue.objects.filter(unit=unit, period=period.previous().code, indicator__in=list(parsed))
        }
        for code, (value, _) in parsed.items():
            before = previous.get(code)
            if before and value > before * JUMP_FACTOR:
                raise ValidationFailed(
                    f"{CATALOGUE[code].label}: {value:n} gấp hơn {JUMP_FACTOR} lần kỳ trước ({before:n}). "
                    "Kiểm tra lại, hoặc đánh dấu xác nhận số liệu đúng.",
                    code="confirm_jump",
                    field=code,
                )
    saved = []
    with transaction.atomic(), acting_as(actor):
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
) -> Submission:
    """Move a unit's report for a period along the transition table; locks the row, records who / when / why,
    snapshots every indicator on approval and notifies the other side.

    Submitting: before the period has ended only with `confirm_early` (recorded on the transition); a province
    only with a reason for each commune whose report is not approved (`missing_reasons`: {commune code: reason}).
    Reopening a commune: refused while a province report containing it is approved, unless `with_parent` reopens
    that report in the same action."""
    if unit.level not in (Level.COMMUNE, Level.PROVINCE) or not scope_for(actor).covers(unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    with transaction.atomic(), acting_as(actor):
        submission, _ = Submission.objects.get_or_create(
            unit=unit, period=period.code, defaults={"due_date": _due(unit, period)}
        )
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        who = TRANSITIONS.get((submission.status, to_status))
        if who is None:
            raise ValidationFailed(
                f"Không thể chuyển báo cáo từ “{submission.get_status_display()}” sang "
                f"“{SubmissionStatus(to_status).label}”.",
                code="illegal_transition",
            )
        if not _who(actor, unit, who):
            raise PermissionDenied("Vai trò của bạn không thực hiện được bước này.")
        if (submission.status, to_status) in JUDGING and _submitter_id(submission) == actor.pk:
            raise PermissionDenied("Không được tự duyệt hoặc trả lại báo cáo do chính mình gửi.", code="own_submission")
        if to_status in (R, D) and not reason.strip():
            raise ValidationFailed("Cần ghi lý do.", field="reason")
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
    if to_status == D:
        submission.reopened = True
        fields.append("reopened")
    submission.status = to_status
    submission.save(update_fields=fields)
    _notify(actor, submission, period, to_status, reason, also_above=also_above)
    return transition


def period_ended(period: Period, *, today: dt.date | None = None) -> bool:
    """Whether the period is over (its last day has passed): a report sent earlier needs confirming."""
    return (today or timezone.localdate()) > period.end


def _missing_with_reasons(unit: AdminUnit, period: Period, reasons: dict[str, str]) -> list[tuple[AdminUnit, str, str]]:
    """The child reports not approved, each with its reason; refused naming those without one."""
    missing = selectors.missing_children(unit, period)
    without = [child for child, _ in missing if not reasons.get(child.code, "").strip()]
    if without:
        names = ", ".join(f"{child.name} ({child.code})" for child in without)
        raise ValidationFailed(
            f"Báo cáo {period.label} của {names} chưa được duyệt: ghi lý do cho từng đơn vị để gửi báo cáo "
            f"của {unit.name} khi chưa đủ.",
            code="missing_children",
            field="missing",
        )
    return [(child, status, reasons[child.code].strip()[:500]) for child, status in missing]


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
    actor: Any, submission: Submission, period: Period, to_status: str, reason: str, *, also_above: bool = False
) -> None:
    """Tell the other side: the level above of a submission; the unit's own officers of anything else — and the
    level above too when `also_above` (a report reopened with a report below it, not by its approver)."""
    unit = submission.unit
    url = f"/bao-cao/{unit.code}/{period.code}/"
    if to_status == S:
        _notify_role(actor, unit.parent, LEVEL_ABOVE[unit.level], f"{unit.name} đã gửi báo cáo {period.label}.", url)
        return
    verbs: dict[str, str] = {A: "đã được duyệt", R: f"bị trả lại: {reason}", D: f"được mở lại để sửa: {reason}"}
    text = f"Báo cáo {period.label} của {unit.name} {verbs[to_status]}"
    _notify_role(actor, unit, LEVEL_ROLE[Level(unit.level)], text, url)
    if also_above:
        _notify_role(actor, unit.parent, LEVEL_ABOVE[unit.level], text, url)


def _notify_role(actor: Any, target_unit: AdminUnit | None, role: str, text: str, url: str) -> None:
    if target_unit is None:
        return
    today = timezone.localdate()
    assignments = RoleAssignment.objects.filter(role=role, valid_from__lte=today).exclude(valid_to__lt=today)
    if role != Role.MINISTRY:
        assignments = assignments.filter(unit=target_unit)
    Notification.objects.bulk_create(
        [
            Notification(user_id=uid, text=text[:300], url=url)
            for uid in set(assignments.values_list("user_id", flat=True))
            if uid != actor.pk
        ]
    )


def baseline_units(unit: AdminUnit) -> list[AdminUnit]:
    """Legacy units whose baselines an officer of `unit` may enter (e.g. Thái Bình for Hưng Yên)."""
    return list(
        AdminUnit.objects.filter(pk__in=UnitSuccession.objects.filter(new_unit=unit).values("old_unit")).order_by(
            "code"
        )
    )
