"""Safety schemes (mô hình tự quản về ANTT): types, named schemes, the sites where they run, their evaluations and
recognition, and advanced examples (điển hình tiên tiến).

Legal basis: Hướng dẫn 22/HD-BCA-V05 (18/11/2022) on building and replicating schemes and advanced examples: each
scheme is reported by name with its sites (điểm) and implementing teams. Sites are ended, never deleted; the
recognitions, suspensions and evaluations of a site are its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from antq.core.models import NamedRecord, sort_key_field
from antq.core.phones import canonical_phone_q
from antq.core.text import SORT_KEY_MAX_LENGTH, name_sort_key, place_sort_key
from antq.geo.models import AdminUnit, Establishment, Level, Locality


class SchemeField(models.TextChoices):
    """Lĩnh vực: where or on what a scheme works."""

    RESIDENTIAL = "residential", _("Khu dân cư")
    SCHOOL = "school", _("Trường học")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    AGENCY = "agency", _("Cơ quan")
    RELIGIOUS = "religious", _("Tôn giáo")
    ROAD_SAFETY = "road_safety", _("Trật tự, an toàn giao thông")
    FIRE_SAFETY = "fire_safety", _("Phòng cháy, chữa cháy")
    DRUGS = "drugs", _("Phòng, chống ma túy")
    CYBER = "cyber", _("An ninh mạng")
    REINTEGRATION = "reintegration", _("Giúp đỡ người lầm lỗi tái hòa nhập")
    OTHER = "other", _("Khác")


class SchemeType(NamedRecord):
    """A kind of scheme (loại mô hình). National types have no province; a province may add its own."""

    code = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên loại mô hình"), max_length=200)
    folded_name = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = sort_key_field()  # a catalogue of a few dozen rows: no index
    field = models.CharField(_("lĩnh vực"), max_length=16, choices=SchemeField.choices)
    description = models.TextField(_("mô tả"), blank=True)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("tỉnh (loại riêng của tỉnh)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.PROVINCE},
    )

    class Meta:
        verbose_name = _("loại mô hình")
        verbose_name_plural = _("loại mô hình")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["folded_name"], condition=Q(province__isnull=True), name="schemes_type_national_name_unique"
            ),
            models.UniqueConstraint(
                fields=["province", "folded_name"],
                condition=Q(province__isnull=False),
                name="schemes_type_province_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> int | None:
        return self.province_id

    @property
    def is_national(self) -> bool:
        return self.province_id is None


class LeadOrganisation(models.TextChoices):
    """Who leads a scheme (cơ quan, tổ chức chủ trì)."""

    POLICE = "police", _("Công an")
    FRONT = "front", _("Mặt trận Tổ quốc")
    COMMITTEE = "committee", _("Ủy ban nhân dân")
    WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    YOUTH = "youth", _("Đoàn Thanh niên")
    FARMERS = "farmers", _("Hội Nông dân")
    ELDERLY = "elderly", _("Hội Người cao tuổi")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    SCHOOL = "school", _("Nhà trường")
    RELIGIOUS = "religious", _("Cơ sở, tổ chức tôn giáo")
    OTHER = "other", _("Khác")


class Scheme(NamedRecord):
    """A named scheme of a type, started by a commune or a province (HD 22/HD-BCA-V05 reports it by name)."""

    name = models.CharField(_("tên mô hình"), max_length=250)
    folded_name = models.CharField(max_length=250, editable=False, db_index=True)
    sort_key = sort_key_field(db_index=True)  # the national list pages through every scheme in this order
    scheme_type = models.ForeignKey(
        SchemeType, verbose_name=_("loại mô hình"), on_delete=models.PROTECT, related_name="schemes"
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("đơn vị xây dựng"), on_delete=models.PROTECT, related_name="schemes_started"
    )
    # The unit's province (the unit itself for a province scheme): one indexed column for scoping.
    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("tỉnh, thành phố")
    )
    lead_organisation = models.CharField(_("cơ quan, tổ chức chủ trì"), max_length=12, choices=LeadOrganisation.choices)
    started_on = models.DateField(_("ngày ra mắt"))
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "folded_name"], name="schemes_scheme_name_unique")]
        indexes = [models.Index(fields=["province", "unit"], name="schemes_scheme_province")]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> int:
        return self.unit_id


class PlaceKind(models.TextChoices):
    LOCALITY = "locality", _("Thôn, tổ dân phố")
    ESTABLISHMENT = "establishment", _("Cơ quan, doanh nghiệp, cơ sở giáo dục")
    COMMUNE = "commune", _("Toàn xã, phường")


class SiteStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm dừng")
    ENDED = "ended", _("Đã dừng hoạt động")


class Recognition(models.TextChoices):
    """Recognition of a site as exemplary (mô hình tiêu biểu), in rising order."""

    NONE = "none", _("Chưa được ghi nhận")
    PROVINCE = "province", _("Công an tỉnh ghi nhận")
    MINISTRY = "ministry", _("Bộ Công an ghi nhận")


RECOGNITION_RANK = {Recognition.NONE: 0, Recognition.PROVINCE: 1, Recognition.MINISTRY: 2}


class SchemeSite(models.Model):
    """One place where a scheme runs (điểm mô hình): a locality, an establishment or a whole commune."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("mô hình"), on_delete=models.PROTECT, related_name="sites")
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="scheme_sites"
    )
    place_kind = models.CharField(_("nơi thực hiện"), max_length=16, choices=PlaceKind.choices)
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("thôn, tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scheme_sites",
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("cơ quan, doanh nghiệp, cơ sở giáo dục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scheme_sites",
    )
    started_on = models.DateField(_("ngày bắt đầu hoạt động"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.ACTIVE)
    ended_on = models.DateField(_("ngày dừng hoạt động"), null=True, blank=True)
    end_reason = models.CharField(_("lý do dừng hoạt động"), max_length=250, blank=True)
    households = models.PositiveIntegerField(_("số hộ tham gia"), null=True, blank=True)
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    teams = models.ManyToManyField(
        "forces.SecurityTeam", verbose_name=_("Tổ bảo vệ ANTT thực hiện"), blank=True, related_name="scheme_sites"
    )
    results = models.TextField(_("kết quả nổi bật"), blank=True, max_length=2000)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ điểm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replicas",
    )
    # The highest recognition so far, copied from the latest SiteRecognition for lists and filters.
    recognition = models.CharField(
        _("ghi nhận tiêu biểu"), max_length=10, choices=Recognition.choices, default=Recognition.NONE
    )
    recognition_decision = models.CharField(_("số quyết định / văn bản ghi nhận"), max_length=60, blank=True)
    recognition_date = models.DateField(_("ngày ghi nhận"), null=True, blank=True)
    recognition_body = models.CharField(_("cơ quan ghi nhận"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("điểm mô hình")
        verbose_name_plural = _("điểm mô hình")
        ordering = ["commune", "scheme", "pk"]
        constraints = [
            # Exactly one place: a locality, an establishment, or the whole commune.
            models.CheckConstraint(
                condition=(
                    Q(place_kind="locality", locality__isnull=False, establishment__isnull=True)
                    | Q(place_kind="establishment", establishment__isnull=False, locality__isnull=True)
                    | Q(place_kind="commune", locality__isnull=True, establishment__isnull=True)
                ),
                name="schemes_site_one_place",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="ended", ended_on__isnull=False) & ~Q(end_reason="")
                    | Q(status__in=["active", "suspended"], ended_on__isnull=True)
                ),
                name="schemes_site_end",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="schemes_site_dates"
            ),
            models.CheckConstraint(
                condition=Q(replicated_from__isnull=True) | ~Q(replicated_from=F("id")),
                name="schemes_site_not_own_replica",
            ),
            models.CheckConstraint(
                condition=Q(recognition="none", recognition_date__isnull=True)
                | Q(recognition__in=["province", "ministry"], recognition_date__isnull=False),
                name="schemes_site_recognition_date",
            ),
            # Ministry-level recognition carries the Ministry's decision number, and not a provincial body.
            models.CheckConstraint(
                condition=~Q(recognition="ministry")
                | (~Q(recognition_decision="") & ~Q(recognition_body__startswith="Công an ")),
                name="schemes_site_ministry_decision",
            ),
            # One running site of a scheme per place.
            models.UniqueConstraint(
                fields=["scheme", "locality"],
                condition=Q(ended_on__isnull=True, locality__isnull=False),
                name="schemes_site_locality_unique",
            ),
            models.UniqueConstraint(
                fields=["scheme", "establishment"],
                condition=Q(ended_on__isnull=True, establishment__isnull=False),
                name="schemes_site_establishment_unique",
            ),
            models.UniqueConstraint(
                fields=["scheme", "commune"],
                condition=Q(ended_on__isnull=True, place_kind="commune"),
                name="schemes_site_commune_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "status"], name="schemes_site_commune_status"),
            models.Index(fields=["scheme", "ended_on"], name="schemes_site_scheme_end"),
            models.Index(fields=["recognition"], name="schemes_site_recognition"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name} — {self.place_name}"

    def audit_unit_id(self) -> int:
        return self.commune_id

    @property
    def place_name(self) -> str:
        if self.place_kind == PlaceKind.LOCALITY and self.locality is not None:
            return self.locality.name
        if self.place_kind == PlaceKind.ESTABLISHMENT and self.establishment is not None:
            return self.establishment.name
        return self.commune.name

    @property
    def is_ended(self) -> bool:
        return self.status == SiteStatus.ENDED


class SiteSuspension(models.Model):
    """A stretch during which a site was suspended (tạm dừng), both days included; `ended_on` empty while it lasts."""

    site = models.ForeignKey(
        SchemeSite, on_delete=models.PROTECT, related_name="suspensions", verbose_name=_("điểm mô hình")
    )
    started_on = models.DateField(_("tạm dừng từ"))
    ended_on = models.DateField(_("hoạt động lại từ ngày sau"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=250)

    class Meta:
        verbose_name = _("tạm dừng hoạt động")
        ordering = ["site", "-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["site"], condition=Q(ended_on__isnull=True), name="schemes_one_open_pause"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="schemes_pause_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}: {self.started_on:%d/%m/%Y} – {self.ended_on or '…'}"

    def audit_unit_id(self) -> int:
        return self.site.commune_id


class SiteRecognition(models.Model):
    """A decision recognising a site as exemplary, at province or ministry level (once per level)."""

    site = models.ForeignKey(
        SchemeSite, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("điểm mô hình")
    )
    level = models.CharField(
        _("cấp ghi nhận"),
        max_length=10,
        choices=[
            (Recognition.PROVINCE, Recognition.PROVINCE.label),
            (Recognition.MINISTRY, Recognition.MINISTRY.label),
        ],
    )
    decision_number = models.CharField(_("số quyết định / văn bản"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("thời điểm ghi nhận"))
    # The site's last evaluation when it was recognised (antq.schemes.rules.evaluation_gate_problems), and whether
    # the recogniser confirmed going ahead although it was weak. Empty only on rows recorded before the rule.
    evaluation = models.ForeignKey(
        "SiteEvaluation",
        verbose_name=_("đánh giá gần nhất khi ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weak_rating_confirmed = models.BooleanField(_("đã xác nhận ghi nhận dù đánh giá gần nhất chưa đạt"), default=False)

    class Meta:
        verbose_name = _("ghi nhận mô hình tiêu biểu")
        ordering = ["site", "decision_date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "level"], name="schemes_recognition_once_per_level"),
            models.CheckConstraint(condition=Q(level__in=["province", "ministry"]), name="schemes_recognition_level"),
            models.CheckConstraint(
                condition=Q(level="province") | ~Q(decision_number=""), name="schemes_ministry_decision_number"
            ),
            # The Ministry's decision is not the provincial police's ("Công an tỉnh …", "Công an thành phố …").
            models.CheckConstraint(
                condition=Q(level="province") | ~Q(issuing_body__startswith="Công an "),
                name="schemes_ministry_not_provincial_body",
            ),
        ]
        indexes = [models.Index(fields=["level", "decision_date"], name="schemes_recognition_date")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.decision_number} ({self.decision_date:%d/%m/%Y})"

    def audit_unit_id(self) -> int:
        return self.site.commune_id


class Rating(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class SiteEvaluation(models.Model):
    """A dated quality assessment of a site (khảo sát, đánh giá chất lượng)."""

    site = models.ForeignKey(
        SchemeSite, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("điểm mô hình")
    )
    evaluated_on = models.DateField(_("ngày đánh giá"))
    assessor = models.CharField(_("người / đơn vị đánh giá"), max_length=200)
    rating = models.CharField(_("xếp loại"), max_length=8, choices=Rating.choices)
    findings = models.TextField(_("nhận xét"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )

    class Meta:
        verbose_name = _("đánh giá điểm mô hình")
        verbose_name_plural = _("đánh giá điểm mô hình")
        ordering = ["site", "-evaluated_on"]
        constraints = [
            models.UniqueConstraint(fields=["site", "evaluated_on"], name="schemes_evaluation_one_per_day"),
        ]
        indexes = [models.Index(fields=["site", "-evaluated_on"], name="schemes_evaluation_latest")]

    def __str__(self) -> str:
        return f"{self.evaluated_on:%d/%m/%Y}: {self.get_rating_display()}"

    def audit_unit_id(self) -> int:
        return self.site.commune_id


class ExemplarKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class ExemplarLevel(models.TextChoices):
    """Who recognised the advanced example."""

    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    MINISTRY = "ministry", _("Bộ Công an")


def exemplar_sort_key(kind: str, name: str) -> str:
    """People sort by given name (`name_sort_key`); collectives by their whole name, as places and bodies do."""
    return name_sort_key(name) if kind == ExemplarKind.PERSON else place_sort_key(name)


class Exemplar(models.Model):
    """An advanced example (điển hình tiên tiến): a person or a collective, of a unit, for a year.

    The name and achievements are public recognition; contact data is personal (accounts.policy "phone")."""

    kind = models.CharField(_("cá nhân / tập thể"), max_length=10, choices=ExemplarKind.choices)
    name = models.CharField(_("họ tên / tên tập thể"), max_length=200)
    sort_key = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, db_index=True)
    position = models.CharField(_("chức vụ, nghề nghiệp / đặc điểm"), max_length=200, blank=True)
    unit = models.ForeignKey(AdminUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="exemplars")
    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("tỉnh, thành phố")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    achievements = models.TextField(_("thành tích"), max_length=4000)
    recognition_level = models.CharField(_("cấp ghi nhận"), max_length=10, choices=ExemplarLevel.choices)
    recognition = models.CharField(_("hình thức ghi nhận, khen thưởng"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    contact_phone = models.CharField(_("số điện thoại liên hệ"), max_length=20, blank=True)
    contact_address = models.CharField(_("địa chỉ liên hệ"), max_length=250, blank=True)
    photo = models.FileField(_("ảnh"), upload_to="schemes/exemplars/", blank=True, max_length=200)
    photo_type = models.CharField(max_length=20, blank=True, editable=False, verbose_name=_("định dạng ảnh"))

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "kind", "sort_key", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2200), name="schemes_exemplar_year"),
            # A Ministry-level example carries the Ministry's decision: its number and date.
            models.CheckConstraint(
                condition=~Q(recognition_level="ministry") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="schemes_exemplar_ministry_decision",
            ),
            models.CheckConstraint(
                condition=Q(photo="", photo_type="") | Q(photo_type__in=["image/jpeg", "image/png"]),
                name="schemes_exemplar_photo_type",
            ),
            # Stored phones are canonical (antq.core.phones): "", or 0 and 9–10 ASCII digits.
            models.CheckConstraint(
                condition=canonical_phone_q("contact_phone"), name="schemes_exemplar_contact_phone_canonical"
            ),
        ]
        indexes = [models.Index(fields=["province", "year"], name="schemes_exemplar_province_year")]

    def __str__(self) -> str:
        return self.name

    def compute_sort_key(self) -> str:
        """What `sort_key` holds (every write path stores this)."""
        return exemplar_sort_key(self.kind, self.name)

    def audit_unit_id(self) -> int:
        return self.unit_id
