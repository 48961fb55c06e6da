"""/api/v1/schemes/: lists per role (scope, no role → empty), filters, details and 404, contact data rules."""

import datetime as dt

import pytest

from antq.schemes import services
from tests.api.helpers import API, session_client, token_client
from tests.schemes.fixtures import recognise

NOT_FOUND = {"code": "not_found", "message": "Không tìm thấy điểm mô hình.", "field": None}


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.django_db
def test_site_lists_follow_the_callers_scope(
    dong_site, tan_site, hg_site, commune_officer, province_officer, viewer, ministry_officer, no_role_user
):
    assert ids(token_client(commune_officer).get(f"{API}/schemes/sites")) == {dong_site.pk}
    assert ids(token_client(province_officer).get(f"{API}/schemes/sites")) == {dong_site.pk, tan_site.pk}
    assert ids(token_client(viewer).get(f"{API}/schemes/sites?commune=12583")) == {tan_site.pk}
    assert ids(token_client(ministry_officer).get(f"{API}/schemes/sites?province=08")) == {hg_site.pk}
    assert ids(token_client(no_role_user).get(f"{API}/schemes/sites")) == set()
    # A unit outside the scope narrows the list to nothing; an unknown one is an input error.
    assert ids(token_client(commune_officer).get(f"{API}/schemes/sites?commune=12583")) == set()
    assert token_client(commune_officer).get(f"{API}/schemes/sites?commune=99999").status_code == 400


@pytest.mark.django_db
def test_site_detail_and_evaluations(dong_site, commune_officer, other_commune_officer, team):
    services.site_update(actor=commune_officer, site=dong_site, teams=[team])
    services.evaluation_record(
        actor=commune_officer, site=dong_site, evaluated_on=dt.date(2025, 4, 1), assessor="Công an xã", rating="good"
    )
    client = session_client(commune_officer)
    body = client.get(f"{API}/schemes/sites/{dong_site.pk}").json()
    assert body["scheme"] == {"id": dong_site.scheme_id, "name": "Camera an ninh xã Đông Hưng"}
    assert body["scheme_type"]["code"] == "camera-an-ninh"
    assert body["commune"] == {"code": "12688", "name": "Xã Đông Hưng"}
    assert (body["place_kind"], body["place_name"], body["households"], body["status"]) == (
        "locality",
        "Thôn Nam",
        120,
        "active",
    )
    assert (body["latest_rating"], body["latest_evaluated_on"]) == ("good", "2025-04-01")
    assert body["teams"] == [{"id": team.pk, "name": team.name}]
    evaluations = client.get(f"{API}/schemes/sites/{dong_site.pk}/evaluations").json()["items"]
    assert [(e["evaluated_on"], e["rating"]) for e in evaluations] == [("2025-04-01", "good")]
    other = token_client(other_commune_officer)
    missing = other.get(f"{API}/schemes/sites/999999")
    out_of_scope = other.get(f"{API}/schemes/sites/{dong_site.pk}")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json() == NOT_FOUND


@pytest.mark.django_db
def test_site_filters(dong_site, tan_site, province_officer):
    recognise(actor=province_officer, site=tan_site, level="province", decision_date=dt.date(2024, 1, 1))
    client = token_client(province_officer)
    assert ids(client.get(f"{API}/schemes/sites?recognition=province")) == {tan_site.pk}
    assert ids(client.get(f"{API}/schemes/sites?scheme_type=camera-an-ninh")) == {dong_site.pk}
    assert ids(client.get(f"{API}/schemes/sites?scheme_type=khong-co")) == set()
    assert ids(client.get(f"{API}/schemes/sites?lead_organisation=youth")) == {dong_site.pk}
    assert ids(client.get(f"{API}/schemes/sites?overdue=true")) == {dong_site.pk, tan_site.pk}
    assert client.get(f"{API}/schemes/sites?status=dong").status_code == 400


@pytest.mark.django_db
def test_scheme_and_type_endpoints(dong_site, province_scheme, hg_scheme, commune_officer, other_province_officer):
    client = token_client(commune_officer)
    schemes = client.get(f"{API}/schemes/schemes?province=33").json()["items"]
    assert {(s["name"], s["site_count"]) for s in schemes} == {
        ("Camera an ninh xã Đông Hưng", 1),
        ("Tự phòng, tự quản, tự bảo vệ", 0),
    }
    assert client.get(f"{API}/schemes/schemes/{hg_scheme.pk}").status_code == 404
    types = client.get(f"{API}/schemes/types?field=school").json()
    assert [t["code"] for t in types["items"]] == ["truong-hoc-an-toan-antt"]
    camera = client.get(f"{API}/schemes/types").json()
    assert camera["count"] == 20
    assert ids(token_client(other_province_officer).get(f"{API}/schemes/schemes")) == {hg_scheme.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "phone", "address"),
    [
        ("commune_officer", "0912345678", "Thôn Nam, xã Đông Hưng"),
        ("province_officer", "••••••5678", "•" * 18 + "Hưng"),  # contact data masked like a phone
        ("viewer", None, None),
    ],
)
def test_exemplar_contact_data_follows_the_policy(request, dong_exemplar, user, phone, address):
    client = token_client(request.getfixturevalue(user))
    detail = client.get(f"{API}/schemes/exemplars/{dong_exemplar.pk}").json()
    assert (detail["name"], detail["contact_phone"], detail["contact_address"]) == ("Nguyễn Văn Thành", phone, address)
    assert detail["has_photo"] is True
    listed = client.get(f"{API}/schemes/exemplars?year=2025").json()["items"]
    assert [item["name"] for item in listed] == ["Nguyễn Văn Thành"]
    assert "contact_phone" not in listed[0]


@pytest.mark.django_db
def test_exemplars_outside_scope_are_404(dong_exemplar, other_commune_officer, no_role_user):
    for user in (other_commune_officer, no_role_user):
        client = token_client(user)
        assert client.get(f"{API}/schemes/exemplars/{dong_exemplar.pk}").status_code == 404
        assert ids(client.get(f"{API}/schemes/exemplars")) == set()
