"""Pages of the documents app: a unit's reports, a report's page (preview, edit, regenerate, finalise, downloads),
and the Thông tư 14/2024/TT-BCA team forms. Thin: scoped selectors in, services for every write. The page's download
buttons start a background job (antq/core/jobs.py) and open its page; the direct GET download stays for the API-like
callers and tests that want the file at once."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts.scope import scope_for
from antq.accounts.units import get_unit_for
from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.jobs import job_start
from antq.core.periods import Period, reporting_year
from antq.core.web import or_404, paginate, require_confirmed, run_service
from antq.documents import pdf, selectors, services, team_forms
from antq.documents.forms import CreateForm, EditForm, FinaliseForm
from antq.documents.models import ReportDocument
from antq.forces.selectors import ROSTER_ROLES, get_team_for, teams_for
from antq.geo.models import AdminUnit, Level


def _unit(request: HttpRequest, code: str) -> AdminUnit:
    """A province (2 digits) or commune (5 digits) whose documents the user may read; 404 otherwise."""
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    unit = or_404(lambda: get_unit_for(request.user, code, level=level))
    if not selectors.may_read(request.user, unit):
        raise Http404
    return unit


def _document(request: HttpRequest, pk: int, *, write: bool = False) -> ReportDocument:
    document = or_404(lambda: selectors.get_document_for(request.user, pk))
    if write and not selectors.may_write(request.user, document.unit):
        raise Http404  # readers (the province above, viewers) never reach the edit pages
    return document


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every document the user may open, newest first; the user's own units to start a new one."""
    scope = scope_for(request.user)
    if not scope.has_role(*selectors.READ_ROLES):
        raise Http404
    units = AdminUnit.objects.filter(pk__in=[g.unit_id for g in scope.grants if g.role in selectors.READ_ROLES])
    return render(
        request,
        "documents/index.html",
        {"page": paginate(request, selectors.documents_for(request.user)), "units": units.order_by("level", "code")},
    )


@login_required
@require_GET
def unit_documents(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    can_write = selectors.may_write(request.user, unit)
    return render(
        request,
        "documents/unit.html",
        {
            "unit": unit,
            "page": paginate(request, selectors.documents_for(request.user, unit=unit)),
            "form": CreateForm(initial={"period": str(reporting_year() - 1)}) if can_write else None,
            "can_write": can_write,
            "team_forms": unit.level == Level.COMMUNE and scope_for(request.user).covers(unit, ROSTER_ROLES),
        },
    )


@login_required
@require_POST
def create(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    if not selectors.may_write(request.user, unit):
        raise Http404
    form = CreateForm(request.POST)
    if form.is_valid():
        period = form.cleaned_data["period"]
        try:
            document = services.document_create(actor=request.user, unit=unit, period=period)
        except NotFoundOrOutOfScope as exc:
            raise Http404 from exc
        except ANTQError as exc:
            existing = selectors.document_for_period(request.user, unit, period.code)
            if exc.code == "exists" and existing is not None:
                messages.info(request, exc.message)
                return redirect("documents:detail", pk=existing.pk)
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lập dự thảo báo cáo {period.label}.")
            return redirect("documents:detail", pk=document.pk)
    else:
        messages.error(request, "; ".join(str(e) for e in form.errors.get("period", ["Kỳ báo cáo không hợp lệ."])))
    return redirect("documents:unit", code=unit.code)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    can_write = selectors.may_write(request.user, document.unit) and not document.is_final
    return render(
        request,
        "documents/detail.html",
        {"document": document, "can_write": can_write, **pdf.sheet_context(document)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, write=True)
    if document.is_final:
        messages.error(request, "Báo cáo đã phát hành nên không sửa được nữa.")
        return redirect("documents:detail", pk=document.pk)
    form = EditForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, lambda: services.document_update(actor=request.user, document=document, **form.changed())
        )
        if saved is not None:
            messages.success(request, "Đã lưu.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/edit.html", {"document": document, "form": form})


@login_required
@require_POST
def regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, write=True)
    try:
        services.document_regenerate(actor=request.user, document=document)
    except ANTQError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã cập nhật số liệu; phần đơn vị tự viết được giữ nguyên.")
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_http_methods(["GET", "POST"])
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, write=True)
    if document.is_final:
        return redirect("documents:detail", pk=document.pk)
    form = FinaliseForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():

        def issue() -> ReportDocument:
            require_confirmed(request, "phát hành báo cáo")  # issued documents are locked for good
            return services.document_finalise(
                actor=request.user,
                document=document,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )

        issued = run_service(form, issue)
        if issued is not None:
            messages.success(request, f"Đã phát hành báo cáo số {issued.number}/{issued.symbol}.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/finalise.html", {"document": document, "form": form})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    document = _document(request, pk)
    try:
        data, content_type, filename = services.document_render(document, fmt, actor=request.user)
    except ANTQError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def download_job(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Start making the document's file as a background job; its page shows the progress, then the download."""
    document = _document(request, pk)
    if fmt not in services.FORMATS:
        raise Http404
    job = job_start(
        actor=request.user,
        unit=document.unit,
        kind=f"document_{fmt}",
        label=f"Tệp {fmt.upper()}: {document.get_kind_display()} {document.content.get('period_label', '')} "
        f"{document.unit.name}",
        func_path="antq.documents.services.document_file_job",
        kwargs={"document_id": document.pk, "fmt": fmt},
    )
    return redirect("core:job", pk=job.pk)


# --- Thông tư 14/2024/TT-BCA team forms ----------------------------------------------------------------------


def _roster_commune(request: HttpRequest, code: str) -> AdminUnit:
    unit = or_404(lambda: get_unit_for(request.user, code, level=Level.COMMUNE))
    if not scope_for(request.user).covers(unit, ROSTER_ROLES):
        raise Http404  # personal data: officers only
    return unit


def _since(request: HttpRequest) -> dt.date | None:
    """The "tu-ngay" filter (dd/mm/yyyy) for termination forms; ignored when it does not parse."""
    text = request.GET.get("tu-ngay", "").strip()
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None  # noqa: DTZ007 — a calendar date
    except ValueError:
        return None


@login_required
@require_GET
def team_forms_page(request: HttpRequest, code: str) -> HttpResponse:
    commune = _roster_commune(request, code)
    teams = teams_for(request.user, commune=commune, status=None)
    return render(
        request,
        "documents/team_forms.html",
        {
            "commune": commune,
            "teams": teams,
            "forms": team_forms.FORMS,
            "year_start": Period.year_of(timezone.localdate().year).start,
        },
    )


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=services.FORMATS["docx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def commune_form(request: HttpRequest, code: str, form: str) -> HttpResponse:
    commune = _roster_commune(request, code)
    data = or_404(
        lambda: team_forms.team_form_docx(actor=request.user, key=form, commune=commune, since=_since(request))
    )
    return _docx_response(data, f"mau-{form}-{commune.code}.docx")


@login_required
@require_GET
def team_form(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    team = or_404(lambda: get_team_for(request.user, pk))
    commune = _roster_commune(request, team.commune.code)
    data = or_404(
        lambda: team_forms.team_form_docx(
            actor=request.user, key=form, commune=commune, team=team, since=_since(request)
        )
    )
    return _docx_response(data, f"mau-{form}-to-{team.pk}.docx")
