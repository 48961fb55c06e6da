"""Roster import / export through the shared machinery: rules per row, neutral duplicates, round trip."""

import datetime as dt
import io

import openpyxl
import pytest

from antq.accounts.models import AuditEntry
from antq.core.imports import import_confirm, import_preview
from antq.forces import services
from antq.forces.models import TeamMember
from antq.forces.roster import COLUMNS, EXPORTED, RosterImporter, roster_xlsx
from tests.forces.fixtures import member_data

HEADERS = [c.header for c in COLUMNS]


def sheet(*rows):
    book = openpyxl.Workbook()
    book.active.append(["DANH SÁCH THÀNH VIÊN"])
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(team, **overrides):
    values = {
        "Tổ": team.name,
        "Họ và tên": "Phạm Thị Hoa",
        "Ngày sinh": "02/09/1985",
        "Giới tính": "Nữ",
        "Số định danh cá nhân / CCCD": "033185004321",
        "Dân tộc": "Kinh",
        "Trình độ học vấn": "THPT",
        "Nơi cư trú (thôn / tổ dân phố)": "Thôn Đông",
        "Số điện thoại": "0988123456",
        "Chức danh": "Tổ viên",
        "Số quyết định công nhận": "15/QĐ-UBND",
        "Ngày quyết định công nhận": "01/08/2024",
        "Ngày tham gia": "05/08/2024",
        "Cư trú tại địa bàn từ ngày": "01/01/2010",
        "Giấy chứng nhận đủ sức khỏe": "Có",
        "Đã xác minh không bị truy cứu, xử lý": "x",
        "Ghi chú": "",
    }
    values.update(overrides)
    return [values.get(h) for h in HEADERS]


def preview(actor, commune, data):
    return import_preview(actor=actor, importer=RosterImporter, file=data, filename="ds.xlsx", commune=commune)


@pytest.mark.django_db
def test_import_creates_members_with_every_rule_checked(commune_officer, dong_hung, team):
    plan = preview(commune_officer, dong_hung, sheet(row(team)))
    assert plan.is_valid, plan.errors
    import_confirm(actor=commune_officer, plan=plan)
    member = TeamMember.objects.get(national_id="033185004321")
    assert (member.full_name, member.gender, member.education, member.role) == (
        "Phạm Thị Hoa",
        "female",
        "upper_secondary",
        "member",
    )
    assert member.sort_key and member.phone == "0988123456"
    assert AuditEntry.objects.filter(object_pk=str(member.pk), additional_data__bulk=True).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"Số định danh cá nhân / CCCD": "033085004321"}, "Số định danh cá nhân / CCCD"),  # gender digit says male
        ({"Ngày sinh": "02/09/2010", "Số định danh cá nhân / CCCD": "033310004321"}, "Ngày sinh"),  # 13 years old
        ({"Trình độ học vấn": "Tiểu học"}, "Trình độ học vấn"),
        ({"Giấy chứng nhận đủ sức khỏe": "Không"}, "Giấy chứng nhận đủ sức khỏe"),
        ({"Nơi cư trú (thôn / tổ dân phố)": "Thôn Không Có"}, "Nơi cư trú"),
        ({"Tổ": "Tổ không có"}, "Tổ"),
        ({"Chức danh": "Đội trưởng"}, "Chức danh"),
    ],
)
def test_invalid_rows_name_row_and_column_and_nothing_is_written(commune_officer, dong_hung, team, overrides, column):
    plan = preview(commune_officer, dong_hung, sheet(row(team, **overrides)))
    assert not plan.is_valid
    assert any("Dòng 3" in e and column in e for e in plan.errors), plan.errors
    assert TeamMember.objects.count() == 0


@pytest.mark.django_db
def test_second_leader_and_duplicate_rows_are_refused(commune_officer, dong_hung, team, leader):
    plan = preview(commune_officer, dong_hung, sheet(row(team, **{"Chức danh": "Tổ trưởng"}), row(team)))
    messages = plan.errors
    assert any("đã có Tổ trưởng" in m for m in messages)
    assert any("trùng số CCCD với dòng 3" in m for m in messages)


@pytest.mark.django_db
def test_cccd_active_in_another_commune_gets_the_neutral_message(
    commune_officer, other_commune_officer, dong_hung, other_team, thon_tan_tien, team
):
    services.member_add(
        actor=other_commune_officer,
        team=other_team,
        **member_data(thon_tan_tien, national_id="033185004321", gender="female", birth_date=dt.date(1985, 9, 2)),
    )
    plan = preview(commune_officer, dong_hung, sheet(row(team)))
    assert any(services.NEUTRAL_DUPLICATE in e for e in plan.errors)
    assert not any("Tân" in e for e in plan.errors)


