"""Acting grants ("giao nhập thay", issue 17 item 5): given by the unit's own officer to an officer above who covers
it, with a reason and an end date (at most 92 days), revocable by the unit or handed back by the grantee; audited;
and the pages that list, give and revoke them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from antq.accounts import acting
from antq.accounts.models import ActingGrant, AuditEntry, RoleAssignment, User
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed

TODAY = timezone.localdate


def give(actor, unit, grantee, *, days=30, reason="Cán bộ xã đi tập huấn", **kwargs):
    return acting.acting_grant_create(
        actor=actor, unit=unit, grantee=grantee, reason=reason, valid_until=TODAY() + dt.timedelta(days=days), **kwargs
    )


@pytest.mark.django_db
def test_the_communes_officer_grants_the_province_officer_and_it_is_audited(
    commune_officer, province_officer, dong_hung
):
    grant = give(commune_officer, dong_hung, province_officer)
    assert (grant.granted_by, grant.grantee, grant.unit, grant.valid_from) == (
        commune_officer,
        province_officer,
        dong_hung,
        TODAY(),
    )
    assert acting.active_grant(province_officer, [dong_hung]) == grant
    entry = AuditEntry.objects.get(content_type__model="actinggrant", object_pk=str(grant.pk), action=0)
    assert (entry.actor, entry.unit, entry.province_id) == (commune_officer, dong_hung, dong_hung.parent_id)


@pytest.mark.django_db
def test_an_officer_above_cannot_grant_it_to_themselves(province_officer, ministry_officer, dong_hung):
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ của Xã Đông Hưng"):
        give(province_officer, dong_hung, province_officer)
    with pytest.raises(PermissionDenied):
        give(ministry_officer, dong_hung, province_officer)
    assert not ActingGrant.objects.exists()


@pytest.mark.django_db
def test_another_communes_officer_gets_not_found(other_commune_officer, province_officer, dong_hung):
    with pytest.raises(NotFoundOrOutOfScope):
        give(other_commune_officer, dong_hung, province_officer)


@pytest.mark.django_db
def test_the_grantee_is_an_officer_above_who_covers_the_commune(
    commune_officer, other_commune_officer, other_province_officer, viewer, ministry_officer, dong_hung
):
    for grantee in (other_commune_officer, other_province_officer, viewer, commune_officer):
        with pytest.raises(ValidationFailed) as refused:
            give(commune_officer, dong_hung, grantee)
        assert refused.value.field == "grantee"
    assert give(commune_officer, dong_hung, ministry_officer).grantee == ministry_officer


@pytest.mark.django_db
def test_a_grant_has_a_reason_and_a_bounded_future_period(commune_officer, province_officer, dong_hung):
    with pytest.raises(ValidationFailed) as refused:
        give(
            commune_officer,
            dong_hung,
            province_officer,
            reason="  ",
            days=92,
            valid_from=TODAY() - dt.timedelta(days=1),
        )
    assert [field for field, _ in refused.value.problems] == ["reason", "valid_from", "valid_until"]
    with pytest.raises(ValidationFailed, match="tối đa 92 ngày"):
        give(commune_officer, dong_hung, province_officer, days=92)
    assert give(commune_officer, dong_hung, province_officer, days=91)


@pytest.mark.django_db
def test_the_commune_revokes_and_the_grantee_hands_back(
    commune_officer, province_officer, ministry_officer, other_province_officer, dong_hung
):
    first = give(commune_officer, dong_hung, province_officer)
    with pytest.raises(NotFoundOrOutOfScope):
        acting.acting_grant_revoke(actor=other_province_officer, grant=first)
    with pytest.raises(PermissionDenied):  # the Ministry sees it but it is neither the commune's nor theirs
        acting.acting_grant_revoke(actor=ministry_officer, grant=first)
    acting.acting_grant_revoke(actor=commune_officer, grant=first)
    first.refresh_from_db()
    assert (first.revoked_by, acting.active_grant(province_officer, [dong_hung])) == (commune_officer, None)
    second = give(commune_officer, dong_hung, province_officer)
    acting.acting_grant_revoke(actor=province_officer, grant=second)
    assert acting.active_grant(province_officer, [dong_hung]) is None


@pytest.mark.django_db
def test_a_grant_counts_only_within_its_dates_and_while_the_grantee_holds_the_role(
    commune_officer, province_officer, dong_hung
):
    later = give(commune_officer, dong_hung, province_officer, valid_from=TODAY() + dt.timedelta(days=5))
    assert acting.active_grant(province_officer, [dong_hung]) is None
    assert acting.active_grant(province_officer, [dong_hung], on=later.valid_from) == later
    assert acting.active_grant(province_officer, [dong_hung], on=later.valid_until + dt.timedelta(days=1)) is None
    give(commune_officer, dong_hung, province_officer)
    RoleAssignment.objects.filter(user=province_officer).update(valid_to=TODAY() - dt.timedelta(days=1))
    fresh = User.objects.get(pk=province_officer.pk)  # the scope is cached on the user object for one request
    assert acting.active_grant(fresh, [dong_hung]) is None


# --- Pages ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_commune_officer_gives_a_grant_on_the_page(client, commune_officer, province_officer, dong_hung):
    client.force_login(commune_officer)
    page = client.get("/tai-khoan/nhap-thay/12688/").content.decode()
    assert "Chưa giao nhập thay lần nào." in page and "pv05_33" in page  # the province officer offered
    until = TODAY() + dt.timedelta(days=10)
    response = client.post(
        "/tai-khoan/nhap-thay/12688/",
        {
            "grantee": province_officer.pk,
            "reason": "Xã mất kết nối mạng",
            "valid_from": TODAY().strftime("%d/%m/%Y"),
            "valid_until": until.strftime("%d/%m/%Y"),
        },
        follow=True,
    )
    text = response.content.decode()
    assert f"đến hết ngày {until:%d/%m/%Y}" in text and "Đang hiệu lực" in text
    assert ActingGrant.objects.get().reason == "Xã mất kết nối mạng"


@pytest.mark.django_db
def test_the_grantee_sees_the_grant_without_the_form_and_may_hand_it_back(client, province_officer, acting_grant):
    client.force_login(province_officer)
    page = client.get("/tai-khoan/nhap-thay/12688/").content.decode()
    assert "Giao nhập thay mới" not in page and "Trả lại việc nhập thay" in page
    assert client.post("/tai-khoan/nhap-thay/12688/", {"grantee": province_officer.pk}).status_code == 404
    client.post(f"/tai-khoan/nhap-thay/12688/{acting_grant.pk}/thu-hoi/")
    acting_grant.refresh_from_db()
    assert acting_grant.revoked_by == province_officer
