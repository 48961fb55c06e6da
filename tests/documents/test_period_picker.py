"""The documents pages pick periods from a list and show them by their labels, never as codes (issue 17 item 6)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from antq.core.periods import Period, reporting_year
from antq.documents import services as document_services
from antq.documents.forms import period_groups


def _options(body: str) -> dict[str, str]:
    select = re.search(r'<select id="id_period" name="period">(.*?)</select>', body, re.S)
    assert select is not None
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select.group(1)))


def test_only_periods_that_have_started_are_offered_by_their_labels():
    groups = dict(period_groups(dt.date(2026, 5, 1)))
    assert list(groups) == [
        "Năm",
        "6 tháng, quý năm 2026",
        "6 tháng, quý năm 2025",
        "Giai đoạn",
    ]
    assert groups["6 tháng, quý năm 2026"] == [
        ("2026H1", "6 tháng đầu năm 2026"),
        ("2026Q1", "quý I năm 2026"),
        ("2026Q2", "quý II năm 2026"),
    ]
    assert groups["Năm"][0] == ("2026", "năm 2026") and groups["Năm"][-1] == ("2013", "năm 2013")
    assert groups["Giai đoạn"] == [("2021..2025", "giai đoạn 2021 - 2025"), ("2016..2025", "giai đoạn 2016 - 2025")]


@pytest.mark.django_db
def test_the_new_report_form_is_a_list_of_periods_last_year_chosen(client, commune_officer):
    client.force_login(commune_officer)
    body = client.get("/van-ban/12688/").content.decode()
    options = _options(body)
    last_year = str(reporting_year() - 1)
    assert options[last_year] == f"Năm {last_year}"
    assert f'<option value="{last_year}" selected>' in body
    assert options[f"{last_year}Q3"] == f"Quý III năm {last_year}"
    assert "2025H1 (sơ kết 6 tháng)" not in body  # the old typed-code help text
    assert 'type="text" name="period"' not in body


@pytest.mark.django_db
def test_a_period_picked_from_the_list_drafts_its_report(client, commune_officer, team):
    client.force_login(commune_officer)
    response = client.post("/van-ban/12688/tao/", {"period": "2025Q3"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Quý III năm 2025</nav>" in detail


@pytest.mark.django_db
def test_a_code_that_is_not_a_period_is_refused_in_vietnamese(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post("/van-ban/12688/tao/", {"period": "2026-Y"}, follow=True)
    assert "Kỳ báo cáo “2026-Y” không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_lists_and_pages_show_period_labels_not_codes(client, commune_officer, dong_hung, team):
    document = document_services.document_create(actor=commune_officer, unit=dong_hung, period=Period.parse("2025H1"))
    client.force_login(commune_officer)
    for address in ("/van-ban/", "/van-ban/12688/"):
        body = client.get(address).content.decode()
        assert "<td>6 tháng đầu năm 2025</td>" in body
        assert "<td>2025H1</td>" not in body
    for address in (f"/van-ban/bao-cao/{document.pk}/sua/", f"/van-ban/bao-cao/{document.pk}/phat-hanh/"):
        body = client.get(address).content.decode()
        assert "6 tháng đầu năm 2025" in body and "2025H1<" not in body
