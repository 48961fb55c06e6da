"""No formula injection in any spreadsheet ANTQ hands out (issue 14, item 5; OWASP "CSV injection").

The spreadsheet routes are found from the URL resolver — a route ending in ".xlsx" or ".<fmt>", or whose view
writes an XLSX or runs the shared import flow (template and error sheet) — and each must have a way to download
it below, so an export added tomorrow fails this test until it is covered. Records are seeded with names, notes
and subjects starting with "=", "+", "-", "@"; every export is downloaded by an officer in scope; no cell may be a
formula, and the text must come back exactly as entered.
"""

from __future__ import annotations

import inspect
import io
import re

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from antq.activities.models import OutreachActivity
from antq.core.periods import reporting_year
from antq.documents.models import ReportDocument
from antq.forces.models import SecurityTeam, TeamMember
from antq.geo.models import Locality
from antq.schemes.models import Scheme, SchemeSite
from tests.sheets import localities_xlsx
from tests.summaries import raw_rows

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)"]


def _routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _writes_a_spreadsheet(route: str, view) -> bool:
    function = inspect.unwrap(view)
    source = inspect.getsource(function) if inspect.isfunction(function) else ""
    return route.endswith((".xlsx", ".<str:fmt>")) or bool(re.search(r"\bXLSX\b|_xlsx\(|import_flow\(", source))


def spreadsheet_routes() -> set[str]:
    return {route for route, view in _routes(get_resolver()) if _writes_a_spreadsheet(route, view)}


@pytest.fixture
def hostile(request, commune_officer, dong_hung, team, leader, dong_site, activity, commune_report):
    """Every record an export shows, its names / notes / subjects starting with the payload."""
    payload = request.param
    with raw_rows("forces", "outreach"):
        TeamMember.objects.filter(pk=leader.pk).update(full_name=payload, note=payload)
        SecurityTeam.objects.filter(pk=team.pk).update(name=payload)
        OutreachActivity.objects.filter(pk=activity.pk).update(title=payload, note=payload)
    Locality.objects.filter(pk=dong_site.locality_id).update(name=payload)
    Scheme.objects.filter(pk=dong_site.scheme_id).update(name=payload)
    SchemeSite.objects.filter(pk=dong_site.pk).update(results=payload)
    ReportDocument.objects.filter(pk=commune_report.pk).update(subject=payload)
    return payload


def _error_sheet(client, url: str, payload: str) -> bytes:
    upload = io.BytesIO(localities_xlsx([payload, "Xóm", 1, 2]))  # "Xóm" is not a kind: the row has an error
    upload.name = "thon.xlsx"
    token = client.post(url, {"step": "upload", "file": upload}).context["token"]
    return client.get(url, {"loi": token}).content


