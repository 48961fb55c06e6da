"""Request logs: one JSON line per request with its id, route name, status, duration and user id — never a name, a
CCCD, a phone, a query string or the client's address; the id on every response and on the error pages."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from antq.core.errors import ValidationFailed
from tests.conftest import PASSWORD

LEADER_NAME, LEADER_CCCD, LEADER_PHONE = "Trần Văn Bình", "033075000111", "0912345678"
CLIENT_ADDRESS = "203.0.113.7"


def boom(request, word):
    # An exception whose message quotes personal data, as an IntegrityError quoting a duplicate CCCD would.
    raise RuntimeError(f"hỏng khi lưu {LEADER_NAME} {LEADER_CCCD} {LEADER_PHONE}")


def bad_period(request):
    raise ValidationFailed("Kỳ báo cáo “x” không hợp lệ.")


def ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("thu-loi/<str:word>/", boom, name="boom"),
    path("thu-400/", bad_period, name="bad_period"),
    path("thu-ok/", ok, name="ok"),
    path("", include("antq.urls")),
]
handler400 = "antq.core.views.bad_request"
handler403 = "antq.core.views.permission_denied"
handler404 = "antq.core.views.page_not_found"
handler500 = "antq.core.views.server_error"


def _client() -> Client:
    client = Client(REMOTE_ADDR=CLIENT_ADDRESS, headers={"X-Forwarded-For": CLIENT_ADDRESS})
    client.raise_request_exception = False
    return client


def _shown_id(response) -> str:
    found = re.search(r"Mã yêu cầu: <code>([0-9A-Za-z-]+)</code>", response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_journeys_log_has_one_json_line_per_request_and_no_personal_data(commune_officer, leader):
    client = _client()
    with _capture() as lines:
        login = client.post("/tai-khoan/dang-nhap/", {"username": commune_officer.username, "password": PASSWORD})
        member = client.get(f"/luc-luong/thanh-vien/{leader.pk}/")
        search = client.get("/dia-ban/tim-kiem/", {"q": LEADER_NAME})
        missing = client.get(f"/luc-luong/thanh-vien/{leader.pk + 10_000}/", {"sdt": LEADER_PHONE})
        broken = client.get(f"/thu-loi/{LEADER_CCCD}/")
    captured = [json.loads(line) for line in lines]  # each line is one JSON object

    assert login.status_code == 302
    assert member.status_code == 200 and LEADER_CCCD in member.content.decode()  # the page did show the CCCD
    assert (search.status_code, missing.status_code, broken.status_code) == (200, 404, 500)
    requests = [entry for entry in captured if entry["logger"] == "antq.requests"]
    assert [(r["method"], r["route"], r["status"]) for r in requests] == [
        ("POST", "accounts:login", 302),
        ("GET", "forces:member", 200),
        ("GET", "geo:search", 200),
        ("GET", "forces:member", 404),
        ("GET", "boom", 500),
    ]
    for entry, response in zip(requests, [login, member, search, missing, broken], strict=True):
        assert set(entry) >= {"time", "request_id", "method", "route", "status", "duration_ms", "user_id"}
        assert entry["request_id"] == response["X-Request-ID"]
        assert isinstance(entry["duration_ms"], float)
    assert [r["user_id"] for r in requests[1:]] == [commune_officer.pk] * 4

    # The 500 is logged with the id the user reads on the page, its class and stack, not its message.
    error = next(entry for entry in captured if entry["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["status"] == 500 and error["route"] == "boom"
    assert error["request_id"] == broken["X-Request-ID"] == _shown_id(broken)
    assert error["error"][0]["class"] == "builtins.RuntimeError"
    assert any("in boom" in frame for frame in error["error"][0]["stack"])

    text = "\n".join(json.dumps(entry, ensure_ascii=False) for entry in captured)
    for secret in (LEADER_NAME, LEADER_CCCD, LEADER_PHONE, "912345678", CLIENT_ADDRESS, "127.0.0.1", "sdt=", "q="):
        assert secret not in text, secret
    for name in ("Bình", "Trần", commune_officer.first_name, commune_officer.last_name):
        assert not name or name not in text, name


class _capture:
    """The console handler's output during a block (a context manager form of the `log_lines` fixture)."""

    def __enter__(self) -> list[str]:
        self.handlers = {h for name in ("antq", "django.request") for h in logging.getLogger(name).handlers}
        assert self.handlers, "LOGGING sends antq and django.request to a handler"
        self.buffer = io.StringIO()
        self.previous = {handler: handler.setStream(self.buffer) for handler in self.handlers}
        self.lines: list[str] = []
        return self.lines

    def __exit__(self, *exc) -> None:
        for handler, stream in self.previous.items():
            handler.setStream(stream)
        self.lines.extend(self.buffer.getvalue().splitlines())


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/khong-co-trang-nay/", 404),  # no route: handler404
        ("get", "/luc-luong/thanh-vien/999999999/", 404),  # a typed error: TypedErrorPageMiddleware
        ("get", "/thu-400/", 400),
        ("post", "/tai-khoan/dang-nhap/", 403),  # no CSRF token: CSRF_FAILURE_VIEW
        ("get", "/thu-loi/x/", 500),  # handler500
    ],
)
def test_each_error_page_shows_the_request_id_of_its_response(commune_officer, method, url, status):
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    client.force_login(commune_officer)

    response = getattr(client, method)(url)

    assert response.status_code == status
    assert _shown_id(response) == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", response["X-Request-ID"])


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("3f2b8c1d9e7a4b6c8d0e1f2a3b4c5d6e", True),  # nginx's $request_id
        ("0b7c3c1e-4f7e-4a57-9a6b-6a3c1b2d9e10", True),  # a UUID
        (LEADER_PHONE, False),  # too short to be an id
        ("x" * 65, False),
        ('abcdefgh12345678"} {"user_id": 1', False),  # an attempt at forging a log field
        ("abcdefgh12345678\nfake line", False),
    ],
)
def test_a_request_id_from_the_proxy_is_kept_only_when_it_is_a_plain_token(given, kept):
    with _capture() as lines:
        response = Client(headers={"X-Request-ID": given}).get("/thu-ok/")

    assert (response["X-Request-ID"] == given) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{16}", response["X-Request-ID"])
    assert json.loads(lines[-1])["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_django_security_lines_name_the_route_and_carry_the_request_id_not_the_path(commune_officer, leader):
    """Django logs a CSRF failure as "Forbidden (reason): <path>"; the path (with a record's id) becomes the route."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer)
    with _capture() as lines:
        response = client.post(f"/luc-luong/thanh-vien/{leader.pk}/sua/", {"phone": LEADER_PHONE})

    assert response.status_code == 403
    csrf = [json.loads(line) for line in lines if '"django.security.csrf"' in line]
    assert len(csrf) == 1
    assert csrf[0]["message"].startswith("Forbidden (") and csrf[0]["message"].endswith("): forces:member_edit")
    assert csrf[0]["request_id"] == response["X-Request-ID"] and csrf[0]["status"] == 403
    assert f"/{leader.pk}/" not in "\n".join(lines) and LEADER_PHONE not in "\n".join(lines)
