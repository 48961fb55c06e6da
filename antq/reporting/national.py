"""National-volume entered values for `seed_national`: every entered catalogue indicator for every commune and
year, consistent with the validation rules (safe ≤ assessed, successful ≤ cases, resolved ≤ received)."""

from __future__ import annotations

from typing import Any

from antq.core.bulk import NationalContext, bulk_load
from antq.core.extensions import Seeder, register_national_seeder
from antq.core.periods import Period
from antq.geo.models import Locality
from antq.reporting.catalogue import ENTERED, NOT_GREATER_THAN
from antq.reporting.models import EnteredValue

# Totals per commune and year: (low, high), or "localities" for the commune's number of localities.
TOTALS: dict[str, Any] = {
    "residential_areas_assessed": "localities",
    "communes_assessed": (1, 1),
    "agencies_assessed": (3, 8),
    "enterprises_assessed": (0, 12),
    "schools_assessed": (2, 6),
    "mediation_teams": "localities",
    "mediators": (40, 200),
    "mediation_cases": (4, 40),
    "petitions_received": (5, 60),
    "campaigns": (1, 6),
    "campaign_participants": (500, 6000),
    "tips_received": (5, 80),
    "weapons_handed_in": (0, 12),
    "community_charters": "localities",
}
SHARE = {smaller: larger for smaller, larger, _message in NOT_GREATER_THAN}  # part: its total


def seed_entered_values(context: NationalContext) -> dict[str, int]:
    rng = context.rng("entered")
    localities: dict[int, int] = {}
    for commune_id in Locality.objects.values_list("commune_id", flat=True).iterator(chunk_size=20_000):
        localities[commune_id] = localities.get(commune_id, 0) + 1
    codes = [indicator.code for indicator in ENTERED]
    rows = []
    for year in context.years:
        period = Period.parse(str(year))
        for commune_id, *_ in context.communes:
            values: dict[str, int] = {}
            for code in codes:
                if code in SHARE:
                    continue
                spec = TOTALS.get(code, (0, 50))
                values[code] = localities.get(commune_id, 0) if spec == "localities" else rng.randint(*spec)
            for code in codes:
                if code in SHARE:
                    total = values[SHARE[code]]
                    values[code] = total - (rng.randint(0, max(1, total // 8)) if total else 0)
                    values[code] = max(values[code], 0)
            rows += [(commune_id, period.code, period.start, period.end, code, values[code]) for code in codes]
    fields = ["unit", "period", "period_start", "period_end", "indicator", "value"]
    return {"Số liệu nhập theo kỳ": bulk_load(EnteredValue, fields, rows)}


register_national_seeder(Seeder(name="Số liệu nhập", run=seed_entered_values, order=50))
