"""One summary mechanism (antq.core.summary): every write path registered with `@writes_summary` — enumerated here
from the registrations, not listed by hand — leaves each of its summaries equal to a recount of the registry rows
after every call; a write of a summary's source rows outside `track` is refused, and so is `track` outside a
registered write path; `check_summaries` finds a planted drift (exit status 1, the row named), restricts itself to
--unit / --period, and --fix repairs it."""

import datetime as dt
import inspect
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from antq.activities import services as activity_services
from antq.activities.models import OutreachActivity, OutreachMonth
from antq.core.bulk import bulk_load
from antq.core.summary import SUMMARIES, WRITE_PATHS, SummaryNotTracked, WritePath, after_write, track, writes_summary
from antq.forces.models import TeamMember
from tests.activities import test_summary as outreach_exercise
from tests.activities.fixtures import activity_data
from tests.forces import test_summary as forces_exercise


def _call_with_fixtures(request, function):
    """Call `function` with the fixtures its parameters name."""
    names = inspect.signature(function).parameters
    return function(*(request.getfixturevalue(name) for name in names))


def _services(summary):
    exercise = {"forces": forces_exercise, "outreach": outreach_exercise}[summary]
    return lambda request: _call_with_fixtures(request, exercise.write_through_every_service)


def _demo(request):
    request.getfixturevalue("db")
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())


def _national(request):
    request.getfixturevalue("db")
    call_command("seed_national", "--seed", "1", "--years", "1", stdout=io.StringIO())


def _exercise(path: WritePath):
    """What reaches a write path: the demo seeder for `<app>.seed`, the national seeder for `<app>.national`,
    otherwise the services exercise of its summary (tests/<app>/test_summary.py)."""
    module = path.function.__module__
    if module.endswith(".seed"):
        return _demo
    if module.endswith(".national"):
        return _national
    return _services(path.summaries[0])


def _consistent(path: WritePath) -> None:
    for name in path.summaries:
        summary = SUMMARIES[name]
        assert summary.stored() == summary.recount(), f"{path.name} left the {name} summary unequal to a recount"


def test_the_write_paths_are_registered():
    assert {"forces", "outreach"} <= set(SUMMARIES)
    names = set(WRITE_PATHS)
    for expected in (
        "antq.activities.services.activity_record",
        "antq.activities.imports.OutreachImporter.apply",
        "antq.activities.seed.seed_activities",
        "antq.activities.national.seed_activities",
        "antq.forces.services.member_add",
        "antq.forces.roster.RosterImporter.apply",
        "antq.forces.seed.seed_forces",
        "antq.forces.national.seed_forces",
    ):
        assert expected in names
    for path in WRITE_PATHS.values():
        assert set(path.summaries) <= set(SUMMARIES), path.name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WRITE_PATHS))
def test_every_registered_write_path_leaves_the_summary_equal_to_a_recount(request, name):
    path = WRITE_PATHS[name]
    called: list[str] = []

    def check(done: WritePath) -> None:
        called.append(done.name)
        _consistent(done)

    with after_write(check):
        _exercise(path)(request)
    assert name in called, f"no exercise reaches the write path {name}: add it to its app's test_summary exercise"


@pytest.mark.django_db
def test_a_source_row_written_outside_track_is_refused(dong_hung, team, thon_dong):
    with pytest.raises(SummaryNotTracked):
        OutreachActivity.objects.create(unit=dong_hung, date=dt.date(2025, 1, 1), topic="law", kind="story", title="x")
    with pytest.raises(SummaryNotTracked):
        OutreachActivity.objects.bulk_create(
            [OutreachActivity(unit=dong_hung, date=dt.date(2025, 1, 1), topic="law", kind="story", title="x")]
        )
    with pytest.raises(SummaryNotTracked):
        TeamMember.objects.filter(team=team).update(end_date=dt.date(2025, 1, 1))
    with pytest.raises(SummaryNotTracked):
        bulk_load(TeamMember, ["team", "full_name"], [(team.pk, "Nguyễn Văn A")])
    with pytest.raises(SummaryNotTracked):
        team.save()
    assert not OutreachActivity.objects.exists()


