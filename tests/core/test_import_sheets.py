"""Sheets as communes keep them never silently change data (issue 16, items 1–4 and 6), through the shared
machinery and so through every importer: formulas without a stored result are refused, rows that are not data
(totals, signatures, notes, blanks) are set aside and listed with why, hidden rows are flagged and left out unless
asked for, the sheet can be picked, a year alone is not a date and each date column has a plausible range, and
placeholders ("Không có", "-", "x"…) mean empty.

The case files (tests/fixtures/cases/) carry the expected values of the field cases' README; every kind is also
tried through a second importer."""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from functools import partial
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from antq.accounts.models import AuditEntry
from antq.activities.imports import COLUMNS as ACTIVITY_COLUMNS
from antq.activities.imports import OutreachImporter
from antq.activities.models import OutreachActivity
from antq.core.errors import ValidationFailed
from antq.core.imports import (
    BIRTH_DATES,
    RECORD_DATES,
    Action,
    CellError,
    Column,
    ReadOptions,
    error_sheet_xlsx,
    import_confirm,
    import_preview,
    parse_choice,
    parse_date,
    plan_load,
    plan_reread,
    plan_store,
)
from antq.core.imports.cells import YEAR_ONLY, is_placeholder
from antq.core.imports.extent import _xlsx_sheet, _xlsx_sheet_parsed, sheet_extents
from antq.core.imports.importer import UNCACHED_FORMULA
from antq.forces import services as forces_services
from antq.forces.models import Education, TeamMember
from antq.forces.roster import COLUMNS as ROSTER_COLUMNS
from antq.forces.roster import RosterImporter
from antq.geo.imports import EstablishmentImporter, LocalityImporter
from antq.geo.models import Locality
from antq.schemes.imports import SchemeSiteImporter
from antq.schemes.models import SchemeSite
from tests.sheets import (
    CASES,
    ESTABLISHMENT_HEADER,
    LOCALITY_HEADER,
    RawCell,
    hide_rows,
    localities_xlsx,
    ods,
    preview_rows,
    rewrite_sheet,
    with_formula,
    xlsx,
)

ROSTER_HEADER = [column.header for column in ROSTER_COLUMNS]
ACTIVITY_HEADER = [column.header for column in ACTIVITY_COLUMNS]


def _case(name: str) -> bytes:
    return (CASES / name).read_bytes()


def _preview(actor, importer, data, options=None, **context):
    return import_preview(actor=actor, importer=importer, file=data, filename="ds.xlsx", options=options, **context)


def _localities(actor, commune, data, options=None):
    return _preview(actor, LocalityImporter, data, options, commune=commune)


def _refused_whole(actor, plan, *models) -> None:
    """Confirming a plan with errors writes nothing: row counts of `models` and the audit trail are unchanged."""
    before = [model.objects.count() for model in (*models, AuditEntry)]
    with pytest.raises(ValidationFailed) as error:
        import_confirm(actor=actor, plan=plan)
    assert error.value.code == "invalid_rows"
    assert [model.objects.count() for model in (*models, AuditEntry)] == before


@pytest.fixture
def thon_1(dong_hung):
    return Locality.objects.create(commune=dong_hung, name="Thôn 1", kind="thon", households=300)


@pytest.fixture
def team_thon_1(commune_officer, dong_hung, thon_1):
    """The team the roster case files name: "Tổ bảo vệ ANTT Thôn 1", covering Thôn 1 of Xã Đông Hưng."""
    return forces_services.team_create(
        actor=commune_officer,
        commune=dong_hung,
        name="Tổ bảo vệ ANTT Thôn 1",
        founded_on=dt.date(2024, 7, 15),
        localities=[thon_1],
    )


def roster_row(**overrides):
    """A valid new member of "Tổ bảo vệ ANTT Thôn 1" (male, born 1980 in Hưng Yên), by column key."""
    values = {
        "team": "Tổ bảo vệ ANTT Thôn 1",
        "full_name": "Nguyễn Văn An",
        "birth_date": "15/03/1980",
        "gender": "Nam",
        "national_id": "033080001234",
        "ethnicity": "Kinh",
        "education": "THPT",
        "residence": "Thôn 1",
        "phone": "0912345678",
        "role": "Tổ viên",
        "decision_number": "1/QĐ-UBND",
        "decision_date": "01/08/2024",
        "start_date": "05/08/2024",
        "resident_since": "01/01/2000",
        "health_certified": "Có",
        "no_prosecution": "Có",
        "note": None,
    }
    values.update(overrides)
    return [values.get(column.key) for column in ROSTER_COLUMNS]


def _roster(actor, commune, *rows, data=None):
    return _preview(actor, RosterImporter, data or xlsx([ROSTER_HEADER, *rows], title="DANH SÁCH"), commune=commune)


