"""Pages of the schemes app: the type catalogue; schemes, sites and advanced examples per province and commune;
the site page (evaluations, recognition, history, spread); import and export of sites.

Thin: scoped selectors in, services for every write. A unit, scheme, site or example outside the user's scope
answers 404, as does a write page for a role that may only read (viewers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts.scope import scope_for
from antq.accounts.units import communes_for, get_unit_for, provinces_for
from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.import_views import import_flow, limited_upload
from antq.core.web import or_404, paginate, query_int, require_confirmed, run_service
from antq.forces.models import SecurityTeam, TeamStatus
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import establishments_of, localities_of
from antq.schemes import selectors, services
from antq.schemes.forms import (
    EndForm,
    EvaluationForm,
    RecogniseForm,
    ResumeForm,
    SchemeEditForm,
    SchemeForm,
    SchemeTypeForm,
    SiteEditForm,
    SiteFilterForm,
    SiteForm,
    SuspendForm,
)
from antq.schemes.imports import SchemeSiteImporter, sites_xlsx
from antq.schemes.models import Rating, Recognition, SchemeSite, SiteStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def readable_unit(request: HttpRequest, code: str, level: str) -> AdminUnit:
    """A province or commune whose schemes registry the user may read (officers and viewers)."""
    unit = or_404(lambda: get_unit_for(request.user, code, level=level))
    if not selectors.can_read(request.user, unit):
        raise Http404
    return unit


def writable_unit(request: HttpRequest, unit: AdminUnit) -> AdminUnit:
    if not scope_for(request.user).can_write(unit):
        raise Http404
    return unit


def _reads(request: HttpRequest) -> None:
    if not scope_for(request.user).has_role(*selectors.READ_ROLES):
        raise Http404


def _flagged(request: HttpRequest, sites: Any) -> Any:
    """A page of sites with the evaluation flag set on each row."""
    page = paginate(request, sites)
    today = timezone.localdate()
    for site in page:
        site.overdue = selectors.is_overdue(site, today)
    return page


RATING_LABELS = dict(Rating.choices)


def _errors(form: Any) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


# --- Catalogue -------------------------------------------------------------------------------------------------


def _type_provinces(request: HttpRequest) -> tuple[Any, bool]:
    """Provinces the user may add types for, and whether they may add national types (Ministry)."""
    scope = scope_for(request.user)
    national = scope.is_national(selectors.RECOGNISE_ROLES)
    provinces = provinces_for(request.user).order_by("sort_key")
    if not national:
        provinces = provinces.filter(pk__in=scope.province_ids(selectors.RECOGNISE_ROLES))
    return provinces, national


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    _reads(request)
    scope = scope_for(request.user)
    mine = AdminUnit.objects.filter(
        pk__in=[g.unit_id for g in scope.grants if g.role in selectors.READ_ROLES], level__in=["province", "commune"]
    ).select_related("parent")
    provinces, national = _type_provinces(request)
    return render(
        request,
        "schemes/catalogue.html",
        {
            "page": paginate(request, selectors.scheme_types_for(request.user)),
            "units": mine.order_by("level", "sort_key"),
            "can_add": national or provinces.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def type_create(request: HttpRequest) -> HttpResponse:
    provinces, national = _type_provinces(request)
    if not national and not provinces.exists():
        raise Http404
    form = SchemeTypeForm(request.POST or None, provinces=provinces, national=national)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = run_service(
            form,
            lambda: services.scheme_type_create(
                actor=request.user,
                name=data["name"],
                field=data["field"],
                province=data["province"],
                description=data["description"],
            ),
        )
        if created is not None:
            messages.success(request, f"Đã thêm loại mô hình “{created.name}”.")
            return redirect("schemes:catalogue")
    return render(request, "schemes/form.html", {"form": form, "title": "Thêm loại mô hình"})


# --- Sites per unit --------------------------------------------------------------------------------------------


@login_required
@require_GET
def unit_sites(request: HttpRequest, code: str, level: str) -> HttpResponse:
    unit = readable_unit(request, code, level)
    communes = communes_for(request.user).filter(parent=unit).order_by("sort_key") if level == "province" else None
    form = SiteFilterForm(request.GET or None, types=selectors.types_for_unit(unit), communes=communes)
    sites = selectors.sites_for(request.user, unit=unit, filters=form.filters())
    page = _flagged(request, sites)
    can_write = level == "commune" and scope_for(request.user).can_write(unit)
    return render(
        request,
        "schemes/unit_sites.html",
        {
            "unit": unit,
            "level": level,
            "page": page,
            "rating_labels": RATING_LABELS,
            "form": form,
            "summary": selectors.site_summary(request.user, unit),
            "can_write": can_write,
            "can_add_scheme": scope_for(request.user).can_write(unit),
        },
    )


@login_required
@require_GET
def unit_schemes(request: HttpRequest, code: str, level: str) -> HttpResponse:
    unit = readable_unit(request, code, level)
    return render(
        request,
        "schemes/unit_schemes.html",
        {
            "unit": unit,
            "level": level,
            "page": paginate(request, selectors.schemes_for(request.user, unit=unit)),
            "can_write": scope_for(request.user).can_write(unit),
        },
    )


@login_required
@require_GET
def unit_export(request: HttpRequest, code: str, level: str) -> HttpResponse:
    unit = readable_unit(request, code, level)
    communes = communes_for(request.user).filter(parent=unit) if level == "province" else None
    form = SiteFilterForm(request.GET or None, types=selectors.types_for_unit(unit), communes=communes)
    sites = selectors.sites_for(request.user, unit=unit, filters=form.filters())
    data = sites_xlsx(sites, title=f"Điểm mô hình tự quản về ANTT — {unit.name}")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="diem-mo-hinh-{unit.code}.xlsx"'
    return response


@limited_upload
@login_required
@require_http_methods(["GET", "POST"])
def site_import(request: HttpRequest, code: str) -> HttpResponse:
    """Spreadsheet import of a commune's sites (the shared import flow: template, preview, confirm)."""
    unit = readable_unit(request, code, Level.COMMUNE)
    return import_flow(
        request,
        importer=SchemeSiteImporter,
        context={"commune": unit},
        title=f"Nhập điểm mô hình · {unit.name}",
        back_url=reverse("schemes:commune_sites", args=[unit.code]),
        slug=f"diem-mo-hinh-{unit.code}",
    )


