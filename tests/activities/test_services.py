"""Outreach and festival services: each kind's validation (service and database), places, scope, the quick entry
(all or nothing), audit; festivals: one per commune and year, the 01/7–19/8 window, the pilot, photos."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from antq.accounts.models import AuditEntry
from antq.activities import services
from antq.activities.models import Festival, FestivalPhoto, Kind, OutreachActivity
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from tests.activities.fixtures import JPEG, KIND_DATA, PNG, activity_data
from tests.summaries import raw_rows

# --- Outreach: validation --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", Kind.values)
def test_each_kind_is_recorded_with_its_measures(commune_officer, dong_hung, kind):
    activity = services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(kind))
    activity.refresh_from_db()
    for field, value in KIND_DATA[kind].items():
        assert getattr(activity, field) == value
    assert activity.created_by == commune_officer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "change", "field"),
    [
        ("session", {"attendees": None}, "attendees"),
        ("session", {"attendees": 50, "attendees_students": 60}, "attendees"),
        ("news", {"outlet": ""}, "outlet"),
        ("social_post", {"link": ""}, "link"),
        ("banners", {"count": None}, "count"),
        ("contest", {"participants": None}, "participants"),
        ("story", {"title": ""}, "title"),
        ("visit", {"value_vnd": None}, "value_vnd"),
        ("news", {"attendees": 40}, "attendees"),
        ("visit", {"count": 2}, "count"),
    ],
)
def test_kind_rules_are_refused_naming_the_field(commune_officer, dong_hung, kind, change, field):
    with pytest.raises(ValidationFailed) as refused:
        services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(kind, **change))
    assert refused.value.field == field
    assert not OutreachActivity.objects.exists()


@pytest.mark.django_db
def test_future_dates_and_places_of_another_commune_are_refused(commune_officer, dong_hung, tan_tien):
    from antq.geo.models import Locality

    with pytest.raises(ValidationFailed) as refused:
        services.activity_record(
            actor=commune_officer, unit=dong_hung, **activity_data(date=dt.date.today() + dt.timedelta(days=400))
        )
    assert refused.value.field == "date"
    elsewhere = Locality.objects.create(commune=tan_tien, name="Thôn Tân", kind="thon")
    with pytest.raises(ValidationFailed) as refused:
        services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(locality=elsewhere))
    assert refused.value.field == "locality" and "không thuộc Xã Đông Hưng" in refused.value.message


@pytest.mark.django_db
def test_a_place_in_the_commune_is_kept(commune_officer, dong_hung, thon_an, truong_dong_hung):
    at_school = services.activity_record(
        actor=commune_officer, unit=dong_hung, **activity_data(establishment=truong_dong_hung)
    )
    assert at_school.place == "Trường THCS Đông Hưng"
    with pytest.raises(ValidationFailed):
        services.activity_record(
            actor=commune_officer, unit=dong_hung, **activity_data(locality=thon_an, establishment=truong_dong_hung)
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"kind": "session", "attendees": 10, "attendees_students": 11}, "activities_outreach_groups_within_total"),
        ({"kind": "session"}, "activities_outreach_session"),
        ({"kind": "news", "attendees": 5}, "activities_outreach_session"),
        ({"kind": "banners"}, "activities_outreach_banners"),
        ({"kind": "contest"}, "activities_outreach_contest"),
        ({"kind": "visit", "recipients": 1}, "activities_outreach_visit"),
        ({"kind": "story", "value_vnd": 1}, "activities_outreach_visit"),
    ],
)
def test_the_database_holds_the_measures_too(dong_hung, values, constraint):
    with pytest.raises(IntegrityError) as refused, transaction.atomic(), raw_rows("outreach"):
        OutreachActivity.objects.create(unit=dong_hung, date=dt.date(2025, 1, 1), topic="law", **values)
    assert constraint in str(refused.value) or "CHECK" in str(refused.value)


# --- Outreach: scope, update, delete ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_officer_records_for_own_commune_only(commune_officer, tan_tien, hung_yen):
    for unit in (tan_tien, hung_yen):
        with pytest.raises(NotFoundOrOutOfScope):
            services.activity_record(actor=commune_officer, unit=unit, **activity_data())


@pytest.mark.django_db
def test_province_records_its_own_work_and_viewers_and_strangers_cannot(
    province_officer, viewer, no_role_user, other_province_officer, hung_yen
):
    own = services.activity_record(actor=province_officer, unit=hung_yen, **activity_data("visit"))
    assert own.unit == hung_yen
    for actor in (viewer, no_role_user, other_province_officer):
        with pytest.raises(NotFoundOrOutOfScope):
            services.activity_record(actor=actor, unit=hung_yen, **activity_data())


@pytest.mark.django_db
def test_update_checks_the_kind_as_a_whole(commune_officer, activity):
    with pytest.raises(ValidationFailed) as refused:
        services.activity_update(actor=commune_officer, activity=activity, kind="news")
    assert refused.value.field in ("title", "outlet", "attendees")
    services.activity_update(
        actor=commune_officer,
        activity=activity,
        kind="news",
        outlet="Báo Hưng Yên",
        attendees=None,
        attendees_students=0,
        attendees_officials=0,
    )
    activity.refresh_from_db()
    assert (activity.kind, activity.attendees) == ("news", None)


@pytest.mark.django_db
def test_writes_are_audited_with_the_unit(commune_officer, activity, dong_hung):
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(OutreachActivity), object_pk=str(activity.pk)
    )
    assert (entry.actor, entry.unit_id, entry.province_id) == (commune_officer, dong_hung.pk, dong_hung.parent_id)
    pk = activity.pk
    services.activity_delete(actor=commune_officer, activity=activity)
    assert not OutreachActivity.objects.exists()
    assert AuditEntry.objects.filter(object_pk=str(pk), action=2, actor=commune_officer).exists()


@pytest.mark.django_db
def test_other_commune_cannot_delete(other_commune_officer, activity):
    with pytest.raises(NotFoundOrOutOfScope):
        services.activity_delete(actor=other_commune_officer, activity=activity)


# --- Quick entry ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_quick_entry_saves_every_row_and_audits_each(commune_officer, dong_hung):
    rows = [activity_data(kind) for kind in ("session", "story", "banners")]
    saved = services.activities_record_many(actor=commune_officer, unit=dong_hung, rows=rows)
    assert OutreachActivity.objects.count() == 3
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(OutreachActivity), object_pk__in=[str(a.pk) for a in saved]
    )
    assert [(e.actor, e.unit_id) for e in entries] == [(commune_officer, dong_hung.pk)] * 3


@pytest.mark.django_db
def test_quick_entry_is_all_or_nothing_and_names_every_bad_row(commune_officer, dong_hung):
    rows = [activity_data(), activity_data("news", outlet=""), activity_data(), activity_data("banners", count=None)]
    with pytest.raises(services.RowsInvalid) as refused:
        services.activities_record_many(actor=commune_officer, unit=dong_hung, rows=rows)
    assert [(index, field) for index, field, _ in refused.value.rows] == [(1, "outlet"), (3, "count")]
    assert refused.value.message.startswith("Dòng 2:")
    assert not OutreachActivity.objects.exists()


# --- Festivals -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_festival_per_commune_and_year(commune_officer, festival, dong_hung):
    with pytest.raises(ValidationFailed) as refused:
        services.festival_plan(
            actor=commune_officer, commune=dong_hung, year=2025, planned_date=dt.date(2025, 8, 1), place="Nhà văn hóa"
        )
    assert "mỗi xã một Ngày hội mỗi năm" in refused.value.message
    next_year = services.festival_plan(
        actor=commune_officer, commune=dong_hung, year=2026, planned_date=dt.date(2026, 8, 1), place="Nhà văn hóa"
    )
    assert next_year.province_id == dong_hung.parent_id


@pytest.mark.django_db
def test_the_database_allows_one_festival_per_commune_and_year(festival, dong_hung):
    with pytest.raises(IntegrityError), transaction.atomic():
        Festival.objects.create(
            commune=dong_hung,
            province_id=dong_hung.parent_id,
            year=2025,
            planned_date=dt.date(2025, 8, 2),
            place="Khác",
        )


@pytest.mark.django_db
def test_plan_outside_1_july_to_19_august_is_refused(commune_officer, dong_hung):
    with pytest.raises(ValidationFailed) as refused:
        services.festival_plan(
            actor=commune_officer, commune=dong_hung, year=2025, planned_date=dt.date(2025, 8, 20), place="Sân"
        )
    assert refused.value.field == "planned_date" and "521/2005/QĐ-TTg" in refused.value.message


@pytest.mark.django_db
def test_a_held_festival_needs_its_date_within_the_window(commune_officer, festival):
    with pytest.raises(ValidationFailed) as refused:
        services.festival_update(actor=commune_officer, festival=festival, status="held")
    assert refused.value.field == "held_on"
    with pytest.raises(ValidationFailed):
        services.festival_update(actor=commune_officer, festival=festival, status="held", held_on=dt.date(2025, 9, 2))
    services.festival_update(
        actor=commune_officer,
        festival=festival,
        status="held",
        held_on=dt.date(2025, 8, 12),
        ceremony_activities="Sơ kết 8 tháng; khen thưởng 12 tập thể, cá nhân",
        festival_activities="Văn nghệ, thể thao",
        participants=800,
        guests="Lãnh đạo Công an tỉnh",
        results="Thành công",
    )
    festival.refresh_from_db()
    assert (festival.status, festival.held_on, festival.participants) == ("held", dt.date(2025, 8, 12), 800)


@pytest.mark.django_db
def test_other_commune_cannot_plan_or_change(other_commune_officer, dong_hung, festival):
    with pytest.raises(NotFoundOrOutOfScope):
        services.festival_plan(
            actor=other_commune_officer, commune=dong_hung, year=2024, planned_date=dt.date(2024, 8, 1), place="x"
        )
    with pytest.raises(NotFoundOrOutOfScope):
        services.festival_update(actor=other_commune_officer, festival=festival, place="x")


@pytest.mark.django_db
def test_the_province_officer_chooses_one_pilot_per_year(
    province_officer, commune_officer, other_commune_officer, festival, tan_tien
):
    with pytest.raises(PermissionDenied):
        services.festival_set_pilot(actor=commune_officer, festival=festival, pilot=True)
    services.festival_set_pilot(actor=province_officer, festival=festival, pilot=True)
    other = services.festival_plan(
        actor=other_commune_officer, commune=tan_tien, year=2025, planned_date=dt.date(2025, 8, 5), place="Sân"
    )
    services.festival_set_pilot(actor=province_officer, festival=other, pilot=True)
    assert list(Festival.objects.filter(is_pilot=True).values_list("commune__code", flat=True)) == ["12583"]
    services.festival_set_pilot(actor=province_officer, festival=other, pilot=False)
    assert not Festival.objects.filter(is_pilot=True).exists()


@pytest.mark.django_db
def test_the_database_allows_one_pilot_per_province_and_year(festival, tan_tien):
    Festival.objects.filter(pk=festival.pk).update(is_pilot=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Festival.objects.create(
            commune=tan_tien,
            province_id=tan_tien.parent_id,
            year=2025,
            planned_date=dt.date(2025, 8, 2),
            place="Khác",
            is_pilot=True,
        )


@pytest.mark.django_db
def test_other_province_cannot_choose_the_pilot(other_province_officer, festival):
    with pytest.raises(NotFoundOrOutOfScope):
        services.festival_set_pilot(actor=other_province_officer, festival=festival, pilot=True)


# --- Photos ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "content_type"), [(PNG, "image/png"), (JPEG, "image/jpeg")])
def test_photos_are_stored_under_media_root_with_a_generated_name(
    commune_officer, festival, photo_dir, data, content_type
):
    photo = services.festival_photo_add(actor=commune_officer, festival=festival, file=io.BytesIO(data), size=len(data))
    assert photo.content_type == content_type
    assert photo.image.name.startswith("festivals/") and photo.image.name.endswith((".png", ".jpg"))
    assert (photo_dir / photo.image.name).read_bytes() == data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "size", "message"),
    [
        (b"<?php echo 1; ?>" + b"\x00" * 40, None, "JPEG hoặc PNG"),
        (b"GIF89a" + b"\x00" * 40, None, "JPEG hoặc PNG"),
        (PNG + b"\x00" * (5 * 1024 * 1024), None, "tối đa 5 MB"),
        (PNG, 6 * 1024 * 1024, "tối đa 5 MB"),  # a declared size over the limit is refused before reading
    ],
)
def test_photos_that_are_not_jpeg_or_png_or_too_big_are_refused(
    commune_officer, festival, photo_dir, data, size, message
):
    with pytest.raises(ValidationFailed) as refused:
        services.festival_photo_add(
            actor=commune_officer, festival=festival, file=io.BytesIO(data), size=size or len(data)
        )
    assert message in refused.value.message and refused.value.field == "image"
    assert not FestivalPhoto.objects.exists()
    assert not any(photo_dir.rglob("*.*"))
