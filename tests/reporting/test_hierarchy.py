"""Approvals in hierarchy order (issue 15 item 5, field case F04): a province report goes up without a commune's
approved report only by naming it with a reason; an approved province report holds the commune reports it
gathers; an early submission is confirmed and recorded; approving shows what changed since the last snapshot."""

from decimal import Decimal

import pytest

from antq.accounts.models import Notification
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.periods import Period, max_year
from antq.documents import services as document_services
from antq.reporting import services
from antq.reporting.models import MissingReport, Submission, SubmissionTransition
from antq.reporting.selectors import changes_since_snapshot, indicator_values, missing_children, missing_reports
from tests.conftest import unit
from tests.documents.helpers import docx_text, flat

P = Period.parse("2025")  # F04's "year P": an ended year, so no early-submission confirmation is needed
TIPS = "tips_received"


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000


def move(actor, where, to, period=P, **options):
    return services.submission_transition(actor=actor, unit=where, period=period, to_status=to, **options)


def enter(actor, where, tips, period=P):
    services.values_enter(actor=actor, unit=where, period=period, values={TIPS: (str(tips), "exact")})


def reasons_for(province, period=P, text="Xã chưa gửi báo cáo"):
    return {child.code: text for child, _ in missing_children(province, period)}


def approved_commune_and_province(commune_officer, province_officer, ministry_officer, dong_hung, hung_yen):
    """F04 up to the Ministry's approval: 12688 reports 4 tips, approved; 33 goes up naming the rest; approved."""
    enter(commune_officer, dong_hung, 4)
    move(commune_officer, dong_hung, "submitted")
    move(province_officer, dong_hung, "approved")
    move(province_officer, hung_yen, "submitted", missing_reasons=reasons_for(hung_yen))
    return move(ministry_officer, hung_yen, "approved")


# --- Submitting a province report without every commune -----------------------------------------------------


@pytest.mark.django_db
def test_missing_children_are_the_communes_whose_report_is_not_approved(
    commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, hung_yen
):
    move(commune_officer, dong_hung, "submitted")
    move(other_commune_officer, tan_tien, "submitted")
    move(province_officer, tan_tien, "approved")
    missing = dict((child.code, status) for child, status in missing_children(hung_yen, P))
    assert missing == {"12688": "submitted", "11992": "", "11995": ""}  # 12583 approved; the others never started


@pytest.mark.django_db
def test_province_cannot_submit_without_a_reason_for_each_missing_commune(
    commune_officer, province_officer, dong_hung, hung_yen
):
    enter(commune_officer, dong_hung, 4)
    move(commune_officer, dong_hung, "submitted")
    move(province_officer, dong_hung, "approved")
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, hung_yen, "submitted")
    assert refused.value.code == "missing_children"
    assert "Xã Tân Tiến (12583)" in refused.value.message and "12688" not in refused.value.message
    one_blank = reasons_for(hung_yen) | {"12583": "  "}
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, hung_yen, "submitted", missing_reasons=one_blank)
    assert "12583" in refused.value.message and "11992" not in refused.value.message
    assert not Submission.objects.filter(unit=hung_yen, period=P.code, status="submitted").exists()  # nothing moved
    submission = move(
        province_officer, hung_yen, "submitted", missing_reasons=reasons_for(hung_yen) | {"12688": "ignored"}
    )
    named = {(m.unit.code, m.status, m.reason) for m in missing_reports(submission)}
    assert named == {(code, "", "Xã chưa gửi báo cáo") for code in ("12583", "11992", "11995")}


