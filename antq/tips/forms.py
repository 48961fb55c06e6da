"""Forms of the police's tip inbox: the list's filters and the detail page's actions. No rule lives here (the
services check everything); the forms only shape the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from antq.geo.models import AdminUnit
from antq.tips.models import TipCategory
from antq.tips.rules import DeliveryRole, Outcome, Status, Step

CLOCK_CHOICES = [
    ("", "Tất cả"),
    ("open", "Chưa chuyển"),
    ("due", "Sắp đến hạn"),
    ("overdue", "Quá hạn"),
]


class InboxFilterForm(forms.Form):
    """`?ma=TG-…&trang_thai=new&loai=ma-tuy&han=overdue&vai_tro=primary`: garbage in a filter is dropped, not an
    error."""

    ma = forms.CharField(label="Mã tin", required=False, max_length=40)
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả"), *Status.choices])
    loai = forms.ModelChoiceField(
        label="Loại", required=False, queryset=TipCategory.objects.all(), to_field_name="code", empty_label="Tất cả"
    )
    han = forms.ChoiceField(label="Thời hạn", required=False, choices=CLOCK_CHOICES)
    vai_tro = forms.ChoiceField(label="Vai trò", required=False, choices=[("", "Tất cả"), *DeliveryRole.choices])

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of selectors.inbox_for."""
        if not self.is_valid():
            data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        else:
            data = self.cleaned_data
        return {
            "status": data.get("trang_thai") or None,
            "category": data.get("loai"),
            "clock": data.get("han") or None,
            "role": data.get("vai_tro") or None,
            "code": (data.get("ma") or "").strip() or None,
        }


def _messages(label: str, max_length: int | None = None) -> dict[str, str]:
    """Vietnamese messages that name the field (Django's own say only "Trường này là bắt buộc.")."""
    found = {"required": f"{label}: chưa điền.", "invalid_choice": f"{label}: lựa chọn không hợp lệ."}
    if max_length:
        found["max_length"] = f"{label}: tối đa {max_length:,} ký tự.".replace(",", ".")
    return found


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500, error_messages=_messages("Ghi chú", 500))
    outcome = forms.ChoiceField(
        label="Kết quả",
        required=False,
        choices=[("", "— chọn —"), *Outcome.choices],
        error_messages=_messages("Kết quả"),
    )
    outcome_message = forms.CharField(
        label="Thông báo kết quả cho người báo tin",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_messages("Thông báo kết quả", 2000),
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label="Tóm tắt (không ghi tên, địa chỉ, số điện thoại hay chi tiết lộ người báo tin)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_messages("Tóm tắt", 2000),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Câu hỏi gửi người báo tin",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_messages("Câu hỏi", 2000),
    )


class TargetField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit to forward to: a province reads as its police, a commune with its code (names repeat)."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.level == "province":
            return f"Công an {obj.name} (PV05)"
        return f"{obj.name} ({obj.code})"


class ForwardForm(forms.Form):
    unit = TargetField(
        label="Chuyển đến",
        queryset=AdminUnit.objects.none(),
        empty_label="— chọn đơn vị —",
        error_messages={
            "required": "Chuyển đến: chưa chọn đơn vị.",
            "invalid_choice": "Chuyển đến: chỉ chuyển được cho một xã, phường cùng tỉnh, Công an tỉnh hoặc Công an "
            "tỉnh khác.",
        },
    )
    reason = forms.CharField(label="Lý do chuyển", max_length=300, error_messages=_messages("Lý do chuyển", 300))

    def __init__(self, *args: Any, targets: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, TargetField)
        field.queryset = targets


# --- Configuration pages ------------------------------------------------------------------------------------------


class RemoteFilterForm(forms.Form):
    """`?q=dong&vung_xa=1` on the remote-communes page: a name (accents optional), remote communes only."""

    q = forms.CharField(label="Tên xã, phường", required=False, max_length=120)
    vung_xa = forms.BooleanField(label="Chỉ xã vùng sâu, vùng xa", required=False)

    def filters(self) -> dict[str, Any]:
        """The filters as keyword arguments of selectors.remote_communes_for (garbage is dropped)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": data.get("q") or "", "remote_only": bool(data.get("vung_xa"))}


class RemoteForm(forms.Form):
    """Mark (with the basis) or unmark one commune; the page's filter and page ride along to come back to."""

    commune = forms.CharField(widget=forms.HiddenInput, max_length=8)
    action = forms.ChoiceField(choices=[("mark", "Đánh dấu"), ("unmark", "Bỏ đánh dấu")])
    note = forms.CharField(
        label="Căn cứ",
        required=False,
        max_length=200,
        error_messages={"max_length": "Căn cứ: tối đa 200 ký tự."},
    )


class CategoryAddForm(forms.Form):
    code = forms.CharField(
        label="Mã (chữ thường không dấu, ví dụ: ma-tuy)",
        max_length=40,
        error_messages={"required": "Mã: cần nhập mã loại tin.", "max_length": "Mã: tối đa 40 ký tự."},
    )
    name = forms.CharField(
        label="Tên loại tin",
        max_length=120,
        error_messages={"required": "Tên: cần nhập tên loại tin.", "max_length": "Tên: tối đa 120 ký tự."},
    )


class CategoryRenameForm(forms.Form):
    name = forms.CharField(
        label="Tên mới",
        max_length=120,
        error_messages={"required": "Tên: cần nhập tên loại tin.", "max_length": "Tên: tối đa 120 ký tự."},
    )


class CategoryMoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", "Lên"), ("down", "Xuống")], error_messages={"required": "Thứ tự: cần chọn lên hoặc xuống."}
    )


class CategoryActiveForm(forms.Form):
    active = forms.ChoiceField(
        choices=[("0", "Ngừng dùng"), ("1", "Dùng lại")], error_messages={"required": "Trạng thái: cần chọn."}
    )
