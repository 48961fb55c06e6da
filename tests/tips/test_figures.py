"""The tip figures (issue 19 item 6): `tips_received` computed from the registry from 1/7/2026 (entered before),
primary deliveries only, rolled up commune → province → nation; the breakdowns; the share passed on within the
legal time and the median hours to acknowledge, computed from the tips at every level; the drill-down without
content; the report's sentence.

The world (tests/conftest.py): Đông Hưng (12688) and Tân Tiến (12583) in Hưng Yên (33); Tuyên Quang (08) with
its commune. Tips are made directly with the models (`_tip`), content encrypted as the portal stores it."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from antq.core.indicators import Source
from antq.core.periods import Period
from antq.documents import content
from antq.reporting import selectors, services
from antq.tips import indicators
from antq.tips.crypto import encrypt_text
from antq.tips.indicators import Code
from antq.tips.models import Tip, TipCategory, TipDelivery
from antq.tips.rules import DeliveryRole, Outcome, Status, deadline
from tests.conftest import unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
H2 = Period.parse("2026H2")
SECRET_TEXT = "Ông Nguyễn Văn Bí mật bán ma túy ở số 7 ngõ Hoa Sữa"
SECRET_PHONE = "0359246811"
SECRET_NAME = "Trần Thị Người Báo"
_codes = (f"TG-FIG{n:05d}" for n in itertools.count(1))


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """ "2026-08-03" at 09:00 Vietnam time."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=VN)


def _tip(
    commune: str,
    received: dt.datetime,
    *,
    category: str = "ma-tuy",
    remote: bool = False,
    ack_hours: float | None = None,
    passed_hours: float | None = None,
    closed: str = "",
    forwarded_to: str | None = None,
) -> Tip:
    """A tip as the portal and the inbox leave it: content encrypted, due time from the legal clock, the times of
    its steps; `closed` is an outcome (the tip is then closed an hour after its last step); `forwarded_to` makes
    that unit the primary recipient and the commune info-only."""
    hours = dt.timedelta(hours=1)
    acknowledged = received + ack_hours * hours if ack_hours is not None else None
    passed = received + passed_hours * hours if passed_hours is not None else None
    closed_at = max(t for t in (received, acknowledged, passed) if t is not None) + hours if closed else None
    status = (
        Status.CLOSED if closed else Status.PASSED if passed else Status.ACKNOWLEDGED if acknowledged else Status.NEW
    )
    tip = Tip.objects.create(
        code=next(_codes),
        secret_hash="!",
        category=TipCategory.objects.get(code=category),
        commune=unit(commune),
        body=encrypt_text(SECRET_TEXT),
        contact_name=encrypt_text(SECRET_NAME),
        contact_phone=encrypt_text(SECRET_PHONE),
        identified=True,
        received_at=received,
        remote=remote,
        due_at=deadline(received, remote=remote),
        status=status,
        outcome=closed,
        acknowledged_at=acknowledged,
        passed_at=passed,
        closed_at=closed_at,
    )
    if forwarded_to is None:
        TipDelivery.objects.create(tip=tip, unit=unit(commune), role=DeliveryRole.PRIMARY, delivered_at=received)
    else:
        TipDelivery.objects.create(tip=tip, unit=unit(commune), role=DeliveryRole.INFO_ONLY, delivered_at=received)
        TipDelivery.objects.create(
            tip=tip, unit=unit(forwarded_to), role=DeliveryRole.PRIMARY, delivered_at=received + hours
        )
    return tip


def figure(actor, code: str, period: Period | str, unit_code: str):
    period = Period.parse(period) if isinstance(period, str) else period
    return selectors.indicator_values(actor=actor, unit=unit(unit_code), period=period, codes=[code])[code]


