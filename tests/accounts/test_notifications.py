"""Notifications live in accounts (issue 17 item 4): any app's workflow tells people through `notify`; the
notifications page lists one's own; the move from reporting kept the rows."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from antq.accounts import selectors, services
from antq.accounts.models import Notification


@pytest.mark.django_db
def test_notify_tells_each_user_once_and_never_the_actor(commune_officer, province_officer, viewer):
    told = services.notify(
        actor=commune_officer,
        user_ids=[province_officer.pk, province_officer.pk, commune_officer.pk, viewer.pk],
        text="x" * 400,
    )
    assert told == 2
    assert set(Notification.objects.values_list("user_id", flat=True)) == {province_officer.pk, viewer.pk}
    assert {len(n.text) for n in Notification.objects.all()} == {300}  # the column's limit


@pytest.mark.django_db
def test_notify_role_reaches_current_holders_of_the_role_for_the_unit(
    commune_officer, other_commune_officer, province_officer, dong_hung
):
    assert services.notify_role(actor=province_officer, role="commune", unit=dong_hung, text="Xin chào") == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [commune_officer.pk]
    commune_officer.assignments.update(valid_to=dt.date(2024, 12, 31), valid_from=dt.date(2024, 1, 1))
    assert services.notify_role(actor=province_officer, role="commune", unit=dong_hung, text="Lần hai") == 0


@pytest.mark.django_db
def test_the_page_lists_only_ones_own_and_marks_them_read(client, commune_officer, province_officer):
    services.notify(actor=None, user_ids=[commune_officer.pk], text="Của xã", url="/bao-cao/")
    services.notify(actor=None, user_ids=[province_officer.pk], text="Của tỉnh")
    assert selectors.unread_count(commune_officer) == 1
    client.force_login(commune_officer)
    page = client.get(reverse("reporting:notifications")).content.decode()
    assert "Của xã" in page and "Của tỉnh" not in page
    assert "1 chưa đọc" in page
    client.post(reverse("reporting:notifications"))
    assert selectors.unread_count(commune_officer) == 0
    assert selectors.unread_count(province_officer) == 1


# Every app available, as in the browser tests, so that PostgreSQL's flush truncates auditlog's table too.
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_the_move_from_reporting_keeps_the_rows_and_reverses():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import UserFactory

    commune_officer = UserFactory(username="ca_thong_bao")  # no unit: a transactional test's database is flushed

    before = [("accounts", "0003_user_phone_canonical"), ("reporting", "0003_missing_report")]
    after = [("accounts", "0005_notification_table")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("reporting", "Notification")
    row = old.objects.create(user_id=commune_officer.pk, text="Báo cáo đã được duyệt", url="/bao-cao/")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    moved = Notification.objects.get(pk=row.pk)
    assert (moved.user_id, moved.text, moved.url) == (commune_officer.pk, "Báo cáo đã được duyệt", "/bao-cao/")
    assert "accounts_notification" in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)  # reversible: back under reporting, the row still there
    back = executor.loader.project_state(before).apps.get_model("reporting", "Notification")
    assert back.objects.get(pk=row.pk).text == "Báo cáo đã được duyệt"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
