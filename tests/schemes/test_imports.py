"""Importing a commune's sites: matching by scheme and place, all or nothing, scope, audit, the round trip of an
export, and the web flow (template, preview, confirm)."""

import datetime as dt
import io

import openpyxl
import pytest

from antq.accounts.models import AuditEntry
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.imports import Action, import_confirm, import_preview
from antq.schemes import services
from antq.schemes.imports import SchemeSiteImporter
from antq.schemes.models import SchemeSite
from tests.sheets import xlsx

HEADER = [
    "Tên mô hình",
    "Nơi thực hiện",
    "Thôn, tổ dân phố",
    "Cơ quan, doanh nghiệp, cơ sở giáo dục",
    "Ngày bắt đầu hoạt động",
    "Số hộ tham gia",
    "Số thành viên",
    "Kết quả nổi bật",
]


def sheet(*rows):
    return xlsx([HEADER, *rows], title="DANH SÁCH ĐIỂM MÔ HÌNH")


def preview(actor, commune, data):
    return import_preview(actor=actor, importer=SchemeSiteImporter, file=data, filename="diem.xlsx", commune=commune)


@pytest.mark.django_db
def test_rows_create_update_or_leave_sites_alone(
    commune_officer, dong_hung, dong_site, province_scheme, thon_bac, truong_dong_hung
):
    data = sheet(
        ["CAMERA AN NINH XÃ ĐÔNG HƯNG", "Thôn", "thôn nam", None, "01/03/2021", 150, None, None],  # update households
        ["Tự phòng, tự quản, tự bảo vệ", "Thôn, tổ dân phố", "Thôn Bắc", None, dt.date(2023, 5, 1), 60, 9, "Tuần tra"],
        ["Camera an ninh xã Đông Hưng", "Trường học", None, "Trường THCS Đông Hưng", "02/09/2024", None, 4, None],
        ["Tự phòng, tự quản, tự bảo vệ", "Toàn xã", None, None, "01/01/2024", None, None, None],
    )
    plan = preview(commune_officer, dong_hung, data)
    assert [r.action for r in plan.results] == [Action.UPDATE, Action.CREATE, Action.CREATE, Action.CREATE]
    assert plan.results[0].changes == {"households": (120, 150)}
    result = import_confirm(actor=commune_officer, plan=plan)
    assert (result.created, result.updated, result.unchanged) == (3, 1, 0)
    dong_site.refresh_from_db()
    assert dong_site.households == 150 and dong_site.members == 8  # a blank cell leaves the stored value alone
    created = SchemeSite.objects.get(locality=thon_bac)
    assert (created.scheme, created.started_on, created.members, created.results, created.status) == (
        province_scheme,
        dt.date(2023, 5, 1),
        9,
        "Tuần tra",
        "active",
    )
    assert SchemeSite.objects.get(establishment=truong_dong_hung).place_kind == "establishment"
    assert SchemeSite.objects.get(commune=dong_hung, place_kind="commune").scheme == province_scheme
    entries = AuditEntry.objects.filter(content_type__model="schemesite", additional_data__bulk=True)
    assert entries.count() == 4 and {e.unit_id for e in entries} == {dong_hung.pk}


@pytest.mark.django_db
def test_one_bad_row_and_nothing_is_written(commune_officer, dong_hung, dong_site, thon_bac):
    data = sheet(
        ["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Nam", None, "01/03/2021", 999, None, None],
        ["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Bắc", None, "01/03/2021", 10, None, None],
        ["Mô hình không có", "Thôn", "Thôn Bắc", None, "01/03/2021", None, None, None],
        ["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Không Có", None, "01/03/2021", None, None, None],
        ["Camera an ninh xã Đông Hưng", "Thôn", "thôn bắc", None, "01/03/2021", None, None, None],
        ["Camera an ninh xã Đông Hưng", "Toàn xã", None, None, "01/01/2019", None, None, None],
        ["Camera an ninh xã Đông Hưng", "Sân bay", None, None, "01/03/2021", -3, None, None],
    )
    plan = preview(commune_officer, dong_hung, data)
    assert [r.action for r in plan.results[:2]] == [Action.UPDATE, Action.CREATE]
    assert plan.errors == [
        "Dòng 5, cột “Tên mô hình”: xã và tỉnh chưa có mô hình “Mô hình không có”; hãy thêm mô hình trước",
        "Dòng 6, cột “Thôn, tổ dân phố”: xã không có thôn, tổ dân phố “Thôn Không Có”",
        "Dòng 7, cột “Tên mô hình”: trùng mô hình và nơi thực hiện với dòng 4",
        "Dòng 8, cột “Ngày bắt đầu hoạt động”: trước ngày ra mắt mô hình (01/01/2020)",
        "Dòng 9, cột “Nơi thực hiện”: phải là một trong: “Thôn, tổ dân phố”, “Cơ quan, doanh nghiệp, cơ sở giáo "
        "dục”, “Toàn xã, phường”",
        "Dòng 9, cột “Số hộ tham gia”: phải là số nguyên không âm",
    ]
    with pytest.raises(ValidationFailed):
        import_confirm(actor=commune_officer, plan=plan)
    dong_site.refresh_from_db()
    assert dong_site.households == 120
    assert SchemeSite.objects.count() == 1


