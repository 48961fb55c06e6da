"""Importing a commune's localities and establishments: matching by name, what messy sheets are accepted, what
is refused (with row and column, nothing written), scope, and one audit entry per saved object."""

import pytest
from django.contrib.contenttypes.models import ContentType

from antq.accounts.audit import CREATE, UPDATE
from antq.accounts.models import AuditEntry
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.imports import Action, import_confirm, import_preview
from antq.geo import services as geo_services
from antq.geo.imports import EstablishmentImporter, LocalityImporter
from antq.geo.models import Establishment, Locality
from tests.sheets import ESTABLISHMENT_HEADER, FIXTURES, localities_xlsx, ods, xlsx


def _import(actor, commune, data, importer=LocalityImporter, filename="danh-sach.xlsx"):
    plan = import_preview(actor=actor, importer=importer, file=data, filename=filename, commune=commune)
    return plan, import_confirm(actor=actor, plan=plan)


def _localities(commune):
    return {
        (loc.name, loc.kind, loc.households, loc.population, loc.folded_name)
        for loc in Locality.objects.filter(commune=commune)
    }


# --- Localities -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rows_are_created_updated_or_left_alone_by_folded_name(commune_officer, dong_hung):
    geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon", households=5)
    geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Tây", kind="thon", households=7)
    data = localities_xlsx(
        ["THÔN ĐÔNG", "Thôn", 50, 200], ["Thôn Tây", "thôn", 7, None], ["Tổ dân phố 1", "Tổ dân phố"]
    )
    plan = import_preview(
        actor=commune_officer, importer=LocalityImporter, file=data, filename="a.xlsx", commune=dong_hung
    )
    assert [r.action for r in plan.results] == [Action.UPDATE, Action.UNCHANGED, Action.CREATE]
    assert plan.results[0].changes == {
        "name": ("Thôn Đông", "THÔN ĐÔNG"),
        "households": (5, 50),
        "population": (None, 200),
    }
    result = import_confirm(actor=commune_officer, plan=plan)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert _localities(dong_hung) == {
        ("THÔN ĐÔNG", "thon", 50, 200, "thon dong"),
        ("Thôn Tây", "thon", 7, None, "thon tay"),  # a blank cell leaves the stored value alone
        ("Tổ dân phố 1", "to_dan_pho", None, None, "to dan pho 1"),
    }


@pytest.mark.django_db
def test_confirm_leaves_one_audit_entry_per_saved_object(commune_officer, dong_hung, hung_yen):
    geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon", households=5)
    geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Tây", kind="thon")
    before = AuditEntry.objects.count()
    data = localities_xlsx(["Thôn Đông", "Thôn", 6], ["Thôn Tây", "Thôn"], ["Thôn Bắc", "Thôn"], ["Thôn Nam", "Thôn"])
    _import(commune_officer, dong_hung, data, filename="thon.xlsx")
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert sorted((e.action, e.object_repr) for e in entries) == [
        (CREATE, "Thôn Bắc"),
        (CREATE, "Thôn Nam"),
        (UPDATE, "Thôn Đông"),
    ]
    locality_type = ContentType.objects.get_for_model(Locality)
    for entry in entries:
        assert (entry.actor, entry.unit, entry.province, entry.content_type) == (
            commune_officer,
            dong_hung,
            hung_yen,
            locality_type,
        )
        assert entry.additional_data == {"bulk": True, "note": "Nhập từ tệp “thon.xlsx”"}
        assert Locality.objects.filter(pk=entry.object_id, commune=dong_hung).exists()


