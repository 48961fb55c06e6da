"""Spreadsheet imports of a commune's localities (thôn, tổ dân phố) and establishments, on the shared machinery.

Rows are matched to the commune's active records by folded name (establishments by type and folded name): a
match with different values is updated, a match with the same values is left alone, anything else is created.
"""

from __future__ import annotations

from typing import Any

from antq.core import ports
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.imports import Column, Importer, Row, RowResult, parse_choice, parse_count
from antq.core.text import fold
from antq.geo.models import AdminUnit, Establishment, EstablishmentKind, Level, Locality, LocalityKind, SizeClass

# Thông tư 124/2021/TT-BCA sizes enterprises and ranks schools; agencies have no size class.
_SIZES_BY_KIND = {
    EstablishmentKind.AGENCY: set(),
    EstablishmentKind.ENTERPRISE: {SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE},
    EstablishmentKind.SCHOOL: {
        SizeClass.PRESCHOOL,
        SizeClass.PRIMARY,
        SizeClass.LOWER_SECONDARY,
        SizeClass.UPPER_SECONDARY,
        SizeClass.VOCATIONAL_HIGHER,
    },
}


class _CommuneImporter(Importer):
    """Records of one current commune that the actor may write to; names folded for search and keyed for order."""

    derived_fields = ("folded_name", "sort_key")

    def __init__(self, *, actor: Any, commune: AdminUnit) -> None:
        super().__init__(actor=actor, commune=commune)

    @property
    def commune(self) -> AdminUnit:
        return self.context["commune"]  # type: ignore[no-any-return]

    def authorize(self) -> None:
        commune = self.commune
        if commune.level != Level.COMMUNE or not commune.is_current or not ports.can_write(self.actor, commune):
            raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")

    def derive(self, instance: Any) -> None:
        instance.derive_name_keys()

    def _first_row(self, row: Row, key: object) -> int:
        """The row that first named `key` in this sheet (this row when it is the first)."""
        return self._seen.setdefault(key, row.number)

    def prefetch(self) -> None:
        self._seen: dict[object, int] = {}


class LocalityImporter(_CommuneImporter):
    """Thôn, tổ dân phố of one commune."""

    model = Locality
    title = "Danh sách thôn, tổ dân phố"
    columns = (
        Column("name", "Tên thôn, tổ dân phố", required=True, aliases=("Tên thôn", "Tên tổ dân phố"), width=32),
        Column("kind", "Loại", parser=parse_choice(LocalityKind), width=16),
        Column("households", "Số hộ", parser=parse_count, aliases=("Hộ", "Số hộ gia đình"), width=12),
        Column("population", "Số nhân khẩu", parser=parse_count, aliases=("Nhân khẩu", "Số khẩu"), width=14),
    )

    def prefetch(self) -> None:
        super().prefetch()
        active = Locality.objects.filter(commune=self.commune, ended_on__isnull=True)
        self.existing = {locality.folded_name: locality for locality in active}

    def validate_row(self, row: Row) -> RowResult:
        key = fold(row["name"])
        if (first := self._first_row(row, key)) != row.number:
            row.error("name", f"trùng tên với dòng {first}")
            return RowResult(row)
        return self.upsert(row, self.existing.get(key), row.values, commune=self.commune)


class EstablishmentImporter(_CommuneImporter):
    """Cơ quan, doanh nghiệp, cơ sở giáo dục of one commune."""

    model = Establishment
    title = "Danh sách cơ quan, doanh nghiệp, cơ sở giáo dục"
    columns = (
        Column("name", "Tên cơ quan, doanh nghiệp, cơ sở giáo dục", required=True, aliases=("Tên",), width=40),
        Column("kind", "Loại", required=True, parser=parse_choice(EstablishmentKind), width=16),
        Column("size_class", "Quy mô / cấp học", parser=parse_choice(SizeClass), aliases=("Quy mô", "Cấp học")),
        Column("address", "Địa chỉ", width=32),
        Column("locality", "Thôn, tổ dân phố", width=24),
    )

    def prefetch(self) -> None:
        super().prefetch()
        active = Establishment.objects.filter(commune=self.commune, ended_on__isnull=True).select_related("locality")
        self.existing = {(e.kind, e.folded_name): e for e in active}
        localities = Locality.objects.filter(commune=self.commune, ended_on__isnull=True)
        self.localities = {locality.folded_name: locality for locality in localities}

    def validate_row(self, row: Row) -> RowResult:
        key = (row["kind"], fold(row["name"]))
        if (first := self._first_row(row, key)) != row.number:
            row.error("name", f"trùng tên và loại với dòng {first}")
            return RowResult(row)
        values = dict(row.values)
        if "locality" in values:
            values["locality"] = self.localities.get(fold(values["locality"]))
            if values["locality"] is None:
                row.error("locality", f"xã không có thôn, tổ dân phố “{row['locality']}”")
                return RowResult(row)
        return self.upsert(row, self.existing.get(key), values, commune=self.commune)

    def check(self, row: Row, instance: Any) -> None:
        if instance.size_class and instance.size_class not in _SIZES_BY_KIND[instance.kind]:
            kind = EstablishmentKind(instance.kind).label
            row.error("size_class", f"“{SizeClass(instance.size_class).label}” không dùng cho loại “{kind}”")
