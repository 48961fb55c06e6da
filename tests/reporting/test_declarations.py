"""One declaration per indicator (antq.core.indicators): the system checks, the attributes pages and documents
read, and an indicator whose registry starts in the middle of a year (`computed_from`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from antq.activities import services as activities
from antq.core.errors import ValidationFailed
from antq.core.indicators import AREAS, INDICATORS, Aggregation, Indicator, NumberKind, Sentences, Source, codes, where
from antq.core.narrative import Facts
from antq.core.periods import Period
from antq.documents import content
from antq.reporting import selectors, services
from antq.reporting.checks import check_indicators, check_sentences
from antq.reporting.models import EnteredValue
from antq.tips.indicators import Code  # the "tips" area and its codes are declared by the tip registry
from tests.activities.fixtures import activity_data
from tests.conftest import unit

NO_GROUPS = {"attendees_students": 0, "attendees_officials": 0}


def _ids(errors: list) -> list[str]:
    return [e.id for e in errors]


def _declare(monkeypatch: pytest.MonkeyPatch, code: str, /, **changes: object) -> Indicator:
    """Patch one declaration for the test (the real ones stay untouched afterwards)."""
    patched = dataclasses.replace(INDICATORS[code], **changes)
    monkeypatch.setitem(INDICATORS, code, patched)
    return patched


def _sentences(monkeypatch: pytest.MonkeyPatch, area: str, sentences: Sentences | None) -> None:
    """Give the area another sentence function for the test."""
    monkeypatch.setitem(AREAS, area, dataclasses.replace(AREAS[area], sentences=sentences))


def test_the_declarations_and_report_sentences_pass_the_checks():
    assert check_indicators() == []
    assert check_sentences() == []


def test_a_ratio_naming_an_undeclared_code_fails_the_check(monkeypatch):
    _declare(monkeypatch, "mediation_success_pct", numerator="mediation_cases_sucessful")
    errors = check_indicators()
    assert "antq.reporting.E020" in _ids(errors)
    assert any("mediation_cases_sucessful" in e.msg for e in errors)


def test_an_entry_rule_naming_an_undeclared_code_fails_the_check(monkeypatch):
    _declare(monkeypatch, "petitions_resolved", at_most="petitions_recieved")
    assert any("petitions_recieved" in e.msg for e in check_indicators())


@pytest.mark.parametrize(
    ("code", "changes", "error"),
    [
        ("mediation_success_pct", {"numerator": ""}, "E004"),  # a ratio without its numerator
        ("communes_safe_pct", {"kind": NumberKind.COUNT}, "E005"),  # a share that is not a percentage
        ("tips_received", {"aggregation": Aggregation.RATIO, "kind": NumberKind.PERCENT}, "E004"),
        ("petitions_received", {"computed_from": dt.date(2027, 1, 1)}, "E015"),  # computed from a day, but no function
        ("outreach_sessions", {"computed_from": dt.date(2027, 1, 15)}, "E016"),  # not the first of a month
        ("petitions_resolved", {"at_most_message": ""}, "E018"),  # an entry rule without its message
        ("gift_value_vnd", {"kind": NumberKind.COUNT}, "E009"),  # money not declared as money
        ("scheme_types_active", {"in_child_table": True}, "E014"),  # a distinct count does not add up
        ("tips_received", {"area": "tip"}, "E003"),  # an undeclared report area
        ("tips_received", {"code": "tips_received"}, "E001"),  # a bare string, not an enum member
    ],
)
def test_an_incomplete_declaration_fails_the_check(monkeypatch, code, changes, error):
    _declare(monkeypatch, code, **changes)
    assert f"antq.reporting.{error}" in _ids(check_indicators())


def test_a_misspelt_code_in_a_report_sentence_fails_the_check(monkeypatch):
    _sentences(monkeypatch, "tips", lambda f: [f"{f.n('tips_recieved')} tin báo"])
    errors = check_sentences()
    assert any("tips_recieved" in e.msg and "'tips'" in e.msg for e in errors)
    assert "antq.reporting.E020" in _ids(errors)


def test_a_misspelt_code_member_in_a_report_sentence_fails_the_check(monkeypatch):
    _sentences(monkeypatch, "tips", lambda f: [f"{f.n(Code.TIPS_RECIEVED)} tin báo"])  # type: ignore[attr-defined]
    errors = check_sentences()
    assert "antq.reporting.E022" in _ids(errors)
    assert any("TIPS_RECIEVED" in e.msg and "'tips'" in e.msg for e in errors)


def test_a_code_read_by_a_bare_string_fails_the_check(monkeypatch):
    _sentences(monkeypatch, "tips", lambda f: [f"{f.n('tips_received')} tin báo"])  # declared, but not a member
    errors = check_sentences()
    assert _ids(errors) == ["antq.reporting.E023"]
    assert "'tips_received'" in errors[0].msg


def test_a_misspelt_code_in_a_clause_for_a_missing_figure_fails_the_check(monkeypatch):
    def tips(f: Facts) -> list[str]:
        if f.has(Code.TIPS_RECEIVED):
            return [f.n(Code.TIPS_RECEIVED)]
        return [f.n("tip_received")]  # type: ignore[arg-type]  # only reached when the first figure is missing

    _sentences(monkeypatch, "tips", tips)
    assert any("tip_received" in e.msg for e in check_sentences())


def test_an_area_with_indicators_but_no_sentence_fails_the_check(monkeypatch):
    _sentences(monkeypatch, "tips", None)
    assert "antq.reporting.E024" in _ids(check_sentences())


def test_every_code_keeps_its_stored_string():
    # Snapshots, entered values and the API store these strings: the enums must not change them.
    for code, indicator in INDICATORS.items():
        assert isinstance(code, str) and indicator.code == code and str(indicator.code) == code
    assert Code.TIPS_RECEIVED == "tips_received"


def test_dashboard_table_columns_are_the_declarations_shown_in_the_child_table(client, monkeypatch, province_officer):
    _declare(monkeypatch, "tips_received", in_child_table=True)
    client.force_login(province_officer)
    table_codes = client.get("/bao-cao/33/2025/").context["table_codes"]
    assert table_codes == codes(where(in_child_table=True))
    assert "tips_received" in table_codes and "security_team_members_active" in table_codes


def test_document_chart_takes_the_first_charted_declaration_with_data(monkeypatch):
    children = [{"name": "Xã A", "values": {"security_team_members_active": "5", "outreach_attendees": "7"}}]
    chart = content._chart(children, Period.parse("2025"), "xã, phường")
    assert chart is not None and chart["code"] == "security_team_members_active"
    _declare(monkeypatch, "outreach_attendees", charted=1)
    _declare(monkeypatch, "security_team_members_active", charted=2)
    chart = content._chart(children, Period.parse("2025"), "xã, phường")
    assert chart is not None and chart["code"] == "outreach_attendees"


def test_entry_rules_come_from_the_declarations(monkeypatch, settings, commune_officer):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    _declare(monkeypatch, "campaign_participants", at_most="tips_received", at_most_message="Thử: không lớn hơn.")
    with pytest.raises(ValidationFailed, match="Thử: không lớn hơn") as caught:
        services.values_enter(
            actor=commune_officer,
            unit=unit("12688"),
            period=Period.parse("2025"),
            values={"campaign_participants": ("5", "exact"), "tips_received": ("3", "exact")},
        )
    assert caught.value.field == "campaign_participants"


# --- A registry switched on in the middle of a year -----------------------------------------------------------

SWITCH = dt.date(2025, 7, 1)


@pytest.fixture
def switched(monkeypatch, commune_officer, other_commune_officer, province_officer):
    """Outreach sessions entered before 1/7/2025 and computed from the registry from that day on.

    Registry: Đông Hưng (12688) 10/03 and 05/06/2025 (before the switch: not counted), Tân Tiến (12583)
    01/09/2025, the province itself 11/11/2025. Entered: Đông Hưng 5 for 2025H1 and 3 for 2024, and a 2025 year
    value of 99 typed in before the switch was declared (it ends after the switch, so it never counts)."""
    _declare(monkeypatch, "outreach_sessions", computed_from=SWITCH)
    dh, tt, hy = unit("12688"), unit("12583"), unit("33")
    for day in (dt.date(2025, 3, 10), dt.date(2025, 6, 5)):
        activities.activity_record(actor=commune_officer, unit=dh, **activity_data(date=day, attendees=10, **NO_GROUPS))
    activities.activity_record(
        actor=other_commune_officer, unit=tt, **activity_data(date=dt.date(2025, 9, 1), attendees=10, **NO_GROUPS)
    )
    activities.activity_record(
        actor=province_officer, unit=hy, **activity_data(date=dt.date(2025, 11, 11), attendees=10, **NO_GROUPS)
    )
    for period, value in (("2025H1", "5"), ("2024", "3")):
        services.values_enter(
            actor=commune_officer, unit=dh, period=Period.parse(period), values={"outreach_sessions": (value, "exact")}
        )
    year = Period.parse("2025")
    EnteredValue.objects.create(
        unit=dh,
        period=year.code,
        period_start=year.start,
        period_end=year.end,
        indicator="outreach_sessions",
        value=Decimal(99),
        entered_by=commune_officer,
    )


def _value(actor, code: str, period: str) -> selectors.Value:
    return selectors.indicator_values(actor=actor, unit=unit(code), period=Period.parse(period))["outreach_sessions"]


def test_a_straddling_year_adds_the_entered_half_and_the_computed_half_exactly(switched, province_officer):
    value = _value(province_officer, "33", "2025")
    assert value.value == 5 + 2  # entered H1 (5) + registry from 1/7 (Tân Tiến, the province); 99 and March/June not
    assert value.source == Source.MIXED
    assert [(p.code, s, v) for p, s, v in value.parts] == [("2025H1", "entered", 5), ("2025H2", "computed", 2)]


def test_periods_on_one_side_of_the_switch_take_one_source(switched, province_officer):
    assert (_value(province_officer, "33", "2024").value, _value(province_officer, "33", "2024").source) == (
        3,
        Source.ENTERED,
    )
    assert (_value(province_officer, "33", "2025H1").value, _value(province_officer, "33", "2025H1").source) == (
        5,
        Source.ENTERED,
    )
    h2 = _value(province_officer, "33", "2025H2")
    assert (h2.value, h2.source) == (2, Source.COMPUTED)


def test_a_quarter_straddling_nothing_and_a_range_straddling_the_switch(switched, province_officer):
    # 2024..2025: entered 2024 (3) and 2025H1 (5), computed 2025H2 (2).
    span = _value(province_officer, "33", "2024..2025")
    assert span.value == 10
    assert [(p.code, s) for p, s, _ in span.parts] == [
        ("2024", "entered"),
        ("2025H1", "entered"),
        ("2025H2", "computed"),
    ]


def test_child_values_of_a_straddling_year_add_each_side(switched, province_officer):
    rows = selectors.child_values(
        actor=province_officer, unit=unit("33"), period=Period.parse("2025"), codes=["outreach_sessions"]
    )
    assert rows[unit("12688").pk]["outreach_sessions"] == 5
    assert rows[unit("12583").pk]["outreach_sessions"] == 1


def test_a_value_for_a_period_reaching_past_the_switch_is_refused(switched, settings, commune_officer):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    with pytest.raises(ValidationFailed, match="01/07/2025") as caught:
        services.values_enter(
            actor=commune_officer,
            unit=unit("12688"),
            period=Period.parse("2025"),
            values={"outreach_sessions": ("4", "exact")},
        )
    assert caught.value.field == "outreach_sessions"


def test_dashboard_and_drilldown_say_which_part_came_from_which_source(client, switched, province_officer):
    client.force_login(province_officer)
    body = client.get("/bao-cao/33/2025/").content.decode()
    assert "6 tháng đầu năm 2025: 5 — số liệu nhập" in body
    assert "6 tháng cuối năm 2025: 2 — tính từ sổ quản lý" in body
    response = client.get("/bao-cao/33/2025/chi-tiet/outreach_sessions/")
    assert response.status_code == 200
    drill = response.content.decode()
    assert "một phần nhập, một phần tính từ sổ quản lý" in drill
    assert "/bao-cao/33/2025H1/chi-tiet/outreach_sessions/" in drill
    assert "/bao-cao/33/2025H2/chi-tiet/outreach_sessions/" in drill
