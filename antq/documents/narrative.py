"""Section I of a report in words: the report areas (antq.core.indicators.AREAS) in report order, each written by
the sentence function its owning app declares with its indicators (antq.core.narrative explains the style).

Documents knows no area: it names the reporting unit ("toàn tỉnh", "trên địa bàn tỉnh"), hands the figures to
each area's sentences and leaves out an area with no sentence (no figure is never printed as zero)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from antq.core.indicators import AREAS
from antq.core.narrative import Facts
from antq.documents.layout import area_phrase, whole
from antq.geo.models import AdminUnit


def facts_for(
    *,
    unit: AdminUnit,
    period_label: str,
    end_label: str,
    values: Mapping[str, tuple[Decimal | None, str]],
    baseline: Mapping[str, Decimal | None],
    baseline_label: str,
    details: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
) -> Facts:
    """The figures of `unit` with the words naming it, for the areas' sentence functions."""
    return Facts(
        whole=whole(unit),
        area=area_phrase(unit),
        period_label=period_label,
        end_label=end_label,
        values=values,
        baseline=baseline,
        baseline_label=baseline_label,
        details=details or {},
    )


def section_one(facts: Facts) -> list[dict[str, Any]]:
    """[{"key", "title", "paragraphs"}] for each report area with something to say, in report order."""
    areas = []
    for key, area in AREAS.items():
        sentences = area.sentences(facts) if area.sentences else []
        if sentences:  # an area without data is left out, never printed as zero
            areas.append({"key": key, "title": area.label, "paragraphs": sentences})
    return areas
