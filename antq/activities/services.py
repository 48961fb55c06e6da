"""Writes for outreach activities and festivals. Each service checks scope, validates with Vietnamese messages
naming the field, runs in one transaction and is audited (django-auditlog signals attributed to the actor;
bulk writes through antq.accounts.audit.audit_objects). Award proposals live in antq.activities.awards."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from antq.accounts.audit import CREATE, acting_as, audit_objects
from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.activities import rules
from antq.activities.models import (
    GROUP_FIELDS,
    Festival,
    FestivalPhoto,
    FestivalStatus,
    OutreachActivity,
)
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.summary import track, writes_summary
from antq.geo.models import AdminUnit, Level

ACTIVITY_FIELDS = (
    "date",
    "kind",
    "topic",
    "title",
    "locality",
    "establishment",
    *rules.MEASURES,
    "note",
)
FIRST_YEAR = 2000


class RowsInvalid(ValidationFailed):
    """Several rows were refused at once; `problems` holds (row index, field, message) for each."""

    def __init__(self, problems: list[tuple[int, str | None, str]]) -> None:
        index, _field, message = problems[0]
        super().__init__(f"Dòng {index + 1}: {message}", code="invalid_rows")
        self.problems = problems


def _require_write(actor: Any, unit: AdminUnit) -> None:
    if not unit.is_current or not scope_for(actor).can_write(unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")


def model_problems(obj: Any, exclude: list[str] | None = None) -> list[tuple[str | None, str]]:
    """Field rules of the model (lengths, choices, URL) as (field, message) pairs."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        return [
            (None if field == "__all__" else field, "; ".join(messages)) for field, messages in exc.message_dict.items()
        ]
    return []


