"""How far each worksheet of an upload reaches, measured by streaming its XML before any reader builds a grid.

The reader (python-calamine) holds a sheet as a dense grid from A1 to the last used cell: one cell at column XFD
makes every row 16,384 cells wide (a 39 KB file became +1.2 GB per 2,000 rows, all allocated while *loading*
the sheet, before a single row reaches Python). So the extent — last used row and column, and the used cells —
is read first from the sheet's XML, one element at a time, and a sheet whose grid would be too big is refused
before the reader sees it. Cells with nothing in them (formatting only) do not count, as the reader skips them.

Legacy .xls is not scanned: its format caps a sheet at 256 columns × 65,536 rows.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import IO
from xml.parsers.expat import ExpatError, ParserCreate

_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # of r:id
_CHUNK = 1 << 20
# A cell's start tag, any namespace prefix (`<c …>`, `<x:c …/>`), and its reference attribute.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(\s[^>]*)?>")
_CELL_R = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")


class ExtentError(ValueError):
    """The XML of a sheet could not be read (the caller refuses the file as corrupt)."""


@dataclass(frozen=True)
class Extent:
    """Last used row and column (1-based; 0 when empty) and the number of used cells of one worksheet."""

    rows: int = 0
    columns: int = 0
    cells: int = 0

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


class _XlsxSheet:
    """Counts one worksheet part with expat callbacks (no element tree: a 100,000-row sheet scans in about a
    second). `<row r>` and `<c r>` are optional: a missing one follows the previous."""

    def __init__(self) -> None:
        self.rows = self.columns = self.cells = 0
        self.row = self.column = 0
        self.in_cell = self.cell_used = self.row_used = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            match = _CELL_REF.fullmatch(attrs.get("r", ""))
            self.column = _column_number(match.group(1)) if match else self.column + 1
            self.in_cell, self.cell_used = True, False
        elif self.in_cell:
            self.cell_used = True  # a <v>, <is> or <f> child: the cell holds something
        elif name == "row":
            reference = attrs.get("r", "")
            self.row = int(reference) if reference.isdigit() and len(reference) < 8 else self.row + 1
            self.column, self.row_used = 0, False

    def end(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            if self.cell_used:
                self.cells += 1
                self.columns = max(self.columns, self.column)
                self.row_used = True
            self.in_cell = False
        elif name == "row" and self.row_used:
            self.rows = max(self.rows, self.row)


def _refuse_doctype(*_args: object) -> None:
    # No spreadsheet part has a DTD; refusing them closes entity expansion attacks whatever expat allows.
    raise ExtentError("DTD in a spreadsheet part")


def _scan(
    stream: IO[bytes], start: Callable[[str, dict[str, str]], None], end: Callable[[str], None], *, ns: bool = False
) -> None:
    """Feed `stream` to expat in chunks; with `ns`, names are "namespace}local" (else as written, "x:c")."""
    parser = ParserCreate(namespace_separator="}") if ns else ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    while chunk := stream.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _xlsx_sheet(open_part: Callable[[], IO[bytes]]) -> Extent:
    """The extent of one worksheet part: a regular-expression pass over its cell tags (ten times faster than
    an XML parser), or — when a cell tag lacks its `r` reference or looks unusual — a full expat pass."""
    rows = columns = cells = 0
    tail = b""
    with open_part() as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b">") + 1
            text, tail = text[:cut], text[cut:]
            if len(tail) > _CHUNK:  # megabytes without a tag end (one huge text): let expat stream it
                return _xlsx_sheet_parsed(open_part)
            # Whole-chunk regex passes (C speed); a tag ending in "/>" is formatting only, with no value.
            filled = [attrs for attrs in _CELL_TAG.findall(text) if not attrs.endswith(b"/")]
            references = _CELL_R.findall(b"\x00".join(filled))
            if len(references) != len(filled):
                return _xlsx_sheet_parsed(open_part)
            if references:
                letters, digits = zip(*references, strict=True)
                cells += len(references)
                columns = max(columns, *map(_column_number, set(letters)))
                rows = max(rows, *map(int, digits))
    return Extent(rows, columns, cells)


def _xlsx_sheet_parsed(open_part: Callable[[], IO[bytes]]) -> Extent:
    counter = _XlsxSheet()
    with open_part() as stream:
        _scan(stream, counter.start, counter.end)
    return Extent(counter.rows, counter.columns, counter.cells)


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

    def __init__(self) -> None:
        self.found: dict[str, Extent] = {}
        self.name = ""
        self.rows = self.columns = self.cells = self.row = self.column = self.row_cells = 0
        self.cell_repeat = 0
        self.cell_used = False
        self.row_repeat = 1

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in ("table:table-cell", "table:covered-table-cell"):
            self.cell_repeat = _count(attrs.get("table:number-columns-repeated"))
            self.cell_used = bool(attrs.get("office:value-type"))
        elif tag.startswith("text:") and self.cell_repeat:
            self.cell_used = True  # a paragraph of text in the cell
        elif tag == "table:table-row":
            self.row_repeat = _count(attrs.get("table:number-rows-repeated"))
            self.column = self.row_cells = 0
        elif tag == "table:table":
            self.name = attrs.get("table:name", "")
            self.rows = self.columns = self.cells = self.row = 0

    def end(self, tag: str) -> None:
        if tag in ("table:table-cell", "table:covered-table-cell"):
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
            self.found[self.name] = Extent(self.rows, self.columns, self.cells)


def _count(value: str | None) -> int:
    """A repeat count; absurd ones are refused as a corrupt file."""
    if value is None:
        return 1
    if not value.isdigit() or len(value) > 9:
        raise ExtentError(f"repeat count {value[:20]!r}")
    return int(value)


def _ods_tables(stream: IO[bytes]) -> dict[str, Extent]:
    counter = _OdsTables()
    _scan(stream, counter.start, counter.end)
    return counter.found


def sheet_extents(archive: zipfile.ZipFile, kind: str) -> dict[str, Extent]:
    """Sheet name → its extent, for an .xlsx or .ods already opened (and checked against zip bombs)."""
    try:
        if kind == "ods":
            with archive.open("content.xml") as stream:
                return _ods_tables(stream)
        extents = {}
        for name, part in _xlsx_parts(archive).items():
            if part in archive.NameToInfo:
                extents[name] = _xlsx_sheet(partial(archive.open, part))
        return extents
    except (ExpatError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ExtentError(str(exc)) from exc
