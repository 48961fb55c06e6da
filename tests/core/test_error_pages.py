"""Error pages in production mode (DEBUG off): Vietnamese whatever the browser's language, each with a way back to
the start page; the 500 page renders without the request; the API keeps its JSON errors."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.template import loader
from django.test import Client, override_settings
from django.urls import include, path

from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.middleware import TypedErrorPageMiddleware


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("thu-loi/", boom), path("", include("antq.urls"))]

ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


def english_client() -> Client:
    client = Client(headers=ENGLISH)
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_404_is_vietnamese_for_an_english_browser():
    response = english_client().get("/khong-co-trang-nay/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body and 'lang="vi"' in body
    assert 'href="/"' in body and "Về trang chủ" in body
    assert "Not Found" not in body


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_500_is_vietnamese_for_an_english_browser():
    response = english_client().get("/thu-loi/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Lỗi hệ thống" in body and 'href="/"' in body
    assert "Server Error" not in body


@pytest.mark.parametrize("name", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"])
def test_each_error_page_renders_without_a_request_and_links_home(name):
    body = loader.get_template(name).render()  # no request, no context processors: nothing that can fail
    assert 'lang="vi"' in body and 'href="/"' in body and "Về trang chủ" in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_the_api_keeps_its_json_404_under_an_english_browser():
    response = english_client().get("/api/v1/khong-co/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_form_without_its_csrf_token_gets_the_vietnamese_403():
    client = Client(enforce_csrf_checks=True, headers=ENGLISH)

    response = client.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    body = response.content.decode()
    assert "Không gửi được biểu mẫu" in body and 'href="/"' in body
    assert "Forbidden" not in body


@pytest.mark.parametrize(
    ("error", "status", "shown"),
    [
        (ValidationFailed("Kỳ báo cáo “x” không hợp lệ."), 400, "Kỳ báo cáo “x” không hợp lệ."),
        (NotFoundOrOutOfScope("Không tìm thấy hồ sơ 12."), 404, "lỗi 404"),
        (PermissionDenied("Bước này do cấp tỉnh thực hiện."), 403, "lỗi 403"),
    ],
)
def test_a_typed_error_escaping_a_page_view_is_its_vietnamese_page_not_a_500(rf, error, status, shown):
    middleware = TypedErrorPageMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(rf.get("/bao-cao/12688/x/"), error)
    assert response is not None and response.status_code == status
    page = response.content.decode()
    assert shown in page and "Về trang chủ" in page
    if status == 404:
        assert "hồ sơ 12" not in page  # a 404 never says more than "missing or not yours"
    assert middleware.process_exception(rf.get("/api/v1/me"), error) is None  # the API answers JSON itself


@pytest.mark.django_db
def test_an_english_browser_gets_vietnamese_messages_and_day_first_dates(province_officer):
    """No language negotiation: an en-US browser got "This field is required." and read 05/01/2026 as 1 May."""
    client = Client(headers=ENGLISH)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "ai-do", "password": "sai-mat-khau"})
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Please enter" not in response.content.decode() and "tên đăng nhập" in errors.lower(), errors
    assert response.context["form"].fields["username"].error_messages["required"] == "Trường này là bắt buộc."
    client.force_login(province_officer)
    response = client.get("/tai-khoan/nhat-ky/?date_from=05/01/2026&date_to=13/01/2026")
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["date_from"].isoformat(), form.cleaned_data["date_to"].isoformat()) == (
        "2026-01-05",
        "2026-01-13",
    )
