"""Personal data by role on every path (issue 14, items 1 and 2): a role × route matrix.

The routes come from the URL resolver through tests/test_routes.py (each route's in-scope URL, or the route
itself when it takes no argument), plus every document the export functions can print (every Thông tư 14 form,
every report format). Each role of the test world — ministry, province 33, commune 12688, viewer, team leader —
GETs each of them; XLSX / DOCX / PDF / JSON bodies are decoded to text. The test then asserts, against the policy
of docs/privacy.md (written out again here, not read from the code it checks):

- no full CCCD, phone, birth date or contact address reaches a role that may see it only masked or not at all;
- a role that may not see a field gets no masked form of it either (viewers: no personal field, masked or not);
- every response showing a full CCCD wrote an access entry carrying the unit and its province.

A route added tomorrow is fetched by the same loop as soon as tests/test_routes.py has its cases (that test fails
until it does); a route this test cannot fetch must be named in NOT_FETCHED with the reason.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.urls import resolve

from antq.accounts.models import AuditEntry, Role
from antq.accounts.policy import FIELD_VISIBILITY
from antq.activities import awards
from antq.activities.models import Award, AwardProposal
from antq.documents import team_forms
from antq.documents.services import FORMATS
from antq.forces import services as forces_services
from antq.forces.models import RosterProposal, TeamMember
from antq.schemes import exemplars
from antq.schemes.models import Exemplar
from tests.activities.fixtures import proposal_data
from tests.forces.fixtures import member_data
from tests.test_routes import CASES, EXEMPT, all_routes

ROLES = ("ministry_officer", "province_officer", "commune_officer", "viewer", "team_leader")

# docs/privacy.md, per role: "full", "detail" (full on the record's own page and in the commune's own audited
# documents, masked elsewhere), "masked", or None (never, not even masked).
EXPECTED: dict[str, dict[str, str | None]] = {
    "commune_officer": {"national_id": "detail", "phone": "full", "birth_date": "full", "address": "full"},
    "province_officer": {"national_id": "masked", "phone": "masked", "birth_date": "full", "address": "masked"},
    "ministry_officer": {"national_id": "masked", "phone": "masked", "birth_date": "full", "address": "masked"},
    "team_leader": {"national_id": None, "phone": "full", "birth_date": None, "address": None},
    "viewer": {"national_id": None, "phone": None, "birth_date": None, "address": None},
}
ROLE_OF = {
    "commune_officer": Role.COMMUNE,
    "province_officer": Role.PROVINCE,
    "ministry_officer": Role.MINISTRY,
    "team_leader": Role.TEAM_LEADER,
    "viewer": Role.VIEWER,
}

# Outputs where "detail" shows the CCCD in full (each audited): a record's own page and edit form, and the
# commune's own documents — the Thông tư 14/2024 forms and the roster export in the import layout.
DETAIL_ROUTES = {
    "luc-luong/thanh-vien/<int:pk>/",
    "luc-luong/thanh-vien/<int:pk>/sua/",
    "hoat-dong/khen-thuong/ho-so/<int:pk>/",
    "hoat-dong/khen-thuong/ho-so/<int:pk>/sua/",
    "luc-luong/xa/<str:code>/danh-sach.xlsx",
    "van-ban/xa/<str:code>/mau-<slug:form>.docx",
    "van-ban/to/<int:pk>/mau-<slug:form>.docx",
}

# Routes the loop does not GET, with why. Everything else in the resolver is fetched by every role.
NOT_FETCHED = {
    "tai-khoan/dang-xuat/": "logout (POST only); it would end the session the loop uses",
    "api/v1/^.*$": "the JSON 404 for unknown API paths: no data",
}


@dataclass
class Secret:
    """One personal value kept by ANTQ, and the field of accounts.policy it is."""

    field: str
    value: str
    forms: list[str] = field(default_factory=list)  # the full value as outputs may print it

    def masked_pattern(self) -> re.Pattern[str]:
        return re.compile("[•*]{2,}" + re.escape(self.value[-4:]))


def _date_forms(day: dt.date) -> list[str]:
    return [day.strftime("%d/%m/%Y"), day.isoformat(), day.strftime("%d-%m-%Y"), day.strftime("%d.%m.%Y")]


# --- The records, with distinctive values ---------------------------------------------------------------------


@pytest.fixture
def personal_world(commune_officer, team, leader, thon_dong, dong_hung, award_forms, media_root, team_leader):
    """A member, a pending team-leader proposal with a new phone, an advanced example with contact data and an
    award proposal for a person, each with values found nowhere else."""
    member = forces_services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(
            thon_dong,
            full_name="Phạm Thị Riêng",
            gender="female",
            birth_date=dt.date(1990, 7, 21),
            national_id="033190765432",
            phone="0987001122",
        ),
    )
    forces_services.proposal_create(
        actor=team_leader,
        team=team,
        kind="update",
        member=member,
        payload={"phone": "0977334455"},
        reason="Đổi số điện thoại",
    )
    exemplars.exemplar_create(
        actor=commune_officer,
        unit=dong_hung,
        kind="person",
        name="Đỗ Văn Kín",
        position="Tổ viên",
        year=2025,
        achievements="Tham gia tuần tra.",
        recognition_level="commune",
        recognition="Giấy khen",
        decision_number="",
        decision_date=None,
        contact_phone="0966778899",
        contact_address="Số 17 ngõ Riêng Tư",
        photo=None,
    )
    woman = {
        "full_name": "Hoàng Thị Kín",
        "gender": "female",
        "birth_date": dt.date(1985, 11, 9),
        "national_id": "033185246810",
    }
    awards.proposal_create(actor=commune_officer, unit=dong_hung, **proposal_data(award_forms, person=woman))
    return member


def _secrets() -> list[Secret]:
    """Every personal value in the database once the URLs are built (so the routes' own fixtures count too)."""
    found: dict[tuple[str, str], Secret] = {}

    def add(field_name: str, value: object) -> None:
        if not value:
            return
        if isinstance(value, dt.date):
            secret = Secret(field_name, value.isoformat(), _date_forms(value))
        else:
            secret = Secret(field_name, str(value), [str(value)])
        found.setdefault((field_name, secret.value), secret)

    for national_id, phone, birth_date in TeamMember.objects.values_list("national_id", "phone", "birth_date"):
        add("national_id", national_id)
        add("phone", phone)
        add("birth_date", birth_date)
    for payload in RosterProposal.objects.values_list("payload", flat=True):
        add("phone", (payload or {}).get("phone"))
        add("national_id", (payload or {}).get("national_id"))
    for phone, address in Exemplar.objects.values_list("contact_phone", "contact_address"):
        add("phone", phone)
        add("address", address)
    for national_id, birth_date in AwardProposal.objects.values_list("national_id", "birth_date"):
        add("national_id", national_id)
        add("birth_date", birth_date)
    for national_id in Award.objects.values_list("national_id", flat=True):
        add("national_id", national_id)
    return list(found.values())


# --- The URLs: every route, and every document the export functions print ------------------------------------


def _urls(get) -> list[tuple[str, str]]:
    """(route, url) for every route of the resolver the loop can fetch."""
    urls: list[tuple[str, str]] = []
    for route in sorted(all_routes()):
        if route in NOT_FETCHED:
            continue
        if route in CASES:
            urls.append((route, CASES[route][0].url(get)))
        elif route in EXEMPT and "<" not in route:
            urls.append((route, "/" + route))
        else:
            raise AssertionError(f"{route}: no URL to fetch; add cases in tests/test_routes.py or NOT_FETCHED here")
    # The export functions: every Thông tư 14 form for the commune and for the team, every report format,
    # and the API lists filtered to the commune.
    team, report = get("team"), get("commune_report")
    for key in team_forms.FORMS:
        urls.append(("van-ban/xa/<str:code>/mau-<slug:form>.docx", f"/van-ban/xa/12688/mau-{key}.docx"))
        urls.append(("van-ban/to/<int:pk>/mau-<slug:form>.docx", f"/van-ban/to/{team.pk}/mau-{key}.docx"))
    for fmt in FORMATS:
        urls.append(("van-ban/bao-cao/<int:pk>/tai-ve.<str:fmt>", f"/van-ban/bao-cao/{report.pk}/tai-ve.{fmt}"))
    for route in ("api/v1/forces/members", "api/v1/forces/trainings", "api/v1/forces/teams"):
        urls.append((route, f"/{route}?commune=12688"))
    urls.append(("api/v1/activities/award-proposals", "/api/v1/activities/award-proposals?unit=12688"))
    urls.append(("api/v1/schemes/exemplars", "/api/v1/schemes/exemplars?unit=12688"))
    return urls


def _body_text(response) -> str:
    """The response as text: XLSX cells, DOCX paragraphs and tables, PDF text, JSON with real characters."""
    streaming = getattr(response, "streaming", False)
    data = b"".join(response.streaming_content) if streaming else response.content
    kind = response.get("Content-Type", "").split(";")[0]
    if kind == FORMATS["xlsx"]:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
        return "\n".join(cells)
    if kind == FORMATS["docx"]:
        # Every part (body, tables, headers, footers): the text of each paragraph with its runs joined.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")]
        text = "\n".join(re.sub(r"</w:p>", "\n", part) for part in parts)
        return html.unescape(re.sub(r"<[^>]+>", "", text))
    if kind == FORMATS["pdf"]:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    text = data.decode("utf-8", errors="replace")
    if kind == "application/json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def _leaks(role: str, route: str, text: str, secrets: list[Secret]) -> list[str]:
    found = []
    for secret in secrets:
        access = EXPECTED[role][secret.field]
        if access == "full" or (access == "detail" and route in DETAIL_ROUTES):
            continue
        for shown in secret.forms:
            if shown in text:
                found.append(f"{secret.field} {shown} in full (allowed: {access})")
        if access is None and secret.field != "birth_date" and secret.masked_pattern().search(text):
            found.append(f"{secret.field} …{secret.value[-4:]} masked (allowed: none)")
    return found


def test_the_policy_table_is_the_documented_one():
    """accounts.policy.FIELD_VISIBILITY says what docs/privacy.md says (the matrix below checks the outputs)."""
    in_code = {"detail": "full_on_detail"}
    for user, role in ROLE_OF.items():
        for name, expected in EXPECTED[user].items():
            assert FIELD_VISIBILITY[role].get(name) == in_code.get(expected or "", expected), (user, name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_route_or_export_gives_a_role_personal_data_it_may_not_see(role, request, client, personal_world):
    get = request.getfixturevalue
    urls = _urls(get)
    secrets = _secrets()
    assert len({s.field for s in secrets}) == 4  # the records hold every kind of personal field
    client.force_login(get(role))
    client.raise_request_exception = False  # a server error is one more problem to list, not the end of the loop
    problems, fetched = [], 0
    for route, url in urls:
        before = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS).count()
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{role} GET {url}: {response.status_code}")
        if response.status_code != 200:
            continue
        fetched += 1
        text = _body_text(response)
        problems += [f"{role} GET {url}: {leak}" for leak in _leaks(role, route, text, secrets)]
        # Item 2: a full CCCD shown is an access entry with its unit and province (the province's trail).
        full_ids = [s for s in secrets if s.field == "national_id" and s.value in text]
        if full_ids:
            new = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS).order_by("pk")[before:]
            if not any(e.unit_id and e.province_id for e in new):
                problems.append(f"{role} GET {url}: full CCCD shown without an access entry carrying its unit")
    assert fetched, f"{role} reached no page at all"
    assert not problems, "\n".join(problems)


def test_every_route_is_fetched_or_named():
    """A route added tomorrow is in the matrix (through tests/test_routes.py) or named here with a reason."""
    unreachable = {r for r in all_routes() if r not in CASES and not (r in EXEMPT and "<" not in r)}
    assert unreachable <= set(NOT_FETCHED), sorted(unreachable - set(NOT_FETCHED))
    for route in DETAIL_ROUTES:
        assert route in all_routes(), route
    assert resolve("/luc-luong/xa/12688/danh-sach.xlsx").route == "luc-luong/xa/<str:code>/danh-sach.xlsx"
