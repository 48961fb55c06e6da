"""Report wording (issue 17, item 8): every declared sentence, with every figure, every kind of baseline and every
kind of recorded breakdown, is scanned for two brackets side by side and for a baseline named twice; audiences,
gift recipients and the pilot festival's commune are printed as recorded, never as a stock phrase."""

from __future__ import annotations

import dataclasses
import io
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from weasyprint import CSS, HTML

from antq.core.indicators import AREAS, INDICATORS, NumberKind
from antq.core.narrative import Facts, one_bracket, sentence
from antq.core.periods import Period
from antq.documents import content, services
from antq.documents.layout import balanced_lines
from antq.geo.models import AdminUnit, Level
from antq.reporting import charts
from antq.reporting.checks import check_sentences
from tests.activities.test_indicators import festival_world, outreach_world  # noqa: F401 (fixtures)

SHEET_CSS = Path(__file__).resolve().parents[2] / "antq/documents/static/documents/sheet.css"

BASELINES = {
    "none": lambda value: None,
    "equal": lambda value: value,
    "lower": lambda value: value / 2,
    "higher": lambda value: value * 2,
}


def _details(mode: str) -> dict:
    """Breakdowns of every code an area reads, as the registries could record them: none, some categories, or
    categories adding up to more than the figure (an approved total with later entries)."""
    details = {}
    for area in AREAS.values():
        for code in area.details:
            indicator = INDICATORS[str(code)]
            if mode == "none":
                continue
            parts = {
                "some": {"officials": 3, "unspecified": 4, "policy_family": 2, "Xã Đông Hưng": 1},
                "all": {"students": 5, "workers": 2, "officer_hardship": 7, "Phường Phố Hiến": 1, "Xã A": 1},
                "too_many": {"officials": 10**9, "policy_family": 10**9, **{f"Xã {i}": 1 for i in range(9)}},
            }[mode]
            details[str(code)] = {dimension: parts for dimension in indicator.breakdowns}
    return details


def _facts(baseline: str, details: str, missing: str = "") -> Facts:
    values = {
        code: (Decimal("94.5") if i.kind == NumberKind.PERCENT else Decimal(7), "exact")
        for code, i in INDICATORS.items()
        if code != missing
    }
    return Facts(
        whole="toàn tỉnh",
        area="trên địa bàn tỉnh",
        period_label="năm 2025",
        end_label="31/12/2025",
        values=values,
        baseline={code: BASELINES[baseline](value) for code, (value, _) in values.items()},
        baseline_label="năm 2024",
        details=_details(details),
    )


def _every_sentence():
    """Each sentence of each area, for every baseline and breakdown, with every figure and with each one missing."""
    for baseline, details in itertools.product(BASELINES, ("none", "some", "all", "too_many")):
        for missing in ("", *INDICATORS):
            facts = _facts(baseline, details, missing)
            for key, area in AREAS.items():
                for text in area.sentences(facts) if area.sentences else []:
                    yield key, text


def test_no_declared_sentence_prints_two_brackets_side_by_side_or_names_the_baseline_twice():
    seen = 0
    for key, text in _every_sentence():
        seen += 1
        for bad in (") (", ")(", "((", "))", ") ,", "\u2063"):
            assert bad not in text, (key, text)
        assert text.count("so với") <= 1, (key, text)
        assert text.count("(") == text.count(")"), (key, text)
    assert seen > 1000  # every area spoke, many times over


def test_the_baseline_is_named_at_the_first_comparison_only():
    facts = _facts("lower", "none")
    forces = AREAS["forces"].sentences(facts)[0]
    assert "Tổ bảo vệ an ninh, trật tự ở cơ sở (tăng 100% so với năm 2024) với 07 thành viên (tăng 100%)" in forces
    unchanged = AREAS["forces"].sentences(_facts("equal", "none"))[0]
    assert "(bằng năm 2024) với 07 thành viên (không đổi)" in unchanged


def test_two_brackets_side_by_side_become_one():
    assert one_bracket("khen thưởng (gồm 60 tập thể) (tăng 5% so với năm 2024)") == (
        "khen thưởng (gồm 60 tập thể; tăng 5% so với năm 2024)"
    )
    assert sentence("a (b)  (c) (d) e") == "A (b; c; d) e."
    assert one_bracket("(a), (b)") == "(a), (b)"


def _outreach(details: dict, **values: int) -> list[str]:
    facts = Facts(
        whole="toàn tỉnh",
        area="trên địa bàn tỉnh",
        period_label="năm 2025",
        end_label="31/12/2025",
        values={code: (Decimal(v), "exact") for code, v in values.items()},
        baseline={},
        baseline_label="năm 2024",
        details=details,
    )
    return AREAS["outreach"].sentences(facts)


