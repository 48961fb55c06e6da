"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

live_server runs on a transactional database that is flushed after each test, so these tests build their own
small geography (the same rows as the session world) and users."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def browser_page():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        # Never a silent skip: `make test` installs it (scripts/system-packages) or stops naming it.
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium (or run `make test`, which installs it).")
    # Playwright's sync API runs an event loop; Django refuses ORM calls from a thread with a running loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        page = browser.new_page(viewport={"width": 1000, "height": 800}, locale="vi-VN")
        page.set_default_timeout(15000)
        yield page
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_world(transactional_db):
    """The small geography and two officers, rebuilt on the live server's flushed database."""
    from antq.accounts.models import RoleAssignment
    from antq.geo.models import AdminUnit, Level
    from antq.geo.services import geography_load
    from tests.factories import UserFactory
    from tests.world import small_geography

    rows, links = small_geography()
    geography_load(rows=rows, links=links)
    commune = AdminUnit.objects.get(level=Level.COMMUNE, code="12688", valid_to__isnull=True)
    province = commune.parent
    officer = UserFactory(username="ca_12688", home_unit=commune, full_name="Lê Văn Dũng")
    RoleAssignment.objects.create(user=officer, role="commune", unit=commune)
    pv05 = UserFactory(username="pv05_33", home_unit=province, full_name="Trần Thị Hạnh")
    RoleAssignment.objects.create(user=pv05, role="province", unit=province)
    return {"commune": commune, "officer": officer, "province_officer": pv05}


def log_in(page, base_url: str, username: str, password: str = "mat-khau-thu-nghiem") -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
