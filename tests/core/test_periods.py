"""Periods: parsing, labels, bounds, containment, previous, and the configurable year cut-off."""

import datetime as dt

import pytest
from django.utils import timezone

from antq.core.errors import ValidationFailed
from antq.core.periods import MAX_RANGE_YEARS, MIN_YEAR, Period, PeriodKind, max_year


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2025", PeriodKind.YEAR, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "năm 2025"),
        ("2025H1", PeriodKind.HALF, dt.date(2025, 1, 1), dt.date(2025, 6, 30), "6 tháng đầu năm 2025"),
        ("2025H2", PeriodKind.HALF, dt.date(2025, 7, 1), dt.date(2025, 12, 31), "6 tháng cuối năm 2025"),
        ("2025Q3", PeriodKind.QUARTER, dt.date(2025, 7, 1), dt.date(2025, 9, 30), "quý III năm 2025"),
        ("2025-07", PeriodKind.MONTH, dt.date(2025, 7, 1), dt.date(2025, 7, 31), "tháng 7 năm 2025"),
        ("2024-02", PeriodKind.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "tháng 2 năm 2024"),
        ("2013..2023", PeriodKind.RANGE, dt.date(2013, 1, 1), dt.date(2023, 12, 31), "giai đoạn 2013 - 2023"),
    ],
)
def test_parse_bounds_and_label(text, kind, start, end, label):
    period = Period.parse(text)
    assert period.kind is kind
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert str(period) == text


@pytest.mark.parametrize("text", ["", "2025H3", "2025Q5", "2025-13", "năm 2025", "2023..2013", "25"])
def test_bad_period_is_rejected_in_vietnamese(text):
    with pytest.raises(ValidationFailed) as error:
        Period.parse(text)
    assert "không hợp lệ" in error.value.message or "trước năm bắt đầu" in error.value.message


def test_contains_includes_both_ends():
    period = Period.parse("2025H1")
    assert period.contains(dt.date(2025, 1, 1))
    assert period.contains(dt.date(2025, 6, 30))
    assert not period.contains(dt.date(2025, 7, 1))
    assert not period.contains(dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2025", "2024"),
        ("2025H1", "2024H2"),
        ("2025H2", "2025H1"),
        ("2025Q1", "2024Q4"),
        ("2025-01", "2024-12"),
        ("2025-07", "2025-06"),
        ("2013..2023", "2002..2012"),
    ],
)
def test_previous(text, previous):
    assert str(Period.parse(text).previous()) == previous


def test_year_cut_off_is_a_setting(settings):
    # A province that closes its year on 15/12 reports 16/12/2024 – 15/12/2025 as "2025".
    settings.ANTQ_YEAR_END = (12, 15)
    period = Period.parse("2025")
    assert (period.start, period.end) == (dt.date(2024, 12, 16), dt.date(2025, 12, 15))
    assert Period.parse("2025H1").end == dt.date(2025, 6, 15)


def test_stock_is_taken_at_the_period_end():
    assert Period.parse("2025Q3").stock_date == dt.date(2025, 9, 30)


@pytest.mark.django_db
def test_stock_figures_are_taken_at_period_end_and_flow_figures_within(dong_hung):
    from antq.core.periods import flow_q, stock_q
    from antq.geo.models import Locality

    Locality.objects.create(commune=dong_hung, name="Thôn 1", kind="thon")
    Locality.objects.create(commune=dong_hung, name="Thôn 2", kind="thon", ended_on=dt.date(2025, 3, 10))
    Locality.objects.create(commune=dong_hung, name="Thôn 3", kind="thon", ended_on=dt.date(2025, 6, 30))
    localities = Locality.objects.filter(commune=dong_hung)
    h1, q1, year = Period.parse("2025H1"), Period.parse("2025Q1"), Period.parse("2025")
    # Stock: Thôn 2 ended in March, so it is gone at the end of Q1 and of H1; Thôn 3 ends on H1's last day.
    assert localities.filter(stock_q(q1, start_field=None, end_field="ended_on")).count() == 2
    assert localities.filter(stock_q(h1, start_field=None, end_field="ended_on")).count() == 2
    assert localities.filter(stock_q(year, start_field=None, end_field="ended_on")).count() == 1
    # Flow: endings that happened within each period.
    assert localities.filter(flow_q(q1, date_field="ended_on")).count() == 1
    assert localities.filter(flow_q(h1, date_field="ended_on")).count() == 2
    assert localities.filter(flow_q(Period.parse("2025H2"), date_field="ended_on")).count() == 0