@pytest.mark.django_db
def test_messy_sheet_is_accepted(commune_officer, dong_hung):
    # Title rows (one merged) above a header typed in another case and without accents; stray spaces; numbers
    # typed as text with Vietnamese thousands separators; kinds as labels in any case, codes, or TCVN3 / VNI.
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ ĐÔNG HƯNG"],
        [],
        ["  TÊN THÔN, TỔ DÂN PHỐ ", "loai", "SO HO", "Số  nhân khẩu (người)"],
        ["  Thôn   Đông ", " thôn ", " 12 ", "1.234"],
        ["Tổ dân phố 2", "TỔ DÂN PHỐ", "1 234", 4321.0],
        ["Th«n §oµi", "Th«n", 3, "4"],
        ["Tæ d©n phè Hßa B×nh", "tæ d©n phè", None, None],
        ["Khu daân cö Ñoâng", "khu dan cu", "7", None],
        ["Bản Mường", "ban", None, None],
    ]
    data = xlsx(rows, title="DANH SÁCH THÔN, TỔ DÂN PHỐ")
    before = AuditEntry.objects.count()
    plan, result = _import(commune_officer, dong_hung, data)
    assert plan.sheet.header_index == 3
    assert (result.created, AuditEntry.objects.count() - before) == (6, 6)
    assert {
        (name, kind, households, population) for name, kind, households, population, _ in _localities(dong_hung)
    } == {
        ("Thôn Đông", "thon", 12, 1234),
        ("Tổ dân phố 2", "to_dan_pho", 1234, 4321),
        ("Thôn Đoài", "thon", 3, 4),
        ("Tổ dân phố Hòa Bình", "to_dan_pho", None, None),
        ("Khu dân cư Đông", "khu_dan_cu", 7, None),
        ("Bản Mường", "ban", None, None),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows",
    [
        [  # TCVN3 (ABC), headers included; "Xãm Bé" has no telltale character but the sheet shows TCVN3
            ["Tªn th«n, tæ d©n phè", "Lo¹i", "Sè hé"],
            ["Th«n §«ng H\xadng", "Th«n", "1.200"],
            ["Xãm Bé", "Khu d©n c\xad", None],
        ],
        [  # VNI
            ["Teân thoân, toå daân phoá", "Loaïi", "Soá hoä"],
            ["Thoân Ñoâng Höng", "Thoân", "1.200"],
            ["Xoùm Boä", "Khu daân cö", None],
        ],
    ],
)
def test_sheet_typed_in_a_legacy_encoding_is_converted(commune_officer, dong_hung, rows):
    _import(commune_officer, dong_hung, xlsx(rows))
    assert {(name, kind, h) for name, kind, h, *_ in _localities(dong_hung)} == {
        ("Thôn Đông Hưng", "thon", 1200),
        ("Xóm Bộ", "khu_dan_cu", None),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Thôn Đông", "Thôn", "-5"], "Dòng 4, cột “Số hộ”: phải là số nguyên không âm"),
        (["Thôn Đông", "Thôn", "12,5"], "Dòng 4, cột “Số hộ”: phải là số nguyên không âm"),
        (["Thôn Đông", "Thôn", 1, "nhiều"], "Dòng 4, cột “Số nhân khẩu”: phải là số nguyên không âm"),
        (
            ["Thôn Đông", "Xóm"],
            "Dòng 4, cột “Loại”: phải là một trong: “Thôn”, “Tổ dân phố”, “Khu dân cư”, “Ấp”, “Bản”",
        ),
        (["Thôn Đông"], "Dòng 4, cột “Loại”: trường này không được để trắng."),
        (["  ", "Thôn", 1], "Dòng 4, cột “Tên thôn, tổ dân phố”: không được để trống"),
        (["T" * 121, "Thôn"], "Dòng 4, cột “Tên thôn, tổ dân phố”: giá trị này chỉ có tối đa 120 kí tự (hiện có 121)"),
        (["Müller", "Thôn"], "Dòng 4, cột “Tên thôn, tổ dân phố”: chữ gõ bằng bảng mã VNI không chuyển được"),
    ],
)
def test_invalid_row_is_refused_naming_row_and_column(commune_officer, dong_hung, row, message):
    data = localities_xlsx(["Thôn Bắc", "Thôn", 1, 2], row, title="DANH SÁCH")
    plan = import_preview(
        actor=commune_officer, importer=LocalityImporter, file=data, filename="a.xlsx", commune=dong_hung
    )
    assert len(plan.errors) == 1
    assert plan.errors[0].startswith(message)
    assert [r.action for r in plan.results] == [Action.CREATE, None]
    before = Locality.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationFailed):
        import_confirm(actor=commune_officer, plan=plan)
    assert (Locality.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_duplicate_names_in_the_sheet_are_refused(commune_officer, dong_hung):
    data = localities_xlsx(["Thôn Đông", "Thôn"], ["Thôn Tây", "Thôn"], [" THÔN  ĐÔNG", "Thôn"])
    plan = import_preview(
        actor=commune_officer, importer=LocalityImporter, file=data, filename="a.xlsx", commune=dong_hung
    )
    assert plan.errors == ["Dòng 4, cột “Tên thôn, tổ dân phố”: trùng tên với dòng 2"]


@pytest.mark.django_db
def test_a_commune_outside_the_actors_scope_is_not_found(other_commune_officer, viewer, dong_hung, hung_yen):
    data = localities_xlsx(["Thôn Đông", "Thôn"])
    for actor, commune in [(other_commune_officer, dong_hung), (viewer, dong_hung), (other_commune_officer, hung_yen)]:
        with pytest.raises(NotFoundOrOutOfScope):
            import_preview(actor=actor, importer=LocalityImporter, file=data, filename="a.xlsx", commune=commune)
    assert not Locality.objects.filter(commune=dong_hung).exists()


@pytest.mark.django_db
def test_province_officer_imports_into_a_commune_of_the_province(province_officer, tan_tien):
    _, result = _import(province_officer, tan_tien, localities_xlsx(["Thôn Đông", "Thôn"]))
    assert result.created == 1


@pytest.mark.django_db
def test_ods_is_read(commune_officer, dong_hung):
    data = ods([["DANH SÁCH"], ["Tên thôn, tổ dân phố", "Loại", "Số hộ"], ["Thôn Đông", "Thôn", 120], ["Ấp 3", "ấp"]])
    plan, _ = _import(commune_officer, dong_hung, data, filename="danh-sach.ods")
    assert plan.sheet.kind == "ods"
    assert {name for name, *_ in _localities(dong_hung)} == {"Thôn Đông", "Ấp 3"}


@pytest.mark.django_db
def test_legacy_xls_is_read(commune_officer, dong_hung):
    plan, _ = _import(commune_officer, dong_hung, (FIXTURES / "localities.xls").read_bytes(), filename="cu.xls")
    assert plan.sheet.kind == "xls"
    assert {(name, kind, h, p) for name, kind, h, p, _ in _localities(dong_hung)} == {
        ("Thôn Đông", "thon", 120, 480),
        ("Tổ dân phố Nam", "to_dan_pho", 1234, 4321),
    }


# --- Establishments ---------------------------------------------------------------------------------------------


def _establishments_xlsx(*rows):
    return xlsx([ESTABLISHMENT_HEADER, *rows])


@pytest.mark.django_db
def test_establishments_are_created_with_their_locality_and_matched_by_kind_and_name(commune_officer, dong_hung):
    dong = geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon")
    school = geo_services.establishment_create(
        actor=commune_officer, commune=dong_hung, name="Trường THCS Đông Hưng", kind="school", size_class="primary"
    )
    data = _establishments_xlsx(
        ["Trường THCS Đông Hưng", "Cơ sở giáo dục", "Trung học cơ sở", "Thôn Đông", "thôn đông"],
        ["Công ty TNHH May Đông Hưng", "doanh nghiệp", "vừa", "", "THÔN ĐÔNG"],
        ["UBND xã Đông Hưng", "Cơ quan", None, "Thôn Đông"],
    )
    plan, result = _import(commune_officer, dong_hung, data, importer=EstablishmentImporter)
    assert [r.action for r in plan.results] == [Action.UPDATE, Action.CREATE, Action.CREATE]
    assert (result.created, result.updated) == (2, 1)
    school.refresh_from_db()
    assert (school.size_class, school.address, school.locality) == ("lower_secondary", "Thôn Đông", dong)
    company = Establishment.objects.get(commune=dong_hung, kind="enterprise")
    assert (company.size_class, company.locality, company.folded_name) == ("medium", dong, "cong ty tnhh may dong hung")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Công ty A", "Doanh nghiệp", None, None, "Thôn Không Có"], "Dòng 2, cột “Thôn, tổ dân phố”: xã không có"),
        (["Công ty A", "Doanh nghiệp", "Tiểu học"], "Dòng 2, cột “Quy mô / cấp học”: “Tiểu học” không dùng cho"),
        (["UBND xã", "Cơ quan", "Lớn"], "Dòng 2, cột “Quy mô / cấp học”: “Lớn” không dùng cho loại “Cơ quan”"),
        (["Công ty A", None], "Dòng 2, cột “Loại”: không được để trống"),
    ],
)
def test_invalid_establishment_row_is_refused(commune_officer, dong_hung, row, message):
    data = _establishments_xlsx(row)
    plan = import_preview(
        actor=commune_officer, importer=EstablishmentImporter, file=data, filename="a.xlsx", commune=dong_hung
    )
    assert len(plan.errors) == 1
    assert plan.errors[0].startswith(message)
    with pytest.raises(ValidationFailed):
        import_confirm(actor=commune_officer, plan=plan)
    assert not Establishment.objects.filter(commune=dong_hung).exists()


@pytest.mark.django_db
def test_same_name_of_another_kind_is_another_establishment(commune_officer, dong_hung):
    data = _establishments_xlsx(["Đông Hưng", "Cơ quan"], ["Đông Hưng", "Doanh nghiệp"], ["ĐÔNG HƯNG", "cơ quan"])
    plan = import_preview(
        actor=commune_officer, importer=EstablishmentImporter, file=data, filename="a.xlsx", commune=dong_hung
    )
    assert plan.errors == ["Dòng 4, cột “Tên cơ quan, doanh nghiệp, cơ sở giáo dục”: trùng tên và loại với dòng 2"]
