"""National-volume localities (≈ 30 per commune, ≈ 100,000 in all) and a few establishments per commune,
bulk-loaded for `seed_national`."""

from __future__ import annotations

from antq.core.bulk import NationalContext, bulk_load, next_id
from antq.core.extensions import Seeder, register_national_seeder
from antq.core.text import fold, place_sort_key
from antq.geo.models import Establishment, EstablishmentKind, Locality, LocalityKind


def seed_geography(context: NationalContext) -> dict[str, int]:
    rng = context.rng("geo")
    locality_id, establishment_id = next_id(Locality), next_id(Establishment)
    localities, establishments = [], []
    for commune_id, _province_id, code, kind in context.communes:
        urban = kind == "phuong"
        label, locality_kind = ("Tổ dân phố", LocalityKind.TO_DAN_PHO) if urban else ("Thôn", LocalityKind.THON)
        first = locality_id
        for number in range(1, rng.randint(12, 48) + 1):
            name = f"{label} {number}"
            households = rng.randint(250, 600) if urban else rng.randint(150, 450)
            localities.append(
                (locality_id, commune_id, name, fold(name), place_sort_key(name), locality_kind, households)
            )
            locality_id += 1
        for number, (kind_, prefix) in enumerate(
            [(EstablishmentKind.AGENCY, "Trụ sở UBND xã")]
            + [(EstablishmentKind.SCHOOL, "Trường")] * rng.randint(2, 4)
            + [(EstablishmentKind.ENTERPRISE, "Công ty")] * rng.randint(0, 4)
        ):
            name = f"{prefix} {code}-{number + 1}"
            place = rng.randint(first, locality_id - 1)
            establishments.append((establishment_id, commune_id, place, name, fold(name), place_sort_key(name), kind_))
            establishment_id += 1
    return {
        "Thôn, tổ dân phố": bulk_load(
            Locality, ["id", "commune", "name", "folded_name", "sort_key", "kind", "households"], localities
        ),
        "Cơ quan, doanh nghiệp, trường học": bulk_load(
            Establishment, ["id", "commune", "locality", "name", "folded_name", "sort_key", "kind"], establishments
        ),
    }


register_national_seeder(Seeder(name="Địa bàn", run=seed_geography, order=10))
