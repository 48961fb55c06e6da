"""The import flow shared by every registry: preview, then confirm.

`import_preview` reads the upload, parses each cell, and lets the importer plan each row (create / update /
unchanged) against data it prefetched once, so validation costs the same number of queries for 10 rows or
100,000. Nothing is written. Rows that are not data (totals, signature, notes, blanks) and hidden rows are set
aside by the reader and listed in the plan with the reason; how the file is read (sheet, hidden rows) is the
plan's `options`. `import_confirm` validates the same bytes again inside one transaction, refuses if
the plan changed since the preview, then bulk-writes and leaves one audit entry per object. Between the two steps
the web layer keeps the upload with `plan_store` / `plan_load`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from antq.core import ports
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.core.imports import display
from antq.core.imports.cells import CellError, Column
from antq.core.imports.legacy import LegacyTextError
from antq.core.imports.reading import Limits, ReadOptions, Sheet, is_blank, read_sheet, read_upload

BATCH_SIZE = 1000
_TOKEN = re.compile(r"[0-9a-f]{32}")
_STORED = re.compile(r"([0-9a-f]{32})\.(upload|json)")


def plan_ttl() -> dt.timedelta:
    """How long an upload waits between preview and confirm (setting ANTQ_IMPORT_KEEP_HOURS, default 24): it
    holds personal data (full CCCDs), so it is kept no longer than the user needs to confirm."""
    return dt.timedelta(hours=getattr(settings, "ANTQ_IMPORT_KEEP_HOURS", 24))


class Action(models.TextChoices):
    CREATE = "create", _("Thêm mới")
    UPDATE = "update", _("Cập nhật")
    UNCHANGED = "unchanged", _("Giữ nguyên")


@dataclass
class Row:
    """One sheet row: `values` holds the parsed value of each non-blank cell, by column key (a blank cell leaves
    the stored value alone); `errors` its messages, each naming the row and column."""

    number: int
    values: dict[str, Any]
    headers: Mapping[str, str] = field(repr=False)
    errors: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def error(self, key: str | None, message: str) -> None:
        """Record "Dòng 7, cột “Số hộ”: message" (or "Dòng 7: message" when no column is to blame)."""
        header = self.headers.get(key) if key else None
        where = f"Dòng {self.number}, cột “{header}”" if header else f"Dòng {self.number}"
        self.errors.append(f"{where}: {message}")


@dataclass
class RowResult:
    """What confirming would do with a row: `action` is None when the row has errors; `changes` maps each field
    to (old, new) — old is None on a create."""

    row: Row
    action: Action | None = None
    instance: models.Model | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return self.row.errors


@dataclass(frozen=True)
class Question:
    """Something the importer asks the user once in the preview, instead of refusing rows one by one: a box to
    tick for the whole file (no `choices`; ticked is the answer "1") or a choice from `choices` ((value, label)
    pairs). `key` names it in `ReadOptions.answers`; `answer` is the valid answer given, "" when none; `rows`
    the sheet rows it concerns; `required`: the plan cannot be confirmed until it is answered."""

    key: str
    text: str
    choices: tuple[tuple[str, str], ...] = ()
    answer: str = ""
    rows: tuple[int, ...] = ()
    required: bool = True

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def rows_text(self) -> str:
        """`rows` as people read them: runs merged ("3–27, 30"), at most 20 runs."""
        runs: list[list[int]] = []
        for number in sorted(self.rows):
            if runs and runs[-1][1] == number - 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        text = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in runs[:20])
        return text + (", …" if len(runs) > 20 else "")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@dataclass
class ImportPlan:
    """The preview of one upload: each row's planned action or errors, and the bytes to validate again."""

    importer: Importer
    filename: str
    data: bytes = field(repr=False)
    sheet: Sheet = field(repr=False)
    results: list[RowResult]
    expected_digest: str | None = None  # set by plan_load: the digest of the plan the user saw
    questions: list[Question] = field(default_factory=list)  # the importer's, with the answers given

    @property
    def unanswered(self) -> list[Question]:
        """Questions that must be answered before the plan can be confirmed."""
        return [question for question in self.questions if question.required and not question.answered]

    @property
    def errors(self) -> list[str]:
        return [message for result in self.results for message in result.errors]

    @property
    def options(self) -> ReadOptions:
        """How the file was read: the sheet and whether hidden rows are imported."""
        return self.sheet.options

    @property
    def skipped(self) -> list[tuple[int, str]]:
        """Rows set aside as not data: (row number, why, in Vietnamese)."""
        return self.sheet.skipped

    @property
    def hidden(self) -> list[int]:
        """Data rows hidden in the file (imported only when `options.include_hidden`)."""
        return self.sheet.hidden

    @property
    def merge_notes(self) -> list[str]:
        """One line per merged range whose value was given to every row it covers (“ô gộp B3:B5 — …”)."""
        return [
            f"ô gộp {m.ref} — giá trị “{display.plain_text(m.value)}” dùng cho các dòng {m.first}–{m.last}"
            for m in self.sheet.merged
        ]

    @property
    def skipped_ranges(self) -> list[tuple[int, int, str]]:
        """`skipped` with runs of consecutive rows set aside for the same reason merged: (first, last, why)."""
        ranges: list[tuple[int, int, str]] = []
        for number, why in self.skipped:
            if ranges and ranges[-1][1] == number - 1 and ranges[-1][2] == why:
                ranges[-1] = (ranges[-1][0], number, why)
            else:
                ranges.append((number, number, why))
        return ranges

    def cells(self, number: int) -> list[Any]:
        """The cells of sheet row `number` under the importer's columns, as read (blank where a column is absent;
        whole numbers without ".0"), to show a row that is not planned (a hidden one)."""
        row = self.sheet.rows[number - 1]
        positions = [self.sheet.positions.get(column.key) for column in self.importer.columns]
        cells = [row[p] if p is not None and p < len(row) else "" for p in positions]
        return [int(cell) if isinstance(cell, float) and cell.is_integer() else cell for cell in cells]

    @property
    def is_valid(self) -> bool:
        """No row has errors and every required question is answered: the plan can be confirmed."""
        return not any(result.errors for result in self.results) and not self.unanswered

    def instances(self, action: Action) -> list[Any]:
        return [result.instance for result in self.results if result.action == action]

    @property
    def summary(self) -> dict[str, int]:
        """Rows per action ("create", "update", "unchanged") and rows with errors ("error")."""
        counts = {action.value: len(self.instances(action)) for action in Action}
        return counts | {"error": sum(1 for result in self.results if result.errors)}

    @property
    def digest(self) -> str:
        """A fingerprint of what confirming would write, to notice that the data changed since the preview."""

        def plain(value: Any) -> Any:
            return value.pk if isinstance(value, models.Model) else value

        items = [
            (
                r.row.number,
                str(r.action),
                plain(r.instance),
                [(k, plain(a), plain(b)) for k, (a, b) in sorted(r.changes.items())],
            )
            for r in self.results
        ]
        read = (self.sheet.name, self.options.include_hidden, self.options.answers, self.skipped, self.hidden)
        return hashlib.sha256(repr((read, items)).encode()).hexdigest()


