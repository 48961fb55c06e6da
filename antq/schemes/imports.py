"""Spreadsheets of scheme sites: import a commune's sites on the shared machinery, and export any list of sites.

Import: each row names a scheme (of the commune, else of its province) and a place (a locality or establishment
of the commune by name, or the whole commune). It matches the commune's running site of that scheme at that
place: the counts and results are updated, anything else is created. Status changes (suspend, end) and
recognition carry dates and reasons, so they are made on the site's page, not by import; an exported row of an
ended site is recognised and left alone. The export has the import's columns first, so it can be edited and
uploaded again.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.imports import (
    RECORD_DATES,
    Action,
    Column,
    Importer,
    Row,
    RowResult,
    parse_choice,
    parse_count,
    parse_date,
)
from antq.core.text import fold
from antq.core.xlsx import is_formula_text, put
from antq.geo.models import AdminUnit, Establishment, Level, Locality
from antq.schemes.models import (
    LeadOrganisation,
    PlaceKind,
    Rating,
    Recognition,
    Scheme,
    SchemeField,
    SchemeSite,
    SiteStatus,
)

_PLACE_ALIASES = {
    "Thôn": PlaceKind.LOCALITY,
    "Tổ dân phố": PlaceKind.LOCALITY,
    "Khu dân cư": PlaceKind.LOCALITY,
    "Cơ quan": PlaceKind.ESTABLISHMENT,
    "Doanh nghiệp": PlaceKind.ESTABLISHMENT,
    "Trường học": PlaceKind.ESTABLISHMENT,
    "Cơ sở giáo dục": PlaceKind.ESTABLISHMENT,
    "Toàn xã": PlaceKind.COMMUNE,
    "Toàn phường": PlaceKind.COMMUNE,
    "Xã": PlaceKind.COMMUNE,
    "Phường": PlaceKind.COMMUNE,
}


class SchemeSiteImporter(Importer):
    """Điểm mô hình of one commune."""

    model = SchemeSite
    title = "Danh sách điểm mô hình tự quản về ANTT"
    columns = (
        Column("scheme", "Tên mô hình", required=True, aliases=("Mô hình",), width=36),
        Column(
            "place_kind",
            "Nơi thực hiện",
            required=True,
            parser=parse_choice(PlaceKind, aliases=_PLACE_ALIASES),
            aliases=("Loại địa bàn",),
            width=24,
        ),
        Column("locality", "Thôn, tổ dân phố", aliases=("Thôn", "Tổ dân phố"), width=24),
        Column("establishment", "Cơ quan, doanh nghiệp, cơ sở giáo dục", aliases=("Cơ sở",), width=32),
        Column(
            "started_on",
            "Ngày bắt đầu hoạt động",
            required=True,
            parser=parse_date,
            aliases=("Ngày bắt đầu",),
            dates=RECORD_DATES,
        ),
        Column("households", "Số hộ tham gia", parser=parse_count, aliases=("Số hộ",), width=12),
        Column("members", "Số thành viên", parser=parse_count, aliases=("Thành viên",), width=12),
        Column("results", "Kết quả nổi bật", aliases=("Kết quả",), width=40),
        Column("status", "Trạng thái", parser=parse_choice(SiteStatus), width=18),
    )

    def __init__(self, *, actor: Any, commune: AdminUnit) -> None:
        super().__init__(actor=actor, commune=commune)

    @property
    def commune(self) -> AdminUnit:
        return self.context["commune"]  # type: ignore[no-any-return]

    def authorize(self) -> None:
        commune = self.commune
        if commune.level != Level.COMMUNE or not commune.is_current or not scope_for(self.actor).can_write(commune):
            raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")

    def prefetch(self) -> None:
        commune = self.commune
        self._seen: dict[tuple[Any, ...], int] = {}
        self.today = timezone.localdate()
        # The commune's own schemes win over its province's when both have the same name.
        schemes = Scheme.objects.filter(
            Q(unit=commune)
            | Q(unit_id=commune.parent_id)
            | Exists(SchemeSite.objects.filter(scheme=OuterRef("pk"), commune=commune))
        )
        self.schemes: dict[str, Scheme] = {}
        for scheme in sorted(schemes, key=lambda s: s.unit_id == commune.pk):
            self.schemes[scheme.folded_name] = scheme
        self.localities = {
            loc.folded_name: loc for loc in Locality.objects.filter(commune=commune, ended_on__isnull=True)
        }
        self.establishments: dict[str, list[Establishment]] = {}
        for establishment in Establishment.objects.filter(commune=commune, ended_on__isnull=True):
            self.establishments.setdefault(establishment.folded_name, []).append(establishment)
        self.running: dict[tuple[Any, ...], SchemeSite] = {}
        self.ended: dict[tuple[Any, ...], SchemeSite] = {}
        for site in SchemeSite.objects.filter(commune=commune):
            key = (site.scheme_id, site.place_kind, site.locality_id or site.establishment_id)
            (self.ended if site.ended_on else self.running)[key] = site

    def _place(self, row: Row, kind: str) -> tuple[Locality | None, Establishment | None] | None:
        if kind == PlaceKind.LOCALITY:
            if "locality" not in row.values:
                row.error("locality", "cần ghi tên thôn, tổ dân phố")
                return None
            locality = self.localities.get(fold(row["locality"]))
            if locality is None:
                row.error("locality", f"xã không có thôn, tổ dân phố “{row['locality']}”")
                return None
            return locality, None
        if kind == PlaceKind.ESTABLISHMENT:
            if "establishment" not in row.values:
                row.error("establishment", "cần ghi tên cơ quan, doanh nghiệp, cơ sở giáo dục")
                return None
            found = self.establishments.get(fold(row["establishment"]), [])
            if len(found) != 1:
                reason = "không có" if not found else "có nhiều cơ sở trùng tên"
                row.error("establishment", f"xã {reason} “{row['establishment']}”")
                return None
            return None, found[0]
        return None, None

    def validate_row(self, row: Row) -> RowResult:
        scheme = self.schemes.get(fold(row["scheme"]))
        if scheme is None:
            row.error("scheme", f"xã và tỉnh chưa có mô hình “{row['scheme']}”; hãy thêm mô hình trước")
            return RowResult(row)
        kind = row["place_kind"]
        place = self._place(row, kind)
        if place is None:
            return RowResult(row)
        locality, establishment = place
        spot = locality or establishment
        key = (scheme.pk, kind, spot.pk if spot is not None else None)
        if (first := self._seen.setdefault(key, row.number)) != row.number:
            row.error("scheme", f"trùng mô hình và nơi thực hiện với dòng {first}")
            return RowResult(row)
        status = row.get("status")
        if status == SiteStatus.ENDED:
            ended = self.ended.get(key)
            if ended is None:
                row.error("status", "chỉ nhập điểm đang hoạt động; điểm đã dừng ghi trên trang của điểm")
                return RowResult(row)
            return RowResult(row, Action.UNCHANGED, ended)
        existing = self.running.get(key)
        if existing is None and status == SiteStatus.SUSPENDED:
            row.error("status", "điểm mới phải đang hoạt động; tạm dừng ghi trên trang của điểm")
            return RowResult(row)
        values: dict[str, Any] = {
            name: row[name] for name in ("households", "members", "results") if name in row.values
        }
        if existing is not None:
            if row["started_on"] != existing.started_on:
                row.error("started_on", f"khác ngày bắt đầu của điểm đã có ({existing.started_on:%d/%m/%Y})")
                return RowResult(row)
            return self.upsert(row, existing, values)
        fixed = {
            "commune": self.commune,
            "scheme": scheme,
            "place_kind": kind,
            "locality": locality,
            "establishment": establishment,
            "started_on": row["started_on"],
        }
        return self.upsert(row, None, values, **fixed)

    def check(self, row: Row, instance: Any) -> None:
        if instance.started_on > self.today:
            row.error("started_on", "ngày bắt đầu chưa đến")
        elif instance.started_on < instance.scheme.started_on:
            row.error("started_on", f"trước ngày ra mắt mô hình ({instance.scheme.started_on:%d/%m/%Y})")


# --- Export --------------------------------------------------------------------------------------------------

_EXPORT_EXTRA = (
    "Xã, phường",
    "Loại mô hình",
    "Lĩnh vực",
    "Chủ trì",
    "Ngày dừng hoạt động",
    "Đánh giá gần nhất",
    "Ngày đánh giá",
    "Ghi nhận tiêu biểu",
    "Số, ngày văn bản ghi nhận",
    "Nhân rộng từ điểm",
)


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _cell(sheet: Any, value: Any) -> Any:
    """The value as written: dates, text that could start a formula (=, +, -, @) and text with characters Excel
    refuses go through the one safe writer `antq.core.xlsx.put`; plain text and numbers are passed as they are,
    which openpyxl writes as text and numbers (a cell object for every value makes a province's export ~1.5×
    slower)."""
    if isinstance(value, dt.date) or (
        isinstance(value, str) and (is_formula_text(value) or ILLEGAL_CHARACTERS_RE.search(value))
    ):
        cell = WriteOnlyCell(sheet)
        put(cell, value)
        return cell
    return value


def sites_xlsx(sites: QuerySet[SchemeSite], *, title: str) -> bytes:
    """The sites (a list from `selectors.sites_for`) as an .xlsx: the import's columns, then the rest. Streamed
    (write-only workbook, rows fetched in chunks), so a province's thousands of sites export in seconds."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Điểm mô hình")
    for letter, column in zip("ABCDEFGHI", SchemeSiteImporter.columns, strict=False):
        sheet.column_dimensions[letter].width = column.width
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    headers = []
    for header in [column.header for column in SchemeSiteImporter.columns] + list(_EXPORT_EXTRA):
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        headers.append(cell)
    sheet.append(headers)
    rows = sites.select_related(
        "replicated_from",
        "replicated_from__scheme",
        "replicated_from__commune",
        "replicated_from__locality",
        "replicated_from__establishment",
    )
    # Labels translated once, not once per row.
    places, statuses, recognitions = _labels(PlaceKind), _labels(SiteStatus), _labels(Recognition)
    fields, leads, ratings = _labels(SchemeField), _labels(LeadOrganisation), _labels(Rating)
    for site in rows.iterator(chunk_size=2000):
        source = site.replicated_from
        recognition = ""
        if site.recognition_date:
            recognition = f"{site.recognition_decision} ngày {site.recognition_date:%d/%m/%Y}".strip()
        latest = getattr(site, "latest_rating", None)
        values: list[Any] = [
            site.scheme.name,
            places[site.place_kind],
            site.locality.name if site.locality else "",
            site.establishment.name if site.establishment else "",
            site.started_on,
            site.households,
            site.members,
            site.results,
            statuses[site.status],
            site.commune.name,
            site.scheme.scheme_type.name,
            fields[site.scheme.scheme_type.field],
            leads[site.scheme.lead_organisation],
            site.ended_on,
            ratings.get(latest, "") if latest else "",
            getattr(site, "latest_evaluated_on", None),
            recognitions[site.recognition] if site.recognition_date else "",
            recognition,
            f"{source.scheme.name} — {source.place_name}, {source.commune.name}" if source else "",
        ]
        sheet.append([_cell(sheet, value) for value in values])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
