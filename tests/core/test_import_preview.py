"""The import preview people can read (issue 16, item 9), for every importer: Vietnamese labels, never codes
(choices, Có / Không, dd/mm/yyyy, 2.991, records by name); a change written "Số điện thoại: old → new"; rows with
errors first, then changed, then new, the unchanged ones folded; personal columns as accounts.policy shows them
in a list; no query per row to show them."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.activities.imports import COLUMNS as ACTIVITY_COLUMNS
from antq.core.imports import Action, Row
from antq.core.imports.display import number_text, plain_text
from antq.forces import services as forces_services
from antq.forces.roster import EXPORTED as ROSTER_COLUMNS
from antq.forces.roster import roster_xlsx
from antq.geo.imports import EstablishmentImporter
from antq.geo.models import Establishment, Locality
from tests.forces.fixtures import member_data
from tests.sheets import ESTABLISHMENT_HEADER, LOCALITY_HEADER, preview_rows, xlsx

ROSTER_HEADER = [column.header for column in ROSTER_COLUMNS]  # the export's layout


def _upload(client, actor, url, data):
    client.force_login(actor)
    response = client.post(url, {"step": "upload", "file": SimpleUploadedFile("ds.xlsx", data)})
    assert response.status_code == 200
    return response.content.decode()


def _text(page: str) -> str:
    """The page's main content as a reader sees it: tags (and so attributes) dropped, entities decoded."""
    main = page[page.index("<main>") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _assert_no_codes(text: str, codes: list[str]) -> None:
    for code in codes:
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text), f"raw code {code!r} shown"


def _sections(page: str) -> list[str]:
    """The row sections in page order, by anchor ("giu-nguyen" is the folded one)."""
    found = re.findall(r'<h2 id="(loi|cap-nhat|them-moi)"|<details id="(giu-nguyen)"', page)
    return [heading or folded for heading, folded in found]


def _row(rows: list[str], number: int) -> str:
    (found,) = [r for r in rows if r.startswith(f"Dòng {number} ")]
    return found


# --- Formatting ---------------------------------------------------------------------------------------------------


def test_numbers_are_written_the_vietnamese_way():
    assert (number_text(2991), number_text(1234567), number_text(94.5), number_text(0.1)) == (
        "2.991",
        "1.234.567",
        "94,5",
        "0,1",
    )
    assert (plain_text(True), plain_text(False), plain_text(dt.date(2024, 8, 5))) == ("Có", "Không", "05/08/2024")
    assert plain_text(912345678.0) == "912345678"  # a phone typed into a number cell is not grouped


# --- Localities and establishments (antq/geo/imports.py) ---------------------------------------------------------


@pytest.mark.django_db
def test_locality_preview_shows_labels_changes_and_order(client, commune_officer, dong_hung):
    Locality.objects.create(commune=dong_hung, name="Thôn Đông", kind="thon", households=320, population=1200)
    Locality.objects.create(commune=dong_hung, name="Thôn Tây", kind="thon", households=80)
    data = xlsx(
        [
            LOCALITY_HEADER,
            ["Thôn Tây", "Thôn", 80, None],  # row 2: unchanged
            ["Tổ dân phố Mới", "to_dan_pho", 2991, 10500],  # row 3: new (the code typed, the label shown)
            ["Thôn Đông", "thôn", 2991, 1200],  # row 4: changed
            ["Thôn Lỗi", "Làng", -3, None],  # row 5: errors
        ]
    )
    page = _upload(client, commune_officer, f"/dia-ban/xa/{dong_hung.code}/nhap/thon/", data)
    rows = preview_rows(page)
    assert [r.split()[1] for r in rows] == ["5", "4", "3", "2"]  # errors, changed, new, unchanged
    assert _sections(page) == ["loi", "cap-nhat", "them-moi", "giu-nguyen"]
    assert "Số hộ: 320 → 2.991" in _row(rows, 4)
    assert "Loại: Tổ dân phố" in _row(rows, 3) and "Số nhân khẩu: 10.500" in _row(rows, 3)
    assert "Loại: Làng" in _row(rows, 5) and "Số hộ: -3" in _row(rows, 5)  # refused cells shown as typed
    assert 'class="blamed"><span class="k">Loại:</span> Làng' in page
    assert re.search(r'<details id="giu-nguyen"><summary>1 dòng giữ nguyên', page)
    _assert_no_codes(_text(page), ["thon", "to_dan_pho"])