@pytest.fixture
def now_fixed(monkeypatch):
    """The clock of the "decided" test: 20/08/2026 12:00 (a tip received the day before is not due yet)."""
    moment = at("2026-08-20", 12)
    monkeypatch.setattr(indicators.timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def known_set(db, now_fixed):
    """Đông Hưng: passed in 10 h (in time), passed in 30 h (late), open and overdue, open and not due yet,
    closed as a prank in 3 h without being passed on (in time); acknowledged after 2, 5, 9, 1,5 and 0,5 hours.
    Tân Tiến: remote (48 h), passed in 40 h (in time), acknowledged after 1 h; and a tip forwarded to it from
    Đông Hưng, passed in 20 h (in time), acknowledged after 4 h. Tuyên Quang (08): one tip, passed late."""
    _tip("12688", at("2026-08-03"), ack_hours=2, passed_hours=10, category="ma-tuy")
    _tip("12688", at("2026-08-04"), ack_hours=5, passed_hours=30, category="ma-tuy")
    _tip("12688", at("2026-08-05"), ack_hours=9, category="trom-cap")
    _tip("12688", at("2026-08-19", 20), ack_hours=1.5, category="lua-dao")
    _tip("12688", at("2026-08-06"), ack_hours=0.5, closed=Outcome.PRANK, category="khac")
    _tip("12583", at("2026-08-07"), remote=True, ack_hours=1, passed_hours=40, category="trom-cap")
    _tip("12688", at("2026-08-08"), ack_hours=4, passed_hours=20, forwarded_to="12583", category="ma-tuy")
    tq = next(u.code for u in unit("08").children.all() if u.valid_to is None)
    _tip(tq, at("2026-08-09"), ack_hours=3, passed_hours=26, category="co-bac")
    return tq


# --- tips_received ----------------------------------------------------------------------------------------------


def test_tips_received_counts_each_tip_once_with_its_current_primary_unit(known_set, province_officer):
    # Đông Hưng keeps an info-only delivery of the forwarded tip: it does not count there, only in Tân Tiến.
    assert figure(province_officer, Code.TIPS_RECEIVED, H2, "12688").value == 5
    assert figure(province_officer, Code.TIPS_RECEIVED, H2, "12583").value == 2
    assert TipDelivery.objects.filter(unit=unit("12688"), role=DeliveryRole.INFO_ONLY).count() == 1


def test_province_is_the_sum_of_its_communes_and_the_nation_of_its_provinces(known_set, ministry_officer):
    communes = selectors.child_values(actor=ministry_officer, unit=unit("33"), period=H2, codes=[Code.TIPS_RECEIVED])
    counted = {pk: v[Code.TIPS_RECEIVED] for pk, v in communes.items() if v[Code.TIPS_RECEIVED]}
    assert counted == {unit("12688").pk: 5, unit("12583").pk: 2}
    assert sum(v[Code.TIPS_RECEIVED] for v in communes.values()) == 7
    assert figure(ministry_officer, Code.TIPS_RECEIVED, H2, "33").value == 7
    provinces = selectors.child_values(actor=ministry_officer, unit=unit("VN"), period=H2, codes=[Code.TIPS_RECEIVED])
    assert provinces[unit("33").pk][Code.TIPS_RECEIVED] == 7
    assert provinces[unit("08").pk][Code.TIPS_RECEIVED] == 1
    assert figure(ministry_officer, Code.TIPS_RECEIVED, H2, "VN").value == 8


def test_a_tip_forwarded_to_the_province_counts_at_the_province_own_level(db, province_officer):
    _tip("12688", at("2026-09-01"), forwarded_to="33")
    assert figure(province_officer, Code.TIPS_RECEIVED, H2, "12688").value == 0
    assert figure(province_officer, Code.TIPS_RECEIVED, H2, "33").value == 1
    table = selectors.child_table(actor=province_officer, unit=unit("33"), period=H2, codes=[Code.TIPS_RECEIVED])
    assert table.own.values[Code.TIPS_RECEIVED] == 1 and table.total.values[Code.TIPS_RECEIVED] == 1


def test_scope_a_commune_officer_counts_only_own_commune(known_set, commune_officer, other_province_officer):
    assert figure(commune_officer, Code.TIPS_RECEIVED, H2, "33").value == 5
    assert figure(other_province_officer, Code.TIPS_RECEIVED, H2, "33").value == 0


def test_the_day_received_is_the_day_in_vietnam(db, province_officer):
    # 31/12/2026 23:30 in Vietnam is 16:30 UTC the same day; 01/07/2026 00:10 is 30/06 17:10 UTC.
    _tip("12688", at("2026-12-31", 23, 30))
    _tip("12688", at("2026-07-01", 0, 10))
    assert figure(province_officer, Code.TIPS_RECEIVED, "2026-12", "12688").value == 1
    assert figure(province_officer, Code.TIPS_RECEIVED, "2026-07", "12688").value == 1


@pytest.fixture
def entered_history(db, settings, commune_officer):
    """Đông Hưng entered 5 tips for 2026H1 and 3 for 2025; a tip in the registry on 20/06/2026 (before the
    registry's day: never counted) and two in August."""
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    for period, value in (("2026H1", "5"), ("2025", "3")):
        services.values_enter(
            actor=commune_officer,
            unit=unit("12688"),
            period=Period.parse(period),
            values={Code.TIPS_RECEIVED: (value, "exact")},
        )
    _tip("12688", at("2026-06-20"))
    _tip("12688", at("2026-08-01"))
    _tip("12688", at("2026-08-02"))


def test_entered_before_the_registry_day_and_computed_from_it(entered_history, province_officer):
    assert dt.date(2026, 7, 1) == indicators.TIPS_FROM
    h1, h2 = (
        figure(province_officer, Code.TIPS_RECEIVED, "2026H1", "33"),
        figure(province_officer, Code.TIPS_RECEIVED, H2, "33"),
    )
    assert (h1.value, h1.source) == (5, Source.ENTERED)
    assert (h2.value, h2.source) == (2, Source.COMPUTED)
    year = figure(province_officer, Code.TIPS_RECEIVED, "2026", "33")
    assert (year.value, year.source) == (7, Source.MIXED)
    assert [(p.code, s, v) for p, s, v in year.parts] == [("2026H1", "entered", 5), ("2026H2", "computed", 2)]
    old = figure(province_officer, Code.TIPS_RECEIVED, "2025", "33")
    assert (old.value, old.source) == (3, Source.ENTERED)


def test_a_value_can_no_longer_be_entered_for_a_period_the_registry_counts(entered_history, commune_officer):
    from antq.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="01/07/2026"):
        services.values_enter(
            actor=commune_officer,
            unit=unit("12688"),
            period=Period.parse("2026-08"),
            values={Code.TIPS_RECEIVED: ("9", "exact")},
        )


