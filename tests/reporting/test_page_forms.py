"""The reporting pages as a tester walked them (issue 15): the period picker offers every period of the year and
works without JavaScript; a province's submit form takes one reason for every commune left blank, keeps what was
typed when refused and folds its long list; stacked tables keep their column labels on a phone; drill-downs name
periods as people read them; a commune's support money drills down to the members paid."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from antq.core.periods import Period
from antq.forces import services as forces_services
from antq.forces.models import BaseSalary
from antq.reporting import services
from antq.reporting.models import MissingReport, Submission

HUNG_YEN_COMMUNES = ("11992", "11995", "12583", "12688")  # the test world's communes of Hưng Yên


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000


def _options(body: str) -> tuple[dict[str, str], list[str]]:
    """The period picker's options {code: label} and the codes marked selected."""
    select = re.search(r'<select id="period-choice" name="period">(.*?)</select>', body, re.S)
    assert select, "no period picker"
    found = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', select.group(1))
    return {code: label for code, _, label in found}, [code for code, selected, _ in found if selected]


# --- 1. The period picker ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2025-11", "2025Q4", "2025H2", "2025", "2025-01"])
def test_the_picker_offers_the_years_halves_quarters_and_months_with_the_pages_period_selected(
    client, commune_officer, period
):
    client.force_login(commune_officer)
    options, selected = _options(client.get(f"/bao-cao/12688/{period}/").content.decode())
    assert selected == [period]
    within = ["2025H1", "2025H2", *(f"2025Q{q}" for q in range(1, 5)), *(f"2025-{m:02d}" for m in range(1, 13))]
    assert set(within) <= set(options)
    assert {"2026", "2025", "2024", "2013"} <= set(options)
    assert options["2025-11"] == "Tháng 11 năm 2025" and options["2025Q4"] == "Quý IV năm 2025"
    assert options["2025H2"] == "6 tháng cuối năm 2025" and options["2024"] == "Năm 2024"


@pytest.mark.django_db
def test_a_range_page_offers_its_range_selected(client, province_officer):
    client.force_login(province_officer)
    options, selected = _options(client.get("/bao-cao/33/2013..2023/").content.decode())
    assert selected == ["2013..2023"] and options["2013..2023"] == "Giai đoạn 2013 - 2023"


@pytest.mark.django_db
def test_the_picker_works_without_javascript(client, commune_officer):
    """A GET form to the unit's page with a submit button; the unit's page redirects to the period chosen."""
    client.force_login(commune_officer)
    body = client.get("/bao-cao/12688/2025/").content.decode()
    form = re.search(r'<form method="get" action="([^"]+)" class="filters period-picker".*?</form>', body, re.S)
    assert form and form.group(1) == "/bao-cao/12688/" and '<button type="submit">' in form.group(0)
    assert "<script>" not in body  # the CSP allows no inline script: the auto-submit is antq/period-select.js
    response = client.get("/bao-cao/12688/", {"period": "2025-11"})
    assert response.status_code == 302 and response.url == "/bao-cao/12688/2025-11/"
    response = client.get("/bao-cao/12688/", {"period": "2025Q4", "trang": "nhap"})
    assert response.status_code == 302 and response.url == "/bao-cao/12688/2025Q4/nhap/"
    assert client.get("/bao-cao/12688/", {"period": "1900..9998"}).status_code == 400
    assert client.get("/bao-cao/12583/", {"period": "2025-11"}).status_code == 404  # another commune's


@pytest.mark.django_db
def test_the_dashboard_links_to_the_entry_form_of_its_period_which_has_the_picker_too(client, commune_officer):
    client.force_login(commune_officer)
    body = client.get("/bao-cao/12688/2025-11/").content.decode()
    assert '<a class="button" href="/bao-cao/12688/2025-11/nhap/">Nhập số liệu tháng 11 năm 2025</a>' in body
    body = client.get("/bao-cao/12688/2025-11/nhap/").content.decode()
    options, selected = _options(body)
    assert selected == ["2025-11"] and "2025-12" in options
    assert 'data-period-url="/bao-cao/12688/PERIOD/nhap/"' in body and 'name="trang" value="nhap"' in body


