"""Award proposals from draft to decision: one transition table with the roles each step needs, one transition
service that locks the row, checks the table and the actor's scope, and records who / when / why; and the rules of
the "Bảo vệ an ninh Tổ quốc" medal (Thông tư 20/2025/TT-BCA), checked when a proposal is submitted and again
when it is decided. Writes here follow the same pattern as antq.activities.services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

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
from antq.core.errors import (
    NotFoundOrOutOfScope,
    PermissionDenied,
    Problem,
    ValidationFailed,
    model_problems,
    raise_problems,
)
from antq.forces.rules import cccd_problem, national_id_clean
from antq.forces.selectors import service_years
from antq.geo.models import AdminUnit, Level

D, S, A, R, X = (
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.APPROVED,
    ProposalStatus.RETURNED,
    ProposalStatus.DECIDED,
)
# Separation of duties, keyed by the proposing unit's level: its own officers draft and submit; the level directly
# above approves and returns (the province for a commune's proposal, the Ministry for the province department's
# own). The Ministry therefore neither submits nor approves a commune's proposal.
OWN_LEVEL: dict[str, frozenset[str]] = {
    Level.COMMUNE: frozenset({Role.COMMUNE}),
    Level.PROVINCE: frozenset({Role.PROVINCE}),
}
LEVEL_ABOVE: dict[str, frozenset[str]] = {
    Level.COMMUNE: frozenset({Role.PROVINCE}),
    Level.PROVINCE: frozenset({Role.MINISTRY}),
}
# A decision (already issued on paper) is recorded by the level that issued it: the province for the Director's
# Giấy khen or the provincial chairman's Bằng khen, the Ministry for the Minister's Bằng khen and the medal
# (Thông tư 20/2025/TT-BCA: the Minister awards the "Bảo vệ an ninh Tổ quốc" medal) — never by the Ministry for a
# step it did not judge in a province's name, and never by the submitter (JUDGING).
DECIDERS: dict[str, frozenset[str]] = {
    Level.COMMUNE: frozenset({Role.PROVINCE, Role.MINISTRY}),
    Level.PROVINCE: frozenset({Role.PROVINCE, Role.MINISTRY}),
}
# The one table of who may do what: (from, to) → the roles that may take the step, by the proposing unit's level;
# a role counts only through a grant that covers the unit (`acts_as`).
TRANSITIONS: dict[tuple[str, str], dict[str, frozenset[str]]] = {
    (D, S): OWN_LEVEL,
    (R, S): OWN_LEVEL,
    (S, A): LEVEL_ABOVE,
    (S, R): LEVEL_ABOVE,
    (A, X): DECIDERS,
}
# Steps that judge a proposal: never by whoever submitted it (someone holding both levels' roles).
JUDGING = frozenset({(S, A), (S, R), (A, X)})
EDITABLE = frozenset({D, R})
# What each step is called on the buttons.
ACTION_LABELS: dict[str, str] = {S: "Gửi đề nghị", A: "Duyệt", R: "Trả lại", X: "Ghi quyết định khen thưởng"}
ROLE_NAMES: dict[str, str] = {
    Role.COMMUNE: "Công an xã (đơn vị đề nghị)",
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
# The fields of a person nominee, of a collective, and of the medal: each kind's own, cleared for the other.
PERSON_FIELDS = ("member", "full_name", "gender", "birth_date", "national_id", "position")
COLLECTIVE_FIELDS = ("collective_name", "collective_unit")
MEDAL_FIELDS = ("medal_basis", "prior_years", "prior_hardship_years")


def acts_as(actor: Any, unit: AdminUnit, role: str) -> bool:
    """Whether the actor holds `role` through a grant that covers `unit` (the unit itself or its province)."""
    return scope_for(actor).covers(unit, frozenset({role}))


def _step_roles(unit: AdminUnit, frm: str, to: str) -> frozenset[str]:
    """The table's roles for this step on a proposal of `unit` (none: nobody may take it)."""
    return TRANSITIONS.get((frm, to), {}).get(unit.level, frozenset())


def _holds(actor: Any, unit: AdminUnit, roles: frozenset[str]) -> bool:
    return any(acts_as(actor, unit, role) for role in roles)


def _own_proposal(actor: Any, proposal: AwardProposal) -> bool:
    """Whether the actor (last) submitted the proposal."""
    submitted = proposal.transitions.filter(to_status=S).order_by("-at", "-pk").values_list("actor_id", flat=True)
    return submitted.first() == actor.pk


def may_transition(actor: Any, proposal: AwardProposal, to_status: str) -> bool:
    """Whether the actor may move the proposal to `to_status` now: the table's role for the proposing unit, and
    never a judging step on their own proposal."""
    if not _holds(actor, proposal.proposing_unit, _step_roles(proposal.proposing_unit, proposal.status, to_status)):
        return False
    return (proposal.status, to_status) not in JUDGING or not _own_proposal(actor, proposal)


def allowed_transitions(actor: Any, proposal: AwardProposal) -> list[str]:
    """The statuses this actor may move the proposal to now (for the page's buttons)."""
    return [to for (frm, to) in TRANSITIONS if frm == proposal.status and may_transition(actor, proposal, to)]


