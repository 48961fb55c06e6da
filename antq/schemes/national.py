"""National-volume schemes (a province scheme per type and province, and about 0.6 own schemes per commune:
≈ 2,500) with ≈ 124,000 sites at localities, establishments and whole communes; a few ended, suspended and
recognised as exemplary; and advanced examples every year. Bulk-loaded for `seed_national`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from antq.core.bulk import NationalContext, bulk_load, next_id
from antq.core.extensions import Seeder, register_national_seeder
from antq.core.text import fold, place_sort_key
from antq.geo.models import AdminUnit, Establishment, Locality
from antq.schemes.models import (
    Exemplar,
    ExemplarKind,
    ExemplarLevel,
    PlaceKind,
    Recognition,
    Scheme,
    SchemeSite,
    SiteRecognition,
    SiteStatus,
    SiteSuspension,
    exemplar_sort_key,
)
from antq.schemes.seed import (
    COLLECTIVES,
    COMMUNE_TYPES,
    ESTABLISHMENT_TYPES,
    LOCALITY_TYPES,
    PEOPLE_FAMILY,
    PEOPLE_GIVEN,
    PEOPLE_MIDDLE,
    RESULTS,
    _types,
)

SITE_FIELDS = [
    "id",
    "scheme",
    "commune",
    "place_kind",
    "locality",
    "establishment",
    "started_on",
    "status",
    "ended_on",
    "end_reason",
    "households",
    "members",
    "results",
    "recognition",
    "recognition_date",
    "recognition_decision",
    "recognition_body",
]


def _day(rng: Any, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def seed_schemes(context: NationalContext) -> dict[str, int]:
    rng = context.rng("schemes")
    scheme_id, site_id = next_id(Scheme), next_id(SchemeSite)
    leads = {code: lead for code, _, lead in LOCALITY_TYPES}
    leads |= {code: lead for rows in ESTABLISHMENT_TYPES.values() for code, _, lead in rows}
    leads |= {code: lead for code, _, lead in COMMUNE_TYPES}
    localities: dict[int, list[tuple[int, int]]] = {}
    for pk, commune_id, households in Locality.objects.order_by("pk").values_list("pk", "commune_id", "households"):
        localities.setdefault(commune_id, []).append((pk, households or 200))
    establishments: dict[int, list[tuple[int, str]]] = {}
    for pk, commune_id, kind in Establishment.objects.order_by("pk").values_list("pk", "commune_id", "kind"):
        establishments.setdefault(commune_id, []).append((pk, kind))
    schemes: list[tuple[Any, ...]] = []
    province_schemes: dict[tuple[int, str], tuple[int, dt.date]] = {}
    types_of: dict[int, dict[str, int]] = {}
    for province in AdminUnit.objects.filter(pk__in=[p for p, _ in context.provinces]).order_by("code"):
        types = _types(province)
        types_of[province.pk] = {code: t.pk for code, t in types.items()}
        for code, lead in leads.items():
            started = _day(rng, dt.date(2015, 1, 1), dt.date(2019, 12, 31))
            name = types[code].name
            schemes.append(
                (
                    scheme_id,
                    name,
                    fold(name),
                    place_sort_key(name),
                    types[code].pk,
                    province.pk,
                    province.pk,
                    lead,
                    started,
                )
            )
            province_schemes[(province.pk, code)] = (scheme_id, started)
            scheme_id += 1
    sites: list[tuple[Any, ...]] = []
    codes, weights = [c for c, _, _ in LOCALITY_TYPES], [w for _, w, _ in LOCALITY_TYPES]
    for commune_id, province_id, code_, _kind in context.communes:
        own: dict[str, tuple[int, dt.date]] = {}
        if rng.random() < 0.6:
            code, _, lead = rng.choice(LOCALITY_TYPES)
            name = f"Mô hình {code.replace('-', ' ')} xã {code_}"
            started = _day(rng, dt.date(2018, 1, 1), dt.date(2023, 12, 31))
            schemes.append(
                (
                    scheme_id,
                    name,
                    fold(name),
                    place_sort_key(name),
                    types_of[province_id][code],
                    commune_id,
                    province_id,
                    lead,
                    started,
                )
            )
            own[code] = (scheme_id, started)
            scheme_id += 1

        def add(
            code: str,
            kind: str,
            locality: int | None,
            establishment: int | None,
            households: int | None,
            commune_id: int = commune_id,
            province_id: int = province_id,
            own: dict[str, tuple[int, dt.date]] = own,
        ) -> None:
            nonlocal site_id
            scheme, launched = own.get(code) or province_schemes[(province_id, code)]
            started = _day(rng, max(launched, dt.date(2016, 1, 1)), dt.date(2025, 6, 30))
            roll = rng.random()
            status, ended, reason = SiteStatus.ACTIVE, None, ""
            if roll < 0.03:
                status, ended = SiteStatus.ENDED, _day(rng, dt.date(2025, 7, 1), dt.date(2025, 11, 30))
                reason = "Sáp nhập thôn"
            elif roll < 0.045:
                status = SiteStatus.SUSPENDED
            members, results = rng.randint(5, 40), rng.choice(RESULTS)
            households_ = rng.randint(20, households) if households else None
            sites.append(
                (
                    site_id,
                    scheme,
                    commune_id,
                    kind,
                    locality,
                    establishment,
                    started,
                    status,
                    ended,
                    reason,
                    households_,
                    members,
                    results,
                    "none",
                    None,
                    "",
                    "",
                )
            )
            site_id += 1

        for locality, households in localities.get(commune_id, []):
            chosen: list[str] = []
            count = rng.choices([1, 2], weights=[86, 14])[0]
            while len(chosen) < count:
                code = rng.choices(codes, weights=weights)[0]
                if code not in chosen:
                    chosen.append(code)
            for code in chosen:
                add(code, PlaceKind.LOCALITY, locality, None, households)
        for establishment, kind in establishments.get(commune_id, []):
            for code, share, _ in ESTABLISHMENT_TYPES.get(kind, []):
                if rng.random() < share:
                    add(code, PlaceKind.ESTABLISHMENT, None, establishment, None)
        for code, share, _ in COMMUNE_TYPES:
            if rng.random() < share:
                add(code, PlaceKind.COMMUNE, None, None, None)

    suspensions, recognitions = [], []
    now = timezone.now()
    for index, site in enumerate(sites):
        if site[7] == SiteStatus.SUSPENDED:
            suspensions.append((site[0], _day(rng, dt.date(2025, 7, 1), dt.date(2025, 11, 30)), "Thiếu kinh phí"))
        elif site[7] == SiteStatus.ACTIVE and rng.random() < 0.012:
            decided = _day(rng, max(site[6], dt.date(2022, 1, 1)), dt.date(2025, 12, 15))
            number = f"{rng.randint(10, 999)}/QĐ-CAT"
            recognitions.append((site[0], Recognition.PROVINCE, decided, "Công an tỉnh", now, number))
            level, body = Recognition.PROVINCE, "Công an tỉnh"
            if rng.random() < 0.3:
                later = min(decided + dt.timedelta(days=rng.randint(30, 400)), dt.date(2025, 12, 20))
                number = f"{rng.randint(10, 999)}/QĐ-BCA"
                recognitions.append((site[0], Recognition.MINISTRY, later, "Bộ Công an", now, number))
                level, decided, body = Recognition.MINISTRY, later, "Bộ Công an"
            sites[index] = (*site[:13], level, decided, number, body)

    exemplars: list[tuple[Any, ...]] = []
    for year in context.years:
        for commune_id, province_id, _code, _kind in context.communes:
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                person = rng.random() < 0.6
                if person:
                    name = f"{rng.choice(PEOPLE_FAMILY)} {rng.choice(PEOPLE_MIDDLE)} {rng.choice(PEOPLE_GIVEN)}"
                else:
                    name = f"{rng.choice(COLLECTIVES)} {rng.randint(1, 30)}"
                level = rng.choices(list(ExemplarLevel), weights=[50, 40, 10])[0]
                # A Ministry-level example always has the Ministry's decision (rules.ministry_decision_problems).
                decided = rng.random() < 0.8 or level == ExemplarLevel.MINISTRY
                decided_on = _day(rng, dt.date(year, 6, 1), dt.date(year, 12, 15)) if decided else None
                number = (
                    f"{len(exemplars) % 990 + 10}/QĐ-BCA" if level == ExemplarLevel.MINISTRY else ""
                )  # no draw: same stream
                exemplars.append(
                    (
                        ExemplarKind.PERSON if person else ExemplarKind.COLLECTIVE,
                        name,
                        exemplar_sort_key(ExemplarKind.PERSON if person else ExemplarKind.COLLECTIVE, name),
                        commune_id,
                        province_id,
                        year,
                        "Tích cực tham gia phong trào toàn dân bảo vệ ANTQ.",
                        level,
                        decided_on,
                        number,
                    )
                )
    scheme_fields = [
        "id",
        "name",
        "folded_name",
        "sort_key",
        "scheme_type",
        "unit",
        "province",
        "lead_organisation",
        "started_on",
    ]
    exemplar_fields = ["kind", "name", "sort_key", "unit", "province", "year", "achievements", "recognition_level"]
    return {
        "Mô hình": bulk_load(Scheme, scheme_fields, schemes),
        "Điểm mô hình": bulk_load(SchemeSite, SITE_FIELDS, sites),
        "Lượt tạm dừng điểm mô hình": bulk_load(SiteSuspension, ["site", "started_on", "reason"], suspensions),
        "Lượt ghi nhận điểm tiêu biểu": bulk_load(
            SiteRecognition,
            ["site", "level", "decision_date", "issuing_body", "recorded_at", "decision_number"],
            recognitions,
        ),
        "Điển hình tiên tiến": bulk_load(Exemplar, [*exemplar_fields, "decision_date", "decision_number"], exemplars),
    }


register_national_seeder(Seeder(name="Mô hình", run=seed_schemes, order=30))
