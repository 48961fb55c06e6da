"""Home page: sends each user to the unit they work on (a team leader to their team's page)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.geo.models import AdminUnit
from antq.geo.views import unit_url


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    # A team leader works on their team, not on the commune's unit page (they may open only a little of it).
    if scope.roles == {Role.TEAM_LEADER}:
        return redirect("forces:my_team")
    units = list(AdminUnit.objects.filter(pk__in=[g.unit_id for g in scope.grants]).select_related("parent"))
    # One unit: go straight there. Several (or none): list them, the empty case says whom to ask.
    if len(units) == 1:
        return redirect(unit_url(units[0]))
    return render(request, "core/home.html", {"units": units})