class Importer:
    """Base of a registry's importer. Declare `model`, `title` and `columns`; implement `authorize`, `prefetch`
    and `validate_row` — which must not query: it compares with what `prefetch` loaded. Keyword arguments given
    to `import_preview` become `self.context` (model instances or JSON values, so a stored plan can be rebuilt)."""

    model: ClassVar[type[models.Model]]
    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    derived_fields: ClassVar[tuple[str, ...]] = ()  # fields `derive` fills; always part of a bulk update

    def __init__(self, *, actor: Any, **context: Any) -> None:
        self.actor = actor
        self.context = context
        self.answers: Mapping[str, str] = {}  # the user's answers to `questions` (ReadOptions.answers)
        self.authorize()

    def authorize(self) -> None:
        """Raise NotFoundOrOutOfScope unless the actor may import with this context (fails closed)."""
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")

    def prefetch(self) -> None:
        """Load, in a fixed number of queries, everything `validate_row` compares rows with."""

    def validate_row(self, row: Row) -> RowResult:
        """Plan one row that parsed cleanly; report problems with `row.error` (usually by returning `upsert`)."""
        raise NotImplementedError

    def questions(self) -> list[Question]:
        """What to ask the user once for the whole file, after every row is planned (e.g. an attestation a
        column the sheet lacks would hold, or a choice the rows leave open), with `self.answers` applied."""
        return []

    def audit_note(self, plan: ImportPlan) -> str:
        """The note on each object's audit entry."""
        return f"Nhập từ tệp “{plan.filename}”"[:200]

    def derive(self, instance: Any) -> None:
        """Fill fields computed from others, since bulk writes skip `save()`."""

    def check(self, row: Row, instance: Any) -> None:
        """Rules across the fields of a planned instance; report with `row.error`."""

    def shown(self, key: str, value: Any) -> str:
        """How the preview shows `value` of column or field `key`: a choice by its label, Có / Không, dd/mm/yyyy,
        2.991, a record by its name ("" for nothing). Override to hide or mask what the actor may not see; the
        override must not query per call (look the actor's access up once)."""
        return display.value_text(type(self), key, value)

    def upsert(self, row: Row, existing: models.Model | None, values: Mapping[str, Any], **fixed: Any) -> RowResult:
        """Plan a create from `fixed` and `values` when nothing exists, else an update of the fields that differ."""
        if existing is None:
            instance = self.model(**fixed, **values)
            changes = {name: (None, value) for name, value in values.items()}
            action = Action.CREATE
        else:
            instance = existing
            # Only the fields that differ are read: reading a relation the prefetch did not load would query.
            changes = {
                name: (getattr(instance, name), value)
                for name, value in values.items()
                if _differs(instance, name, value)
            }
            for name, (_old, value) in changes.items():
                setattr(instance, name, value)
            action = Action.UPDATE if changes else Action.UNCHANGED
        self.derive(instance)
        _clean(row, instance, exclude=self.derived_fields)
        self.check(row, instance)
        return RowResult(row, None if row.errors else action, instance, changes)

    def apply(self, plan: ImportPlan) -> ImportResult:
        """Bulk-write the plan's creates and updates with one audit entry each (the caller holds the transaction)."""
        created, updated = plan.instances(Action.CREATE), plan.instances(Action.UPDATE)
        manager = self.model._default_manager
        manager.bulk_create(created, batch_size=BATCH_SIZE)
        if updated:
            changed = {name for result in plan.results if result.action == Action.UPDATE for name in result.changes}
            manager.bulk_update(updated, sorted(changed | set(self.derived_fields)), batch_size=BATCH_SIZE)
        note = self.audit_note(plan)
        ports.audit_objects(actor=self.actor, objects=created, action=ports.CREATE, note=note)
        changed_by_object = {id(r.instance): r.changes for r in plan.results if r.action == Action.UPDATE}
        ports.audit_objects(
            actor=self.actor,
            objects=updated,
            action=ports.UPDATE,
            note=note,
            changes_for=lambda obj: changed_by_object.get(id(obj)),
        )
        return ImportResult(created=len(created), updated=len(updated), unchanged=len(plan.instances(Action.UNCHANGED)))


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.is_relation:
        return getattr(instance, model_field.attname) != (value.pk if value is not None else None)  # type: ignore[union-attr]
    return bool(getattr(instance, name) != value)