@pytest.mark.django_db
def test_establishment_preview_names_the_locality_and_labels_kind_and_size(client, commune_officer, dong_hung):
    dong = Locality.objects.create(commune=dong_hung, name="Thôn Đông", kind="thon")
    Locality.objects.create(commune=dong_hung, name="Thôn Tây", kind="thon")
    Establishment.objects.create(
        commune=dong_hung, name="Công ty May Hưng Yên", kind="enterprise", size_class="small", locality=dong
    )
    data = xlsx(
        [
            ESTABLISHMENT_HEADER,
            ["Công ty May Hưng Yên", "Doanh nghiệp", "Vừa", "Km 5", "Thôn Tây"],
            ["Trường THCS Đông Hưng", "Cơ sở giáo dục", "Trung học cơ sở", None, "Thôn Đông"],
        ]
    )
    page = _upload(client, commune_officer, f"/dia-ban/xa/{dong_hung.code}/nhap/co-so/", data)
    rows = preview_rows(page)
    changed = _row(rows, 2)
    assert "Quy mô / cấp học: Nhỏ → Vừa" in changed
    assert "Thôn, tổ dân phố: Thôn Đông → Thôn Tây" in changed  # the record's name, not its id
    assert "Địa chỉ: (trống) → Km 5" in changed
    assert "Loại: Cơ sở giáo dục" in _row(rows, 3) and "Quy mô / cấp học: Trung học cơ sở" in _row(rows, 3)
    _assert_no_codes(_text(page), ["enterprise", "school", "small", "medium", "lower_secondary"])


# --- Roster (antq/forces/roster.py) --------------------------------------------------------------------------------


