"""Administrative units (versioned), the old→new mapping of 1/7/2025, and the places below a commune.

A unit keeps one stable internal id for life. Its code, name, kind and parent live on `AdminUnitVersion` rows
with valid-from / valid-to, because codes are reused across map editions (new ward 00004 is not old ward
00004). `AdminUnit` carries a copy of its latest version (kept in step by `geo.services`) so that lookups,
search and joins use one indexed table; the version rows are the history.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.models import NamedRecord, sort_key_field


class Level(models.TextChoices):
    NATION = "nation", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh / Thành phố")
    DISTRICT = "district", _("Huyện (trước 1/7/2025)")
    COMMUNE = "commune", _("Xã / Phường / Đặc khu")


class UnitKind(models.TextChoices):
    NATION = "quoc_gia", _("Quốc gia")
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", _("Thành phố trực thuộc trung ương")
    HUYEN = "huyen", _("Huyện")
    QUAN = "quan", _("Quận")
    THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
    THI_XA = "thi_xa", _("Thị xã")
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    DAC_KHU = "dac_khu", _("Đặc khu")
    THI_TRAN = "thi_tran", _("Thị trấn")


# Official code widths: province 2 digits, district 3, commune 5.
CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
NATION_CODE = "VN"


class AdminUnit(NamedRecord):
    """A province, commune or (legacy) district; `valid_to` is null while the unit exists today."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=8)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=120, help_text=_("Tên không kèm loại, ví dụ “Hưng Yên”."))
    kind = models.CharField(_("loại"), max_length=24, choices=UnitKind.choices)
    folded_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = sort_key_field()
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"], condition=Q(valid_to__isnull=True), name="geo_unit_current_code_unique"
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_to"],
                condition=Q(valid_to__isnull=False),
                name="geo_unit_past_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="geo_unit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "level"], name="geo_unit_parent_level"),
            models.Index(fields=["parent", "sort_key"], name="geo_unit_parent_sort"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def label(self) -> str:
        """ "Xã Đông Hưng, Tỉnh Hưng Yên" — names repeat across provinces, so show the parent with them."""
        if self.level == Level.COMMUNE and self.parent is not None:
            return f"{self.name}, {self.parent.name}"
        return self.name


class AdminUnitVersion(models.Model):
    """One edition of a unit's identity: code, name, kind and parent during [valid_from, valid_to]."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="versions")
    code = models.CharField(_("mã"), max_length=8)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=24, choices=UnitKind.choices)
    parent = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=80)

    class Meta:
        verbose_name = _("phiên bản đơn vị")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="geo_version_unit_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="geo_version_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.valid_from} – {self.valid_to or '…'})"


class UnitSuccession(models.Model):
    """Old (pre-1/7/2025) unit → today's unit. `partial` marks a split: only part of the old unit went there."""

    old_unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successors")
    new_unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessors")
    partial = models.BooleanField(_("chia tách một phần"), default=False)
    effective_date = models.DateField(_("ngày hiệu lực"))

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit"], name="geo_succession_unique")]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.new_unit}{' (một phần)' if self.partial else ''}"


class LocalityKind(models.TextChoices):
    THON = "thon", _("Thôn")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    KHU_DAN_CU = "khu_dan_cu", _("Khu dân cư")
    AP = "ap", _("Ấp")
    BAN = "ban", _("Bản")


class Locality(NamedRecord):
    """A village / residential group below a commune (thôn, tổ dân phố, khu dân cư, ấp, bản)."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="localities",
        limit_choices_to={"level": Level.COMMUNE},
    )
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=16, choices=LocalityKind.choices)
    households = models.PositiveIntegerField(_("số hộ"), null=True, blank=True)
    population = models.PositiveIntegerField(_("số nhân khẩu"), null=True, blank=True)
    folded_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = sort_key_field()
    ended_on = models.DateField(_("ngày giải thể/sáp nhập"), null=True, blank=True)

    class Meta:
        verbose_name = _("thôn, tổ dân phố")
        verbose_name_plural = _("thôn, tổ dân phố")
        ordering = ["commune", "sort_key"]
        indexes = [models.Index(fields=["commune", "sort_key"], name="geo_locality_commune_sort")]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "folded_name"], condition=Q(ended_on__isnull=True), name="geo_locality_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(households__gte=0) | Q(households__isnull=True), name="geo_locality_households"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> int:
        return self.commune_id


class EstablishmentKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    SCHOOL = "school", _("Cơ sở giáo dục")


class SizeClass(models.TextChoices):
    """Size where rules need it: Thông tư 124/2021/TT-BCA assesses enterprises except small / micro ones, and
    schools except preschools and primary schools."""

    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")
    PRESCHOOL = "preschool", _("Mầm non")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL_HIGHER = "higher", _("Cao đẳng, đại học, dạy nghề")


class Establishment(NamedRecord):
    """An agency, enterprise or school located in a commune."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="establishments",
        limit_choices_to={"level": Level.COMMUNE},
    )
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("thôn, tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=EstablishmentKind.choices)
    size_class = models.CharField(_("quy mô / cấp học"), max_length=20, choices=SizeClass.choices, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    folded_name = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = sort_key_field()
    ended_on = models.DateField(_("ngày ngừng hoạt động"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan, doanh nghiệp, cơ sở giáo dục")
        verbose_name_plural = _("cơ quan, doanh nghiệp, cơ sở giáo dục")
        ordering = ["commune", "kind", "sort_key"]
        indexes = [models.Index(fields=["commune", "kind", "sort_key"], name="geo_establishment_kind_sort")]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "kind", "folded_name"],
                condition=Q(ended_on__isnull=True),
                name="geo_establishment_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> int:
        return self.commune_id
