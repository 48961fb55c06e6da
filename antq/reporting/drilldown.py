"""Finding records in a drill-down list: the search box, the filters (child unit, kind, date range) and the XLSX
export of exactly the filtered records (issue 17 item 6).

Nothing here knows a registry: what a list can be searched and filtered by is each indicator's `record_filters`
declaration (antq.core.indicators.RecordFilters: ORM paths on the records' model), applied to whatever
`records(actor, unit, period)` returned — a queryset, or a queryset-like object that offers `model`, `filter`
and `values_list` (forces' support rows). The records are already bounded by the actor's scope; the filters only
narrow them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from openpyxl import Workbook

from antq.core import xlsx
from antq.core.indicators import Indicator, RecordFilters
from antq.core.text import fold, place_sort_key
from antq.geo.models import AdminUnit
from antq.geo.selectors import within_unit_q

# Rows an export writes at most: a national list of every member would take minutes and hundreds of megabytes;
# past this the page asks for a narrower filter instead.
MAX_EXPORT_ROWS = 100_000


def _model_field(model: type[Model], path: str) -> Any:
    """The model field at the end of an ORM path ("scheme__scheme_type")."""
    field: Any = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def kind_choices(filters: RecordFilters, records: Any) -> list[tuple[str, str]]:
    """The kinds found among the records, as (value, label): a choices field's labels in their declared order,
    a foreign key's related names in Vietnamese order. One query."""
    if not filters.kind:
        return []
    try:
        field = _model_field(records.model, filters.kind)
    except FieldDoesNotExist:
        return []
    if field.is_relation:
        found = records.values_list(filters.kind, f"{filters.kind}__name").order_by().distinct()
        pairs = sorted({(pk, name) for pk, name in found if pk is not None}, key=lambda row: place_sort_key(row[1]))
        return [(str(pk), name) for pk, name in pairs]
    present = {str(v) for v in records.values_list(filters.kind, flat=True).order_by().distinct()}
    return [(str(value), str(label)) for value, label in field.flatchoices if str(value) in present]


def search_q(filters: RecordFilters, text: str) -> Q:
    """Records whose declared search fields contain `text` (folded fields match the folded text)."""
    folded = fold(text)
    matches = Q(pk__in=[])
    for path in filters.search:
        if path.endswith("folded_name"):
            matches |= Q(**{f"{path}__contains": folded})
        else:
            matches |= Q(**{f"{path}__icontains": text.strip()})
    return matches


def filter_records(
    records: Any,
    filters: RecordFilters,
    *,
    text: str = "",
    child: AdminUnit | None = None,
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Any:
    """The records narrowed by what was asked; a filter the declaration does not name is ignored."""
    conditions: list[Q] = []
    if text.strip() and filters.search:
        conditions.append(search_q(filters, text))
    if child is not None and filters.unit:
        # The child itself (a province's own records) or any unit below it.
        conditions.append(Q(**{f"{filters.unit}_id": child.pk}) | within_unit_q(child, filters.unit))
    if kind and filters.kind:
        conditions.append(Q(**{filters.kind: kind}))
    if date_from is not None and filters.date:
        conditions.append(Q(**{f"{filters.date}__gte": date_from}))
    if date_to is not None and filters.date:
        conditions.append(Q(**{f"{filters.date}__lte": date_to}))
    return records.filter(*conditions) if conditions else records


def _raw(row: Any, path: str) -> Any:
    """A record's value at a dotted path (methods called), as a spreadsheet cell takes it: numbers stay numbers,
    dates stay dates, anything else becomes text."""
    value = row
    for part in path.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | Decimal | float | dt.date):
        return value
    return str(value)


def records_xlsx(indicator: Indicator, rows: Iterable[Any], *, title: str) -> bytes:
    """The records as a workbook: Vietnamese headings (STT, the declared columns, and the number each record adds
    to the figure when it is not a count), one row per record; dates are date cells shown dd/mm/yyyy and numbers
    are numbers. Text goes through antq.core.xlsx (never a formula)."""
    columns = list(indicator.record_columns)
    if indicator.record_value and indicator.record_value not in {path for path, _ in columns}:
        # The figure's own number per record (attendees, đồng…), so that the sheet's column adds up to it.
        columns.append((indicator.record_value, f"{indicator.label} ({indicator.unit})"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=indicator.label[:31].replace("/", "-"))
    sheet.freeze_panes = "A2"
    xlsx.append_row(sheet, ["STT", *(label for _, label in columns)])
    for number, row in enumerate(rows, start=1):
        xlsx.append_row(sheet, [number, *(_raw(row, path) for path, _ in columns)])
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def iterate(records: Any) -> Iterable[Any]:
    """Every record, read in chunks (a queryset) or page by page (a queryset-like object)."""
    iterator = getattr(records, "iterator", None)
    return iterator(chunk_size=2000) if iterator is not None else iter(records)
