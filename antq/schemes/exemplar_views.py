"""Pages of advanced examples (điển hình tiên tiến): lists per province and commune, the example's page with
contact data per accounts.policy, create / edit with a checked photo, and the photo itself (served only here,
after the scope check: media files are not served directly)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from antq.accounts.policy import personal_value, restrict_form
from antq.accounts.scope import scope_for
from antq.core.web import or_404, paginate, query_int, run_service
from antq.schemes import exemplars, selectors
from antq.schemes.forms import ExemplarForm
from antq.schemes.models import ExemplarKind, ExemplarLevel
from antq.schemes.views import readable_unit, writable_unit

# Form field → personal field of accounts.policy.
CONTACT_FIELDS = {"contact_phone": "phone", "contact_address": "address"}


@login_required
@require_GET
def unit_exemplars(request: HttpRequest, code: str, level: str) -> HttpResponse:
    unit = readable_unit(request, code, level)
    kind = request.GET.get("kind", "")
    recognition = request.GET.get("level", "")
    exemplars = selectors.exemplars_for(
        request.user,
        unit=unit,
        year=query_int(request, "year"),
        kind=kind if kind in ExemplarKind.values else "",
        level=recognition if recognition in ExemplarLevel.values else "",
    )
    return render(
        request,
        "schemes/unit_exemplars.html",
        {
            "unit": unit,
            "level": level,
            "page": paginate(request, exemplars),
            "kinds": ExemplarKind.choices,
            "levels": ExemplarLevel.choices,
            "can_write": scope_for(request.user).can_write(unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request: HttpRequest, code: str, level: str) -> HttpResponse:
    unit = writable_unit(request, readable_unit(request, code, level))
    form = ExemplarForm(request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["photo"] = data.get("photo") or None
        exemplar = run_service(form, lambda: exemplars.exemplar_create(actor=request.user, unit=unit, **data))
        if exemplar is not None:
            messages.success(request, f"Đã thêm điển hình tiên tiến “{exemplar.name}”.")
            return redirect("schemes:exemplar", pk=exemplar.pk)
    return render(
        request, "schemes/form.html", {"form": form, "title": f"Thêm điển hình tiên tiến · {unit.name}", "files": True}
    )


@login_required
@require_GET
def exemplar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = or_404(lambda: selectors.get_exemplar_for(request.user, pk))
    return render(
        request,
        "schemes/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "phone": personal_value(request.user, exemplar.unit, "phone", exemplar.contact_phone, detail=True),
            "address": personal_value(request.user, exemplar.unit, "address", exemplar.contact_address, detail=True),
            "can_write": scope_for(request.user).can_write(exemplar.unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = or_404(lambda: selectors.get_exemplar_for(request.user, pk))
    writable_unit(request, exemplar.unit)
    initial = {name: getattr(exemplar, name) for name in exemplars.EXEMPLAR_FIELDS}
    form = ExemplarForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    # Contact data a role sees masked (province, ministry) is shown masked and kept; hidden data is left out.
    read_only = restrict_form(form, actor=request.user, unit=exemplar.unit, fields=CONTACT_FIELDS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = {name: data[name] for name in form.changed_data if name in exemplars.EXEMPLAR_FIELDS}

        def save() -> object:
            with transaction.atomic():
                exemplars.exemplar_update(actor=request.user, exemplar=exemplar, **changed)
                if data.get("photo"):
                    exemplars.exemplar_set_photo(actor=request.user, exemplar=exemplar, photo=data["photo"])
                elif data.get("remove_photo"):
                    exemplars.exemplar_set_photo(actor=request.user, exemplar=exemplar, photo=None)
            return exemplar

        if run_service(form, save) is not None:
            messages.success(request, "Đã lưu.")
            return redirect("schemes:exemplar", pk=exemplar.pk)
    return render(
        request,
        "schemes/form.html",
        {"form": form, "title": f"Sửa điển hình “{exemplar.name}”", "files": True, "read_only": read_only},
    )


@login_required
@require_GET
def exemplar_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The photo, only through the scoped accessor (media files are not served directly)."""
    exemplar = or_404(lambda: selectors.get_exemplar_for(request.user, pk))
    if not exemplar.photo:
        raise Http404
    try:
        stream = exemplar.photo.open("rb")
    except FileNotFoundError as exc:  # a file lost from storage is missing, not a server error
        raise Http404 from exc
    response = FileResponse(stream, content_type=exemplar.photo_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response