@pytest.mark.django_db
def test_track_outside_a_registered_write_path_is_refused():
    with pytest.raises(SummaryNotTracked, match="writes_summary"), track("outreach"):
        pass


@pytest.mark.django_db
def test_a_write_path_that_forgets_to_name_its_rows_is_caught(dong_hung):
    @writes_summary("outreach")
    def careless(unit):
        with track("outreach"):  # the new row is never added to the tracker: the summary misses it
            OutreachActivity.objects.create(unit=unit, date=dt.date(2025, 1, 1), topic="law", kind="story", title="x")

    try:
        with after_write(_consistent), pytest.raises(AssertionError, match="careless"):
            careless(dong_hung)
    finally:
        WRITE_PATHS.pop(f"{careless.__module__}.{careless.__qualname__}")


# --- check_summaries ---------------------------------------------------------------------------------------------


def _check(*args):
    out = io.StringIO()
    call_command("check_summaries", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def recorded(commune_officer, other_commune_officer, dong_hung, tan_tien, team):
    activity_services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data("session"))
    activity_services.activity_record(
        actor=other_commune_officer, unit=tan_tien, **activity_data("session", date=dt.date(2024, 3, 5))
    )


@pytest.mark.django_db
def test_check_summaries_passes_when_nothing_drifted(recorded):
    assert "khớp" in _check()


@pytest.mark.django_db
def test_check_summaries_finds_a_planted_drift_and_fix_repairs_it(recorded, dong_hung):
    row = OutreachMonth.objects.get(unit=dong_hung, total=False)
    OutreachMonth.objects.filter(pk=row.pk).update(attendees=F("attendees") + 1000)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check_summaries", stdout=out)
    assert failed.value.returncode == 1
    text = out.getvalue()
    assert f"{dong_hung.name} ({dong_hung.code}) · riêng · {row.month:%d/%m/%Y} · session" in text
    assert f"attendees lưu {row.attendees + 1000:_}".replace("_", ".") in text  # Vietnamese layout: 1.120
    assert "1 dòng lệch" in text
    assert "Đã ghi lại 1 dòng" in _check("--fix")
    assert "khớp" in _check()
    assert OutreachMonth.objects.get(pk=row.pk).attendees == row.attendees


@pytest.mark.django_db
def test_check_summaries_removes_a_row_nothing_counts_and_restores_a_missing_one(recorded, dong_hung, tan_tien):
    OutreachMonth.objects.create(unit=dong_hung, total=False, month=dt.date(2020, 1, 1), kind="news", activities=2)
    OutreachMonth.objects.filter(unit=tan_tien).delete()
    with pytest.raises(CommandError):
        _check()
    _check("--fix")
    assert "khớp" in _check()
    assert not OutreachMonth.objects.filter(month=dt.date(2020, 1, 1)).exists()
    assert OutreachMonth.objects.filter(unit=tan_tien, total=False, activities=1).exists()


@pytest.mark.django_db
def test_check_summaries_unit_and_period_restrict_the_check(recorded, dong_hung, tan_tien):
    row = OutreachMonth.objects.get(unit=dong_hung, total=False)
    OutreachMonth.objects.filter(pk=row.pk).update(activities=5)
    assert "khớp" in _check("--unit", tan_tien.code)  # another commune
    assert "khớp" in _check("--period", "2024")  # the drifted month is in 2025
    for args in (
        ("--unit", dong_hung.code),
        ("--unit", "33"),
        ("--unit", "VN"),
        ("--period", f"{row.month:%Y-%m}"),
        (),
    ):
        with pytest.raises(CommandError):
            _check(*args)
    with pytest.raises(CommandError):
        _check("--unit", "không có")
