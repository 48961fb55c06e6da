"""Retention (docs/privacy.md, "Retention"): what ANTQ keeps no longer than the law and its purpose need.

Run daily by `manage.py retention` (a systemd timer or cron line, docs/backups.md) or the `retention_task` job:
- import uploads past ANTQ_IMPORT_KEEP_HOURS are deleted;
- background jobs (antq/core/jobs.py): a finished job's file is deleted JOB_FILE_DAYS after it finished (with any
  file under MEDIA_ROOT/jobs/ no job refers to, past the same age); a done job's row JOB_DONE_DAYS after, a failed
  one's JOB_FAILED_DAYS after (kept longer: its error's request id leads to the log line); the task queue's finished
  rows (django-tasks) TASK_RESULT_DAYS after; a job waiting or running is never touched;
- a membership ended more than 5 years ago is anonymised: name, CCCD, phone, notes and decision numbers blanked,
  the birth date kept only as precisely as the age bands of every report period need; the team, role, dates,
  gender, ethnicity, education and residence locality stay, so no report figure changes;
- a team leader's proposal decided more than 5 years ago, or about an anonymised member, loses its payload;
- an account whose last role assignment ended more than 5 years ago is disabled and anonymised (its row stays:
  audit entries refer to it);
- audit entries older than 5 years are deleted; younger entries about anonymised records lose the personal values.

The anonymising writes bypass the audit signals on purpose: an entry per record would copy the very data being
erased into the trail. Instead each run writes one audit entry per model and unit with the count, never a value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from antq.accounts.models import AuditEntry, RoleAssignment, User
from antq.core.imports import plans_purge
from antq.core.models import Job, JobStatus
from antq.core.periods import Period, PeriodKind
from antq.core.summary import track, writes_summary
from antq.core.text import name_sort_key
from antq.forces.models import EquipmentIssue, Evaluation, ProposalStatus, RosterProposal, TeamMember, Training
from antq.geo.models import AdminUnit

# docs/privacy.md, "What ANTQ keeps": members' data "5 years after the membership ends", accounts "5 years after the
# last assignment ends", audit entries "5 years" (Law 91/2025/QH15 on personal data protection: data is kept no
# longer than its purpose needs — the storage-limitation principle; Decree 13/2023/NĐ-CP, Art. 3.8 before it).
RETENTION_YEARS = 5
ANONYMOUS_NAME = "Đã ẩn danh"
ANONYMOUS_ID = "000000000000"  # 12 ASCII digits (the database's rule for a CCCD); no real CCCD begins with 000
ANONYMOUS_USERNAME = "da-an-danh-{pk}"
ERASED = "(đã ẩn danh)"
MEMBER_FIELDS = [
    "full_name",
    "sort_key",
    "national_id",
    "phone",
    "birth_date",
    "decision_number",
    "age_exception_decision",
    "note",
    "end_note",
]
USER_FIELDS = ["username", "full_name", "first_name", "last_name", "email", "phone", "is_active", "password"]
BATCH = 1000

# Background jobs (docs/privacy.md, "Retention"): a job's file is a copy of registry data (a member list, a report)
# its owner can make again at any time, so it is kept a week; the job's row says what was done, longer; a failed
# job's row, longer still, for the help desk to find its log line by the request id it shows.
JOB_FILE_DAYS = 7
JOB_DONE_DAYS = 30
JOB_FAILED_DAYS = 90
TASK_RESULT_DAYS = 30
JOBS_DIR = "jobs"


@dataclass(frozen=True)
class RetentionReport:
    """What one run removed or anonymised (or, in a dry run, would have)."""

    uploads: int = 0
    job_files: int = 0
    jobs: int = 0
    task_results: int = 0
    members: int = 0
    proposals: int = 0
    users: int = 0
    audit_entries_anonymised: int = 0
    audit_entries_deleted: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)


# --- pure rules ---------------------------------------------------------------------------------------------------


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29/02 → 28/02 in a common year)."""
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@functools.cache
def _period_end_days(month: int, year_end: tuple[int, int]) -> frozenset[int]:
    """The days of `month` on which a report period (month, quarter, half, year) can end under the cut-off
    `year_end` (ANTQ_YEAR_END); 28 years cover every leap-year pattern."""
    ends: set[int] = set()
    for year in range(2001, 2029):
        periods = [Period(PeriodKind.YEAR, year)]
        periods += [Period(PeriodKind.HALF, year, i) for i in (1, 2)]
        periods += [Period(PeriodKind.QUARTER, year, i) for i in (1, 2, 3, 4)]
        periods += [Period(PeriodKind.MONTH, year, i) for i in range(1, 13)]
        ends.update(p.end.day for p in periods if p.end.month == month)
    return frozenset(ends)


