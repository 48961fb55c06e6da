"""Writes for teams and members. Each service checks scope, validates the Law's rules, runs in one transaction
and is audited (django-auditlog signals, attributed to the actor)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from antq.accounts.audit import acting_as
from antq.accounts.models import Role as AccountRole
from antq.accounts.scope import scope_for
from antq.accounts.services import notify, notify_role
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, Problem, ValidationFailed, raise_problems
from antq.core.phones import phone_canonical
from antq.core.summary import track, writes_summary
from antq.core.text import fold, name_sort_key
from antq.forces import rules
from antq.forces.models import (
    EndReason,
    EquipmentIssue,
    Evaluation,
    ProposalKind,
    ProposalStatus,
    RateKind,
    Rating,
    Role,
    RosterProposal,
    SecurityTeam,
    SupportRate,
    TeamCoverage,
    TeamMember,
    TeamSizeRule,
    TeamStatus,
    Training,
)
from antq.geo.models import AdminUnit, Level, Locality

# Fields a member form may set; personal data is limited to what the roster sheet (domain.md §7) holds.
MEMBER_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "national_id",
    "ethnicity",
    "education",
    "phone",
    "residence",
    "resident_since",
    "residence_verified",
    "role",
    "decision_number",
    "decision_date",
    "start_date",
    "health_certified",
    "no_prosecution",
    "age_exception_decision",
    "hardship_area",
    "note",
)
NEUTRAL_DUPLICATE = rules.NEUTRAL_DUPLICATE


def _require_write(actor: Any, commune: AdminUnit) -> None:
    if not scope_for(actor).can_write(commune):
        raise NotFoundOrOutOfScope("Không tìm thấy.")


def _clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed("; ".join(messages), field=None if field == "__all__" else field) from exc


# --- Teams ---------------------------------------------------------------------------------------------------


@writes_summary("forces")
def team_create(
    *,
    actor: Any,
    commune: AdminUnit,
    name: str,
    founded_on: dt.date,
    localities: list[Locality],
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> SecurityTeam:
    """Found a team covering `localities` of `commune` (each locality may have only one active team); refused with
    every problem at once (rules.team_problems)."""
    _require_write(actor, commune)
    if commune.level != Level.COMMUNE:
        raise ValidationFailed("Tổ bảo vệ ANTT thuộc cấp xã.", field="commune")
    _raise(
        _team_problems(commune, name=name, founded_on=founded_on, decision_date=decision_date, localities=localities)
    )
    team = SecurityTeam(
        commune=commune,
        name=name.strip(),
        folded_name=fold(name),
        founded_on=founded_on,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
    )
    _clean(team)
    with transaction.atomic(), acting_as(actor), track("forces") as changes:
        team.save()
        changes.add(teams=[team.pk])
        _cover(team, localities, founded_on)
    return team


def _team_problems(
    commune: AdminUnit,
    *,
    name: str | None,
    founded_on: dt.date | None,
    decision_date: dt.date | None,
    localities: list[Locality] | None = None,
    team: SecurityTeam | None = None,
) -> list[rules.RuleProblem]:
    """rules.team_problems with what it needs to know of the commune's other teams (two queries)."""
    others = SecurityTeam.objects.filter(commune=commune, status=TeamStatus.ACTIVE).exclude(
        pk=getattr(team, "pk", None)
    )
    taken = (
        TeamCoverage.objects.filter(locality__in=localities or [], valid_to__isnull=True)
        .exclude(team=team)
        .values_list("locality__name", "team__name")
    )
    return rules.team_problems(
        name=name,
        founded_on=founded_on,
        decision_date=decision_date,
        today=timezone.localdate(),
        localities=None if localities is None else [loc.name for loc in localities],
        outside=[loc.name for loc in localities or [] if loc.commune_id != commune.pk],
        taken=list(taken) if localities else [],
        name_taken=bool(name and name.strip() and others.filter(folded_name=fold(name)).exists()),
    )


def team_check(
    *, actor: Any, commune: AdminUnit, data: Mapping[str, Any], team: SecurityTeam | None = None
) -> list[rules.RuleProblem]:
    """Every problem founding a team with `data` (or changing `team` by it) would meet — what team_create /
    team_update refuse, for a form to show at once. Writes nothing; fields missing from `data` are skipped."""
    _require_write(actor, commune)
    localities = data.get("localities")
    return _team_problems(
        commune,
        name=data.get("name"),
        founded_on=data.get("founded_on"),
        decision_date=data.get("decision_date"),
        localities=None if localities is None else list(localities),
        team=team,
    )


