"""Reads for documents, always from the actor's scope.

Who sees what: officers covering a unit (its own, the province above, the ministry) see its drafts and final
documents; steering-committee viewers see final documents only; team leaders and users without a role see none.
Only officers of the unit's own level write: province officers a province's report, commune officers a commune's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from antq.accounts.models import Role
from antq.accounts.scope import OFFICER_ROLES, Scope, scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.documents.models import DocumentStatus, ReportDocument
from antq.geo.models import AdminUnit, Level

READ_ROLES = OFFICER_ROLES | {Role.VIEWER}
# The role that writes a unit's own report (the same rule as the reporting workflow's "self" step).
WRITER_ROLE = {Level.PROVINCE: Role.PROVINCE, Level.COMMUNE: Role.COMMUNE}


def _units_q(scope: Scope, roles: frozenset[str]) -> Q:
    """Documents whose unit the actor covers with one of `roles` (the nation's only with a national grant)."""
    if scope.is_national(roles):
        return Q()
    provinces, communes = scope.province_ids(roles), scope.commune_ids(roles)
    if not provinces and not communes:
        return Q(pk__in=[])
    return Q(unit_id__in=provinces) | Q(unit__parent_id__in=provinces) | Q(unit_id__in=communes)


def may_read(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor may list the unit's documents (final ones at least)."""
    scope = scope_for(actor)
    return scope.is_national(READ_ROLES) if unit.level == Level.NATION else scope.covers(unit, READ_ROLES)


def sees_drafts(actor: Any, unit: AdminUnit) -> bool:
    scope = scope_for(actor)
    return scope.is_national(OFFICER_ROLES) if unit.level == Level.NATION else scope.covers(unit, OFFICER_ROLES)


def may_write(actor: Any, unit: AdminUnit) -> bool:
    """Officers of the unit's own level: a province's PV05 officers, a commune's police officers."""
    role = WRITER_ROLE.get(Level(unit.level))
    return role is not None and scope_for(actor).covers(unit, frozenset({role}))


def documents_for(actor: Any, *, unit: AdminUnit | None = None) -> QuerySet[ReportDocument]:
    """Documents the actor may open: finals where they read, drafts where they are an officer; newest first."""
    scope = scope_for(actor)
    visible = (_units_q(scope, READ_ROLES) & Q(status=DocumentStatus.FINAL)) | _units_q(scope, OFFICER_ROLES)
    documents = ReportDocument.objects.filter(visible).select_related("unit", "unit__parent", "updated_by")
    if unit is not None:
        documents = documents.filter(unit=unit)
    return documents.order_by("-period", "-updated_at")


def get_document_for(actor: Any, pk: int) -> ReportDocument:
    """One document the actor may open; 404 when missing, out of scope, or a draft for a viewer."""
    document = documents_for(actor).filter(pk=pk).first()
    if document is None:
        raise NotFoundOrOutOfScope("Không tìm thấy văn bản.")
    return document


def document_for_period(actor: Any, unit: AdminUnit, period_code: str) -> ReportDocument | None:
    """The unit's document for a period, if the actor may open it (the CLI and the create page use it)."""
    return documents_for(actor, unit=unit).filter(period=period_code).first()
