"""Grassroots security & order teams (Tổ bảo vệ ANTT ở cơ sở) and their members.

Legal basis: Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở 2023 (in force 1/7/2024), Nghị định
40/2024/NĐ-CP, Thông tư 14/2024/TT-BCA. Memberships are ended, never deleted; history stays.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import User
from antq.core.models import NamedRecord, sort_key_field
from antq.core.phones import canonical_phone_q, without_ascii_digits
from antq.core.summary import SourceQuerySet
from antq.core.text import SORT_KEY_MAX_LENGTH, name_sort_key
from antq.geo.models import AdminUnit, Locality, LocalityKind


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    DISSOLVED = "dissolved", _("Đã giải thể")


class SecurityTeam(NamedRecord):
    """A Tổ bảo vệ ANTT covering one or more localities of one commune."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="security_teams"
    )
    name = models.CharField(_("tên tổ"), max_length=200)
    folded_name = models.CharField(max_length=200, editable=False)
    sort_key = sort_key_field()
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    founded_on = models.DateField(_("ngày thành lập"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.ACTIVE)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    dissolution_reason = models.CharField(_("lý do giải thể"), max_length=250, blank=True)

    objects = SourceQuerySet.as_manager()  # writes guarded: the summary counts these rows

    class Meta:
        verbose_name = _("Tổ bảo vệ ANTT")
        verbose_name_plural = _("Tổ bảo vệ ANTT")
        ordering = ["commune", "sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="active", dissolved_on__isnull=True) | Q(status="dissolved", dissolved_on__isnull=False)
                ),
                name="forces_team_dissolution_date",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("founded_on")),
                name="forces_team_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "status"], name="forces_team_commune_status"),
            models.Index(fields=["commune", "sort_key"], name="forces_team_commune_sort"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_unit_id(self) -> int:
        return self.commune_id


class TeamCoverage(models.Model):
    """Which localities a team covers, over time. A locality has at most one active team (database rule)."""

    team = models.ForeignKey(SecurityTeam, on_delete=models.CASCADE, related_name="coverages", verbose_name=_("tổ"))
    locality = models.ForeignKey(
        Locality, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT, related_name="team_coverages"
    )
    valid_from = models.DateField(verbose_name=_("hiệu lực từ"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("hiệu lực đến"))

    class Meta:
        verbose_name = _("địa bàn phụ trách của tổ")
        verbose_name_plural = _("địa bàn phụ trách của tổ")
        constraints = [
            models.UniqueConstraint(
                fields=["locality"], condition=Q(valid_to__isnull=True), name="forces_one_active_team_per_locality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} — {self.locality}"

    def audit_unit_id(self) -> int:
        return self.locality.commune_id


class Role(models.TextChoices):
    LEADER = "leader", _("Tổ trưởng")
    DEPUTY = "deputy", _("Tổ phó")
    MEMBER = "member", _("Tổ viên")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Education(models.TextChoices):
    """Trình độ học vấn; Art. 13 requires lower-secondary (primary in remote / ethnic-minority areas)."""

    NONE = "none", _("Chưa tốt nghiệp tiểu học")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học trở lên")


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}


class EndReason(models.TextChoices):
    """Art. 17.3 of the 2023 Law, plus moving away and death."""

    OWN_REQUEST = "own_request", _("Tự nguyện xin thôi")
    HEALTH = "health", _("Không đủ sức khỏe")
    REPEATED_FAILURE = "repeated_failure", _("Hai lần được nhắc nhở bằng văn bản mà vẫn vi phạm, không hoàn thành")
    PROSECUTION = "prosecution", _("Bị truy cứu trách nhiệm hình sự hoặc xử lý vi phạm")
    MOVED = "moved", _("Chuyển nơi cư trú")
    DECEASED = "deceased", _("Từ trần")
    TEAM_DISSOLVED = "team_dissolved", _("Tổ giải thể")


# Stored CCCDs are 12 ASCII digits (antq.forces.rules.national_id_clean). Portable without a regex: 12 characters
# of which none is left once 0–9 are removed. REPLACE compares code points, never by collation, so full-width or
# Arabic-Indic digits (which locale collations may sort between "0" and "9") are not taken for 0–9.
NATIONAL_ID_ASCII_12 = Q(Exact(Length("national_id"), 12)) & Q(Exact(without_ascii_digits("national_id"), ""))


class TeamMember(models.Model):
    """One membership of a person in a team (a person who leaves and comes back has two rows)."""

    team = models.ForeignKey(SecurityTeam, on_delete=models.PROTECT, related_name="members", verbose_name=_("tổ"))
    full_name = models.CharField(_("họ và tên"), max_length=120)
    sort_key = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, db_index=True)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices)
    national_id = models.CharField(_("số định danh cá nhân / CCCD"), max_length=12)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    education = models.CharField(_("trình độ học vấn"), max_length=20, choices=Education.choices)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    residence = models.ForeignKey(Locality, verbose_name=_("nơi cư trú"), on_delete=models.PROTECT, related_name="+")
    # Art. 13.1.b (resident ≥ 1 year): the day residence began, or — when the commune's sheet does not say — the
    # commune's attestation that it checked (`residence_verified`); at least one is recorded (database rule).
    resident_since = models.DateField(_("cư trú tại địa bàn từ"), null=True, blank=True)
    residence_verified = models.BooleanField(_("đã xác minh cư trú tại địa bàn đủ 01 năm"), default=False)
    role = models.CharField(_("chức danh"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    start_date = models.DateField(_("ngày tham gia"))
    end_date = models.DateField(_("ngày thôi tham gia"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi tham gia"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.CharField(_("ghi chú thôi tham gia"), max_length=250, blank=True)
    # Eligibility attestations (Art. 13): the commune checks the papers; ANTQ records that it did.
    health_certified = models.BooleanField(_("có giấy chứng nhận đủ sức khỏe"), default=False)
    no_prosecution = models.BooleanField(_("không bị truy cứu, xử lý (đã xác minh)"), default=False)
    age_exception_decision = models.CharField(
        _("quyết định của Chủ tịch UBND xã cho người trên 70 tuổi"), max_length=50, blank=True
    )
    hardship_area = models.BooleanField(_("địa bàn đặc biệt khó khăn / vùng đồng bào DTTS"), default=False)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    objects = SourceQuerySet.as_manager()  # writes guarded: the summary counts these rows

    class Meta:
        verbose_name = _("thành viên Tổ bảo vệ ANTT")
        verbose_name_plural = _("thành viên Tổ bảo vệ ANTT")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="leader", end_date__isnull=True),
                name="forces_one_active_leader_per_team",
            ),
            models.UniqueConstraint(
                fields=["national_id"],
                condition=Q(end_date__isnull=True),
                name="forces_one_active_membership_per_person",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")), name="forces_member_dates"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""), name="forces_member_end_reason"
            ),
            models.CheckConstraint(condition=NATIONAL_ID_ASCII_12, name="forces_member_national_id_ascii"),
            models.CheckConstraint(
                condition=Q(resident_since__isnull=False) | Q(residence_verified=True), name="forces_member_residence"
            ),
            # Stored phones are canonical (antq.core.phones): "", or 0 and 9–10 ASCII digits.
            models.CheckConstraint(condition=canonical_phone_q("phone"), name="forces_member_phone_canonical"),
        ]
        indexes = [
            models.Index(fields=["team", "end_date"], name="forces_member_team_end"),
            models.Index(fields=["national_id"], name="forces_member_national_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def compute_sort_key(self) -> str:
        """What `sort_key` holds: given name first, Vietnamese order (every write path stores this)."""
        return name_sort_key(self.full_name)

    def audit_unit_id(self) -> int:
        return self.team.commune_id

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class RuleKind(models.TextChoices):
    ANY = "", _("Mọi loại")
    THON = LocalityKind.THON, LocalityKind.THON.label
    TO_DAN_PHO = LocalityKind.TO_DAN_PHO, LocalityKind.TO_DAN_PHO.label


class TeamSizeRule(models.Model):
    """Per-province team size (the provincial People's Council sets it, Art. 14 of the 2023 Law): a team whose
    covered localities total at least `households_from` households needs `members` members."""

    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="team_size_rules", verbose_name=_("tỉnh, thành phố")
    )
    locality_kind = models.CharField(_("loại địa bàn"), max_length=16, blank=True, choices=RuleKind.choices)
    urban = models.BooleanField(_("địa bàn đô thị (phường)"), default=False)
    households_from = models.PositiveIntegerField(_("từ số hộ"), default=0)
    members = models.PositiveSmallIntegerField(_("số thành viên"))
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quy định số lượng thành viên tổ")
        ordering = ["province", "urban", "locality_kind", "households_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "locality_kind", "urban", "households_from"], name="forces_size_rule_unique"
            ),
            models.CheckConstraint(condition=Q(members__gte=1), name="forces_size_rule_members"),
        ]

    def __str__(self) -> str:
        kind = self.get_locality_kind_display() if self.locality_kind else "mọi loại địa bàn"
        urban = ", đô thị" if self.urban else ""
        return f"{kind}{urban}, từ {self.households_from} hộ: {self.members} thành viên"

    def audit_unit_id(self) -> int:
        return self.province_id


class Training(models.Model):
    """A member's training course (bồi dưỡng, tập huấn)."""

    member = models.ForeignKey(
        TeamMember, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("thành viên")
    )
    course = models.CharField(_("nội dung"), max_length=200)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    hours = models.PositiveSmallIntegerField(_("số giờ"))
    passed = models.BooleanField(_("đạt yêu cầu"), default=True)

    objects = SourceQuerySet.as_manager()  # writes guarded: the summary counts these rows

    class Meta:
        verbose_name = _("bồi dưỡng, tập huấn")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="forces_training_dates")
        ]
        indexes = [models.Index(fields=["member", "passed", "start_date"], name="forces_training_member")]

    def __str__(self) -> str:
        return f"{self.course} ({self.start_date:%d/%m/%Y})"

    def audit_unit_id(self) -> int:
        return self.member.team.commune_id


