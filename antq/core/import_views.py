"""The one web flow for every spreadsheet import: download template → upload → dry-run preview → confirm / cancel.

Each registry's view calls `import_flow` with its Importer class and context, and is decorated with
`limited_upload` so the file is held to the size limit while it streams in. Nothing is written before the user
confirms; the confirm step validates the stored upload again (all or nothing) — in the request, or, for a file of
more than ANTQ_IMPORT_JOB_ROWS rows, in a background job whose page the user is sent to
(antq/core/imports/background.py). On the preview the user may pick another sheet, include hidden rows or answer
the importer's questions ("Xem trước lại"): the upload is read again with those options and stored under a new
token, so what is confirmed is what was last shown. The stored upload (it holds full CCCDs) is deleted on confirm —
whatever its outcome — and on cancel; `purge_imports` removes the rest daily."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.imports import (
    Importer,
    ImportPlan,
    Limits,
    ReadOptions,
    error_sheet_xlsx,
    import_confirm,
    import_preview,
    plan_cancel,
    plan_load,
    plan_reread,
    plan_store,
    plan_take,
    plan_ttl,
    template_xlsx,
)
from antq.core.imports.background import import_confirm_queue, import_job_rows, result_text
from antq.core.imports.display import hidden_rows, preview_sections
from antq.core.imports.reading import answers_from, too_large

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200
ANSWER = "answer:"  # prefix of the posted answers to an importer's questions


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UploadLimit(FileUploadHandler):
    """The first upload handler of an import view: counts each file's bytes as they stream in and drops the file
    once past the import size limit — before the next handler (memory or temporary file) gets the chunk, so
    nothing past the limit is ever kept. The view then answers with the "too large" message."""

    def __init__(self, request: HttpRequest | None, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0
        self.refused = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.refused = True
            raise SkipFile  # Django closes (and deletes) what the other handlers kept and drains the rest
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def limited_upload[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Decorate an import view (outermost) so its upload is held to the size limit while it streams in.

    The handler must be in place before anything reads `request.POST`, and CsrfViewMiddleware reads it for every
    POST; so, as Django documents for per-view upload handlers, the view is exempted from the middleware, the
    handler installed, and the same CSRF check run afterwards with `csrf_protect` on the inner view."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        assert isinstance(request, HttpRequest)
        handlers = request.upload_handlers
        assert isinstance(handlers, list), "limited_upload must run before anything reads the request body"
        handlers.insert(0, UploadLimit(request, Limits.from_settings().max_bytes))
        return protected(*args, **kwargs)

    wrapper.limits_upload = True  # type: ignore[attr-defined]  # tests find import views by this mark
    return csrf_exempt(wrapper)


def _upload_refused(request: HttpRequest) -> bool:
    return any(isinstance(h, UploadLimit) and h.refused for h in request.upload_handlers)


# Tokens of the previews this session was shown, each with the path of its import page (the latest _KEPT): a
# token that no longer loads is then explained to its own uploader (used, cancelled, replaced or expired) rather
# than answered with the 404 page of a token never seen — which everyone else still gets.
_SHOWN_TOKENS = "antq_import_tokens"
_KEPT = 50
GONE = "Bản xem trước này đã được dùng, đã hủy hoặc đã hết hạn — hãy tải tệp lên lại."


def _remember(request: HttpRequest, token: str) -> None:
    shown = dict(request.session.get(_SHOWN_TOKENS, {}))
    shown[token] = request.path
    request.session[_SHOWN_TOKENS] = dict(list(shown.items())[-_KEPT:])


def _was_shown(request: HttpRequest, token: str) -> bool:
    """Whether this session was shown the preview of `token` on this very import page."""
    return bool(token) and request.session.get(_SHOWN_TOKENS, {}).get(token) == request.path


def _preview(request: HttpRequest, plan: ImportPlan, *, title: str, back_url: str) -> HttpResponse:
    """Store the plan and show it (antq.core.imports.display): rows with errors first, then changed rows, new
    rows and the unchanged ones folded, each value as people read it; then the hidden rows and the rows set
    aside, with why. At most PREVIEW_ROWS rows of each kind are shown."""
    token = plan_store(plan)
    _remember(request, token)
    return render(
        request,
        "core/import_preview.html",
        {
            "title": title,
            "back_url": back_url,
            "plan": plan,
            "token": token,
            "sections": preview_sections(plan, limit=PREVIEW_ROWS),
            "keep_hours": int(plan_ttl().total_seconds() // 3600),
            "skipped": plan.skipped_ranges[:PREVIEW_ROWS],
            "merge_notes": plan.merge_notes[:PREVIEW_ROWS],
            "merge_more": max(len(plan.sheet.merged) - PREVIEW_ROWS, 0),
            "hidden_rows": hidden_rows(plan, limit=PREVIEW_ROWS),
            "hidden_more": max(len(plan.hidden) - PREVIEW_ROWS, 0),
            "offer_options": len(plan.sheet.sheet_names) > 1 or bool(plan.hidden) or plan.options.include_hidden,
            "as_job": len(plan.results) > import_job_rows(),
        },
    )


def import_flow(
    request: HttpRequest, *, importer: type[Importer], context: dict[str, Any], title: str, back_url: str, slug: str
) -> HttpResponse:
    """Serve every step of an import for `importer` with `context` (e.g. {"commune": unit}). A stored plan is used
    only at the import it was made for (`at`); a token of this session's that is gone answers 410 with a link back
    to the upload page, any other unknown token 404."""
    try:
        importer(actor=request.user, **context)  # checks scope first: a unit outside it answers 404
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc
    at = (importer, context)
    try:
        if request.method == "GET" and "mau" in request.GET:
            return _xlsx(template_xlsx(importer), f"mau-{slug}.xlsx")
        if request.method == "GET" and request.GET.get("loi"):
            plan = plan_load(request.GET["loi"], actor=request.user, at=at)
            return _xlsx(error_sheet_xlsx(plan), f"loi-{slug}.xlsx")
        if request.method == "POST" and request.POST.get("step") == "confirm":
            token = request.POST.get("token", "")
            # A large file is written by a background job; its page shows the progress, then a link back here.
            job = import_confirm_queue(actor=request.user, token=token, at=at, title=title, back_url=back_url)
            if job is not None:
                return redirect("core:job", pk=job.pk)
            # The upload is deleted as soon as it is read, whatever happens next (see plan_take).
            plan = plan_take(token, actor=request.user, at=at)
            result = import_confirm(actor=request.user, plan=plan)
            messages.success(request, result_text(result.created, result.updated, result.unchanged))
            return redirect(back_url)
        if request.method == "POST" and request.POST.get("step") == "options":
            options = ReadOptions(
                sheet=request.POST.get("sheet") or None,
                include_hidden=request.POST.get("include_hidden") == "1",
                # The importer's questions are posted as "answer:<key>" (antq.core.imports.Question).
                answers=answers_from(
                    {key.removeprefix(ANSWER): value for key, value in request.POST.items() if key.startswith(ANSWER)}
                ),
            )
            plan = plan_reread(request.POST.get("token", ""), actor=request.user, options=options, at=at)
            return _preview(request, plan, title=title, back_url=back_url)
        if request.method == "POST" and request.POST.get("step") == "cancel":
            plan_cancel(request.POST.get("token", ""), actor=request.user, at=at)
            messages.info(request, "Đã hủy nhập; tệp đã tải lên đã được xóa.")
            return redirect(request.path)
        if request.method == "POST":
            if _upload_refused(request):
                raise too_large(Limits.from_settings())
            upload = request.FILES.get("file")
            if upload is None:
                raise ANTQError("Chưa chọn tệp.")
            # The file object, not its bytes: read_upload refuses an oversized one by its size, unread.
            plan = import_preview(
                actor=request.user, importer=importer, file=upload, filename=upload.name or "", **context
            )
            return _preview(request, plan, title=title, back_url=back_url)
    except NotFoundOrOutOfScope as exc:
        if _was_shown(request, request.POST.get("token", "") or request.GET.get("loi", "")):
            return render(request, "core/import_gone.html", {"title": title, "message": GONE}, status=410)
        raise Http404(exc.message) from exc
    except ANTQError as exc:
        messages.error(request, exc.message)
    return render(request, "core/import_form.html", {"title": title, "back_url": back_url, "columns": importer.columns})
