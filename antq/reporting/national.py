"""National-volume entered values for `seed_national`: every entered indicator for every commune and
year, consistent with the validation rules (safe ≤ assessed, successful ≤ cases, resolved ≤ received) — and, for an
indicator a registry computes from `computed_from` on, its entered history: the years that end before that day."""

from __future__ import annotations

from typing import Any

from antq.core.bulk import NationalContext, bulk_load
from antq.core.extensions import Seeder, register_national_seeder
from antq.core.indicators import entered
from antq.core.periods import Period
from antq.geo.models import Locality
from antq.reporting.checks import named_codes_checks, unknown_codes
from antq.reporting.indicators import Code
from antq.reporting.models import EnteredValue

# Totals per commune and year: (low, high), or "localities" for the commune's number of localities.
TOTALS: dict[str, Any] = {
    Code.RESIDENTIAL_AREAS_ASSESSED: "localities",
    Code.COMMUNES_ASSESSED: (1, 1),
    Code.AGENCIES_ASSESSED: (3, 8),
    Code.ENTERPRISES_ASSESSED: (0, 12),
    Code.SCHOOLS_ASSESSED: (2, 6),
    Code.MEDIATION_TEAMS: "localities",
    Code.MEDIATORS: (40, 200),
    Code.MEDIATION_CASES: (4, 40),
    Code.PETITIONS_RECEIVED: (5, 60),
    Code.CAMPAIGNS: (1, 6),
    Code.CAMPAIGN_PARTICIPANTS: (500, 6000),
    # Declared by a registry app (antq.tips), which reporting does not import: named by its stored string and
    # checked like every other code named here (`named_codes_checks` below).
    "tips_received": (5, 80),
    Code.WEAPONS_HANDED_IN: (0, 12),
    Code.COMMUNITY_CHARTERS: "localities",
}


def seed_entered_values(context: NationalContext) -> dict[str, int]:
    rng = context.rng("entered")
    localities: dict[int, int] = {}
    for commune_id in Locality.objects.values_list("commune_id", flat=True).iterator(chunk_size=20_000):
        localities[commune_id] = localities.get(commune_id, 0) + 1
    share = {str(i.code): i.at_most for i in entered() if i.at_most}  # part: its total (the entry rule)
    rows = []
    for year in context.years:
        period = Period.parse(str(year))
        # Entered for this year: no registry, or one that started after the year ended.
        codes = [str(i.code) for i in entered() if i.compute is None or (i.computed_from or period.end) > period.end]
        for commune_id, *_ in context.communes:
            values: dict[str, int] = {}
            for code in codes:
                if code in share:
                    continue
                spec = TOTALS.get(code, (0, 50))
                values[code] = localities.get(commune_id, 0) if spec == "localities" else rng.randint(*spec)
            for code in codes:
                if code in share:
                    total = values[share[code]]
                    values[code] = total - (rng.randint(0, max(1, total // 8)) if total else 0)
                    values[code] = max(values[code], 0)
            rows += [(commune_id, period.code, period.start, period.end, code, values[code]) for code in codes]
    fields = ["unit", "period", "period_start", "period_end", "indicator", "value"]
    return {"Số liệu nhập theo kỳ": bulk_load(EnteredValue, fields, rows)}


named_codes_checks.append(lambda: unknown_codes("antq.reporting.national.TOTALS", TOTALS))
register_national_seeder(Seeder(name="Số liệu nhập", run=seed_entered_values, order=50))
