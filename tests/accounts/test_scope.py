"""Scope is computed from active role assignments and fails closed."""

import datetime as dt

import pytest

from antq.accounts.scope import scope_for
from antq.geo.models import Locality
from tests.conftest import unit
from tests.factories import AssignmentFactory, UserFactory


@pytest.mark.django_db
def test_no_assignment_means_empty_scope(no_role_user, dong_hung):
    scope = scope_for(no_role_user)
    assert scope.is_empty
    assert not scope.covers(dong_hung)
    Locality.objects.create(commune=dong_hung, name="Thôn 1", kind="thon")
    assert Locality.objects.filter(scope.commune_q()).count() == 0


@pytest.mark.django_db
def test_province_officer_covers_own_province_and_its_communes_only(
    province_officer, hung_yen, dong_hung, tuyen_quang, ha_giang_1
):
    scope = scope_for(province_officer)
    assert scope.covers(hung_yen) and scope.covers(dong_hung)
    assert not scope.covers(tuyen_quang) and not scope.covers(ha_giang_1)


@pytest.mark.django_db
def test_commune_officer_covers_own_commune_only(commune_officer, dong_hung, tan_tien, hung_yen):
    scope = scope_for(commune_officer)
    assert scope.covers(dong_hung)
    assert not scope.covers(tan_tien)
    assert not scope.covers(hung_yen)


@pytest.mark.django_db
def test_ministry_covers_everything(ministry_officer, ha_giang_1, dong_hung):
    scope = scope_for(ministry_officer)
    assert scope.covers(ha_giang_1) and scope.covers(dong_hung)


@pytest.mark.django_db
def test_expired_and_future_assignments_do_not_count(dong_hung):
    user = UserFactory(username="het_han")
    AssignmentFactory(
        user=user, role="commune", unit=dong_hung, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1)
    )
    AssignmentFactory(user=user, role="commune", unit=unit("12583"), valid_from=dt.date(2099, 1, 1))
    assert scope_for(user).is_empty
    assert scope_for(user, on=dt.date(2020, 6, 1)).covers(dong_hung)


@pytest.mark.django_db
def test_disabled_user_has_no_scope(commune_officer, dong_hung):
    commune_officer.is_active = False
    commune_officer.save()
    assert scope_for(commune_officer).is_empty


@pytest.mark.django_db
def test_viewer_may_read_but_not_write(viewer, dong_hung):
    scope = scope_for(viewer)
    assert scope.covers(dong_hung)
    assert not scope.can_write(dong_hung)
