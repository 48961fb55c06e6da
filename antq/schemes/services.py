"""Writes for scheme types, schemes, sites, evaluations and recognition (advanced examples: antq.schemes.exemplars).

Each service checks scope (a unit outside it, or a role that may not write, is "not found"; a role that sees the
record but may not do this is "permission denied"), validates, runs in one transaction and is audited
(django-auditlog signals, attributed to the actor). Sites are ended, never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from antq.accounts.audit import acting_as
from antq.accounts.scope import scope_for
from antq.core.errors import (
    NotFoundOrOutOfScope,
    PermissionDenied,
    Problem,
    ValidationFailed,
    model_problems,
    raise_problems,
)
from antq.core.text import body_of, fold
from antq.forces.models import SecurityTeam
from antq.geo.models import AdminUnit, Establishment, Level, Locality
from antq.schemes import rules, selectors
from antq.schemes.models import (
    PlaceKind,
    Recognition,
    Scheme,
    SchemeSite,
    SchemeType,
    SiteEvaluation,
    SiteRecognition,
    SiteStatus,
    SiteSuspension,
)

MINISTRY_BODY = "Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an"
SITE_FIELDS = ("households", "members", "results")


def require_write(actor: Any, unit: AdminUnit) -> None:
    if not unit.is_current or not scope_for(actor).can_write(unit):
        raise NotFoundOrOutOfScope("Không tìm thấy.")


def full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed("; ".join(messages), field=None if field == "__all__" else field) from exc


def not_future(day: dt.date | None, field: str, label: str) -> None:
    raise_problems(rules.future_problem(day, field, label, today=timezone.localdate()))


def province_of(unit: AdminUnit) -> int:
    return rules.province_of(unit)  # type: ignore[return-value]


# --- Scheme types --------------------------------------------------------------------------------------------


def scheme_type_create(
    *, actor: Any, name: str, field: str, province: AdminUnit | None = None, description: str = ""
) -> SchemeType:
    """Add a type: to the national catalogue (Ministry officers) or as a province's own type (its officers)."""
    scope = scope_for(actor)
    if province is None:
        if not scope.is_national(selectors.RECOGNISE_ROLES):
            raise NotFoundOrOutOfScope("Không tìm thấy.")
    elif province.level != Level.PROVINCE or not scope.covers(province, selectors.RECOGNISE_ROLES):
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    name = " ".join(name.split())
    folded = fold(name)
    clash = SchemeType.objects.filter(folded_name=folded).filter(province__isnull=True) | SchemeType.objects.filter(
        folded_name=folded, province=province
    )
    problems: list[Problem] = [("name", f"Đã có loại mô hình “{name}”.")] if name and clash.exists() else []
    # A readable, stable code (breakdowns and the API use it): "33-cum-lien-ket-ve-an-ninh-trat-tu".
    base = f"{province.code if province is not None else 'vn'}-{slugify(folded)}"[:70]
    code, number = base, 2
    while SchemeType.objects.filter(code=code).exists():
        code, number = f"{base}-{number}", number + 1
    scheme_type = SchemeType(
        code=code,
        name=name,
        folded_name=folded,
        field=field,
        description=description.strip(),
        province=province,
    )
    raise_problems(problems + model_problems(scheme_type, besides=problems))
    with transaction.atomic(), acting_as(actor):
        scheme_type.save()
    return scheme_type


# --- Schemes -------------------------------------------------------------------------------------------------


def scheme_create(
    *,
    actor: Any,
    unit: AdminUnit,
    name: str,
    scheme_type: SchemeType,
    lead_organisation: str,
    started_on: dt.date,
    description: str = "",
) -> Scheme:
    """Register a named scheme started by a commune or a province the actor may write to (every problem at once)."""
    require_write(actor, unit)
    problems = rules.scheme_problems(
        unit=unit, scheme_type=scheme_type, started_on=started_on, today=timezone.localdate()
    )
    if any(field == "unit" for field, _message in problems):
        raise_problems(problems)
    name = " ".join(name.split())
    scheme = Scheme(
        name=name,
        folded_name=fold(name),
        scheme_type=scheme_type,
        unit=unit,
        province_id=province_of(unit),
        lead_organisation=lead_organisation,
        started_on=started_on,
        description=description.strip(),
    )
    problems += model_problems(scheme, besides=problems)
    if name and Scheme.objects.filter(unit=unit, folded_name=scheme.folded_name).exists():
        problems.append(("name", f"{unit.name} đã có mô hình “{name}”."))
    raise_problems(problems)
    with transaction.atomic(), acting_as(actor):
        scheme.save()
    return scheme


