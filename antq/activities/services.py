"""Writes for outreach activities and festivals. Each service checks scope, validates with Vietnamese messages
naming the field, runs in one transaction and is audited (django-auditlog signals attributed to the actor;
bulk writes through antq.accounts.audit.audit_objects). Award proposals live in antq.activities.awards."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import IO, Any

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
from antq.core.errors import (
    NotFoundOrOutOfScope,
    PermissionDenied,
    Problem,
    ValidationFailed,
    model_problems,
    raise_problems,
)
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


class RowsInvalid(ValidationFailed):
    """Several rows were refused at once; `rows` holds (row index, field, message) for each. Code
    `duplicate` when the only problem is that rows repeat activities already recorded (or each other)."""

    def __init__(self, rows: list[tuple[int, str | None, str]], *, code: str = "invalid_rows") -> None:
        problems = [(field, f"Dòng {index + 1}: {message}") for index, field, message in rows]
        super().__init__(problems[0][1], code=code, problems=problems)
        self.rows = rows


class DuplicateActivity(ValidationFailed):
    """The activity repeats one already recorded (`rules.duplicate_key`): saving it needs `confirm_duplicate`."""

    code = "duplicate"


def _require_write(actor: Any, unit: AdminUnit) -> None:
    if not unit.is_current or not scope_for(actor).can_write(unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")


# --- Outreach --------------------------------------------------------------------------------------------------


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown outreach fields {sorted(unknown)}")
    values = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
    for field in GROUP_FIELDS:
        # A target group left blank is 0 — only among the fields given: an update of the title alone must not
        # reset the groups it does not mention.
        if field in values and values[field] is None:
            values[field] = 0
    return values


def _build(actor: Any, unit: AdminUnit, values: dict[str, Any]) -> tuple[OutreachActivity, list[Problem]]:
    activity = OutreachActivity(unit=unit, created_by=actor if getattr(actor, "pk", None) else None, **values)
    problems = rules.activity_problems(unit, values, today=timezone.localdate())
    problems += model_problems(activity, exclude=["unit", "locality", "establishment", "created_by"], besides=problems)
    return activity, problems


def recorded_like(
    unit: AdminUnit, rows: list[dict[str, Any]] | None, *, exclude: int | None = None
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The unit's recorded activities on the rows' dates (every date: `rows` None), by `rules.duplicate_key`, the
    first recorded of each key — one query, however many rows."""
    recorded = OutreachActivity.objects.filter(unit=unit).exclude(pk=exclude)
    if rows is not None:
        dates = {key[0] for key in map(rules.duplicate_key, rows) if key is not None}
        if not dates:
            return {}
        recorded = recorded.filter(date__in=dates)
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for values in recorded.order_by("pk").values(*rules.DUPLICATE_FIELDS):
        key = rules.duplicate_key(values)
        if key is not None:
            found.setdefault(key, values)
    return found


def _refuse_duplicate(unit: AdminUnit, values: dict[str, Any], *, exclude: int | None = None) -> None:
    key = rules.duplicate_key(values)
    existing = recorded_like(unit, [values], exclude=exclude).get(key) if key is not None else None
    if existing is not None:
        raise DuplicateActivity(rules.duplicate_message(existing), field="confirm_duplicate")


@writes_summary("outreach")
def activity_record(*, actor: Any, unit: AdminUnit, confirm_duplicate: bool = False, **data: Any) -> OutreachActivity:
    """Record one outreach activity of `unit` (a commune, or a province for its own department's work). Every
    problem is reported at once; an activity identical to one already recorded (`rules.duplicate_key`) is
    refused with code `duplicate` unless `confirm_duplicate`."""
    _require_write(actor, unit)
    values = _normalise(data)
    activity, problems = _build(actor, unit, values)
    raise_problems(problems)
    if not confirm_duplicate:
        _refuse_duplicate(unit, values)
    with transaction.atomic(), acting_as(actor), track("outreach") as changes:
        activity.save()
        changes.add(activities=[activity.pk])
    return activity


@writes_summary("outreach")
def activities_record_many(
    *, actor: Any, unit: AdminUnit, rows: list[dict[str, Any]], confirm_duplicates: bool = False
) -> list[OutreachActivity]:
    """Record several activities at once (the quick-entry page): all or nothing; every bad row is reported. Rows
    repeating an activity already recorded, or an earlier row, are refused (code `duplicate`) unless
    `confirm_duplicates`."""
    _require_write(actor, unit)
    if not rows:
        raise ValidationFailed("Chưa nhập hoạt động nào.")
    built: list[OutreachActivity] = []
    all_values = [_normalise(data) for data in rows]
    problems: list[tuple[int, str | None, str]] = []
    for index, values in enumerate(all_values):
        activity, row_problems = _build(actor, unit, values)
        built.append(activity)
        problems += [(index, field, message) for field, message in row_problems]
    if problems:
        raise RowsInvalid(problems)
    if not confirm_duplicates:
        recorded = recorded_like(unit, all_values)
        seen: dict[tuple[Any, ...], int] = {}
        for index, values in enumerate(all_values):
            key = rules.duplicate_key(values)
            if key in recorded:
                problems.append((index, "confirm_duplicate", rules.duplicate_message(recorded[key])))
            elif key in seen:
                message = f"Trùng với dòng {seen[key] + 1} ở trên: cùng ngày, hình thức và số liệu."
                problems.append((index, "confirm_duplicate", message))
            if key is not None:
                seen.setdefault(key, index)
        if problems:
            raise RowsInvalid(problems, code="duplicate")
    with transaction.atomic(), track("outreach") as changes:
        OutreachActivity.objects.bulk_create(built)
        changes.add(activities=[activity.pk for activity in built])
        audit_objects(actor=actor, objects=built, action=CREATE, note="Nhập nhanh")
    return built


@writes_summary("outreach")
def activity_update(
    *, actor: Any, activity: OutreachActivity, confirm_duplicate: bool = False, **data: Any
) -> OutreachActivity:
    """Correct an activity (its kind too: the measures are checked again as a whole). A change that makes it
    identical to another recorded activity needs `confirm_duplicate`, as recording it would."""
    _require_write(actor, activity.unit)
    values = _normalise(data)
    for field, value in values.items():
        setattr(activity, field, value)
    current = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    problems = rules.activity_problems(activity.unit, current, today=timezone.localdate())
    problems += model_problems(activity, exclude=["unit", "locality", "establishment", "created_by"], besides=problems)
    raise_problems(problems)
    if not confirm_duplicate and set(values) & set(rules.DUPLICATE_FIELDS):
        _refuse_duplicate(activity.unit, current, exclude=activity.pk)
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


def _festival_problems(festival: Festival, *, today: dt.date) -> list[Problem]:
    problems = rules.festival_problems(
        year=festival.year,
        planned_date=festival.planned_date,
        status=festival.status,
        held_on=festival.held_on,
        place=festival.place,
        today=today,
    )
    return problems + model_problems(festival, exclude=["commune", "province", "created_by"], besides=problems)


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
    raise_problems(_festival_problems(festival, today=timezone.localdate()))
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
        raise_problems(_festival_problems(locked, today=timezone.localdate()))
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
