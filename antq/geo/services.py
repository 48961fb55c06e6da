"""Writes for geography: loading the national map from the `vietnam-provinces` package (never on a request path)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from antq.core import ports
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.text import fold, place_sort_key
from antq.geo.models import (
    CODE_WIDTH,
    NATION_CODE,
    AdminUnit,
    AdminUnitVersion,
    Establishment,
    Level,
    Locality,
    UnitKind,
    UnitSuccession,
)

log = logging.getLogger(__name__)

# Nghị quyết 202/2025/QH15: the two-tier map takes effect on 1/7/2025; the legacy map ends the day before.
EDITION_2025 = dt.date(2025, 7, 1)
LEGACY_END = EDITION_2025 - dt.timedelta(days=1)
SOURCE = "vietnam-provinces"

_KIND_BY_PACKAGE_TYPE = {
    "tỉnh": UnitKind.TINH,
    "thành phố trung ương": UnitKind.THANH_PHO_TRUNG_UONG,
    "huyện": UnitKind.HUYEN,
    "quận": UnitKind.QUAN,
    "thành phố": UnitKind.THANH_PHO,
    "thị xã": UnitKind.THI_XA,
    "xã": UnitKind.XA,
    "phường": UnitKind.PHUONG,
    "đặc khu": UnitKind.DAC_KHU,
    "thị trấn": UnitKind.THI_TRAN,
}
_TYPE_PREFIX = re.compile(r"^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu)\s+", re.IGNORECASE)


def short_name(name: str) -> str:
    """ "Tỉnh Hưng Yên" → "Hưng Yên"; "Thành phố Hà Nội" → "Hà Nội"."""
    return _TYPE_PREFIX.sub("", name, count=1)


def padded_code(level: str, code: int | str) -> str:
    return str(int(code)).zfill(CODE_WIDTH[Level(level)])


@dataclass(frozen=True)
class UnitRow:
    level: str
    code: str
    name: str
    kind: str
    parent_key: tuple[str, str, dt.date | None] | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    @property
    def key(self) -> tuple[str, str, dt.date | None]:
        return (self.level, self.code, self.valid_to)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_skipped: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} đơn vị mới, {self.updated} cập nhật, {self.unchanged} giữ nguyên, "
            f"{self.successions_created} liên kết cũ→mới mới"
        )


def _package_rows() -> tuple[list[UnitRow], list[tuple[tuple, tuple, bool]]]:
    """Read the package into plain rows: units (parents first) and old→new links."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    nation_key = (Level.NATION.value, NATION_CODE, None)
    rows = [UnitRow(Level.NATION, NATION_CODE, "Toàn quốc", UnitKind.NATION, None, None, None)]

    def key(level: Level, code: int, valid_to: dt.date | None) -> tuple[str, str, dt.date | None]:
        return (level.value, padded_code(level, code), valid_to)

    def row(
        level: Level, item: Any, parent_key: tuple | None, valid_from: dt.date | None, valid_to: dt.date | None
    ) -> UnitRow:
        return UnitRow(
            level,
            padded_code(level, item.code.value),
            item.name,
            _KIND_BY_PACKAGE_TYPE[item.division_type.value],
            parent_key,
            valid_from,
            valid_to,
        )

    rows += [row(Level.PROVINCE, p, nation_key, EDITION_2025, None) for p in Province.iter_all()]
    rows += [
        row(Level.COMMUNE, w, key(Level.PROVINCE, w.province_code.value, None), EDITION_2025, None)
        for w in Ward.iter_all()
    ]
    rows += [row(Level.PROVINCE, p, nation_key, None, LEGACY_END) for p in LegacyProvince.iter_all()]
    rows += [
        row(Level.DISTRICT, d, key(Level.PROVINCE, d.province_code.value, LEGACY_END), None, LEGACY_END)
        for d in LegacyDistrict.iter_all()
    ]
    rows += [
        row(Level.COMMUNE, w, key(Level.DISTRICT, w.district_code.value, LEGACY_END), None, LEGACY_END)
        for w in LegacyWard.iter_all()
    ]

    links: list[tuple[tuple, tuple, bool]] = []
    for old_code, entry in ward_conversion.OLD_TO_NEW.items():
        partial = entry.old_ward.is_partly_merged or len(entry.new_wards) > 1
        for new in entry.new_wards:
            links.append((key(Level.COMMUNE, old_code, LEGACY_END), key(Level.COMMUNE, new.code, None), partial))
    for old_code, p_entry in province_conversion.OLD_TO_NEW.items():
        partial = len(p_entry.new_provinces) > 1
        for new_p in p_entry.new_provinces:
            links.append((key(Level.PROVINCE, old_code, LEGACY_END), key(Level.PROVINCE, new_p.code, None), partial))
    return rows, links


