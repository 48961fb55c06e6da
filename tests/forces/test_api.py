"""Forces API: scope, masking (CCCD always masked), viewers get nothing personal, constant query counts."""

import pytest

from antq.forces import services
from tests.forces.fixtures import member_data


@pytest.mark.django_db
def test_members_are_masked_and_scoped(client, commune_officer, other_commune_officer, team, thon_dong, leader):
    client.force_login(commune_officer)
    items = client.get("/api/v1/forces/members").json()["items"]
    assert [m["full_name"] for m in items] == ["Trần Văn Bình"]
    assert items[0]["national_id"] == "••••••••0111" and items[0]["phone"] == "0912345678"
    assert "033075000111" not in client.get(f"/api/v1/forces/members/{leader.pk}").content.decode()
    client.force_login(other_commune_officer)
    assert client.get("/api/v1/forces/members").json()["items"] == []
    assert client.get(f"/api/v1/forces/members/{leader.pk}").status_code == 404
    assert client.get(f"/api/v1/forces/teams/{team.pk}").status_code == 404


@pytest.mark.django_db
def test_province_sees_masked_phone_and_viewer_sees_nothing(client, province_officer, viewer, leader):
    client.force_login(province_officer)
    member = client.get("/api/v1/forces/members").json()["items"][0]
    assert member["phone"].startswith("•") and member["phone"].endswith("5678")
    client.force_login(viewer)
    assert client.get("/api/v1/forces/members").json()["items"] == []
    assert client.get("/api/v1/forces/teams").json()["items"] == []
    assert client.get(f"/api/v1/forces/members/{leader.pk}").status_code == 404


@pytest.mark.django_db
def test_teams_and_trainings(client, commune_officer, team, leader):
    services.training_record(
        actor=commune_officer,
        member=leader,
        course="Tập huấn PCCC",
        hours=8,
        start_date=leader.start_date,
        end_date=leader.start_date,
    )
    client.force_login(commune_officer)
    teams = client.get("/api/v1/forces/teams", {"commune": "12688"}).json()["items"]
    assert teams[0]["member_count"] == 1 and set(teams[0]["localities"]) == {"Thôn Đông", "Thôn Tây"}
    trainings = client.get("/api/v1/forces/trainings").json()["items"]
    assert [t["course"] for t in trainings] == ["Tập huấn PCCC"]


@pytest.mark.django_db
def test_member_list_query_count_is_constant(client, commune_officer, team, thon_dong, django_assert_max_num_queries):
    client.force_login(commune_officer)
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    with django_assert_max_num_queries(40) as one:
        client.get("/api/v1/forces/members")
    for i in range(49):
        services.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name=f"Người {i}", national_id=f"03308003{i:04d}"),
        )
    with django_assert_max_num_queries(40) as fifty:
        assert len(client.get("/api/v1/forces/members").json()["items"]) == 50
    assert len(one.captured_queries) == len(fifty.captured_queries)


@pytest.mark.django_db
def test_team_leader_gets_no_cccd_and_no_birth_date_in_the_api(client, team_leader, leader):
    client.force_login(team_leader)
    member = client.get(f"/api/v1/forces/members/{leader.pk}").json()
    assert member["national_id"] == "" and member["birth_date"] is None
    assert member["phone"] == "0912345678"  # the leader calls the team's members


def _train(actor, member):
    return services.training_record(
        actor=actor,
        member=member,
        course="Tập huấn PCCC",
        hours=8,
        start_date=member.start_date,
        end_date=member.start_date,
    )


@pytest.mark.django_db
def test_trainings_api_filters_by_commune(
    client, province_officer, commune_officer, other_commune_officer, leader, other_team, thon_tan_tien
):
    other = services.member_add(
        actor=other_commune_officer,
        team=other_team,
        **member_data(thon_tan_tien, full_name="Vũ Văn Tân", national_id="033080009876"),
    )
    _train(commune_officer, leader)
    _train(other_commune_officer, other)
    client.force_login(province_officer)
    assert len(client.get("/api/v1/forces/trainings").json()["items"]) == 2
    only_dong_hung = client.get("/api/v1/forces/trainings", {"commune": "12688"}).json()["items"]
    assert [t["member_id"] for t in only_dong_hung] == [leader.pk]
    only_tan_tien = client.get("/api/v1/forces/trainings", {"commune": "12583"}).json()["items"]
    assert [t["member_id"] for t in only_tan_tien] == [other.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"team": "99999999999999999999999"}, {"team": "²"}, {"team": "0"}])
def test_member_api_refuses_garbage_ids_with_a_clear_error_not_a_500(client, commune_officer, leader, query):
    client.force_login(commune_officer)
    response = client.get("/api/v1/forces/members", query)
    assert response.status_code in (400, 422), response.status_code
    assert response.json()  # the API's JSON error shape, not an HTML 500
