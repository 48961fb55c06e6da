"""Forms of the activities app: input shape, plus the app's pure rules (`rules.py`) run in the same pass so one
POST shows every error; the services check everything again (and what needs the database) and name the field.
Fields that apply only to some kinds (an outreach kind's measures, a held festival's date, a person's or a
collective's details, the medal's years) are declared with `antq.core.forms.depends`: ignored, never saved, when
the submitted kind does not use them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.activities import awards, rules
from antq.activities.awards import PROPOSAL_FIELDS
from antq.activities.models import (
    AwardForm,
    AwardProposal,
    Festival,
    FestivalStatus,
    Kind,
    NomineeKind,
    OutreachActivity,
    ProposalStatus,
    Topic,
)
from antq.activities.services import ACTIVITY_FIELDS, FESTIVAL_FIELDS
from antq.core.errors import Problem
from antq.core.forms import RuleChecked, depends
from antq.core.periods import reporting_year
from antq.forces.forms import clean_national_id
from antq.forces.models import TeamMember
from antq.geo.models import AdminUnit, Establishment, Locality

# Each measure applies to the kinds that require or allow it (rules.REQUIRED / rules.OPTIONAL).
MEASURE_KINDS = {
    field: [kind for kind in Kind.values if field in (*rules.REQUIRED[kind], *rules.OPTIONAL.get(kind, ()))]
    for field in rules.MEASURES
}

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


class OutreachForm(RuleChecked, _ServiceValidated, forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = list(ACTIVITY_FIELDS)
        formfield_callback = _formfield
        widgets = {"date": DATE_INPUT, "link": forms.URLInput(attrs={"placeholder": "https://"})}

    def __init__(
        self,
        *args: Any,
        unit: AdminUnit,
        localities: QuerySet[Locality] | None = None,
        establishments: QuerySet[Establishment] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        if localities is None or establishments is None:
            # A province records its own work at unit level: no place fields (a stored place is left as it is).
            del self.fields["locality"], self.fields["establishment"]
        else:
            self.fields["locality"].queryset = localities  # type: ignore[attr-defined]
            self.fields["establishment"].queryset = establishments  # type: ignore[attr-defined]
        depends(self, "kind", MEASURE_KINDS)

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        if self.instance.pk:  # an edit: the stored values of the fields this form does not show count too
            values = {name: getattr(self.instance, name) for name in ACTIVITY_FIELDS} | values
        return rules.activity_problems(self.unit, values, today=timezone.localdate())


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


class QuickRowForm(RuleChecked, _ServiceValidated, forms.ModelForm):
    """One row of the quick-entry table: its fields' own errors and the rules' together. Nothing is hidden here (one
    column per measure): a value in a column the row's kind does not use is refused, naming it."""

    class Meta:
        model = OutreachActivity
        fields = list(QUICK_FIELDS)
        formfield_callback = _formfield
        widgets = {"date": forms.DateInput(format="%d/%m/%Y", attrs={"size": 10})}

    def __init__(self, *args: Any, unit: AdminUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        return rules.activity_problems(self.unit, values, today=timezone.localdate())


QuickFormSet = forms.formset_factory(QuickRowForm, extra=10, max_num=200, absolute_max=200)


FIRST_LISTED_YEAR = 2020  # the registries' first year of records


def year_choices() -> list[tuple[str, str]]:
    """The reporting years offered by the activity lists, newest first, and "Tất cả" (every year) last."""
    return [(str(year), f"Năm {year}") for year in range(reporting_year(), FIRST_LISTED_YEAR - 1, -1)] + [
        ("", str(_("Tất cả")))
    ]


class OutreachFilterForm(forms.Form):
    """The outreach list's filters. `year` is a reporting year picked from a list; absent from the query string it
    is the current one (`for_request`), "Tất cả" (empty) lists every year."""

    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[("", _("Tất cả")), *Kind.choices], required=False)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=[("", _("Tất cả")), *Topic.choices], required=False)
    own = forms.BooleanField(label=_("Chỉ của Công an tỉnh"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]

    @classmethod
    def for_request(cls, query: Any) -> OutreachFilterForm:
        """The form bound to the page's query string, the current reporting year when none is named."""
        data = query.copy()
        if "year" not in data:
            data["year"] = str(reporting_year())
        return cls(data)


class FestivalPlanForm(RuleChecked, forms.Form):
    planned_date = forms.DateField(label=_("Ngày dự kiến"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Địa điểm"), max_length=250)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        return rules.festival_problems(
            year=self.year,
            planned_date=values.get("planned_date"),
            status=FestivalStatus.PLANNED,
            held_on=None,
            place=values.get("place", "-"),  # a place that failed is already marked
            today=timezone.localdate(),
        )


class FestivalForm(RuleChecked, _ServiceValidated, forms.ModelForm):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        depends(self, "status", {"held_on": (FestivalStatus.HELD,)})

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        festival = self.instance
        if festival.pk is None:
            return []
        return rules.festival_problems(
            year=festival.year,
            planned_date=values.get("planned_date"),
            status=values.get("status", festival.status),
            held_on=values.get("held_on"),
            place=values.get("place", "-"),
            today=timezone.localdate(),
        )


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (JPEG, PNG, tối đa 5 MB)"))
    caption = forms.CharField(label=_("Chú thích"), max_length=250, required=False)


class ProposalForm(RuleChecked, _ServiceValidated, forms.ModelForm):
    class Meta:
        model = AwardProposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {
            "birth_date": DATE_INPUT,
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }

    def __init__(
        self,
        *args: Any,
        members: QuerySet[TeamMember],
        units: QuerySet[AdminUnit],
        unit: AdminUnit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["form"].queryset = AwardForm.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["member"].help_text = _("Chọn khi người được đề nghị là thành viên Tổ bảo vệ ANTT.")
        self.fields["collective_unit"].queryset = units  # type: ignore[attr-defined]
        for name in ("prior_years", "prior_hardship_years", "achievements"):
            self.fields[name].required = False
        # A person's details, a collective's, and the medal's years (only for the medal's award forms).
        depends(self, "nominee_kind", dict.fromkeys(awards.PERSON_FIELDS, (NomineeKind.PERSON,)))
        depends(self, "nominee_kind", dict.fromkeys(awards.COLLECTIVE_FIELDS, (NomineeKind.COLLECTIVE,)))
        medals = dict(AwardForm.objects.filter(is_medal=True).values_list("pk", "name"))
        depends(
            self,
            "form",
            dict.fromkeys(awards.MEDAL_FIELDS, tuple(medals)),
            labels={str(pk): name for pk, name in medals.items()},
        )

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        if self.unit is None:  # no proposing unit given: the fields' own checks only
            return []
        stored = {name: getattr(self.instance, name) for name in PROPOSAL_FIELDS} if self.instance.pk else {}
        return awards.proposal_problems(self.unit, stored | values, today=timezone.localdate())

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