class RateKind(models.TextChoices):
    FIXED = "fixed", _("Mức cố định (đồng/tháng)")
    COEFFICIENT = "coefficient", _("Hệ số × mức lương cơ sở")


class SupportRate(models.Model):
    """Monthly support per role set by the province (Art. 23): fixed VND or a coefficient of the base salary."""

    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="support_rates", verbose_name=_("tỉnh, thành phố")
    )
    role = models.CharField(_("chức danh"), max_length=8, choices=Role.choices)
    kind = models.CharField(_("cách tính"), max_length=12, choices=RateKind.choices)
    amount_vnd = models.PositiveIntegerField(_("mức (đồng/tháng)"), null=True, blank=True)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=3, null=True, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mức hỗ trợ")
        ordering = ["province", "role", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="fixed", amount_vnd__isnull=False) | Q(kind="coefficient", coefficient__isnull=False)
                ),
                name="forces_rate_value",
            ),
            models.UniqueConstraint(fields=["province", "role", "valid_from"], name="forces_rate_unique"),
        ]

    def __str__(self) -> str:
        value = (
            f"{self.amount_vnd:,} đ".replace(",", ".") if self.kind == RateKind.FIXED else f"hệ số {self.coefficient}"
        )
        return f"{self.get_role_display()}: {value} từ {self.valid_from:%d/%m/%Y}"

    def audit_unit_id(self) -> int:
        return self.province_id


