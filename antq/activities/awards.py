"""Award proposals from draft to decision: one transition table with the roles each step needs, one transition
service that locks the row, checks the table and the actor's scope, and records who / when / why; and the rules of
the "Bảo vệ an ninh Tổ quốc" medal (Thông tư 20/2025/TT-BCA), checked when a proposal is submitted and again
when it is decided. Writes here follow the same pattern as antq.activities.services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from antq.accounts.audit import acting_as
from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.activities import rules
from antq.activities.models import (
    Award,
    AwardForm,
    AwardProposal,
    AwardTransition,
    MedalBasis,
    NomineeKind,
    ProposalStatus,
)
from antq.activities.selectors import AWARD_ROLES
from antq.activities.services import model_problems, raise_first
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.forces.rules import cccd_problem
from antq.forces.selectors import service_years
from antq.geo.models import AdminUnit, Level

D, S, A, R, X = (
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.APPROVED,
    ProposalStatus.RETURNED,
    ProposalStatus.DECIDED,
)
# "proposer": the officer role of the proposing unit's own level — the commune officer for a commune's proposal,
# the province officer for the province department's own.
PROPOSER = "proposer"
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (D, S): frozenset({PROPOSER, Role.MINISTRY}),
    (R, S): frozenset({PROPOSER, Role.MINISTRY}),
    (S, A): frozenset({Role.PROVINCE, Role.MINISTRY}),
    (S, R): frozenset({Role.PROVINCE, Role.MINISTRY}),
    (A, X): frozenset({Role.PROVINCE, Role.MINISTRY}),
}
EDITABLE = frozenset({D, R})
# What each step is called on the buttons.
ACTION_LABELS: dict[str, str] = {S: "Gửi đề nghị", A: "Duyệt", R: "Trả lại", X: "Ghi quyết định khen thưởng"}
ROLE_NAMES = {
    PROPOSER: "đơn vị đề nghị",
    Role.PROVINCE: "Công an tỉnh",
    Role.MINISTRY: "Bộ Công an",
}
PROPOSAL_FIELDS = (
    "year",
    "form",
    "nominee_kind",
    "member",
    "full_name",
    "gender",
    "birth_date",
    "national_id",
    "position",
    "collective_name",
    "collective_unit",
    "achievements",
    "medal_basis",
    "prior_years",
    "prior_hardship_years",
)
_PERSON_FIELDS = ("member", "full_name", "gender", "birth_date", "national_id", "position")
_MEDAL_FIELDS = ("medal_basis", "prior_years", "prior_hardship_years")


def acts_as(actor: Any, unit: AdminUnit, role: str) -> bool:
    """Whether the actor holds `role` (a Role or PROPOSER) for a proposal of `unit`."""
    scope = scope_for(actor)
    if role == Role.MINISTRY:
        return scope.is_national(frozenset({Role.MINISTRY}))
    if role == PROPOSER:
        own = Role.COMMUNE if unit.level == Level.COMMUNE else Role.PROVINCE
        return any(grant.role == own and grant.unit_id == unit.pk for grant in scope.grants)
    if role == Role.PROVINCE:
        province_id = unit.pk if unit.level == Level.PROVINCE else unit.parent_id
        return province_id in scope.province_ids(frozenset({Role.PROVINCE}))
    return False


def allowed_transitions(actor: Any, proposal: AwardProposal) -> list[str]:
    """The statuses this actor may move the proposal to now (for the page's buttons)."""
    return [
        to
        for (frm, to), roles in TRANSITIONS.items()
        if frm == proposal.status and any(acts_as(actor, proposal.proposing_unit, role) for role in roles)
    ]


def may_propose(actor: Any, unit: AdminUnit) -> bool:
    return acts_as(actor, unit, PROPOSER) or acts_as(actor, unit, Role.MINISTRY)


def _require_proposer(actor: Any, unit: AdminUnit) -> None:
    if not unit.is_current or not scope_for(actor).covers(unit, AWARD_ROLES):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    if not may_propose(actor, unit):
        raise PermissionDenied(
            "Đề nghị khen thưởng do đơn vị đề nghị lập: Công an xã cho đề nghị của xã, Công an tỉnh cho đề nghị "
            "của tỉnh."
        )


# --- The medal -------------------------------------------------------------------------------------------------


@dataclass
class MedalCheck:
    """Why a nominee qualifies for the medal or not: counted and required years, and each problem found."""

    counted_years: Decimal | None = None
    required_years: Decimal | None = None
    registry_years: Decimal = Decimal(0)
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.problems


def medal_check(proposal: AwardProposal, *, on: dt.date) -> MedalCheck:
    """The medal's rules for this nominee on `on` (the day of the proposal): a person with a CCCD, never given the
    medal before nor proposed for it in another file, with the years of service of their group."""
    check = MedalCheck()
    if proposal.nominee_kind != NomineeKind.PERSON:
        check.problems.append(("nominee_kind", "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” chỉ tặng cá nhân."))
        return check
    if not proposal.national_id:
        check.problems.append(("national_id", "Cần số CCCD của người được đề nghị tặng Kỷ niệm chương."))
        return check
    earlier = (
        Award.objects.filter(is_medal=True, national_id=proposal.national_id).exclude(proposal_id=proposal.pk).first()
    )
    if earlier is not None:
        check.problems.append(
            (
                "national_id",
                f"Người có số CCCD này đã được tặng Kỷ niệm chương (Quyết định số {earlier.decision_number} ngày "
                f"{earlier.decision_date:%d/%m/%Y}); Kỷ niệm chương chỉ tặng một lần (Thông tư 20/2025/TT-BCA).",
            )
        )
    pending = AwardProposal.objects.filter(
        form__is_medal=True, national_id=proposal.national_id, status__in=[S, A]
    ).exclude(pk=proposal.pk)
    if pending.exists():
        # Neutral on purpose: do not reveal which unit proposed them.
        check.problems.append(("national_id", "Người này đang được đề nghị tặng Kỷ niệm chương trong hồ sơ khác."))
    if proposal.medal_basis == MedalBasis.TEAM_MEMBER:
        check.registry_years = Decimal(str(round(service_years(proposal.national_id, on=on), 2)))
    nominee = rules.MedalNominee(
        basis=proposal.medal_basis,
        gender=proposal.gender,
        registry_years=check.registry_years,
        prior_years=Decimal(proposal.prior_years),
        prior_hardship_years=Decimal(proposal.prior_hardship_years),
    )
    check.counted_years = nominee.counted_years.quantize(Decimal("0.1"))
    check.required_years = rules.required_years(proposal.medal_basis, proposal.gender)
    problem = rules.medal_service_problem(nominee)
    if problem:
        check.problems.append(problem)
    return check


# --- Proposals -------------------------------------------------------------------------------------------------


def _inside(unit: AdminUnit, other: AdminUnit) -> bool:
    """Whether `other` is `unit` or one of its communes."""
    return other.pk == unit.pk or (unit.level == Level.PROVINCE and other.parent_id == unit.pk)


def _prepare(proposal: AwardProposal, *, today: dt.date) -> None:
    """Normalise the nominee (copy a linked member's identity; clear the other kind's fields) and check it."""
    unit = proposal.proposing_unit
    problems: list[tuple[str | None, str]] = []
    form: AwardForm | None = proposal.form if proposal.form_id else None
    if form is None:
        raise ValidationFailed("Hình thức khen thưởng: cần chọn.", field="form")
    if proposal.nominee_kind == NomineeKind.PERSON:
        proposal.collective_name, proposal.collective_unit = "", None
        member = proposal.member
        if member is not None:
            if not _inside(unit, member.team.commune):
                raise ValidationFailed("Thành viên không thuộc địa bàn của đơn vị đề nghị.", field="member")
            proposal.full_name, proposal.gender = member.full_name, member.gender
            proposal.birth_date, proposal.national_id = member.birth_date, member.national_id
        proposal.full_name = " ".join(proposal.full_name.split())
        if not proposal.full_name:
            problems.append(("full_name", "Họ và tên: cần nhập."))
    elif proposal.nominee_kind == NomineeKind.COLLECTIVE:
        for name in _PERSON_FIELDS:
            setattr(proposal, name, None if name in ("member", "birth_date") else "")
        proposal.collective_unit = proposal.collective_unit or unit
        if not proposal.collective_name.strip():
            problems.append(("collective_name", "Tên tập thể: cần nhập."))
        if not _inside(unit, proposal.collective_unit):
            problems.append(("collective_unit", "Tập thể phải thuộc địa bàn của đơn vị đề nghị."))
        if form.individuals_only:
            problems.append(("nominee_kind", f"{form.name} chỉ tặng cá nhân."))
    else:
        problems.append(("nominee_kind", "Đối tượng: chọn cá nhân hoặc tập thể."))
    if not form.is_medal:
        proposal.medal_basis, proposal.prior_years, proposal.prior_hardship_years = "", Decimal(0), Decimal(0)
    elif proposal.nominee_kind == NomineeKind.PERSON:
        for name, label in (("birth_date", "Ngày sinh"), ("gender", "Giới tính"), ("national_id", "Số CCCD")):
            if not getattr(proposal, name):
                problems.append((name, f"{label}: cần nhập để xét Kỷ niệm chương."))
        if proposal.medal_basis not in MedalBasis.values:
            problems.append(("medal_basis", "Diện xét Kỷ niệm chương: cần chọn."))
    if proposal.national_id:
        if proposal.birth_date is None or not proposal.gender:
            problems.append(("birth_date", "Cần ngày sinh và giới tính để kiểm tra số CCCD."))
        else:
            problem = cccd_problem(proposal.national_id, birth_date=proposal.birth_date, gender=proposal.gender)
            if problem:
                problems.append(("national_id", problem))
    if proposal.prior_hardship_years > proposal.prior_years:
        problems.append(("prior_hardship_years", "Số năm ở vùng khó khăn không thể lớn hơn tổng số năm nhập thêm."))
    if not rules_year_ok(proposal.year, today):
        problems.append(("year", f"Năm: từ 2000 đến {today.year + 1}."))
    if not proposal.achievements.strip():
        problems.append(("achievements", "Thành tích: cần nêu tóm tắt thành tích."))
    problems += model_problems(proposal, exclude=["proposing_unit", "form", "member", "collective_unit", "created_by"])
    raise_first(problems)


def rules_year_ok(year: int | None, today: dt.date) -> bool:
    return year is not None and 2000 <= year <= today.year + 1


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """Trimmed text; a blank number of years is 0; other blanks are left to the model's rules."""
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown proposal fields {sorted(unknown)}")
    values = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
    for name in ("prior_years", "prior_hardship_years"):
        if name in values and values[name] is None:
            values[name] = Decimal(0)
    return values


def proposal_create(*, actor: Any, unit: AdminUnit, **data: Any) -> AwardProposal:
    """Draft a proposal for `unit` (a commune, or the province for the province department's own)."""
    _require_proposer(actor, unit)
    proposal = AwardProposal(
        proposing_unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **_values(data)
    )
    if proposal.form_id and not proposal.form.active:
        raise ValidationFailed("Hình thức khen thưởng này không còn sử dụng.", field="form")
    _prepare(proposal, today=timezone.localdate())
    with transaction.atomic(), acting_as(actor):
        proposal.save()
    return proposal


def proposal_update(*, actor: Any, proposal: AwardProposal, **data: Any) -> AwardProposal:
    """Edit a draft or returned proposal (the proposing unit's officers)."""
    _require_proposer(actor, proposal.proposing_unit)
    with transaction.atomic(), acting_as(actor):
        locked = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status not in EDITABLE:
            raise ValidationFailed(f"Đề nghị đang ở trạng thái “{locked.get_status_display()}”; không sửa được.")
        for name, value in _values(data).items():
            setattr(locked, name, value)
        if "form" in data and locked.form_id != proposal.form_id and not locked.form.active:
            raise ValidationFailed("Hình thức khen thưởng này không còn sử dụng.", field="form")
        _prepare(locked, today=timezone.localdate())
        locked.save(update_fields=[*PROPOSAL_FIELDS])
    return locked


def proposal_transition(
    *,
    actor: Any,
    proposal: AwardProposal,
    to_status: str,
    reason: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    signer: str = "",
) -> AwardProposal:
    """Move a proposal along TRANSITIONS: lock it, check the step and the actor's role for the proposing unit,
    apply the step's rules (the medal's on submitting and deciding), record the transition; deciding creates
    the Award."""
    if not scope_for(actor).covers(proposal.proposing_unit, AWARD_ROLES):
        raise NotFoundOrOutOfScope("Không tìm thấy đề nghị khen thưởng.")
    today = timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        locked = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
        roles = TRANSITIONS.get((locked.status, to_status))
        if roles is None:
            target = ProposalStatus(to_status).label if to_status in ProposalStatus.values else to_status
            raise ValidationFailed(
                f"Không thể chuyển đề nghị từ “{locked.get_status_display()}” sang “{target}”.",
                code="illegal_transition",
            )
        if not any(acts_as(actor, locked.proposing_unit, role) for role in roles):
            who = ", ".join(sorted(ROLE_NAMES[role] for role in roles))
            raise PermissionDenied(f"Bước này do {who} thực hiện.")
        if to_status == R and not reason.strip():
            raise ValidationFailed("Cần ghi lý do trả lại.", field="reason")
        fields = ["status"]
        if to_status == S:
            if locked.form.is_medal:
                raise_first(medal_check(locked, on=today).problems)  # type: ignore[arg-type]
            if locked.submitted_on is None:
                locked.submitted_on = today
                fields.append("submitted_on")
        if to_status == X:
            _decide(locked, decision_number=decision_number, decision_date=decision_date, signer=signer, today=today)
        AwardTransition.objects.create(
            proposal=locked, from_status=locked.status, to_status=to_status, actor=actor, reason=reason.strip()
        )
        locked.status = to_status
        locked.save(update_fields=fields)
    proposal.status, proposal.submitted_on = locked.status, locked.submitted_on
    return locked


def _decide(
    proposal: AwardProposal, *, decision_number: str, decision_date: dt.date | None, signer: str, today: dt.date
) -> Award:
    """The decision's details are required; a medal is refused when the person already holds one."""
    if not decision_number.strip():
        raise ValidationFailed("Số quyết định: cần nhập.", field="decision_number")
    if decision_date is None:
        raise ValidationFailed("Ngày quyết định: cần nhập.", field="decision_date")
    if decision_date > today:
        raise ValidationFailed("Ngày quyết định chưa tới.", field="decision_date")
    if proposal.submitted_on and decision_date < proposal.submitted_on:
        raise ValidationFailed(
            f"Ngày quyết định trước ngày gửi đề nghị ({proposal.submitted_on:%d/%m/%Y}).", field="decision_date"
        )
    if not signer.strip():
        raise ValidationFailed("Người ký: cần nhập.", field="signer")
    form = proposal.form
    once = ValidationFailed(
        "Người có số CCCD này đã được tặng Kỷ niệm chương; Kỷ niệm chương chỉ tặng một lần (Thông tư 20/2025/TT-BCA).",
        field="national_id",
    )
    if form.is_medal and Award.objects.filter(is_medal=True, national_id=proposal.national_id).exists():
        raise once
    award = Award(
        proposal=proposal,
        unit_id=proposal.proposing_unit_id,
        form=form,
        is_medal=form.is_medal,
        nominee_kind=proposal.nominee_kind,
        name=proposal.nominee_name,
        national_id=proposal.national_id,
        member_id=proposal.member_id,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        signer=signer.strip(),
    )
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:  # a concurrent decision for the same person won the race
        raise once from None
    return award
