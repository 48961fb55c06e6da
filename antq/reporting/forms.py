"""The entry form: one row per entered indicator (value + qualifier), like a DHIS2 data set."""

from __future__ import annotations

from typing import Any

from django import forms

from antq.reporting.catalogue import AREAS, ENTERED
from antq.reporting.models import Qualifier


class EntryForm(forms.Form):
    confirm_jumps = forms.BooleanField(label="Xác nhận số liệu tăng đột biến là đúng", required=False)

    def __init__(self, *args: Any, initial_values: dict[str, tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in ENTERED:
            value, qualifier = initial_values.get(indicator.code, (None, Qualifier.EXACT))
            self.fields[indicator.code] = forms.DecimalField(
                label=indicator.label,
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=2,
                initial=value,
                localize=True,
                help_text=indicator.unit,
            )
            self.fields[f"{indicator.code}__q"] = forms.ChoiceField(
                label="", choices=Qualifier.choices, initial=qualifier, required=False
            )

    def groups(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        """Rows grouped by report area, for the template."""
        grouped: dict[str, list[tuple[Any, Any]]] = {}
        for indicator in ENTERED:
            grouped.setdefault(AREAS[indicator.area], []).append((self[indicator.code], self[f"{indicator.code}__q"]))
        return list(grouped.items())

    def entered(self) -> dict[str, tuple[Any, str]]:
        return {
            i.code: (self.cleaned_data.get(i.code), self.cleaned_data.get(f"{i.code}__q") or Qualifier.EXACT)
            for i in ENTERED
        }
