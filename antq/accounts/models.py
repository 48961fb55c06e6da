"""Users, roles and role assignments (user × role × unit, with validity), the audit entry that carries a unit, and
in-app notifications (people are told here, whichever app's workflow tells them).

Scope is computed from active assignments only (see `antq.accounts.scope`): no assignment, no rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.core.phones import canonical_phone_q
from antq.geo.models import AdminUnit


class User(AbstractUser):
    """An ANTQ account. Accounts are disabled (is_active=False), never deleted, so the audit trail stays whole."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        "self", verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The unit that administers this account: its province officers (and the ministry) manage it.
    home_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("đơn vị quản lý tài khoản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            # Stored phones are canonical (antq.core.phones): "", or 0 and 9–10 ASCII digits.
            models.CheckConstraint(condition=canonical_phone_q("phone"), name="accounts_user_phone_canonical"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def audit_unit_id(self) -> int | None:
        return self.home_unit_id


class Role(models.TextChoices):
    MINISTRY = "ministry", _("Cán bộ Bộ Công an (V05)")
    PROVINCE = "province", _("Cán bộ Công an tỉnh (PV05)")
    COMMUNE = "commune", _("Cán bộ Công an xã/phường")
    VIEWER = "viewer", _("Thành viên Ban Chỉ đạo / Mặt trận (chỉ xem)")
    TEAM_LEADER = "team_leader", _("Tổ trưởng Tổ bảo vệ ANTT")


class RoleAssignment(models.Model):
    """A user holds `role` for `unit` (and its descendants) during [valid_from, valid_to].

    A team leader's assignment is also bound to one object (their security team) through `bound_object`,
    a generic link so that this app need not know the forces app.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("tài khoản"))
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    bound_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("loại phạm vi")
    )
    bound_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("mã phạm vi"))
    bound_object = GenericForeignKey("bound_type", "bound_id")
    valid_from = models.DateField(_("hiệu lực từ"), default=dt.date.today)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm tạo"))

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="accounts_assignment_valid_range",
            ),
            models.CheckConstraint(
                condition=~Q(role="team_leader") | Q(bound_type__isnull=False, bound_id__isnull=False),
                name="accounts_team_leader_bound",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"], name="accounts_assignment_active")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def audit_unit_id(self) -> int:
        return self.unit_id

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ActingGrant(models.Model):
    """Leave for an officer of the level above a unit (a province officer for a commune, a Ministry officer for a
    province) to enter the unit's figures for it ("nhập thay"), given by one of the unit's own officers, with a
    reason, for a stated time; revocable. Without one, officers above see the unit's entry form read-only
    (antq.reporting.services.entry_access). Every value written under a grant names it in the audit trail."""

    grantee = models.ForeignKey(
        User, verbose_name=_("người được giao nhập thay"), on_delete=models.PROTECT, related_name="acting_grants"
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("đơn vị được nhập thay"), on_delete=models.PROTECT, related_name="+"
    )
    granted_by = models.ForeignKey(User, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=250)
    valid_from = models.DateField(_("từ ngày"))
    valid_until = models.DateField(_("đến hết ngày"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("thời điểm tạo"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thu hồi")
    )

    class Meta:
        verbose_name = _("giao nhập thay")
        verbose_name_plural = _("giao nhập thay")
        ordering = ["unit", "-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="accounts_acting_grant_valid_range"
            ),
            # Nobody gives themselves leave to act for a unit.
            models.CheckConstraint(condition=~Q(grantee=models.F("granted_by")), name="accounts_acting_grant_not_self"),
            models.CheckConstraint(condition=~Q(reason=""), name="accounts_acting_grant_reason"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="accounts_acting_grant_revoked",
            ),
        ]
        indexes = [models.Index(fields=["grantee", "unit", "valid_until"], name="accounts_acting_grant_active")]

    def __str__(self) -> str:
        return f"{self.grantee} nhập thay {self.unit} ({self.valid_from:%d/%m/%Y}–{self.valid_until:%d/%m/%Y})"

    def audit_unit_id(self) -> int:
        return self.unit_id

    def is_active_on(self, day: dt.date) -> bool:
        return self.revoked_at is None and self.valid_from <= day <= self.valid_until


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        # Every audited model can say which unit its record belongs to, so the province trail can filter by it.
        unit_getter = getattr(instance, "audit_unit_id", None)
        if "unit_id" not in kwargs and "unit" not in kwargs:
            kwargs["unit_id"] = unit_getter() if callable(unit_getter) else unit_getter
        return super().log_create(instance, force_log=force_log, **kwargs)


class AuditEntry(AbstractLogEntry):
    """django-auditlog's entry plus the administrative unit the record belongs to (for scoped trails)."""

    unit: models.ForeignKey[AdminUnit | None, AdminUnit | None] = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    province: models.ForeignKey[AdminUnit | None, AdminUnit | None] = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuditEntryManager()

    ACTION_LABELS = {0: _("Tạo mới"), 1: _("Sửa"), 2: _("Xóa"), 3: _("Truy cập dữ liệu cá nhân")}

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        indexes = [models.Index(fields=["province", "-timestamp"], name="accounts_audit_province_time")]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Store the province too: the province trail is then one indexed filter, whatever the unit's level.
        if self.unit_id and not self.province_id:
            unit = AdminUnit.objects.only("level", "parent_id").get(pk=self.unit_id)
            self.province_id = (
                unit.pk if unit.level == "province" else (unit.parent_id if unit.level == "commune" else None)
            )
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS.get(self.action, self.action))

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        """The changes as the trail shows them: (field's Vietnamese label, before, after). Values read as a user
        reads them: "None" as "–", booleans as "có" / "không", choices by their label, dates dd/mm/yyyy, a foreign
        key as the related record's name (or "#id" once it is gone); a model may label its own codes through
        `audit_value_label(field_name, value)` (an entered value's indicator code → its label)."""
        model = self.content_type.model_class() if self.content_type_id else None
        rows = []
        for name, change in (self.changes_dict or {}).items():
            field = None
            if model is not None:
                with contextlib.suppress(FieldDoesNotExist):
                    field = model._meta.get_field(name)
            if field is not None and field.is_relation and not field.concrete:
                # A reverse relation (a user's "assignments"): auditlog writes the manager's repr
                # ("accounts.RoleAssignment.None") on creation; it says nothing, so the trail leaves it out.
                continue
            label = str(getattr(field, "verbose_name", "") or name) if field is not None else _field_label(name)
            before, after = [*change, "", ""][:2] if isinstance(change, list | tuple) else ("", change)
            rows.append((label, _shown(model, field, name, before), _shown(model, field, name, after)))
        return rows


def _field_label(name: str) -> str:
    # A field the model no longer has (renamed or dropped since): its code name, made readable.
    return name.replace("_", " ")


def _shown(model: type[models.Model] | None, field: object, name: str, value: object) -> str:
    text = "" if value is None else str(value)
    if text in ("None", ""):
        return "–"
    if text in ("True", "False"):
        return "có" if text == "True" else "không"
    own = getattr(model, "audit_value_label", None)
    if callable(own) and (labelled := own(name, text)) is not None:
        return str(labelled)
    if isinstance(field, models.ForeignKey):
        return _related_label(field, text)
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict((str(key), label) for key, label in choices).get(text, text))
    if isinstance(field, models.DateTimeField):
        return _datetime_shown(text)
    if isinstance(field, models.DateField):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    return text


def _related_label(field: models.ForeignKey, pk: str) -> str:  # type: ignore[type-arg]
    related = field.related_model
    obj = None
    if isinstance(related, type) and issubclass(related, models.Model):
        with contextlib.suppress(ValueError, TypeError, ValidationError):
            obj = related._default_manager.filter(pk=pk).first()
    return str(obj) if obj is not None else f"#{pk}"


def _datetime_shown(text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


class Notification(models.Model):
    """An in-app notice to one user (a report submitted, returned, approved or withdrawn; a roster proposal made or
    decided). Lives with the users so that every app above accounts can notify (`services.notify`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="accounts_notification_unread")]

    def __str__(self) -> str:
        return self.text
