"""Reporting pages: dashboards with drill-down, the entry form, the submission workflow and the status board."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts.scope import scope_for
from antq.accounts.selectors import notifications_for, unread_count
from antq.accounts.services import notifications_mark_read
from antq.accounts.units import get_unit_for
from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.indicators import AREAS, INDICATORS, Indicator, Source, charted_codes, codes, where
from antq.core.jobs import job_start
from antq.core.periods import Period, PeriodKind
from antq.core.templatetags.antq import attr, vn
from antq.core.web import or_404, paginate, require_confirmed
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import current_units
from antq.geo.tiles import tile_layout
from antq.reporting import charts, exports, selectors, services
from antq.reporting import drilldown as drilldown_records
from antq.reporting.forms import DrillDownFilterForm, EntryForm
from antq.reporting.models import EnteredValue, Qualifier, SubmissionStatus
from antq.reporting.status import status_board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_for(request: HttpRequest, code: str) -> AdminUnit:
    """The nation ("VN"), a province (2 digits) or a commune (5 digits), if the user covers it; else 404."""
    if code.upper() == "VN":
        if not scope_for(request.user).is_national():
            raise Http404
        return current_units().get(level=Level.NATION)
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    return or_404(lambda: get_unit_for(request.user, code, level=level))


def period_from(text: str) -> Period:
    """The period of a page URL; a refused one raises ValidationFailed, shown with its reason on the 400 page."""
    return Period.parse(text)


FIRST_YEAR_OFFERED = 2013  # the period picker's earliest year: the movement's reports the system holds


def period_options(current: Period) -> list[tuple[str, list[tuple[str, str]]]]:
    """The period picker's choices, as (group label, [(code, label)]): the years, then the halves, quarters and
    months of the page's year — people pick a period from a list, never type its code (issue 17 item 6). The page's
    own period is always among them (a range, or a year outside the usual list, is added)."""
    this_year = timezone.localdate().year
    years = [Period.year_of(y) for y in range(max(this_year, current.year), FIRST_YEAR_OFFERED - 1, -1)]
    if current.year < FIRST_YEAR_OFFERED:
        years.append(Period.year_of(current.year))
    groups: list[tuple[str, list[Period]]] = [("Năm", years)]
    if current.kind == PeriodKind.RANGE:
        groups.insert(0, ("Giai đoạn", [current]))
    else:
        year = current.year
        within = [Period(PeriodKind.HALF, year, i) for i in (1, 2)]
        within += [Period(PeriodKind.QUARTER, year, i) for i in range(1, 5)]
        within += [Period(PeriodKind.MONTH, year, i) for i in range(1, 13)]
        groups.append((f"Trong năm {year}", within))
    return [(label, [(p.code, p.label) for p in periods]) for label, periods in groups]


def _change(now: Any, before: Any) -> Decimal | None:
    """Percentage change, or None when there is no baseline to compare with."""
    if now is None or not before:
        return None
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(Decimal("0.1"))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.is_empty:
        raise Http404
    year = str(timezone.localdate().year)
    if scope.is_national():
        return redirect("reporting:dashboard", code="VN", period=year)
    unit = AdminUnit.objects.get(pk=scope.grants[0].unit_id)
    return redirect("reporting:dashboard", code=unit.code, period=year)


PICKER_TARGETS = {"": "reporting:dashboard", "nhap": "reporting:entry"}  # where the period picker leads


@login_required
@require_GET
def unit_home(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's page for this year, or — from the period picker, which works without JavaScript — for the
    period chosen (`?period=2026-11`; `&trang=nhap` for the entry form)."""
    unit = unit_for(request, code)
    chosen = request.GET.get("period")
    period = period_from(chosen).code if chosen else str(timezone.localdate().year)
    target = PICKER_TARGETS.get(request.GET.get("trang", ""), PICKER_TARGETS[""])
    return redirect(target, code=unit.code, period=period)


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str, period: str) -> HttpResponse:
    return _dashboard(request, unit_for(request, code), period_from(period))


