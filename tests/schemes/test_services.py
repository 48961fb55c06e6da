"""Scheme writes: who may do what (scope and role), places, replication, status changes, recognition, photos."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from antq.accounts.models import AuditEntry
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.text import place_sort_key
from antq.schemes import exemplars, services
from antq.schemes.models import SchemeSite, SchemeType, SiteStatus
from tests.schemes.fixtures import JPEG, PNG, recognise, scheme_type

# --- Scheme types and schemes ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_national_catalogue_is_seeded_with_fields():
    national = SchemeType.objects.filter(province__isnull=True)
    assert national.count() == 20
    assert national.get(code="cong-truong-an-toan-giao-thong").field == "road_safety"
    assert {"Dòng họ an toàn", "Làng chài bình yên", "Hai quản, hai tích cực"} <= set(
        national.values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_province_officer_adds_a_type_for_their_province_only(province_officer, hung_yen, tuyen_quang):
    created = services.scheme_type_create(
        actor=province_officer, name="Cụm liên kết về an ninh trật tự", field="residential", province=hung_yen
    )
    assert created.province == hung_yen and created.code == "33-cum-lien-ket-ve-an-ninh-trat-tu"
    with pytest.raises(NotFoundOrOutOfScope):
        services.scheme_type_create(actor=province_officer, name="Khác", field="other", province=tuyen_quang)
    with pytest.raises(NotFoundOrOutOfScope):  # national types are the Ministry's
        services.scheme_type_create(actor=province_officer, name="Khác", field="other")


@pytest.mark.django_db
def test_a_type_name_may_not_repeat_a_national_one(province_officer, hung_yen):
    with pytest.raises(ValidationFailed, match="Đã có loại mô hình"):
        services.scheme_type_create(
            actor=province_officer, name="CAMERA AN NINH", field="residential", province=hung_yen
        )


@pytest.mark.django_db
def test_commune_officer_may_not_add_types_or_province_schemes(commune_officer, hung_yen):
    with pytest.raises(NotFoundOrOutOfScope):
        services.scheme_type_create(actor=commune_officer, name="Mới", field="other", province=hung_yen)
    with pytest.raises(NotFoundOrOutOfScope):
        services.scheme_create(
            actor=commune_officer,
            unit=hung_yen,
            name="Mô hình tỉnh",
            scheme_type=scheme_type("camera-an-ninh"),
            lead_organisation="police",
            started_on=dt.date(2020, 1, 1),
        )


@pytest.mark.django_db
def test_scheme_of_another_commune_cannot_be_created(other_commune_officer, dong_hung):
    with pytest.raises(NotFoundOrOutOfScope):
        services.scheme_create(
            actor=other_commune_officer,
            unit=dong_hung,
            name="Camera",
            scheme_type=scheme_type("camera-an-ninh"),
            lead_organisation="police",
            started_on=dt.date(2020, 1, 1),
        )


@pytest.mark.django_db
def test_viewer_never_writes(viewer, dong_hung, dong_site):
    with pytest.raises(NotFoundOrOutOfScope):
        services.scheme_create(
            actor=viewer,
            unit=dong_hung,
            name="X",
            scheme_type=scheme_type("camera-an-ninh"),
            lead_organisation="police",
            started_on=dt.date(2020, 1, 1),
        )
    with pytest.raises(NotFoundOrOutOfScope):
        services.evaluation_record(
            actor=viewer, site=dong_site, evaluated_on=dt.date(2025, 1, 1), assessor="BCĐ", rating="good"
        )
    with pytest.raises(PermissionDenied):
        services.site_recognise(actor=viewer, site=dong_site, level="province", decision_date=dt.date(2025, 1, 1))


@pytest.mark.django_db
def test_another_provinces_type_is_refused(province_officer, other_province_officer, hung_yen, tuyen_quang):
    theirs = services.scheme_type_create(
        actor=other_province_officer, name="Bản làng bình yên", field="residential", province=tuyen_quang
    )
    with pytest.raises(ValidationFailed, match="tỉnh khác"):
        services.scheme_create(
            actor=province_officer,
            unit=hung_yen,
            name="Bản làng",
            scheme_type=theirs,
            lead_organisation="front",
            started_on=dt.date(2020, 1, 1),
        )


@pytest.mark.django_db
def test_scheme_names_are_unique_per_unit(commune_officer, dong_hung, dong_scheme):
    with pytest.raises(ValidationFailed, match="đã có mô hình"):
        services.scheme_create(
            actor=commune_officer,
            unit=dong_hung,
            name="camera an ninh  xã ĐÔNG HƯNG",
            scheme_type=scheme_type("camera-an-ninh"),
            lead_organisation="police",
            started_on=dt.date(2020, 1, 1),
        )


# --- Sites -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_site_is_audited_to_its_commune(commune_officer, dong_site, dong_hung):
    entry = AuditEntry.objects.get(object_pk=str(dong_site.pk), content_type__model="schemesite", action=0)
    assert entry.actor == commune_officer and entry.unit_id == dong_hung.pk


@pytest.mark.django_db
def test_a_site_place_must_belong_to_the_commune(commune_officer, dong_scheme, dong_hung, thon_trung):
    with pytest.raises(ValidationFailed, match="không thuộc"):
        services.site_create(
            actor=commune_officer,
            scheme=dong_scheme,
            commune=dong_hung,
            place_kind="locality",
            locality=thon_trung,
            started_on=dt.date(2021, 1, 1),
        )
    with pytest.raises(ValidationFailed):
        services.site_create(
            actor=commune_officer,
            scheme=dong_scheme,
            commune=dong_hung,
            place_kind="locality",
            started_on=dt.date(2021, 1, 1),
        )


@pytest.mark.django_db
def test_the_database_refuses_a_site_with_two_places(dong_site, truong_dong_hung):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeSite.objects.filter(pk=dong_site.pk).update(establishment=truong_dong_hung)


@pytest.mark.django_db
def test_one_running_site_per_scheme_and_place(commune_officer, dong_site, dong_scheme, dong_hung, thon_nam):
    with pytest.raises(ValidationFailed, match="đã có một điểm đang hoạt động"):
        services.site_create(
            actor=commune_officer,
            scheme=dong_scheme,
            commune=dong_hung,
            place_kind="locality",
            locality=thon_nam,
            started_on=dt.date(2022, 1, 1),
        )
    services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2023, 1, 1), reason="Sáp nhập thôn")
    again = services.site_create(
        actor=commune_officer,
        scheme=dong_scheme,
        commune=dong_hung,
        place_kind="locality",
        locality=thon_nam,
        started_on=dt.date(2024, 1, 1),
    )
    assert again.pk != dong_site.pk


@pytest.mark.django_db
def test_a_site_cannot_start_before_its_scheme(commune_officer, dong_scheme, dong_hung, thon_bac):
    with pytest.raises(ValidationFailed, match="trước ngày ra mắt"):
        services.site_create(
            actor=commune_officer,
            scheme=dong_scheme,
            commune=dong_hung,
            place_kind="locality",
            locality=thon_bac,
            started_on=dt.date(2019, 12, 31),
        )


@pytest.mark.django_db
def test_commune_officer_uses_province_schemes_but_not_other_provinces(
    commune_officer, province_scheme, hg_scheme, dong_hung, thon_bac
):
    site = services.site_create(
        actor=commune_officer,
        scheme=province_scheme,
        commune=dong_hung,
        place_kind="locality",
        locality=thon_bac,
        started_on=dt.date(2021, 1, 1),
    )
    assert site.scheme == province_scheme
    with pytest.raises(NotFoundOrOutOfScope):
        services.site_create(
            actor=commune_officer,
            scheme=hg_scheme,
            commune=dong_hung,
            place_kind="commune",
            started_on=dt.date(2021, 1, 1),
        )


@pytest.mark.django_db
def test_implementing_teams_must_be_active_teams_of_the_commune(commune_officer, dong_site, team, other_team):
    services.site_update(actor=commune_officer, site=dong_site, teams=[team], households=130)
    dong_site.refresh_from_db()
    assert list(dong_site.teams.all()) == [team] and dong_site.households == 130
    with pytest.raises(ValidationFailed, match="không phải tổ đang hoạt động"):
        services.site_update(actor=commune_officer, site=dong_site, teams=[other_team])


@pytest.mark.django_db
def test_suspend_resume_and_end_keep_their_history(commune_officer, dong_site):
    services.site_suspend(actor=commune_officer, site=dong_site, on=dt.date(2025, 2, 1), reason="Thiếu kinh phí")
    assert dong_site.status == SiteStatus.SUSPENDED
    with pytest.raises(ValidationFailed):
        services.site_suspend(actor=commune_officer, site=dong_site, on=dt.date(2025, 3, 1), reason="Lần hai")
    services.site_resume(actor=commune_officer, site=dong_site, on=dt.date(2025, 7, 1))
    pause = dong_site.suspensions.get()
    assert (pause.started_on, pause.ended_on) == (dt.date(2025, 2, 1), dt.date(2025, 6, 30))
    services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2025, 10, 31), reason="Sáp nhập thôn")
    dong_site.refresh_from_db()
    assert (dong_site.status, dong_site.ended_on, dong_site.end_reason) == (
        SiteStatus.ENDED,
        dt.date(2025, 10, 31),
        "Sáp nhập thôn",
    )
    with pytest.raises(ValidationFailed, match="đã dừng"):
        services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2025, 11, 1), reason="Lần nữa")


@pytest.mark.django_db
def test_ending_needs_a_reason_and_a_date_after_the_start(commune_officer, dong_site):
    with pytest.raises(ValidationFailed, match="lý do"):
        services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2025, 1, 1), reason=" ")
    with pytest.raises(ValidationFailed, match="trước ngày bắt đầu"):
        services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2021, 2, 1), reason="Nhầm")


@pytest.mark.django_db
def test_other_commune_officer_cannot_touch_the_site(other_commune_officer, dong_site):
    with pytest.raises(NotFoundOrOutOfScope):
        services.site_suspend(actor=other_commune_officer, site=dong_site, on=dt.date(2025, 1, 1), reason="x")
    with pytest.raises(NotFoundOrOutOfScope):
        services.site_recognise(
            actor=other_commune_officer, site=dong_site, level="province", decision_date=dt.date(2025, 1, 1)
        )


# --- Replication -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_replica_links_to_the_site_it_copies(other_commune_officer, province_officer, dong_site, tan_tien, thon_trung):
    # An unrecognised site of another commune is not visible, so it cannot be copied...
    with pytest.raises(NotFoundOrOutOfScope):
        services.site_create(
            actor=other_commune_officer,
            scheme=dong_site.scheme,
            commune=tan_tien,
            place_kind="locality",
            locality=thon_trung,
            started_on=dt.date(2025, 6, 1),
            replicated_from=dong_site,
        )
    # ... once the province recognises it as exemplary, every commune may replicate it.
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2024, 5, 1))
    replica = services.site_create(
        actor=other_commune_officer,
        scheme=dong_site.scheme,
        commune=tan_tien,
        place_kind="locality",
        locality=thon_trung,
        started_on=dt.date(2025, 6, 1),
        replicated_from=dong_site,
    )
    assert replica.replicated_from == dong_site
    assert list(dong_site.replicas.all()) == [replica]


@pytest.mark.django_db
def test_a_replica_has_the_same_type_and_starts_after_its_source(
    commune_officer, province_scheme, dong_site, dong_hung, thon_bac
):
    with pytest.raises(ValidationFailed, match="cùng loại"):
        services.site_create(
            actor=commune_officer,
            scheme=province_scheme,
            commune=dong_hung,
            place_kind="locality",
            locality=thon_bac,
            started_on=dt.date(2025, 1, 1),
            replicated_from=dong_site,
        )
    with pytest.raises(ValidationFailed, match="trước điểm gốc"):
        services.site_create(
            actor=commune_officer,
            scheme=dong_site.scheme,
            commune=dong_hung,
            place_kind="locality",
            locality=thon_bac,
            started_on=dt.date(2020, 6, 1),
            replicated_from=dong_site,
        )


# --- Recognition -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_officer_may_not_recognise_their_own_site(commune_officer, dong_site):
    with pytest.raises(PermissionDenied, match="PV05"):
        services.site_recognise(
            actor=commune_officer, site=dong_site, level="province", decision_date=dt.date(2025, 1, 1)
        )


@pytest.mark.django_db
def test_province_officer_recognises_a_site_of_their_province_only(province_officer, dong_site, hg_site):
    recognition = recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2024, 5, 1))
    dong_site.refresh_from_db()
    assert (dong_site.recognition, dong_site.recognition_date, dong_site.recognition_body) == (
        "province",
        dt.date(2024, 5, 1),
        "Công an tỉnh Hưng Yên",
    )
    assert recognition.recorded_by == province_officer
    with pytest.raises(NotFoundOrOutOfScope):
        recognise(actor=province_officer, site=hg_site, level="province", decision_date=dt.date(2024, 5, 1))


@pytest.mark.django_db
def test_ministry_recognition_needs_its_decision_number(province_officer, ministry_officer, dong_site):
    with pytest.raises(ValidationFailed, match="số văn bản"):
        recognise(actor=province_officer, site=dong_site, level="ministry", decision_date=dt.date(2025, 3, 1))
    recognise(
        actor=ministry_officer,
        site=dong_site,
        level="ministry",
        decision_number="1234/V05-P3",
        decision_date=dt.date(2025, 3, 1),
    )
    dong_site.refresh_from_db()
    assert dong_site.recognition == "ministry"
    assert dong_site.recognition_body == "Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an"
    with pytest.raises(ValidationFailed, match="đã được"):  # never lowered
        recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 4, 1))


@pytest.mark.django_db
def test_an_ended_site_is_not_recognised(commune_officer, province_officer, dong_site):
    services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2024, 12, 31), reason="Sáp nhập thôn")
    with pytest.raises(ValidationFailed, match="đã dừng"):
        recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 1, 1))


# --- Evaluations -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_evaluations_are_dated_within_the_sites_life_once_a_day(commune_officer, dong_site):
    services.evaluation_record(
        actor=commune_officer, site=dong_site, evaluated_on=dt.date(2025, 5, 1), assessor="Công an xã", rating="good"
    )
    with pytest.raises(ValidationFailed, match="đã có đánh giá"):
        services.evaluation_record(
            actor=commune_officer, site=dong_site, evaluated_on=dt.date(2025, 5, 1), assessor="BCĐ", rating="fair"
        )
    with pytest.raises(ValidationFailed, match="ngoài thời gian"):
        services.evaluation_record(
            actor=commune_officer, site=dong_site, evaluated_on=dt.date(2021, 1, 1), assessor="BCĐ", rating="fair"
        )
    with pytest.raises(ValidationFailed, match="chưa đến"):
        services.evaluation_record(
            actor=commune_officer,
            site=dong_site,
            evaluated_on=dt.date.today() + dt.timedelta(days=2),
            assessor="BCĐ",
            rating="fair",
        )


# --- Advanced examples -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_exemplar_photo_is_checked_by_content_not_name(commune_officer, dong_exemplar):
    assert dong_exemplar.photo_type == "image/png" and dong_exemplar.photo.name.endswith(".png")
    disguised = SimpleUploadedFile("anh.jpg", b"GIF89a" + b"\x00" * 32, content_type="image/jpeg")
    with pytest.raises(ValidationFailed, match="JPEG hoặc PNG"):
        exemplars.exemplar_set_photo(actor=commune_officer, exemplar=dong_exemplar, photo=disguised)
    renamed = SimpleUploadedFile("anh.png", JPEG, content_type="image/png")
    exemplars.exemplar_set_photo(actor=commune_officer, exemplar=dong_exemplar, photo=renamed)
    assert dong_exemplar.photo_type == "image/jpeg" and dong_exemplar.photo.name.endswith(".jpg")


@pytest.mark.django_db
def test_exemplar_photo_over_5_mb_is_refused(commune_officer, dong_exemplar):
    big = SimpleUploadedFile("to.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationFailed, match="5 MB"):
        exemplars.exemplar_set_photo(actor=commune_officer, exemplar=dong_exemplar, photo=big)


@pytest.mark.django_db
def test_exemplar_rules(commune_officer, other_commune_officer, dong_hung, dong_exemplar):
    with pytest.raises(ValidationFailed, match="trước năm"):
        exemplars.exemplar_update(actor=commune_officer, exemplar=dong_exemplar, decision_date=dt.date(2024, 12, 1))
    with pytest.raises(NotFoundOrOutOfScope):
        exemplars.exemplar_update(actor=other_commune_officer, exemplar=dong_exemplar, name="Khác")
    collective = exemplars.exemplar_create(
        actor=commune_officer,
        unit=dong_hung,
        kind="collective",
        name="Chi hội Cựu chiến binh  Thôn Nam",
        year=2025,
        achievements="Duy trì mô hình tự quản.",
        recognition_level="commune",
    )
    assert collective.name == "Chi hội Cựu chiến binh Thôn Nam"
    # A collective sorts by its whole name, as places and bodies do.
    assert collective.sort_key == place_sort_key("Chi hội Cựu chiến binh Thôn Nam")
    assert collective.province_id == dong_hung.parent_id


@pytest.mark.django_db
def test_exemplar_service_refuses_a_phone_of_letters_or_other_scripts_digits_and_stores_full_width_as_ascii(
    commune_officer, dong_exemplar
):
    for bad in ("abc", "12ab", "٠٩١٢٣٤٥٦٧٨"):
        with pytest.raises(ValidationFailed) as caught:
            exemplars.exemplar_update(actor=commune_officer, exemplar=dong_exemplar, contact_phone=bad)
        assert caught.value.field == "contact_phone"
    updated = exemplars.exemplar_update(
        actor=commune_officer, exemplar=dong_exemplar, contact_phone="０９１２３４５６７８"
    )
    assert updated.contact_phone == "0912345678"


@pytest.mark.django_db
def test_exemplar_contact_is_masked_in_the_audit_trail(dong_exemplar):
    entry = AuditEntry.objects.get(object_pk=str(dong_exemplar.pk), content_type__model="exemplar", action=0)
    assert "0912345678" not in str(entry.changes)
