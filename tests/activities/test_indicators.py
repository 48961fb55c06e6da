"""Activities figures equal hand-counted literals: within the actor's scope, the unit (a province counts its own
rows and its communes') and the period; breakdowns add up to their figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from antq.activities import awards, services
from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from tests.activities.fixtures import MAN, WOMAN, activity_data, decide, proposal_data
from tests.conftest import _user_with_role, unit

CODES = [
    "outreach_sessions",
    "outreach_attendees",
    "news_items",
    "reportages",
    "banners",
    "contests",
    "contest_participants",
    "exemplary_stories",
    "gift_visits",
    "gift_recipients",
    "gift_value_vnd",
    "festivals_held",
    "festival_pilots",
    "awards_total",
    "awards_collective",
    "awards_individual",
    "medal_proposals",
]


NO_GROUPS = {"attendees_students": 0, "attendees_officials": 0}


def figure(code, actor, unit_code, period):
    return INDICATORS[code].compute(actor, unit(unit_code), Period.parse(str(period)))


def breakdown(code, actor, unit_code, period):
    return INDICATORS[code].breakdown(actor, unit(unit_code), Period.parse(str(period)))


def test_every_code_is_registered_as_a_flow():
    for code in CODES:
        assert INDICATORS[code].flow is True, code


@pytest.fixture
def outreach_world(commune_officer, other_commune_officer, province_officer, ministry_officer):
    """Đông Hưng (12688): sessions 10/03/2025 (120: 100 students, 10 officials) and 05/06/2025 (80: 50 residents),
    one on 20/12/2024 (60); a news item, a radio slot, a social post, a reportage; banners 12 + posters 5; a contest
    of 250; two stories; a visit to 3 policy families worth 3.000.000 đ.
    Tân Tiến (12583): a session on 01/09/2025 (40), a story, a visit to 1 officer worth 1.000.000 đ.
    Province 33 itself: a session on 11/11/2025 (300), a news item, a visit to 2 officers worth 2.000.000 đ.
    Phường Hà Giang 1 (00694, another province): a session (500) and a news item."""
    record = services.activity_record
    dh, tt, hy, hg = unit("12688"), unit("12583"), unit("33"), unit("00694")
    record(actor=commune_officer, unit=dh, **activity_data())
    record(
        actor=commune_officer,
        unit=dh,
        **activity_data(date=dt.date(2025, 6, 5), attendees=80, attendees_residents=50, **NO_GROUPS),
    )
    record(actor=commune_officer, unit=dh, **activity_data(date=dt.date(2024, 12, 20), attendees=60, **NO_GROUPS))
    for kind in ("news", "broadcast", "social_post", "reportage", "contest", "story", "visit"):
        record(actor=commune_officer, unit=dh, **activity_data(kind))
    record(actor=commune_officer, unit=dh, confirm_duplicate=True, **activity_data("story"))  # told twice that day
    record(actor=commune_officer, unit=dh, **activity_data("banners"))
    record(actor=commune_officer, unit=dh, **activity_data("banners", display_type="poster", count=5))
    record(
        actor=other_commune_officer,
        unit=tt,
        **activity_data(date=dt.date(2025, 9, 1), attendees=40, **NO_GROUPS),
    )
    record(actor=other_commune_officer, unit=tt, **activity_data("story"))
    record(
        actor=other_commune_officer,
        unit=tt,
        **activity_data("visit", recipient_kind="officer_hardship", recipients=1, value_vnd=1_000_000),
    )
    record(
        actor=province_officer,
        unit=hy,
        **activity_data(date=dt.date(2025, 11, 11), attendees=300, **NO_GROUPS),
    )
    record(actor=province_officer, unit=hy, **activity_data("news"))
    record(
        actor=province_officer,
        unit=hy,
        **activity_data("visit", recipient_kind="officer_hardship", recipients=2, value_vnd=2_000_000),
    )
    record(actor=ministry_officer, unit=hg, **activity_data(attendees=500, **NO_GROUPS))
    record(actor=ministry_officer, unit=hg, **activity_data("news"))


@pytest.mark.django_db
def test_outreach_figures_for_the_province(outreach_world, province_officer):
    values = {code: figure(code, province_officer, "33", 2025) for code in CODES[:11]}
    assert values == {
        "outreach_sessions": 4,
        "outreach_attendees": 540,
        "news_items": 4,  # news + radio/TV + social posts: Đông Hưng 3, province 1
        "reportages": 1,
        "banners": 17,
        "contests": 1,
        "contest_participants": 250,
        "exemplary_stories": 3,
        "gift_visits": 3,
        "gift_recipients": 6,
        "gift_value_vnd": 6_000_000,
    }


@pytest.mark.django_db
def test_breakdowns_add_up(outreach_world, province_officer):
    assert breakdown("outreach_attendees", province_officer, "33", 2025) == {
        "target_group": {"students": 100, "officials": 10, "residents": 50, "unspecified": 380}
    }
    assert breakdown("outreach_sessions", province_officer, "33", 2025) == {"topic": {"drugs": 4}}
    assert breakdown("news_items", province_officer, "33", 2025) == {
        "kind": {"news": 2, "broadcast": 1, "social_post": 1}
    }
    assert breakdown("banners", province_officer, "33", 2025) == {"display_type": {"banner": 12, "poster": 5}}
    assert breakdown("gift_recipients", province_officer, "33", 2025) == {
        "recipient_kind": {"policy_family": 3, "officer_hardship": 3}
    }
    assert breakdown("gift_visits", province_officer, "33", 2025) == {
        "recipient_kind": {"policy_family": 1, "officer_hardship": 2}
    }


@pytest.mark.django_db
def test_units_periods_and_scope(
    outreach_world, province_officer, commune_officer, ministry_officer, other_province_officer, viewer, no_role_user
):
    assert figure("outreach_sessions", province_officer, "12688", 2025) == 2
    assert figure("outreach_sessions", province_officer, "33", 2024) == 1
    assert figure("outreach_attendees", province_officer, "33", "2025H1") == 200
    assert figure("outreach_attendees", province_officer, "33", "2025Q3") == 40
    assert figure("outreach_sessions", ministry_officer, "VN", 2025) == 5
    assert figure("outreach_attendees", ministry_officer, "VN", 2025) == 1040
    assert figure("news_items", ministry_officer, "VN", 2025) == 5
    # A commune officer counts their own commune only, even when asking for the province.
    assert figure("outreach_sessions", commune_officer, "33", 2025) == 2
    assert figure("gift_recipients", commune_officer, "33", 2025) == 3
    assert figure("outreach_sessions", viewer, "33", 2025) == 4
    assert figure("outreach_sessions", other_province_officer, "33", 2025) == 0
    assert figure("outreach_sessions", no_role_user, "VN", 2025) == 0


@pytest.mark.django_db
def test_records_add_up_to_the_figure(outreach_world, province_officer):
    function = INDICATORS["outreach_attendees"]
    rows = list(function.records(province_officer, unit("33"), Period.parse("2025")))
    assert sum(getattr(r, function.record_value) for r in rows) == 540
    assert len(INDICATORS["news_items"].records(province_officer, unit("33"), Period.parse("2025"))) == 4


@pytest.fixture
def festival_world(commune_officer, other_commune_officer, province_officer, ministry_officer):
    """2025: Đông Hưng held on 12/08 (pilot); Tân Tiến planned only; Hà Giang 1 held on 15/08.
    2024: Tân Tiến held on 10/08."""

    def plan(actor, code, year, day, held=True):
        festival = services.festival_plan(actor=actor, commune=unit(code), year=year, planned_date=day, place="Sân")
        if held:
            services.festival_update(actor=actor, festival=festival, status="held", held_on=day)
        return festival

    pilot = plan(commune_officer, "12688", 2025, dt.date(2025, 8, 12))
    services.festival_set_pilot(actor=province_officer, festival=pilot, pilot=True)
    plan(other_commune_officer, "12583", 2025, dt.date(2025, 8, 14), held=False)
    plan(ministry_officer, "00694", 2025, dt.date(2025, 8, 15))
    plan(other_commune_officer, "12583", 2024, dt.date(2024, 8, 10))


@pytest.mark.django_db
def test_festival_figures(festival_world, province_officer, ministry_officer, commune_officer):
    assert figure("festivals_held", province_officer, "33", 2025) == 1
    assert figure("festival_pilots", province_officer, "33", 2025) == 1
    assert figure("festivals_held", province_officer, "33", 2024) == 1
    assert figure("festival_pilots", province_officer, "33", 2024) == 0
    assert figure("festivals_held", ministry_officer, "VN", 2025) == 2
    assert figure("festivals_held", province_officer, "12583", 2025) == 0  # planned, not held
    assert figure("festivals_held", commune_officer, "33", 2024) == 0  # Tân Tiến is not theirs


@pytest.fixture
def award_world(
    commune_officer, other_commune_officer, province_officer, other_province_officer, ministry_officer, award_forms
):
    """Decided this year: Đông Hưng — a Giấy khen to Trần Văn Bình and a Bằng khen of the provincial chairman to a
    collective; province 33 — a Giấy khen to Lê Thị Cúc; Hà Giang 1 — a Giấy khen to a collective.
    Not decided: Tân Tiến's collective (submitted). Medal proposals submitted: Đông Hưng (Trần Văn Bình) and
    Tân Tiến (Lê Thị Cúc); a medal draft of Đông Hưng is not counted."""

    def through(actor, unit_code, decider=province_officer, to="decided", **data):
        proposal = awards.proposal_create(actor=actor, unit=unit(unit_code), **data)
        if to == "draft":
            return proposal
        awards.proposal_transition(actor=actor, proposal=proposal, to_status="submitted")
        if to == "decided":
            awards.proposal_transition(actor=decider, proposal=proposal, to_status="approved")
            decide(decider, proposal)
        return proposal

    collective = {"person": {}, "nominee_kind": "collective"}
    through(commune_officer, "12688", **proposal_data(award_forms))
    through(
        commune_officer,
        "12688",
        **proposal_data(award_forms, "bang-khen-chu-tich-tinh", **collective, collective_name="Tổ bảo vệ ANTT 1"),
    )
    # Each proposal is submitted by its own unit's officer and approved by the level above (separation of duties).
    through(province_officer, "33", decider=ministry_officer, **proposal_data(award_forms, person=WOMAN))
    through(
        _user_with_role("ca_00694", "commune", "00694"),
        "00694",
        decider=other_province_officer,
        **proposal_data(award_forms, **collective, collective_name="Tổ dân phố 3"),
    )
    through(
        other_commune_officer,
        "12583",
        to="submitted",
        **proposal_data(award_forms, **collective, collective_name="Chi hội Phụ nữ"),
    )
    medal = {"medal_basis": "leader", "prior_years": Decimal(12)}
    through(commune_officer, "12688", to="submitted", **proposal_data(award_forms, "ky-niem-chuong", MAN, **medal))
    through(
        other_commune_officer, "12583", to="submitted", **proposal_data(award_forms, "ky-niem-chuong", WOMAN, **medal)
    )
    other_man = dict(MAN, full_name="Phạm Văn Dũng", national_id="033075000999")
    through(commune_officer, "12688", to="draft", **proposal_data(award_forms, "ky-niem-chuong", other_man, **medal))


@pytest.mark.django_db
def test_award_figures(award_world, province_officer, ministry_officer, commune_officer):
    year = timezone.localdate().year  # decisions cannot predate their submission, which is today
    assert {code: figure(code, province_officer, "33", year) for code in CODES[13:]} == {
        "awards_total": 3,
        "awards_collective": 1,
        "awards_individual": 2,
        "medal_proposals": 2,
    }
    assert breakdown("awards_total", province_officer, "33", year) == {
        "form": {"giay-khen-giam-doc": 2, "bang-khen-chu-tich-tinh": 1},
        "nominee_kind": {"person": 2, "collective": 1},
    }
    assert figure("awards_total", ministry_officer, "VN", year) == 4
    assert figure("awards_total", commune_officer, "33", year) == 2
    assert figure("medal_proposals", commune_officer, "33", year) == 1
    assert figure("awards_total", province_officer, "33", year - 1) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["outreach_sessions", "outreach_attendees", "news_items"])
def test_per_commune_values_match_each_commune(outreach_world, province_officer, code):
    from antq.core.indicators import INDICATORS
    from antq.core.periods import Period
    from antq.geo.models import AdminUnit

    function = INDICATORS[code]
    province = AdminUnit.objects.get(level="province", code="33", valid_to__isnull=True)
    period = Period.parse("2025")
    per_commune = function.per_child(province_officer, province, period)
    assert any(per_commune.values())
    for commune in AdminUnit.objects.filter(parent=province, valid_to__isnull=True):
        assert per_commune.get(commune.pk, 0) == function.compute(province_officer, commune, period)
