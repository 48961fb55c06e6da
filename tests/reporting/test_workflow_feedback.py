"""Workflow feedback (issue 17 item 4): a report is withdrawn until the level above acts on it, each step says what
it did, a returned report shows why on its page, and irreversible steps are confirmed."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from antq.accounts.models import AuditEntry, Notification
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.periods import Period
from antq.geo.services import geography_load
from antq.reporting import services
from antq.reporting.models import Submission, SubmissionTransition
from tests.conftest import _user_with_role, unit
from tests.world import COMMUNE_DONG_HUNG, small_geography

Y2025 = Period.parse("2025")
PAGE = "/bao-cao/12688/2025/"
MOVE = "/bao-cao/12688/2025/chuyen/"


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000


def move(actor, to, reason="", **kwargs):
    return services.submission_transition(
        actor=actor, unit=unit(COMMUNE_DONG_HUNG), period=Y2025, to_status=to, reason=reason, **kwargs
    )


# --- Withdraw -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_commune_withdraws_its_submitted_report_audited_and_the_province_is_told(commune_officer, province_officer):
    move(commune_officer, "submitted")
    submission = move(commune_officer, "draft", reason="Còn thiếu số liệu hòa giải")
    assert (submission.status, submission.reopened) == ("draft", False)  # a withdrawal reopens no deadline
    step = SubmissionTransition.objects.filter(submission=submission).last()
    assert (step.from_status, step.to_status, step.actor, step.reason) == (
        "submitted",
        "draft",
        commune_officer,
        "Còn thiếu số liệu hòa giải",
    )
    assert AuditEntry.objects.filter(object_pk=str(submission.pk), changes__icontains="submitted").exists()
    told = Notification.objects.get(user=province_officer, text__contains="rút lại")
    assert told.text == "Xã Đông Hưng đã rút lại báo cáo năm 2025: Còn thiếu số liệu hòa giải"
    assert not Notification.objects.filter(user=commune_officer, text__contains="rút lại").exists()
    assert move(commune_officer, "submitted").status == "submitted"  # and sent again when ready


@pytest.mark.django_db
def test_a_withdrawal_needs_no_reason_but_a_return_does(commune_officer, province_officer):
    move(commune_officer, "submitted")
    assert move(commune_officer, "draft").status == "draft"
    move(commune_officer, "submitted")
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, "returned")
    assert refused.value.field == "reason"


@pytest.mark.django_db
def test_only_the_units_own_officers_withdraw(province_officer, other_commune_officer, commune_officer, viewer):
    move(commune_officer, "submitted")
    with pytest.raises(PermissionDenied):
        move(province_officer, "draft", reason="x")
    with pytest.raises(PermissionDenied):
        move(viewer, "draft")
    with pytest.raises(NotFoundOrOutOfScope):
        move(other_commune_officer, "draft")
    assert Submission.objects.get().status == "submitted"


@pytest.mark.django_db
def test_no_withdrawal_once_the_province_has_acted(commune_officer, province_officer):
    move(commune_officer, "submitted")
    move(province_officer, "approved")
    with pytest.raises(PermissionDenied):  # approved → draft is the province's reopen, not a withdrawal
        move(commune_officer, "draft")
    move(province_officer, "draft", reason="Sửa số tin báo")  # reopened by the province
    move(commune_officer, "submitted")
    move(province_officer, "returned", reason="Thiếu số liệu")
    with pytest.raises(ValidationFailed) as refused:  # returned: nothing to withdraw
        move(commune_officer, "draft")
    assert refused.value.code == "illegal_transition"


@pytest.mark.django_db
def test_a_withdrawal_from_a_stale_page_after_the_approval_is_refused_naming_it(commune_officer, province_officer):
    """The commune's page still shows "Đã gửi" when the province approves: its withdraw then changes nothing."""
    move(commune_officer, "submitted")
    move(province_officer, "approved")
    with pytest.raises(ValidationFailed) as refused:
        move(commune_officer, "draft", expect="submitted")
    assert refused.value.code == "status_changed"
    assert "vừa được chuyển sang “Đã duyệt”" in refused.value.message
    assert Submission.objects.get().status == "approved"
    assert SubmissionTransition.objects.count() == 2


