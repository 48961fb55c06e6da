"""The web import flow: template, upload, dry-run preview, error sheet, confirm (all or nothing)."""

import io

import openpyxl
import pytest

from antq.geo.models import Locality


def sheet(rows, header=("Tên thôn, tổ dân phố", "Loại", "Số hộ")):
    book = openpyxl.Workbook()
    book.active.append(["DANH SÁCH THÔN, TỔ DÂN PHỐ"])  # a title row above the header, as real sheets have
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "thon.xlsx"
    return buffer


URL = "/dia-ban/xa/12688/nhap/thon/"


@pytest.mark.django_db
def test_template_download(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(URL, {"mau": 1})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Tên thôn, tổ dân phố *" in values  # required columns are starred


@pytest.mark.django_db
def test_upload_previews_then_confirm_saves(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    response = client.post(
        URL,
        {"step": "upload", "file": sheet([(" Thôn An Lạc ", "thôn", "1.234"), ("Tổ dân phố 2", "Tổ dân phố", 300)])},
    )
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.is_valid and plan.summary["create"] == 2
    assert Locality.objects.filter(commune=dong_hung).count() == 0  # the dry run wrote nothing
    response = client.post(URL, {"step": "confirm", "token": response.context["token"]})
    assert response.status_code == 302
    households = dict(Locality.objects.filter(commune=dong_hung).values_list("name", "households"))
    assert households == {"Thôn An Lạc": 1234, "Tổ dân phố 2": 300}


@pytest.mark.django_db
def test_errors_name_row_and_column_and_nothing_is_saved(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    response = client.post(URL, {"step": "upload", "file": sheet([("Thôn 1", "Thôn", "-5"), ("Thôn 2", "Làng", 10)])})
    plan = response.context["plan"]
    assert not plan.is_valid
    body = response.content.decode()
    assert "Dòng 3" in body and "Số hộ" in body
    assert "Dòng 4" in body and "Loại" in body
    errors = client.get(URL, {"loi": response.context["token"]})
    book = openpyxl.load_workbook(io.BytesIO(errors.content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Lỗi" in cells
    assert Locality.objects.filter(commune=dong_hung).count() == 0


@pytest.mark.django_db
def test_other_commune_cannot_import_or_confirm(client, commune_officer, other_commune_officer):
    client.force_login(commune_officer)
    token = client.post(URL, {"step": "upload", "file": sheet([("Thôn 1", "Thôn", 10)])}).context["token"]
    client.force_login(other_commune_officer)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"step": "confirm", "token": token}).status_code == 404


GONE = "Bản xem trước này đã được dùng, đã hủy hoặc đã hết hạn — hãy tải tệp lên lại."


def _gone(response) -> None:
    """The uploader's used / cancelled / replaced token: 410 with the reason and a link back to the upload page."""
    body = response.content.decode()
    assert response.status_code == 410
    assert GONE in body and f'href="{URL}"' in body


@pytest.mark.django_db
def test_a_used_cancelled_or_replaced_preview_is_explained_to_its_uploader(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    token = client.post(URL, {"step": "upload", "file": sheet([("Thôn 1", "Thôn", 10)])}).context["token"]
    assert client.post(URL, {"step": "confirm", "token": token}).status_code == 302
    _gone(client.post(URL, {"step": "confirm", "token": token}))  # the second click
    _gone(client.get(URL, {"loi": token}))
    token = client.post(URL, {"step": "upload", "file": sheet([("Thôn 2", "Thôn", 10)])}).context["token"]
    client.post(URL, {"step": "cancel", "token": token})
    _gone(client.post(URL, {"step": "confirm", "token": token}))
    token = client.post(URL, {"step": "upload", "file": sheet([("Thôn 3", "Thôn", 10)])}).context["token"]
    client.post(URL, {"step": "options", "token": token, "include_hidden": "1"})
    _gone(client.post(URL, {"step": "confirm", "token": token}))  # superseded by "Xem trước lại"
    assert set(Locality.objects.filter(commune=dong_hung).values_list("name", flat=True)) == {"Thôn 1"}
    # A token never shown to this session, and the same token at another import, stay "not found".
    assert client.post(URL, {"step": "confirm", "token": "0" * 32}).status_code == 404
    assert client.post(URL.replace("thon", "co-so"), {"step": "confirm", "token": token}).status_code == 404


@pytest.mark.django_db
def test_a_plan_is_confirmed_only_at_its_own_import(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    token = client.post(URL, {"step": "upload", "file": sheet([("Thôn 1", "Thôn", 10)])}).context["token"]
    other = URL.replace("thon", "co-so")
    for step in ("confirm", "cancel", "options"):
        assert client.post(other, {"step": step, "token": token}).status_code == 404
    assert client.get(other, {"loi": token}).status_code == 404
    assert Locality.objects.filter(commune=dong_hung).count() == 0
    assert client.post(URL, {"step": "confirm", "token": token}).status_code == 302  # left alone, still usable
    assert Locality.objects.filter(commune=dong_hung).count() == 1
