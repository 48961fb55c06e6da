"""Large imports confirmed as background jobs (issue 18, item 2; docs/operations.md, "Large imports").

A preview of more than ANTQ_IMPORT_JOB_ROWS data rows is not written in the confirm request: `import_confirm_queue`
starts a job (antq/core/jobs.py) and the user follows it on the job's page. The job (`import_confirm_job`) runs
the same checks and the same all-or-nothing write as the synchronous confirm (`import_confirm`):

- the stored upload is found only for its uploader, at its own import, within `plan_ttl()` — a preview
  cancelled or superseded ("Xem trước lại") since the click is gone, and the job fails saying so;
- the bytes are those previewed (their SHA-256 was stored with the preview) and the importer's `authorize`
  runs again, so a user who lost the unit meanwhile writes nothing;
- the file is validated again (progress: rows checked), then again inside the one transaction against the data
  as they are then, and refused if what would be written differs from what the preview showed (the digest);
- the preview's token is the job's `once_key`: the database refuses a second job for it, so a second click
  while the first job waits or runs leads to that job's page and imports nothing; once the job ends (done or
  failed) the upload is deleted, so the token is used once.

An interrupted run is retried by `jobs_recover` with the upload still there (it is deleted only when a run ends),
and rolled back by the database, so no half import is ever left.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from antq.core.errors import ValidationFailed
from antq.core.imports.importer import (
    ImportAt,
    import_at_json,
    import_at_load,
    import_confirm,
    plan_discard,
    plan_facts,
    plan_load,
)
from antq.core.jobs import JobLink, Progress, job_start
from antq.core.models import Job

JOB_KIND = "import"
FUNC_PATH = "antq.core.imports.background.import_confirm_job"


def import_job_rows() -> int:
    """The number of data rows above which a confirm runs as a background job (ANTQ_IMPORT_JOB_ROWS, default 2000)."""
    return int(getattr(settings, "ANTQ_IMPORT_JOB_ROWS", 2000))


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # 2.991, the Vietnamese way


def result_text(created: int, updated: int, unchanged: int) -> str:
    """What an import did, as the pages say it: "Đã nhập: 3 mới, 1 cập nhật, 0 giữ nguyên."."""
    return f"Đã nhập: {_n(created)} mới, {_n(updated)} cập nhật, {_n(unchanged)} giữ nguyên."


def import_confirm_queue(*, actor: Any, token: str, at: ImportAt, title: str, back_url: str) -> Job | None:
    """Start the confirm of the stored preview `token` as a job when it has more than `import_job_rows()` data rows;
    None when it is small (the caller confirms it at once). A preview with errors or open questions is refused
    here, as `import_confirm` would (ValidationFailed); a token not the actor's, or of another import: "gone"
    (NotFoundOrOutOfScope). A second call with the same token returns the first job (Job.once_key)."""
    facts = plan_facts(token, actor=actor, at=at)
    if int(facts["rows"] or 0) <= import_job_rows():
        return None
    if facts["errors"] or facts["unanswered"]:
        plan_discard(token)  # as the synchronous confirm does (plan_take): a confirm uses the upload, once
        if facts["errors"]:
            raise ValidationFailed("Tệp còn lỗi; hãy sửa rồi tải lên lại.", code="invalid_rows")
        raise ValidationFailed("Còn câu hỏi chưa trả lời ở trang xem trước.", code="unanswered")
    assert at is not None, "a queued import names its importer and context"
    return job_start(
        actor=actor,
        unit=None,
        kind=JOB_KIND,
        label=f"{title} · {facts['filename']}",
        func_path=FUNC_PATH,
        kwargs={
            "token": token,
            "at": import_at_json(*at),
            "digest": facts["digest"],
            "back_url": back_url,
        },
        once_key=token,
    )


def import_confirm_job(
    *, actor: Any, unit: Any, progress: Progress, token: str, at: dict[str, Any], digest: str, back_url: str
) -> JobLink:
    """The worker's side: validate the stored upload again (progress: rows checked), then write it all or nothing;
    the upload is deleted when the run ends, whatever its outcome. Errors are typed (ANTQError) with the
    Vietnamese reason the job's page shows."""
    del unit  # the importer's context names the unit

    def checked(done: int, total: int) -> None:
        progress(done, 2 * total, f"Đang kiểm tra lại dòng {_n(done)}/{_n(total)}")

    try:
        if not getattr(actor, "is_active", False):
            raise ValidationFailed("Tài khoản đã bị khóa; dữ liệu chưa được nhập.", code="inactive")
        importer, context = import_at_load(at)
        # Gone when cancelled, superseded or expired; the importer's `authorize` runs again (scope now).
        plan = plan_load(token, actor=actor, at=(importer, context), on_rows=checked)
        if plan.expected_digest != digest:  # the preview confirmed, not one stored later under the same token
            raise ValidationFailed("Bản xem trước đã thay đổi; hãy tải tệp lên và xem trước lại.", code="stale")
        rows = len(plan.results)
        writing = f"Đang ghi {_n(rows)} dòng vào cơ sở dữ liệu (tất cả hoặc không dòng nào)"
        progress(rows, 2 * rows, writing)
        # Last inside the transaction, the job's row is written — and so locked — by the import's own transaction:
        # a run failed as stale meanwhile raises JobLost there and nothing is written; else no stale check can
        # fail the job between the commit and its "done".
        result = import_confirm(actor=actor, plan=plan, before_commit=lambda: progress(rows, 2 * rows, writing))
    finally:
        plan_discard(token)  # the token is used once, whatever the outcome (a killed run keeps it for its retry)
    return JobLink(url=back_url, text=result_text(result.created, result.updated, result.unchanged))
