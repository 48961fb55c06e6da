"""System check on the report sentences (antq.documents.narrative): every code a sentence reads must be declared
(antq.core.indicators), and every report area with indicators must have its sentence — so a misspelt code fails
start-up instead of making a sentence vanish from a province's report.

The sentences are code, so the check runs each against probe figures: once with every declared figure present,
then once more without each figure it read (to reach the clauses written for a missing figure)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core import checks

from antq.core.indicators import AREAS, INDICATORS
from antq.documents import narrative
from antq.geo.models import AdminUnit, Level, UnitKind
from antq.reporting.checks import unknown_codes


class _Reading(dict[str, Any]):
    """Figures that remember which codes were read."""

    def __init__(self, values: dict[str, Any], read: set[str]) -> None:
        super().__init__(values)
        self.read = read

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


def codes_read(template: Any) -> set[str]:
    """The codes a sentence template reads, with every figure present and then with each one missing."""
    unit = AdminUnit(level=Level.PROVINCE, kind=UnitKind.TINH, name="Tỉnh")
    read: set[str] = set()
    present = {code: (Decimal(1), "exact") for code in INDICATORS}

    def run(values: dict[str, Any]) -> None:
        facts = narrative.Facts(
            unit=unit,
            period_label="năm 2025",
            end_label="31/12/2025",
            values=_Reading(values, read),
            baseline=_Reading({code: Decimal(1) for code in values}, read),
            baseline_label="năm 2024",
        )
        template(facts)

    run(present)
    for code in sorted(read):
        run({c: v for c, v in present.items() if c != code})
    return read


@checks.register("antq")
def check_narrative(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    errors: list[checks.Error] = []
    for area, template in narrative.TEMPLATES.items():
        if area not in AREAS:
            errors.append(checks.Error(f"Report sentence for undeclared area {area!r}", id="antq.documents.E001"))
        errors += unknown_codes(f"The report sentence of area {area!r}", codes_read(template))
    for area in {i.area for i in INDICATORS.values()} - set(narrative.TEMPLATES):
        errors.append(
            checks.Error(f"Report area {area!r} has indicators but no report sentence", id="antq.documents.E002")
        )
    return errors
