"""The one web flow for every spreadsheet import: download template → upload → dry-run preview → confirm.

Each registry's view calls `import_flow` with its Importer class and context; nothing is written before the
user confirms, and the confirm step validates the stored upload again (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.imports import (
    Importer,
    error_sheet_xlsx,
    import_confirm,
    import_preview,
    plan_discard,
    plan_load,
    plan_store,
    template_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_flow(
    request: HttpRequest, *, importer: type[Importer], context: dict[str, Any], title: str, back_url: str, slug: str
) -> HttpResponse:
    """Serve every step of an import for `importer` with `context` (e.g. {"commune": unit})."""
    try:
        importer(actor=request.user, **context)  # checks scope first: a unit outside it answers 404
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc
    try:
        if request.method == "GET" and "mau" in request.GET:
            return _xlsx(template_xlsx(importer), f"mau-{slug}.xlsx")
        if request.method == "GET" and request.GET.get("loi"):
            plan = plan_load(request.GET["loi"], actor=request.user)
            return _xlsx(error_sheet_xlsx(plan), f"loi-{slug}.xlsx")
        if request.method == "POST" and request.POST.get("step") == "confirm":
            token = request.POST.get("token", "")
            plan = plan_load(token, actor=request.user)
            result = import_confirm(actor=request.user, plan=plan)
            plan_discard(token)
            messages.success(
                request, f"Đã nhập: {result.created} mới, {result.updated} cập nhật, {result.unchanged} giữ nguyên."
            )
            return redirect(back_url)
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                raise ANTQError("Chưa chọn tệp.")
            plan = import_preview(
                actor=request.user, importer=importer, file=upload.read(), filename=upload.name or "", **context
            )
            token = plan_store(plan)
            return render(
                request,
                "core/import_preview.html",
                {
                    "title": title,
                    "back_url": back_url,
                    "plan": plan,
                    "token": token,
                    "rows": plan.results[:PREVIEW_ROWS],
                    "more": max(len(plan.results) - PREVIEW_ROWS, 0),
                    "columns": importer.columns,
                },
            )
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc
    except ANTQError as exc:
        messages.error(request, exc.message)
    return render(request, "core/import_form.html", {"title": title, "back_url": back_url, "columns": importer.columns})