@pytest.mark.django_db
def test_the_missing_list_stays_with_the_approved_report_and_its_document(
    commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    submission = approved_commune_and_province(commune_officer, province_officer, ministry_officer, dong_hung, hung_yen)
    assert submission.snapshots.get(indicator=TIPS).value == Decimal(4)
    assert {m.unit.code for m in missing_reports(submission)} == {"11992", "11995", "12583"}
    document = document_services.document_create(actor=province_officer, unit=hung_yen, period=P)
    assert {m["code"] for m in document.content["missing"]} == {"11992", "11995", "12583"}
    text = flat(docx_text(document_services.document_render(document, "docx")[0]))
    assert "chưa có báo cáo được duyệt của: " in text and "Xã Tân Tiến (Xã chưa gửi báo cáo)" in text


@pytest.mark.django_db
def test_a_complete_province_report_needs_no_reasons_and_its_document_names_none(province_officer, hung_yen):
    from tests.factories import AssignmentFactory, UserFactory

    for child, _ in missing_children(hung_yen, P):  # every commune of 33 submits and is approved
        officer = UserFactory(username=f"ca_{child.code}")
        AssignmentFactory(user=officer, role="commune", unit=child)
        move(officer, child, "submitted")
        move(province_officer, child, "approved")
    submission = move(province_officer, hung_yen, "submitted")
    assert missing_reports(submission) == [] and MissingReport.objects.count() == 0
    document = document_services.document_create(actor=province_officer, unit=hung_yen, period=P)
    assert document.content["missing"] == []


@pytest.mark.django_db
def test_the_nation_has_no_report_workflow(ministry_officer):
    """Checked for item 5: the Ministry's report over provinces has no submission, so nothing to name."""
    with pytest.raises(NotFoundOrOutOfScope):
        move(ministry_officer, unit("VN"), "submitted")


# --- Reopening a commune under an approved province report -----------------------------------------------


@pytest.mark.django_db
def test_f04_commune_reopen_refused_while_its_province_report_is_approved_or_reopens_both(
    commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    approved_commune_and_province(commune_officer, province_officer, ministry_officer, dong_hung, hung_yen)
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, dong_hung, "draft", reason="sửa số tin báo")
    assert refused.value.code == "parent_approved"
    assert Submission.objects.get(unit=dong_hung, period=P.code).status == "approved"
    before = Notification.objects.count()

    move(province_officer, dong_hung, "draft", reason="sửa số tin báo", with_parent=True)  # the explicit choice

    statuses = dict(Submission.objects.filter(period=P.code).values_list("unit__code", "status"))
    assert statuses == {"12688": "draft", "33": "draft"}
    province_step = SubmissionTransition.objects.get(submission__unit=hung_yen, to_status="draft")
    assert (province_step.actor, province_step.from_status) == (province_officer, "approved")
    assert "Xã Đông Hưng: sửa số tin báo" in province_step.reason
    told = set(Notification.objects.order_by("pk")[before:].values_list("user__username", flat=True))
    assert told == {"ca_12688", "bo_v05"}  # the commune's officers and the Ministry (the actor is not told)
    enter(commune_officer, dong_hung, 40)
    for where in (dong_hung, hung_yen):  # no approved figure of 4 stands beside a live 40
        value = indicator_values(actor=ministry_officer, unit=where, period=P, codes=[TIPS])[TIPS]
        assert (value.value, value.approved) == (Decimal(40), None)
    move(commune_officer, dong_hung, "submitted")
    move(province_officer, dong_hung, "approved")
    move(province_officer, hung_yen, "submitted", missing_reasons=reasons_for(hung_yen))
    approved = move(ministry_officer, hung_yen, "approved")
    assert approved.snapshots.get(indicator=TIPS).value == Decimal(40)


@pytest.mark.django_db
def test_reopening_both_is_audited_on_both_reports(
    commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    from antq.accounts.models import AuditEntry

    province = approved_commune_and_province(commune_officer, province_officer, ministry_officer, dong_hung, hung_yen)
    commune = Submission.objects.get(unit=dong_hung, period=P.code)
    move(province_officer, dong_hung, "draft", reason="sửa số tin báo", with_parent=True)
    for submission in (commune, province):
        entry = (
            AuditEntry.objects.filter(content_type__model="submission", object_pk=str(submission.pk))
            .order_by("pk")
            .last()
        )
        assert entry.changes["status"] == ["approved", "draft"]
        assert entry.actor == province_officer


@pytest.mark.django_db
def test_an_approved_year_holds_its_communes_month_reports(
    commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    """Longer periods count: 12688's November feeds 33's year, so the approved year blocks its reopening too."""
    november = Period.parse("2025-11")
    move(commune_officer, dong_hung, "submitted", period=november)
    move(province_officer, dong_hung, "approved", period=november)
    move(province_officer, hung_yen, "submitted", missing_reasons=reasons_for(hung_yen))
    move(ministry_officer, hung_yen, "approved")
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, dong_hung, "draft", period=november, reason="sửa")
    assert refused.value.code == "parent_approved"
    assert [s.period for s in services.parents_blocking_reopen(dong_hung, november)] == ["2025"]


@pytest.mark.django_db
def test_a_commune_reopens_alone_when_its_province_report_is_not_approved(
    commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    enter(commune_officer, dong_hung, 4)
    move(commune_officer, dong_hung, "submitted")
    move(province_officer, dong_hung, "approved")
    move(province_officer, hung_yen, "submitted", missing_reasons=reasons_for(hung_yen))  # with the Ministry
    move(province_officer, dong_hung, "draft", reason="sửa số tin báo")
    assert Submission.objects.get(unit=hung_yen, period=P.code).status == "submitted"
    move(commune_officer, dong_hung, "submitted")
    move(province_officer, dong_hung, "approved")
    # another year's approved province report does not hold 2025
    y2024 = Period.parse("2024")
    move(province_officer, hung_yen, "submitted", period=y2024, missing_reasons=reasons_for(hung_yen, y2024))
    move(ministry_officer, hung_yen, "approved", period=y2024)
    assert services.parents_blocking_reopen(dong_hung, P) == []


# --- Early submission ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submitting_before_the_period_ends_needs_confirmation_and_is_recorded(commune_officer, dong_hung):
    unfinished = Period.parse(str(max_year()))  # next year: never over, whatever today is
    with pytest.raises(ValidationFailed) as refused:
        move(commune_officer, dong_hung, "submitted", period=unfinished)
    assert refused.value.code == "confirm_early" and "chưa kết thúc" in refused.value.message
    move(commune_officer, dong_hung, "submitted", period=unfinished, confirm_early=True)
    step = SubmissionTransition.objects.get(submission__unit=dong_hung, submission__period=unfinished.code)
    assert step.early is True


@pytest.mark.django_db
def test_a_submission_after_the_period_is_not_marked_early(commune_officer, dong_hung):
    move(commune_officer, dong_hung, "submitted", confirm_early=True)
    assert SubmissionTransition.objects.get(submission__unit=dong_hung).early is False


# --- What changed since the last snapshot --------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_lists_figures_changed_since_the_last_snapshot(commune_officer, province_officer, dong_hung):
    enter(commune_officer, dong_hung, 4)
    submission = move(commune_officer, dong_hung, "submitted")
    assert changes_since_snapshot(province_officer, submission, P) is None  # never approved: nothing to compare
    move(province_officer, dong_hung, "approved")
    move(province_officer, dong_hung, "draft", reason="sửa số tin báo")
    enter(commune_officer, dong_hung, 40)
    submission = move(commune_officer, dong_hung, "submitted")
    changes = changes_since_snapshot(province_officer, submission, P)
    assert [(c.indicator.code, c.before, c.now) for c in changes] == [(TIPS, Decimal(4), Decimal(40))]


# --- Pages ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submit_form_lists_missing_communes_and_posts_their_reasons(client, province_officer, hung_yen):
    client.force_login(province_officer)
    body = client.get("/bao-cao/33/2025/").content.decode()
    for code in ("12583", "11992", "11995", "12688"):
        assert f'name="missing__{code}"' in body
    response = client.post("/bao-cao/33/2025/chuyen/", {"to": "submitted", "confirm": "1"})
    assert response.status_code == 400  # refused: the form again, saying why
    assert not Submission.objects.filter(unit=hung_yen, status="submitted").exists()  # refused: no reasons
    data = {"to": "submitted", "confirm": "1"} | {
        f"missing__{code}": "Chưa gửi" for code in ("12583", "11992", "11995", "12688")
    }
    client.post("/bao-cao/33/2025/chuyen/", data)
    assert Submission.objects.get(unit=hung_yen).status == "submitted"
    assert "Gửi khi chưa đủ báo cáo của: " in client.get("/bao-cao/33/2025/").content.decode()


@pytest.mark.django_db
def test_submit_form_asks_to_confirm_an_early_submission(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    year = str(max_year())
    assert 'name="confirm_early"' in client.get(f"/bao-cao/12688/{year}/").content.decode()
    assert 'name="confirm_early"' not in client.get("/bao-cao/12688/2025/").content.decode()
    client.post(f"/bao-cao/12688/{year}/chuyen/", {"to": "submitted", "confirm_early": "1", "confirm": "1"})
    assert SubmissionTransition.objects.get(submission__unit=dong_hung, submission__period=year).early


@pytest.mark.django_db
def test_approval_page_shows_the_changes_and_reopen_form_offers_the_province(
    client, commune_officer, province_officer, ministry_officer, dong_hung, hung_yen
):
    approved_commune_and_province(commune_officer, province_officer, ministry_officer, dong_hung, hung_yen)
    client.force_login(province_officer)
    body = client.get("/bao-cao/12688/2025/").content.decode()
    assert 'name="with_parent"' in body and "Hưng Yên (năm 2025)" in body
    client.post("/bao-cao/12688/2025/chuyen/", {"to": "draft", "reason": "sửa số tin báo", "with_parent": "1"})
    assert Submission.objects.get(unit=hung_yen).status == "draft"
    enter(commune_officer, dong_hung, 40)
    move(commune_officer, dong_hung, "submitted")
    body = client.get("/bao-cao/12688/2025/duyet/").content.decode()
    assert "Tin báo, tố giác tội phạm tiếp nhận" in body
    assert '<td class="num" data-label="Lần duyệt trước">4</td><td class="num" data-label="Hiện tại">40</td>' in body
    client.force_login(commune_officer)  # the submitter sees no approval to make
    assert "Không có báo cáo chờ bạn duyệt" in client.get("/bao-cao/12688/2025/duyet/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_no_period_inside_a_sent_or_approved_report_takes_values(status, commune_officer, province_officer, dong_hung):
    """F04's kind through a shorter period: a month entered under the approved year changed what was signed."""
    enter(commune_officer, dong_hung, 4)
    move(commune_officer, dong_hung, "submitted")
    if status == "approved":
        move(province_officer, dong_hung, "approved")
    for inside in ("2025-12", "2025Q4", "2025H2", "2025"):  # (the province enters only under a grant: test_acting)
        with pytest.raises(ValidationFailed) as refused:
            enter(commune_officer, dong_hung, 5, period=Period.parse(inside))
        assert refused.value.code == "entry_closed" and "cần được mở lại" in refused.value.message
    enter(commune_officer, dong_hung, 2, period=Period.parse("2024-12"))  # outside the report: still open


@pytest.mark.django_db
def test_a_reason_longer_than_its_column_is_refused_not_cut(commune_officer, province_officer, dong_hung, hung_yen):
    enter(commune_officer, dong_hung, 4)
    move(commune_officer, dong_hung, "submitted")
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, dong_hung, "returned", reason="x" * 501)
    assert refused.value.code == "too_long" and refused.value.field == "reason"
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, hung_yen, "submitted", missing_reasons=reasons_for(hung_yen, text="y" * 501))
    assert refused.value.code == "too_long"


@pytest.mark.django_db
def test_a_figure_that_appeared_after_approval_is_shown_beside_the_approved_none(
    client, commune_officer, other_commune_officer, province_officer, ministry_officer, dong_hung, tan_tien, hung_yen
):
    """The approved province report had no petitions; a commune it named as missing enters some: the dashboard
    says both ("đã duyệt không có số liệu · hiện tại 3"), never shows 3 as if it had been approved."""
    approved_commune_and_province(commune_officer, province_officer, ministry_officer, dong_hung, hung_yen)
    services.values_enter(
        actor=other_commune_officer, unit=tan_tien, period=P, values={"petitions_received": ("3", "exact")}
    )
    value = indicator_values(actor=province_officer, unit=hung_yen, period=P, codes=["petitions_received"])[
        "petitions_received"
    ]
    assert (value.approved, value.value, value.moved) == (None, 3, True)
    client.force_login(province_officer)
    assert "đã duyệt không có số liệu · hiện tại 3" in client.get("/bao-cao/33/2025/").content.decode()
