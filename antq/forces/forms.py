"""Forms of the forces app: input shape only; the Law's rules are checked by the services.

Identifiers are cleaned here by the same rules the services and the roster import call — the CCCD by
antq.forces.rules, phones by antq.core.phones (PhoneField) — so a form shows "Số CCCD phải gồm đúng 12 chữ số
0–9." or "Số điện thoại chỉ gồm chữ số 0–9 …" next to the field.

Every error at once: a view validates a form with `antq.core.web.check_form`, which runs the fields and then the
service's rule check (`services.member_check`, `team_check`) on what cleaned, each problem on its field.

Fields that do not apply are not shown (`FieldsThatApply`): decided on the server from the bound or initial data
(a field with an error is always shown); `static/antq/form-applies.js` only saves a round trip by showing or
hiding a field as the choice it depends on changes (no inline script: the Content-Security-Policy allows none)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from antq.core.errors import Problem
from antq.core.phones import PhoneField
from antq.core.web import check_form
from antq.forces import rules
from antq.forces.models import EndReason, ProposalKind, Rating, TeamCoverage, TeamMember
from antq.forces.services import MEMBER_FIELDS
from antq.geo.models import Locality


def clean_national_id(value: object) -> str:
    """A form field's CCCD through rules.national_id_clean / national_id_problem (the service checks it again)."""
    national_id = rules.national_id_clean(value)
    if problem := rules.national_id_problem(national_id):
        raise forms.ValidationError(problem, code="national_id")
    return national_id


class FieldsThatApply:
    """A form whose fields apply only in some cases. `show_if` maps a field to (the field it depends on, the
    values for which it applies): with another value chosen it is hidden, and the page's script follows the
    choice. `not_applying()` may add fields hidden for other reasons. `field_rows` gives the template each
    visible field with whether it is hidden and its `data-show-if`."""

    show_if: ClassVar[dict[str, tuple[str, tuple[str, ...]]]] = {}

    def not_applying(self) -> set[str]:
        hidden = set()
        for name, (control, values) in self.show_if.items():
            chosen = self[control].value()  # type: ignore[index]
            if chosen not in (None, "") and str(chosen) not in values:
                hidden.add(name)
        return hidden

    @property
    def field_rows(self) -> list[tuple[forms.BoundField, bool, str]]:
        hidden = self.not_applying()
        rows = []
        for field in self.visible_fields():  # type: ignore[attr-defined]
            rule = self.show_if.get(field.name)
            show_if = f"{rule[0]}={'|'.join(rule[1])}" if rule else ""
            rows.append((field, field.name in hidden and not field.errors, show_if))
        return rows


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


class TeamEditForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200)
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=50, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False)


class MemberForm(FieldsThatApply, forms.ModelForm):
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

    def __init__(self, *args: Any, localities: QuerySet[Locality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = localities  # type: ignore[attr-defined]

    def clean_national_id(self) -> str:
        return clean_national_id(self.cleaned_data.get("national_id"))

    def _post_clean(self) -> None:
        # Model validation (and every rule) runs in the service, which names the rule that failed.
        pass

    def validate(self, check: Callable[[dict[str, Any], bool], Sequence[Problem]]) -> bool:
        """Fields and the member service's rules in one pass (`check(values, confirmed)`, the service's
        member_check); a possible duplicate is shown on “Vẫn thêm”, which then appears. True when all is well."""

        def problems(data: dict[str, Any]) -> list[Problem]:
            found = check(self.values(data), bool(data.get("confirm_duplicate")))
            return [
                Problem(p.code, "confirm_duplicate", p.message) if p.code in rules.CONFIRMABLE else p for p in found
            ]

        return check_form(self, problems)

    def values(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """The member's values among `data` (default: the cleaned data), for the services."""
        data = self.cleaned_data if data is None else data
        return {name: value for name, value in data.items() if name in MEMBER_FIELDS}

    def changes(self, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """`values` of the fields the user changed (an edit sends only those to member_update)."""
        return {name: value for name, value in self.values(data).items() if name in self.changed_data}

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm_duplicate"))

    def not_applying(self) -> set[str]:
        """“Vẫn thêm” only after the duplicate warning; the over-70 decision (Art. 13) only when one is recorded
        or the age rule asks for it."""
        hidden = super().not_applying()
        if not self["confirm_duplicate"].value():
            hidden.add("confirm_duplicate")
        if "age_exception_decision" in self.fields and not self["age_exception_decision"].value():
            hidden.add("age_exception_decision")
        return hidden


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


class ProposalForm(FieldsThatApply, forms.Form):
    kind = forms.ChoiceField(
        label=_("Đề nghị"),
        choices=[
            ("", "— chọn —"),
            (ProposalKind.END, _("Cho thôi tham gia")),
            (ProposalKind.UPDATE, _("Sửa số điện thoại")),
        ],
    )
    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=TeamMember.objects.none())
    phone = PhoneField(label=_("Số điện thoại mới"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)

    show_if: ClassVar[dict[str, tuple[str, tuple[str, ...]]]] = {"phone": ("kind", (ProposalKind.UPDATE,))}

    def __init__(self, *args: Any, members: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ProposalKind.UPDATE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Cần nhập số điện thoại mới."))
        if data.get("kind") != ProposalKind.UPDATE:
            data.pop("phone", None)  # does not apply: neither checked nor sent
            self.errors.pop("phone", None)
        return data