@pytest.mark.django_db
def test_export_then_import_changes_nothing(commune_officer, dong_hung, team, leader, thon_dong):
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, phone="0912000111"))
    exported = roster_xlsx(actor=commune_officer, commune=dong_hung)
    assert AuditEntry.objects.filter(action=3, additional_data__field="roster_export").count() == 1
    plan = preview(commune_officer, dong_hung, exported)
    assert plan.is_valid, plan.errors
    assert plan.summary == {"create": 0, "update": 0, "unchanged": 2, "error": 0}


@pytest.mark.django_db
def test_export_is_for_officers_only(client, viewer, commune_officer):
    client.force_login(viewer)
    assert client.get("/luc-luong/xa/12688/danh-sach.xlsx").status_code == 404
    client.force_login(commune_officer)
    response = client.get("/luc-luong/xa/12688/danh-sach.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.django_db
def test_updates_by_import_are_audited_per_member_with_masked_values(commune_officer, dong_hung, team, leader):
    exported = roster_xlsx(actor=commune_officer, commune=dong_hung)
    book = openpyxl.load_workbook(io.BytesIO(exported))
    phone_column = [c.key for c in EXPORTED].index("phone") + 2  # after STT
    book.active.cell(row=3, column=phone_column, value="0977000111")
    buffer = io.BytesIO()
    book.save(buffer)
    plan = preview(commune_officer, dong_hung, buffer.getvalue())
    assert plan.summary["update"] == 1
    import_confirm(actor=commune_officer, plan=plan)
    entry = AuditEntry.objects.filter(object_pk=str(leader.pk), action=1, additional_data__bulk=True).get()
    assert entry.changes == {"phone": ["••••••5678", "••••••0111"]}


def _exported_rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    title = sheet.cell(1, 1).value
    headers = ["STT", *(c.header for c in EXPORTED)]
    rows = [dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)]
    return title, rows


@pytest.mark.django_db
@pytest.mark.parametrize("officer", ["province_officer", "ministry_officer"])
def test_province_and_ministry_export_masks_cccd_and_phone_and_says_it_cannot_be_reimported(
    request, commune_officer, dong_hung, team, leader, officer
):
    title, rows = _exported_rows(roster_xlsx(actor=request.getfixturevalue(officer), commune=dong_hung))
    (only,) = rows
    assert only["Số định danh cá nhân / CCCD"] == "••••••••" + leader.national_id[-4:]
    assert only["Số điện thoại"] == "••••••" + leader.phone[-4:]
    assert only["Ngày sinh"] == leader.birth_date.strftime("%d/%m/%Y")  # the policy shows birth dates in full
    assert "KHÔNG DÙNG ĐỂ NHẬP LẠI" in title
    assert not any(leader.national_id in str(v) or leader.phone in str(v) for v in only.values())


@pytest.mark.django_db
def test_commune_export_keeps_full_cccd_for_reimport_and_is_audited(commune_officer, dong_hung, team, leader):
    title, rows = _exported_rows(roster_xlsx(actor=commune_officer, commune=dong_hung))
    assert (rows[0]["Số định danh cá nhân / CCCD"], rows[0]["Số điện thoại"]) == (leader.national_id, leader.phone)
    assert "NHẬP LẠI" not in title
    entry = AuditEntry.objects.get(actor=commune_officer, additional_data__field="roster_export")
    assert (entry.unit_id, entry.province_id) == (dong_hung.pk, dong_hung.parent_id)
    assert "masked" not in entry.additional_data


@pytest.mark.django_db
def test_a_masked_export_is_audited_as_masked_not_as_a_full_view(client, province_officer, dong_hung, team, leader):
    roster_xlsx(actor=province_officer, commune=dong_hung)
    entry = AuditEntry.objects.get(actor=province_officer, additional_data__field="roster_export")
    assert entry.additional_data["masked"] is True and entry.province_id == dong_hung.parent_id
    client.force_login(province_officer)
    trail = client.get("/tai-khoan/nhat-ky/").content.decode()
    assert "đã che thông tin cá nhân: roster_export" in trail and "xem đầy đủ: roster_export" not in trail


@pytest.mark.django_db
def test_masked_export_imported_back_changes_nothing(province_officer, commune_officer, dong_hung, team, leader):
    plan = preview(commune_officer, dong_hung, roster_xlsx(actor=province_officer, commune=dong_hung))
    assert not plan.is_valid and any("Số định danh cá nhân / CCCD" in e for e in plan.errors), plan.errors
    leader.refresh_from_db()
    assert leader.national_id == "033075000111"


@pytest.mark.django_db
def test_export_writes_names_and_notes_beginning_with_formula_signs_as_text(
    commune_officer, dong_hung, team, thon_dong
):
    services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(thon_dong, full_name='=HYPERLINK("http://x.example","Bấm")', note="@SUM(1+1)"),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(roster_xlsx(actor=commune_officer, commune=dong_hung))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    starts = {cell.value[:1] for cell in cells}
    assert {"=", "@"} <= starts
    assert all(cell.data_type == "s" for cell in cells)
