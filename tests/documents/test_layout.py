"""Nghị định 30/2020/NĐ-CP details and the number style of the narrative, on their own."""

import datetime as dt

import pytest

from antq.core.narrative import change_pct, count_text, pct_text
from antq.core.periods import Period
from antq.documents import layout


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "Hưng Yên, ngày 05 tháng 01 năm 2026"),  # day < 10 and January: leading zeros
        (dt.date(2026, 2, 28), "Hưng Yên, ngày 28 tháng 02 năm 2026"),  # February keeps its zero too
        (dt.date(2026, 3, 9), "Hưng Yên, ngày 09 tháng 3 năm 2026"),  # from March on, no zero for the month
        (dt.date(2025, 12, 31), "Hưng Yên, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line(day, expected):
    assert layout.date_line("Hưng Yên", day) == expected


def test_blank_date_line_and_number_line_for_a_draft():
    assert layout.date_line("Đông Hưng", None, year=2026) == "Đông Hưng, ngày      tháng      năm 2026"
    assert layout.number_line("", "BC-CAX") == "Số:       /BC-CAX"
    assert layout.number_line("12", "BC-CAT-PV05") == "Số: 12/BC-CAT-PV05"


def test_recipients_and_signature_lines():
    text = "Cục V05, Bộ Công an (để báo cáo)\n- Ban Chỉ đạo tỉnh;\n\nLưu: VT, PV05."
    assert layout.recipient_lines(text) == [
        "- Cục V05, Bộ Công an (để báo cáo);",
        "- Ban Chỉ đạo tỉnh;",
        "- Lưu: VT, PV05.",
    ]
    assert layout.signature_lines("KT.", "Giám đốc", "Phó Giám đốc") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert layout.signature_lines("", "", "Trưởng phòng") == ["TRƯỞNG PHÒNG"]


def test_subjects_per_kind_of_period():
    assert layout.default_subject(Period.parse("2025")).startswith("Tổng kết công tác xây dựng phong trào")
    assert layout.default_subject(Period.parse("2025H1")).endswith("6 tháng đầu năm 2025")
    assert layout.default_subject(Period.parse("2025H1")).startswith("Sơ kết")
    assert layout.default_subject(Period.parse("2013..2023")).endswith("giai đoạn 2013 - 2023")


def test_vietnamese_figures():
    assert count_text(2991) == "2.991"
    assert count_text(59500, "at_least") == "trên 59.500"
    assert count_text(8) == "08"
    assert count_text(60000, "nearly") == "gần 60.000"
    assert pct_text("94.5") == "94,5%"
    assert pct_text(100) == "100%"
    assert str(change_pct(112, 100)) == "12.0"
    assert change_pct(5, 0) is None and change_pct(5, None) is None