def raise_first(problems: list[tuple[str | None, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise ValidationFailed(message, field=field)


# --- Outreach --------------------------------------------------------------------------------------------------


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown outreach fields {sorted(unknown)}")
    values = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
    for field in GROUP_FIELDS:
        if values.get(field) is None:
            values[field] = 0
    return values


def activity_problems(unit: AdminUnit, values: dict[str, Any], *, today: dt.date) -> list[tuple[str | None, str]]:
    """Every rule an activity recorded by `unit` breaks: its date, its place, and its kind's measures."""
    problems: list[tuple[str | None, str]] = []
    if unit.level not in (Level.COMMUNE, Level.PROVINCE):
        problems.append((None, "Hoạt động tuyên truyền do xã, phường hoặc Công an tỉnh ghi nhận."))
    day = values.get("date")
    if isinstance(day, dt.date):
        if day > today:
            problems.append(("date", f"Ngày: {day:%d/%m/%Y} chưa tới; chỉ ghi nhận hoạt động đã diễn ra."))
        elif day.year < FIRST_YEAR:
            problems.append(("date", f"Ngày: chỉ ghi nhận hoạt động từ năm {FIRST_YEAR}."))
    locality, establishment = values.get("locality"), values.get("establishment")
    if locality is not None and establishment is not None:
        problems.append(("establishment", "Địa điểm: chọn thôn, tổ dân phố hoặc cơ sở, không chọn cả hai."))
    for field, place in (("locality", locality), ("establishment", establishment)):
        if place is not None and not _place_in(unit, place.commune_id, place.commune.parent_id):
            problems.append((field, f"Địa điểm “{place.name}” không thuộc {unit.name}."))
    problems += rules.measure_problems(values.get("kind", ""), values)
    return problems


def _place_in(unit: AdminUnit, commune_id: int, province_id: int | None) -> bool:
    return commune_id == unit.pk if unit.level == Level.COMMUNE else province_id == unit.pk


def _build(actor: Any, unit: AdminUnit, values: dict[str, Any]) -> tuple[OutreachActivity, list]:
    activity = OutreachActivity(unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **values)
    problems = activity_problems(unit, values, today=timezone.localdate())
    problems += model_problems(activity, exclude=["unit", "locality", "establishment", "created_by"])
    return activity, problems


@writes_summary("outreach")
def activity_record(*, actor: Any, unit: AdminUnit, **data: Any) -> OutreachActivity:
    """Record one outreach activity of `unit` (a commune, or a province for its own department's work)."""
    _require_write(actor, unit)
    activity, problems = _build(actor, unit, _normalise(data))
    raise_first(problems)
    with transaction.atomic(), acting_as(actor), track("outreach") as changes:
        activity.save()
        changes.add(activities=[activity.pk])
    return activity


@writes_summary("outreach")
def activities_record_many(*, actor: Any, unit: AdminUnit, rows: list[dict[str, Any]]) -> list[OutreachActivity]:
    """Record several activities at once (the quick-entry page): all or nothing; every bad row is reported."""
    _require_write(actor, unit)
    if not rows:
        raise ValidationFailed("Chưa nhập hoạt động nào.")
    built: list[OutreachActivity] = []
    problems: list[tuple[int, str | None, str]] = []
    for index, data in enumerate(rows):
        activity, row_problems = _build(actor, unit, _normalise(data))
        built.append(activity)
        problems += [(index, field, message) for field, message in row_problems]
    if problems:
        raise RowsInvalid(problems)
    with transaction.atomic(), track("outreach") as changes:
        OutreachActivity.objects.bulk_create(built)
        changes.add(activities=[activity.pk for activity in built])
        audit_objects(actor=actor, objects=built, action=CREATE, note="Nhập nhanh")
    return built


@writes_summary("outreach")
def activity_update(*, actor: Any, activity: OutreachActivity, **data: Any) -> OutreachActivity:
    """Correct an activity (its kind too: the measures are checked again as a whole)."""
    _require_write(actor, activity.unit)
    values = _normalise(data)
    for field, value in values.items():
        setattr(activity, field, value)
    current = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    problems = activity_problems(activity.unit, current, today=timezone.localdate())
    problems += model_problems(activity, exclude=["unit", "locality", "establishment", "created_by"])
    raise_first(problems)
    with transaction.atomic(), acting_as(actor):
        OutreachActivity.objects.select_for_update().get(pk=activity.pk)
        with track("outreach", activities=[activity.pk]):
            activity.save(update_fields=sorted(values))
    return activity


@writes_summary("outreach")
def activity_delete(*, actor: Any, activity: OutreachActivity) -> None:
    """Remove an activity entered by mistake (the audit trail keeps what it was)."""
    _require_write(actor, activity.unit)
    with transaction.atomic(), acting_as(actor):
        OutreachActivity.objects.select_for_update().get(pk=activity.pk)
        with track("outreach", activities=[activity.pk]):
            activity.delete()


# --- The 19/8 festival -----------------------------------------------------------------------------------------

FESTIVAL_FIELDS = (
    "planned_date",
    "place",
    "status",
    "held_on",
    "ceremony_activities",
    "festival_activities",
    "participants",
    "guests",
    "results",
)


def _festival_problems(festival: Festival, *, today: dt.date) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    problem = rules.festival_date_problem(festival.planned_date, festival.year, label="Ngày dự kiến")
    if problem:
        problems.append(("planned_date", problem))
    if festival.status == FestivalStatus.HELD:
        if festival.held_on is None:
            problems.append(("held_on", "Ngày tổ chức: cần nhập khi ngày hội đã tổ chức."))
        else:
            problem = rules.festival_date_problem(festival.held_on, festival.year, label="Ngày tổ chức")
            if problem:
                problems.append(("held_on", problem))
            elif festival.held_on > today:
                problems.append(("held_on", "Ngày tổ chức chưa tới; hãy giữ trạng thái “Đã có kế hoạch”."))
    elif festival.held_on is not None:
        problems.append(("held_on", "Ngày tổ chức: chỉ nhập khi ngày hội đã tổ chức."))
    if not festival.place:
        problems.append(("place", "Địa điểm: cần nhập."))
    return problems + model_problems(festival, exclude=["commune", "province", "created_by"])


def festival_plan(*, actor: Any, commune: AdminUnit, year: int, planned_date: dt.date, place: str) -> Festival:
    """Plan a commune's festival of `year` (one per commune and year)."""
    _require_write(actor, commune)
    if commune.level != Level.COMMUNE or commune.parent_id is None:
        raise ValidationFailed("Ngày hội toàn dân bảo vệ ANTQ được lập theo xã, phường.", field="commune")
    festival = Festival(
        commune=commune,
        province_id=commune.parent_id,
        year=year,
        planned_date=planned_date,
        place=place.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    raise_first(_festival_problems(festival, today=timezone.localdate()))
    duplicate = ValidationFailed(
        f"{commune.name} đã có Ngày hội năm {year}; mỗi xã một Ngày hội mỗi năm.", field="year"
    )
    if Festival.objects.filter(commune=commune, year=year).exists():
        raise duplicate
    try:
        with transaction.atomic(), acting_as(actor):
            festival.save()
    except IntegrityError:  # a concurrent plan for the same commune and year won the race
        raise duplicate from None
    return festival


def festival_update(*, actor: Any, festival: Festival, **data: Any) -> Festival:
    """Change the plan, record the ceremony (Lễ) and festival (Hội) parts, results, or that it was held."""
    _require_write(actor, festival.commune)
    unknown = set(data) - set(FESTIVAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown festival fields {sorted(unknown)}")
    if data.get("status", festival.status) not in FestivalStatus.values:
        raise ValidationFailed("Trạng thái không hợp lệ.", field="status")
    with transaction.atomic(), acting_as(actor):
        locked = Festival.objects.select_for_update().get(pk=festival.pk)
        for field, value in data.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        raise_first(_festival_problems(locked, today=timezone.localdate()))
        locked.save(update_fields=sorted(data))
    for field in data:
        setattr(festival, field, getattr(locked, field))
    return festival


def may_choose_pilot(actor: Any, province: AdminUnit) -> bool:
    """The province's PV05 officers (and the ministry) choose its pilot festival."""
    scope = scope_for(actor)
    return scope.is_national(frozenset({Role.MINISTRY})) or scope.covers(province, frozenset({Role.PROVINCE}))


def festival_set_pilot(*, actor: Any, festival: Festival, pilot: bool) -> Festival:
    """Make a festival the province's pilot ("điểm") of its year — replacing the previous one — or unmark it."""
    if not scope_for(actor).covers(festival.commune):
        raise NotFoundOrOutOfScope("Không tìm thấy ngày hội.")
    if not may_choose_pilot(actor, festival.province):
        raise PermissionDenied("Chỉ cán bộ Công an tỉnh chọn đơn vị tổ chức “điểm” Ngày hội.")
    with transaction.atomic(), acting_as(actor):
        rows = list(Festival.objects.select_for_update().filter(province_id=festival.province_id, year=festival.year))
        # One pilot per province and year (also a database rule): unmark the previous one first.
        for other in rows:
            if other.is_pilot and (other.pk != festival.pk or not pilot):
                other.is_pilot = False
                other.save(update_fields=["is_pilot"])
        if pilot:
            target = next(row for row in rows if row.pk == festival.pk)
            target.is_pilot = True
            target.save(update_fields=["is_pilot"])
    festival.is_pilot = pilot
    return festival


def festival_photo_add(
    *, actor: Any, festival: Festival, file: IO[bytes], size: int, caption: str = ""
) -> FestivalPhoto:
    """Store a festival photo after checking its content (JPEG / PNG magic bytes) and size (≤ 5 MB); the stored
    name is generated, never the uploader's."""
    _require_write(actor, festival.commune)
    if size > rules.MAX_PHOTO_BYTES:
        raise ValidationFailed(rules.photo_problem(b"", size) or "", field="image")
    data = file.read(rules.MAX_PHOTO_BYTES + 1)
    problem = rules.photo_problem(data[:16], len(data))
    if problem:
        raise ValidationFailed(problem, field="image")
    content_type, extension = rules.photo_type(data[:16])  # type: ignore[misc]
    photo = FestivalPhoto(
        festival=festival,
        content_type=content_type,
        size=len(data),
        caption=caption.strip()[:250],
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic(), acting_as(actor):
        photo.image.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
        try:
            photo.save()
        except Exception:
            photo.image.delete(save=False)  # no orphan file when the row cannot be written
            raise
    return photo
