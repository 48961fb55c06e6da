"""Dashboard, drill-down, CLI and API: the same figures, scoped, and lists that add up to them."""

import datetime as dt
import io
import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from antq.core.periods import MIN_YEAR, Period, max_year
from antq.forces import services as forces
from antq.reporting import services
from tests.forces.fixtures import member_data


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000


@pytest.fixture
def three_members(commune_officer, team, thon_dong):
    people = [
        ("Nguyễn Văn An", "033080001234", dt.date(1980, 3, 15)),
        ("Lê Văn Bảo", "033081001235", dt.date(1981, 3, 15)),
        ("Trần Văn Cao", "033082001236", dt.date(1982, 3, 15)),
    ]
    return [
        forces.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name=name, national_id=cccd, birth_date=born),
        )
        for name, cccd, born in people
    ]


@pytest.mark.django_db
def test_dashboard_shows_figures_children_and_change(
    client, province_officer, other_commune_officer, tan_tien, three_members
):
    services.values_enter(
        actor=other_commune_officer,
        unit=tan_tien,
        period=Period.parse("2024"),
        values={"tips_received": ("10", "exact")},
    )
    services.values_enter(
        actor=other_commune_officer,
        unit=tan_tien,
        period=Period.parse("2025"),
        values={"tips_received": ("12", "at_least")},
    )
    client.force_login(province_officer)
    response = client.get("/bao-cao/33/2025/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thành viên Tổ bảo vệ ANTT" in body
    assert "trên 12" in body and "+20%" in body  # 10 → 12, with its qualifier
    rows = {r["unit"].code: r["values"] for r in response.context["rows"]}
    assert rows["12688"]["security_team_members_active"] == 3
    assert rows["12583"]["security_team_members_active"] == 0


@pytest.mark.django_db
def test_no_change_is_shown_without_a_baseline(client, commune_officer, dong_hung):
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Period.parse("2025"), values={"campaigns": ("3", "exact")}
    )
    client.force_login(commune_officer)
    items = [i for items in client.get("/bao-cao/12688/2025/").context["areas"].values() for i in items]
    campaign = next(i for i in items if i["indicator"].code == "campaigns")
    assert campaign["change"] is None


@pytest.mark.django_db
def test_drilldown_lists_the_records_that_make_the_figure(client, commune_officer, three_members):
    client.force_login(commune_officer)
    response = client.get("/bao-cao/12688/2025/chi-tiet/security_team_members_active/")
    records = response.context["records"]
    assert records.paginator.count == response.context["value"].value == 3
    body = response.content.decode()
    assert "Lê Văn Bảo" in body and "033081001235" not in body


@pytest.mark.django_db
def test_drilldown_of_entered_values_adds_up(
    client, province_officer, commune_officer, other_commune_officer, dong_hung, tan_tien
):
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Period.parse("2025"), values={"mediators": ("14", "exact")}
    )
    services.values_enter(
        actor=other_commune_officer, unit=tan_tien, period=Period.parse("2025"), values={"mediators": ("9", "exact")}
    )
    client.force_login(province_officer)
    response = client.get("/bao-cao/33/2025/chi-tiet/mediators/")
    rows = list(response.context["entered"])
    assert sum(r.value for r in rows) == response.context["value"].value == 23


@pytest.mark.django_db
def test_viewer_drilldown_shows_per_unit_figures_not_names(client, viewer, three_members):
    client.force_login(viewer)
    response = client.get("/bao-cao/33/2025/chi-tiet/security_team_members_active/")
    assert response.status_code == 200
    assert "Lê Văn Bảo" not in response.content.decode()
    assert dict((c.code, v) for c, v in response.context["children"])["12688"] == 3


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_records(
    client, province_officer, commune_officer, team, thon_dong, django_assert_max_num_queries
):
    client.force_login(province_officer)
    forces.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    with django_assert_max_num_queries(200) as one:
        client.get("/bao-cao/33/2025/")
    for i in range(20):
        forces.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name=f"Người {i}", national_id=f"03308002{i:04d}"),
        )
    with django_assert_max_num_queries(200) as many:
        client.get("/bao-cao/33/2025/")
    assert len(one.captured_queries) == len(many.captured_queries)