def activity_row(**values):
    return [values.get(column.key) for column in ACTIVITY_COLUMNS]


def _activities(actor, unit, *rows, data=None):
    return _preview(actor, OutreachImporter, data or xlsx([ACTIVITY_HEADER, *rows]), unit=unit)


SESSION = {"kind": "Lớp, buổi tuyên truyền", "topic": "ma tuy", "attendees": 120}


# --- 1. Formulas ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_f07_formulas_saved_without_results_are_refused_naming_row_and_column(commune_officer, dong_hung):
    plan = _localities(commune_officer, dong_hung, _case("F07_formula_no_cache.xlsx"))
    assert plan.errors == [
        f"Dòng 3, cột “Số hộ”: {UNCACHED_FORMULA} (ô D3)",
        f"Dòng 4, cột “Số nhân khẩu”: {UNCACHED_FORMULA} (ô E4)",
    ]
    assert UNCACHED_FORMULA == "công thức chưa có giá trị — mở bằng Excel hoặc LibreOffice rồi lưu lại"
    _refused_whole(commune_officer, plan, Locality)


@pytest.mark.django_db
def test_a_formula_with_a_stored_result_takes_the_result(commune_officer, dong_hung):
    data = with_formula(_case("F07_formula_no_cache.xlsx"), "D3", "SUM(300,5)", "305")
    data = with_formula(data, "E4", "D4*4", "560")
    plan = _localities(commune_officer, dong_hung, data)
    assert plan.is_valid, plan.errors
    import_confirm(actor=commune_officer, plan=plan)
    assert {(loc.name, loc.households, loc.population) for loc in Locality.objects.filter(commune=dong_hung)} == {
        ("Thôn 1", 305, 1200),
        ("Thôn Tân Lập", 140, 560),
    }


@pytest.mark.django_db
def test_a_formula_without_result_in_an_optional_roster_column_is_refused_not_read_as_empty(
    commune_officer, dong_hung, team_thon_1
):
    data = xlsx([ROSTER_HEADER, roster_row()])
    phone = f"{chr(65 + [c.key for c in ROSTER_COLUMNS].index('phone'))}2"
    plan = _roster(commune_officer, dong_hung, data=with_formula(data, phone, '"0912"&"345678"'))
    assert plan.errors == [f"Dòng 2, cột “Số điện thoại”: {UNCACHED_FORMULA} (ô {phone})"]
    _refused_whole(commune_officer, plan, TeamMember)
    with_result = with_formula(data, phone, '"0912"&"345678"', "0912345678", string=True)
    plan = _roster(commune_officer, dong_hung, data=with_result)
    assert plan.is_valid, plan.errors
    assert plan.results[0].instance.phone == "0912345678"


@pytest.mark.django_db
def test_an_activity_count_from_a_formula_takes_its_stored_result(commune_officer, dong_hung):
    data = xlsx([ACTIVITY_HEADER, activity_row(date="10/03/2025", **SESSION)])
    attendees = f"{chr(65 + [c.key for c in ACTIVITY_COLUMNS].index('attendees'))}2"
    plan = _activities(commune_officer, dong_hung, data=with_formula(data, attendees, "100+20", "120"))
    assert plan.is_valid, plan.errors
    assert plan.results[0].instance.attendees == 120
    plan = _activities(commune_officer, dong_hung, data=with_formula(data, attendees, "100+20"))
    assert plan.errors == [f"Dòng 2, cột “Số người dự”: {UNCACHED_FORMULA} (ô {attendees})"]
    _refused_whole(commune_officer, plan, OutreachActivity)


@pytest.mark.django_db
def test_an_empty_text_result_is_a_result_and_a_formula_outside_the_columns_is_ignored(commune_officer, dong_hung):
    data = localities_xlsx(["Thôn Đông", "Thôn", 12, 40, 7])
    data = with_formula(data, "D2", 'IF(1,"","")', "", string=True)  # Excel's way of saving an empty text result
    data = with_formula(data, "E2", "ROW()-1")  # an STT-like column the importer does not read
    plan = _localities(commune_officer, dong_hung, data)
    assert plan.is_valid, plan.errors
    assert "population" not in plan.results[0].row.values


@pytest.mark.django_db
def test_ods_formulas_without_results_are_refused_and_with_results_read(commune_officer, dong_hung):
    without = RawCell('<table:table-cell table:formula="of:=300+5"/>')
    result = RawCell('<table:table-cell table:formula="of:=300+5" office:value-type="float" office:value="305"/>')
    plan = _localities(commune_officer, dong_hung, ods([LOCALITY_HEADER, ["Thôn Đông", "Thôn", without, 40]]))
    assert plan.errors == [f"Dòng 2, cột “Số hộ”: {UNCACHED_FORMULA} (ô C2)"]
    plan = _localities(commune_officer, dong_hung, ods([LOCALITY_HEADER, ["Thôn Đông", "Thôn", result, 40]]))
    assert plan.is_valid and plan.results[0].instance.households == 305


