"""Pure rules: each outreach kind's measures, the festival window, photo content, the medal's years of service."""

import datetime as dt
from decimal import Decimal

import pytest

from antq.activities import rules
from antq.activities.models import Kind
from tests.activities.fixtures import JPEG, KIND_DATA, PNG


def fields(problems):
    return [field for field, _ in problems]


@pytest.mark.parametrize("kind", Kind.values)
def test_each_kind_accepts_its_own_measures(kind):
    assert rules.measure_problems(kind, dict(KIND_DATA[kind])) == []


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        ("session", "attendees"),
        ("news", "outlet"),
        ("news", "title"),
        ("reportage", "outlet"),
        ("broadcast", "title"),
        ("social_post", "link"),
        ("banners", "count"),
        ("banners", "display_type"),
        ("contest", "participants"),
        ("story", "title"),
        ("visit", "recipients"),
        ("visit", "value_vnd"),
        ("visit", "recipient_kind"),
    ],
)
def test_a_missing_measure_is_named(kind, missing):
    data = dict(KIND_DATA[kind])
    data.pop(missing)
    problems = rules.measure_problems(kind, data)
    assert fields(problems) == [missing]
    assert rules.LABELS[missing] in problems[0][1] and "cần nhập" in problems[0][1]


@pytest.mark.parametrize(
    ("kind", "extra", "value"),
    [
        ("news", "attendees", 10),
        ("session", "outlet", "Báo Hưng Yên"),
        ("session", "count", 3),
        ("banners", "participants", 5),
        ("contest", "value_vnd", 100),
        ("story", "recipients", 2),
        ("visit", "attendees_students", 4),
        ("reportage", "display_type", "poster"),
    ],
)
def test_a_measure_of_another_kind_must_stay_empty(kind, extra, value):
    data = dict(KIND_DATA[kind], **{extra: value})
    problems = rules.measure_problems(kind, data)
    assert fields(problems) == [extra]
    assert "không dùng cho hình thức" in problems[0][1]


def test_target_groups_cannot_exceed_the_total():
    problems = rules.measure_problems("session", {"attendees": 100, "attendees_students": 80, "attendees_workers": 30})
    assert fields(problems) == ["attendees"]
    assert "(110) vượt tổng số người dự (100)" in problems[0][1]
    assert (
        rules.measure_problems("session", {"attendees": 110, "attendees_students": 80, "attendees_workers": 30}) == []
    )


def test_a_link_must_be_web_address():
    problems = rules.measure_problems("social_post", dict(KIND_DATA["social_post"], link="fb.com/p/1"))
    assert fields(problems) == ["link"]


def test_festival_is_held_between_1_july_and_19_august():
    assert rules.festival_window(2025) == (dt.date(2025, 7, 1), dt.date(2025, 8, 19))
    assert rules.festival_date_problem(dt.date(2025, 8, 19), 2025, label="Ngày") is None
    assert "521/2005/QĐ-TTg" in rules.festival_date_problem(dt.date(2025, 8, 20), 2025, label="Ngày")
    assert rules.festival_date_problem(dt.date(2025, 6, 30), 2025, label="Ngày") is not None
    assert rules.festival_date_problem(dt.date(2024, 8, 1), 2025, label="Ngày") is not None


def test_photos_are_recognised_by_content_not_name():
    assert rules.photo_type(PNG[:16]) == ("image/png", "png")
    assert rules.photo_type(JPEG[:16]) == ("image/jpeg", "jpg")
    assert rules.photo_type(b"GIF89a......") is None
    assert "JPEG hoặc PNG" in rules.photo_problem(b"<html>", 100)
    assert "tối đa 5 MB" in rules.photo_problem(PNG, 5 * 1024 * 1024 + 1)
    assert rules.photo_problem(PNG, 5 * 1024 * 1024) is None


def nominee(basis, gender="male", registry=0, prior=0, hardship=0):
    return rules.MedalNominee(basis, gender, Decimal(registry), Decimal(prior), Decimal(hardship))


@pytest.mark.parametrize(
    ("who", "eligible"),
    [
        (nominee("leader", prior="9.9"), False),
        (nominee("leader", prior=10), True),
        (nominee("leader", prior=8, hardship=2), True),  # 6 ordinary + 2 hardship × 2
        (nominee("leader", registry=20, prior=5), False),  # team membership is not office
        (nominee("team_member", "male", registry=10, prior=4), False),
        (nominee("team_member", "male", registry=10, prior=5), True),
        (nominee("team_member", "female", registry=10), True),
        (nominee("team_member", "female", registry="9.9"), False),
        (nominee("team_member", "male", registry=10, prior=3, hardship=2), True),  # 10 + 1 + 2 × 2
    ],
)
def test_medal_years_of_service(who, eligible):
    assert (rules.medal_service_problem(who) is None) is eligible


def test_the_reason_names_the_years_and_the_rule():
    field, message = rules.medal_service_problem(nominee("team_member", "male", registry="11.5", prior=1))
    assert field == "prior_years"
    assert "12,5 năm" in message and "cần từ 15 năm" in message and "Thông tư 20/2025/TT-BCA" in message
    assert rules.medal_service_problem(nominee(""))[0] == "medal_basis"


# --- The same activity recorded twice (issue 16 item 8) ----------------------------------------------------------


def _key(kind="session", **changes):
    return rules.duplicate_key({"date": dt.date(2025, 3, 10), "kind": kind, **KIND_DATA[kind], **changes})


def test_a_session_is_the_same_whatever_its_title_topic_or_place_but_not_with_other_numbers():
    assert _key(title="Khác", topic="law", note="x", locality=object()) == _key()
    assert _key(attendees=121) != _key()
    assert _key(attendees_students=99) != _key()
    assert _key(date=dt.date(2025, 3, 11)) != _key()
    assert _key(attendees_workers=None) == _key(attendees_workers=0)  # a blank group is 0


def test_kinds_that_count_nothing_compare_their_title_and_outlet():
    assert _key("news", title="CÔNG AN XÃ  ra mat Mô hình") == _key("news")  # case, accents, spaces
    assert _key("news", title="Tin khác") != _key("news")
    assert _key("news", outlet="Đài PT-TH") != _key("news")
    assert _key("news", link="https://khac.vn") == _key("news")


def test_counted_kinds_compare_their_numbers_and_choices():
    assert _key("banners", display_type="poster") != _key("banners")
    assert _key("visit", recipient_kind="other") != _key("visit")
    assert _key("contest", title="Tên khác") == _key("contest")
    assert _key("contest", participants=251) != _key("contest")
    assert _key("story") != _key("news", title=KIND_DATA["story"]["title"], outlet="")


def test_no_key_without_a_valid_date_or_kind():
    assert rules.duplicate_key({"kind": "session", "attendees": 5}) is None
    assert rules.duplicate_key({"date": dt.date(2025, 1, 1), "kind": "dance"}) is None
