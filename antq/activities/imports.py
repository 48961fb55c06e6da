"""Outreach activities to and from spreadsheets: an import on the shared machinery (template → upload → dry run →
confirm, all or nothing) and an export with the same columns, so an exported sheet can be edited and imported.

Every imported row is a new activity (activities have no natural key to match on); each row is checked by the
same rules as the pages (antq.activities.rules.activity_problems). A row identical to an activity already recorded,
or to an earlier row of the file (`rules.duplicate_key`: same day, kind and numbers), gets a row message and is not
imported unless its "Vẫn lưu khi trùng" cell says "Có": the unit's recorded activities are read once per file."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from antq.accounts.scope import scope_for
from antq.activities import rules
from antq.activities.models import DisplayType, Kind, OutreachActivity, RecipientKind, Topic
from antq.activities.services import ACTIVITY_FIELDS, recorded_like
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.imports import (
    RECORD_DATES,
    Action,
    Column,
    Importer,
    ImportPlan,
    ImportResult,
    Row,
    RowResult,
    parse_choice,
    parse_count,
    parse_date,
)
from antq.core.summary import track, writes_summary
from antq.core.text import fold
from antq.core.xlsx import append_row, put
from antq.geo.models import AdminUnit, Establishment, Level, Locality

# Short forms people type in sheets.
KIND_ALIASES = {
    "Lớp": Kind.SESSION,
    "Buổi": Kind.SESSION,
    "Lớp tuyên truyền": Kind.SESSION,
    "Buổi tuyên truyền": Kind.SESSION,
    "Tin bài": Kind.NEWS,
    "Bài viết": Kind.NEWS,
    "Phát thanh": Kind.BROADCAST,
    "Truyền hình": Kind.BROADCAST,
    "Mạng xã hội": Kind.SOCIAL_POST,
    "Pano": Kind.BANNERS,
    "Áp phích": Kind.BANNERS,
    "Băng rôn": Kind.BANNERS,
    "Khẩu hiệu": Kind.BANNERS,
    "Hội thi": Kind.CONTEST,
    "Gương người tốt": Kind.STORY,
    "Người tốt việc tốt": Kind.STORY,
    "Thăm hỏi": Kind.VISIT,
    "Tặng quà": Kind.VISIT,
}
TOPIC_ALIASES = {
    "Tội phạm": Topic.CRIME,
    "Ma túy": Topic.DRUGS,
    "Giao thông": Topic.TRAFFIC,
    "ATGT": Topic.TRAFFIC,
    "PCCC": Topic.FIRE,
    "Cháy nổ": Topic.FIRE,
    "Lừa đảo": Topic.CYBER_FRAUD,
    "Lừa đảo qua mạng": Topic.CYBER_FRAUD,
    "Pháp luật": Topic.LAW,
    "PBGDPL": Topic.LAW,
}
RECIPIENT_ALIASES = {"Cán bộ chiến sĩ": RecipientKind.OFFICER_HARDSHIP, "Chính sách": RecipientKind.POLICY_FAMILY}


class Confirm(models.TextChoices):
    """The answer to "save this row although it repeats an activity already recorded?"."""

    YES = "yes", "Có"


CONFIRM_HEADER = "Vẫn lưu khi trùng"

COLUMNS = (
    Column(
        "date",
        "Ngày",
        parser=parse_date,
        required=True,
        aliases=("Ngày thực hiện", "Ngày tổ chức"),
        width=12,
        dates=RECORD_DATES,
    ),
    Column(
        "kind",
        "Hình thức",
        parser=parse_choice(Kind, aliases=KIND_ALIASES),
        required=True,
        aliases=("Loại hoạt động",),
        width=24,
    ),
    Column("topic", "Chủ đề", parser=parse_choice(Topic, aliases=TOPIC_ALIASES), required=True, width=24),
    Column("title", "Nội dung, tiêu đề", aliases=("Nội dung", "Tiêu đề"), width=40),
    Column("locality", "Thôn, tổ dân phố", width=20),
    Column("establishment", "Cơ quan, doanh nghiệp, trường học", aliases=("Cơ sở",), width=28),
    Column("attendees", "Số người dự", parser=parse_count, width=12),
    Column("attendees_officials", "Cán bộ", parser=parse_count, width=10),
    Column("attendees_civil_servants", "Công nhân viên chức", parser=parse_count, width=12),
    Column("attendees_students", "Học sinh, sinh viên", parser=parse_count, width=12),
    Column("attendees_workers", "Người lao động", parser=parse_count, width=12),
    Column("attendees_residents", "Nhân dân", parser=parse_count, width=10),
    Column("outlet", "Cơ quan báo chí, kênh", aliases=("Kênh",), width=24),
    Column("link", "Đường dẫn", aliases=("Link",), width=30),
    Column("display_type", "Loại pano, áp phích", parser=parse_choice(DisplayType), width=16),
    Column("count", "Số lượng", parser=parse_count, width=10),
    Column("participants", "Số lượt người dự thi", parser=parse_count, width=12),
    Column(
        "recipient_kind", "Đối tượng được thăm", parser=parse_choice(RecipientKind, aliases=RECIPIENT_ALIASES), width=24
    ),
    Column("recipients", "Số gia đình, người được thăm", parser=parse_count, width=12),
    Column("value_vnd", "Giá trị quà (đồng)", parser=parse_count, width=14),
    Column("note", "Ghi chú", width=24),
    # Not a field: the user's confirmation that a repeated row is another activity (blank, "Không": not confirmed).
    Column(
        "confirm_duplicate",
        CONFIRM_HEADER,
        parser=parse_choice(Confirm, aliases={"x": Confirm.YES, "Vẫn lưu": Confirm.YES}),
        width=12,
    ),
)
EXPORT_COLUMNS = tuple(column for column in COLUMNS if column.key != "confirm_duplicate")


class OutreachImporter(Importer):
    """Outreach activities of one unit (a commune, or a province for its own department's work)."""

    model = OutreachActivity
    title = "Danh sách hoạt động tuyên truyền"
    columns = COLUMNS

    def __init__(self, *, actor: Any, unit: AdminUnit) -> None:
        super().__init__(actor=actor, unit=unit)

    @property
    def unit(self) -> AdminUnit:
        return self.context["unit"]  # type: ignore[no-any-return]

    def authorize(self) -> None:
        unit = self.unit
        if (
            unit.level not in (Level.COMMUNE, Level.PROVINCE)
            or not unit.is_current
            or not scope_for(self.actor).can_write(unit)
        ):
            raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")

    def prefetch(self) -> None:
        unit = self.unit
        where = {"commune": unit} if unit.level == Level.COMMUNE else {"commune__parent": unit}
        self.places: dict[str, dict[str, list[Any]]] = {"locality": {}, "establishment": {}}
        for key, model in (("locality", Locality), ("establishment", Establishment)):
            for place in model.objects.filter(ended_on__isnull=True, **where).select_related("commune"):
                self.places[key].setdefault(place.folded_name, []).append(place)
        self.today = timezone.localdate()
        # The unit's recorded activities by duplicate key (one query), and the keys of this file's earlier rows.
        self.recorded = recorded_like(unit, None)
        self.seen: dict[tuple[Any, ...], int] = {}

    def validate_row(self, row: Row) -> RowResult:
        values = dict(row.values)
        self.confirmed = values.pop("confirm_duplicate", None) == Confirm.YES
        for key in ("locality", "establishment"):
            if key not in values:
                continue
            found = self.places[key].get(fold(values[key]), [])
            if len(found) != 1:
                where = "" if found else f"{self.unit.name} không có "
                row.error(key, f"{where}“{values[key]}”" + (" trùng tên ở nhiều xã; hãy ghi rõ hơn" if found else ""))
                return RowResult(row)
            values[key] = found[0]
        actor = self.actor if getattr(self.actor, "pk", None) else None
        return self.upsert(row, None, values, unit=self.unit, created_by=actor)

    @writes_summary("outreach")
    def apply(self, plan: ImportPlan) -> ImportResult:
        """Write the rows and add them to the summary rows in the same transaction (the caller's)."""
        with track("outreach", activities=[a.pk for a in plan.instances(Action.UPDATE)]) as changes:
            result = super().apply(plan)
            changes.add(activities=[a.pk for a in plan.instances(Action.CREATE)])
        return result

    def check(self, row: Row, instance: Any) -> None:
        current = {name: getattr(instance, name) for name in ACTIVITY_FIELDS}
        for _field, message in rules.activity_problems(self.unit, current, today=self.today):
            row.error(None, message)  # the messages name their field
        key = rules.duplicate_key(current)
        if key is None:
            return
        if not self.confirmed:
            if key in self.recorded:
                row.error(None, rules.duplicate_row_message(confirm_column=CONFIRM_HEADER, existing=self.recorded[key]))
            elif key in self.seen:
                row.error(None, rules.duplicate_row_message(confirm_column=CONFIRM_HEADER, row=self.seen[key]))
        self.seen.setdefault(key, row.number)


def _cell(activity: OutreachActivity, key: str) -> Any:
    value = getattr(activity, key)
    if key in ("kind", "topic", "display_type", "recipient_kind"):
        return getattr(activity, f"get_{key}_display")() if value else None
    if key in ("locality", "establishment"):
        return value.name if value is not None else None
    if key.startswith("attendees_") and activity.kind != Kind.SESSION:
        return None
    return value if value not in ("", None) else None


def activities_xlsx(activities: Iterable[OutreachActivity], *, title: str) -> bytes:
    """The activities as a sheet with the import's columns (text stays text: no cell becomes a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Dữ liệu"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, [column.header for column in EXPORT_COLUMNS])
    for number, column in enumerate(EXPORT_COLUMNS, start=1):
        header = sheet.cell(row=2, column=number)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.column_dimensions[header.column_letter].width = column.width
    sheet.freeze_panes = "A3"
    for index, activity in enumerate(activities, start=3):
        for number, column in enumerate(EXPORT_COLUMNS, start=1):
            put(sheet.cell(row=index, column=number), _cell(activity, column.key))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
