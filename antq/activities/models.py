"""Movement activities: outreach (tuyên truyền) recorded by a commune or a province, the yearly 19/8 festival
(Ngày hội toàn dân bảo vệ ANTQ, Quyết định 521/2005/QĐ-TTg), and awards from proposal to decision.

Outreach rows and award proposals belong to the unit that records them (a commune or a province: the province
police department's own work is not any commune's); festivals belong to a commune. Measures of each outreach kind
are checked by the services and, for presence and sums, by database constraints too.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import User
from antq.core.summary import SourceQuerySet
from antq.geo.models import AdminUnit, Establishment, Locality

# --- Outreach --------------------------------------------------------------------------------------------------


class Topic(models.TextChoices):
    CRIME = "crime", _("Phòng, chống tội phạm")
    DRUGS = "drugs", _("Phòng, chống ma túy")
    TRAFFIC = "traffic", _("An toàn giao thông")
    FIRE = "fire", _("Phòng cháy, chữa cháy")
    CYBER_FRAUD = "cyber_fraud", _("Phòng, chống lừa đảo trên không gian mạng")
    LAW = "law", _("Phổ biến, giáo dục pháp luật")
    OTHER = "other", _("Khác")


class Kind(models.TextChoices):
    SESSION = "session", _("Lớp, buổi tuyên truyền")
    NEWS = "news", _("Tin, bài")
    REPORTAGE = "reportage", _("Phóng sự")
    BROADCAST = "broadcast", _("Chương trình phát thanh, truyền hình")
    SOCIAL_POST = "social_post", _("Bài đăng mạng xã hội")
    BANNERS = "banners", _("Pano, áp phích, băng rôn, biển")
    CONTEST = "contest", _("Cuộc thi")
    STORY = "story", _("Gương người tốt, việc tốt")
    VISIT = "visit", _("Thăm hỏi, tặng quà")


MEDIA_KINDS = frozenset({Kind.NEWS, Kind.REPORTAGE, Kind.BROADCAST, Kind.SOCIAL_POST})


class DisplayType(models.TextChoices):
    BANNER = "banner", _("Băng rôn, khẩu hiệu")
    POSTER = "poster", _("Áp phích")
    SIGN = "sign", _("Biển")
    PANEL = "panel", _("Pano")


class RecipientKind(models.TextChoices):
    POLICY_FAMILY = "policy_family", _("Gia đình chính sách")
    OFFICER_HARDSHIP = "officer_hardship", _("Cán bộ, chiến sĩ có hoàn cảnh khó khăn")
    OTHER = "other", _("Khác")


# Attendance by target group (the reports' "cán bộ, công nhân viên chức, học sinh, sinh viên, người lao động").
TARGET_GROUPS = (
    ("attendees_officials", _("Cán bộ")),
    ("attendees_civil_servants", _("Công nhân viên chức")),
    ("attendees_students", _("Học sinh, sinh viên")),
    ("attendees_workers", _("Người lao động")),
    ("attendees_residents", _("Nhân dân")),
)
GROUP_FIELDS = tuple(name for name, _label in TARGET_GROUPS)


def _only_for(kind: str, field: str) -> Q:
    """The measure is present exactly when the activity is of `kind`."""
    return (Q(kind=kind) & Q(**{f"{field}__isnull": False})) | (~Q(kind=kind) & Q(**{f"{field}__isnull": True}))


class OutreachActivity(models.Model):
    """One outreach activity (tuyên truyền) and its measures; which measures apply depends on `kind`."""

    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="outreach_activities"
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices)
    topic = models.CharField(_("chủ đề"), max_length=12, choices=Topic.choices)
    title = models.CharField(_("nội dung, tiêu đề"), max_length=250, blank=True)
    locality = models.ForeignKey(
        Locality, verbose_name=_("thôn, tổ dân phố"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("cơ quan, doanh nghiệp, trường học"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Classes / sessions.
    attendees = models.PositiveIntegerField(_("số người dự"), null=True, blank=True)
    attendees_officials = models.PositiveIntegerField(_("trong đó cán bộ"), default=0)
    attendees_civil_servants = models.PositiveIntegerField(_("công nhân viên chức"), default=0)
    attendees_students = models.PositiveIntegerField(_("học sinh, sinh viên"), default=0)
    attendees_workers = models.PositiveIntegerField(_("người lao động"), default=0)
    attendees_residents = models.PositiveIntegerField(_("nhân dân"), default=0)
    # News items, reportages, radio / TV slots, social posts (stories may name where they were told).
    outlet = models.CharField(_("cơ quan báo chí, kênh"), max_length=200, blank=True)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    # Banners, posters, signs, panels.
    display_type = models.CharField(_("loại"), max_length=8, choices=DisplayType.choices, blank=True)
    count = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    # Contests.
    participants = models.PositiveIntegerField(_("số lượt người dự thi"), null=True, blank=True)
    # Visits with gifts.
    recipient_kind = models.CharField(_("đối tượng"), max_length=20, choices=RecipientKind.choices, blank=True)
    recipients = models.PositiveIntegerField(_("số gia đình, người được thăm"), null=True, blank=True)
    value_vnd = models.PositiveBigIntegerField(_("giá trị quà (đồng)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name=_("thời điểm tạo"))

    objects = SourceQuerySet.as_manager()  # writes guarded: the summary counts these rows

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(attendees__gte=0) | Q(attendees__isnull=True))
                & Q(attendees_officials__gte=0, attendees_civil_servants__gte=0, attendees_students__gte=0)
                & Q(attendees_workers__gte=0, attendees_residents__gte=0),
                name="activities_outreach_attendees_nonnegative",
            ),
            # The target groups are a breakdown of the total: they add up to at most the total.
            models.CheckConstraint(
                condition=Q(
                    attendees__gte=F("attendees_officials")
                    + F("attendees_civil_servants")
                    + F("attendees_students")
                    + F("attendees_workers")
                    + F("attendees_residents")
                )
                | Q(
                    attendees__isnull=True,
                    attendees_officials=0,
                    attendees_civil_servants=0,
                    attendees_students=0,
                    attendees_workers=0,
                    attendees_residents=0,
                ),
                name="activities_outreach_groups_within_total",
            ),
            models.CheckConstraint(condition=_only_for(Kind.SESSION, "attendees"), name="activities_outreach_session"),
            models.CheckConstraint(condition=_only_for(Kind.BANNERS, "count"), name="activities_outreach_banners"),
            models.CheckConstraint(
                condition=_only_for(Kind.CONTEST, "participants"), name="activities_outreach_contest"
            ),
            models.CheckConstraint(
                condition=_only_for(Kind.VISIT, "recipients") & _only_for(Kind.VISIT, "value_vnd"),
                name="activities_outreach_visit",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "date"], name="activities_outreach_unit_date"),
            models.Index(fields=["kind", "date"], name="activities_outreach_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}: {self.title or self.get_topic_display()}"

    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def place(self) -> str:
        """Where it happened: an establishment, a locality, or the recording unit itself."""
        if self.establishment_id:
            return self.establishment.name  # type: ignore[union-attr]
        if self.locality_id:
            return self.locality.name  # type: ignore[union-attr]
        return self.unit.name

    @property
    def measure(self) -> str:
        """The kind's main measure, as lists show it."""
        values = {
            Kind.SESSION: (self.attendees, "người dự"),
            Kind.BANNERS: (self.count, "cái"),
            Kind.CONTEST: (self.participants, "lượt dự thi"),
            Kind.VISIT: (self.recipients, "gia đình, người"),
        }
        value, unit = values.get(Kind(self.kind), (None, ""))
        if value is None:
            return self.outlet
        return f"{value:,} {unit}".replace(",", ".")


