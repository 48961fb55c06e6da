"""Anonymity that can be proved (issue 19 item 2): a tip and a reply with a photo go through the whole stack (CSRF
enforced, every middleware) from a distinctive address, user agent, proxy headers and device id; then every table,
every log record and the media folder are searched for them and for what the tipster wrote: nothing is found. The
only cookie is the CSRF one; times are kept to the minute."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory

from antq.accounts.models import AuditEntry, Notification
from antq.core.logformat import JsonFormatter
from antq.core.middleware import AnonymousAuditlogMiddleware
from antq.tips.models import Tip, TipAttachment, TipCategory, TipMessage
from tests.tips.conftest import stored_values
from tests.tips.test_public_portal import jpeg_with_gps, tip_data

IP = "203.0.113.77"
FORWARDED_IP = "198.51.100.213"
USER_AGENT = "AnonymityProbe/7.3 (Linux; Android 4.4; DistinctiveHandset-ZX81)"
DEVICE_ID = "device-4f1c-probe-99812"
PROXY_REQUEST_ID = "proxyrequest0123456789abcdef77"
BODY = "Tin-ẩn-danh-RAW-5521: có đánh bạc ở nhà văn hóa thôn"
REPLY = "Trả-lời-RAW-6632: thêm ảnh chiếu bạc"
HEADERS = {
    "REMOTE_ADDR": IP,
    "HTTP_USER_AGENT": USER_AGENT,
    "HTTP_X_FORWARDED_FOR": FORWARDED_IP,
    "HTTP_X_FORWARDED_PORT": "47123",
    "HTTP_X_REAL_IP": FORWARDED_IP,
    "HTTP_X_CORRELATION_ID": DEVICE_ID,
    "HTTP_X_DEVICE_ID": DEVICE_ID,
    "HTTP_X_REQUEST_ID": PROXY_REQUEST_ID,
}
NEEDLES = (IP, FORWARDED_IP, USER_AGENT, "DistinctiveHandset", DEVICE_ID, PROXY_REQUEST_ID, "47123", BODY, REPLY)


class _Everything(logging.Handler):
    """Keeps every record, formatted as ANTQ formats it and as its raw attributes."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.json = JsonFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.json.format(record))
        self.lines.append(repr({k: v for k, v in vars(record).items() if k != "request"}))


