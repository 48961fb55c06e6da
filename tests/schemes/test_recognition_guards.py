"""Guards on recognising exemplary sites and advanced examples (issue 17 item 5): recognition rests on the site's
last evaluation (refused when never evaluated, a weak rating confirmed explicitly and audited), and a Ministry-level
recognition carries the Ministry's decision (number, date) and is never recorded as issued by the province — in the
rules, the services, the forms, the pages and the database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction

from antq.accounts.models import AuditEntry
from antq.core.errors import ValidationFailed
from antq.schemes import exemplars, rules, services
from antq.schemes.models import Exemplar, Rating, SchemeSite, SiteRecognition
from tests.schemes.fixtures import evaluated

TODAY = dt.date(2026, 1, 10)


def fields(problems):
    return [field for field, _message in problems]


# --- Rules ------------------------------------------------------------------------------------------------------


def test_weak_ratings_are_those_below_fair():
    assert {Rating.AVERAGE, Rating.WEAK} == rules.WEAK_RATINGS


def test_never_evaluated_is_refused_and_a_weak_rating_needs_confirmation():
    assert fields(rules.evaluation_gate_problems(latest=None, confirm_weak=True)) == ["level"]
    weak = SimpleNamespace(rating=Rating.WEAK, evaluated_on=dt.date(2025, 3, 1))
    (problem,) = rules.evaluation_gate_problems(latest=weak, confirm_weak=False)
    assert problem == (
        "confirm_weak",
        "Đánh giá gần nhất (01/03/2025) xếp loại Yếu: đánh dấu xác nhận nếu vẫn ghi nhận điểm là mô hình tiêu biểu.",
    )
    assert rules.evaluation_gate_problems(latest=weak, confirm_weak=True) == []
    for rating in (Rating.GOOD, Rating.FAIR):
        good = SimpleNamespace(rating=rating, evaluated_on=dt.date(2025, 3, 1))
        assert rules.evaluation_gate_problems(latest=good, confirm_weak=False) == []


@pytest.mark.parametrize(
    ("number", "day", "body", "expected"),
    [
        ("1234/QĐ-BCA-V05", dt.date(2025, 3, 1), "Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an", []),
        ("", dt.date(2025, 3, 1), "", ["decision_number"]),
        ("1234/QĐ-BCA-V05", None, "", ["decision_date"]),
        ("15/QĐ-CAT-PV05", dt.date(2025, 3, 1), "", ["decision_number"]),
        ("15/QĐ-CATP", dt.date(2025, 3, 1), "", ["decision_number"]),
        ("1234/QĐ-BCA", dt.date(2025, 3, 1), "Công an tỉnh Hưng Yên", ["issuing_body"]),
        ("1234/QĐ-BCA", dt.date(2025, 3, 1), "CÔNG AN TP. HÀ NỘI", ["issuing_body"]),
    ],
)
def test_a_ministry_decision_has_its_number_and_date_and_is_not_the_provinces(number, day, body, expected):
    assert fields(rules.ministry_decision_problems(decision_number=number, decision_date=day, issuer=body)) == expected


def test_a_province_level_recognition_issued_by_the_ministry_is_refused():
    site = SimpleNamespace(
        status="active", recognition="none", recognition_date=None, started_on=dt.date(2020, 1, 1), ended_on=None
    )
    good = SimpleNamespace(rating=Rating.GOOD, evaluated_on=dt.date(2025, 1, 1))
    problems = rules.recognition_problems(
        site=site,
        level="province",
        decision_number="",
        decision_date=dt.date(2025, 3, 1),
        today=TODAY,
        latest=good,
        issuing_body="Bộ Công an",
    )
    assert fields(problems) == ["level"]


# --- Services ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_site_never_evaluated_is_not_recognised(province_officer, dong_site):
    with pytest.raises(ValidationFailed, match="chưa được đánh giá lần nào"):
        services.site_recognise(
            actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 6, 1)
        )
    dong_site.refresh_from_db()
    assert dong_site.recognition == "none" and not SiteRecognition.objects.exists()


@pytest.mark.django_db
def test_a_weak_last_evaluation_needs_confirmation_which_is_recorded_and_audited(
    commune_officer, province_officer, dong_site
):
    evaluated(commune_officer, dong_site, rating="good", on=dt.date(2024, 1, 5))
    weak = evaluated(commune_officer, dong_site, rating="weak", on=dt.date(2025, 2, 1))  # the last one counts
    with pytest.raises(ValidationFailed) as refused:
        services.site_recognise(
            actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 6, 1)
        )
    assert refused.value.field == "confirm_weak" and "xếp loại Yếu" in refused.value.message
    assert not SiteRecognition.objects.exists()
    recognition = services.site_recognise(
        actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 6, 1), confirm_weak=True
    )
    assert (recognition.evaluation, recognition.weak_rating_confirmed) == (weak, True)
    entry = AuditEntry.objects.get(content_type__model="siterecognition", object_pk=str(recognition.pk), action=0)
    assert entry.actor == province_officer
    assert entry.changes["weak_rating_confirmed"][1] == "True"
    assert entry.changes["evaluation"][1] == str(weak.pk)


@pytest.mark.django_db
def test_a_good_last_evaluation_records_no_confirmation(commune_officer, province_officer, dong_site):
    evaluated(commune_officer, dong_site, rating="weak", on=dt.date(2024, 1, 5))
    good = evaluated(commune_officer, dong_site, rating="fair", on=dt.date(2025, 2, 1))
    recognition = services.site_recognise(
        actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 6, 1), confirm_weak=True
    )
    assert (recognition.evaluation, recognition.weak_rating_confirmed) == (good, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "body", "field"),
    [
        ("15/QĐ-CAT-PV05", "", "decision_number"),
        ("1234/QĐ-BCA", "Công an Tỉnh Hưng Yên", "issuing_body"),
        ("", "", "decision_number"),
    ],
)
def test_a_province_officer_cannot_record_the_provinces_decision_as_the_ministrys(
    province_officer, dong_site, number, body, field
):
    evaluated(province_officer, dong_site)
    with pytest.raises(ValidationFailed) as refused:
        services.site_recognise(
            actor=province_officer,
            site=dong_site,
            level="ministry",
            decision_number=number,
            decision_date=dt.date(2025, 6, 1),
            issuing_body=body,
        )
    assert field in fields(refused.value.problems)
    dong_site.refresh_from_db()
    assert dong_site.recognition == "none"


@pytest.mark.django_db
def test_the_database_refuses_a_ministry_recognition_without_the_ministrys_decision(province_officer, dong_site):
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteRecognition.objects.create(
            site=dong_site,
            level="ministry",
            decision_number="12/QĐ",
            decision_date=dt.date(2025, 1, 1),
            issuing_body="Công an tỉnh Hưng Yên",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeSite.objects.filter(pk=dong_site.pk).update(
            recognition="ministry", recognition_date=dt.date(2025, 1, 1), recognition_decision=""
        )


# --- Advanced examples (exemplars.py records their level) ----------------------------------------------------------


def exemplar(actor, unit, **kwargs):
    values = {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "year": 2025,
        "achievements": "Tích cực tham gia phong trào.",
        "recognition_level": "ministry",
    } | kwargs
    return exemplars.exemplar_create(actor=actor, unit=unit, **values)


@pytest.mark.django_db
def test_a_ministry_level_example_needs_the_ministrys_decision(commune_officer, dong_hung):
    with pytest.raises(ValidationFailed) as refused:
        exemplar(commune_officer, dong_hung, recognition="Giấy khen của Giám đốc Công an tỉnh")
    assert fields(refused.value.problems) == ["decision_number", "decision_date", "recognition"]
    assert not Exemplar.objects.exists()
    made = exemplar(
        commune_officer,
        dong_hung,
        recognition="Bằng khen của Bộ trưởng Bộ Công an",
        decision_number="1234/QĐ-BCA",
        decision_date=dt.date(2025, 8, 1),
    )
    with pytest.raises(ValidationFailed, match="số văn bản"):
        exemplars.exemplar_update(actor=commune_officer, exemplar=made, decision_number="")
    # A province-level example needs no decision (as before).
    exemplar(commune_officer, dong_hung, name="Trần Thị Bình", recognition_level="province")


@pytest.mark.django_db
def test_the_database_refuses_a_ministry_level_example_without_a_decision(commune_officer, dong_hung):
    made = exemplar(commune_officer, dong_hung, decision_number="1234/QĐ-BCA", decision_date=dt.date(2025, 8, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Exemplar.objects.filter(pk=made.pk).update(decision_date=None)


# --- Pages ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_site_page_explains_why_an_unevaluated_site_cannot_be_recognised(client, province_officer, dong_site):
    client.force_login(province_officer)
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/").content.decode()
    assert "Điểm chưa được đánh giá lần nào" in page
    assert "Ghi nhận là mô hình tiêu biểu</summary>" not in page


@pytest.mark.django_db
def test_the_site_page_warns_of_a_weak_evaluation_and_asks_for_confirmation(
    client, commune_officer, province_officer, dong_site
):
    evaluated(commune_officer, dong_site, rating="average", on=dt.date(2025, 2, 1))
    client.force_login(province_officer)
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/").content.decode()
    assert "Cảnh báo: đánh giá gần nhất ngày 01/02/2025 xếp loại <strong>Trung bình</strong>" in page
    assert 'name="confirm_weak"' in page
    url = f"/mo-hinh/diem/{dong_site.pk}/recognise/"
    refused = client.post(url, {"level": "province", "decision_date": "01/06/2025"}, follow=True)
    assert "đánh dấu xác nhận" in refused.content.decode()
    dong_site.refresh_from_db()
    assert dong_site.recognition == "none"
    client.post(url, {"level": "province", "decision_date": "01/06/2025", "confirm_weak": "on"})
    dong_site.refresh_from_db()
    assert dong_site.recognition == "province"
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/").content.decode()
    assert "ghi nhận dù đánh giá gần nhất chưa đạt, đã xác nhận" in page


@pytest.mark.django_db
def test_a_good_evaluation_shows_no_confirmation_box(client, commune_officer, province_officer, dong_site):
    evaluated(commune_officer, dong_site, rating="good")
    client.force_login(province_officer)
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/").content.decode()
    assert "Ghi nhận là mô hình tiêu biểu</summary>" in page and 'name="confirm_weak"' not in page
