"""Forms for delegated administration; validation of rules lives in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import AuditEntry, Role, User
from antq.core.phones import PhoneField
from antq.geo.models import AdminUnit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:  # type: ignore[override]
        return f"{obj.code} · {obj.label}"


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[a-zA-Z0-9_.-]+$",
        error_messages={"invalid": _("Chỉ dùng chữ không dấu, số, dấu chấm, gạch.")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = PhoneField(label=_("Số điện thoại"))
    home_unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdminUnit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò ban đầu"), choices=Role.choices)

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_unit"].queryset = units  # type: ignore[attr-defined]


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=[c for c in Role.choices if c[0] != Role.TEAM_LEADER])
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=AdminUnit.objects.none())
    valid_from = forms.DateField(label=_("Từ ngày"), required=False)
    valid_to = forms.DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class AuditFilterForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Người thực hiện"), required=False, coerce=int, empty_value=None)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    action = forms.TypedChoiceField(
        label=_("Thao tác"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *AuditEntry.ACTION_LABELS.items()],
    )
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, error_messages={"invalid": _("Từ ngày: nhập ngày dạng dd/mm/yyyy.")}
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, error_messages={"invalid": _("Đến ngày: nhập ngày dạng dd/mm/yyyy.")}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Đến ngày phải từ Từ ngày trở đi."))
        return data

    def __init__(
        self, *args: Any, object_types: list[tuple[str, str]], users: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "—"), *object_types]  # type: ignore[attr-defined]
        self.fields["user"].choices = [("", "—"), *users]  # type: ignore[attr-defined]


class GranteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:  # type: ignore[override]
        return f"{obj.get_full_name()} ({obj.username})"


class ActingGrantForm(forms.Form):
    """A unit's officer gives an officer above leave to enter its figures (antq.accounts.acting)."""

    grantee = GranteeChoiceField(label=_("Cán bộ được giao nhập thay"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Lý do"), max_length=250)
    valid_from = forms.DateField(label=_("Từ ngày"))
    valid_until = forms.DateField(label=_("Đến hết ngày"))

    def __init__(self, *args: Any, grantees: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = grantees  # type: ignore[attr-defined]
