"""Pages of the forces app: commune team lists, team and member pages, the province overview, and the team
leader's phone page. Thin: scoped selectors in, services for every write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts.policy import field_access, personal_value, restrict_form, reveal
from antq.accounts.scope import scope_for
from antq.accounts.units import get_unit_for
from antq.core.import_views import XLSX, import_flow, limited_upload
from antq.core.web import or_404, paginate, query_int, require_confirmed, run_service
from antq.forces import selectors, services
from antq.forces.forms import (
    DissolveForm,
    EndMembershipForm,
    EvaluationForm,
    MemberForm,
    ProposalDecisionForm,
    ProposalForm,
    TeamEditForm,
    TeamForm,
    TrainingForm,
)
from antq.forces.models import ProposalKind, ProposalStatus, RosterProposal, SecurityTeam, TeamMember, TeamStatus
from antq.forces.roster import RosterImporter, roster_xlsx
from antq.geo.models import Level
from antq.geo.selectors import localities_of

WARNING_FILTERS = {"size": "Sai quy mô", "no_leader": "Chưa có Tổ trưởng"}
# Form field → personal field of accounts.policy, for the member form's initial values.
MEMBER_PERSONAL_FIELDS = {"national_id": "national_id", "phone": "phone", "birth_date": "birth_date"}


def _roster_commune(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    """A commune whose rosters the user may open (officers; viewers see aggregates only)."""
    unit = or_404(lambda: get_unit_for(request.user, code, level=Level.COMMUNE))
    if not scope_for(request.user).covers(unit, selectors.ROSTER_ROLES):
        raise Http404
    return unit


@login_required
@require_GET
def commune_teams(request: HttpRequest, code: str) -> HttpResponse:
    commune = _roster_commune(request, code)
    status = request.GET.get("status", TeamStatus.ACTIVE)
    teams = selectors.teams_for(
        request.user, commune=commune, status=status or None, locality_id=query_int(request, "locality")
    )
    warning = request.GET.get("warning", "")
    if warning in WARNING_FILTERS:
        # Warnings depend on the province's size table, so they are computed in Python; a commune has tens of
        # teams, so filtering the whole list here stays cheap.
        rows = list(teams)
        flagged = selectors.team_warnings(rows)
        teams = [t for t in rows if any(w.code == warning for w in flagged[t.pk])]  # type: ignore[assignment]
    page = paginate(request, teams)
    warnings = selectors.team_warnings(list(page))
    for team in page:
        team.warnings = warnings[team.pk]
    return render(
        request,
        "forces/commune_teams.html",
        {
            "commune": commune,
            "page": page,
            "localities": localities_of(commune),
            "status": status,
            "warning": warning,
            "warning_filters": WARNING_FILTERS,
            "statuses": TeamStatus.choices,
            "can_write": scope_for(request.user).can_write(commune),
            "member_total": selectors.members_for(request.user, commune=commune).count(),
            "pending": RosterProposal.objects.filter(team__commune=commune, status=ProposalStatus.PENDING).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, code: str) -> HttpResponse:
    commune = _roster_commune(request, code)
    if not scope_for(request.user).can_write(commune):
        raise Http404
    # The form drops covered localities, and checks the team rules with its fields' own errors.
    form = TeamForm(request.POST or None, localities=localities_of(commune), actor=request.user, commune=commune)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = run_service(
            form,
            lambda: services.team_create(
                actor=request.user,
                commune=commune,
                name=data["name"],
                founded_on=data["founded_on"],
                localities=list(data["localities"]),
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
            ),
        )
        if team is not None:
            messages.success(request, f"Đã thành lập {team.name}.")
            return redirect("forces:team", pk=team.pk)
    return render(request, "forces/team_form.html", {"form": form, "commune": commune})


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a team's name or founding decision (the localities change from the team page's history)."""
    team = or_404(lambda: selectors.get_team_for(request.user, pk))
    if not scope_for(request.user).can_write(team.commune):
        raise Http404
    form = TeamEditForm(request.POST or None, actor=request.user, team=team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.team_update(actor=request.user, team=team, **data)):
            messages.success(request, "Đã lưu.")
            return redirect("forces:team", pk=team.pk)
    return render(request, "forces/team_form.html", {"form": form, "commune": team.commune, "team": team})


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = or_404(lambda: selectors.get_team_for(request.user, pk))
    members = list(selectors.members_for(request.user, team=team, active=None))
    user, commune = request.user, team.commune
    for member in members:  # a list: the CCCD is masked even for the commune (full only on the member's page)
        member.masked_id = personal_value(user, commune, "national_id", member.national_id)
        member.shown_phone = personal_value(user, commune, "phone", member.phone)
    can_write = scope_for(request.user).can_write(team.commune)
    proposals = list(team.proposals.filter(status=ProposalStatus.PENDING).select_related("member", "proposed_by"))
    for proposal in proposals:  # the new phone a team leader proposes is the member's phone: same policy
        proposal.shown_phone = personal_value(user, commune, "phone", (proposal.payload or {}).get("phone"))
    return render(
        request,
        "forces/team_detail.html",
        {
            "team": team,
            "active": [m for m in members if m.end_date is None],
            "ended": [m for m in members if m.end_date is not None],
            "coverages": team.coverages.select_related("locality").order_by("-valid_from"),
            "warnings": selectors.team_warnings([team])[team.pk],
            "can_write": can_write,
            "proposals": proposals,
            "dissolve_form": DissolveForm(team=team, initial={"on": timezone.localdate()}),
            "show_national_id": field_access(request.user, team.commune, "national_id") is not None,
        },
    )


