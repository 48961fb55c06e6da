"""Security headers on every response: Content-Security-Policy (no inline script or style), HSTS whenever cookies
are secure, Referrer-Policy, Permissions-Policy, X-Frame-Options; and templates that keep the policy workable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ANTQ = Path(settings.BASE_DIR) / "antq"
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def secure_cookies(settings):
    """Production's cookie settings (the test environment turns them off to run over plain HTTP)."""
    settings.SECURE_COOKIES = settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000


def _directives(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/tai-khoan/dang-nhap/", "/khong-co-trang-nay/"])
def test_a_page_carries_every_security_header(secure_cookies, path):
    response = Client().get(path, secure=True)

    assert _directives(response["Content-Security-Policy"]) == _directives(EXPECTED_CSP)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_hsts_is_sent_whenever_cookies_are_secure_even_behind_a_proxy(secure_cookies):
    """TLS may end at a proxy (the request then looks like plain HTTP to Django); HSTS still goes out."""
    assert Client().get("/tai-khoan/dang-nhap/")["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_no_hsts_when_cookies_are_not_secure(settings):
    assert not settings.SESSION_COOKIE_SECURE  # the test environment's plain-HTTP settings
    assert "Strict-Transport-Security" not in Client().get("/tai-khoan/dang-nhap/", secure=True)


@pytest.mark.parametrize(("secure", "redirect", "expected"), [("1", "0", "31536000"), ("0", "0", "0")])
def test_settings_turn_hsts_on_with_secure_cookies_not_only_with_the_https_redirect(secure, redirect, expected):
    env = os.environ | {"SECURE_COOKIES": secure, "SECURE_SSL_REDIRECT": redirect, "ANTQ_ALLOW_INSECURE_KEY": "1"}
    env.pop("SECURE_HSTS_SECONDS", None)
    out = subprocess.run(
        [sys.executable, "-c", "import antq.settings as s; print(s.SECURE_HSTS_SECONDS)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.strip() == expected


@pytest.mark.django_db
def test_the_api_json_keeps_its_shape_under_the_headers():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthorized"
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def _templates() -> list[Path]:
    return sorted(p for p in ANTQ.rglob("*.html") if "node_modules" not in p.parts)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
# An attribute named on… (onclick, onchange, onload, …) inside a tag.
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers():
    problems = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script>"),
            (INLINE_HANDLER, "on… handler"),
            (JS_URL, "javascript: URL"),
        ):
            for match in pattern.finditer(text):
                # A JSON data block is not executed, so the policy allows it.
                if what == "inline <script>" and "application/json" in match.group(0):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(ANTQ)}:{line}: {what}")
    assert not problems, "\n".join(problems)


# Templates still carrying inline styles, owned by other apps and reported for a fix (the policy blocks these styles,
# so the pages only lose the look, nothing else). The list may only shrink.
INLINE_STYLE_PENDING = {
    # Rendered on the server into the PDF by WeasyPrint, never served as a page (no CSP applies there).
    "documents/templates/documents/report_pdf.html",
    "documents/templates/documents/_grid_cols_pdf.html",
}
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_no_other_template_has_inline_styles():
    found = {
        str(path.relative_to(ANTQ)) for path in _templates() if INLINE_STYLE.search(path.read_text(encoding="utf-8"))
    }
    assert found <= INLINE_STYLE_PENDING, sorted(found - INLINE_STYLE_PENDING)