def _roster_with_changes(commune_officer, dong_hung, team):
    """The commune's export (row 3: Nguyễn Văn An, row 4: Trần Văn Bình) with row 3 changed, a new member
    (row 5) and a row with errors (row 6)."""
    book = openpyxl.load_workbook(io.BytesIO(roster_xlsx(actor=commune_officer, commune=dong_hung)))
    sheet = book.active
    column = {header: index for index, header in enumerate(ROSTER_HEADER, start=2)}  # after STT
    assert sheet.cell(3, column["Họ và tên"]).value == "Nguyễn Văn An"
    sheet.cell(3, column["Số điện thoại"], "0901234567")
    sheet.cell(3, column["Trình độ học vấn"], "Đại học trở lên")
    sheet.cell(3, column["Nơi cư trú (thôn / tổ dân phố)"], "Thôn Tây")
    sheet.cell(3, column["Giấy chứng nhận đủ sức khỏe"], "Không")
    sheet.cell(3, column["Quyết định công nhận (số, ngày)"], "20/08/2024")
    new = {
        "Tổ": team.name,
        "Họ và tên": "Phạm Thị Hoa",
        "Ngày sinh": "02/09/1985",
        "Giới tính": "Nữ",
        "Số định danh cá nhân / CCCD": "033185004321",
        "Dân tộc": "Kinh",
        "Trình độ học vấn": "Cao đẳng",
        "Nơi cư trú (thôn / tổ dân phố)": "Thôn Đông",
        "Số điện thoại": "0988123456",
        "Chức danh": "Tổ phó",
        "Quyết định công nhận (số, ngày)": "15/QĐ-UBND ngày 01/08/2024",
        "Ngày tham gia": "05/08/2024",
        "Cư trú tại địa bàn từ ngày": "01/01/2010",
        "Giấy chứng nhận đủ sức khỏe": "Có",
        "Đã xác minh không bị truy cứu, xử lý": "x",
        "Ghi chú": "",
    }
    sheet.append([5, *(new.get(h) for h in ROSTER_HEADER)])
    wrong = new | {"Họ và tên": "Lê Văn Lỗi", "Số định danh cá nhân / CCCD": "033080009999", "Giới tính": "Khác"}
    sheet.append([6, *(wrong.get(h) for h in ROSTER_HEADER)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def second_member(commune_officer, team, thon_dong, leader):
    return forces_services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(thon_dong, education="upper_secondary", decision_date=dt.date(2024, 7, 20)),
    )


@pytest.mark.django_db
def test_roster_preview_shows_labels_changes_masked_ids_and_order(
    client, commune_officer, dong_hung, team, leader, second_member
):
    url = f"/luc-luong/xa/{dong_hung.code}/nhap-danh-sach/"
    page = _upload(client, commune_officer, url, _roster_with_changes(commune_officer, dong_hung, team))
    rows = preview_rows(page)
    assert [r.split()[1] for r in rows] == ["6", "3", "5", "4"]
    assert _sections(page) == ["loi", "cap-nhat", "them-moi", "giu-nguyen"]
    changed = _row(rows, 3)
    for change in (
        "Số điện thoại: 0912345678 → 0901234567",
        "Trình độ học vấn: Trung học phổ thông → Đại học trở lên",
        "Nơi cư trú (thôn / tổ dân phố): Thôn Đông → Thôn Tây",
        "Giấy chứng nhận đủ sức khỏe: Có → Không",
        "Ngày quyết định công nhận: 20/07/2024 → 20/08/2024",
    ):
        assert change in changed
    new = _row(rows, 5)
    for shown in ("Giới tính: Nữ", "Ngày sinh: 02/09/1985", "Chức danh: Tổ phó", "Trình độ học vấn: Cao đẳng"):
        assert shown in new
    assert "Giấy chứng nhận đủ sức khỏe: Có" in new and "Đã xác minh không bị truy cứu, xử lý: Có" in new
    assert "Giới tính: Khác" in _row(rows, 6)  # the refused cell as typed, next to its error
    assert "Chức danh: Tổ trưởng" in _row(rows, 4)
    text = _text(page)
    _assert_no_codes(
        text,
        ["male", "female", "leader", "deputy", "member", "college", "university", "upper_secondary", "True", "False"],
    )
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO dates
    # A list, so the CCCD is masked even for the commune's own officer (accounts.policy: full only on the
    # member's page); the commune sees phones in full.
    assert "033185004321" not in page and "••••••••4321" in new
    assert "033075000111" not in page and "••••••••0111" in _row(rows, 4)


@pytest.mark.django_db
def test_roster_preview_masks_phones_old_and_new_for_the_province(
    client, province_officer, commune_officer, dong_hung, team, leader, second_member
):
    data = _roster_with_changes(commune_officer, dong_hung, team)
    page = _upload(client, province_officer, f"/luc-luong/xa/{dong_hung.code}/nhap-danh-sach/", data)
    rows = preview_rows(page)
    assert "Số điện thoại: ••••••5678 → ••••••4567" in _row(rows, 3)
    for full in ("0912345678", "0901234567", "0988123456", "033080001234", "033185004321", "033075000111"):
        assert full not in page
    assert "Ngày sinh: 02/09/1985" in _row(rows, 5)  # birth dates: full for the province (FIELD_VISIBILITY)


@pytest.mark.django_db
def test_roster_preview_queries_do_not_grow_with_changed_rows(
    client, commune_officer, dong_hung, team, thon_dong, thon_tay, django_assert_max_num_queries
):
    def sheet_of(count):
        for n in range(team.members.count(), count):
            forces_services.member_add(
                actor=commune_officer,
                team=team,
                **member_data(thon_dong, full_name=f"Nguyễn Văn {n}", national_id=f"0330800{n:05d}"),
            )
        book = openpyxl.load_workbook(io.BytesIO(roster_xlsx(actor=commune_officer, commune=dong_hung)))
        residence = ROSTER_HEADER.index("Nơi cư trú (thôn / tổ dân phố)") + 2
        for number in range(3, book.active.max_row + 1):  # every member moves: a relation shown by name
            book.active.cell(number, residence, "Thôn Tây")
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    url = f"/luc-luong/xa/{dong_hung.code}/nhap-danh-sach/"
    few = sheet_of(2)
    client.force_login(commune_officer)
    with CaptureQueriesContext(connection) as queries:
        _upload(client, commune_officer, url, few)
    many = sheet_of(25)
    with django_assert_max_num_queries(len(queries)):
        page = _upload(client, commune_officer, url, many)
    assert page.count("Thôn Đông → Thôn Tây") == 25


# --- Scheme sites (antq/schemes/imports.py) ----------------------------------------------------------------------

SCHEME_HEADER = [
    "Tên mô hình",
    "Nơi thực hiện",
    "Thôn, tổ dân phố",
    "Cơ quan, doanh nghiệp, cơ sở giáo dục",
    "Ngày bắt đầu hoạt động",
    "Số hộ tham gia",
    "Số thành viên",
    "Kết quả nổi bật",
    "Trạng thái",
]


@pytest.mark.django_db
def test_scheme_site_preview_shows_labels_dates_changes_and_order(
    client, commune_officer, dong_hung, dong_site, province_scheme, thon_bac
):
    data = xlsx(
        [
            SCHEME_HEADER,
            ["Tự phòng, tự quản, tự bảo vệ", "Thôn", "Thôn Bắc", None, "01/05/2023", 1500, 9, None, "Đang hoạt động"],
            [
                "Camera an ninh xã Đông Hưng",
                "locality",
                "Thôn Nam",
                None,
                "01/03/2021",
                2991,
                None,
                "Lắp 12 camera",
                None,
            ],
            ["Camera an ninh xã Đông Hưng", "Thôn", "Thôn Không Có", None, "01/03/2021", 1, None, None, None],
        ]
    )
    page = _upload(client, commune_officer, f"/mo-hinh/xa/{dong_hung.code}/nhap/", data)
    rows = preview_rows(page)
    assert [r.split()[1] for r in rows] == ["4", "3", "2"]
    changed = _row(rows, 3)
    assert "Số hộ tham gia: 120 → 2.991" in changed and "Nơi thực hiện: Thôn, tổ dân phố" in changed
    assert "Ngày bắt đầu hoạt động: 01/03/2021" in changed
    assert "Kết quả nổi bật: Lắp 12 camera tại các ngõ, xóm. → Lắp 12 camera" in changed
    new = _row(rows, 2)
    assert "Trạng thái: Đang hoạt động" in new and "Số hộ tham gia: 1.500" in new
    _assert_no_codes(_text(page), ["locality", "active", "commune", "establishment"])
    assert not re.search(r"\d{4}-\d{2}-\d{2}", _text(page))


# --- Outreach (antq/activities/imports.py) -----------------------------------------------------------------------


@pytest.mark.django_db
def test_outreach_preview_shows_labels_dates_and_numbers_errors_first(client, commune_officer, dong_hung, thon_an):
    def row(**values):
        return [values.get(column.key) for column in ACTIVITY_COLUMNS]

    data = xlsx(
        [
            [column.header for column in ACTIVITY_COLUMNS],
            row(date="10/03/2025", kind="session", topic="drugs", attendees="1.200", attendees_students=900),
            row(date=dt.date(2025, 4, 5), kind="Pano", topic="ATGT", display_type="panel", count=4),
            row(date="2021", kind="Thăm hỏi", topic="Khác", recipient_kind="policy_family", recipients=3),
        ]
    )
    page = _upload(client, commune_officer, f"/hoat-dong/tuyen-truyen/{dong_hung.code}/nhap-tep/", data)
    rows = preview_rows(page)
    assert [r.split()[1] for r in rows] == ["4", "2", "3"]
    session = _row(rows, 2)
    assert "Ngày: 10/03/2025" in session and "Hình thức: Lớp, buổi tuyên truyền" in session
    assert "Chủ đề: Phòng, chống ma túy" in session and "Số người dự: 1.200" in session
    assert "Loại pano, áp phích: Pano" in _row(rows, 3) and "Ngày: 05/04/2025" in _row(rows, 3)
    assert "Đối tượng được thăm: Gia đình chính sách" in _row(rows, 4)
    _assert_no_codes(_text(page), ["session", "drugs", "banners", "traffic", "panel", "policy_family", "visit"])


@pytest.mark.django_db
def test_planning_a_row_reads_no_relation_it_does_not_change(commune_officer, dong_hung, django_assert_num_queries):
    dong = Locality.objects.create(commune=dong_hung, name="Thôn Đông", kind="thon")
    Establishment.objects.create(commune=dong_hung, name="Công ty May", kind="enterprise", locality=dong)
    importer = EstablishmentImporter(actor=commune_officer, commune=dong_hung)
    existing = Establishment.objects.get()  # loaded without its locality, as a prefetch might
    row = Row(2, {"name": "Công ty May", "kind": "enterprise"}, {})
    with django_assert_num_queries(0):
        result = importer.upsert(row, existing, {"name": "Công ty May", "kind": "enterprise", "locality": dong})
    assert result.action == Action.UNCHANGED and not row.errors