def scheme_update(
    *,
    actor: Any,
    scheme: Scheme,
    name: str | None = None,
    lead_organisation: str | None = None,
    started_on: dt.date | None = None,
    description: str | None = None,
) -> Scheme:
    """Change a scheme's name, lead organisation, launch date or description (every problem at once)."""
    require_write(actor, scheme.unit)
    fields: list[str] = []
    problems: list[Problem] = []
    if name is not None:
        scheme.name = " ".join(name.split())
        scheme.folded_name = fold(scheme.name)
        fields += ["name", "folded_name"]
        if Scheme.objects.filter(unit=scheme.unit, folded_name=scheme.folded_name).exclude(pk=scheme.pk).exists():
            problems.append(("name", f"{scheme.unit.name} đã có mô hình “{scheme.name}”."))
    if lead_organisation is not None:
        scheme.lead_organisation = lead_organisation
        fields.append("lead_organisation")
    if started_on is not None:
        future = rules.future_problem(started_on, "started_on", "Ngày ra mắt", today=timezone.localdate())
        problems += future
        first_site = scheme.sites.order_by("started_on").values_list("started_on", flat=True).first()
        if not future and first_site is not None and started_on > first_site:
            problems.append(("started_on", "Đã có điểm mô hình hoạt động trước ngày ra mắt này."))
        scheme.started_on = started_on
        fields.append("started_on")
    if description is not None:
        scheme.description = description.strip()
        fields.append("description")
    raise_problems(problems + model_problems(scheme, besides=problems))
    if fields:
        with transaction.atomic(), acting_as(actor):
            scheme.save(update_fields=fields)
    return scheme


# --- Sites ---------------------------------------------------------------------------------------------------


DUPLICATE_SITE = "Nơi này đã có một điểm đang hoạt động của mô hình “{scheme}”."


def site_create(
    *,
    actor: Any,
    scheme: Scheme,
    commune: AdminUnit,
    place_kind: str,
    started_on: dt.date,
    locality: Locality | None = None,
    establishment: Establishment | None = None,
    households: int | None = None,
    members: int | None = None,
    teams: Iterable[SecurityTeam] = (),
    results: str = "",
    replicated_from: SchemeSite | None = None,
) -> SchemeSite:
    """Open a site of `scheme` at a place of `commune`; a replica names the exemplary site it copies. Every problem
    is reported at once."""
    require_write(actor, commune)
    if not selectors.schemes_for(actor).filter(pk=scheme.pk).exists():
        raise NotFoundOrOutOfScope("Không tìm thấy mô hình.")
    # A replica copies a site the actor may see (its own scope, or any recognised exemplary site).
    if (
        replicated_from is not None
        and not SchemeSite.objects.filter(selectors.replication_source_q(actor), pk=replicated_from.pk).exists()
    ):
        raise NotFoundOrOutOfScope("Không tìm thấy điểm mô hình được nhân rộng.")
    team_list = list(teams)
    problems = rules.site_problems(
        commune=commune,
        scheme=scheme,
        place_kind=place_kind,
        locality=locality,
        establishment=establishment,
        teams=team_list,
        started_on=started_on,
        replicated_from=replicated_from,
        today=timezone.localdate(),
    )
    if any(field == "commune" for field, _message in problems):
        raise_problems(problems)
    site = SchemeSite(
        scheme=scheme,
        commune=commune,
        place_kind=place_kind,
        locality=locality,
        establishment=establishment,
        started_on=started_on,
        households=households,
        members=members,
        results=results.strip(),
        replicated_from=replicated_from,
    )
    problems += model_problems(site, besides=problems)
    place_blamed = any(field in ("place_kind", "locality", "establishment") for field, _message in problems)
    same_place = SchemeSite.objects.filter(scheme=scheme, ended_on__isnull=True)
    if place_kind == PlaceKind.LOCALITY:
        same_place = same_place.filter(locality=locality)
    elif place_kind == PlaceKind.ESTABLISHMENT:
        same_place = same_place.filter(establishment=establishment)
    else:
        same_place = same_place.filter(commune=commune, place_kind=PlaceKind.COMMUNE)
    if not place_blamed and same_place.exists():
        problems.append(("place_kind", DUPLICATE_SITE.format(scheme=scheme.name)))
    raise_problems(problems)
    try:
        with transaction.atomic(), acting_as(actor):
            site.save()
            if team_list:
                site.teams.set(team_list)
    except IntegrityError as exc:  # another user opened the same site meanwhile
        raise ValidationFailed(DUPLICATE_SITE.format(scheme=scheme.name), field="place_kind") from exc
    return site


