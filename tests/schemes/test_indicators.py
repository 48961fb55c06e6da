"""Scheme figures equal hand-counted literals: distinct types and schemes, stock at the period's end (ended and
suspended sites), exemplary sites at their highest level, advanced examples as a flow, scope, breakdowns."""

import datetime as dt

import pytest

from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.schemes import exemplars, services
from tests.conftest import unit
from tests.schemes.fixtures import recognise, scheme_type

CODES = (
    "scheme_types_active",
    "schemes_active",
    "scheme_sites_active",
    "scheme_sites_exemplary_province",
    "scheme_sites_exemplary_ministry",
)


def figure(code, actor, unit_code, period):
    return INDICATORS[code].compute(actor, unit(unit_code), Period.parse(period))


def figures(actor, unit_code, period):
    return tuple(figure(code, actor, unit_code, period) for code in CODES)


@pytest.fixture
def world(
    commune_officer,
    other_commune_officer,
    province_officer,
    ministry_officer,
    province_scheme,
    dong_scheme,
    hg_site,
    dong_hung,
    tan_tien,
    thon_nam,
    thon_bac,
    thon_trung,
    other_province_officer,
):
    """Hưng Yên (33):
    S1 = province scheme "tự quản" (type T1, police); S2 = Đông Hưng "camera" (T2, youth);
    S3 = Tân Tiến "cổng trường" (T3, school).
      a  S1 Thôn Nam (Đông Hưng)  01/01/2021 →; province-exemplary 10/05/2023, Ministry 01/03/2025
      b  S1 Thôn Trung (Tân Tiến) 01/01/2022 → last day 31/03/2025
      c  S2 Thôn Bắc (Đông Hưng)  01/09/2025 →
      d  S2 whole Đông Hưng       01/06/2021 →, suspended 01/02/2025 – 30/06/2025
      e  S3 Tân Tiến school       01/01/2023 →; province-exemplary 01/06/2024
      g  S1 Thôn Bắc (Đông Hưng)  01/10/2025 →, replicating a
    Tuyên Quang (08): f = "Hai quản, hai tích cực" (T4) whole Hà Giang 1 from 01/05/2020, province-exemplary
    01/01/2024 (the `hg_site` fixture)."""
    from antq.geo.models import Establishment

    school = Establishment.objects.create(commune=tan_tien, name="Trường Tiểu học Tân Tiến", kind="school")
    s3 = services.scheme_create(
        actor=other_commune_officer,
        unit=tan_tien,
        name="Cổng trường an toàn giao thông Tân Tiến",
        scheme_type=scheme_type("cong-truong-an-toan-giao-thong"),
        lead_organisation="school",
        started_on=dt.date(2020, 1, 1),
    )

    def site(actor, scheme, commune, start, **place):
        kind = "locality" if "locality" in place else ("establishment" if "establishment" in place else "commune")
        return services.site_create(
            actor=actor, scheme=scheme, commune=commune, place_kind=kind, started_on=start, **place
        )

    a = site(commune_officer, province_scheme, dong_hung, dt.date(2021, 1, 1), locality=thon_nam)
    b = site(other_commune_officer, province_scheme, tan_tien, dt.date(2022, 1, 1), locality=thon_trung)
    c = site(commune_officer, dong_scheme, dong_hung, dt.date(2025, 9, 1), locality=thon_bac)
    d = site(commune_officer, dong_scheme, dong_hung, dt.date(2021, 6, 1))
    e = site(other_commune_officer, s3, tan_tien, dt.date(2023, 1, 1), establishment=school)
    g = services.site_create(
        actor=commune_officer,
        scheme=province_scheme,
        commune=dong_hung,
        place_kind="locality",
        locality=thon_bac,
        started_on=dt.date(2025, 10, 1),
        replicated_from=a,
    )
    services.site_end(actor=other_commune_officer, site=b, on=dt.date(2025, 3, 31), reason="Sáp nhập thôn")
    services.site_suspend(actor=commune_officer, site=d, on=dt.date(2025, 2, 1), reason="Thiếu kinh phí")
    services.site_resume(actor=commune_officer, site=d, on=dt.date(2025, 7, 1))
    recognise(actor=province_officer, site=a, level="province", decision_date=dt.date(2023, 5, 10))
    recognise(
        actor=ministry_officer, site=a, level="ministry", decision_number="88/V05", decision_date=dt.date(2025, 3, 1)
    )
    recognise(actor=province_officer, site=e, level="province", decision_date=dt.date(2024, 6, 1))
    recognise(actor=other_province_officer, site=hg_site, level="province", decision_date=dt.date(2024, 1, 1))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "g": g}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # (types, schemes, sites, province-exemplary, Ministry-exemplary)
        ("2025", (3, 3, 5, 1, 1)),  # a c d e g; b ended 31/03
        ("2025H1", (2, 2, 2, 1, 1)),  # a e; d suspended on 30/06, c and g not started
        ("2025Q1", (2, 2, 3, 1, 1)),  # a b e: b's last day is 31/03, still counted
        ("2024", (3, 3, 4, 2, 0)),  # a b d e; the Ministry's decision comes in 2025
        ("2023", (3, 3, 4, 1, 0)),  # e's recognition comes in 2024
        ("2020", (0, 0, 0, 0, 0)),
    ],
)
def test_province_figures_are_stock_at_period_end(world, province_officer, period, expected):
    assert figures(province_officer, "33", period) == expected


