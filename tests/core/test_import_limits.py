"""No import can exhaust the server (issue 14, item 3): a sheet is measured (width, rows, cells) from its XML before
the reader builds its dense grid, and an upload is held to the size limit while it streams in.

A 39 KB .xlsx with one cell at column XFD used to cost +1.2 GB per 2,000 rows, allocated by calamine while
*loading* the sheet — so these tests also check that the reader is never asked for a refused sheet."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from python_calamine import CalamineWorkbook

from antq.core.errors import ValidationFailed
from antq.core.import_views import UploadLimit
from antq.core.imports import import_preview
from antq.core.imports.reading import Limits, read_sheet
from antq.geo.imports import LocalityImporter
from tests.sheets import LOCALITY_HEADER, localities_xlsx, ods

COLUMNS = LocalityImporter.columns


def _wide_xlsx(rows: int, column: int = 16384) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(LOCALITY_HEADER)
    for number in range(rows):
        sheet.append([f"Thôn {number}", "Thôn", 10, 40])
    sheet.cell(row=2, column=column, value="x")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The same .xlsx with its first worksheet's XML passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member.filename)
            target.writestr(member, change(content) if member.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


@pytest.fixture
def reader_never_loads_a_sheet(monkeypatch):
    def refuse(self, name):
        raise AssertionError("the reader was asked to load a sheet that should have been refused")

    monkeypatch.setattr(CalamineWorkbook, "get_sheet_by_name", refuse)


def _refusal(data: bytes, limits: Limits | None = None) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as error:
        read_sheet(data, COLUMNS, limits or Limits())
    return error.value


def test_a_cell_at_column_xfd_is_refused_quickly_with_bounded_memory(reader_never_loads_a_sheet):
    data = _wide_xlsx(2000)
    assert len(data) < 60_000  # the 39 KB attack file
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = _refusal(data)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.code == "too_wide"
    assert "XFD" in error.message and "quá rộng" in error.message
    assert peak < 16 * 1024 * 1024  # it was 1.2 GB (calamine) + 260 MB (Python lists) before
    assert elapsed < 5


def test_a_cell_far_to_the_right_of_an_ods_sheet_is_refused(reader_never_loads_a_sheet):
    data = ods([LOCALITY_HEADER, ["Thôn Đông", "Thôn", 1, 2]])
    far = (
        b'<table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "content.xml":
                content = content.replace(b"</table:table-row>", far, 1)
            target.writestr(member, content)
    assert _refusal(out.getvalue()).code == "too_wide"


def _ods_with(extra_rows: bytes) -> bytes:
    """A locality .ods with `extra_rows` (raw table-row XML) added after its data rows."""
    data = ods([LOCALITY_HEADER, ["Thôn Đông", "Thôn", 1, 2]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "content.xml":
                content = content.replace(b"</table:table>", extra_rows + b"</table:table>")
            target.writestr(member, content)
    return out.getvalue()


def test_the_empty_rows_libreoffice_repeats_to_the_end_of_a_sheet_are_not_counted():
    empty = (
        b'<table:table-row table:number-rows-repeated="1048574">'
        b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert len(read_sheet(_ods_with(empty), COLUMNS, Limits()).data_rows) == 1


def test_a_repeated_row_with_values_counts_every_repetition(reader_never_loads_a_sheet):
    repeated = (
        b'<table:table-row table:number-rows-repeated="200000"><table:table-cell office:value-type="string">'
        b"<text:p>Thon</text:p></table:table-cell></table:table-row>"
    )
    assert _refusal(_ods_with(repeated)).code == "too_many_rows"


def test_columns_within_the_margin_are_read():
    sheet = read_sheet(_wide_xlsx(3, column=len(COLUMNS) + Limits().extra_columns), COLUMNS, Limits())
    assert len(sheet.data_rows) == 3


def test_a_sheet_whose_grid_holds_more_cells_than_the_bound_is_refused(reader_never_loads_a_sheet):
    data = localities_xlsx(*([f"Thôn {n}", "Thôn", 1, 2] for n in range(300)))
    error = _refusal(data, Limits(max_cells=1000))
    assert error.code == "too_many_cells"
    assert "quá nhiều ô" in error.message and "1.000" in error.message


def test_a_cell_on_the_last_row_is_refused_before_the_sheet_is_loaded(reader_never_loads_a_sheet):
    data = _rewrite_sheet(
        localities_xlsx(["Thôn Đông", "Thôn", 1, 2]),
        lambda xml: xml.replace(b'r="2"', b'r="1048576"').replace(b'2" t=', b'1048576" t='),
    )
    assert _refusal(data).code == "too_many_rows"


def test_cells_without_references_are_measured_by_the_full_parser(reader_never_loads_a_sheet):
    # Some writers omit <c r="…">: cells then follow each other, and 40 of them are too wide for 4 columns.
    data = localities_xlsx(["Thôn Đông", "Thôn", 1, 2, *range(36)])
    data = _rewrite_sheet(data, lambda xml: re.sub(rb' r="[A-Z]+[0-9]+"', b"", xml))
    assert _refusal(data).code == "too_wide"


def test_a_sheet_part_with_a_dtd_is_refused_as_corrupt(reader_never_loads_a_sheet):
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
    data = _rewrite_sheet(localities_xlsx(["Thôn Đông", "Thôn", 1, 2]), lambda xml: doctype + xml)
    data = _rewrite_sheet(data, lambda xml: re.sub(rb'<c r="[^"]*"', b"<c", xml))  # force the expat path
    assert _refusal(data).code == "corrupt"


# --- The upload is held to the limit while it streams in -----------------------------------------------------


class _Recorder(FileUploadHandler):
    """Stands for the memory / temporary-file handler after ours: records every byte it is given."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def _multipart(size: int) -> tuple[bytes, str]:
    boundary = "BoUnDaRy"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="step"\r\n\r\nupload\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_the_upload_handler_never_passes_on_bytes_past_the_limit():
    body, content_type = _multipart(3 * 1024 * 1024)
    limit, recorder = UploadLimit(None, 100_000), _Recorder()
    meta = {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body))}
    post, files = MultiPartParser(meta, io.BytesIO(body), [limit, recorder]).parse()
    assert limit.refused and "file" not in files
    assert recorder.received <= 100_000
    assert post["step"] == "upload"  # the rest of the form is still read


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_a_vietnamese_message(
    client, commune_officer, dong_hung, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.ANTQ_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(commune_officer)
    upload = io.BytesIO(b"PK\x03\x04" + b"x" * (3 * 1024 * 1024))
    upload.name = "lon.xlsx"
    response = client.post("/mo-hinh/xa/12688/nhap/", {"step": "upload", "file": upload}, follow=True)
    assert response.status_code == 200
    assert "Tệp lớn hơn 1 MB; hãy chia nhỏ tệp." in [str(m) for m in response.context["messages"]]
    assert not (tmp_path / "imports").exists()


@pytest.mark.django_db
def test_an_oversized_file_object_is_refused_by_its_size_without_being_read(commune_officer, dong_hung, settings):
    settings.ANTQ_IMPORT_MAX_BYTES = 1024

    class Unreadable(io.BytesIO):
        size = 10_000

        def read(self, *args):
            raise AssertionError("read past the limit")

    with pytest.raises(ValidationFailed, match="Tệp lớn hơn 1 MB"):
        import_preview(
            actor=commune_officer, importer=LocalityImporter, file=Unreadable(), filename="a.xlsx", commune=dong_hung
        )


@pytest.mark.django_db
def test_the_import_view_still_checks_csrf(commune_officer, dong_hung):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer)

    def post(**extra):
        file = io.BytesIO(b"not a spreadsheet")
        file.name = "a.xlsx"
        return client.post("/mo-hinh/xa/12688/nhap/", {"step": "upload", "file": file, **extra})

    assert post().status_code == 403
    page = client.get("/mo-hinh/xa/12688/nhap/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = post(csrfmiddlewaretoken=token)  # with the token, the import flow reads the file
    assert response.status_code == 200
    assert any("không phải bảng tính" in str(m) for m in response.context["messages"])


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_import_view_holds_its_upload_to_the_limit():
    """Every route whose view runs the shared import flow (found by its source, so a new one is covered) is
    decorated with `limited_upload`."""
    import inspect

    def runs_import_flow(view) -> bool:
        function = inspect.unwrap(view)
        return inspect.isfunction(function) and "import_flow(" in inspect.getsource(function)

    imports = {route: view for route, view in _patterns(get_resolver()) if runs_import_flow(view)}
    assert len(imports) >= 4
    missing = sorted(route for route, view in imports.items() if not getattr(view, "limits_upload", False))
    assert missing == []
