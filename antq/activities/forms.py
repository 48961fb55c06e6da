"""Forms of the activities app: input shape only; every rule is checked by the services, which name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from antq.activities.awards import PROPOSAL_FIELDS
from antq.activities.models import (
    GROUP_FIELDS,
    AwardForm,
    AwardProposal,
    Festival,
    Kind,
    OutreachActivity,
    ProposalStatus,
    Topic,
)
from antq.activities.services import ACTIVITY_FIELDS, FESTIVAL_FIELDS
from antq.forces.forms import clean_national_id
from antq.forces.models import TeamMember
from antq.geo.models import AdminUnit, Establishment, Locality

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def _formfield(field: Any, **kwargs: Any) -> Any:
    """Model fields as form fields; links without a scheme get https:// (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class _ServiceValidated:
    def _post_clean(self) -> None:
        # Model validation (and every rule) runs in the service, which names the rule that failed.
        pass


class OutreachForm(_ServiceValidated, forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = list(ACTIVITY_FIELDS)
        formfield_callback = _formfield
        widgets = {"date": DATE_INPUT, "link": forms.URLInput(attrs={"placeholder": "https://"})}

    def __init__(
        self,
        *args: Any,
        localities: QuerySet[Locality] | None = None,
        establishments: QuerySet[Establishment] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if localities is None or establishments is None:
            # A province records its own work at unit level: no place fields (a stored place is left as it is).
            del self.fields["locality"], self.fields["establishment"]
        else:
            self.fields["locality"].queryset = localities  # type: ignore[attr-defined]
            self.fields["establishment"].queryset = establishments  # type: ignore[attr-defined]
        for name in GROUP_FIELDS:
            self.fields[name].required = False


# The quick-entry row: the fields most rows need, one activity per line.
QUICK_FIELDS = (
    "date",
    "kind",
    "topic",
    "title",
    "attendees",
    "outlet",
    "link",
    "display_type",
    "count",
    "participants",
    "recipient_kind",
    "recipients",
    "value_vnd",
)


class QuickRowForm(_ServiceValidated, forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = list(QUICK_FIELDS)
        formfield_callback = _formfield
        widgets = {"date": forms.DateInput(format="%d/%m/%Y", attrs={"size": 10})}


QuickFormSet = forms.formset_factory(QuickRowForm, extra=10, max_num=200, absolute_max=200)


class OutreachFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2200)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[("", _("Tất cả")), *Kind.choices], required=False)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=[("", _("Tất cả")), *Topic.choices], required=False)
    own = forms.BooleanField(label=_("Chỉ của Công an tỉnh"), required=False)


class FestivalPlanForm(forms.Form):
    planned_date = forms.DateField(label=_("Ngày dự kiến"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Địa điểm"), max_length=250)


class FestivalForm(_ServiceValidated, forms.ModelForm):
    class Meta:
        model = Festival
        fields = list(FESTIVAL_FIELDS)
        widgets = {
            "planned_date": DATE_INPUT,
            "held_on": DATE_INPUT,
            "ceremony_activities": forms.Textarea(attrs={"rows": 3}),
            "festival_activities": forms.Textarea(attrs={"rows": 3}),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (JPEG, PNG, tối đa 5 MB)"))
    caption = forms.CharField(label=_("Chú thích"), max_length=250, required=False)


class ProposalForm(_ServiceValidated, forms.ModelForm):
    class Meta:
        model = AwardProposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {
            "birth_date": DATE_INPUT,
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }

    def __init__(self, *args: Any, members: QuerySet[TeamMember], units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = AwardForm.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["member"].help_text = _("Chọn khi người được đề nghị là thành viên Tổ bảo vệ ANTT.")
        self.fields["collective_unit"].queryset = units  # type: ignore[attr-defined]
        for name in ("prior_years", "prior_hardship_years", "achievements"):
            self.fields[name].required = False

    def clean_national_id(self) -> str:
        # Optional here (collectives, non-medal awards); when given, the forces CCCD rule: 12 ASCII digits.
        value = self.cleaned_data.get("national_id") or ""
        return clean_national_id(value) if value.strip() else ""


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ProposalStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do, ý kiến"), max_length=500, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE_INPUT)
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