def with_error(data: bytes, ref: str, error: str, formula: str | None = None) -> bytes:
    """The .xlsx with cell `ref` holding the error value `error` (t="e"), as given by `formula` or typed."""
    inner = (f"<f>{formula}</f>" if formula else "") + f"<v>{error}</v>"
    return with_formula(data, ref, "", None, raw=f'<c r="{ref}" t="e">{inner}</c>')


@pytest.mark.django_db
@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?"])
def test_a_formula_whose_result_is_an_error_is_refused_naming_the_error(commune_officer, dong_hung, error):
    data = localities_xlsx(["Thôn Đông", "Thôn", 12, 40], ["Thôn Tây", "Thôn", 20, 80])
    data = with_error(with_error(data, "C2", error, "1/0"), "D3", error)
    plan = _localities(commune_officer, dong_hung, data)
    assert plan.errors == [
        f"Dòng 2, cột “Số hộ”: công thức báo lỗi {error} — sửa công thức trong tệp (ô C2)",
        f"Dòng 3, cột “Số nhân khẩu”: ô chứa giá trị lỗi {error} — nhập giá trị đúng (ô D3)",
    ]
    _refused_whole(commune_officer, plan, Locality)
    with zipfile.ZipFile(BytesIO(data)) as archive:  # the full parser agrees with the fast pass
        parsed = _xlsx_sheet_parsed(partial(archive.open, "xl/worksheets/sheet1.xml"))
    assert parsed.errors == {(2, 3): (error, True), (3, 4): (error, False)}


@pytest.mark.django_db
def test_an_ods_error_result_is_refused(commune_officer, dong_hung):
    cell = RawCell(
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value=""'
        ' calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
    )
    plan = _localities(commune_officer, dong_hung, ods([LOCALITY_HEADER, ["Thôn Đông", "Thôn", cell, 40]]))
    assert plan.errors == ["Dòng 2, cột “Số hộ”: công thức báo lỗi #DIV/0! — sửa công thức trong tệp (ô C2)"]


def _first_sheet(data: bytes):
    with zipfile.ZipFile(BytesIO(data)) as archive:
        opener = partial(archive.open, "xl/worksheets/sheet1.xml")
        return _xlsx_sheet(opener), _xlsx_sheet_parsed(opener)


def test_the_fast_pass_and_the_full_parser_find_the_same_formulas_and_hidden_rows():
    data = localities_xlsx(["Thôn Đông", "Thôn", 1, 2], ["Thôn Tây", "Thôn", 3, 4], ["Thôn Nam", "Thôn", 5, 6])
    data = with_formula(data, "C2", "1+1")
    data = with_formula(data, "D3", "2*2", "4")
    data = with_formula(data, "A4", '""', "", string=True)
    data = hide_rows(data, 3)
    fast, parsed = _first_sheet(data)
    assert fast.uncached == parsed.uncached == frozenset({(2, 3)})
    assert fast.formulas == parsed.formulas == {(2, 3): "1+1"}
    assert fast.hidden_rows == parsed.hidden_rows == frozenset({3})
    # Cells without references go to the full parser, which finds the same.
    import re

    no_refs = rewrite_sheet(data, lambda xml: re.sub(rb' r="[A-Z]+[0-9]+"', b"", xml))
    with zipfile.ZipFile(BytesIO(no_refs)) as archive:
        extent = sheet_extents(archive, "xlsx")["Sheet"]
    assert extent.uncached == frozenset({(2, 3)}) and extent.hidden_rows == frozenset({3})


# --- 2. Rows that are not data ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_f08a_total_and_signature_rows_are_listed_as_skipped_with_why(commune_officer, dong_hung):
    plan = _localities(commune_officer, dong_hung, _case("F08a_total_footer_rows.xlsx"))
    assert plan.is_valid, plan.errors
    assert [(r.row.number, r.row["name"], r.action) for r in plan.results] == [
        (3, "Thôn Đồng Tâm", Action.CREATE),
        (4, "Thôn Bắc Sơn", Action.CREATE),
    ]
    assert plan.skipped == [
        (5, "dòng tổng cộng (“Tổng cộng”), không phải một bản ghi"),
        (6, "dòng trống"),
        (7, "phần ký tên (“Người lập biểu”)"),
        (8, "dòng trống"),
        (9, "dưới phần ký tên — bảng đã kết thúc"),
    ]
    before = Locality.objects.count()
    assert import_confirm(actor=commune_officer, plan=plan).created == 2
    assert Locality.objects.count() == before + 2
    assert not Locality.objects.filter(name__in=["Tổng cộng", "Người lập biểu", "Trần Văn Bình"]).exists()


