"""The entry form: one row per entered indicator (value + qualifier), like a DHIS2 data set."""

from __future__ import annotations

from typing import Any

from django import forms

from antq.core.indicators import AREAS, Indicator, Source
from antq.core.indicators import entered as enterable
from antq.core.periods import Period
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
            self.fields[str(indicator.code)] = forms.DecimalField(
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
