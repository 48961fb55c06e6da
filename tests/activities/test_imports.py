"""Importing outreach activities (the shared machinery: dry run, then all or nothing) and exporting them with the
same columns, so that an exported sheet imports again."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.activities import services
from antq.activities.imports import COLUMNS, OutreachImporter, activities_xlsx
from antq.activities.models import OutreachActivity
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.imports import Action, import_confirm, import_preview
from tests.activities.fixtures import activity_data
from tests.sheets import xlsx

HEADER = [column.header for column in COLUMNS]


def row(**values):
    return [values.get(column.key) for column in COLUMNS]


def preview(actor, unit, *rows):
    return import_preview(
        actor=actor, importer=OutreachImporter, file=xlsx([HEADER, *rows]), filename="tuyen-truyen.xlsx", unit=unit
    )


@pytest.mark.django_db
def test_a_clean_sheet_creates_every_row(commune_officer, dong_hung, thon_an):
    plan = preview(
        commune_officer,
        dong_hung,
        row(
            date="10/03/2025", kind="Lớp, buổi tuyên truyền", topic="ma tuy", attendees="1.200", attendees_students=900
        ),
        row(date=dt.date(2025, 4, 2), kind="Tin, bài", topic="Phòng, chống tội phạm", title="Tin", outlet="Báo HY"),
        row(date="05/05/2025", kind="pano, ap phich, bang ron, bien", topic="Khác", display_type="Pano", count=4),
        row(
            date="06/05/2025",
            kind="Gương người tốt, việc tốt",
            topic="Khác",
            title="Gương bà A",
            locality="thôn an lạc",
        ),
    )
    assert plan.is_valid, plan.errors
    assert [r.action for r in plan.results] == [Action.CREATE] * 4
    result = import_confirm(actor=commune_officer, plan=plan)
    assert result.created == 4
    session = OutreachActivity.objects.get(kind="session")
    assert (session.attendees, session.attendees_students, session.topic, session.created_by) == (
        1200,
        900,
        "drugs",
        commune_officer,
    )
    assert OutreachActivity.objects.get(kind="story").locality == thon_an


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_names_row_and_rule(commune_officer, dong_hung):
    plan = preview(
        commune_officer,
        dong_hung,
        row(date="10/03/2025", kind="Lớp, buổi tuyên truyền", topic="Khác", attendees=50),
        row(date="11/03/2025", kind="Tin, bài", topic="Khác", title="Tin"),  # no outlet
        row(date="12/03/2025", kind="Lớp, buổi tuyên truyền", topic="Khác", attendees=10, attendees_workers=20),
        row(date="31/02/2025", kind="Cuộc thi", topic="Khác", title="Thi", participants=5),
        row(date="13/03/2025", kind="Cuộc thi", topic="Khác", title="Thi", participants=5, locality="Thôn Không Có"),
    )
    assert not plan.is_valid
    errors = plan.errors
    assert any(e.startswith("Dòng 3:") and "Cơ quan báo chí, kênh: cần nhập" in e for e in errors)
    assert any(e.startswith("Dòng 4:") and "vượt tổng số người dự" in e for e in errors)
    assert any(e.startswith("Dòng 5, cột “Ngày”") for e in errors)
    assert any(e.startswith("Dòng 6, cột “Thôn, tổ dân phố”") for e in errors)
    with pytest.raises(ValidationFailed):
        import_confirm(actor=commune_officer, plan=plan)
    assert not OutreachActivity.objects.exists()


@pytest.mark.django_db
def test_import_is_refused_out_of_scope(other_commune_officer, viewer, dong_hung):
    for actor in (other_commune_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            preview(actor, dong_hung, row(date="10/03/2025", kind="Gương người tốt, việc tốt", topic="Khác", title="x"))


@pytest.mark.django_db
def test_export_has_the_import_columns_and_imports_again(commune_officer, province_officer, dong_hung, hung_yen):
    for kind in ("session", "news", "banners", "contest", "story", "visit", "social_post"):
        services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(kind))
    services.activity_record(
        actor=commune_officer, unit=dong_hung, **activity_data(title='=HYPERLINK("x")', date=dt.date(2025, 3, 11))
    )
    data = activities_xlsx(OutreachActivity.objects.order_by("pk"), title="Xuất thử")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]] == HEADER[:-1]  # every column but the confirmation of a repeated row
    assert sheet["B3"].value == "Lớp, buổi tuyên truyền"
    assert sheet.max_row == 2 + 8
    formula_cell = sheet.cell(row=10, column=4)
    assert formula_cell.value.startswith("=") and formula_cell.data_type == "s"  # text, never a formula
    # The province imports the exported rows as its own.
    plan = import_preview(
        actor=province_officer, importer=OutreachImporter, file=data, filename="xuat.xlsx", unit=hung_yen
    )
    assert plan.is_valid, plan.errors
    import_confirm(actor=province_officer, plan=plan)
    assert OutreachActivity.objects.filter(unit=hung_yen).count() == 8


# --- Rows repeating an activity (issue 16 item 8) ----------------------------------------------------------------

SESSION = {"date": "10/03/2025", "kind": "Lớp", "topic": "ma tuy", "attendees": 120}
SESSION |= {"attendees_students": 100, "attendees_officials": 10}


@pytest.mark.django_db
def test_a_row_repeating_a_recorded_activity_or_an_earlier_row_is_flagged_and_nothing_is_written(
    commune_officer, dong_hung, activity
):
    story = {"date": "01/04/2025", "kind": "Gương người tốt", "topic": "Khác", "title": "Gương ông Tốt"}
    plan = preview(
        commune_officer,
        dong_hung,
        row(**{**SESSION, "title": "Tên khác"}),  # the fixture's session: same day, kind and numbers
        row(**story),
        row(**{**story, "title": "gương ông tốt"}),  # row 3 again (case ignored)
        row(**{**SESSION, "attendees": 121}),  # other numbers: another activity
    )
    errors = [result.errors for result in plan.results]
    assert errors[0] == [
        "Dòng 2: trùng với hoạt động đã ghi ngày 10/03/2025 (Lớp, buổi tuyên truyền, 120 người dự) — cùng ngày, "
        "hình thức và số liệu. Nếu đúng là một hoạt động khác, ghi “Có” ở cột “Vẫn lưu khi trùng”."
    ]
    assert errors[1] == [] and errors[3] == []
    assert errors[2] == [
        "Dòng 4: trùng với dòng 3 của tệp — cùng ngày, hình thức và số liệu. Nếu đúng là một hoạt động khác, ghi "
        "“Có” ở cột “Vẫn lưu khi trùng”."
    ]
    with pytest.raises(ValidationFailed):
        import_confirm(actor=commune_officer, plan=plan)
    assert OutreachActivity.objects.count() == 1


@pytest.mark.django_db
def test_rows_confirmed_in_the_vẫn_lưu_column_are_imported(commune_officer, dong_hung, activity):
    plan = preview(
        commune_officer,
        dong_hung,
        row(**{**SESSION, "confirm_duplicate": "Có"}),
        row(**{**SESSION, "confirm_duplicate": "x"}),
        # "Không" does not confirm, but this one is on another day: not a repeat.
        row(**{**SESSION, "date": "11/03/2025", "confirm_duplicate": "Không"}),
    )
    assert plan.is_valid, plan.errors
    assert import_confirm(actor=commune_officer, plan=plan).created == 3
    assert OutreachActivity.objects.count() == 4


@pytest.mark.django_db
def test_repeats_are_checked_with_one_query_per_file(commune_officer, dong_hung, activity):
    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            preview(commune_officer, dong_hung, *rows)
        return len(captured)

    few = [row(**{**SESSION, "date": f"{day:02d}/04/2025"}) for day in range(1, 3)]
    many = [row(**{**SESSION, "date": f"{day:02d}/04/2025"}) for day in range(1, 29)]
    assert queries(many) == queries(few)
