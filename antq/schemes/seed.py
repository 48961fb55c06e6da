"""Demo schemes at the scale of the Hưng Yên 2025 report: 15 types in use, about 2.991 sites, 12 sites recognised
by the Ministry and 29 by the province, exemplary sites replicated across communes, about 75 advanced examples.

Runs after the geography (localities, establishments) and, when present, the security teams, which are then
linked to the sites of the localities they cover. Everything is bulk-inserted with one audit entry per row.
Dates are anchored on the report's date (31/12/2025), except evaluations, which are dated back from the day the
demo is seeded so that the "no evaluation in 12 months" flag shows on a realistic share of sites.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from antq.accounts.audit import CREATE, audit_objects
from antq.core.extensions import Seeder, register_seeder
from antq.core.phones import demo_mobile
from antq.core.text import body_of, fold, place_sort_key
from antq.forces.models import TeamCoverage
from antq.geo.models import AdminUnit, Establishment, Level, Locality
from antq.schemes.models import (
    Exemplar,
    ExemplarKind,
    ExemplarLevel,
    LeadOrganisation,
    PlaceKind,
    Rating,
    Recognition,
    Scheme,
    SchemeSite,
    SchemeType,
    SiteEvaluation,
    SiteRecognition,
    SiteStatus,
    SiteSuspension,
    exemplar_sort_key,
)

MINISTRY_EXEMPLARY = 12
PROVINCE_EXEMPLARY = 29
# Types run at localities (weighted: "tự phòng, tự quản" is everywhere), at establishments, and commune-wide.
LOCALITY_TYPES = [
    ("tu-phong-tu-quan-tu-bao-ve", 8, LeadOrganisation.POLICE),
    ("camera-an-ninh", 6, LeadOrganisation.POLICE),
    ("to-lien-gia-tu-quan", 5, LeadOrganisation.FRONT),
    ("hai-quan-hai-tich-cuc", 4, LeadOrganisation.WOMEN),
    ("dong-ho-an-toan", 3, LeadOrganisation.FRONT),
    ("to-lien-gia-an-toan-pccc", 3, LeadOrganisation.POLICE),
    ("khu-dan-cu-khong-ma-tuy", 3, LeadOrganisation.VETERANS),
    ("nhom-zalo-an-ninh-trat-tu", 3, LeadOrganisation.YOUTH),
    ("tuyen-duong-tu-quan-atgt", 2, LeadOrganisation.YOUTH),
    ("giao-xu-binh-yen", 1, LeadOrganisation.RELIGIOUS),
]
ESTABLISHMENT_TYPES = {
    "school": [("cong-truong-an-toan-giao-thong", 0.6, LeadOrganisation.SCHOOL)],
    "enterprise": [("doanh-nghiep-an-toan-antt", 0.45, LeadOrganisation.ENTERPRISE)],
    "agency": [("co-quan-an-toan-antt", 0.3, LeadOrganisation.COMMITTEE)],
}
COMMUNE_TYPES = [
    ("giup-do-nguoi-lam-loi", 0.4, LeadOrganisation.FRONT),
    ("cum-lien-ket", 0.35, LeadOrganisation.POLICE),
]
# A province-specific type the Hưng Yên report names ("cụm liên kết về an ninh trật tự").
PROVINCE_TYPE = ("Cụm liên kết về an ninh trật tự", "residential", "Các thôn, xã giáp ranh liên kết giữ gìn ANTT.")
ASSESSORS = ["Công an xã", "Ban Chỉ đạo phong trào xã", "Mặt trận Tổ quốc xã", "Công an tỉnh (PV05)"]
FINDINGS = {
    Rating.GOOD: "Duy trì thường xuyên, nhân dân hưởng ứng; phát hiện, cung cấp nhiều tin báo có giá trị.",
    Rating.FAIR: "Hoạt động đều; cần bổ sung kinh phí, phương tiện.",
    Rating.AVERAGE: "Hoạt động chưa thường xuyên; cần củng cố tổ chức.",
    Rating.WEAK: "Hoạt động hình thức; đề nghị kiện toàn hoặc dừng.",
}
RESULTS = [
    "Cung cấp tin báo giúp Công an xã xử lý vụ trộm cắp tài sản.",
    "Hòa giải thành các mâu thuẫn trong Nhân dân, không để phát sinh phức tạp.",
    "Tuần tra, canh gác vào ban đêm và dịp lễ, Tết.",
    "Tuyên truyền phòng, chống lừa đảo trên không gian mạng cho các hộ gia đình.",
    "",
    "",
]
PEOPLE_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
PEOPLE_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thu", "Ngọc"]
PEOPLE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Thảo", "Tuấn"]
POSITIONS = ["Trưởng thôn", "Tổ trưởng Tổ bảo vệ ANTT", "Chi hội trưởng Cựu chiến binh", "Bí thư Chi đoàn", "Nông dân"]
COLLECTIVES = [
    "Tổ bảo vệ ANTT thôn",
    "Chi hội Phụ nữ thôn",
    "Chi hội Cựu chiến binh thôn",
    "Ban Công tác Mặt trận thôn",
]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _types(province: AdminUnit) -> dict[str, SchemeType]:
    types = {t.code: t for t in SchemeType.objects.filter(province__isnull=True)}
    name, field, description = PROVINCE_TYPE
    types["cum-lien-ket"], _ = SchemeType.objects.get_or_create(
        code=f"{province.code}-cum-lien-ket-antt",
        defaults={
            "name": name,
            "folded_name": fold(name),
            "field": field,
            "description": description,
            "province": province,
        },
    )
    return types


def seed_schemes(*, province: AdminUnit, rng: random.Random, stdout: Any) -> None:
    if SchemeSite.objects.filter(commune__parent=province).exists():
        stdout.write("  Đã có điểm mô hình; bỏ qua.")
        return
    types = _types(province)
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True).order_by("code")
    )
    localities: dict[int, list[Locality]] = {}
    for locality in Locality.objects.filter(commune__in=communes, ended_on__isnull=True).order_by("pk"):
        localities.setdefault(locality.commune_id, []).append(locality)
    establishments: dict[int, list[Establishment]] = {}
    for establishment in Establishment.objects.filter(commune__in=communes, ended_on__isnull=True).order_by("pk"):
        establishments.setdefault(establishment.commune_id, []).append(establishment)

    leads = {code: lead for code, _, lead in LOCALITY_TYPES}
    leads |= {code: lead for rows in ESTABLISHMENT_TYPES.values() for code, _, lead in rows}
    leads |= {code: lead for code, _, lead in COMMUNE_TYPES}

    # Province schemes: one per type in use, launched 2015–2019.
    by_type = {
        code: Scheme(
            name=types[code].name,
            folded_name=types[code].folded_name,
            sort_key=types[code].sort_key,
            scheme_type=types[code],
            unit=province,
            province=province,
            lead_organisation=lead,
            started_on=_day(rng, dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
            description=types[code].description,
        )
        for code, lead in leads.items()
    }
    schemes = list(by_type.values())
    # Some communes give a locality scheme their own name ("Hai quản, hai tích cực" of xã X).
    own: dict[tuple[int, str], Scheme] = {}
    for commune in communes:
        for code, _, lead in rng.sample(LOCALITY_TYPES, rng.choice([0, 0, 1, 1, 2])):
            name = f"{types[code].name} {commune.name.replace('Xã ', 'xã ').replace('Phường ', 'phường ')}"
            scheme = Scheme(
                name=name,
                folded_name=fold(name),
                sort_key=place_sort_key(name),
                scheme_type=types[code],
                unit=commune,
                province=province,
                lead_organisation=lead,
                started_on=_day(rng, dt.date(2018, 1, 1), dt.date(2023, 12, 31)),
            )
            own[(commune.pk, code)] = scheme
            schemes.append(scheme)
    Scheme.objects.bulk_create(schemes, batch_size=1000)

    sites: list[SchemeSite] = []

    def add(commune: AdminUnit, code: str, kind: str, *, locality: Any = None, establishment: Any = None) -> None:
        scheme = own.get((commune.pk, code)) or by_type[code]
        sites.append(
            SchemeSite(
                scheme=scheme,
                commune=commune,
                place_kind=kind,
                locality=locality,
                establishment=establishment,
                started_on=_day(rng, max(scheme.started_on, dt.date(2016, 1, 1)), dt.date(2025, 6, 30)),
                households=rng.randint(20, locality.households or 200) if locality is not None else None,
                members=rng.randint(5, 40),
                results=rng.choice(RESULTS),
            )
        )

    codes, weights = [c for c, _, _ in LOCALITY_TYPES], [w for _, w, _ in LOCALITY_TYPES]
    for commune in communes:
        for locality in localities.get(commune.pk, []):
            count = rng.choices([1, 2, 3], weights=[65, 28, 7])[0]
            chosen: list[str] = []
            while len(chosen) < count:
                code = rng.choices(codes, weights=weights)[0]
                if code not in chosen:
                    chosen.append(code)
            for code in chosen:
                add(commune, code, PlaceKind.LOCALITY, locality=locality)
        for establishment in establishments.get(commune.pk, []):
            for code, share, _ in ESTABLISHMENT_TYPES.get(establishment.kind, []):
                if rng.random() < share:
                    add(commune, code, PlaceKind.ESTABLISHMENT, establishment=establishment)
        for code, share, _ in COMMUNE_TYPES:
            if rng.random() < share:
                add(commune, code, PlaceKind.COMMUNE)

    # A few sites ended or suspended during 2025 (not counted at the report date).
    suspensions: list[SiteSuspension] = []
    for site in sites:
        roll = rng.random()
        if roll < 0.03:
            site.status, site.ended_on = SiteStatus.ENDED, _day(rng, dt.date(2025, 7, 1), dt.date(2025, 11, 30))
            site.end_reason = rng.choice(["Sáp nhập thôn", "Hoạt động không hiệu quả", "Doanh nghiệp giải thể"])
        elif roll < 0.045:
            site.status = SiteStatus.SUSPENDED
    SchemeSite.objects.bulk_create(sites, batch_size=2000)
    for site in sites:
        if site.status == SiteStatus.SUSPENDED:
            start = _day(rng, dt.date(2025, 7, 1), dt.date(2025, 11, 30))
            suspensions.append(SiteSuspension(site=site, started_on=start, reason="Thiếu kinh phí duy trì"))
    SiteSuspension.objects.bulk_create(suspensions, batch_size=2000)

    recognitions, replicas = _recognise_and_replicate(sites, province, rng)
    evaluations = _evaluations(sites, rng)
    links = _team_links(sites)
    exemplars = _exemplars(province, communes, localities, rng)

    for objects in (schemes, sites, suspensions, recognitions, evaluations, exemplars):
        audit_objects(actor=None, objects=objects, action=CREATE, note="Dữ liệu mẫu")
    running = sum(1 for s in sites if s.status == SiteStatus.ACTIVE)
    stdout.write(
        f"  {len(schemes)} mô hình, {len(sites)} điểm ({running} đang hoạt động), {len(recognitions)} lượt ghi nhận "
        f"tiêu biểu, {replicas} điểm nhân rộng, {len(evaluations)} lượt đánh giá, {links} liên kết tổ bảo vệ ANTT, "
        f"{len(exemplars)} điển hình tiên tiến"
    )


def _recognise_and_replicate(
    sites: list[SchemeSite], province: AdminUnit, rng: random.Random
) -> tuple[list[SiteRecognition], int]:
    """12 Ministry-recognised and 29 province-recognised sites; later sites of the same type in other communes
    copy them."""
    candidates = [s for s in sites if s.status == SiteStatus.ACTIVE and s.started_on <= dt.date(2022, 12, 31)]
    chosen = rng.sample(candidates, min(len(candidates), MINISTRY_EXEMPLARY + PROVINCE_EXEMPLARY))
    body = body_of("Công an", province.name)
    recognitions: list[SiteRecognition] = []
    for index, site in enumerate(chosen):
        province_date = _day(rng, dt.date(2023, 1, 1), dt.date(2024, 12, 31))
        number = f"{rng.randint(100, 999)}/QĐ-CAT-PV05"
        recognitions.append(
            SiteRecognition(
                site=site,
                level=Recognition.PROVINCE,
                decision_number=number,
                decision_date=province_date,
                issuing_body=body,
            )
        )
        site.recognition, site.recognition_date = Recognition.PROVINCE, province_date
        site.recognition_decision, site.recognition_body = number, body
        if index < MINISTRY_EXEMPLARY:
            ministry_date = _day(rng, dt.date(2025, 1, 1), dt.date(2025, 12, 15))
            number = f"{rng.randint(1000, 4999)}/V05-P3"
            recognitions.append(
                SiteRecognition(
                    site=site,
                    level=Recognition.MINISTRY,
                    decision_number=number,
                    decision_date=ministry_date,
                    issuing_body="Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an",
                )
            )
            site.recognition, site.recognition_date = Recognition.MINISTRY, ministry_date
            site.recognition_decision = number
            site.recognition_body = "Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an"
    SiteRecognition.objects.bulk_create(recognitions, batch_size=1000)
    SchemeSite.objects.bulk_update(
        chosen, ["recognition", "recognition_date", "recognition_decision", "recognition_body"], batch_size=1000
    )
    # Replication: a share of the later sites of the same type in other communes copy an exemplary site.
    by_type: dict[int, list[SchemeSite]] = {}
    for site in chosen:
        by_type.setdefault(site.scheme.scheme_type_id, []).append(site)
    copied = []
    for site in sites:
        sources = [
            s
            for s in by_type.get(site.scheme.scheme_type_id, [])
            if s.pk != site.pk and s.commune_id != site.commune_id and s.started_on < site.started_on
        ]
        if sources and site.recognition == Recognition.NONE and rng.random() < 0.12:
            site.replicated_from = rng.choice(sources)
            copied.append(site)
    SchemeSite.objects.bulk_update(copied, ["replicated_from"], batch_size=1000)
    return recognitions, len(copied)


def _evaluations(sites: list[SchemeSite], rng: random.Random) -> list[SiteEvaluation]:
    """Most running sites were assessed within the last year; about one in four not for over a year (or never)."""
    today = timezone.localdate()
    evaluations = []
    for site in sites:
        if site.ended_on is not None or rng.random() < 0.1:
            continue
        recent = rng.random() > 0.17
        newest = today - dt.timedelta(days=rng.randint(10, 330) if recent else rng.randint(380, 700))
        for back in range(rng.choice([1, 1, 2])):
            day = newest - dt.timedelta(days=365 * back + rng.randint(0, 30))
            if day < site.started_on:
                break
            rating = rng.choices(list(Rating), weights=[45, 35, 15, 5])[0]
            evaluations.append(
                SiteEvaluation(
                    site=site,
                    evaluated_on=day,
                    assessor=rng.choice(ASSESSORS),
                    rating=rating,
                    findings=FINDINGS[rating],
                )
            )
    SiteEvaluation.objects.bulk_create(evaluations, batch_size=2000)
    return evaluations


def _team_links(sites: list[SchemeSite]) -> int:
    """Link each locality site to the security team covering its locality, when the forces demo ran."""
    locality_ids = {s.locality_id for s in sites if s.locality_id}
    covering = dict(
        TeamCoverage.objects.filter(locality_id__in=locality_ids, valid_to__isnull=True).values_list(
            "locality_id", "team_id"
        )
    )
    through = SchemeSite.teams.through
    rows = [
        through(schemesite_id=s.pk, securityteam_id=covering[s.locality_id])
        for s in sites
        if s.locality_id in covering and s.ended_on is None
    ]
    through.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _exemplars(
    province: AdminUnit, communes: list[AdminUnit], localities: dict[int, list[Locality]], rng: random.Random
) -> list[Exemplar]:
    """About 75 advanced examples of 2025: people and collectives of communes, a few of the province."""
    exemplars = []
    for _ in range(rng.randint(68, 82)):
        unit = province if rng.random() < 0.08 or not communes else rng.choice(communes)
        person = rng.random() < 0.6
        places = localities.get(unit.pk, [])
        village = rng.choice(places).name if places else unit.name
        if person:
            name = f"{rng.choice(PEOPLE_FAMILY)} {rng.choice(PEOPLE_MIDDLE)} {rng.choice(PEOPLE_GIVEN)}"
            position = f"{rng.choice(POSITIONS)}, {village}"
        else:
            name = f"{rng.choice(COLLECTIVES)} {village.removeprefix('Thôn ').removeprefix('Tổ dân phố ')}"
            position = unit.name
        level = rng.choices(list(ExemplarLevel), weights=[50, 40, 10])[0]
        decided = rng.random() < 0.8 or level == ExemplarLevel.MINISTRY  # the Ministry's always has its decision
        exemplars.append(
            Exemplar(
                kind=ExemplarKind.PERSON if person else ExemplarKind.COLLECTIVE,
                name=name,
                sort_key=exemplar_sort_key(ExemplarKind.PERSON if person else ExemplarKind.COLLECTIVE, name),
                position=position,
                unit=unit,
                province=province,
                year=2025,
                achievements="Tích cực tham gia phong trào toàn dân bảo vệ ANTQ; cung cấp tin báo giúp lực lượng "
                "Công an phát hiện, xử lý vi phạm; vận động Nhân dân xây dựng, duy trì mô hình tự quản.",
                recognition_level=level,
                recognition={
                    ExemplarLevel.COMMUNE: "Giấy khen của Chủ tịch UBND xã",
                    ExemplarLevel.PROVINCE: "Giấy khen của Giám đốc Công an tỉnh",
                    ExemplarLevel.MINISTRY: "Bằng khen của Bộ trưởng Bộ Công an",
                }[level],
                decision_number=f"{rng.randint(10, 999)}/QĐ-KT" if decided else "",
                decision_date=_day(rng, dt.date(2025, 6, 1), dt.date(2025, 12, 15)) if decided else None,
                contact_phone=demo_mobile(rng.randint(10000000, 99999999)) if person else "",
            )
        )
    Exemplar.objects.bulk_create(exemplars, batch_size=1000)
    return exemplars


register_seeder(Seeder(name="Mô hình, điển hình tiên tiến", run=seed_schemes, order=30))
