"""Writes of the tip registry's configuration (issue 19): the remote communes a province designates (48 hours
instead of 24, TTLT 01/2017 Art. 7) and the list of tip categories the portal offers (the Ministry's). Audited
through django-auditlog with the acting officer (`acting_as`); nothing is deleted that a tip refers to.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Max

from antq.accounts.audit import acting_as
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.text import fold
from antq.geo.models import AdminUnit, Level
from antq.tips import selectors
from antq.tips.models import RemoteCommune, TipCategory

REMOTE_NOTE_MAX = RemoteCommune._meta.get_field("note").max_length or 200
CATEGORY_CODE_MAX = TipCategory._meta.get_field("code").max_length or 40
CATEGORY_NAME_MAX = TipCategory._meta.get_field("name").max_length or 120
CATEGORY_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The gap between two categories' `order`: room to insert one by hand (the data migration uses the same step).
ORDER_STEP = 10


def _require_remote_editor(actor: Any, commune: AdminUnit) -> AdminUnit:
    """The commune's province, when the actor is its PV05 officer; 404 for who may not even see the list, a typed
    refusal for who may see it (the commune police, the steering committee, the Ministry)."""
    province = commune.parent
    if commune.level != Level.COMMUNE or province is None or not selectors.may_view_remote(actor, province):
        raise NotFoundOrOutOfScope("Không tìm thấy xã, phường.")
    if not selectors.may_edit_remote(actor, province):
        raise PermissionDenied(
            "Chỉ cán bộ PV05 Công an tỉnh đánh dấu xã vùng sâu, vùng xa của tỉnh.", code="not_province_officer"
        )
    return province


def remote_commune_mark(*, actor: Any, commune: AdminUnit, note: str) -> RemoteCommune:
    """Mark `commune` remote (48 hours instead of 24, TTLT 01/2017, Art. 7) with its basis (`note`, e.g. the
    province's decision number), or change the basis of a commune already marked. Applies to tips received from
    now on: a tip's due time is fixed at intake (`intake.tip_submit`) and never moves. Audited under the commune.

    Raises NotFoundOrOutOfScope, PermissionDenied (not the province's PV05), ValidationFailed (no or too long a
    basis, or nothing changed)."""
    _require_remote_editor(actor, commune)
    note = note.strip()
    if not note:
        raise ValidationFailed(
            "Căn cứ: cần ghi căn cứ xác định xã vùng sâu, vùng xa (ví dụ số quyết định).", field="note"
        )
    if len(note) > REMOTE_NOTE_MAX:
        raise ValidationFailed(f"Căn cứ: tối đa {REMOTE_NOTE_MAX} ký tự.", field="note")
    with transaction.atomic(), acting_as(actor):
        # Lock the commune: two officers marking it at once make one row, not an integrity error.
        AdminUnit.objects.select_for_update().filter(pk=commune.pk).first()
        entry = RemoteCommune.objects.filter(unit=commune).first()
        if entry is None:
            entry = RemoteCommune(unit=commune, note=note)
            entry.full_clean()
            entry.save()
        elif entry.note == note:
            raise ValidationFailed(f"{commune.name} đã là xã vùng sâu, vùng xa với căn cứ này.", code="unchanged")
        else:
            entry.note = note
            entry.full_clean()
            entry.save(update_fields=["note"])
    return entry


def remote_commune_unmark(*, actor: Any, commune: AdminUnit) -> None:
    """Take `commune` off the province's remote list: tips received from now on get 24 hours; tips already
    received keep their due time. The deletion is audited under the commune (with the basis it had)."""
    _require_remote_editor(actor, commune)
    with transaction.atomic(), acting_as(actor):
        AdminUnit.objects.select_for_update().filter(pk=commune.pk).first()
        entry = RemoteCommune.objects.filter(unit=commune).first()
        if entry is None:
            raise ValidationFailed(f"{commune.name} chưa được đánh dấu là xã vùng sâu, vùng xa.", code="unchanged")
        entry.delete()


def _require_category_editor(actor: Any) -> None:
    if not selectors.may_view_categories(actor):
        raise NotFoundOrOutOfScope("Không tìm thấy loại tin báo.")
    if not selectors.may_edit_categories(actor):
        raise PermissionDenied("Chỉ cán bộ Bộ Công an (V05) sửa danh mục loại tin báo.", code="not_ministry")


def _clean_category_name(name: str, *, other_than: TipCategory | None = None) -> str:
    """The name trimmed; refused when empty, too long, or the same as another category's (ignoring accents and
    case: "Ma tuý" and "ma túy" are one category)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("Tên: cần nhập tên loại tin.", field="name")
    if len(name) > CATEGORY_NAME_MAX:
        raise ValidationFailed(f"Tên: tối đa {CATEGORY_NAME_MAX} ký tự.", field="name")
    folded = fold(name)
    others = TipCategory.objects.all() if other_than is None else TipCategory.objects.exclude(pk=other_than.pk)
    for other in others:
        if fold(other.name) == folded:
            raise ValidationFailed(
                f"Tên: đã có loại tin “{other.name}” (mã {other.code}).", field="name", code="duplicate"
            )
    return name