@pytest.mark.django_db
def test_a_running_sites_start_date_is_not_changed_by_import(commune_officer, dong_hung, dong_site):
    plan = preview(
        commune_officer, dong_hung, sheet(["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Nam", None, "05/03/2021"])
    )
    assert plan.errors == ["Dòng 3, cột “Ngày bắt đầu hoạt động”: khác ngày bắt đầu của điểm đã có (01/03/2021)"]


@pytest.mark.django_db
def test_a_row_starting_before_its_scheme_is_refused(commune_officer, dong_hung, dong_scheme, thon_bac):
    plan = preview(
        commune_officer, dong_hung, sheet(["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Bắc", None, "01/01/2019"])
    )
    assert plan.errors == ["Dòng 3, cột “Ngày bắt đầu hoạt động”: trước ngày ra mắt mô hình (01/01/2020)"]


@pytest.mark.django_db
def test_only_writers_of_the_commune_may_import(other_commune_officer, viewer, dong_hung, dong_scheme):
    data = sheet(["Camera an ninh xã Đông Hưng", "Toàn xã", None, None, "01/03/2021"])
    for actor in (other_commune_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            preview(actor, dong_hung, data)


@pytest.mark.django_db
def test_an_export_uploads_again_unchanged_and_ended_rows_are_left_alone(
    client, commune_officer, dong_hung, dong_site, province_scheme, thon_bac
):
    ended = services.site_create(
        actor=commune_officer,
        scheme=province_scheme,
        commune=dong_hung,
        place_kind="locality",
        locality=thon_bac,
        started_on=dt.date(2022, 1, 1),
    )
    services.site_end(actor=commune_officer, site=ended, on=dt.date(2024, 12, 31), reason="Sáp nhập thôn")
    client.force_login(commune_officer)
    exported = client.get("/mo-hinh/xa/12688/xuat/").content
    plan = preview(commune_officer, dong_hung, exported)
    assert plan.is_valid, plan.errors
    assert [r.action for r in plan.results] == [Action.UNCHANGED, Action.UNCHANGED]
    assert import_confirm(actor=commune_officer, plan=plan).created == 0


@pytest.mark.django_db
def test_web_flow_previews_then_confirms(client, commune_officer, dong_hung, dong_scheme, thon_bac, media_root):
    client.force_login(commune_officer)
    template = client.get("/mo-hinh/xa/12688/nhap/", {"mau": 1})
    headers = next(openpyxl.load_workbook(io.BytesIO(template.content)).active.iter_rows(min_row=2, values_only=True))
    assert headers[:2] == ("Tên mô hình *", "Nơi thực hiện *")
    upload = io.BytesIO(sheet(["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Bắc", None, "01/03/2021", 30]))
    upload.name = "diem.xlsx"
    response = client.post("/mo-hinh/xa/12688/nhap/", {"step": "upload", "file": upload})
    assert response.status_code == 200 and not SchemeSite.objects.exists()
    token = response.context["token"]
    confirmed = client.post("/mo-hinh/xa/12688/nhap/", {"step": "confirm", "token": token})
    assert confirmed.status_code == 302 and confirmed.url == "/mo-hinh/xa/12688/"
    assert SchemeSite.objects.get().households == 30


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999", "-1", "abc", ""])
def test_site_form_ignores_a_garbage_replication_source_instead_of_failing(client, commune_officer, dong_hung, value):
    # "²".isdigit() is True but int("²") raises: the form used to answer 500 (issue 14, item 8).
    client.force_login(commune_officer)
    response = client.get("/mo-hinh/xa/12688/them-diem/", {"nhan-rong": value})
    assert response.status_code == 200
    assert response.context["form"].initial.get("replicated_from") is None
