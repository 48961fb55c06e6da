"""Selectors start from the actor's scope and fail closed; scoped accessors answer "not found" out of scope."""

import pytest

from antq.activities import selectors
from antq.core.errors import NotFoundOrOutOfScope
from tests.conftest import unit


@pytest.fixture
def rows(activity, other_activity, festival, draft_proposal, decided_award):
    return {"activity": activity, "other": other_activity, "festival": festival, "award": decided_award}


@pytest.mark.django_db
def test_no_role_sees_nothing(rows, no_role_user):
    assert not selectors.activities_for(no_role_user).exists()
    assert not selectors.festivals_for(no_role_user).exists()
    assert not selectors.proposals_for(no_role_user).exists()
    assert not selectors.awards_for(no_role_user).exists()
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.get_activity_for(no_role_user, rows["activity"].pk)


@pytest.mark.django_db
def test_commune_officer_sees_own_commune(rows, commune_officer):
    assert list(selectors.activities_for(commune_officer)) == [rows["activity"]]
    assert selectors.get_festival_for(commune_officer, rows["festival"].pk) == rows["festival"]
    assert selectors.proposals_for(commune_officer).count() == 1  # the decided one
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.get_activity_for(commune_officer, rows["other"].pk)


@pytest.mark.django_db
def test_province_officer_sees_the_province_and_other_province_nothing(rows, province_officer, other_province_officer):
    assert selectors.activities_for(province_officer, unit=unit("33")).count() == 2
    assert selectors.activities_for(province_officer, unit=unit("12583")).count() == 1
    assert selectors.get_award_for(province_officer, rows["award"].pk) == rows["award"]
    for fetch, pk in (
        (selectors.get_activity_for, rows["activity"].pk),
        (selectors.get_festival_for, rows["festival"].pk),
        (selectors.get_award_for, rows["award"].pk),
    ):
        with pytest.raises(NotFoundOrOutOfScope):
            fetch(other_province_officer, pk)


@pytest.mark.django_db
def test_viewers_read_outreach_and_festivals_but_no_proposals(rows, viewer):
    assert selectors.activities_for(viewer).count() == 2
    assert selectors.festivals_for(viewer).count() == 1
    assert not selectors.proposals_for(viewer).exists()
    assert not selectors.awards_for(viewer).exists()


@pytest.mark.django_db
def test_team_leaders_read_no_lists(rows, team_leader):
    assert not selectors.activities_for(team_leader).exists()
    assert not selectors.festivals_for(team_leader).exists()
