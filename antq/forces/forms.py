"""Forms of the forces app: input shape only; the Law's rules are checked by the services.

Identifiers are cleaned here by the same rules the services and the roster import call — the CCCD by
antq.forces.rules, phones by antq.core.phones (PhoneField) — so a form shows "Số CCCD phải gồm đúng 12 chữ số
0–9." or "Số điện thoại chỉ gồm chữ số 0–9 …" next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from antq.core.phones import PhoneField
from antq.forces import rules
from antq.forces.models import EndReason, Rating, TeamCoverage, TeamMember
from antq.geo.models import Locality


def clean_national_id(value: object) -> str:
    """A form field's CCCD through rules.national_id_clean / national_id_problem (the service checks it again)."""
    national_id = rules.national_id_clean(value)
    if problem := rules.national_id_problem(national_id):
        raise forms.ValidationError(problem, code="national_id")
    return national_id


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200)
    localities = forms.ModelMultipleChoiceField(
        label=_("Thôn, tổ dân phố phụ trách"), queryset=Locality.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    founded_on = forms.DateField(label=_("Ngày thành lập"))
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=50, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False)

    def __init__(self, *args: Any, localities: QuerySet[Locality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only localities without an active team may be chosen. A subquery, not
        # `.exclude(team_coverages__valid_to__isnull=True)`: across the reverse relation that also excludes
        # localities that were never covered (the outer join gives them a NULL valid_to).
        covered = TeamCoverage.objects.filter(valid_to__isnull=True).values("locality_id")
        self.fields["localities"].queryset = localities.exclude(pk__in=covered)  # type: ignore[attr-defined]


class MemberForm(forms.ModelForm):
    phone = PhoneField(label=_("Số điện thoại"))

    class Meta:
        model = TeamMember
        fields = [
            "full_name",
            "birth_date",
            "gender",
            "national_id",
            "ethnicity",
            "education",
            "phone",
            "residence",
            "resident_since",
            "role",
            "decision_number",
            "decision_date",
            "start_date",
            "health_certified",
            "no_prosecution",
            "age_exception_decision",
            "hardship_area",
            "note",
        ]
        widgets = {
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }

    def __init__(self, *args: Any, localities: QuerySet[Locality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = localities  # type: ignore[attr-defined]

    def clean_national_id(self) -> str:
        return clean_national_id(self.cleaned_data.get("national_id"))

    def _post_clean(self) -> None:
        # Model validation (and every rule) runs in the service, which names the rule that failed.
        pass


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(label=_("Ngày thôi tham gia"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=[c for c in EndReason.choices if c[0] != "team_dissolved"])
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)


class TrainingForm(forms.Form):
    course = forms.CharField(label=_("Nội dung bồi dưỡng, tập huấn"), max_length=200)
    start_date = forms.DateField(label=_("Từ ngày"))
    end_date = forms.DateField(label=_("Đến ngày"))
    hours = forms.IntegerField(label=_("Số giờ"), min_value=1, max_value=2000)
    passed = forms.BooleanField(label=_("Đạt yêu cầu"), required=False, initial=True)


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2024, max_value=2100)
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=Rating.choices)


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Ngày giải thể"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Đề nghị"), choices=[("end", _("Cho thôi tham gia")), ("update", _("Sửa số điện thoại"))]
    )
    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=TeamMember.objects.none())
    phone = PhoneField(label=_("Số điện thoại mới"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)

    def __init__(self, *args: Any, members: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