def birth_date_generalised(birth_date: dt.date) -> dt.date:
    """The earliest day of the birth month giving the same age as `birth_date` on every day a report period can
    end: the age bands of the forces' figures (age on the period's last day) stay exactly as they were, while the
    day of birth is gone (with calendar months: the 1st, except a 29/02 birthday, since February may end on the
    28th)."""
    ends = _period_end_days(birth_date.month, tuple(settings.ANTQ_YEAR_END))
    earlier_ends = [day for day in ends if day < birth_date.day]
    return birth_date.replace(day=max(earlier_ends, default=0) + 1)


# --- selection ----------------------------------------------------------------------------------------------------


def _cutoff(today: dt.date) -> dt.date:
    return years_before(today, RETENTION_YEARS)


def members_expired(today: dt.date) -> models.QuerySet[TeamMember]:
    """Memberships ended more than the retention period ago and not yet anonymised."""
    return TeamMember.objects.filter(end_date__lt=_cutoff(today)).exclude(national_id=ANONYMOUS_ID)


def proposals_expired(today: dt.date, member_ids: Sequence[int]) -> models.QuerySet[RosterProposal]:
    """Decided proposals past the retention period, or about a member being anonymised, still holding data."""
    cutoff = timezone.make_aware(dt.datetime.combine(_cutoff(today), dt.time.min))
    decided_long_ago = ~Q(status=ProposalStatus.PENDING) & Q(decided_at__lt=cutoff)
    return RosterProposal.objects.filter(decided_long_ago | Q(member_id__in=member_ids)).exclude(payload={}, reason="")


def users_expired(today: dt.date) -> models.QuerySet[User]:
    """Accounts whose every role assignment ended more than the retention period ago (superusers never)."""
    prefix = ANONYMOUS_USERNAME.split("{", 1)[0]
    return (
        User.objects.filter(assignments__isnull=False, is_superuser=False)
        .exclude(assignments__valid_to__isnull=True)
        .exclude(username__startswith=prefix)
        .annotate(last_end=Max("assignments__valid_to"))
        .filter(last_end__lt=_cutoff(today))
    )


def audit_entries_expired(today: dt.date) -> models.QuerySet[AuditEntry]:
    cutoff = timezone.make_aware(dt.datetime.combine(_cutoff(today), dt.time.min))
    return AuditEntry.objects.filter(timestamp__lt=cutoff)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def jobs_expired(today: dt.date) -> models.QuerySet[Job]:
    """Done jobs finished more than JOB_DONE_DAYS days ago, failed ones more than JOB_FAILED_DAYS days ago."""
    done = Q(status=JobStatus.DONE, finished_at__lt=_day_start(today - dt.timedelta(days=JOB_DONE_DAYS)))
    failed = Q(status=JobStatus.FAILED, finished_at__lt=_day_start(today - dt.timedelta(days=JOB_FAILED_DAYS)))
    return Job.objects.filter(done | failed)


def task_results_expired(today: dt.date) -> models.QuerySet[DBTaskResult]:
    """The job queue's rows (django-tasks) finished more than TASK_RESULT_DAYS days ago (only job ids and counts)."""
    return DBTaskResult.objects.finished().filter(
        finished_at__lt=_day_start(today - dt.timedelta(days=TASK_RESULT_DAYS))
    )