@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database is SQLite's in-memory shared cache, whose table locks do not wait; a SQLite file "
    "serialises writers by the IMMEDIATE transactions the settings ask for",
)
def test_a_withdrawal_racing_an_approval_cannot_both_succeed(transactional_db):
    """The commune withdraws while the province approves, at the same moment: the row lock lets one through."""
    rows, links = small_geography()  # a transactional test starts from a flushed database: the world is rebuilt
    geography_load(rows=rows, links=links)
    commune = _user_with_role("ca_12688", "commune", COMMUNE_DONG_HUNG)
    province = _user_with_role("pv05_33", "province", "33")
    move(commune, "submitted")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(actor, to: str) -> None:
        barrier.wait()
        try:
            move(actor, to, expect="submitted")
            outcomes.append(to)
        except ValidationFailed as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=args) for args in ((commune, "draft"), (province, "approved"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("status_changed") == 1, outcomes
    won = next(o for o in outcomes if o != "status_changed")
    assert Submission.objects.get().status == won
    assert SubmissionTransition.objects.count() == 2  # the submission and the one step that won


# --- Pages: the reason shown, a message per step, confirmation ---------------------------------------------------


@pytest.mark.django_db
def test_a_returned_report_shows_the_reason_who_returned_it_and_when(client, commune_officer, province_officer):
    move(commune_officer, "submitted")
    move(province_officer, "returned", reason="Thiếu số liệu hòa giải ở thôn Đông")
    step = SubmissionTransition.objects.get(to_status="returned")
    client.force_login(commune_officer)
    page = client.get(PAGE).content.decode()
    assert "Báo cáo bị trả lại" in page
    assert "Lý do trả lại: Thiếu số liệu hòa giải ở thôn Đông" in page
    assert f"{province_officer} · {timezone.localtime(step.at):%d/%m/%Y %H:%M}" in page
    move(commune_officer, "submitted")  # sent again: the return is history, no longer on the page
    assert "Báo cáo bị trả lại" not in client.get(PAGE).content.decode()


@pytest.mark.django_db
def test_each_step_says_what_it_did(client, commune_officer, province_officer):
    client.force_login(commune_officer)
    sent = client.post(MOVE, {"to": "submitted", "from": "draft", "confirm": "1"}, follow=True).content.decode()
    assert "Đã gửi báo cáo năm 2025 của Xã Đông Hưng lên cấp trên." in sent
    assert "Rút lại" in sent  # the withdraw button, while the province has not acted
    withdrawn = client.post(MOVE, {"to": "draft", "from": "submitted"}, follow=True).content.decode()
    assert "Đã rút lại báo cáo năm 2025 của Xã Đông Hưng; báo cáo trở về trạng thái đang nhập." in withdrawn
    assert "Báo cáo đã được rút lại" in withdrawn
    client.post(MOVE, {"to": "submitted", "from": "draft", "confirm": "1"})
    client.force_login(province_officer)
    returned = client.post(MOVE, {"to": "returned", "from": "submitted", "reason": "Thiếu"}, follow=True)
    assert "Đã trả lại báo cáo năm 2025 của Xã Đông Hưng; đơn vị được thông báo lý do." in returned.content.decode()
    client.force_login(commune_officer)
    again = client.post(MOVE, {"to": "submitted", "from": "returned", "confirm": "1"}, follow=True)
    assert "Đã gửi lại báo cáo năm 2025 của Xã Đông Hưng lên cấp trên." in again.content.decode()
    client.force_login(province_officer)
    assert "Rút lại" not in client.get(PAGE).content.decode()  # the province judges; it does not withdraw
    approved = client.post(MOVE, {"to": "approved", "from": "submitted", "confirm": "1"}, follow=True)
    assert "Đã duyệt báo cáo năm 2025 của Xã Đông Hưng; số liệu đã được chốt." in approved.content.decode()
    reopened = client.post(MOVE, {"to": "draft", "from": "approved", "reason": "Sửa"}, follow=True)
    assert "Đã mở lại báo cáo năm 2025 của Xã Đông Hưng để sửa." in reopened.content.decode()
    assert "Đã cập nhật trạng thái báo cáo" not in reopened.content.decode()


@pytest.mark.django_db
def test_submit_and_approve_are_confirmed_on_the_page(client, commune_officer, province_officer):
    client.force_login(commune_officer)
    page = client.get(PAGE).content.decode()
    assert 'name="confirm" value="1" required' in page
    refused = client.post(MOVE, {"to": "submitted", "from": "draft"})
    assert refused.status_code == 400
    assert "Cần đánh dấu ô xác nhận để gửi báo cáo lên cấp trên" in refused.content.decode()
    assert not Submission.objects.filter(status="submitted").exists()
    client.post(MOVE, {"to": "submitted", "from": "draft", "confirm": "1"})
    client.force_login(province_officer)
    assert 'name="confirm" value="1" required' in client.get(PAGE + "duyet/").content.decode()
    assert client.post(MOVE, {"to": "approved", "from": "submitted"}).status_code == 400
    assert Submission.objects.get().status == "submitted"


@pytest.mark.django_db
def test_a_stale_page_names_the_step_that_won(client, commune_officer, province_officer):
    move(commune_officer, "submitted")
    move(province_officer, "approved")
    client.force_login(commune_officer)
    response = client.post(MOVE, {"to": "draft", "from": "submitted"})
    assert response.status_code == 400
    assert "vừa được chuyển sang “Đã duyệt”" in response.content.decode()
    assert Submission.objects.get().status == "approved"
