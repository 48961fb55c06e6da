"""The shared import machinery: tolerant parsers, legacy Vietnamese encodings, file limits, the template and
error sheets, keeping an upload between preview and confirm, and validation that does not query per row.

The machinery is driven through the locality importer (the simplest real one); its own rules are tested in
tests/geo/test_imports.py.
"""

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.accounts.models import AuditEntry, User
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.imports import (
    CellError,
    error_sheet_xlsx,
    import_confirm,
    import_preview,
    parse_choice,
    parse_count,
    parse_date,
    plan_discard,
    plan_load,
    plan_store,
    template_xlsx,
)
from antq.core.imports.legacy import Decoder, Encoding, LegacyTextError, convert
from antq.geo import services as geo_services
from antq.geo.imports import LocalityImporter
from antq.geo.models import Locality, LocalityKind
from tests.sheets import localities_xlsx, xlsx, zip_bomb

# --- Parsers ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["05/01/2026", "5/1/2026", "05-01-2026", "05.01.2026", "2026-01-05", 46027, 46027.75, dt.datetime(2026, 1, 5, 9)],
)
def test_date_parser_accepts_text_serials_and_date_cells(value):
    assert parse_date(value) == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2026", "ngày 31/02/2026 không có thật"),
        ("05/01/26", "phải là ngày dạng dd/mm/yyyy"),
        ("hôm qua", "phải là ngày dạng dd/mm/yyyy"),
        (0, "không phải ngày hợp lệ"),
        (True, "phải là ngày dạng dd/mm/yyyy"),
    ],
)
def test_date_parser_rejects_what_is_not_a_date(value, message):
    with pytest.raises(CellError, match=message):
        parse_date(value)


@pytest.mark.parametrize(("value", "expected"), [("1.234", 1234), ("1 234", 1234), ("12", 12), (12.0, 12), (0, 0)])
def test_count_parser_accepts_numbers_typed_as_text(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", [-1, 1.5, "1,5", "12a", "1.23", "-3", True])
def test_count_parser_rejects_what_is_not_a_whole_number(value):
    with pytest.raises(CellError, match="phải là số nguyên không âm"):
        parse_count(value)


@pytest.mark.parametrize("value", ["Tổ dân phố", "tổ dân phố", "TỔ DÂN PHỐ", "to dan pho", "to_dan_pho", "Tổ dân phố."])
def test_choice_parser_accepts_labels_and_codes_in_any_case(value):
    assert parse_choice(LocalityKind)(value) == LocalityKind.TO_DAN_PHO


def test_choice_parser_lists_the_labels_when_wrong():
    with pytest.raises(CellError, match="phải là một trong: “Thôn”, “Tổ dân phố”, “Khu dân cư”, “Ấp”, “Bản”"):
        parse_choice(LocalityKind)("Xóm")


# --- Legacy encodings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Th«n §«ng", "Thôn Đông"),
        ("§«ng H\xadng", "Đông Hưng"),
        ("Tæ d©n phè", "Tổ dân phố"),
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Tr\xadêng THCS NguyÔn Tr·i", "Trường THCS Nguyễn Trãi"),
        ("Ñoâng Höng", "Đông Hưng"),
        ("Toå daân phoá", "Tổ dân phố"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Tröôøng THCS Nguyeãn Traõi", "Trường THCS Nguyễn Trãi"),
    ],
)
def test_tcvn3_and_vni_text_is_converted(legacy, unicode):
    assert Decoder([legacy])(legacy) == unicode


@pytest.mark.parametrize("text", ["Hoà Bình", "Tân Hòa", "Xã Đông Hưng", "Thôn 5", "Cty ABC"])
def test_unicode_text_is_left_alone(text):
    assert Decoder([text])(text) == text
    assert Decoder([text, "Xã Đông Hưng", "Th«n §«ng"])(text) == text  # a legacy cell pasted into a Unicode sheet


def test_a_sheet_typed_in_tcvn3_converts_cells_without_telltale_characters():
    # "Sè hé" looks like Unicode on its own; the rest of the sheet shows it is TCVN3 for "Số hộ".
    decode = Decoder(["Th«n §«ng", "Sè hé"])
    assert decode.encoding == Encoding.TCVN3
    assert decode("Sè hé") == "Số hộ"
    assert Decoder(["Xã Đông Hưng", "Th«n §«ng"])("Sè hé") == "Sè hé"  # a Unicode cell: the sheet is mixed


