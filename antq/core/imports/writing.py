"""Spreadsheets the import flow hands to people: the empty template, and the upload returned with its errors.

Every cell is written through `antq.core.xlsx` (text stays text, never a formula) — but one kind: a cell the reader
refused for what it held rather than for its text (a formula without a stored result, an error value like #DIV/0!)
goes back into the error sheet as it was uploaded, so that uploading the error sheet again unchanged is refused
again, never read as an empty cell (issue 16): the uploader's own formula at its own cell, without a result
(Excel calculates it on opening), or the error value as an error cell. A formula whose text is not known (an ODS
formula, not in Excel's syntax) is written as the error #N/A."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from antq.core.imports.importer import Importer, ImportPlan
from antq.core.imports.reading import is_blank
from antq.core.xlsx import append_row, put

_TEMPLATE_ROWS = 5000  # rows below the header that get the drop-down lists
_LISTS_SHEET = "Danh mục"
_ERROR_HEADER = "Lỗi"


def _bytes(workbook: Workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def template_xlsx(importer: type[Importer]) -> bytes:
    """An empty sheet to fill in: a title row, the header row (required columns marked *), widths, drop-downs."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Dữ liệu"
    columns = [column for column in importer.columns if column.offered]
    append_row(sheet, [importer.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, [column.header + (" *" if column.required else "") for column in columns])
    sheet.freeze_panes = "A3"
    lists = None
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        header = sheet.cell(row=2, column=number)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="DDEBF7")
        header.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            # The list lives on a hidden sheet: labels may hold commas, which an inline list cannot.
            if lists is None:
                lists = workbook.create_sheet(_LISTS_SHEET)
                lists.sheet_state = "hidden"
            for index, label in enumerate(column.choices, start=1):
                put(lists.cell(row=index, column=number), label)
            validation = DataValidation(
                type="list",
                formula1=f"'{_LISTS_SHEET}'!${letter}$1:${letter}${len(column.choices)}",
                allow_blank=True,
                errorStyle="warning",
                error="Hãy chọn một giá trị trong danh sách.",
            )
            validation.add(f"{letter}3:{letter}{_TEMPLATE_ROWS + 2}")
            sheet.add_data_validation(validation)
    return _bytes(workbook)


def _refused_cells(sheet: Worksheet, plan: ImportPlan) -> None:
    """Write back the cells the reader gave as empty though they are not: formulas without a result, errors."""
    for (row, column), formula in plan.sheet.formulas.items():
        sheet.cell(row=row, column=column).value = f"={formula}"  # openpyxl stores it without a result
    for row, column in plan.sheet.uncached - set(plan.sheet.formulas):
        _error_cell(sheet.cell(row=row, column=column), "#N/A")
    for (row, column), (error, _formula) in plan.sheet.errors.items():
        _error_cell(sheet.cell(row=row, column=column), error)


def _error_cell(cell: Cell, error: str) -> None:
    cell.value = error
    cell.data_type = "e"


def error_sheet_xlsx(plan: ImportPlan) -> bytes:
    """The uploaded sheet as read, plus a "Lỗi" column holding each row's messages (one per line), and why a row
    was set aside or left out (hidden)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Dữ liệu"
    width = max((len(row) for row in plan.sheet.rows), default=0)
    for index, cells in enumerate(plan.sheet.rows, start=1):
        for number, value in enumerate(cells, start=1):
            if not is_blank(value):
                put(sheet.cell(row=index, column=number), value)
    _refused_cells(sheet, plan)
    red = Font(color="C00000")
    header = sheet.cell(row=plan.sheet.header_index + 1, column=width + 1)
    put(header, _ERROR_HEADER)
    header.font = Font(bold=True, color="C00000")
    for result in plan.results:
        if result.errors:
            cell = sheet.cell(row=result.row.number, column=width + 1)
            put(cell, "\n".join(result.errors))
            cell.font = red
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Rows set aside and hidden rows say so too (in grey: they are not errors), so the file explains every row.
    grey = Font(color="808080")
    notes = [(number, f"Bỏ qua: {why}") for number, why in plan.skipped if why != "dòng trống"]
    if not plan.options.include_hidden:
        notes += [(number, "Dòng ẩn: không nhập") for number in plan.hidden]
    for number, note in notes:
        cell = sheet.cell(row=number, column=width + 1)
        put(cell, note)
        cell.font = grey
    sheet.column_dimensions[get_column_letter(width + 1)].width = 80
    sheet.freeze_panes = sheet.cell(row=plan.sheet.header_index + 2, column=1)
    return _bytes(workbook)
