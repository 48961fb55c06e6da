"""Core's ports (antq/core/ports.py): accounts lends core and geo its audit trail and write check at start-up; a
port nobody registered fails closed (raises, never skips the audit or allows the write); geo's writes and import
still refuse a commune outside the actor's scope as not found."""

import pytest

from antq.accounts.models import AuditEntry
from antq.core import ports
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.imports import import_confirm, import_preview
from antq.geo import services as geo_services
from antq.geo.imports import LocalityImporter
from antq.geo.models import Locality
from tests.sheets import localities_xlsx


@pytest.mark.django_db
def test_geo_writes_and_import_refuse_a_commune_the_actor_may_not_write_to(
    commune_officer, other_commune_officer, viewer, province_officer, dong_hung
):
    for actor in (other_commune_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            geo_services.locality_create(actor=actor, commune=dong_hung, name="Thôn Đông", kind="thon")
        with pytest.raises(NotFoundOrOutOfScope):
            import_preview(
                actor=actor,
                importer=LocalityImporter,
                file=localities_xlsx(["Thôn Đông", "Thôn"]),
                filename="a.xlsx",
                commune=dong_hung,
            )
    assert not Locality.objects.filter(commune=dong_hung).exists()
    for actor in (commune_officer, province_officer):
        geo_services.locality_create(actor=actor, commune=dong_hung, name=f"Thôn {actor.username}", kind="thon")
    assert Locality.objects.filter(commune=dong_hung).count() == 2


@pytest.mark.django_db
def test_without_a_write_check_geo_refuses_every_write(monkeypatch, commune_officer, dong_hung):
    monkeypatch.setattr(ports, "_write_check", None)
    with pytest.raises(ports.PortNotRegistered):
        geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Đông", kind="thon")
    with pytest.raises(ports.PortNotRegistered):
        import_preview(
            actor=commune_officer,
            importer=LocalityImporter,
            file=localities_xlsx(["Thôn Đông", "Thôn"]),
            filename="a.xlsx",
            commune=dong_hung,
        )
    assert not Locality.objects.filter(commune=dong_hung).exists()


@pytest.mark.django_db
def test_without_an_audit_trail_nothing_is_written_unaudited(monkeypatch, commune_officer, dong_hung):
    plan = import_preview(
        actor=commune_officer,
        importer=LocalityImporter,
        file=localities_xlsx(["Thôn Đông", "Thôn"], ["Thôn Tây", "Thôn"]),
        filename="a.xlsx",
        commune=dong_hung,
    )
    entries = AuditEntry.objects.count()
    monkeypatch.setattr(ports, "_audit_trail", None)
    with pytest.raises(ports.PortNotRegistered):
        import_confirm(actor=commune_officer, plan=plan)  # the bulk write is rolled back with the refusal
    with pytest.raises(ports.PortNotRegistered):
        geo_services.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn Bắc", kind="thon")
    assert not Locality.objects.filter(commune=dong_hung).exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_the_audit_port_writes_accounts_entries_and_knows_only_create_and_update(commune_officer, dong_hung):
    locality = Locality.objects.create(commune=dong_hung, name="Thôn Đông", kind="thon", folded_name="thon dong")
    before = AuditEntry.objects.count()
    assert ports.audit_objects(actor=commune_officer, objects=[locality], action=ports.CREATE, note="thử") == 1
    entry = AuditEntry.objects.order_by("pk")[before]
    assert (entry.action, entry.actor, entry.unit, entry.object_id) == (
        AuditEntry.Action.CREATE,
        commune_officer,
        dong_hung,
        locality.pk,
    )
    with pytest.raises(ValueError, match="unknown audit action"):
        ports.audit_objects(actor=commune_officer, objects=[locality], action="delete")