@pytest.mark.django_db
def test_notes_date_lines_and_signatures_end_an_activity_sheet(commune_officer, dong_hung):
    total = ["Cộng:", None, None, None, None, None, 500]
    plan = _activities(
        commune_officer,
        dong_hung,
        activity_row(date="10/03/2025", **SESSION),
        total,
        [],
        ["Ghi chú: số liệu tạm tính"],
        ["Đông Hưng, ngày 05 tháng 4 năm 2025"],
        ["THỦ TRƯỞNG ĐƠN VỊ"],
        ["(Ký, ghi rõ họ tên)"],
        [None, None, None, "Nguyễn Văn A"],
    )
    assert plan.is_valid, plan.errors
    assert [r.row.number for r in plan.results] == [2]
    assert [number for number, _why in plan.skipped] == [3, 4, 5, 6, 7, 8, 9]
    assert plan.skipped[0][1].startswith("dòng tổng cộng") and plan.skipped[2][1].startswith("ghi chú dưới bảng")
    assert {why for _n, why in plan.skipped[3:]} == {"dưới phần ghi chú — bảng đã kết thúc"}


@pytest.mark.parametrize(
    "text",
    ["Người lập biểu", "THỦ TRƯỞNG ĐƠN VỊ", "Thủ trưởng", "Ký tên", "(Ký, ghi rõ họ tên)",
     "Hưng Yên, ngày … tháng … năm 2025", "ngày   tháng   năm", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
)  # fmt: skip
@pytest.mark.django_db
def test_signature_lines_end_the_table(commune_officer, dong_hung, text):
    plan = _localities(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn"], [text], ["Lê Thị B"]))
    assert [r.row["name"] for r in plan.results] == ["Thôn Đông"]
    assert plan.skipped[0][1].startswith("phần ký tên")
    assert plan.skipped[1] == (4, "dưới phần ký tên — bảng đã kết thúc")


@pytest.mark.django_db
def test_real_names_that_look_like_footer_words_are_data(commune_officer, dong_hung):
    names = ["Tổ 5", "Cộng Hòa", "Thôn Tổng", "Tổng Sơn", "Xóm Cộng", "Khu Ngày Mới", "Thu Trường"]
    plan = _localities(commune_officer, dong_hung, localities_xlsx(*([name, "Thôn"] for name in names)))
    assert plan.skipped == []
    assert [r.row["name"] for r in plan.results] == names


@pytest.mark.django_db
def test_establishment_totals_and_legacy_encoded_footers_are_skipped(commune_officer, dong_hung):
    data = xlsx(
        [
            ESTABLISHMENT_HEADER,
            ["Trường THCS Đông Hưng", "Cơ sở giáo dục", "Trung học cơ sở"],
            ["Tổng số: 1 cơ sở"],
            ["Ng\xadêi lËp biÓu"],  # "Người lập biểu" typed in TCVN3
        ]
    )
    plan = _preview(commune_officer, EstablishmentImporter, data, commune=dong_hung)
    assert plan.is_valid, plan.errors
    assert [r.row["name"] for r in plan.results] == ["Trường THCS Đông Hưng"]
    assert [why.split(" (")[0] for _n, why in plan.skipped] == ["dòng tổng cộng", "phần ký tên"]


@pytest.mark.django_db
def test_a_row_with_nothing_under_the_importers_columns_is_listed(commune_officer, dong_hung):
    data = xlsx([["STT", *LOCALITY_HEADER], [1, "Thôn Đông", "Thôn"], [2], [3, "Thôn Tây", "Thôn"]])
    plan = _localities(commune_officer, dong_hung, data)
    assert [r.row["name"] for r in plan.results] == ["Thôn Đông", "Thôn Tây"]
    assert plan.skipped == [(3, "không có dữ liệu ở các cột cần nhập")]


# --- 3. Hidden rows and sheets ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_f08b_hidden_row_is_flagged_and_left_out_unless_asked_for(commune_officer, dong_hung):
    data = _case("F08b_hidden_row.xlsx")
    plan = _localities(commune_officer, dong_hung, data)
    assert plan.hidden == [4] and plan.cells(4) == ["Thôn 3", "Thôn", 999.0, 9999.0]
    assert [r.row["name"] for r in plan.results] == ["Thôn 2", "Thôn 4"]
    import_confirm(actor=commune_officer, plan=plan)
    assert not Locality.objects.filter(commune=dong_hung, name="Thôn 3").exists()

    plan = _localities(commune_officer, dong_hung, data, ReadOptions(include_hidden=True))
    assert plan.hidden == [4] and [r.row["name"] for r in plan.results] == ["Thôn 2", "Thôn 3", "Thôn 4"]
    import_confirm(actor=commune_officer, plan=plan)
    assert Locality.objects.get(commune=dong_hung, name="Thôn 3").households == 999


@pytest.mark.django_db
def test_hidden_roster_and_ods_rows_are_flagged(commune_officer, dong_hung, team_thon_1):
    second = roster_row(full_name="Trần Văn Ba", national_id="033080005678")
    plan = _roster(commune_officer, dong_hung, data=hide_rows(xlsx([ROSTER_HEADER, roster_row(), second]), 3))
    assert plan.hidden == [3] and [r.row["full_name"] for r in plan.results] == ["Nguyễn Văn An"]
    rows = [LOCALITY_HEADER, ["Thôn Đông", "Thôn"], ["Thôn Ẩn", "Thôn"]]
    plan = _localities(commune_officer, dong_hung, ods(rows, hidden=(3,)))
    assert plan.hidden == [3] and [r.row["name"] for r in plan.results] == ["Thôn Đông"]


def _two_sheets(*, hide_second: bool = False) -> bytes:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Hướng dẫn"
    notes.append(["Điền danh sách ở trang sau"])
    first = book.create_sheet("Danh sách")
    first.append(LOCALITY_HEADER)
    first.append(["Thôn Đông", "Thôn", 10])
    second = book.create_sheet("Bổ sung")
    second.append(["Tên thôn"])  # names one column only: matches less well
    second.append(["Thôn Mới"])
    if hide_second:
        second.sheet_state = "hidden"
    stream = BytesIO()
    book.save(stream)
    return stream.getvalue()


@pytest.mark.django_db
def test_the_best_matching_visible_sheet_is_read_and_another_can_be_picked(commune_officer, dong_hung):
    plan = _localities(commune_officer, dong_hung, _two_sheets())
    assert plan.sheet.name == "Danh sách" and plan.sheet.sheet_names == ["Hướng dẫn", "Danh sách", "Bổ sung"]
    assert [r.row["name"] for r in plan.results] == ["Thôn Đông"]
    plan = _localities(commune_officer, dong_hung, _two_sheets(), ReadOptions(sheet="Bổ sung"))
    assert [r.row["name"] for r in plan.results] == ["Thôn Mới"]
    assert _localities(commune_officer, dong_hung, _two_sheets(hide_second=True)).sheet.sheet_names == [
        "Hướng dẫn",
        "Danh sách",
    ]
    with pytest.raises(ValidationFailed) as error:
        _localities(commune_officer, dong_hung, _two_sheets(hide_second=True), ReadOptions(sheet="Bổ sung"))
    assert error.value.code == "missing_sheet"


@pytest.mark.django_db
def test_an_activity_workbook_is_read_from_its_matching_sheet_or_the_one_picked(commune_officer, dong_hung):
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append(["Ngày", "Ghi chú"])  # names two of the columns
    summary.append(["01/01/2025", "tổng hợp quý"])
    detail = book.create_sheet("Chi tiết")
    detail.append(ACTIVITY_HEADER)
    detail.append(activity_row(date="10/03/2025", **SESSION))
    stream = BytesIO()
    book.save(stream)
    plan = _activities(commune_officer, dong_hung, data=stream.getvalue())
    assert plan.sheet.name == "Chi tiết" and plan.is_valid and len(plan.results) == 1
    with pytest.raises(ValidationFailed, match="Thiếu cột bắt buộc: “Hình thức”, “Chủ đề”"):
        _preview(commune_officer, OutreachImporter, stream.getvalue(), ReadOptions(sheet="Tổng hợp"), unit=dong_hung)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_the_choice_of_hidden_rows_is_part_of_the_stored_plan(commune_officer, dong_hung, media):
    plan = _localities(commune_officer, dong_hung, _case("F08b_hidden_row.xlsx"))
    token = plan_store(plan)
    plan = plan_reread(token, actor=commune_officer, options=ReadOptions(include_hidden=True))
    with pytest.raises(Exception, match="Không tìm thấy tệp"):
        plan_load(token, actor=commune_officer)  # the preview the user no longer sees cannot be confirmed
    token = plan_store(plan)
    loaded = plan_load(token, actor=commune_officer)
    assert loaded.options == ReadOptions(include_hidden=True) and len(loaded.results) == 3
    import_confirm(actor=commune_officer, plan=loaded)
    assert Locality.objects.get(commune=dong_hung, name="Thôn 3").households == 999


@pytest.mark.django_db
def test_the_preview_page_lists_skipped_and_hidden_rows_and_the_choice_survives_to_confirm(
    client, commune_officer, dong_hung, media
):
    client.force_login(commune_officer)
    url = f"/dia-ban/xa/{dong_hung.code}/nhap/thon/"
    upload = SimpleUploadedFile("ds.xlsx", _case("F08a_total_footer_rows.xlsx"))
    page = client.post(url, {"step": "upload", "file": upload}).content.decode()
    assert "Dòng bỏ qua" in page and "Dòng 5: dòng tổng cộng" in page and "Dòng 7: phần ký tên" in page

    upload = SimpleUploadedFile("ds.xlsx", _case("F08b_hidden_row.xlsx"))
    response = client.post(url, {"step": "upload", "file": upload})
    page = response.content.decode()
    assert "Dòng 4 (ẩn) Tên thôn, tổ dân phố: Thôn 3 Loại: Thôn Số hộ: 999 Số nhân khẩu: 9.999" in preview_rows(page)
    assert 'name="include_hidden"' in page
    token = response.context["token"]
    response = client.post(url, {"step": "options", "token": token, "include_hidden": "1"})
    assert "được nhập" in response.content.decode()
    assert client.post(url, {"step": "confirm", "token": token}).status_code == 410  # the old preview is gone
    client.post(url, {"step": "confirm", "token": response.context["token"]})
    assert Locality.objects.get(commune=dong_hung, name="Thôn 3").households == 999


@pytest.mark.django_db
def test_the_error_sheet_says_why_rows_were_set_aside(commune_officer, dong_hung):
    data = localities_xlsx(["Thôn Đông", "Loại lạ"], ["Tổng cộng"], ["Thôn Ẩn", "Thôn"])
    plan = _localities(commune_officer, dong_hung, hide_rows(data, 4))
    sheet = openpyxl.load_workbook(BytesIO(error_sheet_xlsx(plan))).active
    assert sheet["E2"].value.startswith("Dòng 2, cột “Loại”")
    assert sheet["E3"].value.startswith("Bỏ qua: dòng tổng cộng") and sheet["E4"].value == "Dòng ẩn: không nhập"


@pytest.mark.django_db
def test_the_error_sheet_keeps_refused_cells_so_uploading_it_again_is_refused_again(
    client, commune_officer, dong_hung, media
):
    client.force_login(commune_officer)
    url = f"/dia-ban/xa/{dong_hung.code}/nhap/thon/"
    data = with_error(_case("F07_formula_no_cache.xlsx"), "E3", "#DIV/0!", "D3/0")
    response = client.post(url, {"step": "upload", "file": SimpleUploadedFile("ds.xlsx", data)})
    first = response.context["plan"].errors
    assert first[:2] == [
        f"Dòng 3, cột “Số hộ”: {UNCACHED_FORMULA} (ô D3)",
        "Dòng 3, cột “Số nhân khẩu”: công thức báo lỗi #DIV/0! — sửa công thức trong tệp (ô E3)",
    ]
    returned = client.get(url, {"loi": response.context["token"]}).content
    sheet = openpyxl.load_workbook(BytesIO(returned)).active
    assert sheet["D3"].data_type == "f" and sheet["E3"].data_type == "e"
    response = client.post(url, {"step": "upload", "file": SimpleUploadedFile("loi.xlsx", returned)})
    again = response.context["plan"]
    assert again.errors == [
        f"Dòng 3, cột “Số hộ”: {UNCACHED_FORMULA} (ô D3)",
        "Dòng 3, cột “Số nhân khẩu”: ô chứa giá trị lỗi #DIV/0! — nhập giá trị đúng (ô E3)",
        f"Dòng 4, cột “Số nhân khẩu”: {UNCACHED_FORMULA} (ô E4)",
    ]
    client.post(url, {"step": "confirm", "token": response.context["token"]})
    assert not Locality.objects.filter(commune=dong_hung).exists()


def merged(data: bytes, *refs: str) -> bytes:
    """The .xlsx with `refs` ("B3:B5") merged, as Excel saves them after the sheet data (covered cells emptied)."""

    def change(xml: bytes) -> bytes:
        for ref in refs:
            (column, first_row), (_, last_row) = (
                re.fullmatch(r"([A-Z]+)([0-9]+)", end).groups() for end in ref.split(":")
            )
            for number in range(int(first_row) + 1, int(last_row) + 1):
                cell = rb'<c r="' + f"{column}{number}".encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
                xml = re.sub(cell, b"", xml, flags=re.S)
        cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs).encode()
        return xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + cells + b"</mergeCells>")

    return rewrite_sheet(data, change)


