"""Forms of the public tip portal: the tip (for one province's communes), looking a tip up, and a reply.

Every message names its field ("Xã, phường: …"), because the portal is used on small screens where the message may
be read apart from the field. Photos are cleaned (re-encoded) as the form is validated: the form's cleaned value is
a list of `CleanPhoto`, never the upload.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from antq.core.phones import PhoneField
from antq.core.text import place_sort_key
from antq.geo.models import AdminUnit, Level
from antq.tips.intake import BODY_MAX, NAME_MAX, PLACE_MAX, REPLY_MAX, WHEN_MAX
from antq.tips.models import TipCategory
from antq.tips.photos import MAX_FILE_BYTES, MAX_PHOTOS, TOO_BIG, TOO_MANY, CleanPhoto, PhotoRefused, photo_clean


def provinces() -> QuerySet[AdminUnit]:
    """Today's provinces, in Vietnamese order."""
    return AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("sort_key")


def provinces_by_name() -> list[AdminUnit]:
    """Today's provinces for a citizen to pick: by the name without its type word (Cà Mau, Cần Thơ, Cao Bằng… —
    nobody should have to know which are "Thành phố" to find theirs), the full name shown."""
    return sorted(provinces(), key=lambda unit: place_sort_key(unit.short_name))


def communes_of(province: AdminUnit) -> QuerySet[AdminUnit]:
    """Today's communes, wards and special zones of a province, in Vietnamese order."""
    return AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True, parent=province).order_by("sort_key")


def _required(label: str) -> dict[str, str]:
    return {"required": f"{label}: chưa điền.", "invalid_choice": f"{label}: lựa chọn không hợp lệ."}


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS images, each re-encoded here; every refusal is listed."""

    widget = PhotosInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data: Any, initial: Any = None) -> list[CleanPhoto]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(f"Ảnh: {TOO_MANY}")
        cleaned, errors = [], []
        for upload in files:
            name = str(getattr(upload, "name", ""))[:60]
            if upload.size > MAX_FILE_BYTES:
                errors.append(f"Ảnh: {TOO_BIG.format(name=name)}")
                continue
            try:
                cleaned.append(photo_clean(upload.read(), name=name))
            except PhotoRefused as exc:
                errors.append(f"Ảnh: {exc.message}")
        if errors:
            raise ValidationError(errors)
        return cleaned


class TipForm(forms.Form):
    """The tip, for a chosen province (its communes are the commune field's choices)."""

    body = forms.CharField(
        label="Sự việc đã xảy ra",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**_required("Sự việc đã xảy ra"), "max_length": f"Sự việc đã xảy ra: tối đa {BODY_MAX} ký tự."},
    )
    category = forms.ModelChoiceField(
        label="Loại tin",
        queryset=TipCategory.objects.filter(active=True),
        empty_label="— Chọn loại —",
        to_field_name="code",
        error_messages=_required("Loại tin"),
    )
    commune = forms.ModelChoiceField(
        label="Xã, phường, đặc khu nơi xảy ra",
        queryset=AdminUnit.objects.none(),
        empty_label="— Chọn xã, phường —",
        to_field_name="code",
        error_messages=_required("Xã, phường"),
    )
    place = forms.CharField(
        label="Địa điểm cụ thể (thôn, tổ dân phố, đường, số nhà…)",
        max_length=PLACE_MAX,
        required=False,
        error_messages={"max_length": f"Địa điểm: tối đa {PLACE_MAX} ký tự."},
    )
    when_told = forms.CharField(
        label="Thời gian xảy ra (ví dụ: khoảng 21 giờ tối thứ Bảy)",
        max_length=WHEN_MAX,
        required=False,
        error_messages={"max_length": f"Thời gian xảy ra: tối đa {WHEN_MAX} ký tự."},
    )
    occurred_on = forms.DateField(
        label="Ngày xảy ra (nếu biết, dạng ngày/tháng/năm)",
        required=False,
        error_messages={"invalid": "Ngày xảy ra: ghi theo dạng ngày/tháng/năm, ví dụ 05/11/2026."},
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    photos = PhotosField(label=f"Ảnh kèm theo (không bắt buộc, tối đa {MAX_PHOTOS} ảnh, mỗi ảnh 8 MB)", required=False)
    give_contact = forms.BooleanField(
        label="Tôi đồng ý cho biết họ tên và số điện thoại để công an liên hệ khi cần", required=False
    )
    contact_name = forms.CharField(
        label="Họ và tên",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": f"Họ và tên: tối đa {NAME_MAX} ký tự."},
    )
    contact_phone = PhoneField(label="Số điện thoại")

    def __init__(self, *args: Any, province: AdminUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["commune"].queryset = communes_of(province)  # type: ignore[attr-defined]
        for name in ("contact_name", "contact_phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_occurred_on(self) -> Any:
        value = self.cleaned_data.get("occurred_on")
        if value is not None and value > timezone.localdate():
            raise ValidationError("Ngày xảy ra: không được sau ngày hôm nay.")
        return value

    def clean(self) -> dict[str, Any]:
        values = super().clean() or {}
        if not values.get("give_contact"):
            # Anonymous unless the box is ticked: whatever was typed in the contact fields is dropped, unread.
            values["contact_name"] = ""
            values["contact_phone"] = ""
            self.errors.pop("contact_phone", None)
            self.errors.pop("contact_name", None)
        elif (
            not (values.get("contact_name") or "").strip()
            and not values.get("contact_phone")
            and "contact_phone" not in self.errors
        ):
            self.add_error(
                "contact_phone",
                "Họ tên, số điện thoại: bạn đã chọn cho biết danh tính — hãy ghi họ tên hoặc số điện thoại, "
                "hoặc bỏ chọn ô đó để gửi tin ẩn danh.",
            )
        return values


class LookupForm(forms.Form):
    """Code and secret, as the tipster wrote them down (any spacing, any case)."""

    code = forms.CharField(label="Mã tin", max_length=40, error_messages=_required("Mã tin"))
    secret = forms.CharField(label="Mã bí mật", max_length=40, error_messages=_required("Mã bí mật"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class ReplyForm(forms.Form):
    """A reply: code and secret come back as hidden fields (no session cookie keeps them)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    secret = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label="Trả lời, bổ sung thông tin",
        max_length=REPLY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Nội dung: tối đa {REPLY_MAX} ký tự."},
    )
    photos = PhotosField(label=f"Ảnh kèm theo (tối đa {MAX_PHOTOS} ảnh)", required=False)

    def clean(self) -> dict[str, Any]:
        values = super().clean() or {}
        if not (values.get("text") or "").strip() and not values.get("photos") and not self.errors:
            self.add_error("text", "Nội dung: ghi thông tin bổ sung hoặc gửi kèm ảnh.")
        return values
