"""How far each worksheet of an upload reaches, measured by streaming its XML before any reader builds a grid —
and, in the same pass, what the reader does not tell: which rows are hidden and which formula cells hold no
stored result.

The reader (python-calamine) holds a sheet as a dense grid from A1 to the last used cell: one cell at column XFD
makes every row 16,384 cells wide (a 39 KB file became +1.2 GB per 2,000 rows, all allocated while *loading*
the sheet, before a single row reaches Python). So the extent — last used row and column, and the used cells —
is read first from the sheet's XML, one element at a time, and a sheet whose grid would be too big is refused
before the reader sees it. Cells with nothing in them (formatting only) do not count, as the reader skips them.

The reader gives a formula cell's stored result, and an empty cell when the file stores none — or when the result
is an error ("#DIV/0!", "#N/A"…: XLSX `t="e"`, ODS `calcext:value-type="error"`; error cells are noted with their
text, formula or not, so the importer refuses them too). As for a formula without a result (a sheet written by a
program that does not calculate, e.g. a script): such cells are noted here (XLSX `<f>` without a `<v>` value, ODS
`table:formula` without `office:value-type`) so the importer refuses them instead of reading them as blank. Merged
ranges over several rows (XLSX `<mergeCell ref>`, ODS `table:number-rows-spanned`) are noted: the reader gives
their value on the first row only, and the importer fills it into the rows below (see reading.py). Hidden
rows (XLSX `<row hidden="1">`, ODS `table:visibility="collapse"` or `"filter"`) are noted too. Both are kept only
up to `max_row` (rows beyond make the sheet too long anyway) and, for formulas, up to `MAX_UNCACHED` cells.

Legacy .xls is not scanned: its format caps a sheet at 256 columns × 65,536 rows, and a formula record always
carries its result.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import IO
from xml.parsers.expat import ExpatError, ParserCreate

_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_MERGE_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # of r:id
_CHUNK = 1 << 20
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # any namespace prefix: `<c …>`, `<x:c …/>`
# A cell's start tag and its reference attribute.
_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c(\s[^>]*)?>")
_CELL_R = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")
# A cell start tag that is not self-closing, ending exactly where its first child begins.
_CELL_OPEN = re.compile(rb"<" + _PREFIX + rb"c(\s[^>]*)?(?<!/)>\s*")
_CELL_END = re.compile(rb"</" + _PREFIX + rb"c\s*>")
_ROW_END = re.compile(rb"</" + _PREFIX + rb"row\s*>")
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row(\s[^>]*)?>")
_ROW_R = re.compile(rb"\sr\s*=\s*[\"']([0-9]{1,7})[\"']")
_HIDDEN = re.compile(rb"\shidden\s*=\s*[\"'](?:1|true)[\"']")
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v(?:\s[^>]*)?>\s*[^<\s]")  # a <v> holding something
_ANY_VALUE = re.compile(rb"<" + _PREFIX + rb"v[\s/>]")
_STRING_TYPE = re.compile(rb"\st\s*=\s*[\"']str[\"']")
# A cell holding an error value (t="e"): "#DIV/0!", "#N/A"… — with its content, up to its end tag.
_ERROR_TYPE = re.compile(rb"\st\s*=\s*[\"']e[\"']")
_ERROR_CELL = re.compile(rb"<" + _PREFIX + rb"c(\s[^>]*)(?<!/)>(.*?)</" + _PREFIX + rb"c\s*>", re.S)
_FORMULA_TEXT = re.compile(rb"<" + _PREFIX + rb"f(?:\s[^>]*)?(?<!/)>([^<]*)<")
_MERGE_CELL = re.compile(rb"<" + _PREFIX + rb"mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_VALUE_TEXT = re.compile(rb"<" + _PREFIX + rb"v(?:\s[^>]*)?>([^<]*)<")
# Formula cells without a result (or error cells) kept per sheet; past this the file is refused whole.
MAX_UNCACHED = 100_000
ALL_ROWS = 1_048_576  # the last row of a sheet in Excel


class ExtentError(ValueError):
    """The XML of a sheet could not be read (the caller refuses the file as corrupt)."""


@dataclass(frozen=True)
class Extent:
    """Last used row and column (1-based; 0 when empty) and the number of used cells of one worksheet; its hidden
    rows (1-based numbers) and its formula cells without a stored result ((row, column), 1-based) — `uncached`
    is None when there were more than `MAX_UNCACHED`; its error cells, (row, column) → (the error as the file
    stores it, "#DIV/0!", and whether a formula gave it) — None when there were more than `MAX_UNCACHED`."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    hidden_rows: frozenset[int] = frozenset()
    uncached: frozenset[tuple[int, int]] | None = frozenset()
    errors: Mapping[tuple[int, int], tuple[str, bool]] | None = field(default_factory=dict)
    formulas: Mapping[tuple[int, int], str] = field(default_factory=dict)  # an XLSX uncached cell's formula
    # Merged ranges spanning more than one row, (first row, first column, last row, last column), 1-based.
    merges: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def area(self) -> int:
        """The cells of the dense grid a reader builds from A1 to the last used cell."""
        return self.rows * self.columns


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_number(letters: str | bytes) -> int:
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Marks:
    """Hidden rows, formula cells without a result and error cells, kept up to `max_row` and `MAX_UNCACHED`
    cells."""

    def __init__(self, max_row: int) -> None:
        self.max_row = max_row
        self.hidden: set[int] = set()
        self.uncached: set[tuple[int, int]] | None = set()
        self.errors: dict[tuple[int, int], tuple[str, bool]] | None = {}
        self.formulas: dict[tuple[int, int], str] = {}
        self.merges: list[tuple[int, int, int, int]] = []

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        # Only ranges over several rows change how rows read; a sheet with absurdly many is refused by its rows.
        if last_row > first_row and first_row <= self.max_row and len(self.merges) < MAX_UNCACHED:
            self.merges.append((first_row, first_column, min(last_row, self.max_row), last_column))

    def merge_ref(self, ref: str) -> None:
        """Note an XLSX merge reference "B3:B5" (anything else is ignored)."""
        found = _MERGE_REF.fullmatch(ref.strip())
        if found:
            first_row, last_row = sorted((int(found.group(2)), int(found.group(4))))
            first_column, last_column = sorted((_column_number(found.group(1)), _column_number(found.group(3))))
            self.merge(first_row, first_column, last_row, last_column)

    def error(self, row: int, column: int, text: str, *, formula: bool, rows: int = 1, columns: int = 1) -> None:
        if self.errors is None or row > self.max_row:
            return
        if len(self.errors) + rows * columns > MAX_UNCACHED:
            self.errors = None
            return
        shown = " ".join(text.split())[:20] or "#VALUE!"
        for r in range(row, min(row + rows, self.max_row + 1)):
            for c in range(column, column + columns):
                self.errors[(r, c)] = (shown, formula)

    def hide(self, first: int, count: int = 1) -> None:
        self.hidden.update(range(first, min(first + count, self.max_row + 1)))

    def formula(self, row: int, column: int, rows: int = 1, columns: int = 1, *, text: str = "") -> None:
        if self.uncached is None or row > self.max_row:
            return
        if len(self.uncached) + rows * columns > MAX_UNCACHED:
            self.uncached = None
            return
        if text:
            self.formulas[(row, column)] = text
        last_row = min(row + rows, self.max_row + 1)
        self.uncached.update((r, c) for r in range(row, last_row) for c in range(column, column + columns))

    def extent(self, rows: int, columns: int, cells: int) -> Extent:
        uncached = None if self.uncached is None else frozenset(self.uncached)
        merges = tuple(self.merges)
        return Extent(rows, columns, cells, frozenset(self.hidden), uncached, self.errors, self.formulas, merges)


