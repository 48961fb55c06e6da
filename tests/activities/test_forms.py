"""Activities forms (issue 16 item 10) and the confirmation of a repeated activity on the pages (item 8): one POST
shows every error — the fields' own and the rules' — and a field the chosen kind does not use is ignored and never
saved, with or without JavaScript."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from antq.activities import awards, services
from antq.activities.models import AwardProposal, OutreachActivity
from tests.activities.fixtures import activity_data


def url(name, *args):
    return reverse(f"activities:{name}", args=args)


def errors_of(response):
    """{field: [messages]} of the page's form (None: above the form)."""
    form = response.context["form"]
    return {name: list(messages) for name, messages in form.errors.items()}


# --- Every error at once -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_outreach_post_with_three_independent_errors_shows_all_three(
    client, commune_officer, thon_an, truong_dong_hung
):
    client.force_login(commune_officer)
    response = client.post(
        url("outreach_add", "12688"),
        {
            "date": "31/02/2025",  # not a date: the field's own error
            "kind": "session",
            "topic": "drugs",
            "attendees": "100",
            "attendees_students": "150",  # a rule: the groups exceed the total
            "locality": thon_an.pk,  # a rule: a place and an establishment at once
            "establishment": truong_dong_hung.pk,
        },
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert set(errors) == {"date", "attendees", "establishment"}
    assert "vượt tổng số người dự" in errors["attendees"][0]
    assert "không chọn cả hai" in errors["establishment"][0]
    assert not OutreachActivity.objects.exists()


@pytest.mark.django_db
def test_a_refused_field_is_not_blamed_twice(client, commune_officer):
    """A number that does not parse says so once; the rule "cần nhập" is not added on top of it."""
    client.force_login(commune_officer)
    response = client.post(
        url("outreach_add", "12688"), {"date": "10/03/2025", "kind": "session", "topic": "drugs", "attendees": "abc"}
    )
    assert len(errors_of(response)["attendees"]) == 1


@pytest.mark.django_db
def test_the_service_reports_every_problem_not_the_first(commune_officer, dong_hung):
    data = activity_data("news", date=dt.date(2999, 1, 1), outlet="", link="baohungyen.vn/a")
    with pytest.raises(services.ValidationFailed) as refused:
        services.activity_record(actor=commune_officer, unit=dong_hung, **data)
    assert [field for field, _message in refused.value.problems] == ["date", "outlet", "link"]


@pytest.mark.django_db
def test_festival_form_shows_every_error_at_once(client, commune_officer, festival):
    client.force_login(commune_officer)
    page = reverse("activities:festival_commune", args=["12688"]) + "?nam=2025"
    response = client.post(
        page,
        {"planned_date": "25/08/2025", "place": "", "status": "held", "held_on": "", "participants": "nhiều"},
    )
    assert response.status_code == 200
    assert set(errors_of(response)) == {"planned_date", "place", "held_on", "participants"}


@pytest.mark.django_db
def test_proposal_form_shows_every_error_at_once(client, commune_officer, award_forms):
    client.force_login(commune_officer)
    response = client.post(
        url("proposal_add", "12688"),
        {
            "year": "1990",
            "form": award_forms["giay-khen-giam-doc"].pk,
            "nominee_kind": "person",
            "full_name": "",
            "birth_date": "khong ro",
            "achievements": "",
        },
    )
    assert response.status_code == 200
    assert {"year", "full_name", "birth_date", "achievements"} <= set(errors_of(response))
    assert not AwardProposal.objects.exists()


# --- Fields the kind does not use ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_measures_of_another_kind_are_ignored_and_not_saved(client, commune_officer):
    """A news item posted with a session's numbers (typed, then hidden by the script; or shown without it): the
    numbers are not checked, not required and not saved."""
    client.force_login(commune_officer)
    response = client.post(
        url("outreach_add", "12688"),
        {
            "date": "10/03/2025",
            "kind": "news",
            "topic": "crime",
            "title": "Tin",
            "outlet": "Báo Hưng Yên",
            "attendees": "50",
            "attendees_students": "80",
            "count": "abc",  # garbage in a field the kind does not use blocks nothing
            "recipient_kind": "policy_family",
        },
    )
    assert response.status_code == 302, errors_of(response)
    saved = OutreachActivity.objects.get()
    assert (saved.attendees, saved.attendees_students, saved.count, saved.recipient_kind) == (None, 0, None, "")


@pytest.mark.django_db
def test_changing_the_kind_on_edit_clears_the_old_kinds_measures(client, commune_officer, activity):
    client.force_login(commune_officer)
    response = client.post(
        url("outreach_edit", activity.pk),
        {
            "date": "10/03/2025",
            "kind": "contest",
            "topic": "drugs",
            "title": "Thi tìm hiểu",
            "participants": "90",
            "attendees": "120",  # the session's values, still in the (hidden) inputs
            "attendees_students": "100",
            "attendees_officials": "10",
        },
    )
    assert response.status_code == 302, errors_of(response)
    activity.refresh_from_db()
    assert (activity.kind, activity.participants, activity.attendees) == ("contest", 90, None)
    assert (activity.attendees_students, activity.attendees_officials) == (0, 0)


@pytest.mark.django_db
def test_editing_the_title_keeps_the_target_groups(client, commune_officer, activity):
    """Only the title changes: the groups the form did not change stay (they were reset to 0 before)."""
    client.force_login(commune_officer)
    form = client.get(url("outreach_edit", activity.pk)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data |= {"date": "10/03/2025", "title": "Tên mới"}
    assert client.post(url("outreach_edit", activity.pk), data).status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.attendees_students, activity.attendees_officials) == ("Tên mới", 100, 10)


@pytest.mark.django_db
def test_the_page_marks_each_measure_with_its_kinds_and_loads_the_script(client, commune_officer):
    client.force_login(commune_officer)
    body = client.get(url("outreach_add", "12688")).content.decode()
    assert 'data-depends-on="kind" data-shown-for="session"' in body  # the attendees and their groups
    assert 'data-shown-for="contest"' in body  # participants
    assert "antq/dependent-fields.js" in body and "<script>" not in body  # a file, no inline script


@pytest.mark.django_db
def test_a_planned_festival_ignores_the_date_of_holding(client, commune_officer, festival):
    client.force_login(commune_officer)
    page = reverse("activities:festival_commune", args=["12688"]) + "?nam=2025"
    data = {"planned_date": "15/08/2025", "place": "Sân vận động", "status": "planned", "held_on": "16/08/2025"}
    assert client.post(page, data).status_code == 302
    festival.refresh_from_db()
    assert (festival.status, festival.held_on) == ("planned", None)


@pytest.mark.django_db
def test_a_collective_proposal_ignores_the_persons_fields_and_a_non_medal_the_medals(
    client, commune_officer, award_forms
):
    client.force_login(commune_officer)
    response = client.post(
        url("proposal_add", "12688"),
        {
            "year": "2025",
            "form": award_forms["giay-khen-giam-doc"].pk,
            "nominee_kind": "collective",
            "collective_name": "Tổ bảo vệ ANTT thôn An Lạc",
            "full_name": "Trần Văn Bình",  # a person's fields, typed before switching to a collective
            "birth_date": "không rõ",
            "national_id": "12ab",
            "achievements": "Giữ vững an ninh thôn.",
            "medal_basis": "leader",  # the medal's, for a Giấy khen
            "prior_years": "nhiều",
        },
    )
    assert response.status_code == 302, errors_of(response)
    saved = AwardProposal.objects.get()
    assert (saved.collective_name, saved.full_name, saved.national_id, saved.birth_date) == (
        "Tổ bảo vệ ANTT thôn An Lạc",
        "",
        "",
        None,
    )
    assert (saved.medal_basis, saved.prior_years) == ("", Decimal(0))


# --- A repeated activity asks for confirmation ---------------------------------------------------------------------

SAME_SESSION = {"date": "10/03/2025", "kind": "session", "topic": "law", "title": "Buổi khác tên", "attendees": "120"}
SAME_SESSION |= {"attendees_students": "100", "attendees_officials": "10"}


@pytest.mark.django_db
def test_a_repeated_activity_asks_vẫn_lưu_then_saves(client, commune_officer, activity):
    """Same day, kind, unit and numbers as the fixture's session (its title and topic differ): asked, then saved."""
    client.force_login(commune_officer)
    response = client.post(url("outreach_add", "12688"), SAME_SESSION)
    assert response.status_code == 200 and response.context["duplicate"]
    body = response.content.decode()
    assert "Trùng với hoạt động đã ghi ngày 10/03/2025 (Lớp, buổi tuyên truyền, 120 người dự)" in body
    assert 'name="confirm_duplicate" value="1"' in body
    assert OutreachActivity.objects.count() == 1
    response = client.post(url("outreach_add", "12688"), SAME_SESSION | {"confirm_duplicate": "1"})
    assert response.status_code == 302
    assert OutreachActivity.objects.count() == 2


@pytest.mark.django_db
def test_other_numbers_are_not_a_repeat_and_nothing_is_asked_before(client, commune_officer, activity):
    client.force_login(commune_officer)
    assert 'name="confirm_duplicate"' not in client.get(url("outreach_add", "12688")).content.decode()
    assert client.post(url("outreach_add", "12688"), SAME_SESSION | {"attendees": "121"}).status_code == 302
    assert OutreachActivity.objects.count() == 2


@pytest.mark.django_db
def test_an_edit_that_makes_an_activity_repeat_another_asks_too(client, commune_officer, activity, dong_hung):
    other = services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(attendees=130))
    client.force_login(commune_officer)
    response = client.post(url("outreach_edit", other.pk), SAME_SESSION)
    assert response.status_code == 200 and response.context["duplicate"]
    other.refresh_from_db()
    assert other.attendees == 130
    assert client.post(url("outreach_edit", other.pk), SAME_SESSION | {"confirm_duplicate": "1"}).status_code == 302
    other.refresh_from_db()
    assert other.attendees == 120