def site_update(
    *, actor: Any, site: SchemeSite, teams: Iterable[SecurityTeam] | None = None, **fields: Any
) -> SchemeSite:
    """Change a site's households, members, results or implementing teams (every problem at once)."""
    require_write(actor, site.commune)
    for name, value in fields.items():
        if name not in SITE_FIELDS:
            raise ValueError(f"site_update cannot change {name}")
        setattr(site, name, value.strip() if isinstance(value, str) else value)
    team_list = list(teams) if teams is not None else None
    problems = rules.team_problems(site.commune, team_list or [])
    raise_problems(problems + model_problems(site, besides=problems))
    with transaction.atomic(), acting_as(actor):
        if fields:
            site.save(update_fields=list(fields))
        if team_list is not None:
            site.teams.set(team_list)
    return site


def _lock(site: SchemeSite) -> SchemeSite:
    return SchemeSite.objects.select_for_update().get(pk=site.pk)


def site_suspend(*, actor: Any, site: SchemeSite, on: dt.date, reason: str) -> SchemeSite:
    """Suspend a running site from `on` (the first day it does not run)."""
    require_write(actor, site.commune)
    if not reason.strip():
        raise ValidationFailed("Cần ghi lý do tạm dừng.", field="reason")
    not_future(on, "on", "Ngày tạm dừng")
    with transaction.atomic(), acting_as(actor):
        locked = _lock(site)
        if locked.status != SiteStatus.ACTIVE:
            raise ValidationFailed("Chỉ tạm dừng được điểm đang hoạt động.")
        last = locked.suspensions.order_by("-started_on").first()
        if on < locked.started_on or (last is not None and last.ended_on is not None and on <= last.ended_on):
            raise ValidationFailed("Ngày tạm dừng trước khi điểm hoạt động (lại).", field="on")
        SiteSuspension.objects.create(site=locked, started_on=on, reason=reason.strip())
        site.status = SiteStatus.SUSPENDED
        site.save(update_fields=["status"])
    return site


def site_resume(*, actor: Any, site: SchemeSite, on: dt.date) -> SchemeSite:
    """Resume a suspended site from `on` (the first day it runs again)."""
    require_write(actor, site.commune)
    not_future(on, "on", "Ngày hoạt động lại")
    with transaction.atomic(), acting_as(actor):
        locked = _lock(site)
        pause = locked.suspensions.filter(ended_on__isnull=True).first()
        if locked.status != SiteStatus.SUSPENDED or pause is None:
            raise ValidationFailed("Điểm không ở trạng thái tạm dừng.")
        if on <= pause.started_on:
            raise ValidationFailed("Ngày hoạt động lại phải sau ngày tạm dừng.", field="on")
        pause.ended_on = on - dt.timedelta(days=1)
        pause.save(update_fields=["ended_on"])
        site.status = SiteStatus.ACTIVE
        site.save(update_fields=["status"])
    return site


def site_end(*, actor: Any, site: SchemeSite, on: dt.date, reason: str) -> SchemeSite:
    """End a site; `on` is its last day (it still counts on that day, like every end date in ANTQ)."""
    require_write(actor, site.commune)
    if not reason.strip():
        raise ValidationFailed("Cần ghi lý do dừng hoạt động.", field="reason")
    not_future(on, "on", "Ngày dừng hoạt động")  # like suspend and resume: an end to come would end it today
    with transaction.atomic(), acting_as(actor):
        locked = _lock(site)
        if locked.status == SiteStatus.ENDED:
            raise ValidationFailed("Điểm đã dừng hoạt động.")
        if on < locked.started_on:
            raise ValidationFailed("Ngày dừng hoạt động trước ngày bắt đầu.", field="on")
        if locked.evaluations.filter(evaluated_on__gt=on).exists():
            raise ValidationFailed("Đã có đánh giá sau ngày dừng hoạt động này.", field="on")
        pause = locked.suspensions.filter(ended_on__isnull=True).first()
        if pause is not None:
            pause.ended_on = max(on, pause.started_on)
            pause.save(update_fields=["ended_on"])
        site.status, site.ended_on, site.end_reason = SiteStatus.ENDED, on, reason.strip()
        site.save(update_fields=["status", "ended_on", "end_reason"])
    return site