@pytest.mark.django_db
def test_cli_prints_json_keyed_by_code(ministry_officer, three_members):
    out = io.StringIO()
    call_command(
        "indicators",
        "--unit",
        "Xã Đông Hưng, Hưng Yên",
        "--period",
        "2025",
        "--format",
        "json",
        "--as",
        ministry_officer.username,
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["security_team_members_active"] == {
        "value": 3,
        "qualifier": "exact",
        "source": "computed",
        "approved": None,
    }
    assert data["mediation_cases"]["source"] == "entered"


@pytest.mark.django_db
def test_cli_is_scoped_to_the_user(commune_officer, three_members):
    out = io.StringIO()
    call_command("indicators", "--unit", "12688", "--period", "2025", "--as", commune_officer.username, stdout=out)
    assert json.loads(out.getvalue())["security_team_members_active"]["value"] == 3
    # Out of the officer's scope the unit is not found, as on the web and the API (tester, issue 17): the
    # province's title over the commune's own figures was the fault.
    for code in ("33", "08"):
        with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
            call_command("indicators", "--unit", code, "--period", "2025", "--as", commune_officer.username)


@pytest.mark.django_db
def test_api_returns_the_same_object(client, province_officer, three_members):
    client.force_login(province_officer)
    response = client.get("/api/v1/indicators", {"unit": "12688", "period": "2025"})
    assert response.status_code == 200
    assert response.json()["security_team_members_active"]["value"] == 3
    assert client.get("/api/v1/indicators", {"unit": "00694", "period": "2025"}).status_code == 404


@pytest.mark.django_db
def test_index_redirects_to_own_unit_and_404_without_role(client, commune_officer, no_role_user):
    client.force_login(commune_officer)
    assert client.get("/bao-cao/").url.startswith("/bao-cao/12688/")
    client.force_login(no_role_user)
    assert client.get("/bao-cao/").status_code == 404


@pytest.mark.django_db
def test_chart_is_svg(client, province_officer, three_members):
    client.force_login(province_officer)
    response = client.get("/bao-cao/33/2025/bieu-do/security_team_members_active.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and "Đông Hưng".encode() in response.content


# --- Periods in page URLs: one bounded parser, a quick 404 for the rest --------------------------------------

BAD_PERIODS = ["1900..9998", "1900..9999", "1999", "9999", "2025Q٣", "²⁰²⁵", "99999999999999999999999", "2023..2013"]
PERIOD_ROUTES = [
    "/bao-cao/{code}/{period}/",
    "/bao-cao/{code}/{period}/nhap/",
    "/bao-cao/{code}/{period}/tinh-hinh/",
    "/bao-cao/{code}/{period}/chi-tiet/security_team_members_active/",
    "/bao-cao/{code}/{period}/bieu-do/security_team_members_active.svg",
]


@pytest.mark.django_db
@pytest.mark.parametrize("route", PERIOD_ROUTES)
def test_period_outside_the_bounds_in_a_page_url_is_a_quick_400_saying_why(client, commune_officer, route):
    client.force_login(commune_officer)
    for period in BAD_PERIODS:
        started = time.monotonic()
        response = client.get(route.format(code="12688", period=period), HTTP_ACCEPT_LANGUAGE="en-US")
        assert response.status_code == 400, (route, period)
        assert "lỗi 400" in response.content.decode(), (route, period)
        assert time.monotonic() - started < 10, (route, period)  # was minutes of CPU before the bounds
    response = client.post(f"/bao-cao/12688/{BAD_PERIODS[0]}/chuyen/", {"to": "submitted"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_bad_period_on_another_units_page_is_still_404(client, other_commune_officer):
    client.force_login(other_commune_officer)
    assert client.get("/bao-cao/12688/1900..9998/").status_code == 404  # scope first: nothing about 12688 leaks


@pytest.mark.django_db
def test_bad_period_page_names_the_allowed_years(client, commune_officer):
    client.force_login(commune_officer)
    page = client.get("/bao-cao/12688/1900..9998/").content.decode()
    assert "nằm ngoài khoảng cho phép" in page and "Về trang chủ" in page
    assert "không hợp lệ" in client.get("/bao-cao/12688/2025Q٣/").content.decode()


@pytest.mark.django_db
def test_longest_allowed_range_answers_the_dashboard(client, province_officer, three_members):
    client.force_login(province_officer)
    longest = f"{MIN_YEAR}..{max_year()}"
    assert client.get(f"/bao-cao/33/{longest}/").status_code == 200
    assert client.get("/bao-cao/33/２０２５/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"sort": "²"}, {"chart": "99999999999999999999999"}, {"sort": "-" * 500}])
def test_dashboard_ignores_garbage_in_its_query_string(client, province_officer, query):
    client.force_login(province_officer)
    assert client.get("/bao-cao/33/2025/", query).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["1900..9998", "1900..9999", "２０２５Q٣"])
def test_cli_refuses_a_period_outside_the_bounds_in_vietnamese(ministry_officer, period):
    with pytest.raises(CommandError, match="Kỳ báo cáo"):
        call_command("indicators", "--unit", "33", "--period", period, "--as", ministry_officer.username)


@pytest.mark.django_db
def test_a_period_still_running_shows_no_change_for_its_flows(client, commune_officer, dong_hung):
    """A year in progress holds only part of its flows: 1 campaign so far against last year's 4 is not "-75%"."""
    this_year = Period.parse(str(dt.date.today().year))
    last_year = this_year.previous()
    for period, count in ((last_year, "4"), (this_year, "1")):
        services.values_enter(
            actor=commune_officer, unit=dong_hung, period=period, values={"campaigns": (count, "exact")}
        )
    client.force_login(commune_officer)

    def campaigns(period):
        areas = client.get(f"/bao-cao/12688/{period.code}/").context["areas"]
        return next(i for items in areas.values() for i in items if i["indicator"].code == "campaigns")

    assert campaigns(this_year)["change"] is None
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=last_year.previous(), values={"campaigns": ("2", "exact")}
    )
    assert campaigns(last_year)["change"] == 100  # an ended year still compares: 2 → 4


@pytest.mark.django_db
def test_a_refused_save_on_a_closed_period_says_so_once(client, commune_officer, settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 0
    client.force_login(commune_officer)
    response = client.post("/bao-cao/12688/2025Q3/nhap/", {"tips_received": "3", "tips_received_q": "exact"})
    assert response.status_code == 200
    assert response.content.decode().count("Đã hết hạn nhập số liệu") == 1
