"""The roster sheet communes keep (domain.md §7, issue 16 item 0) imports as it is: laid out exactly as §7 says,
under a title block and above a signature block, with no "Tổ", no start date and no attestation columns."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from antq.accounts.models import AuditEntry
from antq.core.errors import ValidationFailed
from antq.core.imports import CellError, ReadOptions, import_confirm, import_preview, template_xlsx
from antq.forces import services
from antq.forces.models import Education, TeamMember
from antq.forces.roster import EXPORTED, RosterImporter, roster_xlsx
from antq.forces.roster_cells import Decision, parse_decision, parse_education, parse_national_id
from antq.forces.rules import national_id_clean
from antq.geo.models import Locality

# domain.md §7: "A commune roster sheet typically has: STT, Họ và tên, Ngày sinh, Giới tính, Số định danh cá nhân /
# CCCD, Dân tộc, Trình độ học vấn, Nơi cư trú (thôn / tổ dân phố), Số điện thoại, Chức danh (Tổ trưởng / Tổ phó /
# Tổ viên), Quyết định công nhận (số, ngày), Ghi chú."
STANDARD = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân / CCCD",
    "Dân tộc",
    "Trình độ học vấn",
    "Nơi cư trú (thôn / tổ dân phố)",
    "Số điện thoại",
    "Chức danh",
    "Quyết định công nhận (số, ngày)",
    "Ghi chú",
]
HEADER_ROW = 7  # below the title block
ALL_ANSWERS = ("attest:health_certified", "attest:no_prosecution", "attest:residence_verified")

AN = ["Nguyễn Văn An", "15/03/1980", "Nam", "'033080001234", "Kinh", "12/12", "Thôn Đông", "0912345678", "Tổ trưởng",
      "15/QĐ-UBND ngày 01/8/2024", None]  # fmt: skip
HOA = ["Phạm Thị Hoa", dt.datetime(1985, 9, 2), "Nữ", " 033 185 004 321 ", "Kinh", "9/12", "Thôn Tây", "0988 123 456",
       "Tổ viên", "15/QĐ-UBND ngày 01/8/2024", None]  # fmt: skip
CUONG = ["Lê Văn Cường", "20/10/1990", "Nam", "033090007777", "Tày", "Đại học", "Thôn Đông", None, "Tổ phó",
         "Số 16/QĐ-UBND, ngày 02/08/2024", "Chuyển đến năm 2015"]  # fmt: skip


def commune_sheet(*people, header=STANDARD):
    """A commune's own roster file: the national motto and the title above the table, the signature below."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    width = len(header)
    sheet.append(["UBND XÃ ĐÔNG HƯNG", None, None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["CÔNG AN XÃ", None, None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    sheet.append([])
    sheet.append(["DANH SÁCH THÀNH VIÊN TỔ BẢO VỆ AN NINH, TRẬT TỰ Ở CƠ SỞ"])
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    sheet.append(["(Kèm theo Quyết định số 15/QĐ-UBND ngày 01/8/2024 của Chủ tịch UBND xã Đông Hưng)"])
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=width)
    sheet.append([])
    sheet.append(header)
    for number, person in enumerate(people, start=1):
        sheet.append([number, *person])
    sheet.append([])
    sheet.append([None] * 8 + ["Đông Hưng, ngày 05 tháng 8 năm 2024"])
    sheet.append(["NGƯỜI LẬP BIỂU", None, None, None, None, None, None, None, "CHỦ TỊCH UBND XÃ"])
    sheet.append(["(Ký, ghi rõ họ tên)", None, None, None, None, None, None, None, "(Ký tên, đóng dấu)"])
    sheet.append([])
    sheet.append(["Nguyễn Thị Lập", None, None, None, None, None, None, None, "Trần Văn Chủ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def preview(actor, commune, data, *answers, **more):
    options = ReadOptions(answers=tuple((key, "1") for key in answers) + tuple(more.items()))
    return import_preview(
        actor=actor, importer=RosterImporter, file=data, filename="danh-sach.xlsx", options=options, commune=commune
    )


@pytest.mark.django_db
def test_the_commune_sheet_is_read_and_asks_the_attestations_once_for_the_whole_file(commune_officer, dong_hung, team):
    plan = preview(commune_officer, dong_hung, commune_sheet(AN, HOA, CUONG))
    assert plan.errors == []  # nothing refused row by row
    assert [r.row.number for r in plan.results] == [8, 9, 10]
    assert [n for n, _why in plan.skipped] == [11, 12, 13, 14, 15, 16]  # the signature block is not data
    assert [(q.key, q.rows, q.required, q.answered) for q in plan.questions] == [
        (key, (8, 9, 10), True, False) for key in ALL_ANSWERS
    ]
    assert not plan.is_valid  # …but not confirmable until answered
    with pytest.raises(ValidationFailed) as refused:
        import_confirm(actor=commune_officer, plan=plan)
    assert refused.value.code == "unanswered"
    assert TeamMember.objects.count() == 0  # nothing written


@pytest.mark.django_db
def test_the_commune_sheet_imports_once_answered(commune_officer, dong_hung, team):
    plan = preview(commune_officer, dong_hung, commune_sheet(AN, HOA, CUONG), *ALL_ANSWERS)
    assert plan.is_valid, plan.errors
    assert plan.summary == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert all(r.row.values["team"] == team for r in plan.results)  # the preview shows where each goes
    import_confirm(actor=commune_officer, plan=plan)
    an, hoa, cuong = (TeamMember.objects.get(national_id=n) for n in ("033080001234", "033185004321", "033090007777"))
    assert (an.team, an.role, an.education, an.start_date) == (team, "leader", "upper_secondary", dt.date(2024, 8, 1))
    assert (an.decision_number, an.decision_date) == ("15/QĐ-UBND", dt.date(2024, 8, 1))
    assert (hoa.birth_date, hoa.education, hoa.phone, hoa.residence.name) == (
        dt.date(1985, 9, 2),
        Education.LOWER_SECONDARY,
        "0988123456",
        "Thôn Tây",
    )
    assert (cuong.education, cuong.start_date, cuong.decision_number) == (
        Education.UNIVERSITY,
        dt.date(2024, 8, 2),
        "16/QĐ-UBND",
    )
    assert all(m.health_certified and m.no_prosecution and m.residence_verified for m in (an, hoa, cuong))
    assert an.resident_since is None  # attested, not made up
    note = AuditEntry.objects.get(object_pk=str(an.pk), additional_data__bulk=True).additional_data["note"]
    assert "giấy chứng nhận đủ sức khỏe" in note and "không bị truy cứu" in note and "cư trú" in note
    assert "danh-sach.xlsx" in note


@pytest.mark.django_db
def test_the_commune_sheet_goes_through_the_pages(client, commune_officer, dong_hung, team):
    client.force_login(commune_officer)
    url = reverse("forces:roster_import", args=["12688"])
    upload = io.BytesIO(commune_sheet(AN, HOA))
    upload.name = "danh-sach.xlsx"
    page = client.post(url, {"file": upload})
    body = page.content.decode()
    assert 'name="answer:attest:health_certified"' in body and 'name="step" value="confirm"' not in body
    answers = {f"answer:{key}": "1" for key in ALL_ANSWERS}
    page = client.post(url, {"step": "options", "token": page.context["token"], **answers})
    assert page.context["plan"].is_valid and 'name="step" value="confirm"' in page.content.decode()
    assert "checked> Tất cả thành viên mới trong tệp đã có giấy chứng nhận đủ sức khỏe" in page.content.decode()
    done = client.post(url, {"step": "confirm", "token": page.context["token"]})
    assert done.status_code == 302
    assert TeamMember.objects.filter(team=team).count() == 2


@pytest.mark.django_db
def test_an_attestation_the_sheet_gives_is_not_asked_and_a_no_is_a_row_problem(commune_officer, dong_hung, team):
    header = [*STANDARD, "Giấy chứng nhận đủ sức khỏe"]
    plan = preview(commune_officer, dong_hung, commune_sheet([*AN, "Có"], [*HOA, "Không"], header=header))
    assert [q.key for q in plan.questions] == ["attest:no_prosecution", "attest:residence_verified"]
    assert plan.errors == ["Dòng 9, cột “Giấy chứng nhận đủ sức khỏe”: Chưa có giấy chứng nhận đủ sức khỏe (Điều 13)."]


@pytest.mark.django_db
def test_the_team_follows_the_locality_and_a_locality_without_team_is_asked(
    commune_officer, dong_hung, team, thon_dong
):
    bac = Locality.objects.create(commune=dong_hung, name="Thôn Bắc", kind="thon", households=150)
    nam = Locality.objects.create(commune=dong_hung, name="Thôn Nam", kind="thon", households=150)
    second = services.team_create(
        actor=commune_officer, commune=dong_hung, name="Tổ thôn Nam", founded_on=dt.date(2024, 7, 1), localities=[nam]
    )
    in_bac = [*CUONG[:6], "Thôn Bắc", *CUONG[7:]]
    in_nam = [*HOA[:6], "Thôn Nam", *HOA[7:]]
    data = commune_sheet(AN, in_bac, in_nam)
    plan = preview(commune_officer, dong_hung, data, *ALL_ANSWERS)
    assert plan.errors == [
        "Dòng 9, cột “Tổ”: Thôn Bắc chưa có Tổ phụ trách — chọn Tổ cho Thôn Bắc ở mục “Cần xác nhận cho cả tệp” phía "
        "trên rồi bấm “Xem trước lại”"
    ]
    (asked,) = [q for q in plan.questions if q.key.startswith("team:")]
    assert (asked.key, asked.rows, set(asked.choices)) == (
        f"team:{bac.pk}",
        (9,),
        {(str(team.pk), team.name), (str(second.pk), second.name)},
    )
    assert plan.results[2].row.values["team"] == second  # Thôn Nam: its own team, nothing asked
    chosen = preview(commune_officer, dong_hung, data, *ALL_ANSWERS, **{f"team:{bac.pk}": str(second.pk)})
    assert chosen.is_valid, chosen.errors
    assert [r.instance.team for r in chosen.results] == [team, second, second]
    stale = preview(commune_officer, dong_hung, data, *ALL_ANSWERS, **{f"team:{bac.pk}": "999999"})
    assert not stale.is_valid  # an answer that is not one of the choices is no answer


@pytest.mark.django_db
def test_a_commune_without_an_active_team_is_told_to_found_one(commune_officer, dong_hung, thon_dong):
    plan = preview(commune_officer, dong_hung, commune_sheet(AN), *ALL_ANSWERS)
    assert plan.errors == ["Dòng 8, cột “Tổ”: xã chưa có Tổ bảo vệ ANTT đang hoạt động; hãy thành lập Tổ trước"]


@pytest.mark.django_db
def test_a_new_member_needs_a_start_date_or_a_dated_decision(commune_officer, dong_hung, team):
    undated = [*AN[:9], "15/QĐ-UBND", None]
    plan = preview(commune_officer, dong_hung, commune_sheet(undated), *ALL_ANSWERS)
    assert plan.errors == [
        "Dòng 8, cột “Ngày tham gia”: cần ngày tham gia: ghi cột “Ngày tham gia”, hoặc ngày trong cột “Quyết định "
        "công nhận (số, ngày)”"
    ]
    header = [*STANDARD, "Ngày tham gia"]
    plan = preview(commune_officer, dong_hung, commune_sheet([*undated, "10/08/2024"], header=header), *ALL_ANSWERS)
    assert plan.is_valid and plan.results[0].instance.start_date == dt.date(2024, 8, 10)


@pytest.mark.django_db
def test_the_decision_date_is_checked_by_the_member_rules_on_the_decision_column(commune_officer, dong_hung, team):
    early = [*AN[:9], "15/QĐ-UBND ngày 01/07/1999", None]
    plan = preview(commune_officer, dong_hung, commune_sheet(early), *ALL_ANSWERS)
    assert any(
        e.startswith("Dòng 8, cột “Quyết định công nhận (số, ngày)”: Ngày 01/07/1999 trước") for e in plan.errors
    )


@pytest.mark.django_db
def test_the_decision_cell_must_agree_with_an_older_separate_column(commune_officer, dong_hung, team):
    header = [*STANDARD, "Ngày quyết định công nhận"]
    plan = preview(commune_officer, dong_hung, commune_sheet([*AN, "02/08/2024"], header=header), *ALL_ANSWERS)
    assert plan.errors == [
        "Dòng 8, cột “Quyết định công nhận (số, ngày)”: khác với cột “Ngày quyết định công nhận” (02/08/2024)"
    ]


@pytest.mark.django_db
def test_export_of_imported_members_imports_back_unchanged(commune_officer, dong_hung, team):
    import_confirm(
        actor=commune_officer, plan=preview(commune_officer, dong_hung, commune_sheet(AN, HOA, CUONG), *ALL_ANSWERS)
    )
    plan = preview(commune_officer, dong_hung, roster_xlsx(actor=commune_officer, commune=dong_hung))
    assert plan.is_valid, plan.errors
    assert plan.summary == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    assert plan.questions == []


def test_the_template_and_the_export_follow_the_commune_sheet_then_what_ants_adds():
    headers = [c.header for c in EXPORTED]
    assert headers[:11] == STANDARD[1:]
    assert "Số quyết định công nhận" not in headers and "Ngày quyết định công nhận" not in headers
    template = openpyxl.load_workbook(io.BytesIO(template_xlsx(RosterImporter))).active
    assert [c.value.rstrip(" *") for c in template[2]] == headers


# --- How cells are read -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("12/12", "upper_secondary"),
        ("12 / 12", "upper_secondary"),
        ("9/12", "lower_secondary"),
        ("11/12", "lower_secondary"),
        ("5/12", "primary"),
        ("4/12", "none"),
        ("10/10", "upper_secondary"),  # the northern 10-year system of older members
        ("7/10", "lower_secondary"),
        ("4/10", "primary"),
        ("THPT", "upper_secondary"),
        ("Tốt nghiệp THCS", "lower_secondary"),
        ("Cấp 3", "upper_secondary"),
        ("Tiểu học", "primary"),
        ("Trung cấp", "vocational"),
        ("Cao đẳng", "college"),
        ("Đại học", "university"),
        ("dai hoc", "university"),
        ("Thạc sĩ", "university"),
        ("Đại học trở lên", "university"),
        ("12/12, Đại học", "university"),
        ("9/12 - Trung cấp", "vocational"),
        ("12/12 (bổ túc)", "upper_secondary"),
        ("Chưa tốt nghiệp tiểu học", "none"),
        ("lower_secondary", "lower_secondary"),
    ],
)
def test_education_is_read_as_people_write_it(cell, level):
    assert parse_education(cell) == level


@pytest.mark.parametrize("cell", ["12", "8/11", "13/12", "0/12", "Sơ cấp", "TH", "12/12 Đại học", "abc"])
def test_education_that_cannot_be_read_with_certainty_is_refused(cell):
    with pytest.raises(CellError, match="không đọc được trình độ học vấn"):
        parse_education(cell)


@pytest.mark.parametrize(
    ("cell", "number", "day"),
    [
        ("123/QĐ-UBND ngày 15/3/2024", "123/QĐ-UBND", dt.date(2024, 3, 15)),
        ("Số 123/QĐ-UBND, ngày 15/03/2024", "123/QĐ-UBND", dt.date(2024, 3, 15)),
        ("QĐ số 123/QĐ-UBND ngày 15-3-2024", "123/QĐ-UBND", dt.date(2024, 3, 15)),
        ("123/QĐ-UBND (15.03.2024)", "123/QĐ-UBND", dt.date(2024, 3, 15)),
        ("123/QĐ-UBND ngày 15 tháng 3 năm 2024", "123/QĐ-UBND", dt.date(2024, 3, 15)),
        ("123 / QĐ - UBND ngày 15/3/2024", "123/QĐ-UBND", dt.date(2024, 3, 15)),
        ("45/2024/QĐ-UBND ngày 02/01/2025", "45/2024/QĐ-UBND", dt.date(2025, 1, 2)),
        ("45/2024/QĐ-UBND", "45/2024/QĐ-UBND", None),
        ("ngày 15/3/2024", "", dt.date(2024, 3, 15)),
        ("15/03/2024", "", dt.date(2024, 3, 15)),
        (dt.datetime(2024, 3, 15), "", dt.date(2024, 3, 15)),
        (123, "123", None),
    ],
)
def test_the_decision_cell_gives_number_and_date(cell, number, day):
    assert parse_decision(cell) == Decision(number, day)
    assert parse_decision(str(Decision(number, day))) == Decision(number, day)  # as the export writes it back


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("123/QĐ-UBND ngày 15/3/24", "không đọc chắc"),  # a two-digit year
        ("123/QĐ-UBND ngày 15/3", "không đọc chắc"),
        ("123/QĐ-UBND ngày 31/02/2024", "không có thật"),
        ("123/QĐ-UBND ngày 15/3/2024, sửa đổi ngày 20/3/2024", "hơn một ngày"),
        ("123/QĐ-UBND của UBND xã ngày 15/3/2024", "không đọc chắc"),
        ("2021", "chỉ có năm"),
        (2021, "chỉ có một số"),
        ("Quyết định của Chủ tịch", "không đọc chắc"),
    ],
)
def test_a_decision_cell_that_cannot_be_read_with_certainty_is_refused(cell, why):
    with pytest.raises(CellError, match=why):
        parse_decision(cell)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cell", ["'033080001234", "’033080001234", " 033 080 001 234 ", "'033 080 001 234", 33080001234]
)
def test_a_cccd_with_excel_apostrophe_or_spaces_is_read_as_its_digits(cell):
    assert parse_national_id(cell) == "033080001234"
    assert national_id_clean("'033080001234") == "033080001234"  # the forms and services clean alike