# --- The 19/8 festival ----------------------------------------------------------------------------------------


class FestivalStatus(models.TextChoices):
    PLANNED = "planned", _("Đã có kế hoạch")
    HELD = "held", _("Đã tổ chức")


class Festival(models.Model):
    """A commune's Ngày hội toàn dân bảo vệ ANTQ of one year: plan, ceremony (Lễ) and festival (Hội) parts, results.

    `province` is the commune's province, stored so that the database can hold "one pilot per province per year"."""

    commune = models.ForeignKey(AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("tỉnh, thành phố")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    planned_date = models.DateField(_("ngày dự kiến"))
    place = models.CharField(_("địa điểm"), max_length=250)
    is_pilot = models.BooleanField(_("ngày hội điểm của tỉnh"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=FestivalStatus.choices, default=FestivalStatus.PLANNED
    )
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    ceremony_activities = models.TextField(_("phần Lễ"), blank=True)
    festival_activities = models.TextField(_("phần Hội"), blank=True)
    participants = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    guests = models.TextField(_("đại biểu, khách mời"), blank=True)
    results = models.TextField(_("kết quả"), blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )

    class Meta:
        verbose_name = _("Ngày hội toàn dân bảo vệ ANTQ")
        verbose_name_plural = _("Ngày hội toàn dân bảo vệ ANTQ")
        ordering = ["-year", "commune__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="activities_one_festival_per_commune_year"),
            models.UniqueConstraint(
                fields=["province", "year"], condition=Q(is_pilot=True), name="activities_one_pilot_per_province_year"
            ),
            models.CheckConstraint(
                condition=Q(status="planned", held_on__isnull=True) | Q(status="held", held_on__isnull=False),
                name="activities_festival_held_date",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=0) | Q(participants__isnull=True), name="activities_festival_participants"
            ),
        ]
        indexes = [models.Index(fields=["province", "year"], name="activities_festival_province")]

    def __str__(self) -> str:
        return f"Ngày hội {self.year} — {self.commune}"

    def audit_unit_id(self) -> int:
        return self.commune_id


class FestivalPhoto(models.Model):
    """A photo of a festival (JPEG or PNG, checked by content; stored under MEDIA_ROOT with a generated name)."""

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="photos", verbose_name=_("ngày hội"))
    image = models.FileField(_("ảnh"), upload_to="festivals/%Y/", max_length=200)
    content_type = models.CharField(max_length=20, verbose_name=_("định dạng tệp"))
    size = models.PositiveIntegerField(verbose_name=_("dung lượng (byte)"))
    caption = models.CharField(_("chú thích"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("ảnh ngày hội")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or f"Ảnh {self.pk}"

    def audit_unit_id(self) -> int:
        return self.festival.commune_id


# --- Awards ----------------------------------------------------------------------------------------------------


class AwardForm(models.Model):
    """A form of commendation (Bằng khen, Giấy khen, Kỷ niệm chương…); the standard four come with migration 0002,
    others may be added. `is_medal` marks the Kỷ niệm chương "Bảo vệ an ninh Tổ quốc" and its rules."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên hình thức"), max_length=200)
    is_medal = models.BooleanField(_("Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”"), default=False)
    individuals_only = models.BooleanField(_("chỉ tặng cá nhân"), default=False)
    active = models.BooleanField(_("đang dùng"), default=True)
    order = models.PositiveSmallIntegerField(default=100, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_medal"], condition=Q(is_medal=True), name="activities_one_medal_form")
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> None:
        return None  # a national table


class NomineeKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MedalBasis(models.TextChoices):
    """Thông tư 20/2025/TT-BCA names two groups of individuals for the medal."""

    LEADER = "leader", _("Lãnh đạo, chỉ đạo phong trào (≥ 10 năm giữ chức vụ)")
    TEAM_MEMBER = "team_member", _("Thành viên Tổ bảo vệ ANTT ở cơ sở (nam ≥ 15 năm, nữ ≥ 10 năm)")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi đề nghị")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")
    DECIDED = "decided", _("Đã có quyết định")


class AwardProposal(models.Model):
    """A proposal to commend a person or a collective, moved through `services.TRANSITIONS`."""

    proposing_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    year = models.PositiveSmallIntegerField(_("năm (thành tích)"))
    form = models.ForeignKey(AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="+")
    nominee_kind = models.CharField(_("đối tượng"), max_length=10, choices=NomineeKind.choices)
    # A person (linked to a member record when they are one).
    member = models.ForeignKey(
        "forces.TeamMember",
        verbose_name=_("thành viên Tổ bảo vệ ANTT"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    national_id = models.CharField(_("số định danh cá nhân / CCCD"), max_length=12, blank=True)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=200, blank=True)
    # A collective.
    collective_name = models.CharField(_("tên tập thể"), max_length=200, blank=True)
    collective_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("địa bàn của tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievements = models.TextField(_("thành tích"))
    # The medal's years of service (Thông tư 20/2025/TT-BCA).
    medal_basis = models.CharField(_("diện xét Kỷ niệm chương"), max_length=12, choices=MedalBasis.choices, blank=True)
    prior_years = models.DecimalField(
        _("số năm công tác chưa có trong sổ quản lý"), max_digits=4, decimal_places=1, default=0
    )
    prior_hardship_years = models.DecimalField(
        _("trong đó ở vùng đặc biệt khó khăn, biên giới, hải đảo (tính hệ số 2)"),
        max_digits=4,
        decimal_places=1,
        default=0,
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_on = models.DateField(_("ngày gửi đề nghị lần đầu"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name=_("thời điểm tạo"))

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominee_kind="person", collective_name="")
                | Q(nominee_kind="collective", full_name="", national_id="", member__isnull=True),
                name="activities_proposal_nominee",
            ),
            models.CheckConstraint(
                condition=Q(prior_years__gte=0, prior_hardship_years__gte=0)
                & Q(prior_hardship_years__lte=F("prior_years")),
                name="activities_proposal_prior_years",
            ),
            models.CheckConstraint(
                condition=Q(submitted_on__isnull=False) | Q(status="draft"), name="activities_proposal_submitted_on"
            ),
        ]
        indexes = [
            models.Index(fields=["proposing_unit", "year"], name="activities_proposal_unit_year"),
            models.Index(fields=["national_id"], name="activities_proposal_cccd"),
        ]

    def __str__(self) -> str:
        return f"{self.form} — {self.nominee_name}"

    def audit_unit_id(self) -> int:
        return self.proposing_unit_id

    @property
    def nominee_name(self) -> str:
        return self.full_name if self.nominee_kind == NomineeKind.PERSON else self.collective_name


class AwardTransition(models.Model):
    """Who moved a proposal from one status to another, when and why."""

    proposal = models.ForeignKey(
        AwardProposal, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("đề nghị khen thưởng")
    )
    from_status = models.CharField(max_length=10, choices=ProposalStatus.choices, verbose_name=_("trạng thái trước"))
    to_status = models.CharField(max_length=10, choices=ProposalStatus.choices, verbose_name=_("trạng thái sau"))
    actor = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm"))
    reason = models.CharField(_("lý do, ý kiến"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bước xử lý đề nghị khen thưởng")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"

    def audit_unit_id(self) -> int:
        return self.proposal.proposing_unit_id


class Award(models.Model):
    """A commendation decided on a proposal (made by the proposal's "decided" step, never typed in directly).

    `is_medal` and the nominee are copied from the proposal, so that "once per person" is a database rule."""

    proposal = models.OneToOneField(
        AwardProposal, on_delete=models.PROTECT, related_name="award", verbose_name=_("đề nghị khen thưởng")
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("hình thức khen thưởng")
    )
    is_medal = models.BooleanField(default=False, verbose_name=_("Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”"))
    nominee_kind = models.CharField(max_length=10, choices=NomineeKind.choices, verbose_name=_("đối tượng"))
    name = models.CharField(_("tập thể, cá nhân"), max_length=200)
    national_id = models.CharField(max_length=12, blank=True, verbose_name=_("số định danh cá nhân"))
    member = models.ForeignKey(
        "forces.TeamMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thành viên"),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=150)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decision_date", "name"]
        constraints = [
            # Thông tư 20/2025/TT-BCA: the medal is given once per person.
            models.UniqueConstraint(
                fields=["national_id"],
                condition=Q(is_medal=True) & ~Q(national_id=""),
                name="activities_medal_once_per_person",
            ),
        ]
        indexes = [models.Index(fields=["unit", "decision_date"], name="activities_award_unit_date")]

    def __str__(self) -> str:
        return f"{self.form}: {self.name} ({self.decision_number})"

    def audit_unit_id(self) -> int:
        return self.unit_id


# --- Summary rows ----------------------------------------------------------------------------------------------


class OutreachMonth(models.Model):
    """Outreach totals per unit, month and kind, kept exact by the write services in the same transaction as the
    activities themselves (antq.activities.summary), so that province and national figures read a few thousand
    rows instead of millions. `total=False`: the activities the unit recorded itself (a commune, or a province's
    own department); `total=True` (provinces only): everything recorded within the province, its communes' rows
    included. Never edited by hand; `summary_rebuild` recounts it from the activities."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    total = models.BooleanField(default=False)
    month = models.DateField()  # the first day of the month
    kind = models.CharField(max_length=12, choices=Kind.choices)
    activities = models.BigIntegerField(default=0)
    attendees = models.BigIntegerField(default=0)
    attendees_officials = models.BigIntegerField(default=0)
    attendees_civil_servants = models.BigIntegerField(default=0)
    attendees_students = models.BigIntegerField(default=0)
    attendees_workers = models.BigIntegerField(default=0)
    attendees_residents = models.BigIntegerField(default=0)
    count = models.BigIntegerField(default=0)
    participants = models.BigIntegerField(default=0)
    recipients = models.BigIntegerField(default=0)
    value_vnd = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("tổng hợp tuyên truyền theo tháng")
        verbose_name_plural = _("tổng hợp tuyên truyền theo tháng")
        constraints = [
            models.UniqueConstraint(fields=["unit", "total", "month", "kind"], name="activities_outreach_month_key"),
        ]
        indexes = [models.Index(fields=["total", "month"], name="activities_outreach_mtotal")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y} {self.kind}"
