"""Reading an uploaded spreadsheet safely: size, type by content, zip-bomb checks, the extent of each sheet (width,
rows, cells — measured before the reader builds its grid), then the sheet, its header row, and which rows below
it are data.

Rows that are not data are set aside with the reason, to be listed in the preview: blank rows, totals ("Tổng
cộng", "Cộng", "Tổng số"), notes under the table ("Ghi chú: …") and the signature block ("Người lập biểu", "Thủ
trưởng đơn vị", "Ký tên", "…, ngày … tháng … năm …") with everything under it. Hidden rows are flagged and left
out unless the user asks for them (`ReadOptions.include_hidden`); the user may also pick the sheet
(`ReadOptions.sheet`; by default the visible sheet whose header names most columns).

Every refusal is a `ValidationFailed` with a Vietnamese message and a stable code, raised before anything is
parsed further (nothing is ever written by this module).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import IO, Any

from django.conf import settings
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from antq.core.errors import ValidationFailed
from antq.core.imports import legacy
from antq.core.imports.cells import CellValue, Column, match_key
from antq.core.imports.extent import Extent, ExtentError, sheet_extents
from antq.core.text import fold

MB = 1024 * 1024
HEADER_SEARCH_ROWS = 15
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: legacy .xls
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Limits:
    """Upload limits; each can be overridden by a setting named ANTQ_IMPORT_<FIELD> (e.g. ANTQ_IMPORT_MAX_ROWS)."""

    max_bytes: int = 20 * MB
    max_rows: int = 100_000
    max_unzipped_bytes: int = 200 * MB  # generous: 100,000 rows of ten columns unzip to some 50 MB
    max_zip_ratio: int = 100  # for any member over 1 MB, uncompressed / compressed
    # The grid a sheet is read into, A1 to its last used cell: 100,000 rows of 30 columns. Bounds memory
    # (about 40 bytes a cell) whatever the rows and bytes are.
    max_cells: int = 3_000_000
    extra_columns: int = 30  # used columns allowed beyond the importer's own (notes, a "STT" column, offsets)

    @classmethod
    def from_settings(cls) -> Limits:
        names = {f.name: f"ANTQ_IMPORT_{f.name.upper()}" for f in fields(cls)}
        return cls(
            **{name: getattr(settings, setting) for name, setting in names.items() if hasattr(settings, setting)}
        )


def _refuse(message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code)


def too_large(limits: Limits) -> ValidationFailed:
    return _refuse(f"Tệp lớn hơn {limits.max_bytes // MB or 1} MB; hãy chia nhỏ tệp.", "too_large")


def read_upload(file: bytes | IO[bytes], limits: Limits) -> bytes:
    """The uploaded bytes, refusing an empty or oversized file before reading more than the limit."""
    if isinstance(file, bytes):
        data = file
    else:
        if (getattr(file, "size", None) or 0) > limits.max_bytes:
            raise too_large(limits)
        data = file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    if not data.strip():
        raise _refuse("Tệp rỗng.", "empty")
    return data


def _check_zip(data: bytes, limits: Limits) -> str:
    """'xlsx' or 'ods' for a zip that is one and does not expand too far; refuses anything else."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            # The zip reader under calamine refuses a member larger than it declares, so declared sizes bound it.
            unzipped = sum(m.file_size for m in members)
            if unzipped > limits.max_unzipped_bytes or any(
                m.file_size > MB and m.file_size > limits.max_zip_ratio * max(m.compress_size, 1) for m in members
            ):
                raise _refuse("Tệp nén giải ra quá lớn so với kích thước tệp; không đọc tệp này.", "zip_bomb")
            names = {m.filename for m in members}
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
                return "ods"
    except zipfile.BadZipFile:
        raise _refuse("Tệp bị hỏng, không đọc được.", "corrupt") from None
    raise _wrong_type()


def _wrong_type() -> ValidationFailed:
    return _refuse("Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc OpenDocument (.ods).", "wrong_type")


def file_kind(data: bytes, limits: Limits) -> str:
    """'xlsx', 'xls' or 'ods', told by the file's content, never by its name."""
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(data, limits)
    if data.startswith(_CFB_MAGIC):
        return "xls"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        # Some programs save an HTML table under the name .xls.
        raise _refuse("Tệp là trang HTML mang đuôi bảng tính; hãy mở bằng Excel rồi lưu lại dạng .xlsx.", "wrong_type")
    raise _wrong_type()


MAX_ANSWERS = 500  # answers kept with a plan (questions per file: one per locality without a team, per duplicate…)


