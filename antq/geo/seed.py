"""Demo localities (10–20 per commune, real-sounding names) and establishments for a province."""

from __future__ import annotations

import random
from typing import Any

from antq.core import ports
from antq.core.extensions import Seeder, register_seeder
from antq.core.text import fold, place_sort_key
from antq.geo.models import AdminUnit, Establishment, Level, Locality, LocalityKind, SizeClass

_VILLAGE_NAMES = [
    "An Lạc",
    "An Thái",
    "Bình Minh",
    "Cao Mỗ",
    "Đại Đồng",
    "Đông Hòa",
    "Đồng Tâm",
    "Hạ Đoạn",
    "Hòa Bình",
    "Hợp Tiến",
    "Hưng Đạo",
    "Khả Lý",
    "Kim Châu",
    "Lạc Thủy",
    "Lê Lợi",
    "Minh Khai",
    "Nam Hải",
    "Ngọc Lâm",
    "Nhân Nghĩa",
    "Phú Mỹ",
    "Phúc Thọ",
    "Quang Trung",
    "Tân Phong",
    "Thái Hòa",
    "Thanh Bình",
    "Thượng Đạt",
    "Tiền Phong",
    "Trung Hậu",
    "Văn Giang",
    "Vĩnh Lộc",
    "Xuân Đài",
    "Yên Phú",
]
_AGENCIES = ["Ủy ban nhân dân", "Trạm Y tế", "Bưu điện văn hóa", "Kho bạc", "Chi nhánh Ngân hàng Chính sách"]
_ENTERPRISES = [
    "Công ty TNHH May",
    "Công ty CP Cơ khí",
    "Hợp tác xã Nông nghiệp",
    "Công ty TNHH Thực phẩm",
    "Công ty CP Xây dựng",
    "Công ty TNHH Điện tử",
]
_SCHOOLS = [
    ("Trường Mầm non", SizeClass.PRESCHOOL),
    ("Trường Tiểu học", SizeClass.PRIMARY),
    ("Trường THCS", SizeClass.LOWER_SECONDARY),
    ("Trường THPT", SizeClass.UPPER_SECONDARY),
]


def _localities(commune: AdminUnit, rng: random.Random) -> list[Locality]:
    urban = commune.kind == "phuong"
    count = rng.randint(12, 24)
    kind = LocalityKind.TO_DAN_PHO if urban else LocalityKind.THON
    names: list[str] = []
    if rng.random() < 0.5:
        names = [f"{'Tổ dân phố' if urban else 'Thôn'} {i}" for i in range(1, count + 1)]
    else:
        names = [f"{'Tổ dân phố' if urban else 'Thôn'} {n}" for n in rng.sample(_VILLAGE_NAMES, count)]
    return [
        Locality(
            commune=commune,
            name=name,
            kind=kind,
            folded_name=fold(name),
            sort_key=place_sort_key(name),
            households=rng.randint(250, 600) if urban else rng.randint(150, 450),
            population=None,
        )
        for name in names
    ]


def _establishments(commune: AdminUnit, localities: list[Locality], rng: random.Random) -> list[Establishment]:
    place = commune.short_name
    rows: list[tuple[str, str, str]] = [(f"{_AGENCIES[0]} {commune.name}", "agency", "")]
    rows += [(f"{name} {place}", "agency", "") for name in rng.sample(_AGENCIES[1:], rng.randint(1, 3))]
    rows += [
        (f"{name} {place} {i + 1}", "enterprise", rng.choice([SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE]))
        for i, name in enumerate(rng.sample(_ENTERPRISES, rng.randint(1, 4)))
    ]
    rows += [(f"{name} {place}", "school", size) for name, size in _SCHOOLS[: rng.randint(2, 4)]]
    return [
        Establishment(
            commune=commune,
            name=name,
            kind=kind,
            size_class=size,
            folded_name=fold(name),
            sort_key=place_sort_key(name),
            locality=rng.choice(localities) if localities else None,
        )
        for name, kind, size in rows
    ]


def seed_geography(*, province: AdminUnit, rng: random.Random, stdout: Any) -> None:
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True).order_by("code")
    )
    localities: list[Locality] = []
    by_commune: dict[int, list[Locality]] = {}
    for commune in communes:
        made = _localities(commune, rng)
        by_commune[commune.pk] = made
        localities += made
    Locality.objects.bulk_create(localities, batch_size=2000)
    establishments = [e for c in communes for e in _establishments(c, by_commune[c.pk], rng)]
    Establishment.objects.bulk_create(establishments, batch_size=2000)
    ports.audit_objects(actor=None, objects=localities, action=ports.CREATE, note="Dữ liệu mẫu")
    ports.audit_objects(actor=None, objects=establishments, action=ports.CREATE, note="Dữ liệu mẫu")
    stdout.write(f"  {len(communes)} xã: {len(localities)} thôn, tổ dân phố; {len(establishments)} cơ quan, DN, trường")


register_seeder(Seeder(name="Địa bàn", run=seed_geography, order=10))
