"""Delegated administration: province officers manage their province's accounts and cannot widen scope."""

import pytest
from django.urls import reverse

from antq.accounts import services
from antq.accounts.models import RoleAssignment, User
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_province_officer_creates_commune_account_with_one_time_password(province_officer, dong_hung):
    user, password = services.user_create(
        actor=province_officer, username="ca_moi", full_name="Ngô Văn Mới", home_unit=dong_hung
    )
    services.assignment_grant(actor=province_officer, user=user, role="commune", unit=dong_hung)
    assert user.check_password(password) and user.must_change_password
    assert scope_for(User.objects.get(pk=user.pk)).covers(dong_hung)


@pytest.mark.django_db
def test_province_officer_cannot_create_accounts_in_another_province(province_officer, ha_giang_1):
    with pytest.raises(NotFoundOrOutOfScope):
        services.user_create(actor=province_officer, username="x", full_name="X", home_unit=ha_giang_1)


@pytest.mark.django_db
def test_province_officer_cannot_grant_ministry_role(province_officer, dong_hung):
    from tests.conftest import unit

    user, _ = services.user_create(actor=province_officer, username="y", full_name="Y", home_unit=dong_hung)
    with pytest.raises(NotFoundOrOutOfScope):
        services.assignment_grant(actor=province_officer, user=user, role="ministry", unit=unit("VN"))
    with pytest.raises(NotFoundOrOutOfScope):
        services.assignment_grant(actor=province_officer, user=user, role="province", unit=unit("08"))


@pytest.mark.django_db
def test_commune_officer_cannot_administer(commune_officer, dong_hung):
    with pytest.raises(NotFoundOrOutOfScope):
        services.user_create(actor=commune_officer, username="z", full_name="Z", home_unit=dong_hung)


@pytest.mark.django_db
def test_role_must_match_unit_level(province_officer, dong_hung, hung_yen):
    user, _ = services.user_create(actor=province_officer, username="w", full_name="W", home_unit=dong_hung)
    with pytest.raises(ValidationFailed):
        services.assignment_grant(actor=province_officer, user=user, role="commune", unit=hung_yen)


@pytest.mark.django_db
def test_ministry_may_grant_ministry_role(ministry_officer):
    from tests.conftest import unit

    user, _ = services.user_create(actor=ministry_officer, username="v05b", full_name="B", home_unit=unit("33"))
    services.assignment_grant(actor=ministry_officer, user=user, role="ministry", unit=unit("VN"))
    assert scope_for(User.objects.get(pk=user.pk)).is_national()


@pytest.mark.django_db
def test_team_leader_role_needs_a_bound_team(province_officer, dong_hung):
    user, _ = services.user_create(actor=province_officer, username="tt", full_name="T", home_unit=dong_hung)
    with pytest.raises(ValidationFailed):
        services.assignment_grant(actor=province_officer, user=user, role="team_leader", unit=dong_hung)
    with pytest.raises(PermissionDenied):
        services.assignment_grant(actor=province_officer, user=user, role="ministry", unit=dong_hung)


@pytest.mark.django_db
def test_disable_and_reenable_through_pages(client, province_officer, commune_officer):
    client.force_login(province_officer)
    client.post(reverse("accounts:user_action", args=[commune_officer.pk, "disable"]))
    commune_officer.refresh_from_db()
    assert not commune_officer.is_active
    client.post(reverse("accounts:user_action", args=[commune_officer.pk, "enable"]))
    commune_officer.refresh_from_db()
    assert commune_officer.is_active


@pytest.mark.django_db
def test_disabled_user_cannot_log_in(client, commune_officer):
    commune_officer.is_active = False
    commune_officer.save()
    response = client.post(reverse("accounts:login"), {"username": commune_officer.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_ending_an_assignment_removes_scope(province_officer, commune_officer, dong_hung):
    assignment = RoleAssignment.objects.get(user=commune_officer)
    services.assignment_end(actor=province_officer, assignment=assignment)
    import datetime as dt

    assignment.refresh_from_db()
    assert assignment.valid_to is not None
    assert not scope_for(User.objects.get(pk=commune_officer.pk), on=assignment.valid_to + dt.timedelta(days=1)).covers(
        dong_hung
    )


@pytest.mark.django_db
def test_create_page_lists_only_units_the_officer_administers(client, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("accounts:user_create"))
    codes = {u.code for u in response.context["form"].fields["home_unit"].queryset}
    assert "33" in codes and "12688" in codes
    assert "08" not in codes and "00694" not in codes