@dataclass(frozen=True)
class ReadOptions:
    """What the user chose in the preview: the sheet to read (None: the one whose header matches best), whether
    hidden rows are imported too, and the answers to the importer's questions (`Importer.questions`: question
    key → answer, e.g. a box ticked for the whole file). Part of the stored plan, so confirming reads the file
    the same way and with the same answers."""

    sheet: str | None = None
    include_hidden: bool = False
    answers: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "include_hidden": self.include_hidden, "answers": dict(self.answers)}

    @classmethod
    def from_json(cls, value: Any) -> ReadOptions:
        value = value if isinstance(value, dict) else {}
        sheet = value.get("sheet")
        return cls(
            sheet=sheet if isinstance(sheet, str) else None,
            include_hidden=value.get("include_hidden") is True,
            answers=answers_from(value.get("answers")),
        )


def answers_from(value: Any) -> tuple[tuple[str, str], ...]:
    """Answers as ReadOptions keeps them (sorted, text only, at most MAX_ANSWERS of 100 characters), from a dict
    of whatever a form or a stored plan gave; anything else is dropped — an importer treats a missing answer as
    a question not answered."""
    if not isinstance(value, dict):
        return ()
    kept = {
        key: answer
        for key, answer in value.items()
        if isinstance(key, str) and isinstance(answer, str) and len(key) <= 100 and 0 < len(answer) <= 100
    }
    return tuple(sorted(kept.items()))[:MAX_ANSWERS]


@dataclass(frozen=True)
class Merged:
    """A merged range below the header spanning several rows (e.g. "B3:B5"), its value and its rows."""

    ref: str
    value: CellValue
    first: int
    last: int


def _fill_merges(
    rows: list[list[CellValue]], header_index: int, positions: dict[str, int], merges: tuple[tuple[int, ...], ...]
) -> list[Merged]:
    """Give a merged range's value to every row it covers, in the columns read: the reader gives it on the
    range's first row only (a "Tổ" merged over three members would leave two without a team). Ranges starting
    on or above the header (the title block, a header spanning two rows) are left alone."""
    read = set(positions.values())
    filled = []
    for first_row, first_column, last_row, last_column in sorted(merges):
        covered = [c - 1 for c in range(first_column, last_column + 1) if c - 1 in read]
        if first_row <= header_index + 1 or not covered or first_row > len(rows):
            continue
        top = rows[first_row - 1]
        value = top[first_column - 1] if first_column - 1 < len(top) else None
        if value is None or is_blank(value):
            continue
        for number in range(first_row, min(last_row, len(rows)) + 1):
            row = rows[number - 1]
            for position in covered:
                if position < len(row) and is_blank(row[position]):
                    row[position] = value
        ref = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"
        filled.append(Merged(ref, value, first_row, min(last_row, len(rows))))
    return filled


@dataclass
class Sheet:
    """The chosen worksheet: every row from A1 (so index + 1 is the row number Excel shows), the header row's
    index, the position of each found column, the data rows below the header as (row number, cells), and the
    decoder for text typed in a legacy encoding. Also: the rows set aside as not data, (row number, why); the
    hidden data rows (left out of `data_rows` unless the options include them); the formula cells without a
    stored result, (row number, column number), and the formula of each (XLSX); the error cells, (row number,
    column number) → (error, whether a formula gave it); the merged ranges whose value was filled into the rows
    below; and the names of the visible worksheets, for the user to pick."""

    name: str
    kind: str
    rows: list[list[CellValue]]
    header_index: int
    positions: dict[str, int]
    data_rows: list[tuple[int, list[CellValue]]]
    decode: legacy.Decoder
    skipped: list[tuple[int, str]] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)
    uncached: frozenset[tuple[int, int]] = frozenset()
    errors: Mapping[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)
    formulas: Mapping[tuple[int, int], str] = field(default_factory=dict)
    merged: list[Merged] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    options: ReadOptions = ReadOptions()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(rows: list[list[CellValue]], columns: tuple[Column, ...]) -> tuple[int, dict[str, int], set[str]]:
    """(row index, column key → position, keys found twice) of the row in the first rows naming most columns."""
    wanted = {match_key(title): col.key for col in columns for title in (col.header, *col.aliases)}
    best: tuple[int, dict[str, int], set[str]] = (-1, {}, set())
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        twice: set[str] = set()
        for position, cell in enumerate(row):
            if not isinstance(cell, str) or is_blank(cell):
                continue
            key = next((wanted[k] for k in map(match_key, legacy.variants(cell)) if k in wanted), None)
            if key is not None:
                if key in found:
                    twice.add(key)
                found.setdefault(key, position)
        if len(found) > len(best[1]):
            best = (index, found, twice)
    return best