@pytest.mark.django_db
def test_commune_and_nation_figures(world, ministry_officer, province_officer):
    assert figures(province_officer, "12688", "2025") == (2, 2, 4, 0, 1)  # a c d g
    assert figures(province_officer, "12583", "2025") == (1, 1, 1, 1, 0)  # e
    # The nation adds f in 08, whose type T4 is new: 4 types, 4 schemes, 6 sites, e and f province-exemplary.
    assert figures(ministry_officer, "VN", "2025") == (4, 4, 6, 2, 1)


@pytest.mark.django_db
def test_the_actors_scope_bounds_the_figures(world, commune_officer, other_province_officer, viewer, no_role_user):
    assert figures(commune_officer, "33", "2025") == (2, 2, 4, 0, 1)  # only Đông Hưng's sites
    assert figures(other_province_officer, "33", "2025") == (0, 0, 0, 0, 0)
    assert figures(viewer, "33", "2025") == (3, 3, 5, 1, 1)  # aggregates carry no personal data
    assert figures(no_role_user, "33", "2025") == (0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_breakdowns_by_field_type_and_lead_organisation(world, province_officer):
    hung_yen, year = unit("33"), Period.parse("2025")
    sites = INDICATORS["scheme_sites_active"].breakdown(province_officer, hung_yen, year)
    assert sites == {
        "field": {"residential": 4, "road_safety": 1},
        "type": {"tu-phong-tu-quan-tu-bao-ve": 2, "camera-an-ninh": 2, "cong-truong-an-toan-giao-thong": 1},
        "lead_organisation": {"police": 2, "youth": 2, "school": 1},
    }
    schemes = INDICATORS["schemes_active"].breakdown(province_officer, hung_yen, year)
    assert schemes["field"] == {"residential": 2, "road_safety": 1}
    assert schemes["lead_organisation"] == {"police": 1, "youth": 1, "school": 1}
    types = INDICATORS["scheme_types_active"].breakdown(province_officer, hung_yen, year)
    assert types["field"] == {"residential": 2, "road_safety": 1}
    ministry = INDICATORS["scheme_sites_exemplary_ministry"].breakdown(province_officer, hung_yen, year)
    assert ministry["type"] == {"tu-phong-tu-quan-tu-bao-ve": 1}


@pytest.mark.django_db
def test_per_commune_values_and_records_add_up(world, province_officer, dong_hung, tan_tien):
    hung_yen, year = unit("33"), Period.parse("2025")
    per_commune = INDICATORS["scheme_sites_active"].per_child(province_officer, hung_yen, year)
    assert per_commune == {dong_hung.pk: 4, tan_tien.pk: 1}
    records = INDICATORS["scheme_sites_active"].records(province_officer, hung_yen, year)
    assert {s.pk for s in records} == {world[k].pk for k in "acdeg"}
    types = INDICATORS["scheme_types_active"].records(province_officer, hung_yen, year)
    assert [t.code for t in types] == ["camera-an-ninh", "cong-truong-an-toan-giao-thong", "tu-phong-tu-quan-tu-bao-ve"]


@pytest.fixture
def advanced_examples(commune_officer, other_commune_officer, province_officer, other_province_officer, ha_giang_1):
    """x1 person of Đông Hưng, 2025, decided 19/08/2025; x2 collective of Tân Tiến, 2025, no decision date;
    x3 person of the province (33), year 2024 but decided 10/01/2025; x4 person of Hà Giang 1 (08), 2025."""

    def make(actor, unit_code, kind, name, year, decided):
        return exemplars.exemplar_create(
            actor=actor,
            unit=unit(unit_code),
            kind=kind,
            name=name,
            year=year,
            achievements="Thành tích tiêu biểu.",
            recognition_level="province",
            decision_date=decided,
        )

    make(commune_officer, "12688", "person", "Nguyễn Văn An", 2025, dt.date(2025, 8, 19))
    make(other_commune_officer, "12583", "collective", "Tổ bảo vệ ANTT Thôn Trung", 2025, None)
    make(province_officer, "33", "person", "Trần Thị Bình", 2024, dt.date(2025, 1, 10))
    make(other_province_officer, "00694", "person", "Lò Văn Cường", 2025, dt.date(2025, 5, 5))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unit_code", "period", "expected"),
    [
        ("33", "2025", 3),  # x1, x2 (no decision: counted at the end of its year), x3 (decided in 2025)
        ("33", "2025H1", 1),  # x3
        ("33", "2025H2", 2),  # x1, x2
        ("33", "2024", 0),  # x3 is "of 2024" but was decided in 2025
        ("12688", "2025", 1),
        ("VN", "2025", 4),
    ],
)
def test_exemplars_are_a_flow(advanced_examples, ministry_officer, unit_code, period, expected):
    assert figure("exemplars", ministry_officer, unit_code, period) == expected


@pytest.mark.django_db
def test_exemplars_within_scope_and_by_kind(advanced_examples, commune_officer, province_officer):
    assert figure("exemplars", commune_officer, "33", "2025") == 1  # their commune's only
    breakdown = INDICATORS["exemplars"].breakdown(province_officer, unit("33"), Period.parse("2025"))
    assert breakdown == {"kind": {"person": 2, "collective": 1}, "recognition_level": {"province": 3}}
