"""Forces forms (issue 16, item 10): every error at once — the fields and the service's rules in one pass, each on
its field (antq.core.forms.RuleChecked) —, and fields that do not apply hidden or ignored (the over-70 decision and
“Vẫn thêm” rendered hidden until they apply; the proposal's phone by antq.core.forms.depends, with
antq/dependent-fields.js; no inline script)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from antq.forces import services
from antq.forces.models import RosterProposal, SecurityTeam, TeamMember
from tests.forces.fixtures import member_data
from tests.forces.test_views import team_leader_user


def _posted(residence, **changes):
    """The add-member form as a browser posts it."""
    data = {k: v for k, v in member_data(residence).items() if not isinstance(v, bool)}
    data |= {
        "birth_date": "15/03/1980",
        "resident_since": "01/01/2000",
        "start_date": "01/08/2024",
        "residence": residence.pk,
        "health_certified": "on",
        "no_prosecution": "on",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def _hidden(body, name):
    """Whether the form carries `name` as a hidden input (not shown), or shows it."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    assert found, name
    return 'type="hidden"' in found.group(0)


def _no_inline_script(body):
    return all("src=" in tag for tag in re.findall(r"<script[^>]*>", body))


@pytest.mark.django_db
def test_member_form_shows_field_and_rule_errors_at_once_each_on_its_field(client, commune_officer, team, thon_dong):
    client.force_login(commune_officer)
    data = _posted(
        thon_dong,
        phone="12ab",  # a field error
        birth_date="02/01/2010",  # too young on the start date: a rule
        national_id="033210001234",
        education="primary",  # a rule
        health_certified=None,  # a rule
    )
    response = client.post(reverse("forces:member_add", args=[team.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "birth_date", "education", "health_certified"}
    assert "Chưa đủ 18 tuổi" in errors["birth_date"][0]
    assert TeamMember.objects.count() == 0


@pytest.mark.django_db
def test_a_rule_on_a_field_that_did_not_validate_is_left_for_later(client, commune_officer, team, thon_dong):
    client.force_login(commune_officer)
    response = client.post(
        reverse("forces:member_add", args=[team.pk]), _posted(thon_dong, birth_date="31/02/1980", education="primary")
    )
    errors = response.context["form"].errors
    assert set(errors) == {"birth_date", "education"}  # the date cannot be read: no age rule on it
    assert len(errors["birth_date"]) == 1


@pytest.mark.django_db
def test_the_over_70_decision_is_shown_only_when_it_applies(client, commune_officer, team, thon_dong):
    client.force_login(commune_officer)
    url = reverse("forces:member_add", args=[team.pk])
    page = client.get(url).content.decode()
    assert _hidden(page, "age_exception_decision") and _hidden(page, "confirm_duplicate")
    response = client.post(url, _posted(thon_dong, birth_date="01/01/1950", national_id="033050001234"))
    body = response.content.decode()
    assert not _hidden(body, "age_exception_decision")  # asked for, with the rule that asks
    assert "quyết định của Chủ tịch UBND cấp xã" in response.context["form"].errors["age_exception_decision"][0]
    response = client.post(
        url, _posted(thon_dong, birth_date="01/01/1950", national_id="033050001234", age_exception_decision="7/QĐ")
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_possible_duplicate_is_confirmed_with_vẫn_thêm(client, commune_officer, team, thon_dong):
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    client.force_login(commune_officer)
    url = reverse("forces:member_add", args=[team.pk])
    twin = _posted(thon_dong, national_id="033080009999")
    response = client.post(url, twin)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Có thể trùng người" in response.context["form"].errors["confirm_duplicate"][0]
    assert not _hidden(body, "confirm_duplicate")  # the box appears with the warning
    assert TeamMember.objects.count() == 1
    assert client.post(url, twin | {"confirm_duplicate": "on"}).status_code == 302
    assert TeamMember.objects.count() == 2


@pytest.mark.django_db
def test_member_edit_shows_every_problem_at_once(client, commune_officer, leader, team, thon_dong):
    from tests.forces.test_views import _edit_post

    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, national_id="033080009999"))
    client.force_login(commune_officer)
    post = _edit_post(leader, phone="abc", start_date="01/07/2024", national_id=leader.national_id)
    response = client.post(reverse("forces:member_edit", args=[leader.pk]), post)
    assert set(response.context["form"].errors) == {"phone", "start_date"}
    leader.refresh_from_db()
    assert leader.start_date == dt.date(2024, 8, 1)


@pytest.mark.django_db
def test_team_form_shows_every_problem_at_once(client, commune_officer, team, dong_hung):
    from antq.geo.models import Locality

    free = Locality.objects.create(commune=dong_hung, name="Thôn Bắc", kind="thon", households=90)
    client.force_login(commune_officer)
    future = (dt.date.today() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("forces:team_create", args=["12688"]),
        {"name": team.name.upper(), "localities": [free.pk], "founded_on": future, "decision_date": "01/01/1999"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"name", "founded_on", "decision_date"}
    assert "đã có Tổ đang hoạt động tên" in errors["name"][0]
    assert SecurityTeam.objects.count() == 1


@pytest.mark.django_db
def test_team_edit_page_renames_and_refuses_a_taken_name(client, commune_officer, team, dong_hung):
    from antq.geo.models import Locality

    nam = Locality.objects.create(commune=dong_hung, name="Thôn Nam", kind="thon", households=90)
    services.team_create(
        actor=commune_officer, commune=dong_hung, name="Tổ thôn Nam", founded_on=dt.date(2024, 7, 1), localities=[nam]
    )
    client.force_login(commune_officer)
    url = reverse("forces:team_edit", args=[team.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Tổ thôn Nam", "decision_number": "12/QĐ-UBND"})
    assert "đã có Tổ đang hoạt động tên" in response.context["form"].errors["name"][0]
    assert client.post(url, {"name": "Tổ Đông Tây", "decision_number": "12/QĐ-UBND"}).status_code == 302
    team.refresh_from_db()
    assert team.name == "Tổ Đông Tây"


@pytest.mark.django_db
def test_proposal_phone_field_applies_only_to_a_phone_change(client, team, leader):
    user = team_leader_user(team)
    client.force_login(user)
    url = reverse("forces:my_team")
    page = client.get(url).content.decode()
    assert 'data-depends-on="kind"' in page and 'data-shown-for="update"' in page
    assert "antq/dependent-fields.js" in page and _no_inline_script(page)
    response = client.post(url, {"kind": "update", "member": leader.pk, "phone": "", "reason": "Đổi số"})
    assert response.context["form"].errors == {"phone": ["Cần nhập số điện thoại mới."]}
    response = client.post(url, {"kind": "end", "member": leader.pk, "phone": "abc", "reason": ""})
    assert set(response.context["form"].errors) == {"reason"}  # the phone that does not apply is not checked
    assert (
        client.post(url, {"kind": "end", "member": leader.pk, "phone": "abc", "reason": "Chuyển đi"}).status_code == 302
    )
    assert RosterProposal.objects.get().payload == {}  # …nor kept