def geography_load(
    *, rows: Iterable[UnitRow] | None = None, links: Iterable[tuple] | None = None, today: dt.date | None = None
) -> LoadResult:
    """Create or update every unit, version and old→new link; safe to run again (idempotent)."""
    if rows is None or links is None:
        rows, links = _package_rows()
    today = today or timezone.localdate()
    result = LoadResult()
    with transaction.atomic():
        existing = {(u.level, u.code, u.valid_to): u for u in AdminUnit.objects.all()}
        rows = list(rows)
        # Parents come before children in `rows`; create level by level so parent ids exist.
        for level in (Level.NATION, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
            to_create: list[AdminUnit] = []
            to_update: list[AdminUnit] = []
            versions_to_create: list[AdminUnitVersion] = []
            renamed: list[AdminUnit] = []
            for row in (r for r in rows if r.level == level):
                parent = existing[row.parent_key] if row.parent_key else None
                unit = existing.get(row.key)
                if unit is None:
                    unit = AdminUnit(
                        level=row.level,
                        code=row.code,
                        name=row.name,
                        short_name=short_name(row.name),
                        kind=row.kind,
                        folded_name=fold(row.name),
                        sort_key=place_sort_key(row.name),
                        parent=parent,
                        valid_from=row.valid_from,
                        valid_to=row.valid_to,
                    )
                    to_create.append(unit)
                elif (unit.name, unit.kind, unit.parent_id) != (row.name, row.kind, parent.pk if parent else None):
                    unit.name, unit.short_name, unit.kind = row.name, short_name(row.name), row.kind
                    unit.folded_name, unit.sort_key, unit.parent = fold(row.name), place_sort_key(row.name), parent
                    to_update.append(unit)
                    renamed.append(unit)
                else:
                    result.unchanged += 1
            AdminUnit.objects.bulk_create(to_create, batch_size=2000)
            AdminUnit.objects.bulk_update(
                to_update, ["name", "short_name", "kind", "folded_name", "sort_key", "parent"], batch_size=2000
            )
            for unit in to_create:
                existing[(unit.level, unit.code, unit.valid_to)] = unit
                versions_to_create.append(
                    AdminUnitVersion(
                        unit=unit,
                        code=unit.code,
                        name=unit.name,
                        kind=unit.kind,
                        parent=unit.parent,
                        valid_from=unit.valid_from,
                        valid_to=unit.valid_to,
                        source=SOURCE,
                    )
                )
            # A renamed or re-parented unit keeps its id: close its open version and open a new one from today.
            if renamed:
                AdminUnitVersion.objects.filter(unit__in=renamed, valid_to__isnull=True).update(
                    valid_to=today - dt.timedelta(days=1)
                )
                for unit in renamed:
                    versions_to_create.append(
                        AdminUnitVersion(
                            unit=unit,
                            code=unit.code,
                            name=unit.name,
                            kind=unit.kind,
                            parent=unit.parent,
                            valid_from=today,
                            valid_to=unit.valid_to,
                            source=SOURCE,
                        )
                    )
            AdminUnitVersion.objects.bulk_create(versions_to_create, batch_size=2000)
            result.created += len(to_create)
            result.updated += len(to_update)

        known_links = set(UnitSuccession.objects.values_list("old_unit_id", "new_unit_id"))
        new_links = []
        seen: set[tuple[int, int]] = set()
        for old_key, new_key, partial in links:
            old_unit, new_unit = existing.get(old_key), existing.get(new_key)
            if old_unit is None or new_unit is None:
                # The package's conversion table names a few legacy wards its legacy tables lack.
                log.debug("Skipping old→new link with an unknown unit: %s → %s", old_key, new_key)
                result.successions_skipped += 1
                continue
            pair = (old_unit.pk, new_unit.pk)
            if pair in known_links or pair in seen:
                continue
            seen.add(pair)
            new_links.append(
                UnitSuccession(old_unit=old_unit, new_unit=new_unit, partial=partial, effective_date=EDITION_2025)
            )
        UnitSuccession.objects.bulk_create(new_links, batch_size=5000)
        result.successions_created = len(new_links)
    return result


# --- Localities and establishments -------------------------------------------------------------------------


def _require_write(actor: object, commune: AdminUnit) -> None:
    """404-like refusal unless `commune` is a current commune the actor may keep registries in (the scope check is
    accounts', reached through `core.ports.can_write`: fails closed)."""
    if commune.level != Level.COMMUNE or not commune.is_current or not ports.can_write(actor, commune):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")


def _full_clean(obj: Locality | Establishment) -> None:
    """Validate (full_clean also derives `folded_name` and `sort_key` from the name: core.models.NamedRecord)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed("; ".join(messages), field=None if field == "__all__" else field) from exc


def locality_create(
    *,
    actor: object,
    commune: AdminUnit,
    name: str,
    kind: str,
    households: int | None = None,
    population: int | None = None,
) -> Locality:
    """Add a thôn / tổ dân phố to a commune the actor may write to."""
    _require_write(actor, commune)
    locality = Locality(commune=commune, name=name.strip(), kind=kind, households=households, population=population)
    _full_clean(locality)
    with transaction.atomic(), ports.acting_as(actor):
        locality.save()
    return locality


def locality_update(*, actor: object, locality: Locality, **fields: object) -> Locality:
    """Change a locality's name, kind, households or population."""
    _require_write(actor, locality.commune)
    allowed = {"name", "kind", "households", "population"}
    for field, value in fields.items():
        if field not in allowed:
            raise ValueError(f"locality_update cannot change {field}")
        setattr(locality, field, value.strip() if isinstance(value, str) else value)
    _full_clean(locality)
    with transaction.atomic(), ports.acting_as(actor):
        locality.save(update_fields=[*fields, "folded_name", "sort_key"])
    return locality


def establishment_create(
    *,
    actor: object,
    commune: AdminUnit,
    name: str,
    kind: str,
    size_class: str = "",
    address: str = "",
    locality: Locality | None = None,
) -> Establishment:
    """Add an agency, enterprise or school to a commune the actor may write to."""
    _require_write(actor, commune)
    if locality is not None and locality.commune_id != commune.pk:
        raise ValidationFailed("Thôn, tổ dân phố không thuộc xã này.", field="locality")
    establishment = Establishment(
        commune=commune, name=name.strip(), kind=kind, size_class=size_class, address=address.strip(), locality=locality
    )
    _full_clean(establishment)
    with transaction.atomic(), ports.acting_as(actor):
        establishment.save()
    return establishment