def _clean(row: Row, instance: models.Model, *, exclude: tuple[str, ...]) -> None:
    # Field rules only: relations were resolved from prefetched data and uniqueness is checked within the sheet
    # and against prefetched rows, so no check here may query per row. Derived fields fail with their source.
    relations = [f.name for f in instance._meta.fields if f.is_relation]
    try:
        instance.full_clean(exclude=[*relations, *exclude], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.error(name, message[:1].lower() + message[1:])


def _clean_text(text: str) -> str:
    return " ".join(text.replace("\u200b", "").replace("\ufeff", "").split())


UNCACHED_FORMULA = "công thức chưa có giá trị — mở bằng Excel hoặc LibreOffice rồi lưu lại"


def error_value(error: str, *, formula: bool) -> str:
    """The message for a cell whose stored value is an error ("#DIV/0!", "#N/A"…), a formula's result or typed."""
    if formula:
        return f"công thức báo lỗi {error} — sửa công thức trong tệp"
    return f"ô chứa giá trị lỗi {error} — nhập giá trị đúng"


def _cell_name(number: int, position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{number}"


def _row(number: int, cells: list[Any], sheet: Sheet, columns: tuple[Column, ...], today: dt.date) -> Row:
    row = Row(number, {}, {column.key: column.header for column in columns})
    for column in columns:
        position = sheet.positions.get(column.key)
        if position is None:
            continue
        if (error := sheet.errors.get((number, position + 1))) is not None:
            # The reader sees an error value ("#DIV/0!") as an empty cell: refuse it, naming the error.
            row.error(column.key, f"{error_value(error[0], formula=error[1])} (ô {_cell_name(number, position)})")
            continue
        if (number, position + 1) in sheet.uncached:
            # The reader sees a formula without a stored result as an empty cell: refuse it, never read it as blank.
            row.error(column.key, f"{UNCACHED_FORMULA} (ô {_cell_name(number, position)})")
            continue
        value = cells[position] if position < len(cells) else None
        if isinstance(value, str):
            try:
                value = sheet.decode(_clean_text(value))
            except LegacyTextError as exc:
                row.error(column.key, f"chữ gõ bằng bảng mã {exc.encoding} không chuyển được sang Unicode")
                continue
            if column.means_empty(value):
                if column.required:
                    row.error(column.key, f"không được để trống (“{value}” nghĩa là không có giá trị)")
                continue
        if is_blank(value):
            if column.required:
                row.error(column.key, "không được để trống")
            continue
        try:
            parsed = column.parser(value)
        except CellError as exc:
            row.error(column.key, str(exc))
            continue
        problem = column.dates.problem(parsed, today=today) if column.dates and isinstance(parsed, dt.date) else None
        if problem:
            row.error(column.key, problem)
            continue
        row.values[column.key] = parsed
    return row


# Told how many data rows were planned so far, of how many: (done, total); called every PROGRESS_ROWS rows.
OnRows = Callable[[int, int], None]
PROGRESS_ROWS = 500


def _plan(
    importer: Importer,
    data: bytes,
    filename: str,
    limits: Limits,
    options: ReadOptions,
    on_rows: OnRows | None = None,
) -> ImportPlan:
    sheet = read_sheet(data, importer.columns, limits, options)
    importer.answers = dict(options.answers)
    importer.prefetch()
    today = timezone.localdate()
    results = []
    total = len(sheet.data_rows)
    for done, (number, cells) in enumerate(sheet.data_rows):
        if on_rows is not None and done % PROGRESS_ROWS == 0:
            on_rows(done, total)
        row = _row(number, cells, sheet, importer.columns, today)
        results.append(RowResult(row) if row.errors else importer.validate_row(row))
    if on_rows is not None:
        on_rows(total, total)
    return ImportPlan(importer, filename, data, sheet, results, questions=importer.questions())


def import_preview(
    *,
    actor: Any,
    importer: type[Importer],
    file: bytes | IO[bytes],
    filename: str,
    options: ReadOptions | None = None,
    on_rows: OnRows | None = None,
    **context: Any,
) -> ImportPlan:
    """Check and validate an uploaded sheet, writing nothing: each row's planned action or its errors, and the rows
    set aside. `options`: the sheet to read and whether hidden rows count (default: best sheet, hidden left out);
    `on_rows`: told the rows planned so far (a job's progress)."""
    planner = importer(actor=actor, **context)
    limits = Limits.from_settings()
    return _plan(planner, read_upload(file, limits), filename, limits, options or ReadOptions(), on_rows)


def import_confirm(*, actor: Any, plan: ImportPlan, before_commit: Callable[[], None] | None = None) -> ImportResult:
    """Save a previewed plan all or nothing, after validating the same file again against the data as it is now.
    `before_commit` runs last inside the transaction (a job confirms it still owns its run; raising rolls back)."""
    if getattr(actor, "pk", None) != getattr(plan.importer.actor, "pk", None):
        raise NotFoundOrOutOfScope("Không tìm thấy tệp đã tải lên.")
    if plan.errors:
        raise ValidationFailed("Tệp còn lỗi; hãy sửa rồi tải lên lại.", code="invalid_rows")
    if plan.unanswered:
        raise ValidationFailed("Còn câu hỏi chưa trả lời ở trang xem trước.", code="unanswered")
    importer = type(plan.importer)(actor=actor, **plan.importer.context)
    stale = ValidationFailed("Dữ liệu đã thay đổi từ lúc xem trước; hãy tải tệp lên và xem trước lại.", code="stale")
    try:
        with transaction.atomic():
            fresh = _plan(importer, plan.data, plan.filename, Limits.from_settings(), plan.options)
            if not fresh.is_valid or fresh.digest != (plan.expected_digest or plan.digest):
                raise stale
            result = importer.apply(fresh)
            if before_commit is not None:
                before_commit()
            return result
    except IntegrityError:
        # Another upload or edit saved a conflicting record between our validation and our write.
        raise stale from None


# --- Keeping the upload between preview and confirm --------------------------------------------------------


def _reference(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    return value


def _dereference(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        found = apps.get_model(value["model"])._default_manager.filter(pk=value["pk"]).first()
        if found is None:
            raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
        return found
    return value


def _paths(token: str) -> tuple[str, str]:
    return f"imports/{token}.upload", f"imports/{token}.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _identity(importer: type[Importer], context: Mapping[str, Any]) -> dict[str, Any]:
    """Which import a plan belongs to — the importer's dotted path and its context (units by model and pk) — as
    stored in the plan's metadata (through JSON, so a fresh one compares equal to a stored one)."""
    identity = {
        "importer": f"{importer.__module__}.{importer.__qualname__}",
        "context": {key: _reference(value) for key, value in context.items()},
    }
    loaded: dict[str, Any] = json.loads(json.dumps(identity))
    return loaded


def plan_store(plan: ImportPlan) -> str:
    """Keep a plan's upload under MEDIA_ROOT/imports/ (with its actor, importer and context); returns the token for
    plan_load."""
    token = uuid.uuid4().hex
    upload_path, meta_path = _paths(token)
    meta = {
        "actor_id": plan.importer.actor.pk,
        **_identity(type(plan.importer), plan.importer.context),
        "filename": plan.filename,
        "options": plan.options.as_json(),
        "digest": plan.digest,
        "sha256": _sha256(plan.data),  # the upload as previewed: a file changed on the disk since is refused
        # What the confirm step decides on without reading the file again (the background-job threshold).
        "rows": len(plan.results),
        "errors": sum(1 for result in plan.results if result.errors),
        "unanswered": len(plan.unanswered),
        "stored_at": timezone.now().isoformat(),
    }
    default_storage.save(upload_path, ContentFile(plan.data))
    default_storage.save(meta_path, ContentFile(json.dumps(meta).encode()))
    return token


def _gone() -> NotFoundOrOutOfScope:
    return NotFoundOrOutOfScope("Không tìm thấy tệp đã tải lên, hoặc đã quá hạn; hãy tải tệp lên lại.")


# The import a token is used at: (importer class, context), or None when the caller does not say (tests, scripts).
ImportAt = tuple[type[Importer], Mapping[str, Any]] | None


def _meta(token: str, *, actor: Any, at: ImportAt = None) -> dict[str, Any]:
    """The stored plan's metadata, if `token` names one uploaded by `actor` — and, given `at`, to that importer
    with that context (a localities plan is not confirmed at the establishments URL) — else "gone", whoever asks."""
    if not _TOKEN.fullmatch(token) or not default_storage.exists(_paths(token)[1]):
        raise _gone()
    with default_storage.open(_paths(token)[1]) as stream:
        meta: dict[str, Any] = json.load(stream)
    if meta.get("actor_id") != getattr(actor, "pk", None):
        raise _gone()
    if at is not None and _identity(*at) != {key: meta.get(key) for key in ("importer", "context")}:
        raise _gone()
    return meta


def _stored(
    token: str, *, actor: Any, at: ImportAt = None
) -> tuple[dict[str, Any], type[Importer], bytes, dict[str, Any]]:
    """(metadata, importer class, upload, context) of a stored plan of `actor`'s within `plan_ttl()`."""
    meta = _meta(token, actor=actor, at=at)
    age = timezone.now() - dt.datetime.fromisoformat(meta["stored_at"])
    try:
        importer = import_string(meta["importer"])
    except ImportError:
        raise _gone() from None
    if age > plan_ttl() or not isinstance(importer, type) or not issubclass(importer, Importer):
        raise _gone()
    with default_storage.open(_paths(token)[0]) as stream:
        data = stream.read()
    if meta.get("sha256", _sha256(data)) != _sha256(data):
        raise ValidationFailed(
            "Tệp đã tải lên không còn như lúc xem trước; hãy tải tệp lên và xem trước lại.", code="stale"
        )
    context = {key: _dereference(value) for key, value in meta["context"].items()}
    return meta, importer, data, context


def plan_facts(token: str, *, actor: Any, at: ImportAt = None) -> dict[str, Any]:
    """What the preview of a stored upload found, without reading the file again: {"rows", "errors",
    "unanswered", "digest", "filename"} (rows: data rows planned; errors: rows with errors; unanswered: required
    questions left open). Only its uploader gets it, at its own import; else "gone"."""
    meta = _meta(token, actor=actor, at=at)
    return {key: meta.get(key) for key in ("rows", "errors", "unanswered", "digest", "filename")}


def import_at_json(importer: type[Importer], context: Mapping[str, Any]) -> dict[str, Any]:
    """An import (importer class and context) as JSON, for a job's arguments: {"importer", "context"}."""
    return _identity(importer, context)


def import_at_load(identity: Mapping[str, Any]) -> tuple[type[Importer], dict[str, Any]]:
    """The import `import_at_json` described: (importer class, context with its records loaded again); "gone"
    when the importer is no more, NotFoundOrOutOfScope when a record of the context was deleted."""
    try:
        importer = import_string(identity["importer"])
    except ImportError:
        raise _gone() from None
    if not isinstance(importer, type) or not issubclass(importer, Importer):
        raise _gone()
    return importer, {key: _dereference(value) for key, value in identity["context"].items()}


def plan_load(token: str, *, actor: Any, at: ImportAt = None, on_rows: OnRows | None = None) -> ImportPlan:
    """The plan of a stored upload, validated again now (read with the options it was stored with); only its
    uploader gets it, within `plan_ttl()`, and only at its own import (`at`: importer class and context)."""
    meta, importer, data, context = _stored(token, actor=actor, at=at)
    options = ReadOptions.from_json(meta.get("options"))
    plan = import_preview(
        actor=actor,
        importer=importer,
        file=data,
        filename=meta["filename"],
        options=options,
        on_rows=on_rows,
        **context,
    )
    plan.expected_digest = meta["digest"]
    return plan


def plan_reread(token: str, *, actor: Any, options: ReadOptions, at: ImportAt = None) -> ImportPlan:
    """The preview of a stored upload read with other options (another sheet, hidden rows included or not). The
    stored upload is deleted, whatever happens: the caller stores the new plan under a new token, so a confirm
    from the page of the old preview finds nothing rather than confirming what the user did not see."""
    _meta(token, actor=actor, at=at)  # another user's token, or another import's: "gone", and left alone
    try:
        meta, importer, data, context = _stored(token, actor=actor, at=at)
    finally:
        plan_discard(token)
    return import_preview(
        actor=actor, importer=importer, file=data, filename=meta["filename"], options=options, **context
    )


def plan_take(token: str, *, actor: Any, at: ImportAt = None) -> ImportPlan:
    """`plan_load` for confirming: the stored upload is deleted as soon as it is read, whatever happens next —
    a confirm uses it once (a second click finds nothing), and a worker killed mid-write leaves no upload
    behind. Another user's token, or one of another import (`at`), is left alone."""
    _meta(token, actor=actor, at=at)
    try:
        return plan_load(token, actor=actor, at=at)
    finally:
        plan_discard(token)


def plan_cancel(token: str, *, actor: Any, at: ImportAt = None) -> None:
    """The uploader gives up: delete the stored upload."""
    _meta(token, actor=actor, at=at)
    plan_discard(token)


def plan_discard(token: str) -> None:
    """Delete a stored upload (after confirming, or when the user gives up)."""
    if _TOKEN.fullmatch(token):
        for path in _paths(token):
            default_storage.delete(path)


def plans_purge(*, older_than: dt.timedelta | None = None, dry_run: bool = False) -> int:
    """Delete the stored uploads older than `older_than` (default `plan_ttl()`): previews never confirmed or
    cancelled, and confirms killed mid-way. Returns the number of files deleted (with `dry_run`, that would be).
    Run daily (`purge_imports`, `retention`)."""
    cutoff = timezone.now() - (plan_ttl() if older_than is None else older_than)
    try:
        names = default_storage.listdir("imports")[1]
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"imports/{name}"
        if _STORED.fullmatch(name) and default_storage.get_modified_time(path) <= cutoff:
            if not dry_run:
                default_storage.delete(path)
            deleted += 1
    return deleted
