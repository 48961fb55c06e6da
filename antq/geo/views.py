"""Unit browser: nation → province → commune → localities and establishments, plus folded-name search."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from antq.accounts import units
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.extensions import unit_links
from antq.core.import_views import import_flow, limited_upload
from antq.geo import imports, selectors
from antq.geo.models import NATION_CODE, AdminUnit, Level
from antq.geo.selectors import NUL


def _unit_or_404(request: HttpRequest, code: str, level: str) -> AdminUnit:
    try:
        return units.get_unit_for(request.user, code, level=level)
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc


def _page(request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
    return Paginator(queryset, 50).get_page(request.GET.get("page"))


@login_required
@require_GET
def nation(request: HttpRequest) -> HttpResponse:
    # Only national users see the whole country; others start from their own units (home page).
    if not scope_for(request.user).is_national():
        raise Http404
    provinces = list(selectors.provinces_with_counts())
    total_communes = sum(p.commune_count for p in provinces)  # type: ignore[attr-defined]
    return render(request, "geo/nation.html", {"provinces": provinces, "total_communes": total_communes})


@login_required
@require_GET
def province(request: HttpRequest, code: str) -> HttpResponse:
    if by_name := _name_in_url(code):
        return by_name
    unit = _unit_or_404(request, code, Level.PROVINCE)
    communes = selectors.communes_with_counts(unit)
    return render(
        request,
        "geo/province.html",
        {
            "unit": unit,
            "page": _page(request, communes),
            "commune_total": communes.count(),
            "links": unit_links(request.user, unit),
        },
    )


@login_required
@require_GET
def commune(request: HttpRequest, code: str) -> HttpResponse:
    if by_name := _name_in_url(code):
        return by_name
    unit = _unit_or_404(request, code, Level.COMMUNE)
    return render(
        request,
        "geo/commune.html",
        {
            "unit": unit,
            "localities": _page(request, selectors.localities_of(unit)),
            "locality_total": selectors.localities_of(unit).count(),
            "establishment_total": selectors.establishments_of(unit).count(),
            "can_write": scope_for(request.user).can_write(unit),
            "links": unit_links(request.user, unit),
        },
    )


@login_required
@require_GET
def establishments(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_or_404(request, code, Level.COMMUNE)
    return render(
        request,
        "geo/establishments.html",
        {"unit": unit, "page": _page(request, selectors.establishments_of(unit).select_related("locality"))},
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Units as people write them ("TP.HCM", "X. Đông Hưng, Hưng Yên", old names before 1/7/2025), only within
    the user's scope. Straight to the unit only when the query spells exactly one unit's name (diacritics
    included): "Đông Xuân" lists "Đồng Xuân" rather than jump there."""
    query = request.GET.get("q", "").replace(NUL, "").strip()  # only spaces: an empty search, not "no match"
    scope = scope_for(request.user)
    within = selectors.current_units().filter(scope.units_q())
    found = selectors.units_find(query, within=within) if query else None
    if found is not None and found.exact is not None:
        return redirect(unit_url(found.exact))
    return render(
        request,
        "geo/search.html",
        {
            "query": query,
            "results": found.units if found else [],
            "former": found.former if found else [],
            "found": found,
        },
    )


def _name_in_url(code: str) -> HttpResponse | None:
    """A unit URL given a name instead of a code ("/dia-ban/tinh/Hưng Yên/") goes through the search, which finds
    the unit as people write it, within the user's scope (so it reveals nothing a code would not)."""
    from django.urls import reverse

    if NUL in code or not any(ch.isalpha() for ch in code) or code.upper() == NATION_CODE:
        return None
    return redirect(f"{reverse('geo:search')}?{urlencode({'q': code})}")


def unit_url(unit: AdminUnit) -> str:
    from django.urls import reverse

    if unit.level == Level.NATION:
        return reverse("geo:nation")
    return reverse(f"geo:{unit.level}", kwargs={"code": unit.code})


IMPORTERS = {
    "thon": ("Nhập danh sách thôn, tổ dân phố", "LocalityImporter"),
    "co-so": ("Nhập danh sách cơ quan, doanh nghiệp, cơ sở giáo dục", "EstablishmentImporter"),
}


@limited_upload
@login_required
@require_http_methods(["GET", "POST"])
def commune_import(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Spreadsheet import of a commune's localities or establishments (the shared import flow)."""
    from django.urls import reverse

    if kind not in IMPORTERS:
        raise Http404
    unit = _unit_or_404(request, code, Level.COMMUNE)
    title, importer_name = IMPORTERS[kind]
    return import_flow(
        request,
        importer=getattr(imports, importer_name),
        context={"commune": unit},
        title=f"{title} · {unit.name}",
        back_url=reverse("geo:commune", args=[unit.code]),
        slug=f"{kind}-{unit.code}",
    )
