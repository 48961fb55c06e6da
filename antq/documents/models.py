"""Generated reports (Báo cáo sơ kết / tổng kết) with the parts an officer writes, and their frozen content.

A document is drafted for a unit and a period, its free-text parts are edited in the app, its figures are
regenerated at will (the edits stay), and it is finalised once: number and date are set, the approved figures
and the rendered sentences are frozen in `content`, and the row is locked. Layout rules: Nghị định
30/2020/NĐ-CP (see antq/documents/layout.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import User
from antq.geo.models import AdminUnit


def number_line(number: str, symbol: str) -> str:
    """ "Số: 12/BC-CAT-PV05"; without a number, room for the clerk to write it: "Số:       /BC-CAT-PV05"."""
    return f"Số: {number or '      '}/{symbol}"


class DocumentKind(models.TextChoices):
    INTERIM = "interim", _("Sơ kết")  # half-year (or quarter)
    ANNUAL = "annual", _("Tổng kết")  # a reporting year
    RANGE = "range", _("Tổng kết giai đoạn")  # a custom range of years, e.g. 2013..2023


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    FINAL = "final", _("Đã phát hành")


class SignerPrefix(models.TextChoices):
    """Nghị định 30/2020/NĐ-CP, Art. 8: signing for a collective (TM.), as deputy (KT.), by delegation (TL.)."""

    NONE = "", _("Ký trực tiếp")
    TM = "TM.", _("TM. (thay mặt tập thể)")
    KT = "KT.", _("KT. (ký thay người đứng đầu)")
    TL = "TL.", _("TL. (thừa lệnh)")
    Q = "Q.", _("Q. (quyền)")


class ReportDocument(models.Model):
    """A unit's Báo cáo sơ kết / tổng kết for a period: header, free text, signer, and generated content."""

    unit = models.ForeignKey(AdminUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ báo cáo"), max_length=12)
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=DocumentKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    # Header (Nghị định 30/2020/NĐ-CP, Art. 8): defaults come from the unit; the officer may correct them.
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=150, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=150)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    place = models.CharField(_("địa danh"), max_length=80)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=300)
    # The parts the officer writes.
    introduction = models.TextField(_("mở đầu"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    signer_prefix = models.CharField(
        _("thẩm quyền ký"), max_length=4, choices=SignerPrefix.choices, blank=True, default=SignerPrefix.NONE
    )
    signer_authority = models.CharField(_("chức vụ người đứng đầu (sau TM./KT./TL.)"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    # Generated content (figures, sentences, tables, chart data); frozen when the document is final.
    content = models.JSONField(default=dict, blank=True, verbose_name=_("nội dung"))
    generated_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thời điểm tạo văn bản"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm tạo"))
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người sửa"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm sửa"))
    finalised_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người hoàn thành")
    )
    finalised_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thời điểm hoàn thành"))

    class Meta:
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        ordering = ["-period", "unit__level", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="documents_report_unit_period_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(issued_on__isnull=False, finalised_at__isnull=False)),
                name="documents_report_final_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} {self.period}"

    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def is_final(self) -> bool:
        return self.status == DocumentStatus.FINAL

    @property
    def number_line(self) -> str:
        return number_line(self.number, self.symbol)