def test_text_that_no_table_turns_into_vietnamese_is_refused_naming_the_encoding():
    with pytest.raises(LegacyTextError) as error:
        Decoder([])("¥¥¥ ©©")
    assert error.value.encoding == Encoding.TCVN3
    assert convert("Th«n", Encoding.VNI) == "Th«n"


# --- Limits and file types: refused with a code and a Vietnamese message, nothing written ----------------------


def _preview(actor, commune, data, filename="danh-sach.xlsx"):
    return import_preview(actor=actor, importer=LocalityImporter, file=data, filename=filename, commune=commune)


def _refusal(actor, commune, data, filename="danh-sach.xlsx"):
    before = Locality.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as error:
        plan = _preview(actor, commune, data, filename)
        import_confirm(actor=actor, plan=plan)
    assert (Locality.objects.count(), AuditEntry.objects.count()) == before
    return error.value


@pytest.mark.django_db
def test_file_over_the_size_limit_is_refused(commune_officer, dong_hung, settings):
    settings.ANTQ_IMPORT_MAX_BYTES = 1000
    data = localities_xlsx(["Thôn Đông", "Thôn", 1, 2])
    error = _refusal(commune_officer, dong_hung, data)
    assert (error.code, error.message) == ("too_large", "Tệp lớn hơn 1 MB; hãy chia nhỏ tệp.")
    upload = SimpleUploadedFile("danh-sach.xlsx", data)
    assert _refusal(commune_officer, dong_hung, upload).code == "too_large"


@pytest.mark.django_db
def test_too_many_rows_are_refused(commune_officer, dong_hung, settings):
    settings.ANTQ_IMPORT_MAX_ROWS = 3
    rows = [[f"Thôn {i}", "Thôn", i, i] for i in range(4)]
    error = _refusal(commune_officer, dong_hung, localities_xlsx(*rows))
    assert (error.code, error.message) == ("too_many_rows", "Tệp có hơn 3 dòng dữ liệu; hãy chia nhỏ tệp.")
    assert len(_preview(commune_officer, dong_hung, localities_xlsx(*rows[:3])).results) == 3


@pytest.mark.django_db
def test_zip_that_expands_too_far_is_refused_before_parsing(commune_officer, dong_hung, settings):
    assert _refusal(commune_officer, dong_hung, zip_bomb()).code == "zip_bomb"
    settings.ANTQ_IMPORT_MAX_UNZIPPED_BYTES = 2000
    assert _refusal(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2])).code == "zip_bomb"


def _zip_with(name: str) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(name, "<document/>")
    return stream.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"%PDF-1.4 not a sheet", "danh-sach.xlsx", "wrong_type"),
        ("Tên thôn, tổ dân phố;Loại\nThôn Đông;Thôn\n".encode(), "danh-sach.xls", "wrong_type"),
        (b"<html><table><tr><td>Th\xc3\xb4n</td></tr></table></html>", "danh-sach.xls", "wrong_type"),
        (_zip_with("word/document.xml"), "danh-sach.xlsx", "wrong_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "danh-sach.xls", "corrupt"),
        (b"PK\x03\x04 truncated", "danh-sach.xlsx", "corrupt"),
        (b"", "danh-sach.xlsx", "empty"),
        (xlsx([]), "danh-sach.xlsx", "empty"),
    ],
)
def test_files_that_are_not_readable_sheets_are_refused(commune_officer, dong_hung, data, filename, code):
    assert _refusal(commune_officer, dong_hung, data, filename).code == code


@pytest.mark.django_db
def test_type_is_told_by_content_not_by_name(commune_officer, dong_hung):
    plan = _preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2]), "danh-sach.pdf")
    assert plan.sheet.kind == "xlsx"
    assert plan.is_valid


@pytest.mark.django_db
def test_missing_required_column_is_named(commune_officer, dong_hung):
    error = _refusal(commune_officer, dong_hung, localities_xlsx(["Thôn", 1], header=["Loại", "Số hộ"]))
    assert (error.code, error.message) == ("missing_columns", "Thiếu cột bắt buộc: “Tên thôn, tổ dân phố”.")