@pytest.mark.django_db
def test_a_merged_value_belongs_to_every_row_it_covers(client, commune_officer, dong_hung, media):
    rows = [
        ["Thôn 1", "Thôn", 10, 40],
        ["Thôn 2", "Thôn", 20, 80],
        ["Thôn 3", "Thôn", 30, 90],
        ["Tổ 4", "Tổ dân phố", 5, 9],
    ]
    data = merged(localities_xlsx(*rows, title="DANH SÁCH THÔN"), "B3:B5")
    plan = _localities(commune_officer, dong_hung, data)
    assert plan.is_valid, plan.errors
    assert [r.row.values["kind"] for r in plan.results] == ["thon", "thon", "thon", "to_dan_pho"]
    assert plan.merge_notes == ["ô gộp B3:B5 — giá trị “Thôn” dùng cho các dòng 3–5"]
    fast, parsed = _first_sheet(data)
    assert fast.merges == parsed.merges == ((3, 2, 5, 2),)
    client.force_login(commune_officer)
    upload = SimpleUploadedFile("ds.xlsx", data)
    page = client.post(f"/dia-ban/xa/{dong_hung.code}/nhap/thon/", {"step": "upload", "file": upload}).content.decode()
    assert "Ô gộp B3:B5 — giá trị “Thôn” dùng cho các dòng 3–5" in html.unescape(page)


