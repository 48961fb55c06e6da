"""The fixed test world (see STYLE.md): a small real geography and one user per role, named by unit code.

Units: provinces 33 (Hưng Yên) and 08 (Tuyên Quang); communes 12688 (Xã Đông Hưng), 12583 (Xã Tân Tiến — the
name repeats in 08 as 01051), 11992 and 11995 (both got part of legacy ward 11989), 00694 (Phường Hà Giang 1)
and 01051; the legacy provinces 33, 34 (Thái Bình) and 02 (Hà Giang) with the wards that became those communes.
"""

from __future__ import annotations

import functools

from antq.geo.models import Level
from antq.geo.services import UnitRow, _package_rows

PROVINCES = {"33", "08"}
COMMUNES = {"12688", "12583", "11992", "11995", "00694", "01051"}
COMMUNE_DONG_HUNG = "12688"
COMMUNE_TAN_TIEN = "12583"
COMMUNE_HA_GIANG_1 = "00694"


@functools.cache
def small_geography() -> tuple[list[UnitRow], list[tuple]]:
    """The package's own rows for the units above, with every legacy unit that flows into them."""
    rows, links = _package_rows()
    current = {
        r.key
        for r in rows
        if r.valid_to is None
        and (
            r.level == Level.NATION
            or (r.level == Level.PROVINCE and r.code in PROVINCES)
            or (r.level == Level.COMMUNE and r.code in COMMUNES)
        )
    }
    kept_links = [link for link in links if link[1] in current]
    legacy = {link[0] for link in kept_links}
    by_key = {r.key: r for r in rows}
    # Keep each kept legacy unit's ancestors (ward → district → province).
    for key in list(legacy):
        parent = by_key[key].parent_key if key in by_key else None
        while parent is not None and parent[0] != Level.NATION:
            legacy.add(parent)
            parent = by_key[parent].parent_key
    wanted = current | legacy
    return [r for r in rows if r.key in wanted], [link for link in kept_links if link[0] in by_key]
