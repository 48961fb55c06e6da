"""/api/v1/activities/: lists start from the caller's scope, details answer the same 404 out of scope or missing,
personal data stays masked, filters and pagination, query counts that do not grow with rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.activities import services
from antq.activities.models import OutreachActivity
from antq.geo.models import Locality
from tests.activities.fixtures import activity_data
from tests.api.helpers import API, token_client
from tests.summaries import raw_rows

BASE = f"{API}/activities"


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def province_row(province_officer, hung_yen):
    return services.activity_record(actor=province_officer, unit=hung_yen, **activity_data("news"))


@pytest.mark.django_db
def test_outreach_list_follows_each_roles_scope(
    activity,
    other_activity,
    province_row,
    commune_officer,
    province_officer,
    viewer,
    other_province_officer,
    no_role_user,
):
    assert ids(token_client(commune_officer).get(f"{BASE}/outreach")) == {activity.pk}
    everything = {activity.pk, other_activity.pk, province_row.pk}
    assert ids(token_client(province_officer).get(f"{BASE}/outreach")) == everything
    assert ids(token_client(viewer).get(f"{BASE}/outreach")) == everything
    assert ids(token_client(other_province_officer).get(f"{BASE}/outreach")) == set()
    assert ids(token_client(no_role_user).get(f"{BASE}/outreach")) == set()


@pytest.mark.django_db
def test_outreach_filters_and_fields(activity, other_activity, province_row, province_officer):
    client = token_client(province_officer)
    assert ids(client.get(f"{BASE}/outreach", {"unit": "12688"})) == {activity.pk}
    assert ids(client.get(f"{BASE}/outreach", {"unit": "33", "kind": "news"})) == {province_row.pk}
    assert ids(client.get(f"{BASE}/outreach", {"year": 2024})) == set()
    item = client.get(f"{BASE}/outreach/{activity.pk}").json()
    assert item["unit"] == {"code": "12688", "name": "Xã Đông Hưng"}
    assert (item["kind"], item["attendees"], item["attendees_students"], item["display_type"]) == (
        "session",
        120,
        100,
        None,
    )
    wrong = client.get(f"{BASE}/outreach", {"unit": "99999"})
    assert wrong.status_code == 400 and wrong.json()["field"] == "unit"


@pytest.mark.django_db
def test_details_out_of_scope_look_missing(activity, festival, draft_proposal, decided_award, other_commune_officer):
    client = token_client(other_commune_officer)
    for path in (
        f"outreach/{activity.pk}",
        f"festivals/{festival.pk}",
        f"award-proposals/{draft_proposal.pk}",
        f"awards/{decided_award.pk}",
    ):
        out_of_scope = client.get(f"{BASE}/{path}")
        missing = client.get(f"{BASE}/{path.split('/')[0]}/999999")
        assert out_of_scope.status_code == missing.status_code == 404, path
        assert out_of_scope.json() == missing.json()


@pytest.mark.django_db
def test_proposals_mask_the_cccd_and_are_for_officers_only(draft_proposal, province_officer, viewer):
    item = token_client(province_officer).get(f"{BASE}/award-proposals/{draft_proposal.pk}").json()
    assert item["national_id"] == "••••••••0111" and "birth_date" not in item
    assert (item["name"], item["status"], item["form"]["code"]) == ("Trần Văn Bình", "draft", "giay-khen-giam-doc")
    assert ids(token_client(viewer).get(f"{BASE}/award-proposals")) == set()
    assert token_client(viewer).get(f"{BASE}/award-proposals/{draft_proposal.pk}").status_code == 404


@pytest.mark.django_db
def test_awards_and_festivals(decided_award, festival, province_officer, viewer):
    client = token_client(province_officer)
    award = client.get(f"{BASE}/awards", {"unit": "33"}).json()["items"][0]
    assert (award["name"], award["decision_number"], award["unit"]["code"]) == ("Trần Văn Bình", "123/QĐ-CAT", "12688")
    assert "national_id" not in award
    listed = token_client(viewer).get(f"{BASE}/festivals", {"year": 2025}).json()["items"]
    assert [(f["commune"]["code"], f["status"], f["is_pilot"]) for f in listed] == [("12688", "planned", False)]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["outreach", "festivals", "award-proposals", "awards"])
def test_list_query_count_is_the_same_for_1_and_50_rows(path, request, province_officer):
    from tests.activities.test_views import _communes, _festivals, _proposals

    get = request.getfixturevalue
    client = token_client(province_officer)

    def fill(count):
        if path == "outreach":
            with raw_rows("outreach"):
                OutreachActivity.objects.bulk_create(
                    [
                        OutreachActivity(
                            unit=get("dong_hung"), date=dt.date(2025, 5, 1), topic="law", kind="story", title="x"
                        )
                        for _ in range(count)
                    ]
                )
        elif path == "festivals":
            _festivals(_communes(get("hung_yen"), count) if count > 1 else [get("dong_hung")])
        else:
            _proposals(province_officer, get("hung_yen"), get("award_forms"), count, decided=path == "awards")

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{BASE}/{path}")
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    fill(1)
    client.get(f"{BASE}/{path}")  # warm caches (the token's last use, content types) before counting
    one, count = measure()
    assert count == 1
    fill(49)
    fifty, count = measure()
    assert count == 50
    assert one == fifty


# --- Recording an activity (POST /outreach) ----------------------------------------------------------------------

SESSION = {"unit": "12688", "date": "2025-03-10", "kind": "session", "topic": "law", "title": "Buổi khác tên"}
SESSION |= {"attendees": 120, "attendees_students": 100, "attendees_officials": 10}


def post(user, body):
    return token_client(user).post(f"{BASE}/outreach", body, content_type="application/json")


@pytest.mark.django_db
def test_post_records_an_activity_through_the_service(commune_officer, thon_an):
    response = post(commune_officer, SESSION | {"locality": thon_an.pk})
    assert response.status_code == 201, response.content
    saved = OutreachActivity.objects.get()
    assert response.json()["id"] == saved.pk
    assert (saved.unit.code, saved.attendees, saved.locality, saved.created_by) == (
        "12688",
        120,
        thon_an,
        commune_officer,
    )


@pytest.mark.django_db
def test_post_of_a_repeated_activity_is_refused_until_confirmed(commune_officer, activity):
    """The fixture's session (same day, kind, unit and numbers): 400 `duplicate`, then saved with the flag."""
    response = post(commune_officer, SESSION)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("duplicate", "confirm_duplicate")
    assert body["message"].startswith("Trùng với hoạt động đã ghi ngày 10/03/2025 (Lớp, buổi tuyên truyền, 120")
    assert OutreachActivity.objects.count() == 1
    assert post(commune_officer, SESSION | {"confirm_duplicate": True}).status_code == 201
    assert OutreachActivity.objects.count() == 2