@pytest.mark.django_db
def test_sheet_without_a_header_row_lists_the_expected_columns(commune_officer, dong_hung):
    error = _refusal(commune_officer, dong_hung, xlsx([["a", "b"], [1, 2]]))
    assert error.code == "missing_columns"
    assert "“Tên thôn, tổ dân phố”, “Loại”, “Số hộ”, “Số nhân khẩu”" in error.message


@pytest.mark.django_db
def test_a_column_given_twice_is_refused(commune_officer, dong_hung):
    header = ["Tên thôn, tổ dân phố", "Số hộ", "số hộ"]
    error = _refusal(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", 1, 2], header=header))
    assert (error.code, error.message) == ("duplicate_columns", "Cột “Số hộ” có hai lần.")


# --- Preview, confirm, template, error sheet --------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_writes_nothing(commune_officer, dong_hung):
    before = Locality.objects.count(), AuditEntry.objects.count()
    plan = _preview(
        commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2], ["Thôn Tây", "Thôn", 3, 4])
    )
    assert plan.summary == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    assert (Locality.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_confirm_refuses_a_plan_with_errors(commune_officer, dong_hung):
    error = _refusal(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Xóm", 1, 2]))
    assert error.code == "invalid_rows"


@pytest.mark.django_db
def test_template_reads_back_as_zero_rows_without_error(commune_officer, dong_hung):
    data = template_xlsx(LocalityImporter)
    plan = _preview(commune_officer, dong_hung, data, "mau.xlsx")
    assert (plan.results, plan.errors, plan.sheet.header_index) == ([], [], 1)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Dữ liệu"]
    assert sheet["A1"].value == "Danh sách thôn, tổ dân phố"
    assert [c.value for c in sheet[2]] == ["Tên thôn, tổ dân phố *", "Loại", "Số hộ", "Số nhân khẩu"]
    assert sheet.column_dimensions["A"].width == 32
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == "'Danh mục'!$B$1:$B$5"
    assert [book["Danh mục"].cell(row=i, column=2).value for i in range(1, 6)] == [str(k.label) for k in LocalityKind]
    assert book["Danh mục"].sheet_state == "hidden"


@pytest.mark.django_db
def test_error_sheet_is_the_upload_with_a_loi_column(commune_officer, dong_hung):
    data = localities_xlsx(["Thôn Đông", "Thôn", "-5", 2], ["=cmd()", "Thôn", 3, 4], title="DANH SÁCH THÔN")
    plan = _preview(commune_officer, dong_hung, data)
    assert plan.errors == ["Dòng 3, cột “Số hộ”: phải là số nguyên không âm"]
    sheet = openpyxl.load_workbook(io.BytesIO(error_sheet_xlsx(plan))).active
    assert [c.value for c in sheet[2]] == [*["Tên thôn, tổ dân phố", "Loại", "Số hộ", "Số nhân khẩu"], "Lỗi"]
    assert [c.value for c in sheet[3]] == [
        "Thôn Đông",
        "Thôn",
        "-5",
        2,
        "Dòng 3, cột “Số hộ”: phải là số nguyên không âm",
    ]
    assert (sheet["A4"].value, sheet["A4"].data_type, sheet["E4"].value) == ("=cmd()", "s", None)
    assert sheet["A1"].value == "DANH SÁCH THÔN"


# --- Keeping the upload between the two steps ------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_stored_plan_is_validated_again_and_confirmed(commune_officer, dong_hung, media):
    plan = _preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2]))
    token = plan_store(plan)
    assert sorted(p.name for p in (media / "imports").iterdir()) == [f"{token}.json", f"{token}.upload"]
    loaded = plan_load(token, actor=commune_officer)
    assert (loaded.filename, loaded.summary["create"]) == ("danh-sach.xlsx", 1)
    assert import_confirm(actor=commune_officer, plan=loaded).created == 1
    plan_discard(token)
    assert list((media / "imports").iterdir()) == []


@pytest.mark.django_db
def test_stored_plan_belongs_to_its_uploader(commune_officer, province_officer, dong_hung, media):
    token = plan_store(_preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2])))
    for actor, key in [(province_officer, token), (commune_officer, "../../etc/passwd"), (commune_officer, "0" * 32)]:
        with pytest.raises(NotFoundOrOutOfScope):
            plan_load(key, actor=actor)
    plan = plan_load(token, actor=commune_officer)
    with pytest.raises(NotFoundOrOutOfScope):
        import_confirm(actor=province_officer, plan=plan)


