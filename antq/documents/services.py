"""Writes for report documents: draft → edit → regenerate (the edits stay) → finalise (number, date, approved
figures frozen, locked). Each step checks the writer's scope, runs in one transaction and is audited
(django-auditlog, attributed to the actor). Rendering to DOCX / PDF / XLSX is `document_render`.

Finalising needs the approved snapshot of the unit's report for the period (reporting's submission workflow):
a signed report prints approved figures only, so without one the service refuses and says how to get it. Drafts
and the CLI print live figures meanwhile, with the footer "Số liệu chưa được phê duyệt"."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from antq.accounts.audit import acting_as
from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.jobs import JobFile, Progress
from antq.core.periods import Period
from antq.documents import content, layout, pdf, selectors, sheets, word
from antq.documents.models import DocumentStatus, ReportDocument
from antq.geo.models import AdminUnit, Level

D, F = DocumentStatus.DRAFT, DocumentStatus.FINAL
# The one table of who may do what: (from, to) → the role that takes the step, by the level of the document's unit.
# A unit's report is issued by its own officers (province PV05 for the province's, the commune police for the
# commune's), never by a level above it; the role must cover the unit through its own grant.
TRANSITIONS: dict[tuple[str, str], dict[str, str]] = {
    (D, F): {Level.PROVINCE: Role.PROVINCE, Level.COMMUNE: Role.COMMUNE},
}
# Fields the officer edits on a draft; everything else is set by the services.
EDITABLE = (
    "subject",
    "introduction",
    "shortcomings",
    "directions",
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "signer_prefix",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
)
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_writer(actor: Any, unit: AdminUnit) -> None:
    if not selectors.may_write(actor, unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")


def _clean(document: ReportDocument) -> None:
    try:
        document.full_clean(exclude=["unit", "created_by", "updated_by", "content"], validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed("; ".join(messages), field=None if field == "__all__" else field) from exc


def _require_draft(document: ReportDocument) -> None:
    if document.status != D:
        raise ValidationFailed("Báo cáo đã phát hành nên không sửa được nữa.", code="locked")


def document_new(*, actor: Any, unit: AdminUnit, period: Period) -> ReportDocument:
    """An unsaved document of `unit` for `period` with the unit's defaults and freshly generated content (the
    CLI prints these when no document was drafted)."""
    kind = layout.kind_for(period)
    if kind is None:
        raise ValidationFailed(
            "Chỉ lập báo cáo sơ kết (6 tháng, quý), tổng kết (năm) hoặc tổng kết giai đoạn (ví dụ 2013..2023).",
            field="period",
        )
    document = ReportDocument(unit=unit, period=period.code, kind=kind, **layout.defaults_for(unit, period))
    document.content = content.build(actor=actor, unit=unit, period=period)
    document.generated_at = timezone.now()
    return document


def document_create(*, actor: Any, unit: AdminUnit, period: Period) -> ReportDocument:
    """Draft the unit's report for the period (one per unit and period), with its figures generated."""
    _require_writer(actor, unit)
    if unit.level not in (Level.PROVINCE, Level.COMMUNE):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    if period.start > timezone.localdate():
        raise ValidationFailed(f"Kỳ {period.label} chưa bắt đầu.", field="period")
    if ReportDocument.objects.filter(unit=unit, period=period.code).exists():
        raise ValidationFailed(f"{unit.name} đã có báo cáo {period.label}.", code="exists", field="period")
    document = document_new(actor=actor, unit=unit, period=period)
    document.created_by = document.updated_by = actor
    _clean(document)
    try:
        with transaction.atomic(), acting_as(actor):
            document.save()
    except IntegrityError as exc:  # drafted by someone else a moment ago
        raise ValidationFailed(f"{unit.name} đã có báo cáo {period.label}.", code="exists", field="period") from exc
    return document


def document_update(*, actor: Any, document: ReportDocument, **data: Any) -> ReportDocument:
    """Save the officer's parts of a draft (free text, header corrections, signer, recipients)."""
    _require_writer(actor, document.unit)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(f"Không sửa được: {', '.join(sorted(unknown))}.")
    with transaction.atomic(), acting_as(actor):
        locked = ReportDocument.objects.select_for_update().get(pk=document.pk)
        _require_draft(locked)
        for field, value in data.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        if locked.signer_prefix and not locked.signer_authority.strip():
            raise ValidationFailed("Ký TM./KT./TL. cần ghi chức vụ người đứng đầu.", field="signer_authority")
        _clean(locked)
        locked.updated_by, locked.updated_at = actor, timezone.now()
        locked.save(update_fields=[*data, "updated_by", "updated_at"])
    return locked


def document_regenerate(*, actor: Any, document: ReportDocument) -> ReportDocument:
    """Recompute a draft's figures and sentences from today's data; the officer's text stays as written."""
    _require_writer(actor, document.unit)
    period = Period.parse(document.period)
    generated = content.build(actor=actor, unit=document.unit, period=period)
    with transaction.atomic(), acting_as(actor):
        locked = ReportDocument.objects.select_for_update().get(pk=document.pk)
        _require_draft(locked)
        locked.content, locked.generated_at = generated, timezone.now()
        locked.updated_by, locked.updated_at = actor, locked.generated_at
        locked.save(update_fields=["content", "generated_at", "updated_by", "updated_at"])
    return locked