def _dashboard(
    request: HttpRequest, unit: AdminUnit, current: Period, *, posted: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The dashboard; `posted` is a refused status change, shown again with its error and what was typed."""
    values = selectors.indicator_values(actor=request.user, unit=unit, period=current)
    previous = selectors.indicator_values(actor=request.user, unit=unit, period=current.previous())
    # A period still running holds only part of a flow (a year in progress against a whole year would read
    # "-100%"): its flows get no change figure; stocks compare today's level with the previous period's end.
    running = current.end >= timezone.localdate()
    areas: dict[str, list[dict[str, Any]]] = {}
    for indicator_code, value in values.items():
        indicator = INDICATORS[indicator_code]
        if value.value is None and value.approved is None:
            continue
        comparable = not indicator.is_ratio and not (running and indicator.flow)
        areas.setdefault(AREAS[indicator.area].label, []).append(
            {
                "indicator": indicator,
                "value": value,
                "change": _change(value.value, previous[indicator_code].value) if comparable else None,
            }
        )
    children = selectors.child_units(request.user, unit) if unit.level != Level.COMMUNE else []
    # Figures shown per child unit: those declared `in_child_table` (summable ones or shares, so a column adds up
    # to the unit's figure). The table lists the unit's own level and the total too (selectors.child_table).
    table_codes = codes(where(in_child_table=True))
    table = (
        selectors.child_table(
            actor=request.user,
            unit=unit,
            period=current,
            codes=table_codes,
            totals={c: values[c].value for c in table_codes},
        )
        if children
        else None
    )
    sort = request.GET.get("sort", "")
    rows: list[dict[str, Any]] = [{"unit": r.unit, "values": r.values} for r in table.rows] if table else []
    footer: list[dict[str, Any]] = (
        [{"label": r.label, "values": r.values} for r in (table.own, table.total)] if table else []
    )
    labels = [INDICATORS[code].label for code in table_codes]
    for row in rows + footer:  # formatted here: a template filter per cell costs more than the rest of the page
        row["cells"] = list(zip(labels, [vn(row["values"].get(code)) for code in table_codes], strict=True))
        # The row's cells as one escaped string: 104 communes × a dozen columns rendered cell by cell through the
        # template engine cost more than the figures themselves.
        row["cells_html"] = format_html_join("", '<td class="num" data-label="{}">{}</td>', row["cells"])
    if sort.lstrip("-") in table_codes:
        key = sort.lstrip("-")
        rows.sort(key=lambda r: r["values"].get(key) or 0, reverse=sort.startswith("-"))
    chart_code = request.GET.get("chart", "")
    if chart_code not in table_codes:  # the first charted figure of the table
        chart_code = next((c for c in charted_codes() if c in table_codes), table_codes[0] if table_codes else "")
    tiles = _tiles(rows, chart_code)
    submission = selectors.submission_for(unit, current)
    last_step = selectors.last_transition(submission)
    actions = _allowed_actions(request, unit, submission)
    moves = {to for to, _ in actions}
    posted = posted or {}
    typed = posted.get("missing", {})
    missing = (
        [(child, state, typed.get(child.code, "")) for child, state in selectors.missing_children(unit, current)]
        if SubmissionStatus.SUBMITTED in moves
        else []
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "unit": unit,
            "period": current,
            "areas": areas,
            "rows": rows,
            "footer": footer,
            "table_notes": table.notes if table else [],
            "table_codes": table_codes,
            "catalogue": INDICATORS,
            "base": reverse("reporting:index"),
            "sort": sort,
            "chart_code": chart_code,
            "tiles": tiles,
            "submission": submission,
            # The latest step, shown on the page: a return with its reason, who returned it and when (issue 17).
            "last_step": last_step,
            "actions": actions,
            # The step back to a draft is a withdrawal while the report is submitted (its reason is optional).
            "withdrawing": submission is not None and submission.status == SubmissionStatus.SUBMITTED,
            # What the submit and reopen forms must ask (the service enforces each: see submission_transition).
            "missing": missing,
            # Open the list when it holds what was typed, or when the refusal was about it.
            "missing_open": any(text.strip() for *_, text in missing) or posted.get("field") == "missing",
            "posted": posted,
            "early": SubmissionStatus.SUBMITTED in moves and not services.period_ended(current),
            "blocking": services.parents_blocking_reopen(unit, current) if SubmissionStatus.DRAFT in moves else [],
            "missing_reports": selectors.missing_reports(submission),
            "statuses": dict(SubmissionStatus.choices),
            "period_options": period_options(current),
            # The entry page: to enter (own officers, or under an acting grant) or, for the level above, to read.
            "entry_mode": services.entry_access(request.user, unit).mode if unit.level != Level.NATION else None,
        },
        status=status,
    )


def _tiles(rows: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    """A tile-grid "map" of child units shaded by quintile of `code` (no boundary files needed), laid out by
    antq.geo.tiles: provinces by geography, communes in the order of their codes (whatever the table's sort)."""
    numbers = sorted(Decimal(r["values"].get(code) or 0) for r in rows)
    tiles = []
    for row, grid_row, column in tile_layout(rows, lambda r: r["unit"].code):
        value = Decimal(row["values"].get(code) or 0)
        rank = sum(1 for n in numbers if n < value)
        shade = 0 if not numbers or numbers[-1] == 0 else min(4, rank * 5 // max(len(numbers), 1))
        tiles.append({"unit": row["unit"], "value": value, "shade": shade, "row": grid_row, "column": column})
    return tiles


def _allowed_actions(request: HttpRequest, unit: AdminUnit, submission: Any) -> list[tuple[str, str]]:
    """(to, button label) for each step the user may take now, named by the step (withdraw and reopen both lead
    back to a draft)."""
    if unit.level == Level.NATION:
        return []
    status = submission.status if submission is not None else SubmissionStatus.DRAFT
    return [
        (to, services.STEP_LABELS[(status, to)]) for to in services.allowed_transitions(request.user, unit, submission)
    ]


@login_required
@require_GET
def chart(request: HttpRequest, code: str, period: str, indicator: str) -> HttpResponse:
    unit, current = unit_for(request, code), period_from(period)
    if indicator not in INDICATORS:
        raise Http404
    values = selectors.child_values(actor=request.user, unit=unit, period=current, codes=[indicator])
    children = {c.pk: c for c in selectors.child_units(request.user, unit)}
    svg = charts.bar_chart(
        [children[pk].short_name for pk in values],
        [values[pk].get(indicator) or 0 for pk in values],
        title=f"{INDICATORS[indicator].label} {current.label}",
        unit=INDICATORS[indicator].unit,
    )
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_GET
def drilldown(request: HttpRequest, code: str, period: str, indicator: str) -> HttpResponse:
    unit, current = unit_for(request, code), period_from(period)
    definition = INDICATORS.get(indicator)
    if definition is None:
        raise Http404
    return render(request, "reporting/drilldown.html", _drilldown_context(request, unit, current, definition))


def _drilldown_context(request: HttpRequest, unit: AdminUnit, current: Period, definition: Indicator) -> dict[str, Any]:
    indicator = str(definition.code)
    value = selectors.indicator_values(actor=request.user, unit=unit, period=current, codes=[indicator])[indicator]
    context: dict[str, Any] = {"unit": unit, "period": current, "indicator": definition, "value": value}
    source = definition.source_for(current)
    if definition.is_ratio:
        context["parts"] = [INDICATORS[definition.numerator], INDICATORS[definition.denominator]]
        if unit.level != Level.COMMUNE:  # and the rate of each child unit, as for any other computed figure
            context["children"] = _child_rows(request, unit, current, indicator)
    elif source == Source.MIXED:
        # A period straddling the day the registry started: each part drills down on its own (entered values
        # before the day, the registry's records from it).
        context["source_parts"] = value.parts
    elif source == Source.ENTERED:
        rows = (
            selectors.entered_rows(request.user, unit, current, [indicator])
            .select_related("unit", "unit__parent")
            .order_by("unit__level", "unit__sort_key", "period_start")
        )
        context["entered"] = paginate(request, rows)
    elif _has_records(request, unit, definition):
        filters, records = _filtered_records(request, unit, current, definition)
        page = paginate(request, records)
        record_rows = [
            (page.start_index() + n, [(label, *_cell(row, path)) for path, label in definition.record_columns])
            for n, row in enumerate(page.object_list)
        ]
        context["records"], context["record_rows"], context["filters"] = page, record_rows, filters
        # (label, numeric) per column: a column of numbers is right-aligned, its heading too.
        numeric = (
            [number for _, _, number in record_rows[0][1]] if record_rows else [False] * len(definition.record_columns)
        )
        context["columns"] = [
            (label, number) for (_, label), number in zip(definition.record_columns, numeric, strict=True)
        ]
    elif unit.level == Level.COMMUNE:  # no child units: the commune's own figure (a viewer sees no names)
        context["children"] = [(unit, value.value)]
    else:
        context["children"] = _child_rows(request, unit, current, indicator)
    return context


def _child_rows(request: HttpRequest, unit: AdminUnit, current: Period, indicator: str) -> list[tuple[AdminUnit, Any]]:
    children = selectors.child_units(request.user, unit)
    child = selectors.child_values(actor=request.user, unit=unit, period=current, codes=[indicator])
    return [(c, child.get(c.pk, {}).get(indicator)) for c in children]


def _has_records(request: HttpRequest, unit: AdminUnit, definition: Indicator) -> bool:
    return exports.has_records(request.user, unit, definition)


def _filtered_records(
    request: HttpRequest, unit: AdminUnit, current: Period, definition: Indicator
) -> tuple[DrillDownFilterForm, Any]:
    return or_404(lambda: exports.filtered_records(request.user, unit, current, definition, request.GET))


def _export_checked(
    request: HttpRequest, code: str, period: str, indicator: str
) -> tuple[AdminUnit, Period, Indicator, Any] | HttpResponse:
    """The drill-down's unit, period, indicator and filtered records when they may be exported; the page with the
    reason (400) when the filters are wrong or the list too long; 404 out of scope, for a viewer, or for a figure
    without records."""
    unit, current = unit_for(request, code), period_from(period)
    definition = INDICATORS.get(indicator)
    if (
        definition is None
        or definition.is_ratio
        or definition.source_for(current) != Source.COMPUTED
        or not _has_records(request, unit, definition)
    ):
        raise Http404
    filters, records = _filtered_records(request, unit, current, definition)
    problem = ""
    if not filters.is_valid():
        problem = "Chưa tải được tệp Excel: hãy sửa các ô lọc được báo lỗi."
    elif records.count() > drilldown_records.MAX_EXPORT_ROWS:
        problem = (
            f"Danh sách có quá {vn(drilldown_records.MAX_EXPORT_ROWS)} bản ghi, không tải về một tệp được: "
            "hãy chọn đơn vị trực thuộc hoặc thu hẹp khoảng ngày."
        )
    if problem:
        context = _drilldown_context(request, unit, current, definition) | {"export_problem": problem}
        return render(request, "reporting/drilldown.html", context, status=400)
    return unit, current, definition, records


@login_required
@require_GET
def drilldown_export(request: HttpRequest, code: str, period: str, indicator: str) -> HttpResponse:
    """The drill-down's records as XLSX at once — exactly those the page lists with the same search and filters
    (the page's button runs the same export as a background job: drilldown_export_job)."""
    checked = _export_checked(request, code, period, indicator)
    if isinstance(checked, HttpResponse):
        return checked
    unit, current, definition, records = checked
    data = drilldown_records.records_xlsx(
        definition,
        drilldown_records.iterate(records),
        title=f"{definition.label} · {unit.name} · {current.label}",
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(definition, unit, current)}"'
    return response


@login_required
@require_POST
def drilldown_export_job(request: HttpRequest, code: str, period: str, indicator: str) -> HttpResponse:
    """Start the drill-down's XLSX export (national and province lists run long) as a background job, with the
    page's search and filters (its query string); the job's page shows the progress, then the file."""
    checked = _export_checked(request, code, period, indicator)
    if isinstance(checked, HttpResponse):
        return checked
    unit, current, definition, _records = checked
    job = job_start(
        actor=request.user,
        unit=unit,
        kind="drilldown_xlsx",
        label=f"Tệp Excel: {definition.label} · {unit.name} · {current.label}",
        func_path="antq.reporting.exports.drilldown_export_job",
        kwargs={"period": current.code, "indicator": str(definition.code), "query": request.GET.urlencode()},
    )
    return redirect("core:job", pk=job.pk)


def _cell(row: Any, path: str) -> tuple[str, bool]:
    """A record's cell as shown, and whether it is a number (written the Vietnamese way, right-aligned)."""
    value = attr(row, path)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return vn(value), True
    return str(value), False


def _entered(unit: AdminUnit, period: Period) -> dict[str, tuple[Any, str]]:
    """The unit's entered values of a period: {indicator code: (value, qualifier)}."""
    return {v.indicator: (v.value, v.qualifier) for v in EnteredValue.objects.filter(unit=unit, period=period.code)}


def _readonly_rows(form: EntryForm, existing: dict[str, tuple[Any, str]]) -> list[tuple[str, list[tuple[Any, str]]]]:
    """The figures without inputs, grouped by report area as the form groups them: (indicator, "trên 59.500")."""
    groups: dict[str, list[tuple[Any, str]]] = {}
    for indicator in form.indicators:
        value, qualifier = existing.get(indicator.code, (None, Qualifier.EXACT))
        prefix = "" if qualifier == Qualifier.EXACT else f"{Qualifier(qualifier).label} "
        groups.setdefault(AREAS[indicator.area].label, []).append(
            (indicator, "–" if value is None else prefix + vn(value))
        )
    return list(groups.items())


COPY_PARAM, COPY_PREVIOUS = "chep", "ky-truoc"  # ?chep=ky-truoc: pre-fill from the previous period (no JS needed)


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The entry form of a unit and period. Its own officers enter; an officer above sees the figures read-only,
    unless the unit gave them an acting grant (shown on the page); `?chep=ky-truoc` pre-fills the empty inputs from
    the previous period of the same kind, to review and save."""
    unit, current = unit_for(request, code), period_from(period)
    access = services.entry_access(request.user, unit)
    if unit.level == Level.NATION or access.mode == services.EntryMode.NONE:
        raise Http404
    existing = _entered(unit, current)
    previous = current.previous() if current.kind != PeriodKind.RANGE else None
    copy = request.method == "GET" and access.writes and previous is not None
    copy = copy and request.GET.get(COPY_PARAM) == COPY_PREVIOUS
    before = _entered(unit, previous) if copy and previous is not None else {}
    form = EntryForm(request.POST or None, initial_values={**before, **existing}, period=current)
    if copy and previous is not None:
        # Only the inputs this form has (entered indicators of this period) and that are still empty.
        copied = sum(1 for i in form.indicators if i.code in before and i.code not in existing)
        messages.info(
            request,
            f"Đã chép {copied} số liệu của {previous.label} vào các ô còn trống: kiểm tra, sửa nếu cần rồi bấm Lưu."
            if copied
            else capfirst(f"{previous.label} không có số liệu nào để chép vào các ô còn trống."),
        )
    is_open, why = services.entry_open(unit, current)
    if request.method == "POST" and not access.writes:
        raise Http404  # the read-only page has no form; the service would refuse it too
    if request.method == "POST" and form.is_valid():
        try:
            services.values_enter(
                actor=request.user,
                unit=unit,
                period=current,
                values=form.entered(),
                confirm_jumps=form.cleaned_data["confirm_jumps"],
            )
        except NotFoundOrOutOfScope as exc:
            raise Http404 from exc
        except ANTQError as exc:
            for field, message in getattr(exc, "problems", [(exc.field, exc.message)]):  # each on its field
                if message != why:  # the closed-entry banner above the form already says it
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Đã lưu số liệu.")
            return redirect("reporting:dashboard", code=unit.code, period=current.code)
    readonly = None if access.writes else _readonly_rows(form, existing)
    return render(
        request,
        "reporting/entry.html",
        {
            "unit": unit,
            "period": current,
            "period_options": period_options(current),
            "form": form,
            "is_open": is_open,
            "why": why,
            "access": access,
            "readonly": readonly,
            "previous": previous if access.writes else None,
            "own_officer": access.mode == services.EntryMode.OWN and unit.level != Level.DISTRICT,
        },
    )


# The irreversible steps, confirmed by the form's checkbox (core/confirm.html): what the refusal names.
# Neither step is final: a submission can be withdrawn until the level above acts, an approval reopened.
CONFIRMED_STEPS: dict[str, tuple[str, str]] = {
    SubmissionStatus.SUBMITTED: (
        "gửi báo cáo lên cấp trên",
        "Có thể rút lại báo cáo cho đến khi cấp trên xử lý.",
    ),
    SubmissionStatus.APPROVED: ("duyệt và chốt số liệu", "Muốn sửa phải mở lại, có ghi lý do."),
}
MISSING_PREFIX = "missing__"  # the submit form's reason field per missing child report: missing__<unit code>
MISSING_COMMON = "missing_common"  # one reason for every missing child report whose own field is left blank


@login_required
@require_POST
def transition(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """A status change; when the service refuses it, the dashboard is shown again with the reason and everything
    typed (a province's 103 reasons are not lost to one missing)."""
    unit, current = unit_for(request, code), period_from(period)
    posted: dict[str, Any] = {
        "to": request.POST.get("to", ""),
        "from": request.POST.get("from", ""),
        "reason": request.POST.get("reason", ""),
        "confirm_early": request.POST.get("confirm_early") == "1",
        "with_parent": request.POST.get("with_parent") == "1",
        "missing": {
            key.removeprefix(MISSING_PREFIX): request.POST.get(key, "")
            for key in request.POST
            if key.startswith(MISSING_PREFIX)
        },
        "missing_common": request.POST.get(MISSING_COMMON, ""),
    }
    common = posted["missing_common"].strip()
    try:
        if posted["to"] in CONFIRMED_STEPS:
            require_confirmed(request, *CONFIRMED_STEPS[posted["to"]])
        submission = services.submission_transition(
            actor=request.user,
            unit=unit,
            period=current,
            to_status=posted["to"],
            reason=posted["reason"],
            confirm_early=posted["confirm_early"],
            missing_reasons={child: text if text.strip() else common for child, text in posted["missing"].items()},
            with_parent=posted["with_parent"],
            expect=posted["from"] or None,
        )
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc
    except ANTQError as exc:
        posted |= {"error": exc.message, "field": exc.field}
        return _dashboard(request, unit, current, posted=posted, status=exc.http_status)
    step = selectors.last_transition(submission)  # the step just recorded: its own message, never a generic one
    if step is not None:
        messages.success(request, services.step_done_message(step.from_status, step.to_status, unit, current))
    return redirect("reporting:dashboard", code=unit.code, period=current.code)


@login_required
@require_GET
def approve(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The approval confirmation: what changed since the last snapshot, and the child reports named as missing."""
    unit, current = unit_for(request, code), period_from(period)
    if unit.level == Level.NATION:
        raise Http404
    submission = selectors.submission_for(unit, current)
    may = services.may_transition(request.user, unit, submission, SubmissionStatus.APPROVED)
    return render(
        request,
        "reporting/approve.html",
        {
            "unit": unit,
            "period": current,
            "submission": submission,
            "may_approve": may,
            "changes": (
                selectors.changes_since_snapshot(request.user, submission, current)
                if may and submission is not None
                else None
            ),
            "missing_reports": selectors.missing_reports(submission),
        },
    )


@login_required
@require_GET
def board(request: HttpRequest, code: str, period: str) -> HttpResponse:
    unit, current = unit_for(request, code), period_from(period)
    if unit.level == Level.COMMUNE:
        raise Http404
    return render(
        request, "reporting/board.html", {"unit": unit, "period": current, **status_board(request.user, unit, current)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("reporting:notifications")
    return render(
        request,
        "reporting/notifications.html",
        {"page": paginate(request, notifications_for(request.user)), "unread": unread_count(request.user)},
    )