def _files_under(folder: str) -> list[str]:
    """Every file under `folder` of the media storage, as storage names ("jobs/2026/12/x.xlsx")."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in files] + [
        name for sub in folders for name in _files_under(f"{folder}/{sub}")
    ]


def job_files_purge(today: dt.date, *, dry_run: bool = False) -> int:
    """Delete the files of jobs finished more than JOB_FILE_DAYS days ago (the job's row keeps its name and says
    the file is gone), and every file under MEDIA_ROOT/jobs/ past that age that no job refers to (its row deleted,
    or a run that lost its job). Returns the number of files deleted (with `dry_run`: that would be)."""
    cutoff = _day_start(today - dt.timedelta(days=JOB_FILE_DAYS))
    expired = Job.objects.filter(finished_at__lt=cutoff).exclude(result="")
    expired_names = set(expired.values_list("result", flat=True))
    referenced = set(Job.objects.exclude(result="").values_list("result", flat=True))
    deleted = 0
    for name in _files_under(JOBS_DIR):
        orphan = name not in referenced and default_storage.get_modified_time(name) < cutoff
        if name in expired_names or orphan:
            if not dry_run:
                default_storage.delete(name)
            deleted += 1
    if not dry_run:
        expired.update(result="")
    return deleted


# --- writes -------------------------------------------------------------------------------------------------------


@writes_summary("forces")
def _members_anonymise(members: list[TeamMember]) -> None:
    """Blank the members' personal fields; the forces summary is tracked (and finds nothing to change)."""
    with track("forces", members=[m.pk for m in members]):
        for member in members:
            member.full_name = ANONYMOUS_NAME
            member.sort_key = name_sort_key(ANONYMOUS_NAME)
            member.national_id = ANONYMOUS_ID
            member.phone = ""
            member.birth_date = birth_date_generalised(member.birth_date)
            member.decision_number = member.age_exception_decision = member.note = member.end_note = ""
        TeamMember.objects.bulk_update(members, MEMBER_FIELDS, batch_size=BATCH)


def _users_anonymise(users: list[User]) -> None:
    for user in users:
        user.username = ANONYMOUS_USERNAME.format(pk=user.pk)
        user.full_name = user.first_name = user.last_name = user.email = user.phone = ""
        user.is_active = False
        user.password = make_password(None)  # unusable
    User.objects.bulk_update(users, USER_FIELDS, batch_size=BATCH)


def _entries_about(model: type[models.Model], ids: Iterable[int]) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in ids]
    )


def _audit_anonymise(model: type[models.Model], objects: Sequence[models.Model], *, erase_values: bool) -> int:
    """The trail of anonymised records keeps what was done and when, not the values: each entry's name is the
    record's new one; with `erase_values` every changed value is replaced (the changed fields stay named)."""
    names = {str(obj.pk): str(obj)[:200] for obj in objects}
    count = 0
    for start in range(0, len(names), BATCH):
        chunk = list(names)[start : start + BATCH]
        entries = list(_entries_about(model, map(int, chunk)))
        for entry in entries:
            entry.object_repr = names[entry.object_pk]
            if erase_values:
                entry.changes = {field: [ERASED, ERASED] for field in entry.changes or {}} or None
                entry.changes_text = ""
                entry.serialized_data = None
        AuditEntry.objects.bulk_update(entries, ["object_repr", "changes", "changes_text", "serialized_data"])
        count += len(entries)
    return count


def _provinces(unit_ids: Iterable[int | None]) -> dict[int, int | None]:
    wanted = {pk for pk in unit_ids if pk}
    rows = AdminUnit.objects.filter(pk__in=wanted).values_list("pk", "level", "parent_id")
    return {pk: pk if level == "province" else (parent if level == "commune" else None) for pk, level, parent in rows}


