"""Forms of the forces app: input shape only; the Law's rules are checked by the services.

Identifiers are cleaned here by the same rules the services and the roster import call — the CCCD by
antq.forces.rules, phones by antq.core.phones (PhoneField) — so a form shows "Số CCCD phải gồm đúng 12 chữ số
0–9." or "Số điện thoại chỉ gồm chữ số 0–9 …" next to the field.

Every error at once (antq.core.forms.RuleChecked): the member and team forms run, in their own clean(), the very
check the writing service runs (`services.member_check`, `services.team_check`) on whatever parsed, so one POST
shows the fields' errors and the rules' together; the service checks again when it writes. Fields that do not
apply: the proposal's new phone only for a phone change (`core.forms.depends`, ignored and never kept otherwise;
`antq/dependent-fields.js` hides it); “Vẫn thêm” only after the duplicate warning and the over-70 decision only
when the age rule asks for it or one is recorded — both rendered hidden otherwise, on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.errors import Problem
from antq.core.forms import RuleChecked, depends
from antq.core.phones import PhoneField
from antq.forces import rules, services
from antq.forces.models import EndReason, ProposalKind, Rating, SecurityTeam, TeamCoverage, TeamMember
from antq.geo.models import AdminUnit, Locality


def clean_national_id(value: object) -> str:
    """A form field's CCCD through rules.national_id_clean / national_id_problem (the service checks it again)."""
    national_id = rules.national_id_clean(value)
    if problem := rules.national_id_problem(national_id):
        raise forms.ValidationError(problem, code="national_id")
    return national_id


class _TeamChecked(RuleChecked):
    """The team rules (rules.team_problems, through services.team_check) with the fields' own errors."""

    actor: Any
    commune: AdminUnit
    team: SecurityTeam | None = None

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        found = services.team_check(actor=self.actor, commune=self.commune, data=values, team=self.team)
        return services.as_pairs(found)


class TeamForm(_TeamChecked, forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200)
    localities = forms.ModelMultipleChoiceField(
        label=_("Thôn, tổ dân phố phụ trách"), queryset=Locality.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    founded_on = forms.DateField(label=_("Ngày thành lập"))
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=50, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False)

    def __init__(
        self, *args: Any, localities: QuerySet[Locality], actor: Any, commune: AdminUnit, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.commune = actor, commune
        # Only localities without an active team may be chosen. A subquery, not
        # `.exclude(team_coverages__valid_to__isnull=True)`: across the reverse relation that also excludes
        # localities that were never covered (the outer join gives them a NULL valid_to).
        covered = TeamCoverage.objects.filter(valid_to__isnull=True).values("locality_id")
        self.fields["localities"].queryset = localities.exclude(pk__in=covered)  # type: ignore[attr-defined]


class TeamEditForm(_TeamChecked, forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200)
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=50, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False)

    def __init__(self, *args: Any, actor: Any, team: SecurityTeam, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"name": team.name, "decision_number": team.decision_number, "decision_date": team.decision_date}
        )
        super().__init__(*args, **kwargs)
        self.actor, self.commune, self.team = actor, team.commune, team


class MemberForm(RuleChecked, forms.ModelForm):
    phone = PhoneField(label=_("Số điện thoại"))
    # Shown after the warning that an active member has the same name, birth date and locality.
    confirm_duplicate = forms.BooleanField(label=_("Vẫn thêm (đã kiểm tra: là người khác)"), required=False)

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
            "residence_verified",
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

    def __init__(
        self, *args: Any, localities: QuerySet[Locality], actor: Any, team: SecurityTeam, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.team = actor, team
        self.fields["residence"].queryset = localities  # type: ignore[attr-defined]
        # Shown only when they apply (see `clean`): until then, hidden inputs carrying what was posted.
        self.fields["confirm_duplicate"].widget = forms.HiddenInput()
        if not (self.instance.age_exception_decision or self["age_exception_decision"].value()):
            self.fields["age_exception_decision"].widget = forms.HiddenInput()

    def clean_national_id(self) -> str:
        return clean_national_id(self.cleaned_data.get("national_id"))

    def _post_clean(self) -> None:
        # Model validation (and every rule) runs in the service, which names the rule that failed.
        pass

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        """The member service's own check on what parsed: a new member's, or an edit's changed fields."""
        data = self.values(values)
        if self.instance.pk:
            data = {name: value for name, value in data.items() if name in self.changed_data}
        found = services.member_check(
            actor=self.actor,
            team=self.team,
            data=data,
            member=self.instance if self.instance.pk else None,
            confirm_duplicate=bool(values.get("confirm_duplicate")),
        )
        return services.as_pairs(found)

    def clean(self) -> dict[str, Any]:
        values = super().clean()
        # A field the rules ask about is shown, with what they say.
        for name in ("confirm_duplicate", "age_exception_decision"):
            if name in self.errors and name in self.fields:
                self.fields[name].widget = forms.CheckboxInput() if name == "confirm_duplicate" else forms.TextInput()
        return values

    def values(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """The member's values among `data` (default: the cleaned data), for the services."""
        data = self.cleaned_data if data is None else data
        return {name: value for name, value in data.items() if name in services.MEMBER_FIELDS}

    def changes(self) -> dict[str, Any]:
        """`values` of the fields the user changed (an edit sends only those to member_update)."""
        return {name: value for name, value in self.values().items() if name in self.changed_data}

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm_duplicate"))


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


class DissolveForm(RuleChecked, forms.Form):
    """Dissolving a team, checked by the service's own rule (rules.dissolve_problems)."""

    on = forms.DateField(label=_("Ngày giải thể"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)
    FIELDS = {"dissolved_on": "on", "dissolution_reason": "reason"}  # the rule's (model's) names → this form's

    def __init__(self, *args: Any, team: SecurityTeam, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        found = rules.dissolve_problems(
            on=values.get("on"),
            reason=values.get("reason"),
            founded_on=self.team.founded_on,
            today=timezone.localdate(),
        )
        return [(self.FIELDS.get(p.field or "", p.field), p.message) for p in found]


class ProposalDecisionForm(forms.Form):
    """The commune's answer to a team leader's proposal (the note's length is the service's rule)."""

    decision = forms.ChoiceField(label=_("Quyết định"), choices=[("confirm", _("Xác nhận")), ("reject", _("Từ chối"))])
    note = forms.CharField(label=_("Ý kiến"), required=False)


class ProposalForm(RuleChecked, forms.Form):
    kind = forms.ChoiceField(
        label=_("Đề nghị"),
        choices=[
            ("", "— chọn —"),
            (ProposalKind.END, _("Cho thôi tham gia")),
            (ProposalKind.UPDATE, _("Sửa số điện thoại")),
        ],
    )
    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=TeamMember.objects.none(), empty_label="— chọn —")
    phone = PhoneField(label=_("Số điện thoại mới"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)

    def __init__(self, *args: Any, members: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        # The new phone is for a phone change only: for ending a membership it is neither checked nor kept.
        depends(self, "kind", {"phone": (ProposalKind.UPDATE,)})

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        if values.get("kind") == ProposalKind.UPDATE and not values.get("phone"):
            return [("phone", "Cần nhập số điện thoại mới.")]
        return []
