"""Activities fixtures: places in Xã Đông Hưng (12688), valid data for each outreach kind, a festival, award forms,
proposals at each step, and people with well-formed CCCD numbers (male born 1975, female born 1980)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from antq.activities import awards, services
from antq.activities.models import Award, AwardForm
from antq.geo.models import Establishment, Locality

# Valid measures of each kind (a date in 2025, which is always in the past).
KIND_DATA = {
    "session": {"attendees": 120, "attendees_students": 100, "attendees_officials": 10, "title": "Phòng, chống ma túy"},
    "news": {"title": "Công an xã ra mắt mô hình", "outlet": "Báo Hưng Yên", "link": "https://baohungyen.vn/a"},
    "reportage": {"title": "Phóng sự về Tổ bảo vệ ANTT", "outlet": "Đài PT-TH Hưng Yên"},
    "broadcast": {"title": "Chuyên mục An ninh Hưng Yên", "outlet": "Đài PT-TH Hưng Yên"},
    "social_post": {"title": "Cảnh báo lừa đảo", "outlet": "Facebook Công an xã", "link": "https://fb.com/p/1"},
    "banners": {"display_type": "banner", "count": 12},
    "contest": {"title": "Thi tìm hiểu pháp luật", "participants": 250},
    "story": {"title": "Gương ông Nguyễn Văn Tốt"},
    "visit": {"recipient_kind": "policy_family", "recipients": 3, "value_vnd": 3_000_000},
}
MAN = {"full_name": "Trần Văn Bình", "gender": "male", "birth_date": dt.date(1975, 5, 5), "national_id": "033075000111"}
WOMAN = {
    "full_name": "Lê Thị Cúc",
    "gender": "female",
    "birth_date": dt.date(1980, 1, 1),
    "national_id": "033180000222",
}


def activity_data(kind: str = "session", **overrides):
    data = {"date": dt.date(2025, 3, 10), "kind": kind, "topic": "drugs", **KIND_DATA[kind]}
    data.update(overrides)
    return data


@pytest.fixture
def thon_an(dong_hung):
    return Locality.objects.create(commune=dong_hung, name="Thôn An Lạc", kind="thon", households=200)


@pytest.fixture
def truong_dong_hung(dong_hung):
    return Establishment.objects.create(commune=dong_hung, name="Trường THCS Đông Hưng", kind="school")


@pytest.fixture
def activity(commune_officer, dong_hung):
    """A session in Đông Hưng on 10/03/2025 for 120 people."""
    return services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data())


@pytest.fixture
def other_activity(other_commune_officer, tan_tien):
    return services.activity_record(actor=other_commune_officer, unit=tan_tien, **activity_data("story"))


@pytest.fixture
def festival(commune_officer, dong_hung):
    """Đông Hưng's 2025 festival, planned for 10/08/2025."""
    return services.festival_plan(
        actor=commune_officer, commune=dong_hung, year=2025, planned_date=dt.date(2025, 8, 10), place="Sân vận động xã"
    )


@pytest.fixture
def photo_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def festival_photo(commune_officer, festival, photo_dir):
    import io

    return services.festival_photo_add(
        actor=commune_officer, festival=festival, file=io.BytesIO(PNG), size=len(PNG), caption="Khai mạc"
    )


@pytest.fixture
def award_forms(db):
    return {form.code: form for form in AwardForm.objects.all()}


def proposal_data(forms, code="giay-khen-giam-doc", person=MAN, **overrides):
    data = {
        "year": 2025,
        "form": forms[code],
        "nominee_kind": "person",
        "achievements": "Tích cực tham gia phát hiện, tố giác tội phạm.",
        **person,
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft_proposal(commune_officer, dong_hung, award_forms):
    """A draft Giấy khen for Trần Văn Bình, proposed by Đông Hưng."""
    return awards.proposal_create(actor=commune_officer, unit=dong_hung, **proposal_data(award_forms))


@pytest.fixture
def submitted_proposal(commune_officer, draft_proposal):
    return awards.proposal_transition(actor=commune_officer, proposal=draft_proposal, to_status="submitted")


@pytest.fixture
def approved_proposal(province_officer, submitted_proposal):
    return awards.proposal_transition(actor=province_officer, proposal=submitted_proposal, to_status="approved")


def decide(actor, proposal, number="123/QĐ-CAT", day=None):
    return awards.proposal_transition(
        actor=actor,
        proposal=proposal,
        to_status="decided",
        decision_number=number,
        decision_date=day or timezone.localdate(),
        signer="Giám đốc Công an tỉnh",
    )


@pytest.fixture
def decided_award(province_officer, approved_proposal):
    decide(province_officer, approved_proposal)
    return Award.objects.get(proposal=approved_proposal)


@pytest.fixture
def medal_draft(commune_officer, dong_hung, award_forms):
    """A draft medal proposal for a movement leader (Trần Văn Bình) with 12 years in office."""
    return awards.proposal_create(
        actor=commune_officer,
        unit=dong_hung,
        **proposal_data(award_forms, "ky-niem-chuong", medal_basis="leader", prior_years=Decimal(12)),
    )
