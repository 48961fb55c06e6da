"""The reporting status board: who has submitted, who is late, who was returned, and reporting rates."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone

from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level
from antq.reporting import selectors, services
from antq.reporting.models import Submission, SubmissionStatus

DONE = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def status_board(actor: Any, unit: AdminUnit, period: Period) -> dict[str, Any]:
    """Rows per child unit with their own report's status; for the nation, each province's commune rate too."""
    children = selectors.child_units(actor, unit)
    today = timezone.localdate()
    by_unit = {s.unit_id: s for s in Submission.objects.filter(unit__in=children, period=period.code)}
    rows: list[dict[str, Any]] = []
    for child in children:
        submission = by_unit.get(child.pk)
        due = submission.due_date if submission else services._due(child, period)
        status = submission.status if submission else None
        done = status in DONE
        late = submission.is_late if done and submission else today > due
        rows.append({"unit": child, "submission": submission, "status": status, "due": due, "late": late})
    expected = len(rows)
    submitted = sum(1 for r in rows if r["status"] in DONE)
    summary = {
        "expected": expected,
        "submitted": submitted,
        "on_time": sum(1 for r in rows if r["status"] in DONE and not r["late"]),
        "late": sum(1 for r in rows if r["late"]),
        "returned": sum(1 for r in rows if r["status"] == SubmissionStatus.RETURNED),
        "approved": sum(1 for r in rows if r["status"] == SubmissionStatus.APPROVED),
        "rate": _rate(submitted, expected),
    }
    if unit.level == Level.NATION:
        communes = Counter(
            AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).values_list("parent_id", flat=True)
        )
        done_by_province = Counter(
            Submission.objects.filter(
                unit__level=Level.COMMUNE, unit__valid_to__isnull=True, period=period.code, status__in=DONE
            ).values_list("unit__parent_id", flat=True)
        )
        for row in rows:
            pk = row["unit"].pk
            row["commune_rate"] = _rate(done_by_province.get(pk, 0), communes.get(pk, 0))
    return {"rows": rows, "summary": summary, "statuses": dict(SubmissionStatus.choices)}
