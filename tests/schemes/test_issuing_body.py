"""The scheme site page as the tester saw it (issue: pv05 on /mo-hinh/diem/3/): a recognition's issuing body names
its unit the way a sentence does ("Công an tỉnh Hưng Yên", not the registry's "Công an Tỉnh Hưng Yên"), and a site
never evaluated says so instead of dating a "last" evaluation it never had."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.core.text import body_of, in_sentence
from antq.schemes import services
from tests.schemes.fixtures import evaluated


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tỉnh Hưng Yên", "tỉnh Hưng Yên"),
        ("Thành phố Hà Nội", "thành phố Hà Nội"),
        ("Xã Đông Hưng, Tỉnh Hưng Yên", "xã Đông Hưng, tỉnh Hưng Yên"),
        ("Phường Hồng Châu", "phường Hồng Châu"),
        ("Đặc khu Bạch Long Vĩ", "đặc khu Bạch Long Vĩ"),
        ("Hưng Yên", "Hưng Yên"),
        ("Thành Công", "Thành Công"),  # a bare name that merely starts like a type word
    ],
)
def test_in_sentence_lowers_only_the_type_word(name, expected):
    assert in_sentence(name) == expected


def test_body_of_names_the_body_with_its_unit_in_sentence_case():
    assert body_of("Công an", "Tỉnh Hưng Yên") == "Công an tỉnh Hưng Yên"
    assert body_of("Ủy ban nhân dân", "Xã Đông Hưng") == "Ủy ban nhân dân xã Đông Hưng"
    assert body_of("Công an", "") == "Công an"


@pytest.mark.django_db
def test_a_province_recognition_defaults_to_the_provincial_police_in_sentence_case(
    commune_officer, province_officer, dong_site
):
    assert dong_site.commune.parent.name.startswith("Tỉnh ")
    evaluated(commune_officer, dong_site, rating="good", on=dt.date(2025, 2, 1))
    recognition = services.site_recognise(
        actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 6, 1)
    )
    assert recognition.issuing_body == f"Công an tỉnh {dong_site.commune.parent.short_name}"


# --- The site page's evaluation warning -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_never_evaluated_site_says_so_and_claims_no_last_evaluation(client, province_officer, dong_site):
    client.force_login(province_officer)
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/").content.decode()
    assert "Chưa được đánh giá lần nào từ khi bắt đầu (01/03/2021)." in page
    assert "lần gần nhất" not in page


@pytest.mark.django_db
def test_a_site_evaluated_long_ago_names_its_last_evaluation(client, commune_officer, province_officer, dong_site):
    evaluated(commune_officer, dong_site, rating="good", on=dt.date(2023, 4, 5))
    client.force_login(province_officer)
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/").content.decode()
    assert "Quá 12 tháng chưa được đánh giá (lần gần nhất ngày 05/04/2023)." in page
    assert "Chưa được đánh giá lần nào" not in page