def _quick(rows):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data |= {f"form-{index}-{key}": value for key, value in row.items()}
    return data


@pytest.mark.django_db
def test_quick_entry_asks_about_rows_repeating_a_recorded_activity_or_each_other(client, commune_officer, activity):
    client.force_login(commune_officer)
    story = {"date": "01/04/2025", "kind": "story", "topic": "other", "title": "Gương ông Tốt"}
    session = {key: SAME_SESSION[key] for key in ("date", "kind", "topic", "attendees")}
    session["attendees"] = "120"
    rows = [story, {**story, "title": "GƯƠNG  ông tốt"}, session]  # the same story (case, spaces); the fixture's
    response = client.post(url("outreach_quick", "12688"), _quick(rows))
    assert response.status_code == 200 and response.context["duplicate"]
    body = response.content.decode()
    assert "Trùng với dòng 1 ở trên" in body
    assert "Trùng với hoạt động đã ghi ngày 10/03/2025" not in body  # 120 people, but no target groups: differs
    assert OutreachActivity.objects.count() == 1
    response = client.post(url("outreach_quick", "12688"), _quick(rows) | {"confirm_duplicate": "1"})
    assert response.status_code == 302
    assert OutreachActivity.objects.count() == 4


@pytest.mark.django_db
def test_quick_entry_shows_the_rows_field_errors_and_rule_errors_together(client, commune_officer):
    """Row 1 has a date that does not parse, row 2 breaks a kind's rule: both marked in the same answer."""
    client.force_login(commune_officer)
    rows = [
        {"date": "32/01/2025", "kind": "story", "topic": "other", "title": "Gương tốt"},
        {"date": "02/04/2025", "kind": "contest", "topic": "law", "title": "Thi"},  # no participants
    ]
    response = client.post(url("outreach_quick", "12688"), _quick(rows))
    forms = response.context["formset"].forms
    assert set(forms[0].errors) == {"date"}
    assert forms[1].errors["participants"] == ["Số lượt người dự thi: cần nhập đối với hình thức “Cuộc thi”."]
    assert not OutreachActivity.objects.exists()


@pytest.mark.django_db
def test_a_decision_missing_its_number_date_and_signer_names_all_three(province_officer, approved_proposal):
    with pytest.raises(services.ValidationFailed) as refused:
        awards.proposal_transition(actor=province_officer, proposal=approved_proposal, to_status="decided")
    assert [field for field, _ in refused.value.problems] == ["decision_number", "decision_date", "signer"]
