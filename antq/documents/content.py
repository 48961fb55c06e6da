"""What a report says: figures (the approved snapshot when there is one, live values otherwise), the baseline to
compare with, the sentences of section I, the chart and the tables by child unit — as one JSON-safe dict.

The dict is what DOCX, PDF and XLSX are rendered from, and what a final document keeps (`ReportDocument.content`),
so that later changes in the registries cannot alter a report once it is issued."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from antq.core.indicators import AREAS, INDICATORS, Aggregation, NumberKind, Source, charted_codes
from antq.core.periods import Period, PeriodKind
from antq.core.templatetags.antq import qualified, vn
from antq.core.text import keep_last_words
from antq.documents import narrative
from antq.documents.layout import issuer_name, next_label, paragraphs, whole
from antq.geo.models import AdminUnit, Level
from antq.reporting import charts
from antq.reporting.models import Snapshot, Submission, SubmissionStatus
from antq.reporting.selectors import child_table, child_units, indicator_values, missing_reports, submission_for

CONTENT_VERSION = 1
APPROVED, LIVE = "approved", "live"
TABLE_COLUMNS = 6  # per-area appendix tables: at most this many figures side by side on A4 portrait


def baseline_of(period: Period) -> tuple[Period, str]:
    """The period a report compares with, and how the text names it: a year with the year before; a half-year
    or quarter with the same part of the year before ("cùng kỳ"); a range with the range just before it."""
    match period.kind:
        case PeriodKind.YEAR:
            return Period.year_of(period.year - 1), f"năm {period.year - 1}"
        case PeriodKind.HALF | PeriodKind.QUARTER | PeriodKind.MONTH:
            return Period(period.kind, period.year - 1, period.index), f"cùng kỳ năm {period.year - 1}"
        case _:
            previous = period.previous()
            return previous, previous.label


def _text(value: Any) -> str | None:
    """A figure as JSON-safe text without trailing zeros: Decimal("2991.00") → "2991", 94.50 → "94.5"."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def _approved(unit: AdminUnit, period: Period) -> dict[str, tuple[Decimal | None, str]] | None:
    """The unit's approved snapshot for the period, or None when its report is not (or no longer) approved."""
    submission = Submission.objects.filter(unit=unit, period=period.code, status=SubmissionStatus.APPROVED).first()
    if submission is None:
        return None
    return {s.indicator: (s.value, s.qualifier) for s in Snapshot.objects.filter(submission=submission)}


def has_approved(unit: AdminUnit, period: Period) -> bool:
    """Whether the unit's report for the period is approved (its snapshot is what a final document prints)."""
    return Submission.objects.filter(unit=unit, period=period.code, status=SubmissionStatus.APPROVED).exists()


def _live(actor: Any, unit: AdminUnit, period: Period) -> dict[str, tuple[Decimal | None, str]]:
    values = indicator_values(actor=actor, unit=unit, period=period)
    return {code: (None if v.value is None else Decimal(v.value), v.qualifier) for code, v in values.items()}


def figures_for(
    actor: Any, unit: AdminUnit, period: Period, *, approved_only: bool = False
) -> tuple[dict[str, tuple[Decimal | None, str]], str]:
    """The figures a report prints and where they come from: the approved snapshot when there is one, else live
    values (then documents carry the "Số liệu chưa được phê duyệt" footer)."""
    approved = _approved(unit, period)
    if approved is not None:
        return {code: approved.get(code, (None, "exact")) for code in INDICATORS}, APPROVED
    if approved_only:
        return {}, LIVE
    return _live(actor, unit, period), LIVE


