"""Pages of the tip registry's configuration (issue 19): the remote communes of a province
(`/to-giac/vung-xa/<province>/`, its PV05 officers change them) and the tip categories (`/to-giac/loai-tin/`, the
Ministry's officers change them). Thin: the rules are in config_services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from antq.core.web import or_404, paginate, run_service
from antq.tips import config_services, selectors
from antq.tips.forms import (
    CategoryActiveForm,
    CategoryAddForm,
    CategoryMoveForm,
    CategoryRenameForm,
    RemoteFilterForm,
    RemoteForm,
)
from antq.tips.views import form_errors_text


def _flash(request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], Any], done: str) -> bool:
    """Run `call(cleaned_data)` through run_service when `form` is valid; on success flash `done`, else the form's
    errors (they name the field). Returns True when the service succeeded. For the short forms of a list page."""
    succeeded = False
    if form.is_valid():
        data = form.cleaned_data
        succeeded = run_service(form, lambda: call(data)) is not None
        if succeeded:
            messages.success(request, done)
    if form.errors:
        messages.error(request, form_errors_text(form))
    return succeeded


def _back(url: str, posted: Any, keys: tuple[str, ...]) -> HttpResponse:
    """Redirect to `url` with the list's filter and page the form carried (only those keys)."""
    query = QueryDict(mutable=True)
    for key in keys:
        if posted.get(key):
            query[key] = posted[key]
    return redirect(f"{url}?{query.urlencode()}" if query else url)


REMOTE_KEYS = ("q", "vung_xa", "page")


@login_required
@require_GET
def remote(request: HttpRequest, code: str) -> HttpResponse:
    """A province's communes with whether each is remote (48 hours) and its basis; the province's PV05 marks and
    unmarks them. Readable by whoever may read the province's or one of its communes' inbox."""
    province = or_404(lambda: selectors.get_province_for_remote(request.user, code))
    filters = RemoteFilterForm(request.GET)
    page = paginate(request, selectors.remote_communes_for(request.user, province=province, **filters.filters()))
    page.object_list = rows = list(page.object_list)
    for unit in rows:
        unit.remote_entry = getattr(unit, "tip_remote", None)
    return render(
        request,
        "tips/inbox/remote.html",
        {
            "province": province,
            "page": page,
            "filters": filters,
            "remote_count": selectors.remote_count(province),
            "can_edit": selectors.may_edit_remote(request.user, province),
            "back": {key: request.GET.get(key, "") for key in REMOTE_KEYS},
        },
    )


@login_required
@require_POST
def remote_set(request: HttpRequest, code: str) -> HttpResponse:
    """Mark a commune remote (with its basis) or unmark it (config_services.remote_commune_mark / _unmark)."""
    province = or_404(lambda: selectors.get_province_for_remote(request.user, code))
    form = RemoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        commune = or_404(
            lambda: selectors.get_remote_commune_for(request.user, province=province, code=data["commune"])
        )
        marking = data["action"] == "mark"

        def change() -> bool:
            if marking:
                config_services.remote_commune_mark(actor=request.user, commune=commune, note=data["note"])
            else:
                config_services.remote_commune_unmark(actor=request.user, commune=commune)
            return True

        if run_service(form, change):
            hours = 48 if marking else 24
            what = "ghi {name} là xã vùng sâu, vùng xa" if marking else "bỏ đánh dấu vùng sâu, vùng xa của {name}"
            messages.success(
                request,
                f"Đã {what.format(name=commune.name)}: tin tiếp nhận từ nay có thời hạn chuyển {hours} giờ; "
                "tin đã tiếp nhận giữ nguyên thời hạn.",
            )
    if form.errors:
        messages.error(request, form_errors_text(form))
    return _back(reverse("tips:remote", args=[province.code]), request.POST, REMOTE_KEYS)


def _categories_page(request: HttpRequest) -> None:
    """404 for someone without inbox access (the list is theirs to read otherwise)."""
    if not selectors.may_view_categories(request.user):
        raise Http404


@login_required
@require_GET
def categories(request: HttpRequest) -> HttpResponse:
    """The tip categories, active and retired, in the portal's order, with how many tips use each; the Ministry
    adds, renames, reorders, retires and restores them."""
    _categories_page(request)
    return _categories_render(request)


def _categories_render(
    request: HttpRequest, *, add_form: CategoryAddForm | None = None, renaming: tuple[int, Any] | None = None
) -> HttpResponse:
    """The categories page; after a refused add (`add_form`) or rename (`renaming`: the category's pk and its
    bound form) it shows that form again as typed, its errors next to it, with status 400."""
    refused = add_form is not None or renaming is not None
    return render(
        request,
        "tips/inbox/categories.html",
        {
            "categories": selectors.categories_for(request.user),
            "can_edit": selectors.may_edit_categories(request.user),
            "add_form": add_form or CategoryAddForm(),
            "renaming_pk": renaming[0] if renaming else None,
            "renaming": renaming[1] if renaming else None,
        },
        status=400 if refused else 200,
    )


@login_required
@require_POST
def category_add(request: HttpRequest) -> HttpResponse:
    _categories_page(request)
    form = CategoryAddForm(request.POST)
    if _flash(
        request,
        form,
        lambda data: config_services.category_add(actor=request.user, code=data["code"], name=data["name"]),
        f"Đã thêm loại tin “{form.data.get('name', '').strip()}”; cổng tiếp nhận hiển thị ngay.",
    ):
        return redirect("tips:categories")
    return _categories_render(request, add_form=form)


@login_required
@require_POST
def category_rename(request: HttpRequest, pk: int) -> HttpResponse:
    category = or_404(lambda: selectors.get_category_for(request.user, pk))
    form = CategoryRenameForm(request.POST)
    if _flash(
        request,
        form,
        lambda data: config_services.category_rename(actor=request.user, category=category, name=data["name"]),
        f"Đã đổi tên loại tin mã {category.code}.",
    ):
        return redirect("tips:categories")
    return _categories_render(request, renaming=(category.pk, form))


@login_required
@require_POST
def category_move(request: HttpRequest, pk: int) -> HttpResponse:
    category = or_404(lambda: selectors.get_category_for(request.user, pk))
    _flash(
        request,
        CategoryMoveForm(request.POST),
        lambda data: config_services.category_move(actor=request.user, category=category, up=data["direction"] == "up"),
        f"Đã chuyển “{category.name}” {'lên' if request.POST.get('direction') == 'up' else 'xuống'}.",
    )
    return redirect("tips:categories")


@login_required
@require_POST
def category_active(request: HttpRequest, pk: int) -> HttpResponse:
    category = or_404(lambda: selectors.get_category_for(request.user, pk))
    restoring = request.POST.get("active") == "1"
    _flash(
        request,
        CategoryActiveForm(request.POST),
        lambda data: config_services.category_set_active(
            actor=request.user, category=category, active=data["active"] == "1"
        ),
        f"Đã dùng lại loại tin “{category.name}”."
        if restoring
        else f"Đã ngừng dùng loại tin “{category.name}”: cổng tiếp nhận không còn hiển thị; "
        "tin cũ và số liệu giữ nguyên.",
    )
    return redirect("tips:categories")