def _cover(team: SecurityTeam, localities: list[Locality], on: dt.date) -> None:
    for locality in localities:
        if locality.commune_id != team.commune_id:
            raise ValidationFailed(f"{locality.name} không thuộc {team.commune.name}.", field="localities")
    taken = (
        TeamCoverage.objects.filter(locality__in=localities, valid_to__isnull=True)
        .exclude(team=team)
        .select_related("locality", "team")
    )
    for coverage in taken:
        raise ValidationFailed(
            f"{coverage.locality.name} đã do {coverage.team.name} phụ trách; mỗi thôn, tổ dân "
            "phố chỉ có một Tổ bảo vệ ANTT đang hoạt động.",
            field="localities",
        )
    already = set(TeamCoverage.objects.filter(team=team, valid_to__isnull=True).values_list("locality_id", flat=True))
    for locality in localities:
        if locality.pk not in already:
            TeamCoverage.objects.create(team=team, locality=locality, valid_from=on)


def team_set_localities(*, actor: Any, team: SecurityTeam, localities: list[Locality], on: dt.date) -> SecurityTeam:
    """Change the localities a team covers from `on`; the old coverage is kept as history."""
    _require_write(actor, team.commune)
    if not localities:
        raise ValidationFailed("Tổ phải phụ trách ít nhất một thôn, tổ dân phố.", field="localities")
    with transaction.atomic(), acting_as(actor):
        SecurityTeam.objects.select_for_update().get(pk=team.pk)
        keep = {loc.pk for loc in localities}
        for coverage in TeamCoverage.objects.filter(team=team, valid_to__isnull=True).exclude(locality_id__in=keep):
            coverage.valid_to = on - dt.timedelta(days=1) if on > coverage.valid_from else coverage.valid_from
            coverage.save(update_fields=["valid_to"])
        _cover(team, localities, on)
    return team


@writes_summary("forces")
def team_update(
    *,
    actor: Any,
    team: SecurityTeam,
    name: str | None = None,
    decision_number: str | None = None,
    decision_date: dt.date | None = None,
) -> SecurityTeam:
    """Change a team's name or founding decision; refused with every problem at once (rules.team_problems)."""
    _require_write(actor, team.commune)
    _raise(_team_problems(team.commune, name=name, founded_on=None, decision_date=decision_date, team=team))
    fields = []
    if name is not None:
        team.name = name.strip()
        team.derive_name_keys()
        fields += ["name", "folded_name", "sort_key"]
    if decision_number is not None:
        team.decision_number = decision_number.strip()
        fields.append("decision_number")
    if decision_date is not None:
        team.decision_date = decision_date
        fields.append("decision_date")
    _clean(team)
    with transaction.atomic(), acting_as(actor), track("forces", teams=[team.pk]):
        team.save(update_fields=fields)
    return team


@writes_summary("forces")
def team_dissolve(*, actor: Any, team: SecurityTeam, on: dt.date, reason: str) -> SecurityTeam:
    """Dissolve a team: its memberships and coverage end on `on`; nothing is deleted."""
    _require_write(actor, team.commune)
    _raise(rules.dissolve_problems(on=on, reason=reason, founded_on=team.founded_on, today=timezone.localdate()))
    with transaction.atomic(), acting_as(actor):
        locked = SecurityTeam.objects.select_for_update().get(pk=team.pk)
        if locked.status == TeamStatus.DISSOLVED:
            raise ValidationFailed("Tổ đã giải thể.")
        members = list(TeamMember.objects.filter(team=team, end_date__isnull=True))
        with track("forces", members=[m.pk for m in members], teams=[team.pk]):
            for member in members:
                member.end_date, member.end_reason = max(on, member.start_date), EndReason.TEAM_DISSOLVED
                member.save(update_fields=["end_date", "end_reason"])
            for coverage in TeamCoverage.objects.filter(team=team, valid_to__isnull=True):
                coverage.valid_to = max(on, coverage.valid_from)
                coverage.save(update_fields=["valid_to"])
            team.status, team.dissolved_on, team.dissolution_reason = TeamStatus.DISSOLVED, on, reason.strip()
            team.save(update_fields=["status", "dissolved_on", "dissolution_reason"])
    return team


# --- Members -------------------------------------------------------------------------------------------------