@pytest.mark.django_db
def test_post_lists_every_problem_at_once(commune_officer):
    body = {"unit": "12688", "date": "2999-01-01", "kind": "news", "topic": "law", "title": "Tin"}
    body |= {"link": "baohungyen.vn/a", "attendees": 5}  # no outlet; attendees are not a news item's
    response = post(commune_officer, body)
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert [p["field"] for p in problems] == ["date", "outlet", "attendees", "link"]
    assert problems[2]["message"] == "Số người dự: không dùng cho hình thức “Tin, bài”; hãy để trống."
    assert not OutreachActivity.objects.exists()


@pytest.mark.django_db
def test_post_outside_the_scope_or_with_a_place_elsewhere(commune_officer, other_commune_officer, viewer, tan_tien):
    assert post(other_commune_officer, SESSION).status_code == 404
    assert post(viewer, SESSION).status_code == 404  # reads the commune, may not write
    response = post(commune_officer, SESSION | {"unit": "99999"})
    assert (response.status_code, response.json()["field"]) == (400, "unit")
    elsewhere = Locality.objects.create(commune=tan_tien, name="Thôn Xa", kind="thon")
    response = post(commune_officer, SESSION | {"locality": elsewhere.pk})
    assert (response.status_code, response.json()["field"]) == (400, "locality")
    assert post(commune_officer, SESSION | {"note": "a\x00b"}).status_code == 400  # PostgreSQL text cannot hold NUL
    # Out of scope, a place id answers the same 404 whether it is the unit's or not: nothing about places leaks.
    assert post(other_commune_officer, SESSION | {"locality": elsewhere.pk}).status_code == 404
    assert post(other_commune_officer, SESSION | {"locality": 10**12}).status_code == 404
    assert not OutreachActivity.objects.exists()
