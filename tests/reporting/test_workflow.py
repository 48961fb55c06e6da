"""Submission → approval with snapshots; return and reopen; permissions, transitions, notifications."""

import datetime as dt
from decimal import Decimal

import pytest

from antq.accounts.models import AuditEntry, Notification
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.periods import Period
from antq.forces import services as forces_services
from antq.reporting import services
from antq.reporting.models import SubmissionTransition
from antq.reporting.selectors import indicator_values, missing_children
from tests.forces.fixtures import member_data

Y2025 = Period.parse("2025")


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000


def move(actor, unit, to, reason=""):
    # A province names its communes whose reports are not approved (tests/reporting/test_hierarchy.py).
    missing = {child.code: "Chưa gửi" for child, _ in missing_children(unit, Y2025)}
    return services.submission_transition(
        actor=actor, unit=unit, period=Y2025, to_status=to, reason=reason, missing_reasons=missing
    )


@pytest.mark.django_db
def test_submit_approve_snapshots_and_locks(commune_officer, province_officer, dong_hung):
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Y2025, values={"tips_received": ("12", "exact")}
    )
    move(commune_officer, dong_hung, "submitted")
    assert Notification.objects.filter(user=province_officer, text__contains="đã gửi báo cáo").exists()
    with pytest.raises(ValidationFailed):  # locked while submitted
        services.values_enter(
            actor=commune_officer, unit=dong_hung, period=Y2025, values={"tips_received": ("13", "exact")}
        )
    submission = move(province_officer, dong_hung, "approved")
    assert submission.snapshots.get(indicator="tips_received").value == Decimal(12)
    assert Notification.objects.filter(user=commune_officer, text__contains="đã được duyệt").exists()
    steps = list(
        SubmissionTransition.objects.filter(submission=submission).values_list(
            "from_status", "to_status", "actor__username"
        )
    )
    assert steps == [("draft", "submitted", "ca_12688"), ("submitted", "approved", "pv05_33")]


@pytest.mark.django_db
def test_roles_may_only_take_their_steps(commune_officer, province_officer, other_commune_officer, viewer, dong_hung):
    with pytest.raises(PermissionDenied):
        move(province_officer, dong_hung, "submitted")  # the commune submits its own report
    move(commune_officer, dong_hung, "submitted")
    with pytest.raises(PermissionDenied):
        move(commune_officer, dong_hung, "approved")  # nobody approves their own report
    with pytest.raises(PermissionDenied):
        move(viewer, dong_hung, "approved")
    with pytest.raises(NotFoundOrOutOfScope):
        move(other_commune_officer, dong_hung, "approved")
    with pytest.raises(PermissionDenied):
        move(province_officer, dong_hung, "draft", reason="x")  # a withdrawal is the commune's, not the province's
    with pytest.raises(ValidationFailed) as error:
        move(province_officer, dong_hung, "submitted")  # no step from "submitted" to "submitted"
    assert error.value.code == "illegal_transition"


@pytest.mark.django_db
def test_return_needs_a_reason_and_leaves_other_communes_locked(
    commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien
):
    move(commune_officer, dong_hung, "submitted")
    move(other_commune_officer, tan_tien, "submitted")
    move(province_officer, tan_tien, "approved")
    with pytest.raises(ValidationFailed):
        move(province_officer, dong_hung, "returned")
    move(province_officer, dong_hung, "returned", reason="Thiếu số liệu hòa giải")
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Y2025, values={"mediation_cases": ("4", "exact")}
    )
    with pytest.raises(ValidationFailed):
        services.values_enter(
            actor=other_commune_officer, unit=tan_tien, period=Y2025, values={"mediation_cases": ("4", "exact")}
        )


@pytest.mark.django_db
def test_reopen_is_audited_and_approval_resnapshots(commune_officer, province_officer, dong_hung):
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Y2025, values={"tips_received": ("12", "exact")}
    )
    move(commune_officer, dong_hung, "submitted")
    submission = move(province_officer, dong_hung, "approved")
    move(province_officer, dong_hung, "draft", reason="Bổ sung tin báo tháng 12")
    assert AuditEntry.objects.filter(object_pk=str(submission.pk), content_type__model="submission").exists()
    services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Y2025, values={"tips_received": ("15", "exact")}
    )
    move(commune_officer, dong_hung, "submitted")
    submission = move(province_officer, dong_hung, "approved")
    assert submission.snapshots.get(indicator="tips_received").value == Decimal(15)


@pytest.mark.django_db
def test_approved_and_live_are_both_shown_when_records_move(
    commune_officer, province_officer, dong_hung, team, thon_dong, client
):
    forces_services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    move(commune_officer, dong_hung, "submitted")
    move(province_officer, dong_hung, "approved")
    forces_services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(thon_dong, full_name="Lê Văn Hai", national_id="033081005678", birth_date=dt.date(1981, 1, 1)),
    )
    value = indicator_values(
        actor=province_officer, unit=dong_hung, period=Y2025, codes=["security_team_members_active"]
    )["security_team_members_active"]
    assert (value.approved, value.value, value.moved) == (Decimal(1), 2, True)
    client.force_login(province_officer)
    body = client.get("/bao-cao/12688/2025/").content.decode()
    assert "đã duyệt 1 · hiện tại 2" in body


