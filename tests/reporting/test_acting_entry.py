"""Who enters a unit's figures (issue 17 items 5 and 6): its own officers; an officer above reads them, and enters
them only under an acting grant given by the unit, named in the audit of every value written under it — in the
service (so every caller) and on the entry form, which shows the grant, or the figures read-only without one. The
form can copy the previous period's values into its empty inputs (`?chep=ky-truoc`, nothing saved)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from antq.accounts import acting
from antq.accounts.models import AuditEntry
from antq.core.errors import PermissionDenied
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level
from antq.reporting import services
from antq.reporting.models import EnteredValue

Y2025 = Period.parse("2025")


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000  # 2025 may be entered whatever today's date is


def enter(actor, unit, values, period=Y2025):
    return services.values_enter(actor=actor, unit=unit, period=period, values=values)


# --- The service ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_province_officer_without_a_grant_reads_but_cannot_enter_a_communes_figures(
    province_officer, ministry_officer, dong_hung
):
    for officer in (province_officer, ministry_officer):
        assert services.entry_access(officer, dong_hung).mode == services.EntryMode.READ
        with pytest.raises(PermissionDenied) as refused:
            enter(officer, dong_hung, {"tips_received": ("3", "exact")})
        assert refused.value.code == "acting_grant_required" and "Xã Đông Hưng" in refused.value.message
    assert not EnteredValue.objects.exists()


@pytest.mark.django_db
def test_under_a_grant_every_value_written_is_audited_naming_it(province_officer, dong_hung, acting_grant):
    access = services.entry_access(province_officer, dong_hung)
    assert (access.mode, access.grant) == (services.EntryMode.ACTING, acting_grant)
    (row,) = enter(province_officer, dong_hung, {"tips_received": ("3", "exact")})
    enter(province_officer, dong_hung, {"tips_received": ("", "exact")})  # cleared: the deletion names it too
    entries = AuditEntry.objects.filter(content_type__model="enteredvalue", object_pk=str(row.pk)).order_by("pk")
    assert [e.action for e in entries] == [0, 2]
    for entry in entries:
        assert entry.actor == province_officer
        assert entry.additional_data == {
            "acting_grant": acting_grant.pk,
            "note": f"Nhập thay Xã Đông Hưng theo giao quyền số {acting_grant.pk} của {acting_grant.granted_by}",
        }


@pytest.mark.django_db
def test_a_revoked_grant_no_longer_lets_the_province_enter(province_officer, commune_officer, dong_hung, acting_grant):
    acting.acting_grant_revoke(actor=commune_officer, grant=acting_grant)
    with pytest.raises(PermissionDenied):
        enter(province_officer, dong_hung, {"tips_received": ("3", "exact")})


@pytest.mark.django_db
def test_own_officers_enter_without_a_grant_and_their_entries_name_none(commune_officer, province_officer, dong_hung):
    (row,) = enter(commune_officer, dong_hung, {"tips_received": ("3", "exact")})
    entry = AuditEntry.objects.get(content_type__model="enteredvalue", object_pk=str(row.pk))
    assert entry.actor == commune_officer and not (entry.additional_data or {}).get("acting_grant")
    hung_yen = dong_hung.parent
    assert services.entry_access(province_officer, hung_yen).mode == services.EntryMode.OWN


@pytest.mark.django_db
def test_the_ministry_reads_a_provinces_figures_unless_the_province_grants_it(
    province_officer, ministry_officer, hung_yen
):
    with pytest.raises(PermissionDenied):
        enter(ministry_officer, hung_yen, {"campaigns": ("2", "exact")})
    acting.acting_grant_create(
        actor=province_officer,
        unit=hung_yen,
        grantee=ministry_officer,
        reason="Nhập số liệu nền",
        valid_until=timezone.localdate() + dt.timedelta(days=7),
    )
    assert enter(ministry_officer, hung_yen, {"campaigns": ("2", "exact")})[0].value == Decimal(2)


@pytest.mark.django_db
def test_a_grant_for_todays_commune_covers_the_old_wards_it_took_over(province_officer, acting_grant):
    old_ward = AdminUnit.objects.get(level=Level.COMMUNE, code="12703", valid_to__isnull=False)  # Xã Đông Sơn
    assert services.entry_access(province_officer, old_ward).grant == acting_grant
    enter(province_officer, old_ward, {"tips_received": ("7", "exact")}, period=Period.parse("2024"))


# --- The entry form ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_province_officer_sees_the_communes_entry_form_read_only(
    client, commune_officer, province_officer, dong_hung
):
    enter(commune_officer, dong_hung, {"mediators": ("2991", "exact"), "campaign_participants": ("59500", "at_least")})
    client.force_login(province_officer)
    response = client.get("/bao-cao/12688/2025/nhap/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ xem: số liệu của Xã Đông Hưng do cán bộ của đơn vị nhập." in text
    assert "2.991" in text and "trên 59.500" in text
    assert (
        'name="mediators"' not in text
        and 'action="/bao-cao/12688/2025/nhap/"' not in text
        and "Lưu</button>" not in text
    )
    assert "Chép số liệu kỳ trước" not in text
    assert client.post("/bao-cao/12688/2025/nhap/", {"mediators": "5"}).status_code == 404
    assert EnteredValue.objects.get(indicator="mediators").value == Decimal(2991)


@pytest.mark.django_db
def test_the_dashboard_offers_the_level_above_to_read_not_to_enter_unless_granted(
    client, province_officer, commune_officer, dong_hung
):
    client.force_login(province_officer)
    text = client.get("/bao-cao/12688/2025/").content.decode()
    assert "Xem số liệu nhập năm 2025" in text and "Nhập số liệu năm 2025" not in text
    acting.acting_grant_create(
        actor=commune_officer,
        unit=dong_hung,
        grantee=province_officer,
        reason="Cán bộ xã nghỉ ốm",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    text = client.get("/bao-cao/12688/2025/").content.decode()
    assert "Nhập số liệu năm 2025" in text


@pytest.mark.django_db
def test_under_a_grant_the_form_says_who_granted_it_until_when_and_saves(
    client, province_officer, dong_hung, acting_grant
):
    client.force_login(province_officer)
    text = client.get("/bao-cao/12688/2025/nhap/").content.decode()
    assert (
        f"Đang nhập thay Xã Đông Hưng, được giao bởi {acting_grant.granted_by} "
        f"đến hết ngày {acting_grant.valid_until:%d/%m/%Y}"
    ) in text
    assert 'name="mediators"' in text
    response = client.post("/bao-cao/12688/2025/nhap/", {"mediators": "14"})
    assert response.status_code == 302
    row = EnteredValue.objects.get(unit=dong_hung, indicator="mediators")
    entry = AuditEntry.objects.get(content_type__model="enteredvalue", object_pk=str(row.pk))
    assert entry.additional_data["acting_grant"] == acting_grant.pk


@pytest.mark.django_db
def test_the_communes_own_form_links_to_giving_a_grant(client, commune_officer):
    client.force_login(commune_officer)
    text = client.get("/bao-cao/12688/2025/nhap/").content.decode()
    assert 'href="/tai-khoan/nhap-thay/12688/"' in text and "Chỉ xem" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(("period", "previous"), [("2025", "2024"), ("2025Q1", "2024Q4"), ("2025-01", "2024-12")])
def test_copy_previous_period_prefills_the_empty_inputs_without_saving(
    client, commune_officer, dong_hung, period, previous
):
    enter(
        commune_officer,
        dong_hung,
        {"mediators": ("12", "exact"), "tips_received": ("4", "exact")},
        Period.parse(previous),
    )
    enter(commune_officer, dong_hung, {"tips_received": ("9", "exact")}, Period.parse(period))
    client.force_login(commune_officer)
    text = client.get(f"/bao-cao/12688/{period}/nhap/").content.decode()
    assert "Chép số liệu kỳ trước" in text and 'name="chep" value="ky-truoc"' in text
    text = client.get(f"/bao-cao/12688/{period}/nhap/", {"chep": "ky-truoc"}).content.decode()
    label = Period.parse(previous).label
    assert f"Đã chép 1 số liệu của {label} vào các ô còn trống" in text
    assert 'name="mediators" value="12"' in text
    assert 'name="tips_received" value="9"' in text  # a value of this period stays
    assert not EnteredValue.objects.filter(period=period, indicator="mediators").exists()  # nothing saved


@pytest.mark.django_db
def test_copy_previous_period_says_when_there_is_nothing_to_copy(client, commune_officer):
    client.force_login(commune_officer)
    text = client.get("/bao-cao/12688/2025-03/nhap/", {"chep": "ky-truoc"}).content.decode()
    label = Period.parse("2025-02").label
    assert f"{label[0].upper()}{label[1:]} không có số liệu nào để chép vào các ô còn trống." in text