def test_audiences_are_the_groups_recorded():
    groups = {"officials": 20, "civil_servants": 30, "students": 40, "workers": 10}
    every = _outreach({"outreach_attendees": {"target_group": groups}}, outreach_sessions=118, outreach_attendees=100)
    assert every == [
        "Năm 2025, các cấp, các ngành đã tổ chức tuyên truyền 118 lớp, buổi với 100 lượt cán bộ, công nhân viên "
        "chức, học sinh, sinh viên và người lao động tham dự."
    ]
    some = _outreach(
        {"outreach_attendees": {"target_group": {"students": 40, "unspecified": 60}}},
        outreach_sessions=3,
        outreach_attendees=100,
    )
    assert "với 100 lượt người tham dự, trong đó có học sinh, sinh viên." in some[0]
    unrecorded = _outreach({}, outreach_sessions=3, outreach_attendees=100)
    assert unrecorded[0].endswith("03 lớp, buổi với 100 lượt người tham dự.")
    assert "cán bộ" not in unrecorded[0]


def test_gift_recipients_are_the_kinds_recorded():
    recorded = {"gift_recipients": {"recipient_kind": {"policy_family": 70, "officer_hardship": 43}}}
    assert _outreach(recorded, gift_visits=113, gift_recipients=113) == [
        "Các hoạt động thăm hỏi, tặng quà luôn được quan tâm; đã tổ chức 113 lượt thăm hỏi, tặng quà cho 113 gia "
        "đình, cá nhân, gồm 70 gia đình chính sách và 43 cán bộ, chiến sĩ có hoàn cảnh khó khăn."
    ]
    # Parts adding up to more than the printed (approved) figure: the kinds are not printed with figures.
    assert "gia đình chính sách" not in _outreach(recorded, gift_recipients=100)[0]
    # Visits without a recipients figure: the kinds recorded with the visits, without figures.
    visits = {"gift_visits": {"recipient_kind": {"officer_hardship": 2}}}
    assert _outreach(visits, gift_visits=2) == [
        "Các hoạt động thăm hỏi, tặng quà luôn được quan tâm; đã tổ chức 02 lượt thăm hỏi, tặng quà cán bộ, chiến "
        "sĩ có hoàn cảnh khó khăn."
    ]


@pytest.mark.django_db
def test_a_province_report_prints_what_its_communes_recorded(
    outreach_world,  # noqa: F811
    festival_world,  # noqa: F811
    province_officer,
    hung_yen,
):
    built = content.build(actor=province_officer, unit=hung_yen, period=Period.parse("2025"))
    areas = {area["key"]: area["paragraphs"] for area in built["areas"]}
    # 540 attendees: 100 students, 10 officials, 50 residents, the rest without a group.
    assert (
        "với 540 lượt người tham dự, trong đó có cán bộ, học sinh, sinh viên và quần chúng nhân dân"
        in (areas["outreach"][0])
    )
    assert (
        "cho 06 gia đình, cá nhân, gồm 03 gia đình chính sách và 03 cán bộ, chiến sĩ có hoàn cảnh khó khăn"
        in (areas["outreach"][1])
    )
    assert areas["festival"][-1] == (
        "Xã Đông Hưng là đơn vị tổ chức “điểm” Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2025."
    )
    assert built["details"]["festival_pilots"] == {"commune": {"Xã Đông Hưng": 1}}
    for paragraphs in areas.values():
        for text in paragraphs:
            assert ") (" not in text and text.count("so với") <= 1, text


def test_an_area_reading_an_undeclared_breakdown_fails_the_check(monkeypatch):
    festival = AREAS["festival"]
    monkeypatch.setitem(AREAS, "festival", dataclasses.replace(festival, details=("gift_value_vnd", "festival_pilot")))
    errors = check_sentences()
    assert {e.id for e in errors} == {"antq.reporting.E020", "antq.reporting.E025"}
    assert any("'festival_pilot'" in e.msg for e in errors)
    assert any("'gift_value_vnd'" in e.msg for e in errors)


# --- The chart says when it shows the top N of M --------------------------------------------------------------


def test_top_caption():
    assert charts.top_caption(10, 34) == "10 đơn vị cao nhất trong 34"
    assert charts.top_caption(30, 104, "xã, phường") == "30 xã, phường cao nhất trong 104"
    assert charts.top_caption(34, 34) == ""  # all shown: nothing to say


def test_a_document_chart_of_more_units_than_bars_says_which_it_shows():
    children = [{"name": f"Xã {i:03d}", "values": {"outreach_sessions": str(i)}} for i in range(1, 41)]
    chart = content._chart(children, Period.parse("2025"), "xã, phường")
    assert chart["title"] == "Lớp, buổi tuyên truyền theo xã, phường năm 2025: 30 xã, phường cao nhất trong 40"
    assert chart["labels"][:2] == ["Xã 040", "Xã 039"] and len(chart["labels"]) == charts.MAX_BARS
    few = content._chart(children[:5], Period.parse("2025"), "xã, phường")
    assert few["title"] == "Lớp, buổi tuyên truyền theo xã, phường năm 2025"


