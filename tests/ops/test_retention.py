"""Retention (docs/privacy.md, "Retention"): expired uploads go, personal data past its period is anonymised and
audited by count, a dry run changes nothing, and no report figure moves."""

from __future__ import annotations

import datetime as dt
import io
import os
import time

import django_tasks.signals  # noqa: F401 (connects the backends' reset on a TASKS change)
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from antq.accounts.models import AuditEntry, RoleAssignment, User
from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.forces import services
from antq.forces.models import ProposalKind, RosterProposal, TeamMember
from antq.ops import tasks
from antq.ops.retention import ANONYMOUS_ID, ANONYMOUS_NAME, birth_date_generalised, retention_run
from antq.reporting.selectors import indicator_values
from tests.forces.fixtures import member_data
from tests.forces.test_views import team_leader_user

# Five years and a half after the fixtures' dates: a membership ended in January 2025 is past its period.
TODAY = dt.date(2030, 9, 1)
PERIODS = ["2024", "2024-11", "2024-12", "2025-01", "2025Q1", "2025", "2024..2025"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    return settings.MEDIA_ROOT


@pytest.fixture
def ended_long_ago(commune_officer, team, thon_dong):
    """Born 20/12/1978 — 45 on 30/11/2024, 46 on 31/12/2024: an age band boundary inside the membership."""
    member = services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(
            thon_dong,
            full_name="Lê Thị Cúc",
            national_id="033178004321",
            birth_date=dt.date(1978, 12, 20),
            gender="female",
            note="Con ông Lê Văn Dũng",
        ),
    )
    return services.member_end(
        actor=commune_officer, member=member, end_date=dt.date(2025, 1, 31), reason="moved", note="Chuyển nhà"
    )


@pytest.fixture
def ended_recently(commune_officer, team, thon_tay):
    member = services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(thon_tay, full_name="Phạm Văn Đức", national_id="033085009876", birth_date=dt.date(1985, 6, 9)),
    )
    return services.member_end(actor=commune_officer, member=member, end_date=dt.date(2026, 10, 1), reason="moved")


def _figures(actor, unit):
    """Every indicator's value and every declared breakdown (members by role, gender, age band …) per period."""
    figures = {}
    for text in PERIODS:
        period = Period.parse(text)
        figures[text] = indicator_values(actor=actor, unit=unit, period=period)
        for code, indicator in INDICATORS.items():
            if indicator.breakdown is not None:
                figures[f"{text} {code}"] = indicator.breakdown(actor, unit, period)
    return figures


def _upload(media, name: str, hours_old: float):
    path = media / "imports" / name
    path.write_bytes(b"PK full CCCD 033178004321")
    stamp = time.time() - hours_old * 3600
    os.utime(path, (stamp, stamp))
    return path


def test_an_expired_upload_is_deleted_and_a_fresh_one_kept(db, media):
    old = _upload(media, "a" * 32 + ".upload", hours_old=25)
    old_meta = _upload(media, "a" * 32 + ".json", hours_old=25)
    fresh = _upload(media, "b" * 32 + ".upload", hours_old=1)
    report = retention_run(today=TODAY)
    assert report.uploads == 2
    assert not old.exists() and not old_meta.exists()
    assert fresh.exists()


@pytest.mark.usefixtures("media")
def test_a_member_ended_long_ago_is_anonymised_and_a_recent_one_kept(ended_long_ago, ended_recently, leader):
    report = retention_run(today=TODAY)
    assert report.members == 1
    old = TeamMember.objects.get(pk=ended_long_ago.pk)
    assert (old.full_name, old.national_id, old.phone, old.note, old.end_note, old.decision_number) == (
        ANONYMOUS_NAME,
        ANONYMOUS_ID,
        "",
        "",
        "",
        "",
    )
    assert old.birth_date == dt.date(1978, 12, 1)  # the month stays: the age on every period end is the same
    # What the history needs stays: team, role, dates, reason, gender, ethnicity, education, residence.
    assert (old.team_id, old.role, old.start_date, old.end_date, old.end_reason, old.gender) == (
        ended_long_ago.team_id,
        "member",
        dt.date(2024, 8, 1),
        dt.date(2025, 1, 31),
        "moved",
        "female",
    )
    assert old.residence_id == ended_long_ago.residence_id
    for kept in (ended_recently, leader):
        assert TeamMember.objects.get(pk=kept.pk).full_name == kept.full_name


@pytest.mark.usefixtures("media")
def test_the_trail_of_an_anonymised_member_keeps_no_personal_value_and_the_run_is_audited_by_count(
    ended_long_ago, ended_recently, dong_hung
):
    retention_run(today=TODAY)
    member_type = ContentType.objects.get_for_model(TeamMember)
    about = AuditEntry.objects.filter(content_type=member_type, object_pk=str(ended_long_ago.pk))
    assert about.count() >= 2  # added, ended
    text = " ".join(f"{e.object_repr} {e.changes} {e.changes_text} {e.serialized_data}" for e in about)
    for personal in ("Lê Thị Cúc", "4321", "5678", "Chuyển nhà", "Dũng", "1978-12-20", "20/12/1978"):
        assert personal not in text
    assert "full_name" in text  # what changed stays named
    counted = AuditEntry.objects.get(content_type=member_type, object_pk="")
    assert counted.additional_data == {"retention": "ẩn danh", "model": "forces.teammember", "count": 1}
    assert counted.unit_id == dong_hung.pk and counted.province_id == dong_hung.parent_id
    assert counted.actor_id is None and "Cúc" not in counted.object_repr
    recent = AuditEntry.objects.filter(content_type=member_type, object_pk=str(ended_recently.pk))
    assert all(e.object_repr == "Phạm Văn Đức" for e in recent)


