"""Every breadcrumb follows one order: the unit chain first (the shared `{% unit_crumbs %}` tag, units the user
cannot open as plain text), then the section, then the page — never the section before the units ("Hoạt động phong
trào › Toàn quốc › …"), a "section · unit" label ("Đề nghị khen thưởng · Xã Đông Hưng"), or a chain without the
province."""

from __future__ import annotations

import re

import pytest
from django.utils.html import strip_tags

CHAIN = "Toàn quốc › Tỉnh Hưng Yên › Xã Đông Hưng"


def crumbs_of(client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    html = re.search(r'<nav class="crumbs">(.*?)</nav>', response.content.decode(), re.S).group(1)
    return html, " ".join(strip_tags(html).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "rest"),
    [
        ("/hoat-dong/tuyen-truyen/12688/", "Tuyên truyền"),
        ("/hoat-dong/tuyen-truyen/12688/them/", "Tuyên truyền › Ghi nhận"),
        ("/hoat-dong/tuyen-truyen/12688/nhap-nhanh/", "Tuyên truyền › Nhập nhanh"),
        ("/hoat-dong/khen-thuong/de-nghi/12688/", "Đề nghị khen thưởng"),
        ("/hoat-dong/khen-thuong/de-nghi/12688/them/", "Đề nghị khen thưởng › Lập đề nghị"),
        ("/hoat-dong/khen-thuong/danh-sach/12688/?nam=2026", "Đề nghị khen thưởng › Danh sách khen thưởng 2026"),
        ("/van-ban/12688/", "Văn bản"),
        ("/tai-khoan/nhap-thay/12688/", "Giao nhập thay"),
    ],
)
def test_breadcrumbs_start_with_the_unit_chain_then_the_section(client, commune_officer, path, rest):
    client.force_login(commune_officer)
    html, text = crumbs_of(client, path)
    assert text == f"{CHAIN} › {rest}", text
    # Units above the commune officer's scope are plain text, not links that would answer 404.
    assert "<span>Tỉnh Hưng Yên</span>" in html, html