def details_for(
    actor: Any, unit: AdminUnit, period: Period, figures: dict[str, tuple[Decimal | None, str]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """The breakdowns the areas' sentences read (`ReportArea.details`: audiences, gift recipients, the pilot
    festival's commune), for the codes with a figure. They are read from the registries as they stand (an approved
    snapshot keeps figures, not breakdowns) and frozen with the rest of the content when the report is issued."""
    details: dict[str, dict[str, dict[str, Any]]] = {}
    for area in AREAS.values():
        for code in area.details:
            indicator = INDICATORS.get(str(code))
            if indicator is None or indicator.breakdown is None or figures.get(str(code), (None, ""))[0] in (None, 0):
                continue
            details[str(code)] = {
                dimension: {str(k): int(v) for k, v in parts.items()}
                for dimension, parts in indicator.breakdown(actor, unit, period).items()
            }
    return details


def one_query_per_figure(code: str) -> bool:
    """Whether per-child values of `code` cost one query (entered values, or a declaration's `per_child`) rather
    than one computation per child — 150 communes × 20 figures would take seconds."""
    indicator = INDICATORS[code]
    if indicator.is_ratio:
        return one_query_per_figure(indicator.numerator) and one_query_per_figure(indicator.denominator)
    if indicator.source == Source.ENTERED:
        return True
    return indicator.per_child is not None and indicator.aggregation == Aggregation.SUM


def _children(
    actor: Any,
    unit: AdminUnit,
    period: Period,
    codes: list[str],
    source: str,
    figures: dict[str, tuple[Decimal | None, str]],
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[str]]:
    """Rows per child unit, the row recorded at the unit's own level and the table's notes, from the one table
    builder (`child_table`, as the dashboard): approved snapshots where the child's report is approved (for an
    approved document), live values otherwise; each row says which."""
    if unit.level == Level.COMMUNE or not codes:
        return [], None, []
    children = child_units(actor, unit)
    approved: dict[int, dict[str, Any]] = {}
    if source == APPROVED:
        for unit_id, code, value in Snapshot.objects.filter(
            submission__unit__in=children,
            submission__period=period.code,
            submission__status=SubmissionStatus.APPROVED,
            indicator__in=codes,
        ).values_list("submission__unit_id", "indicator", "value"):
            approved.setdefault(unit_id, {})[code] = value
    table = child_table(
        actor=actor,
        unit=unit,
        period=period,
        codes=codes,
        totals={code: figures.get(code, (None, ""))[0] for code in codes},
        children=approved,
    )
    rows = [
        {
            "code": row.unit.code if row.unit else "",
            "name": row.label,
            "approved": row.unit is not None and row.unit.pk in approved,
            "values": {code: _text(row.values.get(code)) for code in codes},
        }
        for row in table.rows
    ]
    own = {"name": table.own.label, "values": {code: _text(table.own.values.get(code)) for code in codes}}
    return rows, own, table.notes


def _is_money(code: str) -> bool:
    return INDICATORS[code].kind == NumberKind.MONEY


def _in_table_unit(code: str, value: Any) -> Decimal | None:
    """Amounts of money in the appendix are in millions of đồng with one decimal (the columns stay narrow)."""
    if value is None or not _is_money(code):
        return None if value is None else Decimal(value)
    return (Decimal(value) / 1_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _tables(
    figures: dict[str, tuple[Decimal | None, str]],
    children: list[dict[str, Any]],
    own: dict[str, Any] | None,
    unit: AdminUnit,
    source: str,
    cheap: list[str],
) -> list[dict[str, Any]]:
    """Appendix tables: per area with data, its figures (at most TABLE_COLUMNS) per child unit, then the unit's
    own level, then the unit's total — the figures of the text, which the rows above add up to. In an approved
    document, a child whose own report is not approved is marked "(*)"."""
    tables: list[dict[str, Any]] = []
    if not children:
        return tables
    total_label = whole(unit).capitalize()
    for area, declared_area in AREAS.items():
        title = declared_area.label
        codes = [str(i.code) for i in INDICATORS.values() if i.area == area and i.code in cheap]
        # Keep the figures a reader compares across units: shares rather than their two parts where both exist.
        parts = {
            p for c in codes if INDICATORS[c].is_ratio for p in (INDICATORS[c].numerator, INDICATORS[c].denominator)
        }
        codes = [c for c in codes if c not in parts or len(codes) <= TABLE_COLUMNS][:TABLE_COLUMNS]
        if not codes:
            continue
        rows = [
            [row["name"] + (" (*)" if source == APPROVED and not row["approved"] else "")]
            + [vn(_in_table_unit(c, row["values"].get(c))) for c in codes]
            for row in children
        ]
        own_row = [own["name"]] + [vn(_in_table_unit(c, own["values"].get(c))) for c in codes] if own else None
        total = [total_label] + [
            vn(_in_table_unit(c, figures[c][0])) if INDICATORS[c].is_ratio or _is_money(c) else qualified(*figures[c])
            for c in codes
        ]
        columns = [
            {"code": c, "label": INDICATORS[c].label, "unit": "triệu đồng" if _is_money(c) else INDICATORS[c].unit}
            for c in codes
        ]
        tables.append({"area": area, "title": title, "columns": columns, "rows": rows, "own": own_row, "total": total})
    return tables


def _chart(children: list[dict[str, Any]], period: Period, level_label: str) -> dict[str, Any] | None:
    """The first charted figure with data, by child unit, largest first: at most MAX_BARS of them, and then the
    title says which ("30 xã, phường cao nhất trong 104")."""
    for code in charted_codes():
        pairs = [(row["name"], Decimal(row["values"][code])) for row in children if row["values"].get(code)]
        if any(value for _, value in pairs):
            indicator = INDICATORS[code]
            pairs = sorted(pairs, key=lambda pair: pair[1], reverse=True)[: charts.MAX_BARS]
            top = charts.top_caption(len(pairs), len(children), level_label)
            return {
                "code": code,
                "area": indicator.area,
                "title": f"{indicator.label} theo {level_label} {period.label}" + (f": {top}" if top else ""),
                "unit": indicator.unit,
                "labels": [name for name, _ in pairs],
                "values": [str(value) for _, value in pairs],
            }
    return None


def build(
    *, actor: Any, unit: AdminUnit, period: Period, approved_only: bool = False, every_child_figure: bool = False
) -> dict[str, Any]:
    """Everything section I and the appendix print for `unit` and `period`, frozen into plain JSON values.

    Per-child figures: those that cost one query each (the appendix and chart use only these), or every figure
    the unit has when `every_child_figure` (the XLSX; finalising freezes them all)."""
    figures, source = figures_for(actor, unit, period, approved_only=approved_only)
    baseline_period, baseline_label = baseline_of(period)
    baseline_approved = _approved(unit, baseline_period)
    baseline = (
        {code: value for code, (value, _) in baseline_approved.items()}
        if baseline_approved is not None
        else {code: value for code, (value, _) in _live(actor, unit, baseline_period).items()}
    )
    details = details_for(actor, unit, period, figures)
    facts = narrative.facts_for(
        unit=unit,
        period_label=period.label,
        end_label=period.end.strftime("%d/%m/%Y"),
        values=figures,
        baseline=baseline,
        baseline_label=baseline_label,
        details=details,
    )
    areas = narrative.section_one(facts)
    # Per-child figures only for codes the unit has: a sum or share of zero children is not worth a query.
    with_data = [code for code, (value, _) in figures.items() if value not in (None, 0)]
    cheap = [code for code in with_data if one_query_per_figure(code)]
    children, own, notes = _children(actor, unit, period, with_data if every_child_figure else cheap, source, figures)
    level_label = "tỉnh, thành phố" if unit.level == Level.NATION else "xã, phường"
    chart = _chart(children, period, level_label)
    return {
        "version": CONTENT_VERSION,
        "source": source,
        "generated_at": timezone.now().isoformat(),
        "unit_name": unit.name,
        "issuer": issuer_name(unit),
        "period": period.code,
        "period_label": period.label,
        "baseline_label": baseline_label,
        "figures": {code: [_text(value), qualifier] for code, (value, qualifier) in figures.items()},
        "baseline": {code: _text(value) for code, value in baseline.items()},
        "details": details,
        "areas": areas,
        "chart": chart,
        "child_level": level_label,
        "children": children,
        "own": own,  # the row recorded at the unit's own level (e.g. the PV05 division's own outreach)
        "table_notes": notes,
        "children_unapproved": source == APPROVED and any(not row["approved"] for row in children),
        "children_complete": every_child_figure,
        "tables": _tables(figures, children, own, unit, source, cheap),
        # Child reports the unit's report went up without, with the submitter's reasons (reporting's workflow).
        "missing": [
            {"code": m.unit.code, "name": m.unit.name, "reason": m.reason}
            for m in missing_reports(submission_for(unit, period))
        ],
    }


def body_blocks(document: Any) -> list[dict[str, Any]]:
    """The report's body in order, as blocks every format prints alike: ("heading" | "subheading" | "paragraph" |
    "note" | "chart", text). Section I comes from `document.content`, II and III from the officer's text."""
    content = document.content
    blocks: list[dict[str, Any]] = [{"kind": "paragraph", "text": t} for t in paragraphs(document.introduction)]
    blocks.append({"kind": "heading", "text": "I. KẾT QUẢ ĐẠT ĐƯỢC"})
    chart = content.get("chart")
    for number, area in enumerate(content.get("areas", []), start=1):
        blocks.append({"kind": "subheading", "text": f"{number}. {area['title']}"})
        blocks += [{"kind": "paragraph", "text": t} for t in area["paragraphs"]]
        if chart and chart["area"] == area["key"]:
            blocks.append({"kind": "chart", "text": keep_last_words(f"Biểu đồ: {chart['title']}")})
    if not content.get("areas"):
        blocks.append({"kind": "note", "text": "Kỳ báo cáo chưa có số liệu."})
    if content.get("tables"):
        blocks.append({"kind": "note", "text": "(Số liệu chi tiết theo từng đơn vị tại Phụ lục kèm theo Báo cáo này.)"})
    if content.get("missing"):
        names = "; ".join(f"{m['name']} ({m['reason']})" for m in content["missing"])
        blocks.append({"kind": "note", "text": f"(Báo cáo tổng hợp khi chưa có báo cáo được duyệt của: {names}.)"})
    period = Period.parse(content["period"])
    for heading, text in (
        ("II. TỒN TẠI, HẠN CHẾ", document.shortcomings),
        (f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_label(period).upper()}", document.directions),
    ):
        blocks.append({"kind": "heading", "text": heading})
        lines = paragraphs(text)
        blocks += [{"kind": "paragraph", "text": t} for t in lines] or [
            {"kind": "note", "text": "(Chưa nhập nội dung.)"}
        ]
    subject = document.subject[:1].lower() + document.subject[1:]
    blocks.append({"kind": "paragraph", "text": f"Trên đây là báo cáo {subject} của {content['issuer']}./."})
    return blocks


def with_every_child_figure(*, actor: Any, document: Any) -> dict[str, Any]:
    """The document's content with every figure by child unit (for the XLSX of a draft; an issued document has
    them frozen already)."""
    content = document.content
    if content.get("children_complete") or document.unit.level == Level.COMMUNE:
        return content
    period = Period.parse(document.period)
    with_data = [code for code, (value, _) in content["figures"].items() if value not in (None, "0")]
    figures = {code: (None if v is None else Decimal(v), q) for code, (v, q) in content["figures"].items()}
    children, own, notes = _children(actor, document.unit, period, with_data, content["source"], figures)
    return {**content, "children": children, "own": own, "table_notes": notes, "children_complete": True}
