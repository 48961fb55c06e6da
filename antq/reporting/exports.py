"""The drill-down's record list as the page filters it, and its XLSX export as a background job (antq/core/jobs.py):
the page (reporting/views.py) and the job read the records through the same two functions, so the file holds exactly
the rows the page listed with the same search and filters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import QueryDict

from antq.accounts.scope import OFFICER_ROLES, scope_for
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.indicators import INDICATORS, Indicator, Source
from antq.core.jobs import JobFile, Progress
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level
from antq.reporting import drilldown, selectors
from antq.reporting.forms import DrillDownFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 500  # rows between two progress reports


def may_see_records(actor: Any, unit: AdminUnit) -> bool:
    """Record lists can carry names: officers covering the unit only; viewers get per-unit figures instead."""
    scope = scope_for(actor)
    return scope.covers(unit, OFFICER_ROLES) if unit.level != Level.NATION else scope.is_national(OFFICER_ROLES)


def has_records(actor: Any, unit: AdminUnit, definition: Indicator) -> bool:
    """Whether the drill-down lists the registry's records (and may export them)."""
    return definition.records is not None and may_see_records(actor, unit)


def filtered_records(
    actor: Any, unit: AdminUnit, current: Period, definition: Indicator, query: QueryDict
) -> tuple[DrillDownFilterForm, Any]:
    """The indicator's records narrowed by the page's search and filters (`query`: the page's query string), with
    the form that read them; while any field is in error nothing is filtered (the errors show on their fields)."""
    if definition.records is None:  # callers check `has_records` first
        raise NotFoundOrOutOfScope("Không có danh sách bản ghi cho chỉ tiêu này.")
    records = definition.records(actor, unit, current)
    declared = definition.record_filters
    children = selectors.child_units(actor, unit) if declared.unit and unit.level != Level.COMMUNE else []
    form = DrillDownFilterForm(
        query, filters=declared, children=children, kinds=drilldown.kind_choices(declared, records)
    )
    form.is_valid()
    return form, drilldown.filter_records(records, declared, **form.selected())


def export_filename(definition: Indicator, unit: AdminUnit, current: Period) -> str:
    return f"chi-tiet-{definition.code}-{unit.code}-{current.code}.xlsx"


def _counted(rows: Iterable[Any], total: int, progress: Progress) -> Iterator[Any]:
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_EVERY == 0:
            progress(number, total, f"Đã ghi {number:,} / {total:,} bản ghi".replace(",", "."))
        yield row


def drilldown_export_job(
    *, actor: Any, unit: AdminUnit | None, progress: Progress, period: str, indicator: str, query: str
) -> JobFile:
    """Background job: the drill-down's records (national, province or commune) as XLSX, read again through the
    owner's scope when the job runs."""
    definition = INDICATORS.get(indicator)
    if unit is None or definition is None or not has_records(actor, unit, definition):
        raise NotFoundOrOutOfScope("Không tìm thấy danh sách bản ghi.")
    current = Period.parse(period)
    if definition.is_ratio or definition.source_for(current) != Source.COMPUTED:
        raise NotFoundOrOutOfScope("Không tìm thấy danh sách bản ghi.")
    progress(0, 1, "Đang đọc danh sách")
    filters, records = filtered_records(actor, unit, current, definition, QueryDict(query))
    total = records.count()
    if not filters.is_valid() or total > drilldown.MAX_EXPORT_ROWS:
        raise ValidationFailed("Điều kiện lọc không hợp lệ hoặc danh sách quá lớn; hãy mở lại trang chi tiết.")
    progress(0, max(total, 1), f"Đang ghi {total:,} bản ghi".replace(",", "."))
    data = drilldown.records_xlsx(
        definition,
        _counted(drilldown.iterate(records), max(total, 1), progress),
        title=f"{definition.label} · {unit.name} · {current.label}",
    )
    return JobFile(data=data, filename=export_filename(definition, unit, current), content_type=XLSX)