def may_propose(actor: Any, unit: AdminUnit) -> bool:
    """Drafting and editing belong to whoever submits: the table's role for submitting."""
    return _holds(actor, unit, _step_roles(unit, D, S))


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
    """Normalise the nominee (copy a linked member's identity; clear the other kind's fields) and check it: every
    problem at once."""
    raise_problems(_problems(proposal, today=today))


def proposal_problems(unit: AdminUnit, values: dict[str, Any], *, today: dt.date) -> list[Problem]:
    """Every problem of a proposal of `unit` with these values (the form runs it on what parsed; no write)."""
    known = {name: value for name, value in values.items() if name in PROPOSAL_FIELDS}
    return _problems(AwardProposal(proposing_unit=unit, **_values(known)), today=today)


def _problems(proposal: AwardProposal, *, today: dt.date) -> list[Problem]:
    unit = proposal.proposing_unit
    problems: list[Problem] = []
    form: AwardForm | None = proposal.form if proposal.form_id else None
    if form is None:
        problems.append(("form", "Hình thức khen thưởng: cần chọn."))
    if proposal.nominee_kind == NomineeKind.PERSON:
        proposal.collective_name, proposal.collective_unit = "", None
        member = proposal.member
        if member is not None and not _inside(unit, member.team.commune):
            problems.append(("member", "Thành viên không thuộc địa bàn của đơn vị đề nghị."))
        elif member is not None:
            proposal.full_name, proposal.gender = member.full_name, member.gender
            proposal.birth_date, proposal.national_id = member.birth_date, member.national_id
        proposal.full_name = " ".join(proposal.full_name.split())
        if not proposal.full_name:
            problems.append(("full_name", "Họ và tên: cần nhập."))
    elif proposal.nominee_kind == NomineeKind.COLLECTIVE:
        for name in PERSON_FIELDS:
            setattr(proposal, name, None if name in ("member", "birth_date") else "")
        proposal.collective_unit = proposal.collective_unit or unit
        if not proposal.collective_name.strip():
            problems.append(("collective_name", "Tên tập thể: cần nhập."))
        if not _inside(unit, proposal.collective_unit):
            problems.append(("collective_unit", "Tập thể phải thuộc địa bàn của đơn vị đề nghị."))
        if form is not None and form.individuals_only:
            problems.append(("nominee_kind", f"{form.name} chỉ tặng cá nhân."))
    else:
        problems.append(("nominee_kind", "Đối tượng: chọn cá nhân hoặc tập thể."))
    proposal.national_id = national_id_clean(proposal.national_id)  # full-width digits stored as 0–9
    if form is None or not form.is_medal:
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
    exclude = ["proposing_unit", "form", "member", "collective_unit", "created_by"]
    return problems + model_problems(proposal, exclude=exclude, besides=problems)


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
    """Move a proposal along TRANSITIONS: lock it, check the step, the actor's role for the proposing unit and that
    nobody judges their own proposal,
    apply the step's rules (the medal's on submitting and deciding), record the transition; deciding creates
    the Award."""
    if not scope_for(actor).covers(proposal.proposing_unit, AWARD_ROLES):
        raise NotFoundOrOutOfScope("Không tìm thấy đề nghị khen thưởng.")
    today = timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        locked = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
        if (locked.status, to_status) not in TRANSITIONS:
            target = ProposalStatus(to_status).label if to_status in ProposalStatus.values else to_status
            raise ValidationFailed(
                f"Không thể chuyển đề nghị từ “{locked.get_status_display()}” sang “{target}”.",
                code="illegal_transition",
            )
        roles = _step_roles(locked.proposing_unit, locked.status, to_status)
        if not _holds(actor, locked.proposing_unit, roles):
            who = ", ".join(sorted(ROLE_NAMES[role] for role in roles)) or "cấp có thẩm quyền"
            raise PermissionDenied(f"Bước này do {who} thực hiện.")
        if (locked.status, to_status) in JUDGING and _own_proposal(actor, locked):
            raise PermissionDenied(
                "Không được tự duyệt, trả lại hoặc ghi quyết định cho đề nghị do chính mình gửi.",
                code="own_submission",
            )
        if to_status == R and not reason.strip():
            raise ValidationFailed("Cần ghi lý do trả lại.", field="reason")
        fields = ["status"]
        if to_status == S:
            if locked.form.is_medal:
                raise_problems(medal_check(locked, on=today).problems)
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
    """The decision's details are required (every missing one reported at once); a medal is refused when the
    person already holds one."""
    problems: list[Problem] = []
    if not decision_number.strip():
        problems.append(("decision_number", "Số quyết định: cần nhập."))
    if decision_date is None:
        problems.append(("decision_date", "Ngày quyết định: cần nhập."))
    elif decision_date > today:
        problems.append(("decision_date", "Ngày quyết định chưa tới."))
    elif proposal.submitted_on and decision_date < proposal.submitted_on:
        problems.append(
            ("decision_date", f"Ngày quyết định trước ngày gửi đề nghị ({proposal.submitted_on:%d/%m/%Y}).")
        )
    if not signer.strip():
        problems.append(("signer", "Người ký: cần nhập."))
    raise_problems(problems)
    decided_on = cast(dt.date, decision_date)  # given: refused above otherwise
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
        decision_date=decided_on,
        signer=signer.strip(),
    )
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:  # a concurrent decision for the same person won the race
        raise once from None
    return award