def read_sheet(data: bytes, columns: tuple[Column, ...], limits: Limits, options: ReadOptions | None = None) -> Sheet:
    """Open the workbook and read the worksheet the options name, else the visible worksheet whose header row
    names most columns (first on a tie); then sort the rows below the header into data and rows set aside."""
    options = options or ReadOptions()
    kind = file_kind(data, limits)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise _refuse("Tệp có đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.", "password") from None
    except CalamineError:
        raise _refuse("Tệp bị hỏng, không đọc được.", "corrupt") from None
    extents = _extents(data, kind, limits)
    chosen: tuple[str, list[list[CellValue]], int, dict[str, int], set[str]] | None = None
    has_content = False
    with workbook:
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible
        ]
        if options.sheet is not None and options.sheet not in visible:
            raise _refuse(f"Tệp không có trang “{options.sheet}”; hãy chọn lại trang cần nhập.", "missing_sheet")
        for name in [options.sheet] if options.sheet is not None else visible:
            if extents is not None:
                # Refuse before calamine loads the sheet: loading alone allocates the whole grid.
                _check_extent(name, extents.get(name), columns, limits)
            try:
                sheet = workbook.get_sheet_by_name(name)
            except CalamineError:
                raise _refuse("Tệp bị hỏng, không đọc được.", "corrupt") from None
            # Legacy .xls is only measured once loaded (its format caps the grid); also a second guard for the rest.
            start = sheet.start or (0, 0)
            _check_extent(name, Extent(start[0] + sheet.height, start[1] + sheet.width, 0), columns, limits)
            rows = sheet.to_python(skip_empty_area=False)
            has_content = has_content or any(not is_blank(cell) for row in rows for cell in row)
            header_index, positions, twice = _find_header(rows, columns)
            if positions and (chosen is None or len(positions) > len(chosen[3])):
                chosen = (name, rows, header_index, positions, twice)
    if not has_content:
        raise _refuse("Tệp không có dữ liệu.", "empty")
    if chosen is None:
        raise _refuse(
            f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu; tệp cần các cột: "
            + ", ".join(f"“{col.header}”" for col in columns),
            "missing_columns",
        )
    name, rows, header_index, positions, twice = chosen
    headers = {col.key: col.header for col in columns}
    if twice:
        raise _refuse(
            "Cột " + ", ".join(f"“{headers[k]}”" for k in sorted(twice)) + " có hai lần.", "duplicate_columns"
        )
    missing = [col.header for col in columns if col.required and col.key not in positions]
    if missing:
        raise _refuse("Thiếu cột bắt buộc: " + ", ".join(f"“{h}”" for h in missing) + ".", "missing_columns")
    extent = extents.get(name) if extents is not None else None
    uncached = extent.uncached if extent is not None else frozenset()
    errors = extent.errors if extent is not None else {}
    if uncached is None or errors is None:
        raise _refuse(
            "Tệp có quá nhiều ô công thức chưa có giá trị hoặc báo lỗi — mở bằng Excel hoặc LibreOffice, sửa rồi "
            "lưu lại.",
            "formulas",
        )
    merged = _fill_merges(rows, header_index, positions, extent.merges) if extent is not None else []
    below = rows[header_index + 1 :]
    cells = (row[p] for row in below for p in positions.values() if p < len(row))
    decode = legacy.Decoder(cell for cell in cells if isinstance(cell, str))
    sorting = _Sorting(
        positions, uncached | set(errors), extent.hidden_rows if extent is not None else frozenset(), decode
    )
    for index, row in enumerate(below, start=header_index + 2):
        sorting.add(index, row, include_hidden=options.include_hidden)
    if len(sorting.data_rows) > limits.max_rows:
        raise _too_many_rows(limits)
    return Sheet(
        name,
        kind,
        rows,
        header_index,
        positions,
        sorting.data_rows,
        decode,
        skipped=sorting.skipped,
        hidden=sorting.hidden,
        uncached=uncached,
        errors=errors,
        formulas=extent.formulas if extent is not None else {},
        merged=merged,
        sheet_names=visible,
        options=options,
    )


# Rows that are not data, told by the first filled cell of the row, compared folded (no accents, lower case).
_TOTAL = re.compile(r"(?:tong cong|tong so)\b.*|(?:tong|cong)(?:\s*[^\w\s].*|\s+[0-9].*)?")
_NOTE = re.compile(r"[*\s]*(?:ghi chu|luu y|chu y|chu thich)\s*(?::.*)?")
_SIGNATURE = re.compile(
    r"[(\s]*(?:nguoi lap\b.*|nguoi ky\b.*|thu truong (?:don vi|co quan)\W*|ky ten\b.*|ky,? (?:va )?ghi ro ho ten.*"
    r"|xac nhan cua\b.*|(?:tm|kt)\.\s.*|(?:t/m|k/t)\.?\s.*)"
)
# "Thủ trưởng" alone is told by its accents: folded, it is also a name ("Thu Trường").
_HEAD_ALONE = re.compile(r"[(\s]*thủ trưởng\W*")
_DATE_LINE = re.compile(r"\bngay\b[^a-z]*\bthang\b[^a-z]*\bnam\b")
_SHOWN = 40  # characters of a cell quoted in a reason


