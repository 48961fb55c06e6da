"""seed_demo is deterministic: the same seed gives the same data, another seed other data."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from antq.forces.models import SecurityTeam, TeamMember
from antq.geo.models import Establishment, Locality


def _fingerprint():
    return (
        sorted(Locality.objects.values_list("commune__code", "name", "households")),
        sorted(Establishment.objects.values_list("commune__code", "name", "kind")),
        sorted(SecurityTeam.objects.values_list("commune__code", "name", "founded_on")),
        sorted(TeamMember.objects.values_list("national_id", "full_name", "role", "birth_date")),
    )


def _seed(seed: int):
    out = io.StringIO()
    with transaction.atomic():
        call_command("seed_demo", "--province", "Hưng Yên", "--seed", str(seed), stdout=out)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint, out.getvalue()


@pytest.mark.django_db
def test_same_seed_same_data_and_logins_printed():
    first, output = _seed(1)
    second, _ = _seed(1)
    assert first == second
    assert first[0] and first[3]  # localities and members were made
    assert "bo_v05" in output and "pv05_33" in output and "antq-demo-2025" in output


@pytest.mark.django_db
def test_other_seed_other_data():
    assert _seed(1)[0] != _seed(2)[0]


@pytest.mark.django_db
def test_if_empty_skips_a_seeded_province():
    out = io.StringIO()
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    count = Locality.objects.count()
    call_command("seed_demo", "--province", "33", "--seed", "1", "--if-empty", stdout=out)
    assert Locality.objects.count() == count
    assert "bỏ qua" in out.getvalue()
