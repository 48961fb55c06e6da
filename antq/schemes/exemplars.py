"""Advanced examples (điển hình tiên tiến): writes, following the pattern of antq.schemes.services (scope,
validation, one transaction, audit), and the photo checks.

Names, units and achievements are public recognition; contact data is personal (accounts.policy "phone") and is
masked in the audit trail. A photo is JPEG or PNG, told apart by its first bytes (never by the file name), at most
5 MB, stored under a random name and served only through the scoped page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from antq.accounts.audit import acting_as
from antq.core.errors import ValidationFailed, model_problems, raise_problems
from antq.core.phones import phone_canonical
from antq.geo.models import AdminUnit, Level
from antq.schemes.models import Exemplar, exemplar_sort_key
from antq.schemes.rules import exemplar_problems
from antq.schemes.services import province_of, require_write

PHOTO_MAX_BYTES = 5 * 1024 * 1024
_PHOTO_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"))
EXEMPLAR_FIELDS = (
    "kind",
    "name",
    "position",
    "year",
    "achievements",
    "recognition_level",
    "recognition",
    "decision_number",
    "decision_date",
    "contact_phone",
    "contact_address",
)


def _check_exemplar(exemplar: Exemplar, *, phone: bool = True) -> None:
    # The contact phone in its canonical form (antq.core.phones); on an update only when it is being changed,
    # so a legacy value the data migration could not read does not block other corrections.
    if phone:
        exemplar.contact_phone = phone_canonical(exemplar.contact_phone, field="contact_phone")
    today = timezone.localdate()
    # Every problem at once (antq.schemes.rules), then the model's own field rules.
    problems = exemplar_problems(
        year=exemplar.year,
        decision_date=exemplar.decision_date,
        today=today,
        level=exemplar.recognition_level,
        decision_number=exemplar.decision_number,
        recognition=exemplar.recognition,
    )
    raise_problems(problems + model_problems(exemplar, exclude=["photo"], besides=problems))


def exemplar_create(
    *,
    actor: Any,
    unit: AdminUnit,
    kind: str,
    name: str,
    year: int,
    achievements: str,
    recognition_level: str,
    position: str = "",
    recognition: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    contact_phone: str = "",
    contact_address: str = "",
    photo: UploadedFile | None = None,
) -> Exemplar:
    """Register an advanced example of a commune or province the actor may write to (with an optional photo)."""
    require_write(actor, unit)
    if unit.level not in (Level.COMMUNE, Level.PROVINCE):
        raise ValidationFailed("Điển hình tiên tiến thuộc một xã, phường hoặc một tỉnh.", field="unit")
    name = " ".join(name.split())
    exemplar = Exemplar(
        kind=kind,
        name=name,
        sort_key=exemplar_sort_key(kind, name),
        position=position.strip(),
        unit=unit,
        province_id=province_of(unit),
        year=year,
        achievements=achievements.strip(),
        recognition_level=recognition_level,
        recognition=recognition.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        contact_phone=contact_phone.strip(),
        contact_address=contact_address.strip(),
    )
    _check_exemplar(exemplar)
    kind_of_photo = photo_kind(photo) if photo is not None else None
    with transaction.atomic(), acting_as(actor):
        exemplar.save()
        if photo is not None and kind_of_photo is not None:
            _store_photo(exemplar, photo, kind_of_photo)
    return exemplar


def exemplar_update(*, actor: Any, exemplar: Exemplar, **fields: Any) -> Exemplar:
    """Change an advanced example's details (not its unit)."""
    require_write(actor, exemplar.unit)
    for name, value in fields.items():
        if name not in EXEMPLAR_FIELDS:
            raise ValueError(f"exemplar_update cannot change {name}")
        setattr(exemplar, name, " ".join(value.split()) if name == "name" else value)
    exemplar.sort_key = exemplar.compute_sort_key()
    _check_exemplar(exemplar, phone="contact_phone" in fields)
    with transaction.atomic(), acting_as(actor):
        exemplar.save(update_fields=[*fields, "sort_key"])
    return exemplar


def photo_kind(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of an uploaded photo, from its first bytes; refuse anything but JPEG / PNG
    and anything over 5 MB."""
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ValidationFailed("Ảnh lớn hơn 5 MB.", field="photo")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, content_type, extension in _PHOTO_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    raise ValidationFailed("Ảnh phải là tệp JPEG hoặc PNG.", field="photo")


def _store_photo(exemplar: Exemplar, upload: UploadedFile, kind: tuple[str, str]) -> None:
    content_type, extension = kind
    old = exemplar.photo.name if exemplar.photo else ""
    # A random name: the uploaded file name is never trusted (nor shown).
    exemplar.photo.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    exemplar.photo_type = content_type
    exemplar.save(update_fields=["photo", "photo_type"])
    if old:
        storage = exemplar.photo.storage
        transaction.on_commit(lambda: storage.delete(old))


def exemplar_set_photo(*, actor: Any, exemplar: Exemplar, photo: UploadedFile | None) -> Exemplar:
    """Replace (or, with None, remove) an advanced example's photo."""
    require_write(actor, exemplar.unit)
    kind = photo_kind(photo) if photo is not None else None
    with transaction.atomic(), acting_as(actor):
        if photo is not None and kind is not None:
            _store_photo(exemplar, photo, kind)
        elif exemplar.photo:
            old, storage = exemplar.photo.name, exemplar.photo.storage
            exemplar.photo, exemplar.photo_type = "", ""  # type: ignore[assignment]
            exemplar.save(update_fields=["photo", "photo_type"])
            transaction.on_commit(lambda: storage.delete(old))
    return exemplar
