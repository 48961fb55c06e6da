"""Scheme forms (issue 16 item 10): one POST shows every error — the fields' own and the rules' — and a site's
locality or establishment is ignored, never saved, when the place kind does not use it. The services refuse with
every problem too (the rule functions return them all)."""

import datetime as dt

import pytest
from django.utils import timezone

from antq.core.errors import ValidationFailed
from antq.schemes import exemplars, rules, services
from antq.schemes.models import Exemplar, Scheme, SchemeSite
from tests.schemes.fixtures import scheme_type

SITE_PAGE = "/mo-hinh/xa/12688/them-diem/"


def errors_of(response):
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


@pytest.mark.django_db
def test_a_site_post_with_three_independent_errors_shows_all_three(
    client, commune_officer, dong_scheme, truong_dong_hung
):
    client.force_login(commune_officer)
    response = client.post(
        SITE_PAGE,
        {
            "scheme": dong_scheme.pk,
            "place_kind": "establishment",
            "establishment": truong_dong_hung.pk,
            "started_on": "01/02/2019",  # a rule: before the scheme's launch (01/01/2020)
            "households": "-5",  # the field's own error
            "members": "nhiều",  # the field's own error
        },
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert set(errors) == {"started_on", "households", "members"}
    assert "trước ngày ra mắt mô hình (01/01/2020)" in errors["started_on"][0]
    assert not SchemeSite.objects.exists()


@pytest.mark.django_db
def test_a_whole_commune_site_ignores_the_locality_still_posted(client, commune_officer, dong_scheme, thon_bac):
    """The locality was chosen, then the kind switched to the whole commune (the script hid the field; without it
    the field shows): the site is saved without it — before, the service refused the pair."""
    client.force_login(commune_officer)
    response = client.post(
        SITE_PAGE,
        {"scheme": dong_scheme.pk, "place_kind": "commune", "locality": thon_bac.pk, "started_on": "01/02/2024"},
    )
    assert response.status_code == 302, errors_of(response)
    site = SchemeSite.objects.get()
    assert (site.place_kind, site.locality, site.establishment) == ("commune", None, None)


@pytest.mark.django_db
def test_a_locality_site_ignores_an_establishment_and_needs_its_locality(
    client, commune_officer, dong_scheme, truong_dong_hung
):
    client.force_login(commune_officer)
    data = {"scheme": dong_scheme.pk, "place_kind": "locality", "establishment": truong_dong_hung.pk}
    response = client.post(SITE_PAGE, data | {"started_on": "01/02/2024"})
    assert errors_of(response) == {"locality": ["Chọn thôn, tổ dân phố nơi thực hiện."]}
    body = response.content.decode()
    assert 'data-depends-on="place_kind" data-shown-for="locality"' in body
    assert "antq/dependent-fields.js" in body


@pytest.mark.django_db
def test_scheme_form_shows_every_error_at_once(client, commune_officer, dong_scheme):
    client.force_login(commune_officer)
    response = client.post(
        "/mo-hinh/xa/12688/them-mo-hinh/",
        {"name": "", "scheme_type": scheme_type("camera-an-ninh").pk, "lead_organisation": "x", "started_on": "2999"},
    )
    assert response.status_code == 200
    assert set(errors_of(response)) == {"name", "lead_organisation", "started_on"}


@pytest.mark.django_db
def test_the_services_refuse_with_every_problem(commune_officer, dong_hung, dong_scheme, thon_bac):
    future = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ValidationFailed) as refused:
        services.scheme_create(
            actor=commune_officer,
            unit=dong_hung,
            name=dong_scheme.name,  # taken in the commune
            scheme_type=scheme_type("camera-an-ninh"),
            lead_organisation="nobody",
            started_on=future,
        )
    assert {field for field, _ in refused.value.problems} >= {"name", "lead_organisation", "started_on"}
    with pytest.raises(ValidationFailed) as refused:
        services.site_create(
            actor=commune_officer,
            scheme=dong_scheme,
            commune=dong_hung,
            place_kind="establishment",
            locality=thon_bac,
            started_on=future,
            households=-1,
        )
    assert [field for field, _ in refused.value.problems] == ["establishment", "started_on", "households"]
    assert not SchemeSite.objects.filter(commune=dong_hung).exists()
    assert Scheme.objects.filter(unit=dong_hung).count() == 1


@pytest.mark.django_db
def test_recognition_reports_every_problem_on_the_site_page(client, province_officer, dong_site):
    client.force_login(province_officer)
    response = client.post(
        f"/mo-hinh/diem/{dong_site.pk}/recognise/",
        {"level": "ministry", "decision_number": "", "decision_date": "01/01/2021", "issuing_body": "x" * 300},
        follow=True,
    )
    text = response.content.decode()
    assert "Ghi nhận cấp Bộ cần số văn bản (quyết định) của Bộ Công an." in text
    assert "Điểm chưa được đánh giá lần nào" in text
    assert "Ngày ghi nhận trước ngày điểm bắt đầu hoạt động." in text
    assert "200" in text  # the issuing body's length, the field's own error
    dong_site.refresh_from_db()
    assert dong_site.recognition == "none"


@pytest.mark.django_db
def test_exemplar_form_and_service_report_every_problem(client, commune_officer, dong_hung):
    next_year = timezone.localdate().year + 1
    client.force_login(commune_officer)
    response = client.post(
        "/mo-hinh/xa/12688/dien-hinh/them/",
        {
            "kind": "person",
            "name": "Trần Văn Long",
            "year": str(next_year),  # a rule: not yet
            "achievements": "",  # the field's own error
            "recognition_level": "commune",
            "decision_date": "01/01/2020",  # a rule: before the year of the achievements
            "contact_phone": "12ab",  # the phone field's own error
        },
    )
    assert set(errors_of(response)) == {"year", "achievements", "decision_date", "contact_phone"}
    with pytest.raises(ValidationFailed) as refused:
        exemplars.exemplar_create(
            actor=commune_officer,
            unit=dong_hung,
            kind="person",
            name="Trần Văn Long",
            year=next_year,
            achievements="Tích cực.",
            recognition_level="nowhere",
            decision_date=dt.date(2020, 1, 1),
        )
    assert [field for field, _ in refused.value.problems] == ["year", "decision_date", "recognition_level"]
    assert not Exemplar.objects.exists()


def test_site_rules_blame_each_field_once():
    """The pure rule: a date in the future is not also called "before the launch"."""

    class Commune:
        pk, level, name = 1, "commune", "Xã A"

    class Launched:
        started_on, scheme_type_id = dt.date(2020, 1, 1), 1

    problems = rules.site_problems(
        commune=Commune(),
        scheme=Launched(),
        place_kind="commune",
        locality=None,
        establishment=None,
        teams=[],
        started_on=dt.date(2019, 1, 1),
        replicated_from=None,
        today=dt.date(2025, 1, 1),
    )
    assert problems == [("started_on", "Ngày bắt đầu trước ngày ra mắt mô hình (01/01/2020).")]
