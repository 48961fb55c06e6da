"""The Báo cáo tổng kết as DOCX, PDF and XLSX: the Nghị định 30/2020/NĐ-CP layout and the hand-built figures of
tests/documents/fixtures.py, written as literals (never computed by the code under test)."""

import io
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from antq.documents import services
from tests.documents.helpers import docx_text, flat, pdf_fonts, pdf_text

HEADER_LINES = [
    "CÔNG AN TỈNH HƯNG YÊN",
    "PHÒNG XÂY DỰNG\nPHONG TRÀO BẢO VỆ ANTQ",  # broken between word groups (layout.header_lines)
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số:       /BC-CAT-PV05",
    "BÁO CÁO",
    # The subject in two even lines (layout.balanced_lines), not a full line over a stub.
    "Tổng kết công tác xây dựng phong trào\ntoàn dân bảo vệ an ninh Tổ quốc năm 2025",
]
# Each phrase holds fixture figures in Vietnamese format (leading zero below ten, "trên", 94,4%, 59.500).
FIGURES = [
    # The baseline named once per sentence.
    "trên địa bàn tỉnh đang duy trì 02 Tổ bảo vệ an ninh, trật tự ở cơ sở (bằng năm 2024) với 07 thành viên (tăng 75%)",
    "đã bồi dưỡng, tập huấn nghiệp vụ cho 05 thành viên (đạt 71,4%)",
    "kết quả có 17/18 khu dân cư (đạt 94,4%) được công nhận",
    "Toàn tỉnh có 05 tổ hòa giải ở cơ sở với 25 hòa giải viên",
    "đã tiếp nhận 65 vụ việc (tăng 30% so với năm 2024), hòa giải thành 56 vụ việc, đạt tỷ lệ 86,2%",
    "đã tiếp nhận 12 đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh; đã giải quyết 12 đơn (đạt 100%)",
    "đã tổ chức 06 đợt phát động phong trào toàn dân bảo vệ an ninh Tổ quốc với trên 59.500 lượt người tham gia",
    "Quần chúng nhân dân đã cung cấp 13 tin báo, tố giác tội phạm",
]
# Areas the fixture has no data for: their headings and sentences must be absent, not printed as zero.
ABSENT = [
    "Xây dựng, nhân rộng mô hình",
    "điểm mô hình",
    "Tuyên truyền, vận động",
    "Ngày hội",
    "Khen thưởng",
    "Vũ khí",
    "Kinh phí hỗ trợ",
]


@pytest.mark.django_db
def test_docx_has_the_official_header_title_and_every_fixture_figure(province_report):
    text = docx_text(services.document_render(province_report, "docx")[0])
    for line in HEADER_LINES:
        assert f"\n{line}\n" in f"\n{text}\n", line  # whole lines
    assert "Hưng Yên, ngày      tháng      năm" in text
    body = flat(text)
    for phrase in FIGURES:
        assert phrase in body, phrase
    for words in ABSENT:
        assert words not in body, words
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in body and "II. TỒN TẠI, HẠN CHẾ" in body
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" in body
    assert "Nơi nhận:" in body and "- Lưu: VT, PV05." in body and "TRƯỞNG PHÒNG" in body
    assert "Số liệu chưa được phê duyệt" in text  # nothing is approved yet: the footer says so