def test_the_other_figures_have_no_value_before_the_registry_started(entered_history, province_officer):
    values = selectors.indicator_values(actor=province_officer, unit=unit("33"), period=Period.parse("2025"))
    assert [values[c].value for c in (Code.TIPS_DUE, Code.TIPS_PASSED_IN_TIME_PCT, Code.TIPS_ACK_MEDIAN_HOURS)] == [
        None,
        None,
        None,
    ]


# --- Breakdowns -------------------------------------------------------------------------------------------------


def test_by_category_and_by_outcome_add_up_to_the_figure(known_set, province_officer):
    parts = indicators.received_breakdown(province_officer, unit("33"), H2)
    assert parts["category"] == {"Ma túy": 3, "Trộm cắp tài sản": 2, "Lừa đảo, an ninh mạng": 1, "Khác": 1}
    assert parts["outcome"] == {"open": 6, "prank": 1}
    total = figure(province_officer, Code.TIPS_RECEIVED, H2, "33").value
    assert sum(parts["category"].values()) == sum(parts["outcome"].values()) == total == 7


def test_breakdowns_count_only_the_registry_part_of_a_straddling_period(entered_history, province_officer):
    parts = indicators.received_breakdown(province_officer, unit("33"), Period.parse("2026"))
    assert sum(parts["category"].values()) == 2  # the June tip is before the registry's day; H1 was entered


