"""The crime-tip registry (issue 19): tips from the public portal, who receives them, the dialogue with the
tipster, and every step an officer takes.

What a tip says is encrypted at rest (`antq/tips/crypto.py`): the text, the place, the time as told, contact details,
messages and photos are `BinaryField`s holding Fernet tokens. What is plain is what the police need to route,
count and time a tip without opening it: the commune, the category, the times (to the minute), the state and
outcome, and the sanitised summary an officer writes for everyone else. No column holds anything about the
tipster's device or connection (item 2): there is nothing to leak.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import User
from antq.geo.models import AdminUnit
from antq.tips.rules import DeliveryRole, Outcome, Status, Step


class TipCategory(models.Model):
    """A kind of tip the portal offers (ma túy, trộm cắp…): a configurable list, retired rather than deleted."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại tin báo")
        verbose_name_plural = _("loại tin báo")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class RemoteCommune(models.Model):
    """A commune where the 48-hour time applies (vùng sâu, vùng xa, đi lại khó khăn), as its province designates."""

    unit = models.OneToOneField(
        AdminUnit, on_delete=models.PROTECT, related_name="tip_remote", verbose_name=_("xã, phường")
    )
    note = models.CharField(_("căn cứ"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("xã vùng sâu, vùng xa")
        verbose_name_plural = _("xã vùng sâu, vùng xa")

    def __str__(self) -> str:
        return str(self.unit)

    def audit_unit_id(self) -> int:
        # Marking and unmarking are filed under the commune (its province's trail shows them).
        return self.unit_id


class Tip(models.Model):
    """One tip. `commune` is where the tipster said it happened (the first primary recipient); who holds it now is
    its primary `TipDelivery`. Times are kept to the minute."""

    code = models.CharField(_("mã tin"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=200, editable=False)  # a slow hash (Django's password hasher)
    category = models.ForeignKey(TipCategory, on_delete=models.PROTECT, related_name="tips", verbose_name=_("loại"))
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="tips", verbose_name=_("xã, phường nơi xảy ra")
    )
    # Encrypted (Fernet tokens): what the tipster wrote.
    body = models.BinaryField(_("nội dung"))
    place = models.BinaryField(_("địa điểm"), blank=True, default=b"")
    when_told = models.BinaryField(_("thời gian (theo người báo)"), blank=True, default=b"")
    contact_name = models.BinaryField(_("họ tên người báo"), blank=True, default=b"")
    contact_phone = models.BinaryField(_("điện thoại người báo"), blank=True, default=b"")
    identified = models.BooleanField(_("người báo cho biết danh tính"), default=False)
    occurred_on = models.DateField(_("ngày xảy ra"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), db_index=True)
    remote = models.BooleanField(_("xã vùng sâu, vùng xa (48 giờ)"), default=False)
    due_at = models.DateTimeField(_("hạn chuyển"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_message = models.BinaryField(_("thông báo kết quả cho người báo"), blank=True, default=b"")
    summary = models.TextField(_("tóm tắt (đã lược thông tin nhạy cảm)"), blank=True)
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    passed_at = models.DateTimeField(_("chuyển cơ quan điều tra lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin báo, tố giác")
        verbose_name_plural = _("tin báo, tố giác")
        ordering = ["-received_at", "-id"]
        # The inbox's order: a page of a province's 10,000 tips is read off this index, not sorted (benchmarks.md).
        indexes = [models.Index(fields=["-received_at", "-id"], name="tips_tip_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=Status.CLOSED) & ~Q(outcome="")) | (~Q(status=Status.CLOSED) & Q(outcome="")),
                name="tips_outcome_iff_closed",
            ),
            models.CheckConstraint(condition=Q(due_at__gt=models.F("received_at")), name="tips_due_after_received"),
        ]

    def __str__(self) -> str:
        return self.code

    def audit_unit_id(self) -> int:
        # The audit trail files a tip's changes under the commune it was sent to (its province's trail shows them).
        return self.commune_id


class TipDelivery(models.Model):
    """A unit the tip was delivered to. Exactly one primary at a time; a forward makes the new unit primary and the
    earlier ones info-only. Info-only deliveries never count in figures."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="deliveries")
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="tip_deliveries", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=DeliveryRole.choices)
    delivered_at = models.DateTimeField(_("nhận lúc"))
    forwarded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người chuyển")
    )
    reason = models.CharField(_("lý do chuyển"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị nhận tin")
        verbose_name_plural = _("đơn vị nhận tin")
        ordering = ["tip", "delivered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tip", "unit"], name="tips_delivery_unique_unit"),
            models.UniqueConstraint(
                fields=["tip"], condition=Q(role=DeliveryRole.PRIMARY), name="tips_one_primary_delivery"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tip} → {self.unit} ({self.get_role_display()})"

    def audit_unit_id(self) -> int:
        return self.unit_id


class TipMessage(models.Model):
    """A message in the two-way dialogue: the police's question or outcome note, or the tipster's answer."""

    class Sender(models.TextChoices):
        POLICE = "police", _("Cơ quan công an")
        TIPSTER = "tipster", _("Người báo tin")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(_("người gửi"), max_length=8, choices=Sender.choices)
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cán bộ")
    )
    body = models.BinaryField(_("nội dung"))  # encrypted
    created_at = models.DateTimeField(_("lúc"))  # to the minute

    class Meta:
        verbose_name = _("trao đổi với người báo tin")
        verbose_name_plural = _("trao đổi với người báo tin")
        ordering = ["tip", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sender="police", author__isnull=False) | Q(sender="tipster", author__isnull=True),
                name="tips_message_author_iff_police",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tip} · {self.get_sender_display()} · {self.created_at:%d/%m/%Y %H:%M}"


class TipAttachment(models.Model):
    """A photo the tipster sent: re-encoded (metadata stripped) before it is encrypted and stored."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(TipMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    data = models.BinaryField()  # encrypted, re-encoded image
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()  # bytes of the re-encoded image
    created_at = models.DateTimeField()  # to the minute

    class Meta:
        verbose_name = _("ảnh kèm theo")
        verbose_name_plural = _("ảnh kèm theo")
        ordering = ["tip", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.tip} · ảnh {self.pk}"


class TipTransition(models.Model):
    """Who took which step on a tip, when and why (the workflow's own record, besides the audit trail)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="transitions")
    step = models.CharField(_("bước"), max_length=16, choices=Step.choices)
    from_status = models.CharField(_("từ"), max_length=16, choices=Status.choices)
    to_status = models.CharField(_("sang"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("cán bộ"))
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    at = models.DateTimeField(_("lúc"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bước xử lý tin")
        verbose_name_plural = _("bước xử lý tin")
        ordering = ["tip", "at", "id"]

    def __str__(self) -> str:
        return f"{self.tip} · {self.get_step_display()}"

    def audit_unit_id(self) -> int:
        return self.unit_id