@pytest.mark.django_db
def test_docx_page_setup_follows_decree_30(province_report):
    document = Document(io.BytesIO(services.document_render(province_report, "docx")[0]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt in (13, 14)
    # Page numbers from page 2: the first page has its own (empty) header; the others carry a PAGE field.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml


@pytest.mark.django_db
def test_docx_has_tables_by_child_unit_and_a_chart(province_report):
    document = Document(io.BytesIO(services.document_render(province_report, "docx")[0]))
    mediation = next(t for t in document.tables if "Tổ hòa giải (tổ)" in [c.text for c in t.rows[0].cells])
    rows = {row.cells[1].text: [c.text for c in row.cells[2:]] for row in mediation.rows[1:]}
    assert rows["Xã Đông Hưng"] == ["3", "15", "40", "36", "90"]
    assert rows["Xã Tân Tiến"] == ["2", "10", "25", "20", "80"]
    assert rows["Toàn tỉnh"] == ["5", "25", "65", "56", "86,2"]
    campaigns = next(
        t for t in document.tables if "Đợt phát động phong trào (đợt)" in [c.text for c in t.rows[0].cells]
    )
    assert [c.text for c in campaigns.rows[-1].cells[1:]] == ["Toàn tỉnh", "6", "trên 59.500"]
    assert len(document.inline_shapes) == 1  # the members-by-commune chart
    assert "Biểu đồ: Thành viên Tổ bảo vệ ANTT theo xã, phường năm\u00a02025" in docx_text(  # last words bound
        services.document_render(province_report, "docx")[0]
    )


@pytest.mark.django_db
def test_pdf_keeps_diacritics_and_figures_with_embedded_fonts(province_report):
    if not Path("/usr/share/fonts/truetype/liberation2").is_dir():
        pytest.fail("No Liberation Serif: apt-get install fonts-liberation2 (or run `make test`, which installs it)")
    data = services.document_render(province_report, "pdf")[0]
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for line in [*HEADER_LINES[:4], "BÁO CÁO", "Hưng Yên, ngày tháng năm"]:
        assert flat(line) in text, line
    for phrase in [
        "02 Tổ bảo vệ an ninh, trật tự ở cơ sở (bằng năm 2024) với 07 thành viên (tăng 75%)",
        "05 thành viên (đạt 71,4%)",
        "17/18 khu dân cư (đạt 94,4%)",
        "05 tổ hòa giải ở cơ sở với 25 hòa giải viên",
        "65 vụ việc (tăng 30% so với năm 2024), hòa giải thành 56 vụ việc, đạt tỷ lệ 86,2%",
        "trên 59.500 lượt người tham gia",
        "13 tin báo, tố giác tội phạm",
    ]:
        assert phrase in text, phrase
    for words in ABSENT:
        assert words not in text, words
    assert "Số liệu chưa được phê duyệt" in text
    fonts = pdf_fonts(data)
    assert fonts and all(embedded for _, embedded in fonts)
    assert any("LiberationSerif" in name.replace("-", "") for name, _ in fonts), fonts


@pytest.mark.django_db
def test_xlsx_has_every_indicator_and_the_figures_by_child_unit(province_report):
    book = openpyxl.load_workbook(io.BytesIO(services.document_render(province_report, "xlsx")[0]))
    summary = {row[1]: row for row in book["Tổng hợp"].iter_rows(min_row=5, values_only=True)}
    assert summary["mediation_cases"][4] == 65 and summary["mediation_cases"][6] == 50
    assert summary["mediation_cases"][7] == 30.0
    assert summary["campaign_participants"][4] == 59500 and summary["campaign_participants"][5] == "trên"
    assert summary["security_team_members_active"][4] == 7
    assert summary["scheme_sites_active"][4] in (None, 0)
    assert "festivals_held" in summary and "weapons_handed_in" in summary  # every indicator has a row
    sheet = book["Theo đơn vị"]
    codes = [cell.value for cell in sheet[2]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Xã Đông Hưng"][codes.index("mediation_cases")] == 40
    assert rows["Xã Tân Tiến"][codes.index("security_team_members_active")] == 3
    assert rows["Tỉnh Hưng Yên"][codes.index("tips_received")] == 13


@pytest.mark.django_db
def test_half_year_is_a_so_ket_compared_with_the_same_half_a_year_before(province_officer, report_data, hung_yen):
    from antq.core.periods import Period

    document = services.document_new(actor=province_officer, unit=hung_yen, period=Period.parse("2025H2"))
    assert document.kind == "interim"
    assert document.subject == (
        "Sơ kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc 6 tháng cuối năm 2025"
    )
    assert document.content["baseline_label"] == "cùng kỳ năm 2024"
    text = flat(docx_text(services.document_render(document, "docx")[0]))
    # Stock on 31/12/2025 against 31/12/2024 (same half, a year earlier): 07 members against 04.
    assert "(bằng cùng kỳ năm 2024) với 07 thành viên (tăng 75%)" in text
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" in text


@pytest.mark.django_db
def test_custom_range_is_a_tong_ket_giai_doan(province_officer, report_data, hung_yen):
    from antq.core.periods import Period

    document = services.document_new(actor=province_officer, unit=hung_yen, period=Period.parse("2013..2023"))
    assert document.kind == "range"
    assert document.subject.endswith("giai đoạn 2013 - 2023")
    text = flat(docx_text(services.document_render(document, "docx")[0]))
    assert "Kỳ báo cáo chưa có số liệu." in text  # no figure before 2024 in the fixture: no area, no zero


@pytest.mark.django_db
def test_commune_report_has_the_commune_header(commune_officer, report_data, dong_hung):
    from antq.core.periods import Period

    document = services.document_new(actor=commune_officer, unit=dong_hung, period=Period.parse("2025"))
    text = docx_text(services.document_render(document, "docx")[0])
    for line in ["UBND XÃ ĐÔNG HƯNG", "CÔNG AN XÃ ĐÔNG HƯNG", "Số:       /BC-CAX", "TRƯỞNG CÔNG AN XÃ"]:
        assert line in text.splitlines(), line
    body = flat(text)
    assert "Toàn xã có 03 tổ hòa giải ở cơ sở với 15 hòa giải viên" in body
    assert "trên địa bàn xã đang duy trì 01 Tổ bảo vệ an ninh, trật tự ở cơ sở" in body
    assert "PHỤ LỤC" not in body  # a commune has no child units to tabulate