@login_required
@require_POST
def team_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    team = or_404(lambda: selectors.get_team_for(request.user, pk))
    form = DissolveForm(request.POST, team=team)
    dissolved = None
    if form.is_valid():
        data = form.cleaned_data

        def dissolve() -> SecurityTeam:
            require_confirmed(request, "giải thể Tổ")  # every membership and coverage ends: not undone
            return services.team_dissolve(actor=request.user, team=team, on=data["on"], reason=data["reason"])

        dissolved = run_service(form, dissolve)
    if dissolved is not None:
        messages.success(request, "Đã giải thể Tổ.")
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("forces:team", pk=team.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = or_404(lambda: selectors.get_team_for(request.user, pk))
    if not scope_for(request.user).can_write(team.commune):
        raise Http404
    form = MemberForm(
        request.POST or None,
        localities=localities_of(team.commune),
        actor=request.user,
        team=team,
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        member = run_service(
            form,
            lambda: services.member_add(
                actor=request.user, team=team, confirm_duplicate=form.confirmed, **form.values()
            ),
        )
        if member is not None:
            messages.success(request, f"Đã thêm {member.full_name}.")
            return redirect("forces:team", pk=team.pk)
    return render(request, "forces/member_form.html", {"form": form, "team": team})


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = or_404(lambda: selectors.get_member_for(request.user, pk))
    commune = member.team.commune
    # The member's own page: the commune sees the CCCD in full, and that view is audited (accounts.policy).
    national_id = reveal(request.user, obj=member, unit=commune, field="national_id", value=member.national_id)
    can_write = scope_for(request.user).can_write(commune) and member.end_date is None
    return render(
        request,
        "forces/member_detail.html",
        {
            "member": member,
            "national_id": national_id,
            "phone": personal_value(request.user, commune, "phone", member.phone, detail=True),
            "can_write": can_write,
            "service_years": selectors.service_years(member.national_id, on=timezone.localdate()),
            "trainings": member.trainings.all(),
            "equipment": member.equipment.all(),
            "evaluations": member.evaluations.all(),
            "end_form": EndMembershipForm(initial={"end_date": timezone.localdate()}),
            "training_form": TrainingForm(),
            "evaluation_form": EvaluationForm(initial={"year": timezone.localdate().year}),
            "show_birth_date": field_access(request.user, commune, "birth_date") is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = or_404(lambda: selectors.get_member_for(request.user, pk))
    if not scope_for(request.user).can_write(member.team.commune):
        raise Http404
    form = MemberForm(
        request.POST or None,
        instance=member,
        localities=localities_of(member.team.commune),
        actor=request.user,
        team=member.team,
    )
    # The edit form is the member's page too: what a role sees masked is shown masked, read-only, and kept as
    # stored (never posted back); a full CCCD shown to edit is an audited view, as on the page.
    read_only = restrict_form(
        form, actor=request.user, unit=member.team.commune, fields=MEMBER_PERSONAL_FIELDS, obj=member
    )

    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.member_update(
                actor=request.user, member=member, confirm_duplicate=form.confirmed, **form.changes()
            ),
        )
        is not None
    ):
        messages.success(request, "Đã lưu.")
        return redirect("forces:member", pk=member.pk)
    return render(
        request,
        "forces/member_form.html",
        {"form": form, "team": member.team, "member": member, "read_only": read_only},
    )


@login_required
@require_POST
def member_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = or_404(lambda: selectors.get_member_for(request.user, pk))
    forms_by_action = {"end": EndMembershipForm, "training": TrainingForm, "evaluation": EvaluationForm}
    if action not in forms_by_action:
        raise Http404
    form = forms_by_action[action](request.POST)

    def call() -> object:
        data = form.cleaned_data
        if action == "end":
            require_confirmed(request, "cho thôi tham gia")  # the membership ends for good (a new one starts anew)
            return services.member_end(
                actor=request.user, member=member, end_date=data["end_date"], reason=data["reason"], note=data["note"]
            )
        if action == "training":
            return services.training_record(actor=request.user, member=member, **data)
        return services.evaluation_record(actor=request.user, member=member, **data)

    if form.is_valid() and run_service(form, call) is not None:
        messages.success(request, "Đã lưu.")
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("forces:member", pk=member.pk)


@login_required
@require_GET
def province_overview(request: HttpRequest, code: str) -> HttpResponse:
    province = or_404(lambda: get_unit_for(request.user, code, level=Level.PROVINCE))
    communes = list(selectors.commune_totals(request.user, province))
    return render(
        request,
        "forces/province.html",
        {
            "province": province,
            "page": paginate(request, communes),
            "team_total": sum(c.team_count for c in communes),
            "member_total": sum(c.member_count for c in communes),
        },
    )


def _with_shown_phone(actor: Any, team: SecurityTeam, members: QuerySet[TeamMember]) -> list[TeamMember]:
    rows = list(members)
    for member in rows:
        member.shown_phone = personal_value(actor, team.commune, "phone", member.phone)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def my_team(request: HttpRequest) -> HttpResponse:
    """The team leader's phone page: their roster, and a form to propose changes the commune confirms."""
    teams = list(
        selectors.teams_for(request.user).filter(pk__in=scope_for(request.user).bound_ids(selectors._team_type_id()))
    )
    if not teams:
        raise Http404
    team = teams[0]
    members = selectors.members_for(request.user, team=team)
    form = ProposalForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payload = {"phone": data["phone"]} if data["kind"] == ProposalKind.UPDATE else {}
        if run_service(
            form,
            lambda: services.proposal_create(
                actor=request.user,
                team=team,
                kind=data["kind"],
                member=data["member"],
                payload=payload,
                reason=data["reason"],
            ),
        ):
            messages.success(request, "Đã gửi đề nghị; Công an xã sẽ xác nhận.")
            return redirect("forces:my_team")
    return render(
        request,
        "forces/my_team.html",
        {
            "team": team,
            "members": _with_shown_phone(request.user, team, members),
            "form": form,
            "proposals": team.proposals.select_related("member").order_by("-proposed_at")[:20],
        },
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = RosterProposal.objects.select_related("team", "team__commune", "member").filter(pk=pk).first()
    if proposal is None or not scope_for(request.user).can_write(proposal.team.commune):
        raise Http404
    form = ProposalDecisionForm(request.POST)
    confirm = request.POST.get("decision") == "confirm"
    # A second decision on the same proposal (a replayed POST) is refused by the service, shown here.
    if (
        form.is_valid()
        and run_service(
            form,
            lambda: services.proposal_decide(
                actor=request.user, proposal=proposal, confirm=confirm, note=form.cleaned_data["note"]
            ),
        )
        is not None
    ):
        messages.success(request, "Đã xác nhận đề nghị." if confirm else "Đã từ chối đề nghị.")
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("forces:team", pk=proposal.team_id)


@login_required
@require_GET
def roster_export(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's roster as .xlsx, in the import layout (officers only, audited)."""
    commune = _roster_commune(request, code)
    response = HttpResponse(or_404(lambda: roster_xlsx(actor=request.user, commune=commune)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-to-bao-ve-antt-{commune.code}.xlsx"'
    return response


@limited_upload
@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest, code: str) -> HttpResponse:
    from django.urls import reverse

    commune = _roster_commune(request, code)
    return import_flow(
        request,
        importer=RosterImporter,
        context={"commune": commune},
        title=f"Nhập danh sách thành viên Tổ bảo vệ ANTT · {commune.name}",
        back_url=reverse("forces:commune_teams", args=[commune.code]),
        slug=f"to-bv-{commune.code}",
    )