def category_add(*, actor: Any, code: str, name: str) -> TipCategory:
    """Add a category at the end of the list, active (the portal offers it at once). `code` is a permanent slug
    (lower-case letters without accents, digits, hyphens): filters and figures use it. Audited.

    Raises PermissionDenied (not the Ministry), ValidationFailed (bad or duplicate code or name)."""
    _require_category_editor(actor)
    code = code.strip()
    if not code:
        raise ValidationFailed("Mã: cần nhập mã loại tin (ví dụ: ma-tuy).", field="code")
    if len(code) > CATEGORY_CODE_MAX or not CATEGORY_CODE_RE.fullmatch(code):
        raise ValidationFailed(
            f"Mã: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, tối đa {CATEGORY_CODE_MAX} ký tự "
            "(ví dụ: ma-tuy).",
            field="code",
        )
    with transaction.atomic(), acting_as(actor):
        if TipCategory.objects.select_for_update().filter(code=code).exists():
            raise ValidationFailed(f"Mã: đã có loại tin mã “{code}”.", field="code", code="duplicate")
        name = _clean_category_name(name)
        last = TipCategory.objects.aggregate(last=Max("order"))["last"] or 0
        category = TipCategory(code=code, name=name, order=last + ORDER_STEP, active=True)
        category.full_clean()
        category.save()
    return category


def category_rename(*, actor: Any, category: TipCategory, name: str) -> TipCategory:
    """Give the category a new name (old tips show it too: they reference the category, not its name). Audited."""
    _require_category_editor(actor)
    with transaction.atomic(), acting_as(actor):
        locked = TipCategory.objects.select_for_update().get(pk=category.pk)
        name = _clean_category_name(name, other_than=locked)
        if name == locked.name:
            raise ValidationFailed("Tên: tên mới giống tên hiện tại.", field="name", code="unchanged")
        locked.name = name
        locked.full_clean()
        locked.save(update_fields=["name"])
    return locked


def category_move(*, actor: Any, category: TipCategory, up: bool) -> TipCategory:
    """Move the category one place up or down in the portal's list; the list is renumbered in steps of
    ORDER_STEP (each changed row audited). Refused at either end."""
    _require_category_editor(actor)
    with transaction.atomic(), acting_as(actor):
        rows = list(TipCategory.objects.select_for_update().order_by("order", "code"))
        at = next(i for i, row in enumerate(rows) if row.pk == category.pk)
        to = at - 1 if up else at + 1
        if not 0 <= to < len(rows):
            where = "đầu" if up else "cuối"
            raise ValidationFailed(
                f"Thứ tự: “{rows[at].name}” đã ở {where} danh sách.", field="order", code="unchanged"
            )
        rows[at], rows[to] = rows[to], rows[at]
        for position, row in enumerate(rows, start=1):
            if row.order != position * ORDER_STEP:
                row.order = position * ORDER_STEP
                row.save(update_fields=["order"])
        return rows[to]


def category_set_active(*, actor: Any, category: TipCategory, active: bool) -> TipCategory:
    """Retire (`active=False`) or restore a category. Never deleted: tips keep it (PROTECT), figures count it; a
    retired category leaves the portal's form (public_forms.TipForm) and intake refuses it. Audited."""
    _require_category_editor(actor)
    with transaction.atomic(), acting_as(actor):
        locked = TipCategory.objects.select_for_update().get(pk=category.pk)
        if locked.active == active:
            state = "đang dùng" if active else "đã ngừng dùng"
            raise ValidationFailed(f"Loại tin “{locked.name}” {state}.", field="active", code="unchanged")
        if not active and not TipCategory.objects.filter(active=True).exclude(pk=locked.pk).exists():
            raise ValidationFailed("Cần giữ ít nhất một loại tin đang dùng cho cổng tiếp nhận.", field="active")
        locked.active = active
        locked.save(update_fields=["active"])
    return locked
