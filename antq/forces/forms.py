"""Forms of the forces app: input shape only; the Law's rules are checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from antq.forces.models import EndReason, Rating, TeamMember
from antq.geo.models import Locality


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
        self.fields["localities"].queryset = localities  # type: ignore[attr-defined]


class MemberForm(forms.ModelForm):
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
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args: Any, localities: QuerySet[Locality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = localities  # type: ignore[attr-defined]

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
    phone = forms.CharField(label=_("Số điện thoại mới"), max_length=15, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=250)

    def __init__(self, *args: Any, members: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