@pytest.mark.django_db
def test_confirm_refuses_when_the_data_changed_since_the_preview(commune_officer, dong_hung, media):
    locality = geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon")
    token = plan_store(_preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 100, 400])))
    geo_services.locality_update(actor=commune_officer, locality=locality, households=90)
    plan = plan_load(token, actor=commune_officer)  # validated again: still an update, but not the one previewed
    with pytest.raises(ValidationFailed) as error:
        import_confirm(actor=commune_officer, plan=plan)
    assert error.value.code == "stale"
    locality.refresh_from_db()
    assert locality.households == 90


@pytest.mark.django_db
def test_confirm_refuses_when_the_actor_lost_the_commune(commune_officer, dong_hung):
    plan = _preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2]))
    commune_officer.assignments.update(valid_to=dt.date(2025, 7, 2))
    actor = User.objects.get(pk=commune_officer.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        import_confirm(actor=actor, plan=plan)
    assert not Locality.objects.filter(commune=dong_hung).exists()


# --- Queries ----------------------------------------------------------------------------------------------------


def _rows(count: int) -> bytes:
    return localities_xlsx(*[[f"Thôn {i}", "Thôn", i, 4 * i] for i in range(count)])


@pytest.mark.django_db
def test_validation_queries_do_not_grow_with_rows(commune_officer, dong_hung, django_assert_max_num_queries):
    for i in range(0, 40, 2):  # some rows update existing localities, some leave them alone
        geo_services.locality_create(actor=commune_officer, commune=dong_hung, name=f"Thôn {i}", kind="thon")
    with CaptureQueriesContext(connection) as few:
        _preview(User.objects.get(pk=commune_officer.pk), dong_hung, _rows(3))
    with django_assert_max_num_queries(len(few)):
        plan = _preview(User.objects.get(pk=commune_officer.pk), dong_hung, _rows(400))
    assert plan.summary == {"create": 380, "update": 20, "unchanged": 0, "error": 0}


@pytest.mark.django_db
def test_confirm_queries_do_not_grow_with_rows(commune_officer, dong_hung, tan_tien, province_officer):
    def confirm_queries(actor, commune, rows):
        plan = _preview(actor, commune, _rows(rows))
        with CaptureQueriesContext(connection) as queries:
            import_confirm(actor=actor, plan=plan)
        return len(queries)

    assert confirm_queries(commune_officer, dong_hung, 3) == confirm_queries(province_officer, tan_tien, 40)


@pytest.mark.django_db
def test_a_conflicting_write_during_confirm_rolls_everything_back(commune_officer, dong_hung, monkeypatch):
    plan = _preview(commune_officer, dong_hung, localities_xlsx(["Thôn Tây", "Thôn"], ["Thôn Đông", "Thôn"]))
    validate_again = LocalityImporter.prefetch

    def prefetch_then_someone_saves(self):
        validate_again(self)
        Locality.objects.create(commune=dong_hung, name="THÔN ĐÔNG", kind="thon")

    monkeypatch.setattr(LocalityImporter, "prefetch", prefetch_then_someone_saves)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as error:
        import_confirm(actor=commune_officer, plan=plan)
    assert error.value.code == "stale"
    assert (Locality.objects.filter(commune=dong_hung).count(), AuditEntry.objects.count()) == (0, before)


@pytest.mark.django_db
def test_stored_plan_expires(commune_officer, dong_hung, media):
    token = plan_store(_preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2])))
    meta_path = media / "imports" / f"{token}.json"
    meta = json.loads(meta_path.read_text())
    meta["stored_at"] = (dt.datetime.fromisoformat(meta["stored_at"]) - dt.timedelta(hours=25)).isoformat()
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(NotFoundOrOutOfScope):
        plan_load(token, actor=commune_officer)


# --- Uploads kept only as long as needed (issue 14, item 9): they hold full CCCDs -------------------------------

IMPORT_URL = "/dia-ban/xa/12688/nhap/thon/"


