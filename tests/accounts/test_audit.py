"""Audit trail: create / update / delete / bulk / access entries carry the unit, mask personal fields, and the
province viewer shows only its province."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from antq.accounts.audit import ACCESS, CREATE, DELETE, UPDATE, audit_access, audit_objects, mask
from antq.accounts.models import AuditEntry
from antq.forces import services as forces_services
from antq.geo import services as geo_services
from antq.geo.models import Locality
from tests.forces.test_views import team_leader_user


def _entries_for(obj):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))


@pytest.mark.django_db
def test_create_update_delete_are_logged_with_actor_and_unit(commune_officer, dong_hung, hung_yen):
    locality = geo_services.locality_create(
        actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon", households=120
    )
    geo_services.locality_update(actor=commune_officer, locality=locality, households=130)
    created, updated = _entries_for(locality).order_by("pk")
    assert (created.action, updated.action) == (CREATE, UPDATE)
    assert created.actor == commune_officer
    assert (created.unit, created.province) == (dong_hung, hung_yen)
    assert updated.changes["households"] == ["120", "130"]
    pk = locality.pk
    locality.delete()
    assert AuditEntry.objects.filter(object_pk=str(pk), action=DELETE).count() == 1


@pytest.mark.django_db
def test_bulk_writes_leave_one_entry_per_object(dong_hung, commune_officer):
    rows = Locality.objects.bulk_create(
        [Locality(commune=dong_hung, name=f"Thôn {i}", kind="thon", folded_name=f"thon {i}") for i in range(3)]
    )
    assert audit_objects(actor=commune_officer, objects=rows, action=CREATE, note="Nhập từ tệp") == 3
    entries = AuditEntry.objects.filter(additional_data__bulk=True, action=CREATE, unit=dong_hung)
    assert entries.count() == 3
    assert {e.object_repr for e in entries} == {"Thôn 0", "Thôn 1", "Thôn 2"}


@pytest.mark.django_db
def test_personal_fields_are_masked_in_the_log(province_officer, commune_officer):
    commune_officer.phone = "0912345678"
    commune_officer.save()
    entry = _entries_for(commune_officer).filter(action=UPDATE).latest("pk")
    _, new = entry.changes["phone"]
    assert "0912345678" not in new
    assert new.endswith("5678") and new.startswith("•")
    assert mask("001203004567") == "••••••••4567"


@pytest.mark.django_db
def test_viewing_a_sensitive_field_is_logged_as_access(commune_officer):
    entry = audit_access(actor=commune_officer, obj=commune_officer, field="phone")
    assert entry.action == ACCESS
    assert entry.additional_data == {"field": "phone"}


@pytest.mark.django_db
def test_province_trail_shows_own_province_only(
    client, province_officer, commune_officer, dong_hung, ha_giang_1, ministry_officer
):
    geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Hưng Yên", kind="thon")
    geo_services.locality_create(actor=ministry_officer, commune=ha_giang_1, name="Tổ Hà Giang", kind="to_dan_pho")
    client.force_login(province_officer)
    response = client.get(reverse("accounts:audit_trail"))
    assert response.status_code == 200
    reprs = [e.object_repr for e in response.context["page"]]
    assert "Thôn Hưng Yên" in reprs
    assert "Tổ Hà Giang" not in reprs
    client.force_login(ministry_officer)
    reprs = [e.object_repr for e in client.get(reverse("accounts:audit_trail")).context["page"]]
    assert {"Thôn Hưng Yên", "Tổ Hà Giang"} <= set(reprs)


@pytest.mark.django_db
def test_trail_filters_by_user_type_action_and_date(client, province_officer, commune_officer, dong_hung):
    geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Lọc", kind="thon")
    client.force_login(province_officer)
    locality_type = ContentType.objects.get_for_model(Locality)
    response = client.get(
        reverse("accounts:audit_trail"),
        {
            "user": commune_officer.pk,
            "object_type": locality_type.pk,
            "action": CREATE,
            "date_from": "01/01/2025",
            "date_to": "31/12/2099",
        },
    )
    assert [e.object_repr for e in response.context["page"]] == ["Thôn Lọc"]
    response = client.get(reverse("accounts:audit_trail"), {"action": DELETE})
    assert list(response.context["page"]) == []


@pytest.mark.django_db
def test_commune_officer_and_viewer_cannot_read_the_trail(client, commune_officer, viewer):
    for user in (commune_officer, viewer):
        client.force_login(user)
        assert client.get(reverse("accounts:audit_trail")).status_code == 404


@pytest.mark.django_db
def test_trail_cannot_be_edited_or_deleted_through_the_app(client, province_officer):
    client.force_login(province_officer)
    assert client.post(reverse("accounts:audit_trail")).status_code in (404, 405)


@pytest.mark.django_db
def test_access_to_a_unit_is_logged_with_that_unit_and_its_province(commune_officer, dong_hung, hung_yen):
    """A roster export is an access to the commune itself: it must reach the province's trail."""
    entry = audit_access(actor=commune_officer, obj=dong_hung, field="roster_export")
    assert (entry.unit, entry.province) == (dong_hung, hung_yen)


@pytest.mark.django_db
def test_access_can_name_its_unit_explicitly(province_officer, commune_officer, dong_hung, hung_yen):
    entry = audit_access(actor=province_officer, obj=commune_officer, field="phone", unit=dong_hung)
    assert (entry.unit, entry.province, entry.actor) == (dong_hung, hung_yen, province_officer)


@pytest.mark.django_db
def test_access_to_a_record_carries_the_record_unit_and_province(commune_officer, leader, dong_hung, hung_yen):
    entry = audit_access(actor=commune_officer, obj=leader, field="national_id")
    assert (entry.unit, entry.province) == (dong_hung, hung_yen)


@pytest.mark.django_db
def test_a_proposed_phone_is_masked_in_the_trail_but_the_proposal_stays_readable(team, leader):
    proposal = forces_services.proposal_create(
        actor=team_leader_user(team), team=team, kind="update", member=leader, payload={"phone": "0977000111"}
    )
    entry = AuditEntry.objects.get(content_type__model="rosterproposal", object_pk=str(proposal.pk), action=0)
    assert json.loads(entry.changes["payload"][1]) == {"phone": "••••••0111"}
    assert "0977000111" not in json.dumps(entry.changes)