def _audit_counts(model: type[models.Model], per_unit: Counter[int | None], *, action: int, what: str) -> None:
    """One entry per unit: how many records of `model` the retention run changed — a count, never a value."""
    content_type = ContentType.objects.get_for_model(model)
    provinces = _provinces(per_unit)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            content_type=content_type,
            object_pk="",
            object_repr=f"Thời hạn lưu giữ: {what} {count} {model._meta.verbose_name}",
            action=action,
            changes=None,
            actor=None,
            timestamp=timezone.now(),
            unit_id=unit_id,
            province_id=provinces.get(unit_id) if unit_id else None,
            additional_data={"retention": what, "model": model._meta.label_lower, "count": count},
        )
        for unit_id, count in sorted(per_unit.items(), key=lambda item: item[0] or 0)
    )


def retention_run(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionReport:
    """Apply docs/privacy.md's retention rules once; with `dry_run` only count. Database changes are one
    transaction; uploads are files and go first."""
    today = today or timezone.localdate()
    uploads = plans_purge(dry_run=dry_run)
    job_files = job_files_purge(today, dry_run=dry_run)
    with transaction.atomic():
        jobs, tasks = jobs_expired(today), task_results_expired(today)
        if dry_run:
            jobs_count, tasks_count = jobs.count(), tasks.count()
        else:
            jobs_count = jobs.delete()[1].get(Job._meta.label, 0)
            tasks_count = tasks.delete()[1].get(DBTaskResult._meta.label, 0)
        members = list(members_expired(today).select_related("team").order_by("pk"))
        proposals = list(proposals_expired(today, [m.pk for m in members]).select_related("team").order_by("pk"))
        users = list(users_expired(today).order_by("pk"))
        expired_entries = audit_entries_expired(today)
        if dry_run:
            return RetentionReport(
                uploads=uploads,
                job_files=job_files,
                jobs=jobs_count,
                task_results=tasks_count,
                members=len(members),
                proposals=len(proposals),
                users=len(users),
                audit_entries_deleted=expired_entries.count(),
                dry_run=True,
            )
        deleted_per_province = Counter(expired_entries.values_list("province_id", flat=True))
        expired_entries.delete()  # first: younger entries alone are left to anonymise

        anonymised = 0
        if members:
            _members_anonymise(members)
            anonymised += _audit_anonymise(TeamMember, members, erase_values=True)
            member_ids = [m.pk for m in members]
            for child in (Training, EquipmentIssue, Evaluation):  # their names carry the member's
                rows = list(child.objects.filter(member_id__in=member_ids).select_related("member"))
                anonymised += _audit_anonymise(child, rows, erase_values=False)
            _audit_counts(TeamMember, Counter(m.team.commune_id for m in members), action=1, what="ẩn danh")
        if proposals:
            RosterProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(payload={}, reason="")
            anonymised += _audit_anonymise(RosterProposal, proposals, erase_values=True)
            _audit_counts(RosterProposal, Counter(p.team.commune_id for p in proposals), action=1, what="ẩn danh")
        if users:
            _users_anonymise(users)
            anonymised += _audit_anonymise(User, users, erase_values=True)
            assignments = list(RoleAssignment.objects.filter(user__in=users).select_related("user", "unit"))
            anonymised += _audit_anonymise(RoleAssignment, assignments, erase_values=False)  # named by the user
            AuditEntry.objects.filter(actor__in=users).update(actor_email="")
            _audit_counts(User, Counter(u.home_unit_id for u in users), action=1, what="ẩn danh")
        if deleted_per_province:
            _audit_counts(AuditEntry, deleted_per_province, action=2, what="xóa")
    return RetentionReport(
        uploads=uploads,
        job_files=job_files,
        jobs=jobs_count,
        task_results=tasks_count,
        members=len(members),
        proposals=len(proposals),
        users=len(users),
        audit_entries_anonymised=anonymised,
        audit_entries_deleted=sum(deleted_per_province.values()),
    )
