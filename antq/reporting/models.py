"""Entered values, report submissions with their transitions and approved snapshots (notifications: accounts)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import User
from antq.core import indicators
from antq.geo.models import AdminUnit


class Qualifier(models.TextChoices):
    """How exact a figure is, as reports write it: "trên 59.500", "gần 60.000", "khoảng 300"."""

    EXACT = "exact", _("chính xác")
    AT_LEAST = "at_least", _("trên")
    NEARLY = "nearly", _("gần")
    ABOUT = "about", _("khoảng")


class EnteredValue(models.Model):
    """A figure typed in for a unit and period where no registry exists yet (a DHIS2-style data value).

    Legacy (pre-1/7/2025) units may hold baselines; they roll into today's units through UnitSuccession."""

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="entered_values", verbose_name=_("đơn vị")
    )
    period = models.CharField(_("kỳ"), max_length=12)
    period_start = models.DateField(verbose_name=_("ngày đầu kỳ"))
    period_end = models.DateField(verbose_name=_("ngày cuối kỳ"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=60)
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2)
    qualifier = models.CharField(_("mức độ"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    entered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người nhập")
    )
    entered_at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm nhập"))

    class Meta:
        verbose_name = _("số liệu nhập")
        verbose_name_plural = _("số liệu nhập")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "indicator"], name="reporting_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="reporting_value_non_negative"),
        ]
        indexes = [models.Index(fields=["period", "indicator"], name="reporting_value_period")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period} {indicator_label(self.indicator)} = {self.value}"

    def audit_unit_id(self) -> int:
        return self.unit_id

    @staticmethod
    def audit_value_label(name: str, value: str) -> str | None:
        """The audit trail shows an indicator by its label, not its code (antq.accounts.models.AuditEntry)."""
        return indicator_label(value) if name == "indicator" else None


def indicator_label(code: str) -> str:
    try:
        return str(indicators.declared(code).label)
    except KeyError:
        return code


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Submission(models.Model):
    """A unit's report for a period: commune → province, province → ministry."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ"), max_length=12)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    due_date = models.DateField(_("hạn gửi"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thời điểm gửi"))
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thời điểm duyệt"))
    reopened = models.BooleanField(_("đã mở lại"), default=False)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="reporting_submission_unique")]
        indexes = [models.Index(fields=["period", "status"], name="reporting_submission_status")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}: {self.get_status_display()}"

    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def is_late(self) -> bool:
        done = self.submitted_at.date() if self.submitted_at else timezone.localdate()
        return done > self.due_date


class SubmissionTransition(models.Model):
    """Who moved a submission from one status to another, when and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=SubmissionStatus.choices)
    to_status = models.CharField(max_length=10, choices=SubmissionStatus.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    # Submitted before the period ended, after the submitter confirmed it (figures may still change).
    early = models.BooleanField(_("gửi trước khi hết kỳ"), default=False)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("bước xử lý báo cáo")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.from_status} → {self.to_status}"


class MissingReport(models.Model):
    """A child unit whose report for the period was not approved when its parent's report was submitted, named by
    the submitter with the reason (a province report goes up without a commune only this way)."""

    transition = models.ForeignKey(SubmissionTransition, on_delete=models.CASCADE, related_name="missing")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    # The child's own report status then: "" when it had none.
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, blank=True)
    reason = models.CharField(_("lý do"), max_length=500)

    class Meta:
        verbose_name = _("báo cáo đơn vị trực thuộc còn thiếu")
        verbose_name_plural = _("báo cáo đơn vị trực thuộc còn thiếu")
        constraints = [models.UniqueConstraint(fields=["transition", "unit"], name="reporting_missing_unique")]

    def __str__(self) -> str:
        return f"{self.transition.submission}: thiếu {self.unit} ({self.reason})"


class Snapshot(models.Model):
    """An indicator's value frozen when the submission was approved (documents print these)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="snapshots")
    indicator = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    source = models.CharField(max_length=10)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("số liệu báo cáo đã duyệt")
        verbose_name_plural = _("số liệu báo cáo đã duyệt")
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="reporting_snapshot_unique")]

    def __str__(self) -> str:
        return f"{self.submission} {self.indicator} = {self.value}"
