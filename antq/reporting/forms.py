"""The entry form: one row per entered indicator (value + qualifier), like a DHIS2 data set. An emptied field
clears the figure (no data); values are passed as typed to `services.values_enter`, which parses them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import get_format

from antq.core.indicators import AREAS, Indicator, RecordFilters, Source
from antq.core.indicators import entered as enterable
from antq.core.periods import Period
from antq.core.templatetags.antq import vn
from antq.geo.models import AdminUnit
from antq.reporting.models import Qualifier


class EntryForm(forms.Form):
    confirm_jumps = forms.BooleanField(label="Xác nhận số liệu tăng đột biến là đúng", required=False)

    def __init__(
        self, *args: Any, initial_values: dict[str, tuple[Any, str]], period: Period | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Indicators a registry computes from `computed_from` on are entered only for periods that end before it.
        self.indicators: list[Indicator] = [
            i for i in enterable() if period is None or i.source_for(period) == Source.ENTERED
        ]
        for indicator in self.indicators:
            value, qualifier = initial_values.get(indicator.code, (None, Qualifier.EXACT))
            # Text, not a DecimalField: Django's localized parsing reads "1.5" as 1,5; the service's one parser
            # reads Vietnamese numbers exactly and refuses fractions of whole counts (case F03).
            self.fields[str(indicator.code)] = forms.CharField(
                label=indicator.label,
                required=False,
                max_length=40,
                initial=None if value is None else vn(value),
                help_text=indicator.unit,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"{indicator.code}__q"] = forms.ChoiceField(
                label="", choices=Qualifier.choices, initial=qualifier, required=False
            )

    def groups(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        """Rows grouped by report area, for the template."""
        grouped: dict[str, list[tuple[Any, Any]]] = {}
        for indicator in self.indicators:
            grouped.setdefault(AREAS[indicator.area].label, []).append(
                (self[str(indicator.code)], self[f"{indicator.code}__q"])
            )
        return list(grouped.items())

    def entered(self) -> dict[str, tuple[Any, str]]:
        return {
            str(i.code): (self.cleaned_data.get(i.code), self.cleaned_data.get(f"{i.code}__q") or Qualifier.EXACT)
            for i in self.indicators
        }


ALL = ("", "Tất cả")
SEARCH_MAX_LENGTH = 100


class DrillDownFilterForm(forms.Form):
    """A drill-down list's search and filters, read from the query string (`?q=…&don_vi=…&loai=…&tu_ngay=…`):
    only the fields the indicator's `record_filters` declares are present. A value that does not parse gets a
    Vietnamese message naming its field; the list is then narrowed by the fields that did parse."""

    def __init__(
        self,
        data: Any,
        *,
        filters: RecordFilters,
        children: list[AdminUnit],
        kinds: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        self.children = {child.code: child for child in children}
        if filters.search:
            self.fields["q"] = forms.CharField(
                label="Tìm kiếm",
                required=False,
                max_length=SEARCH_MAX_LENGTH,
                error_messages={"max_length": f"Tìm kiếm: nhập tối đa {SEARCH_MAX_LENGTH} ký tự."},
                widget=forms.TextInput(attrs={"type": "search", "placeholder": "Tên, nội dung…"}),
            )
        if filters.unit and children:
            self.fields["don_vi"] = _choice("Đơn vị trực thuộc", [(c.code, c.name) for c in children])
        if filters.kind:
            self.fields["loai"] = _choice(filters.kind_label or "Loại", kinds)
        if filters.date:
            label = filters.date_label or "Ngày"
            self.fields["tu_ngay"] = _date(f"{label} từ")
            self.fields["den_ngay"] = _date(f"{label} đến")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and end < start:
            self.add_error(
                "den_ngay",
                f"{self.fields['den_ngay'].label}: ngày {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
            )
        return data

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list (the page then says so next to the count)."""
        if not hasattr(self, "cleaned_data") or self.errors:
            return False
        return any(self.cleaned_data.get(name) for name in self.fields)

    def selected(self) -> dict[str, Any]:
        """What was asked, as `antq.reporting.drilldown.filter_records` takes it — nothing at all while any field
        is in error: a half-applied filter (the start date kept, the wrong end date dropped) would list records
        the user did not ask for as if they had been filtered. The page then lists every record and says so."""
        data = {} if self.errors else getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "child": self.children.get(data.get("don_vi") or ""),
            "kind": data.get("loai") or "",
            "date_from": data.get("tu_ngay"),
            "date_to": data.get("den_ngay"),
        }


def _choice(label: str, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[ALL, *choices],
        error_messages={"invalid_choice": f"{label}: “%(value)s” không có trong danh sách."},
    )


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=get_format("DATE_INPUT_FORMATS", lang="vi"),  # day first, whatever the browser's language
        error_messages={"invalid": f"{label}: ngày không hợp lệ — nhập theo dạng dd/mm/yyyy, ví dụ 05/01/2026."},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
