"""The body a recognition is issued by names its unit the way a sentence does: "Công an tỉnh Hưng Yên", not
"Công an Tỉnh Hưng Yên" (the registry's "Tỉnh Hưng Yên" with its type word lowered)."""

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