# route → (officer fixture, [(url, query)]). "mau" is an import's template (no records in it); "loi" its error
# sheet (through geo's locality import: the machinery is shared); anything else an export of the seeded records.
def _downloads(commune_report) -> dict[str, tuple[str, list[tuple[str, dict]]]]:
    commune = "commune_officer"
    this_year = reporting_year()
    return {
        "dia-ban/xa/<str:code>/nhap/<slug:kind>/": (
            commune,
            [
                ("/dia-ban/xa/12688/nhap/thon/", {"mau": 1}),
                ("/dia-ban/xa/12688/nhap/co-so/", {"mau": 1}),
                ("/dia-ban/xa/12688/nhap/thon/", {"loi": True}),
            ],
        ),
        "luc-luong/xa/<str:code>/danh-sach.xlsx": (commune, [("/luc-luong/xa/12688/danh-sach.xlsx", {})]),
        "luc-luong/xa/<str:code>/nhap-danh-sach/": (commune, [("/luc-luong/xa/12688/nhap-danh-sach/", {"mau": 1})]),
        "mo-hinh/tinh/<str:code>/xuat/": ("province_officer", [("/mo-hinh/tinh/33/xuat/", {})]),
        "mo-hinh/xa/<str:code>/xuat/": (commune, [("/mo-hinh/xa/12688/xuat/", {})]),
        "mo-hinh/xa/<str:code>/nhap/": (commune, [("/mo-hinh/xa/12688/nhap/", {"mau": 1})]),
        "hoat-dong/tuyen-truyen/<str:code>/nhap-tep/": (
            commune,
            [("/hoat-dong/tuyen-truyen/12688/nhap-tep/", {"mau": 1})],
        ),
        "hoat-dong/tuyen-truyen/<str:code>/xuat/": (commune, [("/hoat-dong/tuyen-truyen/12688/xuat/", {"nam": 2025})]),
        # A drill-down's records (issue 17 item 6): members and teams (named by the payload), outreach titles and
        # scheme names, each through its indicator's export.
        "bao-cao/<str:code>/<str:period>/chi-tiet/<str:indicator>/tai-ve.xlsx": (
            commune,
            [
                (f"/bao-cao/12688/{this_year}/chi-tiet/{code}/tai-ve.xlsx", {})
                for code in ("security_team_members_active", "security_teams_active", "scheme_sites_active")
            ]
            + [("/bao-cao/12688/2025/chi-tiet/outreach_sessions/tai-ve.xlsx", {})],
        ),
        "van-ban/bao-cao/<int:pk>/tai-ve.<str:fmt>": (
            commune,
            [(f"/van-ban/bao-cao/{commune_report.pk}/tai-ve.xlsx", {})],
        ),
        # The same files made as background jobs (issue 18): POSTed, then the finished job's file downloaded.
        "bao-cao/<str:code>/<str:period>/chi-tiet/<str:indicator>/tao-tep.xlsx": (
            commune,
            [
                (f"/bao-cao/12688/{this_year}/chi-tiet/{code}/tao-tep.xlsx", {JOB: True})
                for code in ("security_team_members_active", "scheme_sites_active")
            ],
        ),
        "van-ban/bao-cao/<int:pk>/tao-tep.<str:fmt>": (
            commune,
            [(f"/van-ban/bao-cao/{commune_report.pk}/tao-tep.xlsx", {JOB: True})],
        ),
    }


JOB = "job"  # a query marker: the route starts a background job whose file is the download


def _job_file(client, url: str) -> bytes:
    """POST the job route (tests run jobs at once), then download the finished job's file from its page."""
    started = client.post(url)
    assert started.status_code == 302, (url, started.status_code)
    job_page = started["Location"]
    assert client.get(job_page).status_code == 200
    response = client.get(job_page.rstrip("/") + "/tai-ve/")
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
    return b"".join(response.streaming_content)


def _cells(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))  # not read-only: data_type of every cell
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_every_spreadsheet_route_has_a_download_case():
    routes = spreadsheet_routes()
    assert len(routes) >= 9
    assert routes == set(_downloads(ReportDocument(pk=1))), "a new spreadsheet route needs a download case here"


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", PAYLOADS, indirect=True)
def test_no_export_writes_a_formula_and_text_is_kept_exactly(client, request, hostile, commune_report):
    for officer, downloads in _downloads(commune_report).values():
        client.force_login(request.getfixturevalue(officer))
        for url, query in downloads:
            if "loi" in query:
                data = _error_sheet(client, url, hostile)
            elif JOB in query:
                data = _job_file(client, url)
            else:
                response = client.get(url, query)
                assert response.status_code == 200, (url, response.status_code)
                assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
                data = response.content
            cells = _cells(data)
            formulas = [f"{c.parent.title}!{c.coordinate}: {c.value!r}" for c in cells if c.data_type == "f"]
            assert formulas == [], (url, formulas)
            if "mau" not in query:
                # The seeded text comes back as entered (the report's title cell adds " — <unit>" after it).
                texts = [c.value for c in cells if isinstance(c.value, str)]
                assert any(text == hostile or text.startswith(hostile + " — ") for text in texts), (url, hostile)
