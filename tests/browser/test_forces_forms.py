"""Forces forms in a real browser: the field that applies only to one choice follows that choice
(antq/dependent-fields.js, under the Content-Security-Policy), and the commune's own roster sheet is confirmed
through the questions of its preview."""

import datetime as dt

import pytest
from django.conf import settings

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def _team(world):
    from antq.forces import services
    from antq.geo.models import Locality

    dong = Locality.objects.create(commune=world["commune"], name="Thôn Đông", kind="thon")
    return services.team_create(
        actor=world["officer"], commune=world["commune"], name="Tổ thôn Đông", founded_on=dt.date(2024, 7, 15),
        localities=[dong],
    ), dong  # fmt: skip


def test_the_proposal_phone_follows_the_chosen_kind(live_server, browser_world, browser_page):
    from antq.forces import services
    from tests.forces.fixtures import member_data
    from tests.forces.test_views import team_leader_user

    team, dong = _team(browser_world)
    services.member_add(actor=browser_world["officer"], team=team, **member_data(dong))
    team_leader_user(team)
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    log_in(page, live_server.url, f"tt_{team.pk}")
    page.goto(f"{live_server.url}/luc-luong/to-cua-toi/")
    phone = page.locator("input[name=phone]")
    assert phone.is_visible()  # nothing chosen yet
    page.select_option("select[name=kind]", "end")
    assert not phone.is_visible()
    page.select_option("select[name=kind]", "update")
    assert phone.is_visible()
    assert errors == []  # no Content-Security-Policy violation, no script error


def test_the_commune_sheet_is_confirmed_through_its_questions(live_server, browser_world, browser_page, tmp_path):
    from antq.forces.models import TeamMember
    from antq.geo.models import Locality
    from tests.forces.test_commune_sheet import AN, HOA, commune_sheet

    team, _dong = _team(browser_world)
    tay = Locality.objects.create(commune=browser_world["commune"], name="Thôn Tây", kind="thon")
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(commune_sheet(AN, HOA))
    page = browser_page
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/luc-luong/xa/12688/nhap-danh-sach/")
    page.set_input_files("input[type=file]", str(path))
    with page.expect_navigation():
        page.click("text=Tải lên và xem trước")
    assert page.locator("text=Xác nhận nhập").count() == 0
    page.select_option(f"select[name='answer:team:{tay.pk}']", str(team.pk))  # Thôn Tây has no team
    for box in page.locator(".import-questions input[type=checkbox]").all():
        box.check()
    with page.expect_navigation():
        page.click("button:has-text('Xem trước lại')")
    assert page.locator("text=Xác nhận nhập").count() == 1, page.locator(".import-preview").inner_text()[:2000]
    with page.expect_navigation():
        page.click("button:has-text('Xác nhận nhập')")
    assert "Đã nhập: 2 mới" in page.content()
    assert TeamMember.objects.filter(team=team).count() == 2
