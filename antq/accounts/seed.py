"""Demo accounts: one per role, with fixed demo passwords printed by seed_demo."""

from __future__ import annotations

import random
from typing import Any

from antq.accounts.audit import CREATE, audit_objects
from antq.accounts.models import Role, RoleAssignment, User
from antq.core.extensions import Seeder, register_seeder
from antq.geo.models import AdminUnit, Level

DEMO_PASSWORD = "antq-demo-2025"  # noqa: S105 - demo data only, printed on purpose


def demo_commune(province: AdminUnit) -> AdminUnit:
    """The demo commune: Xã Đông Hưng (12688) in Hưng Yên, else the province's first commune."""
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True)
    return communes.filter(code="12688").first() or communes.order_by("code").first()  # type: ignore[return-value]


def seed_accounts(*, province: AdminUnit, rng: random.Random, stdout: Any) -> None:
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    commune = demo_commune(province)
    other = (
        AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True)
        .exclude(pk=commune.pk)
        .order_by("code")
        .first()
    )
    people = [
        ("bo_v05", "Nguyễn Văn Quốc", Role.MINISTRY, nation),
        (f"pv05_{province.code}", "Trần Thị Hạnh", Role.PROVINCE, province),
        (f"ca_{commune.code}", "Lê Văn Dũng", Role.COMMUNE, commune),
        (f"bcd_{province.code}", "Phạm Minh Tuấn", Role.VIEWER, province),
    ]
    if other is not None:
        people.append((f"ca_{other.code}", "Đỗ Thị Lan", Role.COMMUNE, other))
    created = []
    stdout.write(f"  Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    for username, full_name, role, unit in people:
        user, is_new = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "home_unit": unit if unit.level != "nation" else None}
        )
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
            created.append(user)
        stdout.write(f"    {username:<12} {Role(role).label} — {unit.label}")
    audit_objects(actor=None, objects=created, action=CREATE, note="Dữ liệu mẫu")


register_seeder(Seeder(name="Tài khoản", run=seed_accounts, order=1))
