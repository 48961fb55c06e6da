"""The entry form: one row per entered indicator (value + qualifier), like a DHIS2 data set. An emptied field
clears the figure (no data); values are passed as typed to `services.values_enter`, which parses them."""

from __future__ import annotations

from typing import Any

from django import forms

from antq.core.indicators import AREAS, Indicator, Source
from antq.core.indicators import entered as enterable
from antq.core.periods import Period
from antq.core.templatetags.antq import vn
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