@pytest.mark.django_db
def test_province_submits_to_the_ministry(province_officer, ministry_officer, hung_yen):
    move(province_officer, hung_yen, "submitted")
    assert Notification.objects.filter(user=ministry_officer).exists()
    with pytest.raises(PermissionDenied):
        move(province_officer, hung_yen, "approved")
    assert move(ministry_officer, hung_yen, "approved").status == "approved"


# --- Separation of duties --------------------------------------------------------------------------------------


@pytest.fixture
def commune_and_province_officer(commune_officer, hung_yen):
    """The commune 12688 officer who also holds the province 33 role (e.g. while seconded)."""
    from tests.factories import AssignmentFactory

    AssignmentFactory(user=commune_officer, role="province", unit=hung_yen)
    return commune_officer


@pytest.mark.django_db
def test_ministry_can_neither_submit_nor_approve_a_commune_report(ministry_officer, commune_officer, dong_hung):
    with pytest.raises(PermissionDenied):
        move(ministry_officer, dong_hung, "submitted")
    move(commune_officer, dong_hung, "submitted")
    for to in ("approved", "returned"):
        with pytest.raises(PermissionDenied):
            move(ministry_officer, dong_hung, to, reason="x")
    assert services.allowed_transitions(ministry_officer, dong_hung, move_status(dong_hung)) == []


def move_status(unit):
    from antq.reporting.models import Submission

    return Submission.objects.get(unit=unit, period=Y2025.code)


@pytest.mark.django_db
def test_province_approves_a_commune_report_but_not_its_own(province_officer, commune_officer, dong_hung, hung_yen):
    move(commune_officer, dong_hung, "submitted")
    assert move(province_officer, dong_hung, "approved").status == "approved"
    move(province_officer, hung_yen, "submitted")
    for to in ("approved", "returned"):
        with pytest.raises(PermissionDenied):
            move(province_officer, hung_yen, to, reason="x")


@pytest.mark.django_db
def test_nobody_approves_or_returns_what_they_submitted(commune_and_province_officer, province_officer, dong_hung):
    both = commune_and_province_officer
    move(both, dong_hung, "submitted")  # as the commune
    for to in ("approved", "returned"):
        with pytest.raises(PermissionDenied) as refused:
            move(both, dong_hung, to, reason="x")  # as the province: refused, it is their own submission
        assert refused.value.code == "own_submission"
    # As the commune they may still withdraw it; as the province they may not judge it.
    assert services.allowed_transitions(both, dong_hung, move_status(dong_hung)) == ["draft"]
    assert services.allowed_transitions(province_officer, dong_hung, move_status(dong_hung)) == ["approved", "returned"]
    assert move(province_officer, dong_hung, "approved").status == "approved"


@pytest.mark.django_db
def test_the_approving_role_must_be_granted_for_the_units_province(commune_officer, province_officer, dong_hung):
    """A commune officer of 12688 who is also the province officer of 08 covers 12688 (as its commune officer) and
    holds the province role, but not for 12688's province: that is not the approver."""
    from tests.conftest import unit
    from tests.factories import AssignmentFactory

    AssignmentFactory(user=province_officer, role="commune", unit=dong_hung)  # a second officer of 12688
    move(province_officer, dong_hung, "submitted")
    AssignmentFactory(user=commune_officer, role="province", unit=unit("08"))
    with pytest.raises(PermissionDenied):
        move(commune_officer, dong_hung, "approved")


@pytest.mark.django_db
@pytest.mark.parametrize("step", sorted(services.TRANSITIONS))
def test_each_steps_role_comes_from_the_table(
    step, monkeypatch, commune_officer, province_officer, ministry_officer, dong_hung
):
    """Change the table and the service follows: no role is decided anywhere else."""
    frm, to = step
    from antq.reporting.models import Submission

    submission = Submission.objects.create(unit=dong_hung, period=Y2025.code, due_date=Y2025.end, status=frm)
    table_role = services.TRANSITIONS[step]["commune"]
    assert services.may_transition(
        {"commune": commune_officer, "province": province_officer}[table_role], dong_hung, submission, to
    )
    monkeypatch.setitem(services.TRANSITIONS, step, {"commune": "ministry"})
    assert services.may_transition(ministry_officer, dong_hung, submission, to)
    assert not services.may_transition(commune_officer, dong_hung, submission, to)
    assert not services.may_transition(province_officer, dong_hung, submission, to)
    assert move(ministry_officer, dong_hung, to, reason="x").status == to


@pytest.mark.django_db
@pytest.mark.parametrize("to", ["bogus", ""])
def test_an_unknown_target_status_is_a_vietnamese_refusal_not_a_500(client, commune_officer, dong_hung, to):
    move(commune_officer, dong_hung, "submitted")
    with pytest.raises(ValidationFailed, match="Không thể chuyển báo cáo"):
        move(commune_officer, dong_hung, to)
    client.force_login(commune_officer)
    response = client.post("/bao-cao/12688/2025/chuyen/", {"to": to})
    assert response.status_code in (302, 400)
