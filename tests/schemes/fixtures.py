"""Schemes fixtures (shared suite-wide: the route scope test uses them).

Places: Thôn Nam and Thôn Bắc in Xã Đông Hưng (12688), Thôn Trung in Xã Tân Tiến (12583), a school in Đông Hưng.
Schemes: "Tự phòng, tự quản, tự bảo vệ" of Hưng Yên (province 33), "Camera an ninh xã Đông Hưng" of 12688,
"Hai quản, hai tích cực" of Phường Hà Giang 1 (00694, province 08). Sites: the camera scheme at Thôn Nam
(`dong_site`), the province scheme at Thôn Trung (`tan_site`) and the Hà Giang scheme commune-wide (`hg_site`).
An advanced example of Đông Hưng (`dong_exemplar`) with contact data.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.geo.models import Establishment, Locality
from antq.schemes import exemplars, services
from antq.schemes.models import SchemeType

# The smallest valid files of each kind: the services only look at the first bytes.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def evaluated(actor, site, rating: str = "good", on: dt.date | None = None):
    """Give `site` an evaluation (on its first day unless `on`): recognition needs one (rules)."""
    return services.evaluation_record(
        actor=actor, site=site, evaluated_on=on or site.started_on, assessor="Công an tỉnh", rating=rating
    )


def recognise(*, actor, site, **kwargs):
    """`services.site_recognise` on a site given a good evaluation first when it has none (tests about other rules)."""
    if not site.evaluations.exists():
        evaluated(actor, site)
    return services.site_recognise(actor=actor, site=site, **kwargs)


def scheme_type(code: str) -> SchemeType:
    """A type of the national catalogue (loaded by the data migration)."""
    return SchemeType.objects.get(code=code, province__isnull=True)


@pytest.fixture
def thon_nam(dong_hung):
    return Locality.objects.create(commune=dong_hung, name="Thôn Nam", kind="thon", households=210)


@pytest.fixture
def thon_bac(dong_hung):
    return Locality.objects.create(commune=dong_hung, name="Thôn Bắc", kind="thon", households=150)


@pytest.fixture
def thon_trung(tan_tien):
    return Locality.objects.create(commune=tan_tien, name="Thôn Trung", kind="thon", households=180)


@pytest.fixture
def truong_dong_hung(dong_hung):
    return Establishment.objects.create(commune=dong_hung, name="Trường THCS Đông Hưng", kind="school")


@pytest.fixture
def province_scheme(province_officer, hung_yen):
    return services.scheme_create(
        actor=province_officer,
        unit=hung_yen,
        name="Tự phòng, tự quản, tự bảo vệ",
        scheme_type=scheme_type("tu-phong-tu-quan-tu-bao-ve"),
        lead_organisation="police",
        started_on=dt.date(2018, 1, 1),
    )


@pytest.fixture
def dong_scheme(commune_officer, dong_hung):
    return services.scheme_create(
        actor=commune_officer,
        unit=dong_hung,
        name="Camera an ninh xã Đông Hưng",
        scheme_type=scheme_type("camera-an-ninh"),
        lead_organisation="youth",
        started_on=dt.date(2020, 1, 1),
    )


@pytest.fixture
def hg_scheme(other_province_officer, ha_giang_1):
    return services.scheme_create(
        actor=other_province_officer,
        unit=ha_giang_1,
        name="Hai quản, hai tích cực",
        scheme_type=scheme_type("hai-quan-hai-tich-cuc"),
        lead_organisation="women",
        started_on=dt.date(2019, 1, 1),
    )


@pytest.fixture
def dong_site(commune_officer, dong_scheme, dong_hung, thon_nam):
    return services.site_create(
        actor=commune_officer,
        scheme=dong_scheme,
        commune=dong_hung,
        place_kind="locality",
        locality=thon_nam,
        started_on=dt.date(2021, 3, 1),
        households=120,
        members=8,
        results="Lắp 12 camera tại các ngõ, xóm.",
    )


@pytest.fixture
def tan_site(other_commune_officer, province_scheme, tan_tien, thon_trung):
    return services.site_create(
        actor=other_commune_officer,
        scheme=province_scheme,
        commune=tan_tien,
        place_kind="locality",
        locality=thon_trung,
        started_on=dt.date(2022, 1, 1),
    )


@pytest.fixture
def hg_site(other_province_officer, hg_scheme, ha_giang_1):
    return services.site_create(
        actor=other_province_officer,
        scheme=hg_scheme,
        commune=ha_giang_1,
        place_kind="commune",
        started_on=dt.date(2020, 5, 1),
    )


@pytest.fixture
def dong_exemplar(commune_officer, dong_hung, media_root):
    return exemplars.exemplar_create(
        actor=commune_officer,
        unit=dong_hung,
        kind="person",
        name="Nguyễn Văn Thành",
        position="Tổ trưởng Tổ bảo vệ ANTT Thôn Nam",
        year=2025,
        achievements="Phát hiện, cung cấp tin báo giúp bắt giữ 02 đối tượng trộm cắp.",
        recognition_level="province",
        recognition="Giấy khen của Giám đốc Công an tỉnh",
        decision_number="125/QĐ-CAT",
        decision_date=dt.date(2025, 8, 19),
        contact_phone="0912345678",
        contact_address="Thôn Nam, xã Đông Hưng",
        photo=SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
    )


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded photos go to a temporary folder, never to the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
