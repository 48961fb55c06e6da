"""The tip figures' declarations on the reporting core and the report's sentence about tips (issue 19 item 6):
declared by the tip registry (not by reporting), entered only before the registry's day, the sentence written
from the figures and the categories recorded with them (issue 17's rules: the comparison named once, no brackets
side by side)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from antq.core.indicators import AREAS, INDICATORS, Aggregation, NumberKind, Source
from antq.core.narrative import Facts
from antq.core.periods import Period
from antq.reporting import indicators as reporting_indicators
from antq.reporting.checks import check_indicators, check_sentences
from antq.reporting.forms import EntryForm
from antq.tips import indicators
from antq.tips.indicators import Code

CODES = [str(code) for code in Code]


def test_the_tip_figures_are_declared_by_the_tip_registry_and_pass_the_checks():
    assert all(type(INDICATORS[code].code) is Code for code in CODES)
    assert not hasattr(reporting_indicators.Code, "TIPS_RECEIVED")
    assert AREAS["tips"].sentences is indicators.tips_sentences
    assert check_indicators() == [] and check_sentences() == []


def test_what_each_declaration_says():
    received = INDICATORS[Code.TIPS_RECEIVED]
    assert received.computed_from == dt.date(2026, 7, 1) and received.aggregation == Aggregation.SUM
    assert received.breakdowns == ("category", "outcome") and received.per_child is not None
    share = INDICATORS[Code.TIPS_PASSED_IN_TIME_PCT]
    assert (share.aggregation, share.numerator, share.denominator) == (
        Aggregation.RATIO,
        Code.TIPS_PASSED_IN_TIME,
        Code.TIPS_DUE,
    )
    median = INDICATORS[Code.TIPS_ACK_MEDIAN_HOURS]
    assert (median.aggregation, median.kind, median.unit) == (Aggregation.DISTINCT, NumberKind.MEASURE, "giờ")
    assert median.per_child is None  # never summed: each level computes it from its tips


@pytest.mark.parametrize(
    ("period", "entered"),
    [("2025", True), ("2026H1", True), ("2026-06", True), ("2026", False), ("2026-07", False), ("2027", False)],
)
def test_tips_received_is_on_the_entry_form_only_for_periods_before_the_registry(period, entered):
    form = EntryForm(initial_values={}, period=Period.parse(period))
    assert ("tips_received" in form.fields) is entered
    assert not {code for code in CODES if code != "tips_received"} & set(form.fields)  # computed only
    source = INDICATORS[Code.TIPS_RECEIVED].source_for(Period.parse(period))
    assert (source == Source.ENTERED) is entered


# --- The sentence ---------------------------------------------------------------------------------------------------


def _facts(values: dict, baseline: dict | None = None, categories: dict | None = None) -> Facts:
    return Facts(
        whole="toàn tỉnh",
        area="trên địa bàn tỉnh",
        period_label="6 tháng cuối năm 2026",
        end_label="31/12/2026",
        values={code: (None if v is None else Decimal(str(v)), "exact") for code, v in values.items()},
        baseline={code: Decimal(v) for code, v in (baseline or {}).items()},
        baseline_label="cùng kỳ năm 2025",
        details={Code.TIPS_RECEIVED: {"category": categories}} if categories else {},
    )


def test_entered_figure_alone_keeps_the_plain_sentence():
    assert indicators.tips_sentences(_facts({Code.TIPS_RECEIVED: 95}, {Code.TIPS_RECEIVED: 95})) == [
        "Quần chúng nhân dân đã cung cấp 95 tin báo, tố giác tội phạm (bằng cùng kỳ năm 2025), góp phần giúp lực "
        "lượng Công an kịp thời xác minh, xử lý."
    ]


def test_categories_the_share_in_time_and_the_median_one_comparison_no_double_brackets():
    categories = {
        "Trộm cắp tài sản": 30,
        "Ma túy": 40,
        "Lừa đảo, an ninh mạng": 25,
        "Cờ bạc, cá độ": 10,
        "Trật tự công cộng": 8,
        "Bạo lực, cố ý gây thương tích": 6,
        "Khác": 4,
    }
    values = {
        Code.TIPS_RECEIVED: 123,
        Code.TIPS_DUE: 120,
        Code.TIPS_PASSED_IN_TIME: 114,
        Code.TIPS_PASSED_IN_TIME_PCT: "95.0",
        Code.TIPS_ACK_MEDIAN_HOURS: "2.5",
    }
    out = indicators.tips_sentences(_facts(values, {Code.TIPS_RECEIVED: 100}, categories))
    assert out == [
        "Quần chúng nhân dân đã cung cấp 123 tin báo, tố giác tội phạm (tăng 23% so với cùng kỳ năm 2025), gồm 40 "
        "tin về ma túy, 30 tin về trộm cắp tài sản, 25 tin về lừa đảo, an ninh mạng, 10 tin về cờ bạc, cá độ và 18 "
        "tin khác, góp phần giúp lực lượng Công an kịp thời xác minh, xử lý; 95% số tin được chuyển hoặc xử lý xong "
        "trong thời hạn luật định.",
        "Một nửa số tin báo, tố giác được xác nhận tiếp nhận trong vòng 2,5 giờ kể từ khi gửi.",
    ]
    assert all(") (" not in s and s.count("so với") == 1 for s in out[:1])


def test_categories_covering_part_of_the_figure_say_so_and_too_many_are_left_out():
    part = indicators.tips_sentences(_facts({Code.TIPS_RECEIVED: 10}, categories={"Ma túy": 3, "Khác": 1}))[0]
    assert ", trong đó có 03 tin về ma túy và 01 tin khác, góp phần" in part
    # More by category than the figure printed (an approved figure, tips recorded since): no categories at all.
    over = indicators.tips_sentences(_facts({Code.TIPS_RECEIVED: 2}, categories={"Ma túy": 3}))[0]
    assert "tin về" not in over


def test_no_tip_figure_no_sentence():
    assert indicators.tips_sentences(_facts({Code.TIPS_RECEIVED: None})) == []
    assert indicators.tips_sentences(_facts({Code.TIPS_RECEIVED: 0})) == []


@pytest.mark.django_db
def test_the_national_seeder_enters_tips_received_only_for_years_before_the_registry():
    import io

    from antq.core.bulk import NationalContext
    from antq.geo.models import AdminUnit, Level
    from antq.reporting.models import EnteredValue
    from antq.reporting.national import seed_entered_values

    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).values_list(
            "pk", "parent_id", "code", "kind"
        )[:2]
    )
    context = NationalContext(seed=1, years=[2025, 2026], stdout=io.StringIO(), provinces=[], communes=communes)
    seed_entered_values(context)
    years = set(EnteredValue.objects.filter(indicator="tips_received").values_list("period", flat=True))
    assert years == {"2025"}  # 2026 straddles 1/7/2026: the registry counts from that day
    assert EnteredValue.objects.filter(indicator="petitions_received", period="2026").exists()