def _quoted(text: str) -> str:
    return f"“{text if len(text) <= _SHOWN else text[: _SHOWN - 1] + '…'}”"


class _Sorting:
    """Sorts the rows below the header: data (hidden ones apart), or set aside with the reason. A signature block
    or notes line ends the table: every filled row under it is set aside too (names under "Người lập biểu")."""

    def __init__(
        self,
        positions: dict[str, int],
        uncached: frozenset[tuple[int, int]],
        hidden_rows: frozenset[int],
        decode: legacy.Decoder,
    ) -> None:
        self.positions = sorted(positions.values())
        self.uncached = {(row, column - 1) for row, column in uncached}  # (row number, position)
        self.hidden_rows = hidden_rows
        self.decode = decode
        self.ended: str | None = None
        self.data_rows: list[tuple[int, list[CellValue]]] = []
        self.skipped: list[tuple[int, str]] = []
        self.hidden: list[int] = []

    def add(self, number: int, row: list[CellValue], *, include_hidden: bool) -> None:
        first = next((cell for cell in row if not is_blank(cell)), None)
        if first is None:
            self.skipped.append((number, "dòng trống"))
            return
        if self.ended is not None:
            self.skipped.append((number, self.ended))
            return
        if isinstance(first, str) and (reason := self._not_data(first)) is not None:
            self.skipped.append((number, reason))
            return
        filled = any((p < len(row) and not is_blank(row[p])) or (number, p) in self.uncached for p in self.positions)
        if not filled:
            self.skipped.append((number, "không có dữ liệu ở các cột cần nhập"))
            return
        if number in self.hidden_rows:
            self.hidden.append(number)
            if not include_hidden:
                return
        self.data_rows.append((number, row))

    def _not_data(self, text: str) -> str | None:
        try:
            text = self.decode(" ".join(text.split()))
        except legacy.LegacyTextError:
            return None
        folded = fold(text)
        if _TOTAL.fullmatch(folded):
            return f"dòng tổng cộng ({_quoted(text)}), không phải một bản ghi"
        if _NOTE.fullmatch(folded):
            self.ended = "dưới phần ghi chú — bảng đã kết thúc"
            return f"ghi chú dưới bảng ({_quoted(text)})"
        if _SIGNATURE.fullmatch(folded) or _HEAD_ALONE.fullmatch(text.lower()) or _DATE_LINE.search(folded):
            self.ended = "dưới phần ký tên — bảng đã kết thúc"
            return f"phần ký tên ({_quoted(text)})"
        return None


def _extents(data: bytes, kind: str, limits: Limits) -> dict[str, Extent] | None:
    """Each sheet's extent for the zip formats (None for .xls); an unreadable sheet XML is a corrupt file."""
    if kind == "xls":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sheet_extents(archive, kind, max_row=limits.max_rows + HEADER_SEARCH_ROWS)
    except (ExtentError, zipfile.BadZipFile):
        raise _refuse("Tệp bị hỏng, không đọc được.", "corrupt") from None


def _check_extent(name: str, extent: Extent | None, columns: tuple[Column, ...], limits: Limits) -> None:
    """Refuse a sheet wider than the importer's columns plus a margin, longer than the row limit, or whose grid
    holds more cells than the limit — before it is read."""
    if extent is None:  # a sheet the workbook lists but whose part was not found: fail closed
        raise _refuse("Tệp bị hỏng, không đọc được.", "corrupt")
    widest = len(columns) + limits.extra_columns
    if extent.columns > widest:
        raise _refuse(
            f"Trang “{name}” có dữ liệu đến cột {get_column_letter(extent.columns)}, quá rộng so với {len(columns)} "
            f"cột của mẫu nhập (cho phép tối đa {widest} cột); hãy xóa các cột thừa bên phải rồi tải lên lại.",
            "too_wide",
        )
    if extent.rows > limits.max_rows + HEADER_SEARCH_ROWS:
        raise _too_many_rows(limits)
    if extent.area > limits.max_cells:
        cells = f"{limits.max_cells:,}".replace(",", ".")
        raise _refuse(
            f"Trang “{name}” có quá nhiều ô (hơn {cells} ô tính từ ô A1 đến ô cuối có dữ liệu); hãy chia nhỏ tệp.",
            "too_many_cells",
        )


def _too_many_rows(limits: Limits) -> ValidationFailed:
    rows = f"{limits.max_rows:,}".replace(",", ".")  # Vietnamese thousands separator
    return _refuse(f"Tệp có hơn {rows} dòng dữ liệu; hãy chia nhỏ tệp.", "too_many_rows")
