"""Pages for acting grants ("giao nhập thay", antq.accounts.acting): a unit's officers give an officer above leave to
enter the unit's figures, and see or revoke the grants; the grantee sees them too and may hand one back. Thin:
the scoped unit in, the services do the work. A unit the user does not cover answers 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from antq.accounts import acting
from antq.accounts.forms import ActingGrantForm
from antq.accounts.units import get_unit_for
from antq.core.errors import ANTQError
from antq.core.web import or_404, run_service
from antq.geo.models import AdminUnit, Level


def _unit(request: HttpRequest, code: str) -> AdminUnit:
    """A commune (5 digits) or a province (2 digits) whose grants the user may see: its own officers and the
    officers above who cover it."""
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    unit = or_404(lambda: get_unit_for(request.user, code, level=level))
    if not (acting.is_own_officer(request.user, unit) or acting.is_officer_above(request.user, unit)):
        raise Http404
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def acting_grants(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    own = acting.is_own_officer(request.user, unit)
    today = timezone.localdate()
    form = None
    if own:
        form = ActingGrantForm(
            request.POST or None,
            grantees=acting.grantees_for(unit),
            initial={"valid_from": today, "valid_until": today + dt.timedelta(days=30)},
        )
        if request.method == "POST" and form.is_valid():
            grant = run_service(
                form, lambda: acting.acting_grant_create(actor=request.user, unit=unit, **form.cleaned_data)
            )
            if grant is not None:
                messages.success(
                    request, f"Đã giao {grant.grantee} nhập thay {unit.name} đến hết ngày {grant.valid_until:%d/%m/%Y}."
                )
                return redirect("accounts:acting_grants", code=unit.code)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "accounts/acting_grants.html",
        {"unit": unit, "grants": acting.grants_of(request.user, unit), "form": form, "today": today, "own": own},
    )


@login_required
@require_POST
def acting_grant_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code)
    grant = acting.grants_of(request.user, unit).filter(pk=pk).first()
    if grant is None:
        raise Http404
    try:
        acting.acting_grant_revoke(actor=request.user, grant=grant)
    except ANTQError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã thu hồi việc giao nhập thay.")
    return redirect("accounts:acting_grants", code=unit.code)
