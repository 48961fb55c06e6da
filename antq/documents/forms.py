"""Forms of the documents app: input shape only; the workflow's rules are checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.errors import ValidationFailed
from antq.core.periods import Period
from antq.documents.models import ReportDocument
from antq.documents.services import EDITABLE


class CreateForm(forms.Form):
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        max_length=12,
        help_text=_("2025 (tổng kết năm), 2025H1 (sơ kết 6 tháng), 2025Q3 (sơ kết quý) hoặc 2013..2023 (giai đoạn)."),
    )

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
