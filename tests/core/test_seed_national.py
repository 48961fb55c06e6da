"""seed_national builds the synthetic nation over whatever geography is loaded (here the small test world),
deterministically: the same seed gives the same rows, another seed other rows. Its outreach summary equals a recount,
and it refuses a database that already holds data."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum

from antq.activities.models import Award, Festival, OutreachActivity, OutreachMonth
from antq.forces.models import SecurityTeam, TeamMember, Training
from antq.geo.models import AdminUnit, Level, Locality
from antq.reporting.models import EnteredValue
from antq.schemes.models import Scheme, SchemeSite


def _fingerprint():
    return (
        sorted(Locality.objects.values_list("commune__code", "name", "households")),
        sorted(SecurityTeam.objects.values_list("commune__code", "name", "founded_on", "dissolved_on")),
        sorted(TeamMember.objects.values_list("national_id", "full_name", "role", "start_date", "end_date")),
        sorted(Training.objects.values_list("member__national_id", "start_date", "passed")),
        sorted(SchemeSite.objects.values_list("commune__code", "scheme__name", "started_on", "status", "recognition")),
        sorted(OutreachActivity.objects.values_list("unit__code", "date", "kind", "topic", "attendees", "count")),
        sorted(Festival.objects.values_list("commune__code", "year", "held_on", "is_pilot")),
        sorted(Award.objects.values_list("unit__code", "name", "decision_date")),
        sorted(EnteredValue.objects.values_list("unit__code", "period", "indicator", "value")),
    )


def _seed(seed: int, years: int = 2):
    out = io.StringIO()
    with transaction.atomic():
        call_command("seed_national", "--seed", str(seed), "--years", str(years), stdout=out)
        fingerprint = _fingerprint()
        summary = OutreachMonth.objects.filter(total=True).aggregate(n=Sum("activities"))["n"]
        transaction.set_rollback(True)
    return fingerprint, summary, out.getvalue()


@pytest.mark.django_db
def test_same_seed_same_rows_and_counts_printed():
    first, summary, output = _seed(1)
    second, _, _ = _seed(1)
    assert first == second
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).count()
    localities, teams, members, _, sites, outreach, festivals, awards, entered = first
    assert len(localities) >= 12 * communes and teams and members and sites and festivals and awards
    # ≈ 600 outreach rows per commune and province a year, all counted once in the province totals.
    assert len(outreach) > 400 * 2 * communes and summary == len(outreach)
    assert {code for _, period, code, _ in entered} and {period for _, period, _, _ in entered} == {"2021", "2022"}
    for label in ("Thôn, tổ dân phố", "Thành viên Tổ bảo vệ ANTT", "Hoạt động tuyên truyền", "Số liệu nhập theo kỳ"):
        assert label in output
    assert f"{len(outreach):,}".replace(",", ".") in output  # counts in the Vietnamese layout


@pytest.mark.django_db
def test_other_seed_other_rows():
    assert _seed(1, years=1)[0] != _seed(2, years=1)[0]


@pytest.mark.django_db
def test_refuses_a_database_with_data(dong_hung):
    Locality.objects.create(commune=dong_hung, name="Thôn 1", kind="thon")
    with pytest.raises(CommandError, match="đã có"):
        call_command("seed_national", stdout=io.StringIO())
    assert not Scheme.objects.exists()
