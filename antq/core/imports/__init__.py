"""Shared spreadsheet import machinery (XLSX, XLS, ODS): template → upload → dry-run preview → confirm.

A registry declares an `Importer` (columns, prefetch, validate_row); the web layer calls:

    template_xlsx(importer)                                     the empty sheet to download
    import_preview(actor=, importer=, file=, filename=, **ctx)  → ImportPlan (nothing written)
    error_sheet_xlsx(plan)                                      the upload with a "Lỗi" column
    plan_store(plan) → token; plan_load(token, actor=)          keep the upload between the two steps
    plan_reread(token, actor=, options=)                        preview it again with another sheet / hidden rows
    import_confirm(actor=, plan=)                               → ImportResult (all or nothing, audited)
    plan_take(token, actor=) → the plan, its upload deleted    for confirming (the upload is used once)
    plan_cancel(token, actor=); plan_discard(token); plans_purge()    delete one upload / those past plan_ttl()
    display.preview_sections(plan, limit=), display.hidden_rows(plan, limit=)   the plan as people read it

Refusals of the whole file raise `ValidationFailed` (codes: too_large, empty, wrong_type, corrupt, password,
zip_bomb, too_many_rows, too_wide, too_many_cells, formulas, missing_sheet, missing_columns, duplicate_columns,
invalid_rows, unanswered, stale); a commune outside the actor's scope raises `NotFoundOrOutOfScope`; row errors
stay in the plan, each naming its row and column; rows that are not data and hidden rows are listed in the plan
(`skipped`, `hidden`) with the reason. What an importer asks once for the whole file (`Importer.questions`) is in
`plan.questions`; the answers travel in `ReadOptions.answers`.
"""

from antq.core.dates import BIRTH_DATES, PAST_DATES, RECORD_DATES, DateRange
from antq.core.imports.cells import (
    CellError,
    Column,
    parse_choice,
    parse_count,
    parse_date,
    parse_text,
)
from antq.core.imports.importer import (
    Action,
    Importer,
    ImportPlan,
    ImportResult,
    Question,
    Row,
    RowResult,
    import_confirm,
    import_preview,
    plan_cancel,
    plan_discard,
    plan_load,
    plan_reread,
    plan_store,
    plan_take,
    plan_ttl,
    plans_purge,
)
from antq.core.imports.reading import Limits, ReadOptions
from antq.core.imports.writing import error_sheet_xlsx, template_xlsx

__all__ = [
    "BIRTH_DATES",
    "PAST_DATES",
    "RECORD_DATES",
    "Action",
    "CellError",
    "Column",
    "DateRange",
    "ImportPlan",
    "ImportResult",
    "Importer",
    "Limits",
    "Question",
    "ReadOptions",
    "Row",
    "RowResult",
    "error_sheet_xlsx",
    "import_confirm",
    "import_preview",
    "parse_choice",
    "parse_count",
    "parse_date",
    "parse_text",
    "plan_cancel",
    "plan_discard",
    "plan_load",
    "plan_reread",
    "plan_store",
    "plan_take",
    "plan_ttl",
    "plans_purge",
    "template_xlsx",
]