# --- Bounds: one parser refuses what no report covers, before anything is computed ---------------------------


@pytest.mark.parametrize("text", ["1900..9998", "1900..9999", "1999", "1999..2010", "9999", "2000..9999"])
def test_period_outside_the_movement_years_is_refused_with_the_allowed_years(text):
    with pytest.raises(ValidationFailed) as error:
        Period.parse(text)
    assert error.value.field == "period"
    assert f"từ {MIN_YEAR} đến {max_year()}" in error.value.message


def test_first_year_and_next_year_are_allowed_and_the_year_after_is_not():
    next_year = timezone.localdate().year + 1
    assert max_year() == next_year
    assert Period.parse(str(MIN_YEAR)).year == MIN_YEAR
    assert Period.parse(f"{next_year}Q4").year == next_year
    assert Period.parse(f"{MIN_YEAR}..{next_year}").index == next_year
    with pytest.raises(ValidationFailed):
        Period.parse(str(next_year + 1))


def test_range_longer_than_the_maximum_is_refused(monkeypatch):
    # Today the year bounds already keep ranges short; the length bound holds once the movement is older.
    monkeypatch.setattr("antq.core.periods.max_year", lambda: 2100)
    assert Period.parse(f"2000..{2000 + MAX_RANGE_YEARS - 1}").index == 2000 + MAX_RANGE_YEARS - 1
    with pytest.raises(ValidationFailed) as error:
        Period.parse(f"2000..{2000 + MAX_RANGE_YEARS}")
    assert f"dài quá {MAX_RANGE_YEARS} năm" in error.value.message


def test_full_width_digits_read_as_ascii_but_other_scripts_and_superscripts_are_refused():
    assert str(Period.parse("２０２５Ｑ３")) == "2025Q3"
    for text in ["2025Q٣", "٢٠٢٥", "²⁰²⁵", "2025Q³", "२०२५"]:
        with pytest.raises(ValidationFailed):
            Period.parse(text)


def test_long_input_is_refused_and_shortened_in_the_message():
    with pytest.raises(ValidationFailed) as error:
        Period.parse("2025" * 10_000)
    assert len(error.value.message) < 200


# --- Every entry point uses the one parser -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["1900..9998", "1900..9999", "2025Q٣"])
def test_export_report_command_refuses_a_period_outside_the_bounds(ministry_officer, tmp_path, period):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "bao-cao.xlsx"
    with pytest.raises(CommandError, match="Kỳ báo cáo"):
        call_command(
            "export_report", "--unit", "33", "--period", period, "--format", "xlsx", "--out", str(out),
            "--as", ministry_officer.username,
        )  # fmt: skip
    assert not out.exists()


@pytest.mark.django_db
def test_document_form_refuses_a_period_outside_the_bounds_in_vietnamese(client, province_officer):
    from antq.documents.models import ReportDocument

    client.force_login(province_officer)
    response = client.post("/van-ban/33/tao/", {"period": "1900..9998"}, follow=True)
    assert response.status_code == 200
    assert "nằm ngoài khoảng cho phép" in response.content.decode()
    assert not ReportDocument.objects.exists()


@pytest.mark.parametrize("cut_off", [(12, 31), (12, 14), (6, 30)])
def test_months_nest_in_quarters_halves_and_years_under_every_cut_off(settings, cut_off):
    """A month's flow counts in each longer period that contains it, so months must not straddle them: under a
    cut-off on the 14th the reporting month 12 runs 15/11 → 14/12 (the police's month), not the calendar month."""
    settings.ANTQ_YEAR_END = cut_off
    for year in (2025, 2026):
        months = [Period.parse(f"{y}-{m:02d}") for y in (year - 1, year) for m in range(1, 13)]
        for longer in [Period.parse(str(year)), *(Period.parse(f"{year}Q{q}") for q in range(1, 5))]:
            inside = [m for m in months if longer.start <= m.start and m.end <= longer.end]
            straddling = [m for m in months if m.start < longer.start <= m.end or m.start <= longer.end < m.end]
            assert straddling == [], (longer, straddling)
            assert sum((m.end - m.start).days + 1 for m in inside) == (longer.end - longer.start).days + 1
    if cut_off == (12, 14):
        assert (Period.parse("2026-12").start, Period.parse("2026-12").end) == (
            dt.date(2026, 11, 15),
            dt.date(2026, 12, 14),
        )