@login_required
@require_GET
def province_spread(request: HttpRequest, code: str) -> HttpResponse:
    """How far each exemplary site of the province has spread (nhân rộng)."""
    unit = readable_unit(request, code, Level.PROVINCE)
    page = paginate(request, selectors.exemplary_sites_for(request.user, unit))
    spread = selectors.spread_of(request.user, list(page))
    for site in page:
        site.spread = spread[site.pk]
    return render(request, "schemes/province_spread.html", {"unit": unit, "page": page})


# --- Schemes ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest, code: str, level: str) -> HttpResponse:
    unit = writable_unit(request, readable_unit(request, code, level))
    form = SchemeForm(request.POST or None, unit=unit, types=selectors.types_for_unit(unit))
    if request.method == "POST" and form.is_valid():
        scheme = run_service(form, lambda: services.scheme_create(actor=request.user, unit=unit, **form.cleaned_data))
        if scheme is not None:
            messages.success(request, f"Đã thêm mô hình “{scheme.name}”.")
            return redirect("schemes:scheme", pk=scheme.pk)
    return render(request, "schemes/form.html", {"form": form, "title": f"Thêm mô hình · {unit.name}"})


@login_required
@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = or_404(lambda: selectors.get_scheme_for(request.user, pk))
    sites = selectors.sites_for(request.user, filters=selectors.SiteFilters(scheme=scheme.pk))
    return render(
        request,
        "schemes/scheme_detail.html",
        {
            "scheme": scheme,
            "page": _flagged(request, sites),
            "rating_labels": RATING_LABELS,
            "can_write": scope_for(request.user).can_write(scheme.unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = or_404(lambda: selectors.get_scheme_for(request.user, pk))
    writable_unit(request, scheme.unit)
    initial = {f: getattr(scheme, f) for f in ("name", "lead_organisation", "started_on", "description")}
    form = SchemeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        if run_service(form, lambda: services.scheme_update(actor=request.user, scheme=scheme, **changed)):
            messages.success(request, "Đã lưu.")
            return redirect("schemes:scheme", pk=scheme.pk)
    return render(request, "schemes/form.html", {"form": form, "title": f"Sửa mô hình “{scheme.name}”"})


# --- Sites -----------------------------------------------------------------------------------------------------


def _active_teams(commune: AdminUnit) -> Any:
    return SecurityTeam.objects.filter(commune=commune, status=TeamStatus.ACTIVE).order_by("sort_key")


@login_required
@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest, code: str) -> HttpResponse:
    commune = writable_unit(request, readable_unit(request, code, Level.COMMUNE))
    sources = (
        SchemeSite.objects.filter(selectors.replication_source_q(request.user), ended_on__isnull=True)
        .filter(Q(commune=commune) | ~Q(recognition=Recognition.NONE))
        .select_related("scheme", "commune", "commune__parent", "locality", "establishment")
        .order_by("recognition", "scheme__sort_key", "pk")
    )
    recognised = ~Q(recognition=Recognition.NONE)
    initial: dict[str, Any] = {"started_on": timezone.localdate()}
    source_pk = query_int(request, "nhan-rong")  # garbage ("²", overflow) means no source, never a 500
    if source_pk is not None:
        source = sources.filter(pk=source_pk).first()
        if source is not None:
            initial.update(replicated_from=source.pk, scheme=source.scheme_id)
    form = SiteForm(
        request.POST or None,
        initial=initial,
        commune=commune,
        # The province's schemes, and recognised ones from anywhere (to replicate them).
        schemes=selectors.schemes_for(request.user)
        .filter(Q(province_id=commune.parent_id) | Exists(SchemeSite.objects.filter(recognised, scheme=OuterRef("pk"))))
        .order_by("sort_key", "pk"),
        localities=localities_of(commune),
        establishments=establishments_of(commune),
        teams=_active_teams(commune),
        sources=sources,
    )
    if request.method == "POST" and form.is_valid():
        site = run_service(form, lambda: services.site_create(actor=request.user, commune=commune, **form.cleaned_data))
        if site is not None:
            messages.success(request, "Đã thêm điểm mô hình.")
            return redirect("schemes:site", pk=site.pk)
    return render(request, "schemes/form.html", {"form": form, "title": f"Thêm điểm mô hình · {commune.name}"})


@login_required
@require_GET
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = or_404(lambda: selectors.get_site_for(request.user, pk))
    scope = scope_for(request.user)
    can_write = scope.can_write(site.commune)
    source = site.replicated_from
    today = timezone.localdate()
    return render(
        request,
        "schemes/site_detail.html",
        {
            "site": site,
            "teams": site.teams.order_by("sort_key"),
            "evaluations": site.evaluations.all(),
            "recognitions": site.recognitions.all(),
            "history": selectors.site_history(site),
            "changes": selectors.site_changes(request.user, site),
            "overdue_note": selectors.overdue_note(site, today),
            "spread": selectors.spread_of(request.user, [site])[site.pk],
            "source": source,
            "source_visible": source is not None and scope.covers(source.commune, selectors.READ_ROLES),
            "can_write": can_write and site.status != SiteStatus.ENDED,
            "can_recognise": scope.covers(site.commune, selectors.RECOGNISE_ROLES)
            and site.status != SiteStatus.ENDED
            and site.recognition != Recognition.MINISTRY,
            "evaluation_form": EvaluationForm(initial={"evaluated_on": today}),
            "suspend_form": SuspendForm(initial={"on": today}),
            "resume_form": ResumeForm(initial={"on": today}),
            "end_form": EndForm(initial={"on": today}),
            "recognise_form": RecogniseForm(initial={"decision_date": today}, site=site),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = or_404(lambda: selectors.get_site_for(request.user, pk))
    writable_unit(request, site.commune)
    initial: dict[str, Any] = {"households": site.households, "members": site.members, "results": site.results}
    initial["teams"] = list(site.teams.values_list("pk", flat=True))
    form = SiteEditForm(request.POST or None, initial=initial, teams=_active_teams(site.commune))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ("households", "members", "results") if name in form.changed_data}
        teams = data["teams"] if "teams" in form.changed_data else None
        if run_service(form, lambda: services.site_update(actor=request.user, site=site, teams=teams, **fields)):
            messages.success(request, "Đã lưu.")
            return redirect("schemes:site", pk=site.pk)
    return render(request, "schemes/form.html", {"form": form, "title": f"Sửa điểm mô hình · {site}"})


_ACTIONS: dict[str, Any] = {
    "evaluate": EvaluationForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "end": EndForm,
    "recognise": RecogniseForm,
}


@login_required
@require_POST
def site_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    site = or_404(lambda: selectors.get_site_for(request.user, pk))
    if action not in _ACTIONS:
        raise Http404
    if action == "recognise":  # the role first: a commune officer is told who recognises, not the form's rules
        try:
            services.recognise_check(request.user, site)
        except NotFoundOrOutOfScope as exc:
            raise Http404 from exc
        except ANTQError as exc:
            messages.error(request, exc.message)
            return redirect("schemes:site", pk=site.pk)
    form = _ACTIONS[action](request.POST, **({"site": site} if action in ("evaluate", "recognise") else {}))

    def call() -> object:
        data, actor = form.cleaned_data, request.user
        if action == "evaluate":
            return services.evaluation_record(actor=actor, site=site, **data)
        if action == "suspend":
            return services.site_suspend(actor=actor, site=site, on=data["on"], reason=data["reason"])
        if action == "resume":
            return services.site_resume(actor=actor, site=site, on=data["on"])
        if action == "end":
            require_confirmed(request, "dừng hoạt động điểm mô hình")  # an ended site does not run again
            return services.site_end(actor=actor, site=site, on=data["on"], reason=data["reason"])
        return services.site_recognise(actor=actor, site=site, **data)

    if form.is_valid() and run_service(form, call) is not None:
        messages.success(request, "Đã lưu.")
    else:
        messages.error(request, _errors(form))
    return redirect("schemes:site", pk=site.pk)


@login_required
@require_GET
def site_spread(request: HttpRequest, pk: int) -> HttpResponse:
    """The sites copying this one (directly or through other replicas), and the communes they are in."""
    site = or_404(lambda: selectors.get_site_for(request.user, pk))
    replicas = selectors.replicas_of(request.user, site)
    by_commune = (
        replicas.filter(ended_on__isnull=True)
        .order_by()
        .values("commune__name", "commune__parent__name")
        .annotate(n=Count("pk"))
        .order_by("commune__parent__sort_key", "commune__sort_key")
    )
    return render(
        request,
        "schemes/site_spread.html",
        {"site": site, "page": _flagged(request, replicas), "by_commune": by_commune, "rating_labels": RATING_LABELS},
    )