class _XlsxSheet:
    """Counts one worksheet part with expat callbacks (no element tree: a 100,000-row sheet scans in about a
    second). `<row r>` and `<c r>` are optional: a missing one follows the previous."""

    def __init__(self, marks: _Marks) -> None:
        self.marks = marks
        self.rows = self.columns = self.cells = 0
        self.row = self.column = 0
        self.in_cell = self.cell_used = self.row_used = False
        self.formula = self.in_value = self.has_value = self.string = self.error = False
        self.value = self.formula_text = ""
        self.in_formula = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            match = _CELL_REF.fullmatch(attrs.get("r", ""))
            self.column = _column_number(match.group(1)) if match else self.column + 1
            self.in_cell, self.cell_used = True, False
            self.formula = self.has_value = False
            self.string, self.error, self.value = attrs.get("t") == "str", attrs.get("t") == "e", ""
            self.formula_text = ""
        elif self.in_cell:
            self.cell_used = True  # a <v>, <is> or <f> child: the cell holds something
            self.formula = self.formula or name == "f"
            self.in_formula = name == "f"
            if name == "v":
                self.in_value = True
                self.has_value = self.has_value or self.string  # an empty string result is a result
        elif name == "mergeCell":
            self.marks.merge_ref(attrs.get("ref", ""))
        elif name == "row":
            reference = attrs.get("r", "")
            self.row = int(reference) if reference.isdigit() and len(reference) < 8 else self.row + 1
            self.column, self.row_used = 0, False
            if attrs.get("hidden") in ("1", "true"):
                self.marks.hide(self.row)

    def text(self, data: str) -> None:
        if self.in_value and data.strip():
            self.has_value = True
        if self.in_value and self.error:
            self.value += data
        if self.in_formula:
            self.formula_text += data

    def end(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            if self.cell_used:
                self.cells += 1
                self.columns = max(self.columns, self.column)
                self.row_used = True
            if self.error:
                self.marks.error(self.row, self.column, self.value, formula=self.formula)
            elif self.formula and not self.has_value:
                self.marks.formula(self.row, self.column, text=self.formula_text)
            self.in_cell = False
        elif name == "v":
            self.in_value = False
        elif name == "f":
            self.in_formula = False
        elif name == "row" and self.row_used:
            self.rows = max(self.rows, self.row)


def _refuse_doctype(*_args: object) -> None:
    # No spreadsheet part has a DTD; refusing them closes entity expansion attacks whatever expat allows.
    raise ExtentError("DTD in a spreadsheet part")


def _scan(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    *,
    ns: bool = False,
    text: Callable[[str], None] | None = None,
) -> None:
    """Feed `stream` to expat in chunks; with `ns`, names are "namespace}local" (else as written, "x:c")."""
    parser = ParserCreate(namespace_separator="}") if ns else ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    while chunk := stream.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


class _Unusual(Exception):
    """The fast pass met XML it does not handle (a cell or row without its reference…): use expat instead."""


def _after_last_row(text: bytes) -> int:
    """The offset just past the last `</row>` end tag (any prefix) in `text`, or 0: chunks are cut between rows,
    so that every cell of a chunk is whole."""
    end = len(text)
    while (at := text.rfind(b"row", 0, end)) != -1:
        opening, closing = text.rfind(b"<", 0, at), text.find(b">", at)
        if opening != -1 and closing != -1 and _ROW_END.fullmatch(text, opening, closing + 1):
            return closing + 1
        end = at
    return 0


def _hidden_rows(text: bytes, marks: _Marks) -> None:
    for attrs in _ROW_TAG.findall(text):
        if _HIDDEN.search(attrs):
            reference = _ROW_R.search(attrs)
            if reference is None:
                raise _Unusual
            marks.hide(int(reference.group(1)))


def _uncached_formulas(text: bytes, marks: _Marks) -> None:
    """Note each formula cell of `text` (whole rows) that holds no result. Linear: each search stops at the
    formula's own cell end, and a formula inside an already seen cell is skipped."""
    done = 0
    for found in _FORMULA.finditer(text):
        if found.start() < done:
            continue
        opening = text.rfind(b"<", 0, found.start())
        cell = _CELL_OPEN.fullmatch(text, opening, found.start()) if opening != -1 else None
        closing = _CELL_END.search(text, found.start())
        attrs = (cell.group(1) or b"") if cell else b""
        reference = _CELL_R.search(attrs)
        if closing is None or reference is None:
            raise _Unusual
        done = closing.end()
        content = text[found.start() : closing.start()]
        if not (_VALUE.search(content) or (_STRING_TYPE.search(attrs) and _ANY_VALUE.search(content))):
            written = _FORMULA_TEXT.match(content)
            formula = html.unescape(written.group(1).decode(errors="replace")) if written else ""
            marks.formula(int(reference.group(2)), _column_number(reference.group(1)), text=formula)


def _error_cells(text: bytes, marks: _Marks) -> None:
    """Note each error cell (t="e") of `text` (whole rows) with its stored error and whether a formula gave it."""
    for attrs, content in _ERROR_CELL.findall(text):
        if not _ERROR_TYPE.search(attrs):
            continue
        reference = _CELL_R.search(attrs)
        if reference is None:
            raise _Unusual
        value = _VALUE_TEXT.search(content)
        shown = value.group(1).decode(errors="replace") if value else ""
        row, column = int(reference.group(2)), _column_number(reference.group(1))
        marks.error(row, column, shown, formula=bool(_FORMULA.search(content)))


def _xlsx_sheet(open_part: Callable[[], IO[bytes]], max_row: int = ALL_ROWS) -> Extent:
    """The extent of one worksheet part: regular-expression passes over its cell and row tags (ten times faster
    than an XML parser), or — when a cell tag lacks its `r` reference or looks unusual — a full expat pass.
    Hidden rows and formulas cost a pass only in the chunks that have them."""
    rows = columns = cells = 0
    marks = _Marks(max_row)
    tail = b""
    try:
        with open_part() as stream:
            while True:
                chunk = stream.read(_CHUNK)
                text = tail + chunk
                cut = _after_last_row(text) if chunk else len(text)
                text, tail = text[:cut], text[cut:]
                if len(tail) > _CHUNK:  # megabytes without a row end (one huge text): let expat stream it
                    raise _Unusual
                # Whole-chunk regex passes (C speed); a tag ending in "/>" is formatting only, with no value.
                filled = [attrs for attrs in _CELL_TAG.findall(text) if not attrs.endswith(b"/")]
                references = _CELL_R.findall(b"\x00".join(filled))
                if len(references) != len(filled):
                    raise _Unusual
                if references:
                    letters, digits = zip(*references, strict=True)
                    cells += len(references)
                    columns = max(columns, *map(_column_number, set(letters)))
                    rows = max(rows, *map(int, digits))
                if b"hidden" in text:
                    _hidden_rows(text, marks)
                if (b"<f" in text or b":f" in text) and _FORMULA.search(text):  # `in` first: far faster
                    _uncached_formulas(text, marks)
                if (b'"e"' in text or b"'e'" in text) and _ERROR_TYPE.search(text):
                    _error_cells(text, marks)
                if b"mergeCell" in text:
                    for ref in _MERGE_CELL.findall(text):
                        marks.merge_ref(ref.decode(errors="replace"))
                if not chunk:
                    break
    except _Unusual:
        return _xlsx_sheet_parsed(open_part, max_row)
    return marks.extent(rows, columns, cells)


def _xlsx_sheet_parsed(open_part: Callable[[], IO[bytes]], max_row: int = ALL_ROWS) -> Extent:
    counter = _XlsxSheet(_Marks(max_row))
    with open_part() as stream:
        _scan(stream, counter.start, counter.end, text=counter.text)
    return counter.marks.extent(counter.rows, counter.columns, counter.cells)


def _elements(stream: IO[bytes]) -> list[tuple[str, dict[str, str]]]:
    """Every element of a small XML part as ("namespace}local", attributes)."""
    found: list[tuple[str, dict[str, str]]] = []
    _scan(stream, lambda tag, attrs: found.append((tag, attrs)), lambda tag: None, ns=True)
    return found


def _xlsx_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, from xl/workbook.xml and its relationships."""
    with archive.open("xl/_rels/workbook.xml.rels") as stream:
        rels = _elements(stream)
    targets = {}
    for _tag, attrs in rels:
        target = attrs.get("Target")
        if target is not None:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs.get("Id")] = path
    with archive.open("xl/workbook.xml") as stream:
        sheets = [attrs for tag, attrs in _elements(stream) if _local(tag) == "sheet"]
    parts = {}
    for attrs in sheets:
        part = targets.get(attrs.get(f"{_REL_NS}}}id"))
        if part is not None:
            parts[attrs.get("name", "")] = part
    return parts


class _OdsTables:
    """Counts each table of an ODS content.xml with expat callbacks (repeated rows and cells count as many)."""

    def __init__(self, max_row: int = ALL_ROWS) -> None:
        self.max_row = max_row
        self.found: dict[str, Extent] = {}
        self.name = ""
        self.rows = self.columns = self.cells = self.row = self.column = self.row_cells = 0
        self.cell_repeat = 0
        self.cell_used = False
        self.row_repeat = 1
        self.marks = _Marks(max_row)
        self.error: str | None = None  # the text of an error cell being read (LibreOffice: calcext:value-type)
        self.error_formula = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in ("table:table-cell", "table:covered-table-cell"):
            self.cell_repeat = _count(attrs.get("table:number-columns-repeated"))
            self.cell_used = bool(attrs.get("office:value-type"))
            if tag == "table:table-cell":
                rows = _count(attrs.get("table:number-rows-spanned"))
                columns = _count(attrs.get("table:number-columns-spanned"))
                if rows > 1:
                    self.marks.merge(self.row + 1, self.column + 1, self.row + rows, self.column + columns)
            if attrs.get("calcext:value-type") == "error":
                self.error, self.error_formula = "", bool(attrs.get("table:formula"))
            elif attrs.get("table:formula") and not self.cell_used:
                # A formula saved without its result (LibreOffice always writes one; some programs do not).
                self.marks.formula(self.row + 1, self.column + 1, self.row_repeat, self.cell_repeat)
        elif tag.startswith("text:") and self.cell_repeat:
            self.cell_used = True  # a paragraph of text in the cell
        elif tag == "table:table-row":
            self.row_repeat = _count(attrs.get("table:number-rows-repeated"))
            self.column = self.row_cells = 0
            if attrs.get("table:visibility") in ("collapse", "filter"):
                self.marks.hide(self.row + 1, self.row_repeat)
        elif tag == "table:table":
            self.name = attrs.get("table:name", "")
            self.rows = self.columns = self.cells = self.row = 0
            self.marks = _Marks(self.max_row)

    def text(self, data: str) -> None:
        if self.error is not None:
            self.error += data

    def end(self, tag: str) -> None:
        if tag in ("table:table-cell", "table:covered-table-cell"):
            if self.error is not None:
                formula = self.error_formula
                self.marks.error(
                    self.row + 1,
                    self.column + 1,
                    self.error,
                    formula=formula,
                    rows=self.row_repeat,
                    columns=self.cell_repeat,
                )
                self.error = None
            self.column += self.cell_repeat
            if self.cell_used:
                self.columns = max(self.columns, self.column)
                self.row_cells += self.cell_repeat
            self.cell_repeat = 0
        elif tag == "table:table-row":
            self.row += self.row_repeat
            if self.row_cells:
                self.rows = self.row
                self.cells += self.row_cells * self.row_repeat
        elif tag == "table:table":
            self.found[self.name] = self.marks.extent(self.rows, self.columns, self.cells)


def _count(value: str | None) -> int:
    """A repeat count; absurd ones are refused as a corrupt file."""
    if value is None:
        return 1
    if not value.isdigit() or len(value) > 9:
        raise ExtentError(f"repeat count {value[:20]!r}")
    return int(value)


def _ods_tables(stream: IO[bytes], max_row: int = ALL_ROWS) -> dict[str, Extent]:
    counter = _OdsTables(max_row)
    _scan(stream, counter.start, counter.end, text=counter.text)
    return counter.found


def sheet_extents(archive: zipfile.ZipFile, kind: str, *, max_row: int = ALL_ROWS) -> dict[str, Extent]:
    """Sheet name → its extent, for an .xlsx or .ods already opened (and checked against zip bombs); hidden rows
    and formulas without a result are noted up to row `max_row`."""
    try:
        if kind == "ods":
            with archive.open("content.xml") as stream:
                return _ods_tables(stream, max_row)
        extents = {}
        for name, part in _xlsx_parts(archive).items():
            if part in archive.NameToInfo:
                extents[name] = _xlsx_sheet(partial(archive.open, part), max_row)
        return extents
    except (ExpatError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ExtentError(str(exc)) from exc