class BaseSalary(models.Model):
    """Mức lương cơ sở (national), e.g. 2.340.000 đ from 01/07/2024 (Nghị định 73/2024/NĐ-CP)."""

    amount_vnd = models.PositiveIntegerField(_("mức lương cơ sở"))
    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount_vnd} từ {self.valid_from}"


class EquipmentIssue(models.Model):
    """Equipment issued to a member (công cụ hỗ trợ, trang phục, phù hiệu...)."""

    member = models.ForeignKey(
        TeamMember, on_delete=models.CASCADE, related_name="equipment", verbose_name=_("thành viên")
    )
    item = models.CharField(_("trang bị"), max_length=120)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    issued_on = models.DateField(_("ngày cấp"))
    returned_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("trang bị")
        ordering = ["-issued_on"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="forces_equipment_quantity")]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"

    def audit_unit_id(self) -> int:
        return self.member.team.commune_id


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class Evaluation(models.Model):
    """Yearly evaluation of a member; evaluation year Y runs 15/11/(Y-1) → 14/11/Y (Thông tư 14/2024/TT-BCA)."""

    member = models.ForeignKey(
        TeamMember, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("thành viên")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    rating = models.CharField(_("xếp loại"), max_length=16, choices=Rating.choices)
    evaluated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người đánh giá")
    )

    class Meta:
        verbose_name = _("đánh giá, xếp loại")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="forces_evaluation_unique")]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.get_rating_display()}"

    def audit_unit_id(self) -> int:
        return self.member.team.commune_id


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REJECTED = "rejected", _("Không chấp nhận")


class ProposalKind(models.TextChoices):
    ADD = "add", _("Đề nghị bổ sung thành viên")
    END = "end", _("Đề nghị cho thôi tham gia")
    UPDATE = "update", _("Đề nghị sửa thông tin")


class RosterProposal(models.Model):
    """A team leader's proposed roster change, confirmed or rejected by the commune officer."""

    team = models.ForeignKey(SecurityTeam, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("tổ"))
    kind = models.CharField(_("loại đề nghị"), max_length=8, choices=ProposalKind.choices)
    member = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("thành viên")
    )
    payload = models.JSONField(_("nội dung"), default=dict)
    reason = models.CharField(_("lý do"), max_length=250, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đề nghị"))
    proposed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("thời điểm đề nghị"))
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người quyết định")
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thời điểm quyết định"))
    decision_note = models.CharField(_("ý kiến"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("đề nghị thay đổi danh sách tổ")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.team}"

    def audit_unit_id(self) -> int:
        return self.team.commune_id


class StockChange(models.Model):
    """Day-by-day changes of the forces' stock figures, kept exact by the write services in the same transaction
    (antq.forces.summary): on `day`, `active` teams or members of `role` ("team" for teams) and `trained` members
    changed by these amounts in `unit`. A stock on any day D is the sum of the changes up to D, so province and
    national figures read a few thousand rows instead of every member. `total=False`: a commune's own changes;
    `total=True`: the province's, all its communes together. Never edited by hand; `summary_rebuild` recounts it."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    total = models.BooleanField(default=False)
    day = models.DateField()
    role = models.CharField(max_length=8)
    active = models.BigIntegerField(default=0)
    trained = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("biến động lực lượng")
        verbose_name_plural = _("biến động lực lượng")
        constraints = [
            models.UniqueConstraint(fields=["unit", "total", "day", "role"], name="forces_stock_change_key"),
        ]
        indexes = [models.Index(fields=["total", "day"], name="forces_stock_change_total")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y} {self.role}"