@pytest.mark.django_db
def test_a_merged_team_and_date_are_read_on_every_member_row(commune_officer, dong_hung, team_thon_1):
    members = [
        roster_row(),
        roster_row(full_name="Trần Thị Bình", gender="Nữ", national_id="033180001235", team=None, start_date=None),
        roster_row(full_name="Lê Văn Cường", national_id="033080001236", team=None, start_date=None),
    ]
    team, start = (f"{chr(65 + [c.key for c in ROSTER_COLUMNS].index(k))}" for k in ("team", "start_date"))
    data = merged(xlsx([ROSTER_HEADER, *members], title="DANH SÁCH"), f"{team}3:{team}5", f"{start}3:{start}5")
    plan = _roster(commune_officer, dong_hung, data=data)
    assert plan.is_valid, plan.errors
    assert [r.instance.start_date for r in plan.results] == [dt.date(2024, 8, 5)] * 3
    assert len(plan.merge_notes) == 2


@pytest.mark.django_db
def test_merges_in_the_title_block_or_over_the_header_are_ignored_and_ods_merges_are_filled(commune_officer, dong_hung):
    data = merged(localities_xlsx(["Thôn 1", "Thôn", 10, 40], title="DANH SÁCH"), "A2:A3")  # header and row 3
    plan = _localities(commune_officer, dong_hung, data)
    assert plan.errors == ["Dòng 3, cột “Tên thôn, tổ dân phố”: không được để trống"] and plan.merge_notes == []
    spanned = RawCell(
        '<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>Thôn</text:p>'
        "</table:table-cell>"
    )
    covered = RawCell("<table:covered-table-cell/>")
    rows = [LOCALITY_HEADER, ["Thôn 1", spanned, 10, 40], ["Thôn 2", covered, 20, 80]]
    plan = _localities(commune_officer, dong_hung, ods(rows))
    assert plan.is_valid, plan.errors
    assert plan.merge_notes == ["ô gộp B2:B3 — giá trị “Thôn” dùng cho các dòng 2–3"]


