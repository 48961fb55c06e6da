"""Rows made in bulk for the list tests (query counts at 1 and 50 rows, pagination)."""

from __future__ import annotations

import datetime as dt
import itertools

from antq.core.text import fold, name_sort_key, place_sort_key
from antq.geo.models import AdminUnit, Locality
from antq.schemes.models import Exemplar, Scheme, SchemeSite, SiteEvaluation

_serial = itertools.count(1)


def make_sites(
    scheme: Scheme,
    commune: AdminUnit,
    count: int,
    *,
    recognition: str = "none",
    replicated_from: SchemeSite | None = None,
    started_on: dt.date = dt.date(2022, 1, 1),
) -> list[SchemeSite]:
    """`count` running sites of `scheme`, each at a new locality of `commune`, each evaluated once."""
    numbers = [next(_serial) for _ in range(count)]
    localities = Locality.objects.bulk_create(
        Locality(commune=commune, name=f"Xóm {n}", folded_name=fold(f"Xóm {n}"), kind="thon", households=50)
        for n in numbers
    )
    recognised = recognition != "none"
    sites = SchemeSite.objects.bulk_create(
        SchemeSite(
            scheme=scheme,
            commune=commune,
            place_kind="locality",
            locality=locality,
            started_on=started_on,
            households=40,
            members=6,
            recognition=recognition,
            recognition_date=dt.date(2024, 1, 1) if recognised else None,
            recognition_body="Công an tỉnh" if recognised else "",
            replicated_from=replicated_from,
        )
        for locality in localities
    )
    SiteEvaluation.objects.bulk_create(
        SiteEvaluation(site=site, evaluated_on=dt.date(2024, 6, 1), assessor="Công an xã", rating="fair")
        for site in sites
    )
    return sites


def make_schemes(unit: AdminUnit, scheme_type, count: int) -> list[Scheme]:
    """`count` schemes of `unit`, started 01/01/2020."""
    province_id = unit.pk if unit.level == "province" else unit.parent_id
    names = [f"Mô hình số {next(_serial)}" for _ in range(count)]
    return Scheme.objects.bulk_create(
        Scheme(
            name=name,
            folded_name=fold(name),
            sort_key=place_sort_key(name),
            scheme_type=scheme_type,
            unit=unit,
            province_id=province_id,
            lead_organisation="front",
            started_on=dt.date(2020, 1, 1),
        )
        for name in names
    )


def make_exemplars(unit: AdminUnit, count: int) -> list[Exemplar]:
    province_id = unit.pk if unit.level == "province" else unit.parent_id
    names = [f"Nguyễn Văn Số{next(_serial)}" for _ in range(count)]
    return Exemplar.objects.bulk_create(
        Exemplar(
            kind="person",
            name=name,
            sort_key=name_sort_key(name),
            unit=unit,
            province_id=province_id,
            year=2025,
            achievements="Thành tích.",
            recognition_level="commune",
            contact_phone="0987654321",
        )
        for name in names
    )
