"""Every drill-down lists the records behind its figure (issue 15, tester's item 5): for every declared indicator
with `records` — enumerated from the declarations, none listed by hand — the records' count (or the sum of
`record_value`) is the figure, at commune and at province level, on the demo province seeded into the test world
(with a coefficient rate and a base salary that give fractions of a đồng, and a rate that changes mid-year)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from antq.core.indicators import INDICATORS, Aggregation, NumberKind, Source
from antq.core.periods import Period
from antq.core.templatetags.antq import attr
from antq.forces import services as forces_services
from antq.forces.models import BaseSalary
from antq.reporting import selectors
from tests.conftest import unit

WITH_RECORDS = [code for code, i in INDICATORS.items() if i.records is not None]
PERIODS = ["2025", "2025Q3", "2025-11", "2026H2"]  # 2026H2: the tip registry (from 1/7/2026)


def demo_period(code: str) -> Period:
    """The period the demo fills for `code`: 2025, or — for a registry that started later (its area declares a
    `computed_from` after 2025: the tip registry from 1/7/2026) — the half-year it started in."""
    area = INDICATORS[code].area
    starts = [i.computed_from for i in INDICATORS.values() if i.area == area and i.computed_from]
    start = max(starts, default=None)
    if start is None or start.year <= 2025:
        return Period.parse("2025")
    return Period.parse(f"{start.year}H{1 if start.month <= 6 else 2}")


@pytest.fixture
def seeded(db, province_officer, hung_yen):
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    # Deputies paid 0,7 × the base salary from 01/05/2025, a base salary of an odd amount from 01/07/2025:
    # 0,7 × 2.340.001 = 1.638.000,7 đồng a month, so rounding the total and rounding each payment would differ.
    forces_services.support_rate_set(
        actor=province_officer,
        province=hung_yen,
        role="deputy",
        kind="coefficient",
        coefficient=Decimal("0.7"),
        valid_from=dt.date(2025, 5, 1),
    )
    BaseSalary.objects.create(amount_vnd=2_340_001, valid_from=dt.date(2025, 7, 1))


def _records_total(code: str, actor, place, period) -> Decimal:
    indicator = INDICATORS[code]
    rows = list(indicator.records(actor, place, period))
    if indicator.record_value is None:
        return Decimal(len(rows))
    return sum((Decimal(attr(row, indicator.record_value)) for row in rows), Decimal(0))


def test_every_computed_summable_figure_declares_its_records():
    """A figure counted from a registry drills down to its rows (a ratio drills down to its two parts; a measure
    such as a median is not a count of rows and drills down to its value per child unit)."""
    without = [
        code
        for code, i in INDICATORS.items()
        if i.source == Source.COMPUTED
        and i.aggregation != Aggregation.RATIO
        and i.kind != NumberKind.MEASURE
        and i.records is None
    ]
    assert without == []


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("level", ["commune", "province"])
def test_the_records_of_every_drilldown_add_up_to_its_figure(seeded, province_officer, commune_officer, level, period):
    from antq.core.periods import Period

    actor, place = (commune_officer, unit("12688")) if level == "commune" else (province_officer, unit("33"))
    current = Period.parse(period)
    figures = selectors.indicator_values(actor=actor, unit=place, period=current, codes=WITH_RECORDS)
    wrong = {}
    for code in WITH_RECORDS:
        figure = Decimal(figures[code].value or 0)
        total = _records_total(code, actor, place, current)
        if figure != total:
            wrong[code] = (figure, total)
    assert wrong == {}


@pytest.mark.django_db
def test_the_seeded_world_gives_every_drilldown_something_to_list(seeded, province_officer):
    """The check above is not vacuous: at province level each figure with records has a value in 2025 (in the
    half-year its registry started, for a registry that started later)."""
    empty = []
    for code in WITH_RECORDS:
        period = demo_period(code)
        figure = selectors.indicator_values(actor=province_officer, unit=unit("33"), period=period, codes=[code])
        if not figure[code].value:
            empty.append(code)
    assert empty == []