# --- 2. A province report without every commune -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_of_communes_is_folded_under_its_count_and_one_common_reason_is_offered(client, province_officer):
    client.force_login(province_officer)
    body = client.get("/bao-cao/33/2025/").content.decode()
    assert "<details><summary>4 xã chưa có báo cáo được duyệt" in body  # closed by default
    assert 'name="missing_common"' in body and "Lý do chung cho các xã chưa có báo cáo được duyệt" in body
    for code in HUNG_YEN_COMMUNES:  # each may be left blank for the common reason
        field = re.search(rf'<input name="missing__{code}"[^>]*>', body).group(0)
        assert "required" not in field


@pytest.mark.django_db
def test_the_common_reason_applies_to_every_commune_left_blank(client, province_officer, hung_yen):
    client.force_login(province_officer)
    data = {
        "to": "submitted",
        "confirm": "1",
        "missing_common": "Chưa tổng hợp kịp",
        "missing__12688": "Đang sửa số liệu",
    }
    data |= {f"missing__{code}": "" for code in HUNG_YEN_COMMUNES if code != "12688"}
    response = client.post("/bao-cao/33/2025/chuyen/", data)
    assert response.status_code == 302
    assert Submission.objects.get(unit=hung_yen).status == "submitted"
    reasons = dict(MissingReport.objects.values_list("unit__code", "reason"))
    assert reasons == {"12688": "Đang sửa số liệu", "12583": "Chưa tổng hợp kịp", "11992": "Chưa tổng hợp kịp"} | {
        "11995": "Chưa tổng hợp kịp"
    }


@pytest.mark.django_db
def test_a_refused_submission_shows_the_form_again_with_every_reason_typed(client, province_officer, hung_yen):
    client.force_login(province_officer)
    typed = {"12583": "Chưa gửi", "11992": "Mất điện", "12688": "Đang sửa"}  # 11995 left blank, no common reason
    data = {"to": "submitted", "confirm": "1"} | {f"missing__{code}": typed.get(code, "") for code in HUNG_YEN_COMMUNES}
    response = client.post("/bao-cao/33/2025/chuyen/", data)
    assert response.status_code == 400
    assert not Submission.objects.filter(unit=hung_yen, status="submitted").exists()
    body = response.content.decode()
    assert re.search(r'role="alert">Báo cáo năm 2025 của [^<(]+\(11995\) chưa được duyệt', body)
    for code, reason in typed.items():
        assert re.search(rf'<input name="missing__{code}"[^>]*value="{reason}"', body), code
    assert "<details open><summary>4 xã" in body  # the list the refusal is about, opened