def _approval_message(unit: AdminUnit, period: Period) -> str:
    above = "Công an tỉnh (PV05)" if unit.level == Level.COMMUNE else "Bộ Công an (V05)"
    return (
        f"Chưa phát hành được: số liệu {period.label} của {unit.name} chưa được {above} phê duyệt. Báo cáo phát hành "
        "chỉ in số liệu đã phê duyệt; hãy gửi số liệu để duyệt (trang Báo cáo, số liệu), rồi phát hành lại."
    )


def document_finalise(*, actor: Any, document: ReportDocument, number: str, issued_on: dt.date) -> ReportDocument:
    """Issue the report: number and date, the approved snapshot's figures and sentences frozen, row locked. Who may
    issue it is TRANSITIONS' role for the unit's level (officers who merely see the draft get 403)."""
    if not selectors.sees_drafts(actor, document.unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    number = (number or "").strip()
    if not number:
        raise ValidationFailed("Cần ghi số văn bản.", field="number")
    if issued_on is None:
        raise ValidationFailed("Cần ghi ngày ban hành.", field="issued_on")
    period = Period.parse(document.period)
    with transaction.atomic(), acting_as(actor):
        locked = ReportDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
        if (locked.status, F) not in TRANSITIONS:
            raise ValidationFailed("Báo cáo đã phát hành.", code="illegal_transition")
        role = TRANSITIONS[(locked.status, F)].get(locked.unit.level)
        if role is None or not scope_for(actor).covers(locked.unit, frozenset({role})):
            raise PermissionDenied("Báo cáo do cán bộ của chính đơn vị phát hành.")
        missing = [
            label
            for field, label in (
                ("signer_title", "chức vụ người ký"),
                ("signer_name", "họ và tên người ký"),
                ("shortcomings", "phần Tồn tại, hạn chế"),
                ("directions", "phần Phương hướng, nhiệm vụ"),
            )
            if not getattr(locked, field).strip()
        ]
        if missing:
            raise ValidationFailed("Trước khi phát hành cần nhập: " + ", ".join(missing) + ".", code="incomplete")
        if not content.has_approved(locked.unit, period):
            raise ValidationFailed(_approval_message(locked.unit, period), code="not_approved")
        taken = ReportDocument.objects.filter(
            unit=locked.unit, status=F, symbol=locked.symbol, number=number, issued_on__year=issued_on.year
        ).exclude(pk=locked.pk)
        if taken.exists():
            raise ValidationFailed(f"Số {number}/{locked.symbol} năm {issued_on.year} đã được dùng.", field="number")
        locked.content = content.build(
            actor=actor, unit=locked.unit, period=period, approved_only=True, every_child_figure=True
        )
        now = timezone.now()
        locked.number, locked.issued_on, locked.status = number, issued_on, F
        locked.generated_at = locked.finalised_at = locked.updated_at = now
        locked.finalised_by = locked.updated_by = actor
        locked.save(
            update_fields=[
                "number",
                "issued_on",
                "status",
                "content",
                "generated_at",
                "finalised_at",
                "finalised_by",
                "updated_at",
                "updated_by",
            ]
        )
    return locked


def document_render(document: ReportDocument, fmt: str, *, actor: Any = None) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of the document in `fmt` (docx, pdf or xlsx), from its stored content.
    The XLSX of a draft adds every figure by child unit, computed now within `actor`'s scope."""
    if fmt == "xlsx" and actor is not None and not document.content.get("children_complete"):
        document = copy.copy(document)  # the stored draft keeps its content; only this file gets the extra columns
        document.content = content.with_every_child_figure(actor=actor, document=document)

    renderers = {"docx": word.report_docx, "pdf": pdf.report_pdf, "xlsx": sheets.report_xlsx}
    if fmt not in renderers:
        raise ValidationFailed("Định dạng phải là docx, pdf hoặc xlsx.", field="format")
    name = f"bao-cao-{document.unit.code}-{document.period.replace('..', '-')}"
    if document.number:
        name += f"-so-{document.number}"
    return renderers[fmt](document), FORMATS[fmt], f"{name}.{fmt}"


def document_file_job(*, actor: Any, unit: AdminUnit | None, progress: Progress, document_id: int, fmt: str) -> JobFile:
    """Background job (antq.core.jobs): the document's file in `fmt`, as `document_render` makes it. The document is
    fetched again through the actor's scope when the job runs (a role ended meanwhile: the job fails, 404-like)."""
    progress(0, 3, "Đang đọc báo cáo")
    document = selectors.get_document_for(actor, document_id)
    progress(1, 3, f"Đang tạo tệp {fmt.upper()}")
    data, content_type, filename = document_render(document, fmt, actor=actor)
    progress(3, 3, "Đã tạo xong")
    return JobFile(data=data, filename=filename, content_type=content_type)
