"""The 2023 Law's rules as pure functions: CCCD structure, eligibility, team size, evaluation quota."""

import datetime as dt

import pytest

from antq.forces import rules
from antq.forces.models import TeamSizeRule


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "birth", "gender", "problem"),
    [
        ("033080001234", dt.date(1980, 3, 15), "male", None),
        ("034180001234", dt.date(1980, 3, 15), "female", None),
        ("002203001234", dt.date(2003, 1, 1), "male", None),
        ("002303001234", dt.date(2003, 1, 1), "female", None),
        ("03308000123", dt.date(1980, 3, 15), "male", "12 chữ số"),
        ("03308000123X", dt.date(1980, 3, 15), "male", "12 chữ số"),
        # `\d` took these for digits: the structure rule takes only 0–9 (national_id_clean makes full-width ASCII).
        ("033080００１２３４", dt.date(1980, 3, 15), "male", "12 chữ số 0–9"),
        ("٠٣٣٠٨٠٠٠١٢٣٤", dt.date(1980, 3, 15), "male", "12 chữ số 0–9"),
        ("099080001234", dt.date(1980, 3, 15), "male", "mã tỉnh"),
        ("033081001234", dt.date(1980, 3, 15), "male", "năm sinh"),
        ("033180001234", dt.date(1980, 3, 15), "male", "giới tính"),
        ("033280001234", dt.date(1980, 3, 15), "male", "năm sinh"),  # 2080, not 1980
    ],
)
def test_cccd_structure(number, birth, gender, problem):
    rules._cccd_province_codes.cache_clear()
    result = rules.cccd_problem(number, birth_date=birth, gender=gender)
    if problem is None:
        assert result is None
    else:
        assert problem in result


def _applicant(**overrides):
    data = {
        "birth_date": dt.date(1980, 1, 1),
        "resident_since": dt.date(2000, 1, 1),
        "education": "lower_secondary",
        "health_certified": True,
        "no_prosecution": True,
    }
    data.update(overrides)
    return rules.Applicant(**data)


ON = dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": dt.date(2007, 6, 1)}, "birth_date"),  # 17
        ({"birth_date": dt.date(1950, 1, 1)}, "age_exception_decision"),  # 75, no chairman's decision
        ({"resident_since": dt.date(2024, 6, 1)}, "resident_since"),  # 7 months
        ({"education": "primary"}, "education"),
        ({"health_certified": False}, "health_certified"),
        ({"no_prosecution": False}, "no_prosecution"),
    ],
)
def test_each_eligibility_rule_names_itself(overrides, field):
    problems = rules.eligibility_problems(_applicant(**overrides), on=ON)
    assert [f for f, _ in problems] == [field]
    assert "Điều 13" in problems[0][1]


def test_eligible_edge_cases():
    assert rules.eligibility_problems(_applicant(birth_date=dt.date(2007, 1, 1)), on=ON) == []  # exactly 18
    assert (
        rules.eligibility_problems(_applicant(birth_date=dt.date(1950, 1, 1), age_exception_decision="05/QĐ"), on=ON)
        == []
    )
    assert rules.eligibility_problems(_applicant(education="primary", hardship_area=True), on=ON) == []
    assert rules.eligibility_problems(_applicant(resident_since=dt.date(2024, 1, 2)), on=ON) == []


def test_team_size_rule_picks_the_most_specific_threshold():
    table = [
        TeamSizeRule(locality_kind="", urban=False, households_from=0, members=3),
        TeamSizeRule(locality_kind="thon", urban=False, households_from=350, members=4),
        TeamSizeRule(locality_kind="to_dan_pho", urban=False, households_from=500, members=4),
        TeamSizeRule(locality_kind="", urban=True, households_from=700, members=5),
    ]
    assert rules.required_team_size(table, locality_kind="thon", urban=False, households=200).members == 3
    assert rules.required_team_size(table, locality_kind="thon", urban=False, households=350).members == 4
    assert rules.required_team_size(table, locality_kind="to_dan_pho", urban=True, households=450).members == 3
    assert rules.required_team_size(table, locality_kind="to_dan_pho", urban=True, households=800).members == 5
    assert rules.required_team_size([], locality_kind="thon", urban=False, households=800) is None


def test_excellent_quota_is_twenty_percent_of_good():
    assert rules.excellent_quota_problem(["good"] * 10 + ["excellent"] * 2) is None
    problem = rules.excellent_quota_problem(["good"] * 10 + ["excellent"] * 3)
    assert "vượt quá 20%" in problem
    assert rules.excellent_quota_problem(["good"] * 4 + ["excellent"]) is not None


def test_service_days_count_hardship_double():
    stints = [(dt.date(2010, 1, 1), dt.date(2014, 12, 31)), (dt.date(2020, 1, 1), None)]
    plain = rules.service_days(stints, on=dt.date(2024, 12, 31))
    doubled = rules.service_days(stints, on=dt.date(2024, 12, 31), hardship=[True, False])
    assert round(plain / 365.25, 1) == 10.0
    assert round(doubled / 365.25, 1) == 15.0
