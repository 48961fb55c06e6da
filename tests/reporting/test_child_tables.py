"""Tables of child units add up (issue 15 item 6): a row per child, the row recorded at the unit's own level and
the total row; for every summable declared indicator the rows add up to the unit's figure, at nation and province
level (a commune has no child units, so no table). One builder (`selectors.child_table`) serves the dashboard,
the document appendix and the XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from antq.activities import services as activities
from antq.core.indicators import INDICATORS, Aggregation, where
from antq.core.periods import Period
from antq.core.text import place_sort_key
from antq.documents import content as document_content
from antq.documents import services as document_services
from antq.documents.sheets import report_xlsx
from antq.documents.word import appendix_table
from antq.geo.models import AdminUnit, Level
from antq.reporting import selectors
from antq.reporting import services as reporting_services
from tests.activities.fixtures import activity_data
from tests.conftest import unit

Y2025 = Period.parse("2025")
# Every summable indicator, enumerated from the declarations (none listed by hand).
SUMMABLE = [code for code, i in INDICATORS.items() if i.aggregation == Aggregation.SUM]
OWN_KINDS = ("session", "news", "banners", "contest", "story", "visit")


@pytest.fixture
def own_level_data(report_data, province_officer, commune_officer, hung_yen, dong_hung, decided_award):
    """The documents' hand-built Hưng Yên 2025 (communes' entries, the province's own 2 campaigns, forces), plus
    outreach of every kind recorded by the PV05 division itself (in no commune) and two sessions in Đông Hưng,
    and an award decided for Đông Hưng."""
    for kind in OWN_KINDS:
        activities.activity_record(actor=province_officer, unit=hung_yen, **activity_data(kind))
    activities.activity_record(actor=commune_officer, unit=dong_hung, **activity_data("session"))
    # A second session just like it (confirmed: the same day and numbers ask "Vẫn lưu").
    activities.activity_record(
        actor=commune_officer, unit=dong_hung, confirm_duplicate=True, **activity_data("session")
    )
    return report_data


def _adds_up(table: selectors.ChildTable, code: str) -> tuple[Decimal, Decimal]:
    rows = sum(Decimal(r.values.get(code) or 0) for r in [*table.rows, table.own])
    return rows, Decimal(table.total.values.get(code) or 0)


def _headline(actor, place, codes):
    return {
        c: v.value for c, v in selectors.indicator_values(actor=actor, unit=place, period=Y2025, codes=codes).items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["nation", "province"])
def test_rows_and_own_level_add_up_to_the_figure_for_every_summable_indicator(
    level, own_level_data, ministry_officer, province_officer
):
    actor, place = (ministry_officer, unit("VN")) if level == "nation" else (province_officer, unit("33"))
    table = selectors.child_table(actor=actor, unit=place, period=Y2025, codes=SUMMABLE)
    headline = _headline(actor, place, SUMMABLE)  # the figure printed above the table, computed on its own
    wrong = {}
    for code in SUMMABLE:
        rows, total = _adds_up(table, code)
        if not (rows == total == Decimal(headline[code] or 0)):
            wrong[code] = (rows, total, headline[code])
    assert wrong == {}
    assert any(table.own.values.get(c) for c in SUMMABLE) or level == "nation"


@pytest.mark.django_db
def test_the_province_departments_own_work_is_its_own_row_not_lost(own_level_data, province_officer, hung_yen):
    table = selectors.child_table(actor=province_officer, unit=hung_yen, period=Y2025, codes=SUMMABLE)
    assert table.own.label == "Cấp tỉnh (Phòng PV05)"
    assert table.own.values["outreach_sessions"] == 1  # the division's own session; Đông Hưng's two are its own
    assert {r.unit.code: r.values["outreach_sessions"] for r in table.rows}["12688"] == 2
    assert table.own.values["campaigns"] == 2  # entered on the province itself
    assert table.total.values["outreach_sessions"] == 3


@pytest.mark.django_db
def test_nationally_each_province_departments_own_work_counts_in_its_province(
    own_level_data, ministry_officer, province_officer, hung_yen
):
    nation = selectors.child_table(actor=ministry_officer, unit=unit("VN"), period=Y2025, codes=SUMMABLE)
    province = selectors.child_table(actor=province_officer, unit=hung_yen, period=Y2025, codes=SUMMABLE)
    row = next(r for r in nation.rows if r.unit.code == "33")
    for code in SUMMABLE:
        assert Decimal(row.values.get(code) or 0) == Decimal(province.total.values.get(code) or 0), code
    assert nation.own.label == "Cấp Bộ (Cục V05)"


@pytest.mark.django_db
def test_a_share_in_the_total_row_is_the_ratio_of_the_total_sums(report_data, province_officer, hung_yen):
    codes = ["residential_areas_assessed", "residential_areas_safe", "residential_areas_safe_pct"]
    table = selectors.child_table(actor=province_officer, unit=hung_yen, period=Y2025, codes=codes)
    shares = {r.unit.code: r.values["residential_areas_safe_pct"] for r in table.rows}
    assert (shares["12688"], shares["12583"]) == (Decimal("90.0"), Decimal("100.0"))
    assert table.total.values["residential_areas_safe_pct"] == Decimal("94.4")  # 17/18, not 90 + 100 nor their mean


@pytest.mark.django_db
def test_distinct_counts_say_why_they_do_not_add_up(province_officer, hung_yen):
    distinct = [str(i.code) for i in where(aggregation=Aggregation.DISTINCT)]
    assert distinct  # scheme types and schemes
    table = selectors.child_table(actor=province_officer, unit=hung_yen, period=Y2025, codes=distinct)
    assert len(table.notes) == 1 and "không trùng lặp" in table.notes[0]
    assert all(INDICATORS[c].label in table.notes[0] for c in distinct)
    summable = selectors.child_table(actor=province_officer, unit=hung_yen, period=Y2025, codes=SUMMABLE[:3])
    assert summable.notes == []


@pytest.mark.django_db
def test_a_commune_has_no_child_units_so_no_child_table(report_data, commune_officer, dong_hung):
    assert selectors.child_units(commune_officer, dong_hung) == []
    content = document_content.build(actor=commune_officer, unit=dong_hung, period=Y2025)
    assert content["tables"] == [] and content["children"] == []


def _number(cell: str) -> Decimal:
    return Decimal(0) if cell in ("–", "") else Decimal(cell.split()[-1].replace(".", "").replace(",", "."))


@pytest.mark.django_db
def test_the_appendix_rows_add_up_to_its_total_row_which_is_the_narratives_figure(
    own_level_data, province_officer, hung_yen
):
    document = document_services.document_create(actor=province_officer, unit=hung_yen, period=Y2025)
    content = document.content
    text = " ".join(p for area in content["areas"] for p in area["paragraphs"])
    checked = []
    for table in content["tables"]:
        _header, rows, _ = appendix_table(table, content["child_level"])
        assert rows[-2][1] == "Cấp tỉnh (Phòng PV05)" and rows[-2][0] == ""  # own level, not numbered
        for index, column in enumerate(table["columns"], start=2):
            code = column["code"]
            if INDICATORS[code].aggregation != Aggregation.SUM:
                continue
            total = _number(rows[-1][index])
            figure = Decimal(content["figures"][code][0] or 0)
            if INDICATORS[code].kind == "money":
                assert total == (figure / 1_000_000).quantize(Decimal("0.1"))
                continue
            assert total == figure, code  # the total row is the figure of the text…
            assert sum(_number(row[index]) for row in rows[:-1]) == total, code  # …and the rows add up to it
            checked.append(code)
    assert "outreach_sessions" in checked
    # 3 classes in the text: the division's own 1 and Đông Hưng's 2 (the appendix used to print only the 2).
    assert "tổ chức tuyên truyền 03 lớp, buổi" in text
    sessions = next(t for t in content["tables"] if "outreach_sessions" in [c["code"] for c in t["columns"]])
    column = 1 + [c["code"] for c in sessions["columns"]].index("outreach_sessions")
    assert (sessions["own"][column], sessions["total"][column]) == ("1", "3")


@pytest.mark.django_db
def test_the_xlsx_lists_the_own_level_before_the_total(own_level_data, province_officer, hung_yen):
    document = document_services.document_create(actor=province_officer, unit=hung_yen, period=Y2025)
    document.content = document_content.with_every_child_figure(actor=province_officer, document=document)
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(document)))["Theo đơn vị"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    codes = rows[1][2:]
    names = [row[1] for row in rows]
    own, total = names.index("Cấp tỉnh (Phòng PV05)"), names.index(document.content["unit_name"])
    assert total == own + 1
    for index, code in enumerate(codes, start=2):
        if INDICATORS[code].aggregation == Aggregation.SUM:
            assert sum(Decimal(row[index] or 0) for row in rows[2:total]) == Decimal(rows[total][index] or 0), code


@pytest.mark.django_db
def test_the_dashboard_table_shows_the_own_level_and_the_total_rows(client, own_level_data, province_officer):
    client.force_login(province_officer)
    response = client.get("/bao-cao/33/2025/")
    footer = {r["label"]: r["values"] for r in response.context["footer"]}
    assert list(footer) == ["Cấp tỉnh (Phòng PV05)", "Tổng cộng"]
    assert (footer["Cấp tỉnh (Phòng PV05)"]["outreach_sessions"], footer["Tổng cộng"]["outreach_sessions"]) == (1, 3)
    body = response.content.decode()
    assert '<tr class="own"><th scope="row">Cấp tỉnh (Phòng PV05)</th>' in body


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["nation", "province"])
def test_legacy_units_values_are_in_the_rows_of_the_units_they_became(
    level, commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    """2024 figures entered for units that closed on 1/7/2025 count in today's unit they became, in the table as in
    the figure above it: Xã Đông Sơn's tips in Đông Hưng's row, Thái Bình's campaigns in Hưng Yên's own level (a
    province row nationally) — never in the total only."""
    y2024 = Period.parse("2024")
    old_ward = AdminUnit.objects.get(level=Level.COMMUNE, code="12703", valid_to__isnull=False)  # Xã Đông Sơn
    thai_binh = AdminUnit.objects.get(level=Level.PROVINCE, code="34", valid_to__isnull=False)
    reporting_services.values_enter(
        actor=commune_officer, unit=old_ward, period=y2024, values={"tips_received": ("7", "exact")}
    )
    reporting_services.values_enter(
        actor=province_officer, unit=thai_binh, period=y2024, values={"campaigns": ("12", "exact")}
    )
    reporting_services.values_enter(
        actor=commune_officer, unit=dong_hung, period=y2024, values={"campaigns": ("1", "exact")}
    )
    codes = ["tips_received", "campaigns"]
    actor, place = (ministry_officer, unit("VN")) if level == "nation" else (province_officer, hung_yen)
    table = selectors.child_table(actor=actor, unit=place, period=y2024, codes=codes)
    for code in codes:
        rows = sum(Decimal(r.values.get(code) or 0) for r in [*table.rows, table.own])
        assert rows == Decimal(table.total.values[code]), code
    by_code = {r.unit.code: r.values for r in table.rows}
    if level == "province":
        assert by_code["12688"]["tips_received"] == 7
        assert (table.own.values["campaigns"], by_code["12688"]["campaigns"]) == (12, 1)
    else:
        assert (by_code["33"]["tips_received"], by_code["33"]["campaigns"]) == (7, 13)


# --- Order (case F13) ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_child_units_missing_children_and_the_dashboard_list_communes_in_vietnamese_order(
    client, province_officer, hung_yen, hung_yen_communes
):
    expected = sorted((c.name for c in hung_yen_communes), key=place_sort_key)
    # D before Đ (case F13), u before ư: neither holds by folded name.
    assert expected.index("Xã Diên Hà") < expected.index("Xã Đại Đồng") < expected.index("Xã Đoàn Đào")
    assert expected.index("Xã Thụy Anh") < expected.index("Xã Thư Trì")
    assert [c.name for c in selectors.child_units(province_officer, hung_yen)] == expected
    assert [c.name for c, _status in selectors.missing_children(hung_yen, Y2025)] == expected
    client.force_login(province_officer)
    response = client.get(reverse("reporting:dashboard", args=["33", "2025"]))
    assert [row["unit"].name for row in response.context["rows"]] == expected