# --- Recognition (mô hình tiêu biểu) ---------------------------------------------------------------------------


def recognise_check(actor: Any, site: SchemeSite) -> None:
    """Whether the actor may recognise the site (before its form is judged): 404 out of scope, 403 for a role that
    sees it but may not recognise."""
    scope = scope_for(actor)
    if not scope.covers(site.commune, selectors.READ_ROLES):
        raise NotFoundOrOutOfScope("Không tìm thấy điểm mô hình.")
    if not scope.covers(site.commune, selectors.RECOGNISE_ROLES):
        raise PermissionDenied("Chỉ cán bộ Công an tỉnh (PV05) hoặc Bộ Công an (V05) ghi nhận mô hình tiêu biểu.")


def site_recognise(
    *,
    actor: Any,
    site: SchemeSite,
    level: str,
    decision_date: dt.date,
    decision_number: str = "",
    issuing_body: str = "",
    confirm_weak: bool = False,
) -> SiteRecognition:
    """Record a site's recognition as exemplary: at province level by a province (or Ministry) officer; at Ministry
    level by a province or Ministry officer, with the Ministry's decision (number, date; never issued by the
    province). The site must have been evaluated; a weak last evaluation needs `confirm_weak`, which the
    recognition records (and the audit trail with it)."""
    recognise_check(actor, site)
    decision_number = decision_number.strip()
    parent = site.commune.parent
    body = issuing_body.strip() or (
        MINISTRY_BODY if level == Recognition.MINISTRY else body_of("Công an", parent.name if parent else "")
    )
    with transaction.atomic(), acting_as(actor):
        locked = _lock(site)  # the level and date it holds now, read under the lock
        latest = selectors.latest_evaluation(locked)
        problems = rules.recognition_problems(
            site=locked,
            level=level,
            decision_number=decision_number,
            decision_date=decision_date,
            today=timezone.localdate(),
            latest=latest,
            confirm_weak=confirm_weak,
            issuing_body=body,
        )
        recognition = SiteRecognition(
            site=locked,
            level=level,
            decision_number=decision_number,
            decision_date=decision_date,
            issuing_body=body,
            recorded_by=actor,
            evaluation=latest,
            # Recorded only when it mattered: the last evaluation was weak and the recogniser went ahead.
            weak_rating_confirmed=bool(latest is not None and latest.rating in rules.WEAK_RATINGS and confirm_weak),
        )
        raise_problems(problems + model_problems(recognition, exclude=["recorded_by"], besides=problems))
        recognition.save()
        site.recognition, site.recognition_date = level, decision_date
        site.recognition_decision, site.recognition_body = decision_number, body
        site.save(update_fields=["recognition", "recognition_date", "recognition_decision", "recognition_body"])
    return recognition


# --- Evaluations ---------------------------------------------------------------------------------------------


def evaluation_record(
    *, actor: Any, site: SchemeSite, evaluated_on: dt.date, assessor: str, rating: str, findings: str = ""
) -> SiteEvaluation:
    """Record a dated quality assessment of a site (one per site and day); every problem at once."""
    require_write(actor, site.commune)
    problems = rules.evaluation_problems(site=site, evaluated_on=evaluated_on, today=timezone.localdate())
    evaluation = SiteEvaluation(
        site=site,
        evaluated_on=evaluated_on,
        assessor=" ".join(assessor.split()),
        rating=rating,
        findings=findings.strip(),
        recorded_by=actor,
    )
    problems += model_problems(evaluation, exclude=["recorded_by"], besides=problems)
    if not problems and SiteEvaluation.objects.filter(site=site, evaluated_on=evaluated_on).exists():
        problems.append(("evaluated_on", "Điểm đã có đánh giá ngày này."))
    raise_problems(problems)
    with transaction.atomic(), acting_as(actor):
        evaluation.save()
    return evaluation