# --- 4. Dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [2021, 1982.0, "2021", "năm 2021", 1000, 9999, dt.date(1905, 7, 13), dt.datetime(1905, 3, 15)]
)
def test_a_year_alone_is_not_a_date(value):
    # 2021 typed into a cell formatted as a date reaches the importer as 13/07/1905.
    with pytest.raises(CellError, match=YEAR_ONLY):
        parse_date(value)


@pytest.mark.parametrize(
    ("serial", "day"),
    [(1, dt.date(1900, 1, 1)), (59, dt.date(1900, 2, 28)), (61, dt.date(1900, 3, 1)), (45901, dt.date(2025, 9, 1))],
)
def test_serials_follow_excels_1900_calendar(serial, day):
    assert parse_date(serial) == day


def test_excels_phantom_29_february_1900_is_refused():
    with pytest.raises(CellError, match="29/02/1900 không có thật"):
        parse_date(60)
    with pytest.raises(CellError, match="chỉ có tháng/năm"):
        parse_date("09/2021")


def test_date_ranges_refuse_implausible_days():
    today = dt.date(2026, 5, 1)
    assert BIRTH_DATES.problem(dt.date(1900, 12, 31), today=today) == (
        "ngày 31/12/1900 trước 01/01/1901, không hợp lý — hãy kiểm tra lại"
    )
    assert BIRTH_DATES.problem(dt.date(1901, 1, 1), today=today) is None
    assert RECORD_DATES.problem(dt.date(1999, 12, 31), today=today) is not None
    assert RECORD_DATES.problem(today, today=today) is None
    assert RECORD_DATES.problem(dt.date(2026, 5, 2), today=today) == "ngày 02/05/2026 chưa đến"