@pytest.fixture
def every_log(caplog):
    """Capture every logger at DEBUG, including those that do not propagate to the root (antq, django.request),
    and the SQL of every query (with its parameters)."""
    caplog.set_level(logging.DEBUG)
    handler = _Everything()
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    levels = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    try:
        yield handler, caplog
    finally:
        connection.force_debug_cursor = False
        for lg, level in levels:
            lg.removeHandler(handler)
            lg.setLevel(level)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _journey(client: Client) -> tuple[str, list]:
    """The tipster's whole visit, as a browser without JavaScript makes it; returns (code, responses)."""
    responses = [client.get("/to-giac/")]
    responses.append(client.get("/to-giac/", {"tinh": "33"}))
    photo = SimpleUploadedFile("IMG_2026.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = {**tip_data(body=BODY), "photos": [photo], "csrfmiddlewaretoken": _csrf(responses[-1].content.decode())}
    responses.append(client.post("/to-giac/", data))
    sent = responses[-1].content.decode()
    code, secret = re.findall(r'<code class="tip-code">([^<]+)</code>', sent)
    responses.append(client.get("/to-giac/tra-cuu/"))
    token = _csrf(responses[-1].content.decode())
    responses.append(client.post("/to-giac/tra-cuu/", {"code": code, "secret": secret, "csrfmiddlewaretoken": token}))
    reply = {
        "code": code,
        "secret": secret,
        "text": REPLY,
        "photos": [SimpleUploadedFile("b.jpg", jpeg_with_gps((0, 0, 255)), content_type="image/jpeg")],
        "csrfmiddlewaretoken": _csrf(responses[-1].content.decode()),
    }
    responses.append(client.post("/to-giac/tra-cuu/gui-them/", reply))
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    return code, responses


def _database_text() -> str:
    """Every value in every table (text, binary and the rest), by raw SQL."""
    found: list[str] = []
    for _table, value in stored_values():
        if isinstance(value, memoryview | bytes | bytearray):
            found.append(bytes(value).decode("latin-1"))
            found.append(bytes(value).decode("utf-8", "replace"))
        else:
            found.append(str(value))
    return "\n".join(found)


_STORED_TIME = re.compile(r"(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(?:[+-]\d\d:?\d\d|Z)?")


def _database_times() -> list[tuple[str, dt.datetime]]:
    """Every date-time value stored in any table (aware, UTC), whatever form the driver returns it in, with its
    table's name."""
    times: list[tuple[str, dt.datetime]] = []
    for table, value in stored_values():
        if isinstance(value, dt.datetime):
            times.append((table, value if value.tzinfo else value.replace(tzinfo=dt.UTC)))
        elif isinstance(value, str) and (match := _STORED_TIME.fullmatch(value)):
            times.append((table, dt.datetime.fromisoformat(f"{match[1]}T{match[2]}").replace(tzinfo=dt.UTC)))
    return times


def _media_text() -> str:
    root = Path(settings.MEDIA_ROOT)
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return "\n".join(p.name + "\n" + p.read_bytes().decode("latin-1") for p in files)


@pytest.mark.django_db
def test_a_tip_leaves_no_trace_of_the_tipster_anywhere(every_log, commune_officer):
    cache.clear()
    handler, caplog = every_log
    client = Client(enforce_csrf_checks=True, **HEADERS)
    before = set(_database_times())
    code, responses = _journey(client)
    tip = Tip.objects.get(code=code)
    assert TipAttachment.objects.filter(tip=tip).count() == 2 and TipMessage.objects.filter(tip=tip).count() == 1
    assert AuditEntry.objects.filter(object_repr=code).exists()  # the trail did record the tip …

    database = _database_text()
    logs = "\n".join(handler.lines) + caplog.text
    media = _media_text()
    assert code in database and "tips:portal" in logs  # … and the haystacks are the real ones
    for needle in NEEDLES:
        assert needle not in database, f"{needle!r} in the database"
        assert needle not in logs, f"{needle!r} in the logs"
        assert needle not in media, f"{needle!r} in the media folder"
    # The only cache entries are counters under keyed hashes.
    local = getattr(caches["default"], "_cache", {})
    assert not any(needle in str(key) for key in local for needle in NEEDLES)

    # Cookies: the CSRF one and nothing else; no session was created.
    names = {name for response in responses for name in response.cookies}
    assert names == {settings.CSRF_COOKIE_NAME}
    assert not Session.objects.exists()
    # Times to the minute: the tip, the reply, the photos and the trail's entries about them.
    assert tip.received_at.second == 0 and tip.received_at.microsecond == 0
    for moment in [
        *TipMessage.objects.values_list("created_at", flat=True),
        *TipAttachment.objects.values_list("created_at", flat=True),
    ]:
        assert moment.second == 0 and moment.microsecond == 0
    for entry in AuditEntry.objects.filter(object_repr__contains=code):
        assert entry.remote_addr is None and entry.remote_port is None and entry.cid is None and entry.actor is None
        assert entry.timestamp.second == 0 and entry.timestamp.microsecond == 0
    # Every time written anywhere during the visit (the officers' notices included): an exact one would let a
    # proxy's access log be matched to the tip.
    written = set(_database_times()) - before
    assert written and [(table, m) for table, m in written if m.second or m.microsecond] == []
    assert Notification.objects.filter(text__contains=code).count() == 2  # the new tip, the reply
    # And the log lines of the portal's requests, to the minute too.
    portal_lines = [json.loads(line) for line in handler.lines if '"route": "tips:' in line]
    assert portal_lines and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+00:00", x["time"]) for x in portal_lines)


@pytest.mark.django_db
def test_an_officer_sending_a_tip_while_logged_in_is_not_named(client, commune_officer, every_log):
    cache.clear()
    handler, _caplog = every_log
    client.force_login(commune_officer)
    page = client.get("/to-giac/", {"tinh": "33"})
    assert commune_officer.username not in page.content.decode()  # the portal shows no account
    response = client.post("/to-giac/", tip_data(), REMOTE_ADDR=IP)
    code = re.findall(r'<code class="tip-code">([^<]+)</code>', response.content.decode())[0]
    for entry in AuditEntry.objects.filter(object_repr__contains=code):
        assert entry.actor is None and entry.remote_addr is None
    portal_lines = [line for line in handler.lines if '"route": "tips:portal"' in line]
    assert portal_lines and all('"user_id": null' in line for line in portal_lines)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "recorded"), [("/to-giac/", None), ("/tai-khoan/dang-nhap/", IP)])
def test_the_trail_leaves_out_the_address_on_portal_pages_only(path, recorded):
    """The anonymous mark is per view: any other page's writes still record where they came from."""

    def write(_request):
        TipCategory.objects.create(code=f"thu-{len(path)}", name="Thử")
        return HttpResponse()

    AnonymousAuditlogMiddleware(write)(RequestFactory().post(path, REMOTE_ADDR=IP))
    entry = AuditEntry.objects.get(object_repr="Thử")
    assert entry.remote_addr == recorded
