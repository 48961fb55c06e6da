"""Stored sort keys (core.text, core.models.NamedRecord): every write path stores the key a row's name gives — the
demo and national seeders, the services, the spreadsheet imports and the geography load — on every model with a
`sort_key` column (found from the models, none listed by hand); the database orders by them as the key does, on
SQLite and PostgreSQL under any collation; the data migrations fill existing rows and reverse."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models

from antq.core.imports import import_confirm, import_preview
from antq.core.models import NamedRecord
from antq.core.sort_keys_v1 import name_sort_key_v1
from antq.core.text import fold, name_sort_key, place_sort_key
from antq.forces import services as forces
from antq.geo import services as geo
from antq.geo.imports import EstablishmentImporter, LocalityImporter
from antq.geo.models import AdminUnit, Establishment, Locality
from antq.schemes import exemplars
from antq.schemes import services as schemes
from tests.forces.fixtures import member_data
from tests.sheets import ESTABLISHMENT_HEADER, localities_xlsx, xlsx
from tests.world import small_geography


def _keyed_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if any(f.name == "sort_key" for f in m._meta.concrete_fields)]


def _stale_rows() -> dict[str, list]:
    """{model: rows whose stored key is not the one their name gives}, over every model with a sort_key."""
    stale = {}
    for model in _keyed_models():
        rows = [(row.pk, str(row)) for row in model._default_manager.all() if row.sort_key != row.compute_sort_key()]
        if rows:
            stale[model.__name__] = rows[:5]
    return stale


def test_models_found_by_folded_name_are_listed_by_sort_key():
    folded = {m for m in apps.get_models() if any(f.name == "folded_name" for f in m._meta.concrete_fields)}
    assert folded and folded <= set(_keyed_models())
    assert all(issubclass(m, NamedRecord) for m in folded)  # full_clean() and save() derive both from the name
    assert {m.__name__ for m in folded} >= {"AdminUnit", "Locality", "Establishment", "SecurityTeam", "Scheme"}


@pytest.mark.django_db
def test_demo_seed_stores_every_key():
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    assert all(model._default_manager.exists() for model in _keyed_models())
    assert _stale_rows() == {}


@pytest.mark.django_db
def test_national_seed_stores_every_key():
    call_command("seed_national", "--seed", "1", "--years", "1", stdout=io.StringIO())
    assert all(model._default_manager.exists() for model in _keyed_models())
    assert _stale_rows() == {}


@pytest.mark.django_db
def test_services_imports_and_the_geography_load_store_every_key(
    commune_officer, province_officer, hung_yen, dong_hung, team, leader, dong_scheme, dong_exemplar
):
    thon_2 = geo.locality_create(actor=commune_officer, commune=dong_hung, name="Thôn 2", kind="thon")
    geo.locality_update(actor=commune_officer, locality=thon_2, name="Thôn 12")
    geo.establishment_create(actor=commune_officer, commune=dong_hung, name="Trường THCS Đông Hưng", kind="school")
    forces.team_update(actor=commune_officer, team=team, name="Tổ bảo vệ ANTT Thôn 10")
    forces.member_update(actor=commune_officer, member=leader, full_name="Trần Văn Bính")
    schemes.scheme_type_create(actor=province_officer, name="Cụm liên kết 3", field="residential", province=hung_yen)
    schemes.scheme_update(actor=commune_officer, scheme=dong_scheme, name="Camera an ninh 24/7")
    collective = exemplars.exemplar_create(
        actor=commune_officer,
        unit=dong_hung,
        kind="collective",
        name="Chi hội Phụ nữ Thôn 9",
        year=2025,
        achievements="Duy trì mô hình.",
        recognition_level="commune",
    )
    exemplars.exemplar_update(actor=commune_officer, exemplar=collective, name="Chi hội Phụ nữ Thôn 10")
    exemplars.exemplar_update(actor=commune_officer, exemplar=dong_exemplar, name="Lê Thị Đào")
    # Imports: a new row and an update of an existing one, for localities and establishments.
    for importer, data in (
        (LocalityImporter, localities_xlsx(["Thôn 3", "Thôn", 120], ["thôn 12", "Thôn", 90])),
        (EstablishmentImporter, xlsx([ESTABLISHMENT_HEADER, ["Công ty Đại Đồng 2", "Doanh nghiệp", "Vừa", "", ""]])),
    ):
        plan = import_preview(actor=commune_officer, importer=importer, file=data, filename="a.xlsx", commune=dong_hung)
        import_confirm(actor=commune_officer, plan=plan)
    # A renamed unit keeps its id and gets the new name's key.
    rows, links = small_geography()
    renamed = [
        r if r.code != "12688" or r.valid_to else r.__class__(**{**r.__dict__, "name": "Xã Đông Hưng 2"}) for r in rows
    ]
    geo.geography_load(rows=renamed, links=links, today=dt.date(2026, 1, 1))

    assert _stale_rows() == {}
    team.refresh_from_db()
    assert team.sort_key == place_sort_key("Tổ bảo vệ ANTT Thôn 10")
    assert AdminUnit.objects.get(pk=dong_hung.pk).sort_key == place_sort_key("Xã Đông Hưng 2")
    assert Locality.objects.get(pk=thon_2.pk).sort_key == place_sort_key("Thôn 12")
    assert Establishment.objects.filter(commune=dong_hung).count() == 2


@pytest.mark.django_db
def test_the_database_orders_by_the_key_under_every_collation(commune_officer, dong_hung):
    # Names unique by folded name (a commune's rule); by folded name "Thôn Ăn" and "Thôn Ưng" came first.
    expected = [
        "Thôn 1",
        "Thôn 2",
        "Thôn 02B",
        "Thôn 10",
        "Thôn Ap",
        "Thôn Ăn",
        "Thôn Bình",
        "Thôn Diên",
        "Thôn Đại",
        "Thôn Mạ",
        "Thôn Mai",
        "Thôn Uyên",
        "Thôn Ưng",
        "Thôn Z",
        "Tổ dân phố 9",
    ]
    for name in reversed(expected):
        geo.locality_create(actor=commune_officer, commune=dong_hung, name=name, kind="thon")
    assert sorted(expected, key=place_sort_key) == expected
    assert list(Locality.objects.filter(commune=dong_hung).values_list("name", flat=True)) == expected
    if connection.vendor == "postgresql":
        # The keys are plain [0-9a-z]: ICU's root and Vietnamese collations order them as bytes do.
        for collation in ("C", "und-x-icu", "vi-x-icu"):
            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT name FROM geo_locality WHERE commune_id = %s ORDER BY sort_key COLLATE "{collation}"',  # noqa: S608
                    [dong_hung.pk],
                )
                assert [name for (name,) in cursor.fetchall()] == expected, collation


# Every app available, as in the browser tests, so that PostgreSQL's flush truncates auditlog's table too.
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_migrations_fill_existing_rows_and_reverse():
    from django.db.migrations.executor import MigrationExecutor

    before = [
        ("geo", "0002_folded_name_trigram"),
        ("forces", "0006_member_phone_canonical"),
        ("schemes", "0004_exemplar_contact_phone_canonical"),
        ("activities", "0003_outreach_month"),
        ("documents", "0001_initial"),
    ]
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    province = old.get_model("geo", "AdminUnit").objects.create(
        level="province", code="98", name="Tỉnh Hưng Yên", short_name="Hưng Yên", kind="tinh", folded_name="x"
    )
    commune = old.get_model("geo", "AdminUnit").objects.create(
        level="commune", code="99998", name="Xã Đông Hưng", short_name="Đông Hưng", kind="xa", folded_name="y"
    )
    locality = old.get_model("geo", "Locality").objects.create(
        commune_id=commune.pk, name="Thôn 10", kind="thon", folded_name="thon 10"
    )
    team = old.get_model("forces", "SecurityTeam").objects.create(
        commune_id=commune.pk, name="Tổ bảo vệ ANTT Thôn 10", folded_name="z", founded_on=dt.date(2024, 7, 1)
    )
    data = {k: v for k, v in member_data(None).items() if k not in ("residence",)}
    member = old.get_model("forces", "TeamMember").objects.create(
        **{**data, "full_name": "Nguyễn Văn Tư"},
        team_id=team.pk,
        residence_id=locality.pk,
        sort_key=name_sort_key_v1("Nguyễn Văn Tư"),
    )
    kind = old.get_model("schemes", "SchemeType").objects.create(
        code="loai-thu", name="Loại thử 10", folded_name="loai thu 10", field="residential"
    )
    scheme = old.get_model("schemes", "Scheme").objects.create(
        name="Camera an ninh Thôn 10",
        folded_name="camera an ninh thon 10",
        scheme_type_id=kind.pk,
        unit_id=commune.pk,
        province_id=province.pk,
        lead_organisation="police",
        started_on=dt.date(2020, 1, 1),
    )
    exemplar = old.get_model("schemes", "Exemplar")
    common = {"unit_id": commune.pk, "province_id": province.pk, "year": 2025, "achievements": "…"}
    person = exemplar.objects.create(
        kind="person", name="Lê Thị Đào", sort_key=name_sort_key_v1("Lê Thị Đào"), recognition_level="commune", **common
    )
    group = exemplar.objects.create(
        kind="collective", name="Chi hội Thôn 10", sort_key="chi hoi thon 10", recognition_level="commune", **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps

    def key(app: str, model: str, pk: int) -> str:
        return new.get_model(app, model).objects.get(pk=pk).sort_key

    assert key("geo", "AdminUnit", commune.pk) == place_sort_key("Xã Đông Hưng")
    assert key("geo", "Locality", locality.pk) == place_sort_key("Thôn 10")
    assert key("forces", "SecurityTeam", team.pk) == place_sort_key("Tổ bảo vệ ANTT Thôn 10")
    assert key("forces", "TeamMember", member.pk) == name_sort_key("Nguyễn Văn Tư") != name_sort_key_v1("Nguyễn Văn Tư")
    assert key("schemes", "SchemeType", kind.pk) == place_sort_key("Loại thử 10")
    assert key("schemes", "Scheme", scheme.pk) == place_sort_key("Camera an ninh Thôn 10")
    assert key("schemes", "Exemplar", person.pk) == name_sort_key("Lê Thị Đào")
    assert key("schemes", "Exemplar", group.pk) == place_sort_key("Chi hội Thôn 10")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    assert old.get_model("forces", "TeamMember").objects.get(pk=member.pk).sort_key == name_sort_key_v1("Nguyễn Văn Tư")
    assert old.get_model("schemes", "Exemplar").objects.get(pk=group.pk).sort_key == fold("Chi hội Thôn 10")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)  # leave the schema as the rest of the suite expects it
