"""The import preview fits the screen (issue 16, item 9): on a 1366 × 768 office screen and on a phone, the page
never scrolls sideways, whatever the sheet holds — a roster's seventeen columns, long unbroken text, rows with
errors, changes, hidden and skipped rows, and the folded unchanged rows opened."""

import datetime as dt
import io

import openpyxl
import pytest
from django.conf import settings

from tests.browser.fixtures import log_in
from tests.sheets import hide_rows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]

LONG = "Tổ-dân-phố-số-" + "x" * 120  # no space to break at


def _roster_sheet(tmp_path, browser_world):
    """The commune's export with every kind of row: changed, new, unchanged, with errors, hidden, a total."""
    from antq.forces import services
    from antq.forces.roster import EXPORTED, roster_xlsx
    from antq.geo.models import Locality
    from tests.forces.fixtures import member_data

    officer, commune = browser_world["officer"], browser_world["commune"]
    dong = Locality.objects.create(commune=commune, name="Thôn Đông", kind="thon")
    tay = Locality.objects.create(commune=commune, name="Thôn Tây", kind="thon")
    team = services.team_create(
        actor=officer,
        commune=commune,
        name="Tổ bảo vệ an ninh, trật tự ở cơ sở thôn Đông và thôn Tây",
        founded_on=dt.date(2024, 7, 15),
        localities=[dong, tay],
    )
    for n in range(6):
        services.member_add(
            actor=officer,
            team=team,
            **member_data(dong, full_name=f"Nguyễn Văn Thành {n}", national_id=f"0330800012{n:02d}"),
        )
    book = openpyxl.load_workbook(io.BytesIO(roster_xlsx(actor=officer, commune=commune)))
    sheet = book.active
    column = {c.header: index for index, c in enumerate(EXPORTED, start=2)}
    for number in (3, 4, 5):  # changed
        sheet.cell(number, column["Số điện thoại"], f"09012345{number:02d}")
        sheet.cell(number, column["Nơi cư trú (thôn / tổ dân phố)"], "Thôn Tây")
        sheet.cell(number, column["Ghi chú"], LONG)
    sheet.cell(6, column["Giới tính"], "Không rõ")  # an error
    sheet.cell(6, column["Nơi cư trú (thôn / tổ dân phố)"], LONG)
    new = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
    new[column["Họ và tên"] - 1] = "Phạm Thị Hoa Hướng Dương Nguyễn Ngọc Quỳnh Trâm Anh"
    new[column["Số định danh cá nhân / CCCD"] - 1] = "033185004321"
    new[column["Giới tính"] - 1] = "Nữ"
    new[column["Ngày sinh"] - 1] = "02/09/1985"
    new[column["Ghi chú"] - 1] = LONG
    sheet.append(new)
    sheet.append(["Tổng cộng"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(hide_rows(buffer.getvalue(), 8))  # one unchanged member hidden in the file
    return path


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_roster_preview_never_scrolls_sideways(live_server, browser_world, browser_page, tmp_path, width, height):
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    path = _roster_sheet(tmp_path, browser_world)
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/luc-luong/xa/12688/nhap-danh-sach/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Tải lên và xem trước")
    page.wait_for_load_state()
    headings = page.locator("h2").all_inner_texts()
    assert [h.split(" ")[1] for h in headings[:3]] == ["có", "cập", "thêm"], headings  # lỗi, cập nhật, thêm mới
    assert any(h.startswith("Dòng ẩn") for h in headings) and any(h.startswith("Dòng bỏ qua") for h in headings)
    assert "Số điện thoại: 0912345678 → 0901234503" in page.locator("#cap-nhat + .table-scroll").inner_text()
    page.click("#giu-nguyen summary")  # the folded unchanged rows, opened
    assert page.locator("#giu-nguyen table").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