def test_a_dashboard_chart_of_more_units_than_bars_says_so_in_its_title():
    svg = charts.bar_chart([f"Xã {i}" for i in range(45)], list(range(45)), title="Lớp, buổi").decode()
    assert "30 đơn vị cao nhất trong 45" in svg
    assert "cao nhất" not in charts.bar_chart(["Xã 1", "Xã 2"], [1, 2], title="Lớp, buổi").decode()


# --- Headings kept with what follows; the title in even lines --------------------------------------------------


def test_the_title_is_split_into_even_lines():
    assert balanced_lines("Tổng kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025") == [
        "Tổng kết công tác xây dựng phong trào",
        "toàn dân bảo vệ an ninh Tổ quốc năm 2025",
    ]
    assert balanced_lines("Báo cáo ngắn") == ["Báo cáo ngắn"]
    assert balanced_lines("  ") == []
    three = balanced_lines("a " * 70, width=50)  # 139 characters: three lines, none over 47
    assert [len(line) for line in three] == [47, 45, 45]
    long_word = balanced_lines("x" * 80 + " yy", width=40)
    assert long_word == ["x" * 80, "yy"]


@pytest.mark.django_db
def test_docx_keeps_headings_with_the_next_paragraph_and_balances_the_title(province_report):
    document = Document(io.BytesIO(services.document_render(province_report, "docx")[0]))
    paragraphs = document.paragraphs
    headings = [p for p in paragraphs if p.text in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ")]
    headings += [p for p in paragraphs if p.text.startswith("1. ")]
    assert len(headings) >= 3
    assert all(p.paragraph_format.keep_with_next for p in headings)
    body = [p for p in paragraphs if p.text.startswith("Trên đây là báo cáo")]
    assert not body[0].paragraph_format.keep_with_next
    title = next(p for p in paragraphs if p.text.startswith("Tổng kết công tác"))
    assert title.text == "Tổng kết công tác xây dựng phong trào\ntoàn dân bảo vệ an ninh Tổ quốc năm 2025"
    assert title.paragraph_format.keep_with_next


def _heading_ends_a_page(css: str, fillers: int) -> bool:
    body = "".join(f'<p class="nd30-body">Đoạn {i} về kết quả đạt được.</p>' for i in range(fillers))
    html = (
        f'<div class="sheet">{body}<p class="nd30-body b subheading">1. TIÊU ĐỀ MỤC</p>'
        '<p class="nd30-body">Nội dung ngay sau tiêu đề.</p></div>'
    )
    small_page = "@page { size: 120mm 80mm; margin: 5mm; }"
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(string=css + small_page)])
    return any(page.extract_text().strip().endswith("TIÊU ĐỀ MỤC") for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_never_leaves_a_heading_at_the_foot_of_a_page():
    css = SHEET_CSS.read_text()
    assert "break-after: avoid" in css
    # Without the rule some filler length strands the heading (so the check below can fail); with it, none does.
    without = css.replace("break-after: avoid; page-break-after: avoid;", "")
    assert any(_heading_ends_a_page(without, n) for n in range(1, 16))
    assert not any(_heading_ends_a_page(css, n) for n in range(1, 16))


def _festival(pilots: dict[str, int], held: int = 0) -> list[str]:
    values = {"festival_pilots": (Decimal(sum(pilots.values())), "exact")}
    if held:
        values["festivals_held"] = (Decimal(held), "exact")
    facts = Facts(
        whole="toàn quốc",
        area="trên phạm vi toàn quốc",
        period_label="năm 2025",
        end_label="31/12/2025",
        values=values,
        baseline={},
        baseline_label="năm 2024",
        details={"festival_pilots": {"commune": pilots}},
    )
    return AREAS["festival"].sentences(facts)


def test_pilot_festivals_are_named_with_their_province_in_a_national_report_and_counted_beyond_three():
    named = _festival({"Xã Đông Hưng, Tỉnh Hưng Yên": 1, "Phường Hà Giang 1, Tỉnh Tuyên Quang": 1}, held=40)
    assert named[-1] == (
        "Xã Đông Hưng, tỉnh Hưng Yên và phường Hà Giang 1, tỉnh Tuyên Quang là các đơn vị tổ chức “điểm” Ngày hội "
        "toàn dân bảo vệ an ninh Tổ quốc năm 2025."
    )
    many = _festival({f"Xã {i}, Tỉnh {i}": 1 for i in range(34)}, held=3000)
    assert (
        len(many) == 1 and "3.000 Ngày hội toàn dân bảo vệ an ninh Tổ quốc, trong đó có 34 Ngày hội “điểm”" in (many[0])
    )


@pytest.mark.django_db
def test_the_national_breakdown_names_the_pilot_commune_with_its_province(festival_world, ministry_officer):  # noqa: F811
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    breakdown = INDICATORS["festival_pilots"].breakdown(ministry_officer, nation, Period.parse("2025"))
    assert breakdown == {"commune": {"Xã Đông Hưng, Tỉnh Hưng Yên": 1}}
