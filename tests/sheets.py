"""Spreadsheets built in memory for the import tests: .xlsx with openpyxl, .ods by hand (a zip of three files).

The case files of issue 16 (tests/fixtures/cases/, copied from the field cases' README with their expected values)
are real uploads: F07 (formulas without results), F08a (total and signature rows), F08b (a hidden row), F10a
(CCCD and phone cells), F11b (years alone in date columns).

Legacy .xls cannot be written by any installed library, so one small file is committed:
tests/fixtures/localities.xls, written once with xlwt 1.3.0 (outside the project's environment): a merged title
row, the header "Tên thôn, tổ dân phố | Loại | Số hộ | Số nhân khẩu", then
"Thôn Đông | Thôn | 120 | 480" and "Tổ dân phố Nam | tổ dân phố | '1.234' | '4 321'".
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import openpyxl

FIXTURES = Path(__file__).parent / "fixtures"
CASES = FIXTURES / "cases"
LOCALITY_HEADER = ["Tên thôn, tổ dân phố", "Loại", "Số hộ", "Số nhân khẩu"]
ESTABLISHMENT_HEADER = [
    "Tên cơ quan, doanh nghiệp, cơ sở giáo dục",
    "Loại",
    "Quy mô / cấp học",
    "Địa chỉ",
    "Thôn, tổ dân phố",
]


def xlsx(rows: list[list[Any]], *, title: str | None = None) -> bytes:
    """An .xlsx whose first sheet holds `rows` (below a merged `title` row when given)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
    for row in rows:
        sheet.append(row)
    for cell in (cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)):
        cell.data_type = "s"  # text as typed, even "=…", as a user's sheet may hold it
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def localities_xlsx(*data: list[Any], header: list[str] = LOCALITY_HEADER, title: str | None = None) -> bytes:
    return xlsx([header, *data], title=title)


class RawCell(str):
    """A cell written into an .ods as given (raw `<table:table-cell …>` XML), e.g. a formula."""


def _ods_cell(value: Any) -> str:
    if isinstance(value, RawCell):
        return str(value)
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, dt.date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods(rows: list[list[Any]], *, sheet_name: str = "Trang 1", hidden: tuple[int, ...] = ()) -> bytes:
    """A minimal OpenDocument spreadsheet: mimetype (stored, first), manifest and content; rows numbered in
    `hidden` (1-based) are collapsed, as LibreOffice saves hidden rows."""
    collapsed = ' table:visibility="collapse"'
    body = "".join(
        f"<table:table-row{collapsed if number in hidden else ''}>{''.join(map(_ods_cell, row))}</table:table-row>"
        for number, row in enumerate(rows, start=1)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet_name)}>{body}"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return stream.getvalue()


def zip_bomb(megabytes: int = 8) -> bytes:
    """An .xlsx-looking zip whose sheet expands from a few kilobytes to `megabytes` of blanks."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (megabytes * 1024 * 1024))
    return stream.getvalue()


def rewrite_sheet(data: bytes, change: Any, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The same .xlsx (or .ods, with part="content.xml") with one part's XML passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member.filename)
            target.writestr(member, change(content) if member.filename == part else content)
    return out.getvalue()


def with_formula(
    data: bytes, ref: str, formula: str, result: str | None = None, *, string: bool = False, raw: str | None = None
) -> bytes:
    """The .xlsx with cell `ref` (which must hold a value) made a formula, with `result` as its stored value —
    or none, as a program that does not calculate saves it (`<f>…</f><v></v>`); or replaced by `raw` XML."""
    value = f"<v>{escape(result)}</v>" if result is not None else "<v></v>"
    kind = ' t="str"' if string else ""
    cell = (raw or f'<c r="{ref}"{kind}><f>{escape(formula)}</f>{value}</c>').encode()
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)

    def change(xml: bytes) -> bytes:
        changed, count = pattern.subn(lambda _match: cell, xml)
        assert count == 1, f"no cell {ref}"
        return changed

    return rewrite_sheet(data, change)


def hide_rows(data: bytes, *numbers: int) -> bytes:
    """The .xlsx with rows `numbers` of its first sheet hidden (`<row r="…" hidden="1">`)."""

    def change(xml: bytes) -> bytes:
        for number in numbers:
            xml = xml.replace(f'<row r="{number}"'.encode(), f'<row r="{number}" hidden="1"'.encode(), 1)
        return xml

    return rewrite_sheet(data, change)


def preview_rows(page: str) -> list[str]:
    """The text of each row of an import preview page (tags stripped, spaces collapsed), in page order:
    "Dòng 4 (ẩn) Tên thôn, tổ dân phố: Thôn 3 Loại: Thôn Số hộ: 999"."""
    rows = re.findall(r'<tr><td class="row-no">.*?</tr>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]