@pytest.mark.usefixtures("media")
def test_anonymising_changes_no_report_figure(ended_long_ago, ended_recently, leader, province_officer, dong_hung):
    before = _figures(province_officer, dong_hung)
    assert retention_run(today=TODAY).members == 1
    after = _figures(province_officer, dong_hung)
    assert after == before
    # Not a vacuous comparison: she is counted in 2024, 45 on its November's last day and 46 on December's.
    assert before["2024"]["security_team_members_active"].value == 3
    assert before["2024-11 security_team_members_active"]["age_band"] == {"31-45": 2, "46-60": 1}
    assert before["2024 security_team_members_active"]["age_band"] == {"31-45": 1, "46-60": 2}


def test_the_birth_date_keeps_the_age_on_every_period_end(settings):
    assert birth_date_generalised(dt.date(1980, 3, 15)) == dt.date(1980, 3, 1)
    assert birth_date_generalised(dt.date(1980, 2, 29)) == dt.date(1980, 2, 29)  # February may end on the 28th
    settings.ANTQ_YEAR_END = (12, 14)  # the police's reporting month: every period ends on a 14th
    assert birth_date_generalised(dt.date(1980, 3, 20)) == dt.date(1980, 3, 15)
    assert birth_date_generalised(dt.date(1980, 3, 10)) == dt.date(1980, 3, 1)


def test_dry_run_changes_nothing_and_reports_counts(media, ended_long_ago, ended_recently):
    upload = _upload(media, "c" * 32 + ".upload", hours_old=48)
    entries = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)  # today: nothing of the fixtures is old enough yet
    assert "Chạy thử" in out.getvalue()
    report = retention_run(today=TODAY, dry_run=True)
    assert (report.uploads, report.members, report.dry_run) == (1, 1, True)
    assert upload.exists()
    assert TeamMember.objects.get(pk=ended_long_ago.pk).full_name == "Lê Thị Cúc"
    assert AuditEntry.objects.count() == entries


@pytest.mark.usefixtures("media")
def test_old_audit_entries_are_deleted_and_the_deletion_counted(ended_recently, hung_yen):
    entries = AuditEntry.objects.filter(province=hung_yen)
    old_count = entries.count()
    assert old_count >= 2
    entries.update(timestamp=timezone.make_aware(dt.datetime(2020, 1, 1)))
    report = retention_run(today=dt.date(2026, 12, 1))
    assert report.audit_entries_deleted == old_count
    left = AuditEntry.objects.get(province=hung_yen)
    assert left.action == 2 and left.additional_data["count"] == old_count


@pytest.mark.usefixtures("media")
def test_an_account_whose_roles_ended_long_ago_is_disabled_and_anonymised(team, commune_officer):
    leader_user = team_leader_user(team)
    first_name = str(leader_user)  # the name its role assignment's audit entry was written with
    leader_user.full_name, leader_user.phone, leader_user.email = "Hoàng Văn Em", "0987654321", "em@example.vn"
    leader_user.save()
    RoleAssignment.objects.filter(user=leader_user).update(valid_to=dt.date(2025, 1, 31))
    proposal = RosterProposal.objects.create(
        team=team,
        kind=ProposalKind.ADD,
        payload={"full_name": "Võ Thị Giang", "phone": "0911222333"},
        proposed_by=leader_user,
    )
    assert retention_run(today=TODAY).users == 1
    user = User.objects.get(pk=leader_user.pk)
    assert (user.username, user.full_name, user.phone, user.email, user.is_active) == (
        f"da-an-danh-{user.pk}",
        "",
        "",
        "",
        False,
    )
    assert not user.has_usable_password()
    trail = AuditEntry.objects.filter(
        content_type__in=ContentType.objects.get_for_models(User, RoleAssignment).values()
    ).exclude(object_pk="")
    assert trail.exists()
    for name in ("Hoàng Văn Em", first_name):
        assert not any(name in e.object_repr or name in str(e.changes) for e in trail), name
    assert User.objects.get(pk=commune_officer.pk).is_active  # still assigned
    assert RosterProposal.objects.get(pk=proposal.pk).payload  # pending: the commune has not decided yet


@pytest.mark.usefixtures("media")
def test_a_proposal_decided_long_ago_loses_its_payload(team, commune_officer):
    leader_user = team_leader_user(team)
    proposal = RosterProposal.objects.create(
        team=team,
        kind=ProposalKind.ADD,
        payload={"full_name": "Võ Thị Giang", "phone": "0911222333"},
        reason="Người mới chuyển đến",
        proposed_by=leader_user,
        status="rejected",
        decided_by=commune_officer,
        decided_at=timezone.make_aware(dt.datetime(2025, 2, 1)),
    )
    assert retention_run(today=TODAY).proposals == 1
    proposal.refresh_from_db()
    assert (proposal.payload, proposal.reason) == ({}, "")


def test_the_retention_task_runs_the_same_rules(db, media, settings):
    # Run it where it is enqueued, whatever backend the server uses (django_tasks.signals resets the backends).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _upload(media, "d" * 32 + ".upload", hours_old=48)
    result = tasks.retention_task.enqueue(dry_run=True)
    assert result.return_value["uploads"] == 1 and result.return_value["dry_run"] is True
