"""The official header's bodies and the chart caption wrap where a reader expects: the issuing body breaks between
word groups ("PHÒNG XÂY DỰNG" / "PHONG TRÀO BẢO VỆ ANTQ"), never inside "phong trào"; the caption never leaves its
last number alone on a line ("… cao nhất trong\u00a0104")."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string
from docx import Document
from pypdf import PdfReader

from antq.core.text import NBSP, keep_last_words
from antq.documents import layout, pdf, services
from antq.documents.content import body_blocks


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ ANTQ", ["PHÒNG XÂY DỰNG", "PHONG TRÀO BẢO VỆ ANTQ"]),
        ("Cục Xây dựng phong trào bảo vệ ANTQ", ["CỤC XÂY DỰNG", "PHONG TRÀO BẢO VỆ ANTQ"]),
        ("CÔNG AN TỈNH HƯNG YÊN", ["CÔNG AN TỈNH HƯNG YÊN"]),
        ("CÔNG AN THÀNH PHỐ HỒ CHÍ MINH", ["CÔNG AN", "THÀNH PHỐ HỒ CHÍ MINH"]),
        ("BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ", ["BAN CHỈ ĐẠO PHONG TRÀO", "TOÀN DÂN BẢO VỆ ANTQ"]),
        ("", []),
    ],
)
def test_header_lines_break_between_word_groups(text, lines):
    assert layout.header_lines(text) == lines


def test_header_lines_fit_the_left_column():
    for text in ("PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ ANTQ", "BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ XÃ ĐÔNG HƯNG"):
        assert all(len(line) <= layout.HEADER_LINE_CHARS for line in layout.header_lines(text))


def test_keep_last_words_binds_the_caption_tail():
    caption = "Biểu đồ: Lớp, buổi tuyên truyền theo xã, phường năm 2025: 30 xã, phường cao nhất trong 104"
    assert keep_last_words(caption).endswith(f"cao nhất trong{NBSP}104")
    assert keep_last_words(caption).count(NBSP) == 1
    assert keep_last_words("104") == "104"


@pytest.mark.django_db
def test_the_sheet_prints_the_issuing_body_in_balanced_lines(province_report):
    html = render_to_string("documents/_sheet.html", pdf.sheet_context(province_report))
    assert '<p class="b">PHÒNG XÂY DỰNG<br>PHONG TRÀO BẢO VỆ ANTQ</p>' in html


@pytest.mark.django_db
def test_the_chart_caption_binds_its_last_words(province_report):
    charts = [block["text"] for block in body_blocks(province_report) if block["kind"] == "chart"]
    assert charts, "the fixture report has a chart"
    head, _, last = charts[0].rpartition(NBSP)
    assert head and " " not in last, charts[0]


@pytest.mark.django_db
def test_docx_and_pdf_break_the_issuing_body_at_the_same_place(province_report):
    docx = Document(io.BytesIO(services.document_render(province_report, "docx")[0]))
    header = [p.text for p in docx.tables[0].cell(0, 0).paragraphs]
    assert "PHÒNG XÂY DỰNG\nPHONG TRÀO BẢO VỆ ANTQ" in header, header
    text = PdfReader(io.BytesIO(services.document_render(province_report, "pdf")[0])).pages[0].extract_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "PHONG TRÀO BẢO VỆ ANTQ" in " | ".join(lines), lines
    assert not any(line.endswith("XÂY DỰNG PHONG") or line.startswith("TRÀO") for line in lines), lines