# --- Share passed on in time, median hours ---------------------------------------------------------------------


def test_share_in_time_on_a_known_set_and_across_the_roll_up(known_set, ministry_officer):
    # Đông Hưng: decided 4 (the tip received 19/08 20:00 is not due until 20/08 20:00), in time 2 → 50%.
    dh = selectors.indicator_values(actor=ministry_officer, unit=unit("12688"), period=H2)
    assert (dh[Code.TIPS_DUE].value, dh[Code.TIPS_PASSED_IN_TIME].value) == (4, 2)
    assert dh[Code.TIPS_PASSED_IN_TIME_PCT].value == Decimal("50.0")
    # Tân Tiến: the remote tip passed in 40 h (48 h allowed) and the forwarded one in 20 h → 100%.
    tt = selectors.indicator_values(actor=ministry_officer, unit=unit("12583"), period=H2)
    assert tt[Code.TIPS_PASSED_IN_TIME_PCT].value == Decimal("100.0")
    # Province: 4 of 6 (66,7%) — not the average of the communes' shares (75%).
    hy = selectors.indicator_values(actor=ministry_officer, unit=unit("33"), period=H2)
    assert (hy[Code.TIPS_DUE].value, hy[Code.TIPS_PASSED_IN_TIME].value) == (6, 4)
    assert hy[Code.TIPS_PASSED_IN_TIME_PCT].value == Decimal("66.7")
    # Nation: Tuyên Quang's one tip was late → 4 of 7.
    vn = selectors.indicator_values(actor=ministry_officer, unit=unit("VN"), period=H2)
    assert vn[Code.TIPS_PASSED_IN_TIME_PCT].value == Decimal("57.1")
    parts = [Code.TIPS_PASSED_IN_TIME, Code.TIPS_DUE, Code.TIPS_PASSED_IN_TIME_PCT]
    rows = selectors.child_values(actor=ministry_officer, unit=unit("33"), period=H2, codes=parts)
    assert rows[unit("12688").pk][Code.TIPS_PASSED_IN_TIME_PCT] == Decimal("50.0")


def test_median_hours_to_acknowledge_is_computed_from_the_tips_at_each_level(known_set, ministry_officer):
    def median(code: str) -> Decimal | None:
        return figure(ministry_officer, Code.TIPS_ACK_MEDIAN_HOURS, H2, code).value

    assert median("12688") == Decimal("2.0")  # 0,5 · 1,5 · 2 · 5 · 9
    assert median("12583") == Decimal("2.5")  # 1 · 4
    assert median("33") == Decimal("2.0")  # 0,5 · 1 · 1,5 · 2 · 4 · 5 · 9 — not the communes' medians averaged
    assert median("VN") == Decimal("2.5")  # … and Tuyên Quang's 3 h: eight tips, (2 + 3) / 2


def test_median_has_no_value_without_acknowledged_tips(db, province_officer):
    _tip("12688", at("2026-08-03"))
    assert figure(province_officer, Code.TIPS_ACK_MEDIAN_HOURS, H2, "33").value is None


# --- Dashboard and drill-down -------------------------------------------------------------------------------------


def test_dashboard_shows_the_figures_in_vietnamese_format(client, known_set, province_officer):
    client.force_login(province_officer)
    body = client.get("/bao-cao/33/2026H2/").content.decode()
    assert "Tỷ lệ tin báo chuyển hoặc xử lý xong trong thời hạn luật định" in body and "66,7" in body
    assert "Thời gian xác nhận tiếp nhận tin báo (trung vị)" in body


