"""Finding records in drill-down lists (issue 17 item 6): search, filters by child unit, kind and date range, the
filters kept when paging, and the XLSX export of exactly the filtered records, in scope like the page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from antq.activities import services as activity_services
from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.reporting import drilldown
from antq.reporting.forms import DrillDownFilterForm
from antq.reporting.selectors import child_units
from tests.activities.fixtures import activity_data
from tests.conftest import unit

WITH_RECORDS = [code for code, i in INDICATORS.items() if i.records is not None]
SESSIONS = "/bao-cao/{unit}/2025/chi-tiet/outreach_sessions/"
EXPORT = SESSIONS + "tai-ve.xlsx"


def demo_period(code: str) -> Period:
    """The period the demo fills for `code`: 2025, or — for a registry that started later (its area declares a
    `computed_from` after 2025: the tip registry from 1/7/2026) — the half-year it started in."""
    area = INDICATORS[code].area
    starts = [i.computed_from for i in INDICATORS.values() if i.area == area and i.computed_from]
    start = max(starts, default=None)
    if start is None or start.year <= 2025:
        return Period.parse("2025")
    return Period.parse(f"{start.year}H{1 if start.month <= 6 else 2}")


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def sessions(commune_officer, other_commune_officer, dong_hung, tan_tien):
    """Đông Hưng: 3 drug-prevention sessions in March 2025 and one on traffic ("Đội mũ bảo hiểm") in June;
    Tân Tiến: 2 drug-prevention sessions in May."""
    for day in (3, 10, 17):
        activity_services.activity_record(
            actor=commune_officer, unit=dong_hung, **activity_data(date=dt.date(2025, 3, day), attendees=120 + day)
        )
    activity_services.activity_record(
        actor=commune_officer,
        unit=dong_hung,
        **activity_data(date=dt.date(2025, 6, 2), topic="traffic", title="Đội mũ bảo hiểm", attendees=130),
    )
    for day in (5, 6):
        activity_services.activity_record(
            actor=other_commune_officer, unit=tan_tien, **activity_data(date=dt.date(2025, 5, day))
        )


def test_every_drilldown_with_records_declares_a_search():
    """The search box is on every record list: each declaration names at least one field to search."""
    assert [code for code in WITH_RECORDS if not INDICATORS[code].record_filters.search] == []


@pytest.mark.django_db
def test_every_declared_filter_narrows_its_records(province_officer):
    """For every indicator with records (enumerated, none listed by hand), on the demo province: each declared path
    works, each kind's records together make the whole list, a child unit keeps only its own rows, and the period's
    own date range keeps them all."""
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    place = unit("33")
    children = child_units(province_officer, place)
    for code in WITH_RECORDS:
        period = demo_period(code)
        declared = INDICATORS[code].record_filters
        records = INDICATORS[code].records(province_officer, place, period)
        total = records.count()
        assert drilldown.filter_records(records, declared, text="zzzzqqq").count() == 0, code
        if declared.kind:
            kinds = drilldown.kind_choices(declared, records)
            assert kinds, code
            by_kind = [drilldown.filter_records(records, declared, kind=value).count() for value, _ in kinds]
            assert sum(by_kind) == total, code
        if declared.unit:
            by_child = drilldown.filter_records(records, declared, child=children[0]).count()
            assert by_child <= total, code
        if declared.date:
            within = drilldown.filter_records(records, declared, date_from=dt.date(2000, 1, 1), date_to=period.end)
            assert within.count() == total, code
            after = drilldown.filter_records(records, declared, date_from=period.end + dt.timedelta(days=1))
            assert after.count() == 0, code


@pytest.mark.django_db
def test_search_child_kind_and_dates_narrow_the_list(client, province_officer, sessions):
    client.force_login(province_officer)
    url = SESSIONS.format(unit="33")
    assert client.get(url).context["records"].paginator.count == 6
    assert client.get(url, {"q": "mũ bảo"}).context["records"].paginator.count == 1
    assert client.get(url, {"q": "tan tien"}).context["records"].paginator.count == 2  # the unit's folded name
    assert client.get(url, {"don_vi": "12583"}).context["records"].paginator.count == 2
    assert client.get(url, {"loai": "traffic"}).context["records"].paginator.count == 1
    page = client.get(url, {"tu_ngay": "01/03/2025", "den_ngay": "31/03/2025"})
    assert page.context["records"].paginator.count == 3
    assert "Tìm thấy 3 bản ghi khớp điều kiện lọc" in page.content.decode()


@pytest.mark.django_db
def test_a_bad_date_names_its_field_in_vietnamese_and_never_fails(client, province_officer, sessions):
    client.force_login(province_officer)
    page = client.get(SESSIONS.format(unit="33"), {"tu_ngay": "31/02/2025", "don_vi": "12583"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ngày từ: ngày không hợp lệ — nhập theo dạng dd/mm/yyyy" in text
    # While a field is in error nothing filters (not even the unit that parsed), and the page says so (issue 17).
    assert page.context["records"].paginator.count == 6
    assert "Chưa lọc vì ô lọc bị báo lỗi: đang hiện tất cả 6 bản ghi" in text
    assert "tao-tep.xlsx" not in text and "Tải Excel" not in text  # no export of a list whose filters are wrong
    export = client.get(EXPORT.format(unit="33"), {"tu_ngay": "31/02/2025"})
    assert export.status_code == 400
    assert "Ngày từ: ngày không hợp lệ" in export.content.decode()


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused_on_the_end_field(province_officer, hung_yen):
    declared = INDICATORS["outreach_sessions"].record_filters
    form = DrillDownFilterForm(
        {"tu_ngay": "10/03/2025", "den_ngay": "01/03/2025", "loai": "khong-co"},
        filters=declared,
        children=child_units(province_officer, hung_yen),
        kinds=[("drugs", "Phòng, chống ma túy")],
    )
    assert not form.is_valid()
    assert form.errors["den_ngay"] == ["Ngày đến: ngày 01/03/2025 trước ngày bắt đầu 10/03/2025."]
    # The start that parsed does not filter on its own (issue 19): nothing is filtered until the form is right.
    assert form.selected() == {"text": "", "child": None, "kind": "", "date_from": None, "date_to": None}
    assert form.errors["loai"] == ["Chủ đề: “khong-co” không có trong danh sách."]


@pytest.mark.django_db
def test_paging_keeps_the_filters(client, commune_officer, dong_hung):
    for n in range(53):
        activity_services.activity_record(
            actor=commune_officer,
            unit=dong_hung,
            **activity_data(date=dt.date(2025, 4, 1) + dt.timedelta(days=n), title=f"Buổi {n}", topic="law"),
        )
    client.force_login(commune_officer)
    page = client.get(SESSIONS.format(unit="12688"), {"loai": "law", "q": "Buổi"})
    assert page.context["records"].paginator.count == 53
    text = page.content.decode()
    assert 'href="?loai=law&amp;q=Bu%E1%BB%95i&amp;page=2"' in text
    second = client.get(SESSIONS.format(unit="12688"), {"loai": "law", "q": "Buổi", "page": 2})
    assert len(second.context["record_rows"]) == 3


@pytest.mark.django_db
def test_the_export_holds_exactly_the_filtered_records(client, province_officer, sessions):
    client.force_login(province_officer)
    sheet = _sheet(client.get(EXPORT.format(unit="33"), {"loai": "drugs", "tu_ngay": "01/03/2025", "page": "2"}))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Ngày", "Đơn vị", "Hình thức", "Chủ đề", "Nội dung", "Số liệu")
    assert len(rows) == 1 + 5  # the three March sessions and the two of May; the June one is another topic
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4, 5]  # numbers, not text
    first_date = sheet.cell(row=2, column=2)
    assert isinstance(first_date.value, dt.datetime | dt.date)
    assert first_date.number_format == "DD/MM/YYYY"
    assert {row[4] for row in rows[1:]} == {"Phòng, chống ma túy"}


@pytest.mark.django_db
def test_the_export_writes_numbers_as_numbers(client, commune_officer, dong_hung):
    activity_services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data("visit"))
    client.force_login(commune_officer)
    sheet = _sheet(client.get("/bao-cao/12688/2025/chi-tiet/gift_value_vnd/tai-ve.xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Giá trị quà tặng (đồng)"  # the figure's own number per record, after the page's columns
    assert rows[1][-1] == 3_000_000
    assert rows[1][1].date() == dt.date(2025, 3, 10)


@pytest.mark.django_db
def test_the_export_is_scoped_like_the_page(client, viewer, other_province_officer, commune_officer, sessions):
    client.force_login(viewer)  # a viewer sees figures per unit, never the records: no export either
    assert client.get(SESSIONS.format(unit="33")).context.get("records") is None
    assert client.get(EXPORT.format(unit="33")).status_code == 404
    client.force_login(other_province_officer)
    assert client.get(EXPORT.format(unit="33")).status_code == 404
    client.force_login(commune_officer)
    assert client.get(EXPORT.format(unit="12583")).status_code == 404
    assert client.get("/bao-cao/12688/2025/chi-tiet/security_team_members_trained_pct/tai-ve.xlsx").status_code == 404
    # The commune's own export holds its own four sessions only (none of Tân Tiến's).
    rows = list(_sheet(client.get(EXPORT.format(unit="12688"))).iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert {row[2] for row in rows[1:]} == {"Xã Đông Hưng"}


@pytest.mark.django_db
def test_a_filtered_list_reads_as_many_queries_for_1_and_50_records(
    client, province_officer, commune_officer, dong_hung, django_assert_max_num_queries
):
    def record(count, start):
        for n in range(count):
            activity_services.activity_record(
                actor=commune_officer,
                unit=dong_hung,
                **activity_data(date=dt.date(2025, 1, 1) + dt.timedelta(days=start + n), title=f"Buổi {start + n}"),
            )

    client.force_login(province_officer)
    query = {"q": "Buổi", "don_vi": "12688", "loai": "drugs", "tu_ngay": "01/01/2025"}
    record(1, 0)
    with django_assert_max_num_queries(60) as one:
        assert client.get(SESSIONS.format(unit="33"), query).context["records"].paginator.count == 1
    record(49, 1)
    with django_assert_max_num_queries(60) as fifty:
        assert client.get(SESSIONS.format(unit="33"), query).context["records"].paginator.count == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
