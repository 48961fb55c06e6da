"""`python manage.py check_phones`: list every stored phone number that is not a valid Vietnamese number in
the canonical form (antq.core.phones) — members' phones, advanced examples' contact phones, account phones and
the phones team leaders proposed — with the record, its unit and the reason, the number masked to its last four
digits. These are the values the data migrations could not read and left as they were (issue 16), and numbers the
numbering plan does not have. Exits with status 1 when anything is listed. It repairs nothing: a person corrects
each value on the record's page (the form runs the validator); the data migrations already rewrote every value
the validator reads with certainty, and a right number is never guessed from a wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import models

from antq.accounts.audit import mask
from antq.accounts.models import User
from antq.core.phones import PhoneInvalid, phone_canonical, phone_is_valid
from antq.forces.models import RosterProposal, TeamMember
from antq.schemes.models import Exemplar

# (label, model, phone field, path to the unit that keeps the record)
FIELDS: tuple[tuple[str, type[models.Model], str, str], ...] = (
    ("Thành viên Tổ bảo vệ ANTT", TeamMember, "phone", "team__commune"),
    ("Điển hình tiên tiến", Exemplar, "contact_phone", "unit"),
    ("Tài khoản", User, "phone", "home_unit"),
)


def _reason(value: Any) -> str:
    try:
        phone_canonical(value)
    except PhoneInvalid as exc:
        return exc.reason
    return "chưa ở dạng chuẩn"  # readable: the data migration rewrites it


def problems() -> Iterator[tuple[str, int, str, str, str]]:
    """(label, pk, unit, masked value, reason) of every stored phone that is not valid and canonical."""
    for label, model, field, unit in FIELDS:
        rows = model._default_manager.exclude(**{field: ""}).values_list("pk", field, f"{unit}__name", f"{unit}__code")
        for pk, value, unit_name, unit_code in rows.order_by("pk").iterator():
            if not phone_is_valid(value):
                where = f"{unit_name} ({unit_code})" if unit_name else "—"
                yield label, pk, where, mask(value), _reason(value)
    proposals = RosterProposal.objects.filter(payload__has_key="phone").values_list(
        "pk", "payload", "team__commune__name", "team__commune__code"
    )
    for pk, payload, unit_name, unit_code in proposals.order_by("pk").iterator():
        value = payload.get("phone") if isinstance(payload, dict) else None
        if value and not phone_is_valid(value):
            yield "Đề nghị của Tổ trưởng", pk, f"{unit_name} ({unit_code})", mask(value), _reason(value)


class Command(BaseCommand):
    help = "Liệt kê số điện thoại đã lưu không phải số Việt Nam hợp lệ ở dạng chuẩn (để sửa trên trang hồ sơ)."

    def handle(self, *args: Any, **options: Any) -> None:
        listed = 0
        for label, pk, unit, masked, reason in problems():
            self.stdout.write(f"{label} #{pk} · {unit} · {masked}: số điện thoại {reason}")
            listed += 1
        if listed:
            raise CommandError(
                f"{listed} số điện thoại cần sửa trên trang của hồ sơ (không tự đoán số đúng).", returncode=1
            )
        self.stdout.write(self.style.SUCCESS("Mọi số điện thoại đã lưu đều hợp lệ, ở dạng chuẩn."))
