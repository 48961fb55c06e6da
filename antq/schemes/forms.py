"""Forms of the schemes app: input shape, plus the app's pure rules (`antq.schemes.rules`) run in the same pass so
one POST shows every error; the services check everything again, with what needs the database. A site's locality
and establishment apply only to their place kind (`antq.core.forms.depends`): ignored, never saved, otherwise."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.errors import Problem
from antq.core.forms import RuleChecked, depends
from antq.core.phones import PhoneField
from antq.forces.models import SecurityTeam
from antq.geo.models import AdminUnit, Establishment, Locality
from antq.schemes import rules, selectors
from antq.schemes.models import (
    ExemplarKind,
    ExemplarLevel,
    LeadOrganisation,
    PlaceKind,
    Rating,
    Recognition,
    Scheme,
    SchemeField,
    SchemeSite,
    SchemeType,
    SiteStatus,
)


class SchemeTypeForm(forms.Form):
    name = forms.CharField(label=_("Tên loại mô hình"), max_length=200)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=SchemeField.choices)
    province = forms.ModelChoiceField(
        label=_("Loại riêng của tỉnh"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("Toàn quốc")
    )
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, provinces: QuerySet[AdminUnit], national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_field: forms.ModelChoiceField = self.fields["province"]  # type: ignore[assignment]
        province_field.queryset = provinces
        # Only the Ministry adds national types; a province officer adds types for their province.
        province_field.required = not national
        if not national:
            province_field.empty_label = None


class SchemeForm(RuleChecked, forms.Form):
    name = forms.CharField(label=_("Tên mô hình"), max_length=250)
    scheme_type = forms.ModelChoiceField(label=_("Loại mô hình"), queryset=SchemeType.objects.none())
    lead_organisation = forms.ChoiceField(label=_("Cơ quan, tổ chức chủ trì"), choices=LeadOrganisation.choices)
    started_on = forms.DateField(label=_("Ngày ra mắt"))
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, unit: AdminUnit, types: QuerySet[SchemeType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["scheme_type"].queryset = types  # type: ignore[attr-defined]

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        return rules.scheme_problems(
            unit=self.unit,
            scheme_type=values.get("scheme_type"),
            started_on=values.get("started_on"),
            today=timezone.localdate(),
        )


class SchemeEditForm(RuleChecked, forms.Form):
    name = forms.CharField(label=_("Tên mô hình"), max_length=250)
    lead_organisation = forms.ChoiceField(label=_("Cơ quan, tổ chức chủ trì"), choices=LeadOrganisation.choices)
    started_on = forms.DateField(label=_("Ngày ra mắt"))
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        return rules.future_problem(values.get("started_on"), "started_on", "Ngày ra mắt", today=timezone.localdate())


class SiteForm(RuleChecked, forms.Form):
    scheme = forms.ModelChoiceField(label=_("Mô hình"), queryset=Scheme.objects.none())
    place_kind = forms.ChoiceField(label=_("Nơi thực hiện"), choices=PlaceKind.choices)
    locality = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=Locality.objects.none(), required=False)
    establishment = forms.ModelChoiceField(
        label=_("Cơ quan, doanh nghiệp, cơ sở giáo dục"), queryset=Establishment.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("Ngày bắt đầu hoạt động"))
    households = forms.IntegerField(label=_("Số hộ tham gia"), min_value=0, required=False)
    members = forms.IntegerField(label=_("Số thành viên"), min_value=0, required=False)
    teams = forms.ModelMultipleChoiceField(
        label=_("Tổ bảo vệ ANTT thực hiện"),
        queryset=SecurityTeam.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    replicated_from = forms.ModelChoiceField(
        label=_("Nhân rộng từ điểm mô hình tiêu biểu"), queryset=SchemeSite.objects.none(), required=False
    )
    results = forms.CharField(label=_("Kết quả nổi bật"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(
        self,
        *args: Any,
        commune: AdminUnit,
        schemes: QuerySet[Scheme],
        localities: QuerySet[Locality],
        establishments: QuerySet[Establishment],
        teams: QuerySet[SecurityTeam],
        sources: QuerySet[SchemeSite],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        self.fields["locality"].queryset = localities  # type: ignore[attr-defined]
        self.fields["establishment"].queryset = establishments  # type: ignore[attr-defined]
        self.fields["teams"].queryset = teams  # type: ignore[attr-defined]
        self.fields["replicated_from"].queryset = sources  # type: ignore[attr-defined]
        self.fields["replicated_from"].label_from_instance = (  # type: ignore[attr-defined]
            lambda site: f"{site.scheme.name} — {site.place_name}, {site.commune.label}"
        )
        self.commune = commune
        depends(self, "place_kind", {"locality": (PlaceKind.LOCALITY,), "establishment": (PlaceKind.ESTABLISHMENT,)})

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        if "place_kind" not in values:  # the kind did not parse: the place cannot be judged
            values = {**values, "locality": None, "establishment": None}
        return rules.site_problems(
            commune=self.commune,
            scheme=values.get("scheme"),
            place_kind=values.get("place_kind", PlaceKind.COMMUNE),
            locality=values.get("locality"),
            establishment=values.get("establishment"),
            teams=values.get("teams") or [],
            started_on=values.get("started_on"),
            replicated_from=values.get("replicated_from"),
            today=timezone.localdate(),
        )


class SiteEditForm(forms.Form):
    households = forms.IntegerField(label=_("Số hộ tham gia"), min_value=0, required=False)
    members = forms.IntegerField(label=_("Số thành viên"), min_value=0, required=False)
    teams = forms.ModelMultipleChoiceField(
        label=_("Tổ bảo vệ ANTT thực hiện"),
        queryset=SecurityTeam.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    results = forms.CharField(label=_("Kết quả nổi bật"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, teams: QuerySet[SecurityTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams  # type: ignore[attr-defined]


class _SiteActionForm(RuleChecked, forms.Form):
    """A form of the site page; with the site (a POST), it runs the rules of its action on what parsed."""

    def __init__(self, *args: Any, site: SchemeSite | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site = site


class EvaluationForm(_SiteActionForm):
    evaluated_on = forms.DateField(label=_("Ngày đánh giá"))
    assessor = forms.CharField(label=_("Người / đơn vị đánh giá"), max_length=200)
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=Rating.choices)
    findings = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        if self.site is None:
            return []
        return rules.evaluation_problems(
            site=self.site, evaluated_on=values.get("evaluated_on"), today=timezone.localdate()
        )


class SuspendForm(forms.Form):
    on = forms.DateField(label=_("Tạm dừng từ ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("Hoạt động lại từ ngày"))


class EndForm(forms.Form):
    on = forms.DateField(label=_("Ngày cuối cùng hoạt động"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)


class RecogniseForm(_SiteActionForm):
    level = forms.ChoiceField(
        label=_("Cấp ghi nhận"),
        choices=[
            (Recognition.PROVINCE, Recognition.PROVINCE.label),
            (Recognition.MINISTRY, Recognition.MINISTRY.label),
        ],
    )
    decision_number = forms.CharField(label=_("Số quyết định / văn bản"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"))
    issuing_body = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=200, required=False, help_text=_("Để trống: Công an tỉnh / Bộ Công an.")
    )
    confirm_weak = forms.BooleanField(
        label=_("Tôi xác nhận vẫn ghi nhận tiêu biểu dù đánh giá gần nhất chưa đạt (được ghi vào nhật ký)"),
        required=False,
    )

    def __init__(self, *args: Any, site: SchemeSite | None = None, **kwargs: Any) -> None:
        super().__init__(*args, site=site, **kwargs)
        # The site's last evaluation decides what the form asks (rules.evaluation_gate_problems): the confirmation
        # box only when it is weak.
        self.latest = selectors.latest_evaluation(site) if site is not None else None
        self.weak = self.latest is not None and self.latest.rating in rules.WEAK_RATINGS
        if not self.weak:
            del self.fields["confirm_weak"]

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        if self.site is None:
            return []
        return rules.recognition_problems(
            site=self.site,
            level=values.get("level", Recognition.PROVINCE),
            decision_number=values.get("decision_number", ""),
            decision_date=values.get("decision_date"),
            today=timezone.localdate(),
            latest=self.latest,
            confirm_weak=bool(values.get("confirm_weak")),
            issuing_body=values.get("issuing_body", ""),
        )


class ExemplarForm(RuleChecked, forms.Form):
    kind = forms.ChoiceField(label=_("Cá nhân / tập thể"), choices=ExemplarKind.choices)
    name = forms.CharField(label=_("Họ tên / tên tập thể"), max_length=200)
    position = forms.CharField(label=_("Chức vụ, nghề nghiệp / đặc điểm"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2200)
    achievements = forms.CharField(label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 4}))
    recognition_level = forms.ChoiceField(label=_("Cấp ghi nhận"), choices=ExemplarLevel.choices)
    recognition = forms.CharField(label=_("Hình thức ghi nhận, khen thưởng"), max_length=200, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False)
    contact_phone = PhoneField(label=_("Số điện thoại liên hệ"))
    contact_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=250, required=False)
    photo = forms.FileField(
        label=_("Ảnh (JPEG hoặc PNG, tối đa 5 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Xóa ảnh hiện có"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["remove_photo"]

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        return rules.exemplar_problems(
            year=values.get("year"),
            decision_date=values.get("decision_date"),
            today=timezone.localdate(),
            level=values.get("recognition_level", ""),
            decision_number=values.get("decision_number", ""),
            recognition=values.get("recognition", ""),
        )


class SiteFilterForm(forms.Form):
    """The filters of the site lists (GET)."""

    scheme_type = forms.ModelChoiceField(label=_("Loại mô hình"), queryset=SchemeType.objects.none(), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", "Tất cả"), *SchemeField.choices], required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[("", "Tất cả"), *SiteStatus.choices], required=False)
    rating = forms.ChoiceField(
        label=_("Đánh giá gần nhất"),
        choices=[("", "Tất cả"), *Rating.choices, ("none", _("Chưa đánh giá"))],
        required=False,
    )
    recognition = forms.ChoiceField(
        label=_("Ghi nhận tiêu biểu"), choices=[("", "Tất cả"), *Recognition.choices], required=False
    )
    lead_organisation = forms.ChoiceField(
        label=_("Chủ trì"), choices=[("", "Tất cả"), *LeadOrganisation.choices], required=False
    )
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=AdminUnit.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Quá 12 tháng chưa đánh giá"), required=False)

    def __init__(self, *args: Any, types: QuerySet[SchemeType], communes: QuerySet[AdminUnit] | None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["scheme_type"].queryset = types  # type: ignore[attr-defined]
        if communes is None:
            del self.fields["commune"]
        else:
            self.fields["commune"].queryset = communes  # type: ignore[attr-defined]

    def filters(self) -> selectors.SiteFilters:
        """The chosen filters (invalid input filters nothing rather than failing the page)."""
        if not self.is_valid():
            return selectors.SiteFilters()
        data = self.cleaned_data
        return selectors.SiteFilters(
            scheme_type=data["scheme_type"].pk if data.get("scheme_type") else None,
            field=data.get("field", ""),
            status=data.get("status", ""),
            rating=data.get("rating", ""),
            recognition=data.get("recognition", ""),
            lead_organisation=data.get("lead_organisation", ""),
            commune=data["commune"].pk if data.get("commune") else None,
            overdue=bool(data.get("overdue")),
        )
