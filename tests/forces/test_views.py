"""Forces pages: scope, masking, audited full CCCD view, team leader page, constant query counts."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from antq.accounts.models import AuditEntry, RoleAssignment
from antq.forces import services
from antq.forces.models import SecurityTeam
from tests.factories import UserFactory
from tests.forces.fixtures import member_data


def team_leader_user(team):
    user = UserFactory(username=f"tt_{team.pk}", home_unit=team.commune)
    RoleAssignment.objects.create(
        user=user,
        role="team_leader",
        unit=team.commune,
        valid_from=dt.date(2024, 1, 1),
        bound_type=ContentType.objects.get_for_model(SecurityTeam),
        bound_id=team.pk,
    )
    return user


@pytest.mark.django_db
def test_commune_list_shows_teams_and_warnings(client, commune_officer, team):
    client.force_login(commune_officer)
    response = client.get(reverse("forces:commune_teams", args=["12688"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert team.name in body and "Tổ chưa có Tổ trưởng" in body
    filtered = client.get(reverse("forces:commune_teams", args=["12688"]), {"warning": "no_leader"})
    assert [t.pk for t in filtered.context["page"]] == [team.pk]


@pytest.mark.django_db
def test_lists_are_masked_and_member_page_shows_full_cccd_once_audited(
    client, commune_officer, team, thon_dong, province_officer
):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    client.force_login(commune_officer)
    team_page = client.get(reverse("forces:team", args=[team.pk])).content.decode()
    assert "••••••••1234" in team_page and "033080001234" not in team_page
    member_page = client.get(reverse("forces:member", args=[member.pk])).content.decode()
    assert "033080001234" in member_page
    assert AuditEntry.objects.filter(action=3, object_pk=str(member.pk), actor=commune_officer).count() == 1
    client.force_login(province_officer)
    province_view = client.get(reverse("forces:member", args=[member.pk])).content.decode()
    assert "033080001234" not in province_view and "••••••••1234" in province_view


@pytest.mark.django_db
def test_viewer_never_receives_personal_fields(client, viewer, commune_officer, team, thon_dong):
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    client.force_login(viewer)
    assert client.get(reverse("forces:commune_teams", args=["12688"])).status_code == 404
    assert client.get(reverse("forces:team", args=[team.pk])).status_code == 404
    overview = client.get(reverse("forces:province", args=["33"]))
    assert overview.status_code == 200
    body = overview.content.decode()
    assert "Nguyễn Văn An" not in body and "1234" not in body and "0912345678" not in body


@pytest.mark.django_db
def test_member_form_shows_the_rule_that_failed(client, commune_officer, team, thon_dong):
    client.force_login(commune_officer)
    data = member_data(thon_dong, resident_since="01/06/2024")
    data.update({"birth_date": "15/03/1980", "start_date": "01/08/2024", "residence": thon_dong.pk})
    response = client.post(reverse("forces:member_add", args=[team.pk]), data)
    assert response.status_code == 200
    assert "Chưa cư trú tại địa bàn đủ 01 năm" in response.content.decode()
    data["resident_since"] = "01/01/2000"
    response = client.post(reverse("forces:member_add", args=[team.pk]), data)
    assert response.status_code == 302
    assert team.members.get().birth_date == dt.date(1980, 3, 15)


@pytest.mark.django_db
def test_team_leader_sees_own_roster_only_and_proposes(client, commune_officer, team, other_team, leader):
    tl = team_leader_user(team)
    client.force_login(tl)
    page = client.get(reverse("forces:my_team"))
    assert page.status_code == 200 and leader.full_name in page.content.decode()
    assert client.get(reverse("forces:team", args=[other_team.pk])).status_code == 404
    assert client.get(reverse("forces:commune_teams", args=["12688"])).status_code == 404
    response = client.post(reverse("forces:my_team"), {"kind": "end", "member": leader.pk, "reason": "Chuyển đi"})
    assert response.status_code == 302
    assert team.proposals.get().status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["forces:commune_teams", "forces:team"])
def test_query_count_does_not_grow_with_rows(
    client, commune_officer, team, thon_dong, dong_hung, django_assert_max_num_queries, url_name
):
    from antq.geo.models import Locality

    client.force_login(commune_officer)
    args = ["12688"] if url_name == "forces:commune_teams" else [team.pk]
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    with django_assert_max_num_queries(60) as one:
        client.get(reverse(url_name, args=args))
    for i in range(49):
        loc = Locality.objects.create(commune=dong_hung, name=f"Thôn số {i}", kind="thon", households=100)
        services.team_create(
            actor=commune_officer, commune=dong_hung, name=f"Tổ {i}", founded_on=dt.date(2024, 7, 15), localities=[loc]
        )
        services.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name=f"Người {i}", national_id=f"03308001{i:04d}"),
        )
    with django_assert_max_num_queries(60) as fifty:
        client.get(reverse(url_name, args=args))
    assert len(one.captured_queries) == len(fifty.captured_queries)


def _edit_post(member, **changes):
    """The member form as posted back from the edit page (dates dd/mm/yyyy), with `changes`."""
    data = {
        name: value
        for name, value in member_data(member.residence).items()
        if name not in ("national_id", "phone", "birth_date", "resident_since", "start_date", "residence")
    }
    data |= {
        "full_name": member.full_name,
        "birth_date": member.birth_date.strftime("%d/%m/%Y"),
        "resident_since": member.resident_since.strftime("%d/%m/%Y"),
        "start_date": member.start_date.strftime("%d/%m/%Y"),
        "residence": member.residence_id,
        "role": member.role,
        "health_certified": "on",
        "no_prosecution": "on",
    }
    return data | changes


@pytest.mark.django_db
def test_province_edit_form_shows_cccd_and_phone_masked_and_never_saves_them(client, province_officer, leader):
    client.force_login(province_officer)
    response = client.get(reverse("forces:member_edit", args=[leader.pk]))
    body = response.content.decode()
    assert "033075000111" not in body and "0912345678" not in body
    assert "••••••••0111" in body and "••••••5678" in body
    assert not {"national_id", "phone"} & set(response.context["form"].fields)  # shown read-only, not editable
    # A forged post of those fields changes nothing; the rest of the form still saves.
    post = _edit_post(leader, full_name="Trần Văn Bình Mới", national_id="••••••••0111", phone="0900000000")
    assert client.post(reverse("forces:member_edit", args=[leader.pk]), post).status_code == 302
    leader.refresh_from_db()
    assert (leader.full_name, leader.national_id, leader.phone) == ("Trần Văn Bình Mới", "033075000111", "0912345678")


@pytest.mark.django_db
def test_commune_edit_page_shows_full_cccd_and_is_audited_with_unit_and_province(
    client, commune_officer, leader, dong_hung, hung_yen
):
    client.force_login(commune_officer)
    body = client.get(reverse("forces:member_edit", args=[leader.pk])).content.decode()
    assert "033075000111" in body
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS, object_pk=str(leader.pk))
    assert (entry.actor, entry.unit, entry.province) == (commune_officer, dong_hung, hung_yen)
    assert entry.additional_data == {"field": "national_id"}


@pytest.mark.django_db
def test_pending_proposal_phone_is_masked_for_the_province(client, province_officer, commune_officer, team, leader):
    services.proposal_create(
        actor=team_leader_user(team),
        team=team,
        kind="update",
        member=leader,
        payload={"phone": "0977334455"},
        reason="Đổi số",
    )
    client.force_login(province_officer)
    body = client.get(reverse("forces:team", args=[team.pk])).content.decode()
    assert "0977334455" not in body and "••••••4455" in body
    client.force_login(commune_officer)
    assert "0977334455" in client.get(reverse("forces:team", args=[team.pk])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("locality", ["²", "99999999999999999999999", "abc"])
def test_commune_team_list_ignores_a_garbage_locality_filter(client, commune_officer, team, locality):
    client.force_login(commune_officer)
    response = client.get(reverse("forces:commune_teams", args=["12688"]), {"locality": locality})
    assert response.status_code == 200
    assert [t.pk for t in response.context["page"]] == [team.pk]
