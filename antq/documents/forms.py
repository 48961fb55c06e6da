"""Forms of the documents app: input shape only; the workflow's rules are checked by the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.errors import ValidationFailed
from antq.core.periods import Period, PeriodKind, reporting_year
from antq.documents.models import ReportDocument
from antq.documents.services import EDITABLE

FIRST_YEAR_OFFERED = 2013  # the earliest year offered: the movement's reports the system holds
RECENT_YEARS = 2  # years whose halves and quarters are offered (sơ kết 6 tháng, sơ kết quý)
REVIEW_SPANS = (5, 10)  # the reviews of several years offered (giai đoạn), ending with last year


def period_groups(today: dt.date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods a report can be drafted for, as (group label, [(code, label)]): the reporting years, the halves
    and quarters of this year and last, and the reviews of 5 and 10 years ending last year — only periods that
    have started (a report of a period not yet begun is refused). Picked from a list, never typed as a code."""
    today = today or timezone.localdate()
    this_year = reporting_year(today)
    groups: list[tuple[str, list[Period]]] = [
        ("Năm", [Period.year_of(y) for y in range(this_year, FIRST_YEAR_OFFERED - 1, -1)])
    ]
    for year in range(this_year, this_year - RECENT_YEARS, -1):
        parts = [Period(PeriodKind.HALF, year, i) for i in (1, 2)] + [
            Period(PeriodKind.QUARTER, year, i) for i in range(1, 5)
        ]
        groups.append((f"6 tháng, quý năm {year}", parts))
    groups.append(("Giai đoạn", [Period(PeriodKind.RANGE, this_year - span, this_year - 1) for span in REVIEW_SPANS]))
    return [
        (label, [(p.code, p.label) for p in periods if p.start <= today])
        for label, periods in groups
        if any(p.start <= today for p in periods)
    ]


class CreateForm(forms.Form):
    """The period of a new report, picked from `period_groups` (the page's list); any period the one parser accepts
    is taken, so a report for an older quarter can still be asked for by its address."""

    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period_groups = period_groups()

    @property
    def selected(self) -> str:
        """The code to show as chosen: what was posted, else the initial one (last year's report)."""
        return str(self["period"].value() or "")

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc


class EditForm(forms.ModelForm):
    """The parts the officer writes; numbers and dates are set when the report is issued."""

    class Meta:
        model = ReportDocument
        fields = list(EDITABLE)
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "shortcomings": forms.Textarea(attrs={"rows": 8}),
            "directions": forms.Textarea(attrs={"rows": 8}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
            "subject": forms.TextInput(attrs={"size": 90}),
        }
        help_texts = {
            "shortcomings": _("Mỗi dòng là một đoạn văn."),
            "directions": _("Mỗi dòng là một đoạn văn."),
            "recipients": _("Mỗi dòng một nơi nhận; dòng cuối thường là “Lưu: VT, …”."),
        }

    def changed(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.changed_data}


class FinaliseForm(forms.Form):
    number = forms.CharField(label=_("Số văn bản"), max_length=20, help_text=_("Ví dụ: 12"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), help_text=_("dd/mm/yyyy"))