@pytest.mark.django_db
def test_a_refused_early_submission_keeps_the_common_reason(client, province_officer, hung_yen):
    client.force_login(province_officer)
    year = str(dt.date.today().year + 1)  # a period not ended: the early box must be ticked
    data = {"to": "submitted", "confirm": "1", "missing_common": "Các xã chưa hết kỳ"}
    data |= {f"missing__{code}": "" for code in HUNG_YEN_COMMUNES}
    response = client.post(f"/bao-cao/33/{year}/chuyen/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'name="missing_common" maxlength="500" value="Các xã chưa hết kỳ"' in body
    assert "<details><summary>" in body  # nothing typed in the list and the refusal is not about it


@pytest.mark.django_db
def test_a_refused_return_keeps_its_reason_box(client, commune_officer, province_officer, dong_hung):
    services.submission_transition(
        actor=commune_officer, unit=dong_hung, period=Period.parse("2025"), to_status="submitted"
    )
    client.force_login(province_officer)
    response = client.post("/bao-cao/12688/2025/chuyen/", {"to": "returned", "reason": "x" * 501})
    assert response.status_code == 400
    assert "dài quá 500 ký tự" in response.content.decode()
    assert f'value="{"x" * 501}"' in response.content.decode()


# --- 3 and 4. Labels in stacked tables; periods as people read them -----------------------------------------------


@pytest.mark.django_db
def test_the_approval_pages_cells_carry_their_column_labels(client, commune_officer, province_officer, dong_hung):
    p = Period.parse("2025")
    services.values_enter(actor=commune_officer, unit=dong_hung, period=p, values={"tips_received": ("4", "exact")})
    for actor, to, reason in (
        (commune_officer, "submitted", ""),
        (province_officer, "approved", ""),
        (province_officer, "draft", "sửa"),
    ):
        services.submission_transition(actor=actor, unit=dong_hung, period=p, to_status=to, reason=reason)
    services.values_enter(actor=commune_officer, unit=dong_hung, period=p, values={"tips_received": ("40", "exact")})
    services.submission_transition(actor=commune_officer, unit=dong_hung, period=p, to_status="submitted")
    client.force_login(province_officer)
    body = client.get("/bao-cao/12688/2025/duyet/").content.decode()
    assert '<td class="num" data-label="Lần duyệt trước">4</td><td class="num" data-label="Hiện tại">40</td>' in body


@pytest.mark.django_db
def test_every_data_cell_of_the_dashboards_child_table_is_labelled(client, province_officer):
    client.force_login(province_officer)
    body = client.get("/bao-cao/33/2025/").content.decode()
    cells = re.findall(r'<td class="num"( data-label="[^"]+")?>', body.split("Theo đơn vị trực thuộc")[1])
    assert cells and all(cells)


@pytest.mark.django_db
def test_entered_values_drilldown_names_periods_as_people_read_them(client, province_officer, commune_officer):
    from tests.conftest import unit

    for month in ("2025-10", "2025-11"):
        services.values_enter(
            actor=commune_officer,
            unit=unit("12688"),
            period=Period.parse(month),
            values={"tips_received": ("2", "exact")},
        )
    client.force_login(province_officer)
    body = client.get("/bao-cao/33/2025/chi-tiet/tips_received/").content.decode()
    assert '<td data-label="Kỳ">Tháng 11 năm 2025</td>' in body and "Tháng 10 năm 2025" in body
    assert ">2025-11<" not in body


@pytest.mark.django_db
def test_the_reopen_box_names_the_province_reports_period_as_people_read_it(
    client, commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    p = Period.parse("2025")
    services.submission_transition(actor=commune_officer, unit=dong_hung, period=p, to_status="submitted")
    services.submission_transition(actor=province_officer, unit=dong_hung, period=p, to_status="approved")
    reasons = {code: "Chưa gửi" for code in HUNG_YEN_COMMUNES if code != "12688"}
    services.submission_transition(
        actor=province_officer, unit=hung_yen, period=p, to_status="submitted", missing_reasons=reasons
    )
    services.submission_transition(actor=ministry_officer, unit=hung_yen, period=p, to_status="approved")
    client.force_login(province_officer)
    assert "Tỉnh Hưng Yên (năm 2025)" in client.get("/bao-cao/12688/2025/").content.decode()


# --- 5. Support money drills down to the members paid ------------------------------------------------------------


@pytest.mark.django_db
def test_a_communes_support_money_drills_down_to_the_members_paid(
    client, commune_officer, province_officer, hung_yen, leader, viewer
):
    forces_services.support_rate_set(
        actor=province_officer,
        province=hung_yen,
        role="leader",
        kind="coefficient",
        coefficient=Decimal("1.5"),
        valid_from=dt.date(2024, 7, 1),
    )
    BaseSalary.objects.create(amount_vnd=2_340_000, valid_from=dt.date(2024, 7, 1))
    client.force_login(commune_officer)
    response = client.get("/bao-cao/12688/2025/chi-tiet/security_team_support_vnd/")
    assert response.context["value"].value == 12 * 3_510_000
    rows = response.context["record_rows"]
    assert [[text for _, text, _ in cells] for _, cells in rows] == [
        ["Xã Đông Hưng", leader.team.name, leader.full_name, "Tổ trưởng", "12", "42.120.000"]
    ]
    client.force_login(viewer)  # no names for a viewer: the commune's own figure, not an empty table
    response = client.get("/bao-cao/12688/2025/chi-tiet/security_team_support_vnd/")
    assert [(u.code, v) for u, v in response.context["children"]] == [("12688", 42_120_000)]