def test_drilldown_lists_codes_and_categories_never_content(client, known_set, province_officer):
    client.force_login(province_officer)
    response = client.get("/bao-cao/33/2026H2/chi-tiet/tips_received/")
    assert response.status_code == 200
    page = response.content.decode()
    codes = list(Tip.objects.filter(commune__parent=unit("33")).values_list("code", flat=True))
    assert codes and all(code in page for code in codes)
    assert "Trộm cắp tài sản" in page and "Xã Đông Hưng" in page and "03/08/2026" in page
    for secret in (SECRET_TEXT, SECRET_NAME, SECRET_PHONE, "Bí mật"):
        assert secret not in page
    export = client.get("/bao-cao/33/2026H2/chi-tiet/tips_received/tai-ve.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert sheet.max_row == 1 + 7  # the heading and the province's seven tips
    assert any(code in cells for code in codes)
    assert not any(secret in cell for cell in cells for secret in (SECRET_TEXT, SECRET_NAME, SECRET_PHONE))


def test_drilldown_filters_by_category_and_commune_officer_sees_own_tips_only(client, known_set, commune_officer):
    client.force_login(commune_officer)
    drugs = TipCategory.objects.get(code="ma-tuy").pk
    response = client.get(f"/bao-cao/12688/2026H2/chi-tiet/tips_received/?loai={drugs}")
    assert response.context["records"].paginator.count == 2  # the forwarded drugs tip is Tân Tiến's now
    assert client.get("/bao-cao/12688/2026H2/chi-tiet/tips_received/").context["records"].paginator.count == 5
    assert client.get("/bao-cao/12583/2026H2/chi-tiet/tips_received/").status_code == 404


# --- The report ----------------------------------------------------------------------------------------------------


def test_report_sentence_names_categories_and_the_share_in_time(known_set, province_officer):
    built = content.build(actor=province_officer, unit=unit("33"), period=H2)
    tips = next(area for area in built["areas"] if area["key"] == "tips")["paragraphs"]
    assert tips[0] == (
        "Quần chúng nhân dân đã cung cấp 07 tin báo, tố giác tội phạm, gồm 03 tin về ma túy, 02 tin về trộm cắp tài "
        "sản, 01 tin về lừa đảo, an ninh mạng và 01 tin khác, góp phần giúp lực lượng Công an kịp thời xác minh, xử "
        "lý; 66,7% số tin được chuyển hoặc xử lý xong trong thời hạn luật định."
    )
    assert tips[1] == "Một nửa số tin báo, tố giác được xác nhận tiếp nhận trong vòng 2 giờ kể từ khi gửi."
    for paragraph in tips:
        assert ") (" not in paragraph and SECRET_TEXT not in paragraph


def test_report_sentence_of_a_straddling_year_says_which_part_is_by_category(entered_history, province_officer):
    built = content.build(actor=province_officer, unit=unit("33"), period=Period.parse("2026"))
    tips = next(area for area in built["areas"] if area["key"] == "tips")["paragraphs"]
    # 5 entered for H1 + 2 from the registry; only the registry's two have a category. 2025 had 3 (entered).
    assert tips[0].startswith(
        "Quần chúng nhân dân đã cung cấp 07 tin báo, tố giác tội phạm (tăng 133,3% so với năm 2025), trong đó có "
        "02 tin về ma túy, góp phần"
    )


def test_a_viewer_sees_figures_per_commune_never_the_tips(client, known_set, viewer):
    client.force_login(viewer)
    response = client.get("/bao-cao/33/2026H2/chi-tiet/tips_received/")
    assert response.status_code == 200 and "records" not in response.context
    page = response.content.decode()
    assert not any(code in page for code in Tip.objects.values_list("code", flat=True))
    assert client.get("/bao-cao/33/2026H2/chi-tiet/tips_received/tai-ve.xlsx").status_code == 404


def test_the_median_drills_down_to_each_commune_median(client, known_set, province_officer):
    client.force_login(province_officer)
    response = client.get("/bao-cao/33/2026H2/chi-tiet/tips_ack_median_hours/")
    assert response.status_code == 200
    medians = {child.code: value for child, value in response.context["children"]}
    assert medians["12688"] == Decimal("2.0") and medians["12583"] == Decimal("2.5")


def test_the_share_counts_what_the_inbox_clock_says(known_set, now_fixed, ministry_officer):
    """One rule: the figures' query agrees with `rules.clock` (the inbox's badge) on every tip."""
    from antq.tips.rules import Clock, clock

    due = set(indicators.records(ministry_officer, unit("VN"), H2, indicators._due).values_list("tip_id", flat=True))
    met = set(
        indicators.records(ministry_officer, unit("VN"), H2, indicators._in_time).values_list("tip_id", flat=True)
    )
    for tip in Tip.objects.all():
        state = clock(due_at=tip.due_at, stopped_at=tip.passed_at or tip.closed_at, now=now_fixed)
        assert (tip.pk in due) == (state in (Clock.MET, Clock.LATE, Clock.OVERDUE)), tip
        assert (tip.pk in met) == (state == Clock.MET), tip


def test_the_drilldown_query_count_does_not_grow_with_tips(client, db, province_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(province_officer)
    url = "/bao-cao/33/2026H2/chi-tiet/tips_received/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _tip("12688", at("2026-08-03"), ack_hours=2)
    _tip("12583", at("2026-08-04"), forwarded_to="12688")
    few = queries()
    for day in range(5, 15):
        _tip("12688" if day % 2 else "12583", at(f"2026-08-{day:02d}"), category="trom-cap", closed=Outcome.PRANK)
    assert queries() == few


def test_closed_tips_by_outcome_add_up_and_the_list_filters_by_outcome(client, db, province_officer):
    _tip("12688", at("2026-08-03"), passed_hours=5, closed=Outcome.CONFIRMED)
    _tip("12688", at("2026-08-04"), passed_hours=5, closed=Outcome.CONFIRMED)
    _tip("12583", at("2026-08-05"), closed=Outcome.DUPLICATE)
    _tip("12583", at("2026-08-06"), ack_hours=1)  # open: not closed
    assert figure(province_officer, Code.TIPS_CLOSED, H2, "33").value == 3
    assert indicators.closed_breakdown(province_officer, unit("33"), H2) == {
        "outcome": {"confirmed": 2, "duplicate": 1}
    }
    client.force_login(province_officer)
    url = "/bao-cao/33/2026H2/chi-tiet/tips_closed/"
    assert client.get(url).context["records"].paginator.count == 3
    assert client.get(url, {"loai": "confirmed"}).context["records"].paginator.count == 2
    assert "Có dấu hiệu, đã xác thực" in client.get(url).content.decode()


def test_the_share_drills_down_to_each_commune_share_and_says_it_is_computed(client, known_set, province_officer):
    client.force_login(province_officer)
    page = client.get("/bao-cao/33/2026H2/chi-tiet/tips_passed_in_time_pct/").content.decode()
    assert "Tỷ lệ: <strong>66,7</strong>" in page
    assert "tính từ sổ quản lý" in page and "số liệu nhập" not in page  # its parts are computed, so it is too
    children = re.findall(r">([^<]+)</a></td><td class=\"num\" data-label=\"Giá trị \(%\)\">([^<]*)</td>", page)
    assert ("Xã Đông Hưng", "50") in children and ("Xã Tân Tiến", "100") in children  # 2 of 4; 2 of 2
    median = client.get("/bao-cao/33/2026H2/chi-tiet/tips_ack_median_hours/").content.decode()
    assert "Giá trị: <strong>" in median and "Tổng:" not in median


def test_the_chart_is_described_by_the_indicator_label(client, known_set, province_officer):
    client.force_login(province_officer)
    page = client.get("/bao-cao/33/2026H2/").content.decode()
    alt = re.search(r'<img class="chart"[^>]* alt="([^"]*)"', page).group(1)
    assert alt.startswith("Biểu đồ ") and "Indicator(" not in alt and len(alt) < 200