@pytest.mark.django_db
def test_f11b_years_alone_in_roster_date_columns_are_refused(commune_officer, dong_hung, team_thon_1):
    plan = _roster(commune_officer, dong_hung, data=_case("F11b_year_only_secondary_dates.xlsx"))
    assert plan.errors == [
        f"Dòng 3, cột “Cư trú tại địa bàn từ ngày”: {YEAR_ONLY}",
        f"Dòng 3, cột “Ngày quyết định công nhận”: {YEAR_ONLY}",
    ]
    _refused_whole(commune_officer, plan, TeamMember)


@pytest.mark.django_db
def test_every_roster_date_column_has_its_range(commune_officer, dong_hung, team_thon_1):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    plan = _roster(
        commune_officer,
        dong_hung,
        roster_row(birth_date="15/03/1880"),
        roster_row(decision_date="01/08/1999", national_id="033080001235"),
        roster_row(start_date=tomorrow, national_id="033080001236"),
        roster_row(resident_since=tomorrow, national_id="033080001237"),
    )
    assert [(r.row.number, e.split("”")[0].split("“")[1]) for r in plan.results for e in r.errors] == [
        (3, "Ngày sinh"),
        (4, "Ngày quyết định công nhận"),
        (5, "Ngày tham gia"),
        (6, "Cư trú tại địa bàn từ ngày"),
    ]


@pytest.mark.django_db
def test_activity_and_scheme_dates_are_refused_out_of_range_or_as_a_year(commune_officer, dong_hung, dong_scheme):
    plan = _activities(
        commune_officer,
        dong_hung,
        activity_row(date=2024, **SESSION),
        activity_row(date="01/01/1999", **SESSION),
    )
    assert plan.errors == [
        f"Dòng 2, cột “Ngày”: {YEAR_ONLY}",
        "Dòng 3, cột “Ngày”: ngày 01/01/1999 trước 01/01/2000, không hợp lý — hãy kiểm tra lại",
    ]
    header = [column.header for column in SchemeSiteImporter.columns]
    site = {"Tên mô hình": dong_scheme.name, "Nơi thực hiện": "Toàn xã", "Ngày bắt đầu hoạt động": 2021}
    plan = _preview(
        commune_officer, SchemeSiteImporter, xlsx([header, [site.get(h) for h in header]]), commune=dong_hung
    )
    assert plan.errors == [f"Dòng 2, cột “Ngày bắt đầu hoạt động”: {YEAR_ONLY}"]
    _refused_whole(commune_officer, plan, SchemeSite)


# --- 6. Placeholders --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Không có", "KHÔNG CÓ", "khong co", "không", "Không.", "-", "--", "—", "x", "X", "N/A", "n/a", "chưa có",
             "Chưa Có"]
)  # fmt: skip
def test_placeholders_are_recognised_in_any_case_with_or_without_accents(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Tổ 5", "Không Đông", "0", "xx", "Khôngcó", "Kinh"])
def test_values_are_not_placeholders(text):
    assert not is_placeholder(text)


@pytest.mark.django_db
def test_f10a_phone_khong_co_is_empty_not_khongco(commune_officer, dong_hung, team_thon_1):
    plan = _roster(commune_officer, dong_hung, data=_case("F10a_cccd_phone_numbers.xlsx"))
    third = next(r for r in plan.results if r.row.number == 5)
    assert third.row.get("full_name") == "Phạm Văn Tú"
    assert "phone" not in third.row.values and not third.errors
    assert third.action == Action.CREATE and third.instance.phone == ""


@pytest.mark.django_db
def test_placeholders_in_required_columns_are_refused_naming_the_column(commune_officer, dong_hung, team_thon_1):
    plan = _localities(commune_officer, dong_hung, localities_xlsx(["-", "Thôn"], ["Thôn Đông", "Thôn", "không có"]))
    assert plan.errors == ["Dòng 2, cột “Tên thôn, tổ dân phố”: không được để trống (“-” nghĩa là không có giá trị)"]
    assert "households" not in plan.results[1].row.values  # optional: empty, the stored value stays
    plan = _roster(commune_officer, dong_hung, roster_row(education="Không có", ethnicity="N/A"))
    assert plan.errors == ["Dòng 3, cột “Trình độ học vấn”: không được để trống (“Không có” nghĩa là không có giá trị)"]
    _refused_whole(commune_officer, plan, TeamMember)


@pytest.mark.django_db
def test_words_that_are_answers_in_a_column_stay_answers(commune_officer, dong_hung, team_thon_1):
    plan = _roster(commune_officer, dong_hung, roster_row(health_certified="x", no_prosecution="Không"))
    values = plan.results[0].row.values
    assert values["health_certified"] is True and values["no_prosecution"] is False
    column = Column("education", "Trình độ", parser=parse_choice(Education, aliases={"Không": "none"}))
    assert not column.means_empty("không") and column.means_empty("-")
