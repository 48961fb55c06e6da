"""The outreach summary rows stay exact: after writes through every service that records, corrects, deletes or
imports outreach, the summary equals a full recount of the rows, and every figure read from it equals the same
figure counted straight from the rows — for the nation, a province and a commune, per child unit, and for periods
whose edges cut through a month (a year cut-off of 14/12)."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, Sum

from antq.activities import services
from antq.activities.imports import OutreachImporter
from antq.activities.indicators import OUTREACH
from antq.activities.models import OutreachActivity, OutreachMonth
from antq.activities.selectors import recorded_in_scope_q, recorded_within_q
from antq.activities.summary import MEASURES, outreach_totals, per_unit_totals, recount, summary_rebuild
from antq.core.imports import import_confirm, import_preview
from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level
from tests.activities.fixtures import KIND_DATA, activity_data
from tests.activities.test_imports import HEADER, row
from tests.sheets import xlsx


def _summary() -> dict:
    return {
        (r.unit_id, r.total, r.month, r.kind): tuple([r.activities] + [getattr(r, name) for name in MEASURES])
        for r in OutreachMonth.objects.all()
        if r.activities or any(getattr(r, name) for name in MEASURES)
    }


def _expected() -> dict:
    """The summary a full recount gives: own rows per recording unit, total rows per province."""
    rows: dict = {}
    for r in recount(OutreachActivity.objects.all()):
        month = r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"]
        province = r["unit_id"] if r["unit__level"] == Level.PROVINCE else r["unit__parent_id"]
        values = [r["activities"]] + [int(r[name] or 0) for name in MEASURES]
        for key in ((r["unit_id"], False, month, r["kind"]), (province, True, month, r["kind"])):
            rows[key] = tuple(a + b for a, b in zip(rows.get(key, (0,) * len(values)), values, strict=True))
    return rows


def _raw_figure(actor, unit, period, kinds, measure):
    rows = OutreachActivity.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), date__range=period.bounds, kind__in=kinds
    )
    return rows.aggregate(n=Count("pk") if measure is None else Sum(measure))["n"] or 0


def _raw_per_unit(actor, unit, period, kinds, measure):
    rows = OutreachActivity.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), date__range=period.bounds, kind__in=kinds
    )
    result: Counter = Counter()
    for activity in rows.select_related("unit"):
        key = activity.unit_id
        if unit.level == Level.NATION and activity.unit.level == Level.COMMUNE:
            key = activity.unit.parent_id
        result[key] += 1 if measure is None else (getattr(activity, measure) or 0)
    return {k: v for k, v in result.items() if v}


@pytest.fixture
def written(commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, hung_yen):
    """Activities written through every service, in several months (and on month edges)."""
    write_through_every_service(commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, hung_yen)


def write_through_every_service(
    commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, hung_yen
):
    """Activities written through every service (also the exercise of tests/core/test_summaries.py: the arguments
    are fixture names)."""
    for kind in KIND_DATA:
        services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(kind))
    services.activity_record(
        actor=province_officer, unit=hung_yen, **activity_data("visit", date=dt.date(2025, 12, 20))
    )
    services.activity_record(actor=other_commune_officer, unit=tan_tien, **activity_data("contest"))
    services.activities_record_many(
        actor=commune_officer,
        unit=dong_hung,
        rows=[
            activity_data("session", date=dt.date(2024, 12, 15), attendees=40, attendees_students=0),
            activity_data("banners", date=dt.date(2025, 12, 31), count=7),
            activity_data("news", date=dt.date(2025, 1, 1)),
        ],
    )
    # The same story, banners and contest as above, recorded again on purpose (confirmed).
    again = {"confirm_duplicate": True}
    moved = services.activity_record(actor=commune_officer, unit=dong_hung, **again, **activity_data("story"))
    services.activity_update(
        actor=commune_officer, activity=moved, **activity_data("session", date=dt.date(2025, 6, 1))
    )
    changed = services.activity_record(actor=commune_officer, unit=dong_hung, **again, **activity_data("banners"))
    services.activity_update(actor=commune_officer, activity=changed, count=30)
    gone = services.activity_record(actor=commune_officer, unit=dong_hung, **again, **activity_data("contest"))
    services.activity_delete(actor=commune_officer, activity=gone)
    plan = import_preview(
        actor=commune_officer,
        importer=OutreachImporter,
        file=xlsx(
            [
                HEADER,
                row(
                    date="13/12/2025",
                    kind="Lớp, buổi tuyên truyền",
                    topic="ma tuy",
                    attendees=500,
                    attendees_students=90,
                ),
                row(date="02/04/2025", kind="Tin, bài", topic="Khác", title="Tin", outlet="Báo HY"),
            ]
        ),
        filename="tuyen-truyen.xlsx",
        unit=dong_hung,
    )
    assert plan.is_valid, plan.errors
    import_confirm(actor=commune_officer, plan=plan)


@pytest.mark.django_db
def test_summary_rows_equal_a_full_recount_after_every_service(written):
    assert OutreachActivity.objects.count() == len(KIND_DATA) + 2 + 3 + 2 + 2
    assert _summary() == _expected()
    # A rebuild from the rows writes the same rows.
    before = _summary()
    summary_rebuild()
    assert _summary() == before


@pytest.mark.django_db
@pytest.mark.parametrize("cut_off", [(12, 31), (12, 14)])
@pytest.mark.parametrize("code", ["2025", "2025H2", "2025Q4", "2025-03", "2024..2025"])
def test_every_figure_from_the_summary_equals_the_count_from_the_rows(
    written, settings, cut_off, code, ministry_officer, province_officer, commune_officer, hung_yen, dong_hung
):
    settings.ANTQ_YEAR_END = cut_off
    period = Period.parse(code)
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    for actor, unit in ((ministry_officer, nation), (province_officer, hung_yen), (commune_officer, dong_hung)):
        for indicator, (kinds, measure) in OUTREACH.items():
            expected = _raw_figure(actor, unit, period, kinds, measure)
            assert INDICATORS[indicator].compute(actor, unit, period) == expected, (indicator, unit.code)
            if unit.level != Level.COMMUNE:
                per_unit = {k: v for k, v in per_unit_totals(actor, unit, period, kinds, measure).items() if v}
                assert per_unit == _raw_per_unit(actor, unit, period, kinds, measure), (indicator, unit.code)
        totals = outreach_totals(actor, unit, period, ["session"])["session"]
        assert totals["attendees_students"] == _raw_figure(actor, unit, period, ["session"], "attendees_students")


@pytest.mark.django_db
def test_a_commune_officer_reads_only_their_own_commune_even_at_province_and_nation(written, commune_officer, hung_yen):
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    period = Period.parse("2025")
    for unit in (nation, hung_yen):
        for indicator, (kinds, measure) in OUTREACH.items():
            expected = _raw_figure(commune_officer, unit, period, kinds, measure)
            assert INDICATORS[indicator].compute(commune_officer, unit, period) == expected
    assert INDICATORS["outreach_sessions"].compute(commune_officer, hung_yen, period) > 0


@pytest.mark.django_db
def test_a_failed_write_leaves_the_summary_untouched(commune_officer, dong_hung):
    services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data("session"))
    before = _summary()
    with pytest.raises(Exception):  # noqa: B017 — a bad row anywhere: nothing of the batch is written
        services.activities_record_many(
            actor=commune_officer,
            unit=dong_hung,
            rows=[activity_data("session"), activity_data("session", attendees=1, attendees_students=5)],
        )
    assert _summary() == before == _expected()