def _web_preview(client, data):
    upload = io.BytesIO(data)
    upload.name = "thon.xlsx"
    response = client.post(IMPORT_URL, {"step": "upload", "file": upload})
    assert response.status_code == 200
    return response.context["token"]


def _stored(media):
    folder = media / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
def test_a_confirmed_import_deletes_its_upload(client, commune_officer, dong_hung, media):
    client.force_login(commune_officer)
    token = _web_preview(client, localities_xlsx(["Thôn Đông", "Thôn", 1, 2]))
    assert _stored(media) == [f"{token}.json", f"{token}.upload"]
    assert client.post(IMPORT_URL, {"step": "confirm", "token": token}).status_code == 302
    assert Locality.objects.filter(commune=dong_hung, name="Thôn Đông").exists()
    assert _stored(media) == []


@pytest.mark.django_db
def test_a_failed_confirm_deletes_its_upload_too(client, commune_officer, dong_hung, media):
    locality = geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon")
    client.force_login(commune_officer)
    token = _web_preview(client, localities_xlsx(["Thôn Đông", "Thôn", 100, 400]))
    geo_services.locality_update(actor=commune_officer, locality=locality, households=90)  # now stale
    response = client.post(IMPORT_URL, {"step": "confirm", "token": token})
    assert "Dữ liệu đã thay đổi" in response.content.decode()
    assert _stored(media) == []
    # A second click finds nothing to import, and says so.
    response = client.post(IMPORT_URL, {"step": "confirm", "token": token})
    assert response.status_code == 410 and "đã được dùng, đã hủy hoặc đã hết hạn" in response.content.decode()


@pytest.mark.django_db
def test_cancel_deletes_the_upload_of_its_uploader_only(client, commune_officer, province_officer, dong_hung, media):
    client.force_login(commune_officer)
    token = _web_preview(client, localities_xlsx(["Thôn Đông", "Thôn", 1, 2]))
    client.force_login(province_officer)
    assert client.post(IMPORT_URL, {"step": "cancel", "token": token}).status_code == 404
    assert len(_stored(media)) == 2
    client.force_login(commune_officer)
    response = client.post(IMPORT_URL, {"step": "cancel", "token": token})
    assert response.status_code == 302 and response.url == IMPORT_URL
    assert _stored(media) == [] and not Locality.objects.filter(name="Thôn Đông").exists()


@pytest.mark.django_db
def test_preview_page_offers_cancel_and_says_how_long_the_upload_is_kept(client, commune_officer, dong_hung, media):
    client.force_login(commune_officer)
    upload = io.BytesIO(localities_xlsx(["Thôn Đông", "Thôn", 1, 2]))
    upload.name = "thon.xlsx"
    page = client.post(IMPORT_URL, {"step": "upload", "file": upload}).content.decode()
    assert 'value="cancel"' in page and "tối đa 24 giờ" in page


@pytest.mark.django_db
def test_purge_imports_deletes_uploads_older_than_the_keeping_time(commune_officer, dong_hung, media, settings):
    import os
    import time

    from django.core.management import call_command

    old = plan_store(_preview(commune_officer, dong_hung, localities_xlsx(["Thôn Đông", "Thôn", 1, 2])))
    fresh = plan_store(_preview(commune_officer, dong_hung, localities_xlsx(["Thôn Tây", "Thôn", 1, 2])))
    orphan = media / "imports" / ("a" * 32 + ".upload")  # a confirm killed between the two writes
    orphan.write_bytes(b"x")
    unrelated = media / "imports" / "README"
    unrelated.write_text("not an upload")
    day_ago = time.time() - 25 * 3600
    for path in [*media.joinpath("imports").glob(f"{old}.*"), orphan, unrelated]:
        os.utime(path, (day_ago, day_ago))
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert "Đã xóa 3 tệp" in out.getvalue()
    assert _stored(media) == sorted(["README", f"{fresh}.json", f"{fresh}.upload"])
    settings.ANTQ_IMPORT_KEEP_HOURS = 0
    call_command("purge_imports", stdout=io.StringIO())
    assert _stored(media) == ["README"]


def test_the_media_folder_is_never_served():
    from django.urls import Resolver404, resolve

    for path in ["/media/imports/" + "a" * 32 + ".upload", "/var/media/imports/x.json"]:
        with pytest.raises(Resolver404):
            resolve(path)