def _prepare(member: TeamMember, *, phone: bool = True) -> list[rules.RuleProblem]:
    """Tidy what every path stores alike — the name and its sort key, the CCCD as ASCII digits
    (rules.national_id_clean) and, with `phone`, the phone in its canonical form (antq.core.phones) — and return
    the problem of a phone that cannot be read."""
    member.full_name = " ".join((member.full_name or "").split())
    member.sort_key = name_sort_key(member.full_name)
    member.national_id = rules.national_id_clean(member.national_id)
    if phone:
        try:
            member.phone = phone_canonical(member.phone, field="phone")
        except ValidationFailed as exc:
            return [rules.RuleProblem("phone", "phone", exc.message)]
    return []


def _field_problems(member: TeamMember) -> list[rules.RuleProblem]:
    """The model's own field rules (required, lengths, choices), every one of them."""
    try:
        member.full_clean(exclude=["team", "sort_key"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [
            rules.RuleProblem("field", None if name == "__all__" else name, message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _active_around(member: TeamMember, team: SecurityTeam) -> rules.ActiveMembers:
    """The active memberships `member`'s rules compare it with, in one query: the same CCCD anywhere, the team's
    leader, the same birth date and locality (rules.member_problems)."""
    clash = Q()
    if member.national_id:
        clash |= Q(national_id=member.national_id)
    if member.role == Role.LEADER:
        clash |= Q(team=team, role=Role.LEADER)
    if member.birth_date is not None and member.residence_id is not None:
        clash |= Q(birth_date=member.birth_date, residence_id=member.residence_id)
    if not clash:
        return rules.ActiveMembers()
    rows = TeamMember.objects.filter(clash, end_date__isnull=True).exclude(pk=member.pk).select_related("team")
    mine = [m for m in rows if m.team.commune_id == team.commune_id]
    elsewhere = {m.national_id for m in rows if m.team.commune_id != team.commune_id}
    return rules.ActiveMembers(map(rules.Held.of, mine), elsewhere=elsewhere)


def _problems(member: TeamMember, *, joining: bool, confirm_duplicate: bool) -> list[rules.RuleProblem]:
    """Every problem of `member`: its fields, then the membership's rules (rules.member_problems) — a rule on a
    field that is already wrong is left out. A confirmed possible duplicate is no longer one."""
    team = member.team
    problems = _field_problems(member)
    if member.residence_id is not None and member.residence.commune_id != team.commune_id:
        # Not one of the rules: the forms and the import offer only the commune's localities.
        problems.append(
            rules.RuleProblem("residence_commune", "residence", "Nơi cư trú phải là thôn, tổ dân phố thuộc xã của Tổ.")
        )
    wrong = {p.field for p in problems}
    found = rules.member_problems(
        member, team=team, joining=joining, active=_active_around(member, team), today=timezone.localdate()
    )
    return problems + [
        p
        for p in found
        if (p.field is None or p.field not in wrong) and not (confirm_duplicate and p.code in rules.CONFIRMABLE)
    ]


def as_pairs(problems: list[rules.RuleProblem]) -> list[Problem]:
    """Problems as the forms and ValidationFailed carry them, (field, message); a possible duplicate on the form's
    “Vẫn thêm” box (`confirm_duplicate`), which confirms it."""
    return [("confirm_duplicate" if p.code in rules.CONFIRMABLE else p.field, p.message) for p in problems]


def _raise(problems: list[rules.RuleProblem]) -> None:
    """Refuse with every problem (ValidationFailed.problems); code `duplicate` when the only ones are possible
    duplicates, which `confirm_duplicate` would let through."""
    duplicate = bool(problems) and all(p.code in rules.CONFIRMABLE for p in problems)
    raise_problems(as_pairs(problems), code="duplicate" if duplicate else None)


def _save_member(member: TeamMember, *, joining: bool, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            member.save(update_fields=update_fields)
    except IntegrityError as exc:  # a concurrent write won the race on a unique rule
        _raise([p for p in _problems(member, joining=joining, confirm_duplicate=True) if p.code != "field"])
        raise ValidationFailed("Không lưu được do trùng dữ liệu.") from exc


def _known(data: Mapping[str, Any], service: str) -> None:
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"{service}: unknown fields {unknown}")


def member_check(
    *,
    actor: Any,
    team: SecurityTeam,
    data: Mapping[str, Any],
    member: TeamMember | None = None,
    confirm_duplicate: bool = False,
) -> list[rules.RuleProblem]:
    """Every problem adding `data` to `team` (no `member`) or changing `member` by `data` would meet — exactly
    what member_add / member_update refuse, for a form to show at once with its own field errors. Writes nothing.
    `data` may lack the fields a form could not read: the rules that read them are skipped."""
    _require_write(actor, team.commune)
    _known(data, "member_check")
    candidate = TeamMember(team=team) if member is None else copy.copy(member)
    for name, value in data.items():
        setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    problems = _prepare(candidate, phone=member is None or "phone" in data)
    return problems + _problems(candidate, joining=member is None, confirm_duplicate=confirm_duplicate)


@writes_summary("forces")
def member_add(*, actor: Any, team: SecurityTeam, confirm_duplicate: bool = False, **data: Any) -> TeamMember:
    """Add a member after checking every rule of a membership at once (rules.member_problems: CCCD, Art. 13
    eligibility, one leader, dates; a possible duplicate — same name, birth date and locality as an active member
    — only with `confirm_duplicate`); refused with all the problems (ValidationFailed.problems)."""
    _require_write(actor, team.commune)
    _known(data, "member_add")
    member = TeamMember(team=team, **data)
    problems = _prepare(member)
    with transaction.atomic(), acting_as(actor):
        SecurityTeam.objects.select_for_update().get(pk=team.pk)
        _raise(problems + _problems(member, joining=True, confirm_duplicate=confirm_duplicate))
        with track("forces") as changes:
            _save_member(member, joining=True)
            changes.add(members=[member.pk])
    return member


@writes_summary("forces")
def member_update(*, actor: Any, member: TeamMember, confirm_duplicate: bool = False, **data: Any) -> TeamMember:
    """Correct a member's record (role changes included) with the same rules as member_add, except eligibility,
    which was checked when they joined; refused with all the problems (ValidationFailed.problems)."""
    _require_write(actor, member.team.commune)
    if member.end_date is not None:
        raise ValidationFailed("Thành viên đã thôi tham gia; hồ sơ chỉ còn để tra cứu.")
    _known(data, "member_update")
    for field, value in data.items():
        setattr(member, field, value.strip() if isinstance(value, str) else value)
    # A legacy phone the data migration could not read (`manage.py check_phones`) does not block other
    # corrections, e.g. by a province officer who sees it masked; a phone that is being changed is checked.
    problems = _prepare(member, phone="phone" in data)
    fields = sorted({*data, "sort_key", "full_name"})
    with transaction.atomic(), acting_as(actor):
        SecurityTeam.objects.select_for_update().get(pk=member.team_id)
        _raise(problems + _problems(member, joining=False, confirm_duplicate=confirm_duplicate))
        with track("forces", members=[member.pk]):
            _save_member(member, joining=False, update_fields=fields)
    return member


@writes_summary("forces")
def member_end(*, actor: Any, member: TeamMember, end_date: dt.date, reason: str, note: str = "") -> TeamMember:
    """End a membership (Art. 17.3 reasons); the record stays for history and years of service."""
    _require_write(actor, member.team.commune)
    if reason not in EndReason.values:
        raise ValidationFailed("Lý do thôi tham gia không hợp lệ.", field="end_reason")
    if end_date < member.start_date:
        raise ValidationFailed("Ngày thôi tham gia trước ngày tham gia.", field="end_date")
    with transaction.atomic(), acting_as(actor):
        locked = TeamMember.objects.select_for_update().get(pk=member.pk)
        if locked.end_date is not None:
            raise ValidationFailed("Thành viên đã thôi tham gia.")
        member.end_date, member.end_reason, member.end_note = end_date, reason, note.strip()
        with track("forces", members=[member.pk]):
            member.save(update_fields=["end_date", "end_reason", "end_note"])
    return member


# --- Training, support, equipment, evaluation -----------------------------------------------------------


@writes_summary("forces")
def training_record(
    *,
    actor: Any,
    member: TeamMember,
    course: str,
    start_date: dt.date,
    end_date: dt.date,
    hours: int,
    passed: bool = True,
) -> Training:
    """Record a training course a member attended."""
    _require_write(actor, member.team.commune)
    training = Training(
        member=member, course=course.strip(), start_date=start_date, end_date=end_date, hours=hours, passed=passed
    )
    _clean(training)
    if end_date < start_date:
        raise ValidationFailed("Ngày kết thúc trước ngày bắt đầu.", field="end_date")
    with transaction.atomic(), acting_as(actor), track("forces", members=[member.pk]):
        training.save()
    return training


def support_rate_set(
    *,
    actor: Any,
    province: AdminUnit,
    role: str,
    kind: str,
    valid_from: dt.date,
    amount_vnd: int | None = None,
    coefficient: Decimal | None = None,
    source: str = "",
) -> SupportRate:
    """Set a province's monthly support for a role from `valid_from`; the previous rate ends the day before."""
    scope = scope_for(actor)
    if province.level != Level.PROVINCE or not (scope.is_national() or province.pk in scope.province_ids()):
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    if not scope.has_role("province", "ministry"):
        raise PermissionDenied("Chỉ cán bộ Công an tỉnh được đặt mức hỗ trợ.")
    if kind == RateKind.FIXED and not amount_vnd:
        raise ValidationFailed("Cần nhập mức hỗ trợ (đồng/tháng).", field="amount_vnd")
    if kind == RateKind.COEFFICIENT and not coefficient:
        raise ValidationFailed("Cần nhập hệ số.", field="coefficient")
    rate = SupportRate(
        province=province,
        role=role,
        kind=kind,
        valid_from=valid_from,
        source=source.strip(),
        amount_vnd=amount_vnd if kind == RateKind.FIXED else None,
        coefficient=coefficient if kind == RateKind.COEFFICIENT else None,
    )
    _clean(rate)
    with transaction.atomic(), acting_as(actor):
        for previous in SupportRate.objects.select_for_update().filter(
            province=province, role=role, valid_to__isnull=True, valid_from__lt=valid_from
        ):
            previous.valid_to = valid_from - dt.timedelta(days=1)
            previous.save(update_fields=["valid_to"])
        rate.save()
    return rate


def size_rule_set(
    *,
    actor: Any,
    province: AdminUnit,
    members: int,
    households_from: int = 0,
    locality_kind: str = "",
    urban: bool = False,
    source: str = "",
) -> TeamSizeRule:
    """Add or change one row of a province's team-size table."""
    scope = scope_for(actor)
    if province.level != Level.PROVINCE or not (scope.is_national() or province.pk in scope.province_ids()):
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    with transaction.atomic(), acting_as(actor):
        rule, _ = TeamSizeRule.objects.update_or_create(
            province=province,
            locality_kind=locality_kind,
            urban=urban,
            households_from=households_from,
            defaults={"members": members, "source": source},
        )
    return rule


def equipment_issue(*, actor: Any, member: TeamMember, item: str, quantity: int, issued_on: dt.date) -> EquipmentIssue:
    """Record equipment issued to a member."""
    _require_write(actor, member.team.commune)
    issue = EquipmentIssue(member=member, item=item.strip(), quantity=quantity, issued_on=issued_on)
    _clean(issue)
    with transaction.atomic(), acting_as(actor):
        issue.save()
    return issue


def evaluation_record(*, actor: Any, member: TeamMember, year: int, rating: str) -> Evaluation:
    """Rate a member for evaluation year `year` (15/11 of the year before → 14/11), checking the Thông tư 14/2024
    rules: members with under 9 months in the year are not rated; "xuất sắc" ≤ 20% of "tốt" in the commune."""
    commune = member.team.commune
    _require_write(actor, commune)
    if rating not in Rating.values:
        raise ValidationFailed("Xếp loại không hợp lệ.", field="rating")
    start, end = rules.evaluation_year_bounds(year)
    served_from = max(member.start_date, start)
    served_to = min(member.end_date or end, end)
    if rules.months_between(served_from, served_to + dt.timedelta(days=1)) < rules.MIN_MONTHS_TO_RATE:
        raise ValidationFailed(
            "Thành viên tham gia dưới 9 tháng trong năm đánh giá nên không xếp loại.", field="rating"
        )
    with transaction.atomic(), acting_as(actor):
        AdminUnit.objects.select_for_update().get(pk=commune.pk)  # serialise a commune's ratings for the quota
        evaluation, _ = Evaluation.objects.update_or_create(
            member=member, year=year, defaults={"rating": rating, "evaluated_by": actor}
        )
        ratings = list(
            Evaluation.objects.filter(member__team__commune=commune, year=year).values_list("rating", flat=True)
        )
        problem = rules.excellent_quota_problem(ratings)
        if problem:
            raise ValidationFailed(problem, field="rating")  # rolls the rating back
    return evaluation


# --- Team leader proposals --------------------------------------------------------------------------------


def proposal_create(
    *,
    actor: Any,
    team: SecurityTeam,
    kind: str,
    payload: dict[str, Any],
    member: TeamMember | None = None,
    reason: str = "",
) -> RosterProposal:
    """A team leader proposes a roster change for their own team; the commune officer confirms it."""
    from django.contrib.contenttypes.models import ContentType

    bound = scope_for(actor).bound_ids(ContentType.objects.get_for_model(SecurityTeam).pk)
    if team.pk not in bound and not scope_for(actor).can_write(team.commune):
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    if kind not in ProposalKind.values:
        raise ValidationFailed("Loại đề nghị không hợp lệ.", field="kind")
    if kind != ProposalKind.ADD and (member is None or member.team_id != team.pk):
        raise ValidationFailed("Cần chọn thành viên của Tổ.", field="member")
    payload = dict(payload)
    # The same identifier rules as member_add / member_update, so a pending proposal never holds "12ab".
    if "phone" in payload:
        payload["phone"] = phone_canonical(payload["phone"], field="phone")
    if "national_id" in payload:
        payload["national_id"] = rules.national_id_clean(payload["national_id"])
        if problem := rules.national_id_problem(payload["national_id"]):
            raise ValidationFailed(problem, field="national_id")
    with transaction.atomic(), acting_as(actor):
        proposal = RosterProposal.objects.create(
            team=team, kind=kind, member=member, payload=payload, reason=reason.strip(), proposed_by=actor
        )
        # The commune officers confirm it: they are told, with a link to the team's page where they decide.
        notify_role(
            actor=actor,
            role=AccountRole.COMMUNE,
            unit=team.commune,
            text=f"{_proposal_title(proposal)}: {actor} ({team.name}) đề nghị, chờ xác nhận.",
            url=reverse("forces:team", args=[team.pk]),
        )
    return proposal


NOTE_MAX = RosterProposal._meta.get_field("decision_note").max_length or 250


def _proposal_title(proposal: RosterProposal) -> str:
    """What the proposal asks, as the notifications name it (no personal data beyond the member's name)."""
    who = f" {proposal.member.full_name}" if proposal.member is not None else ""
    return f"{proposal.get_kind_display()}{who}"


def proposal_decide(*, actor: Any, proposal: RosterProposal, confirm: bool, note: str = "") -> RosterProposal:
    """Confirm (apply through the member services, with all their rules) or reject a pending proposal."""
    _require_write(actor, proposal.team.commune)
    if len(note.strip()) > NOTE_MAX:  # refused, never cut short
        raise ValidationFailed(f"Ý kiến dài quá {NOTE_MAX} ký tự.", code="too_long", field="note")
    with transaction.atomic(), acting_as(actor):
        locked = RosterProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PENDING:
            raise ValidationFailed("Đề nghị đã được xử lý.")
        if confirm:
            data = _payload_values(proposal.team, proposal.payload)
            if proposal.kind == ProposalKind.ADD:
                member_add(actor=actor, team=proposal.team, **data)
            elif proposal.kind == ProposalKind.END and proposal.member is not None:
                member_end(
                    actor=actor,
                    member=proposal.member,
                    end_date=data.get("end_date") or timezone.localdate(),
                    reason=data.get("end_reason", EndReason.OWN_REQUEST),
                    note=proposal.reason,
                )
            elif proposal.member is not None:
                member_update(actor=actor, member=proposal.member, **data)
        proposal.status = ProposalStatus.CONFIRMED if confirm else ProposalStatus.REJECTED
        proposal.decided_by, proposal.decided_at, proposal.decision_note = actor, timezone.now(), note.strip()
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        # The team leader who proposed it is told the decision (and why, when refused with a note).
        outcome = "đã được Công an xã xác nhận" if confirm else "bị Công an xã từ chối"
        why = f": {proposal.decision_note}" if proposal.decision_note else "."
        notify(
            actor=actor,
            user_ids=[proposal.proposed_by_id],
            text=f"{_proposal_title(proposal)} ({proposal.team.name}) {outcome}{why}",
            url=reverse("forces:my_team"),
        )
    return proposal


def _payload_values(team: SecurityTeam, payload: dict[str, Any]) -> dict[str, Any]:
    """Turn a JSON payload (ISO dates, locality id) back into model values."""
    values: dict[str, Any] = {}
    for key, value in payload.items():
        if key in ("birth_date", "resident_since", "start_date", "decision_date", "end_date") and value:
            values[key] = dt.date.fromisoformat(value)
        elif key == "residence" and value:
            values[key] = Locality.objects.get(pk=value, commune=team.commune)
        elif key in (*MEMBER_FIELDS, "end_reason"):
            values[key] = value
    return values
