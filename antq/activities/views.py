"""Pages of the activities app: outreach lists, entry (one, many in a row, from a spreadsheet) and export; the
festival of a commune and the province's festival board; award proposals, their workflow and the awardee lists.
Thin: scoped selectors in, services for every write, typed errors onto forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts.policy import personal_value, restrict_form, reveal
from antq.accounts.scope import scope_for
from antq.accounts.units import get_unit_for
from antq.activities import awards, rules, selectors, services
from antq.activities.forms import (
    FIRST_LISTED_YEAR,
    FestivalForm,
    FestivalPlanForm,
    OutreachFilterForm,
    OutreachForm,
    PhotoForm,
    ProposalForm,
    QuickFormSet,
    TransitionForm,
)
from antq.activities.imports import OutreachImporter, activities_xlsx
from antq.activities.models import FestivalStatus, Kind, ProposalStatus
from antq.core.errors import ANTQError
from antq.core.import_views import import_flow, limited_upload
from antq.core.periods import reporting_year
from antq.core.web import or_404, paginate, query_int, require_confirmed, run_service
from antq.forces.selectors import members_for
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import establishments_of, localities_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(request: HttpRequest, code: str, roles: frozenset[str] = selectors.READ_ROLES) -> AdminUnit:
    """A province ("33") or commune ("12688") the user covers with one of `roles`; 404 otherwise."""
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    unit = or_404(lambda: get_unit_for(request.user, code, level=level))
    if not selectors.covers(request.user, unit, roles):
        raise Http404
    return unit


# Form field → personal field of accounts.policy, for a nominee's edit form.
NOMINEE_PERSONAL_FIELDS = {"national_id": "national_id", "birth_date": "birth_date"}


def _year(request: HttpRequest) -> int:
    """The reporting year of the page (`?nam=2025`); the current one when none (or garbage) is given."""
    value = query_int(request, "nam")  # "²".isdigit() is true but int("²") fails: ASCII digits only
    return value if value is not None and 2000 <= value <= 2200 else reporting_year()


def _year_or_all(request: HttpRequest) -> int | None:
    """As `_year`, but `?nam=` (the list's "Tất cả") means every year: None."""
    if request.GET.get("nam", None) == "":
        return None
    return _year(request)


def _festival_year(request: HttpRequest) -> int:
    """The festival year of the page: the one named, else the festival the current reporting year counts."""
    value = query_int(request, "nam")
    return value if value is not None and 2000 <= value <= 2200 else rules.festival_year_in(reporting_year())


def _years() -> list[int]:
    return list(range(reporting_year(), FIRST_LISTED_YEAR - 1, -1))


def _query(request: HttpRequest) -> str:
    """The page's filters, to keep them when paging."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _form_errors(form: Any) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The units whose activities the user may open (their own grants; the ministry: every province)."""
    scope = scope_for(request.user)
    units = AdminUnit.objects.filter(valid_to__isnull=True, level__in=[Level.PROVINCE, Level.COMMUNE])
    if scope.is_national(selectors.READ_ROLES):
        units = units.filter(level=Level.PROVINCE)
    else:
        granted = scope.province_ids(selectors.READ_ROLES) | scope.commune_ids(selectors.READ_ROLES)
        if not granted:
            raise Http404
        units = units.filter(pk__in=granted)
    return render(
        request,
        "activities/index.html",
        {
            "units": units.select_related("parent").order_by("level", "sort_key"),
            "year": _year(request),
            # Awards are not for every reader (the steering committee sees none): no link that would answer 404.
            "award_units": {u.pk for u in units if scope.covers(u, selectors.AWARD_ROLES)},
        },
    )


# --- Outreach --------------------------------------------------------------------------------------------------


def _places(unit: AdminUnit) -> dict[str, Any]:
    """Place choices: a commune's localities and establishments (a province records its own work at unit level)."""
    if unit.level != Level.COMMUNE:
        return {}
    return {
        "localities": localities_of(unit).select_related("commune"),
        "establishments": establishments_of(unit).select_related("commune"),
    }


@login_required
@require_GET
def outreach_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    filters = OutreachFilterForm.for_request(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.activities_for(
        request.user,
        unit=unit,
        year=data.get("year"),
        kind=data.get("kind") or None,
        topic=data.get("topic") or None,
        own_only=bool(data.get("own")) and unit.level == Level.PROVINCE,
    )
    totals = selectors.activity_totals(rows)
    return render(
        request,
        "activities/outreach_list.html",
        {
            "unit": unit,
            "filters": filters,
            "page": paginate(request, rows),
            "totals": [(selectors.KIND_LABELS[kind], totals[kind]) for kind in Kind.values if kind in totals],
            "can_write": scope_for(request.user).can_write(unit),
            "query": _query(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outreach_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    if not scope_for(request.user).can_write(unit):
        raise Http404
    form = OutreachForm(request.POST or None, initial={"date": timezone.localdate()}, unit=unit, **_places(unit))
    if request.method == "POST" and form.is_valid():
        activity = run_service(
            form,
            lambda: services.activity_record(
                actor=request.user, unit=unit, confirm_duplicate=_confirmed(request), **form.cleaned_data
            ),
        )
        if activity is not None:
            messages.success(request, f"Đã ghi nhận: {activity}.")
            return redirect("activities:outreach_list", code=unit.code)
    return render(
        request,
        "activities/outreach_form.html",
        {"form": form, "unit": unit, "duplicate": form.has_error(NON_FIELD_ERRORS, code="duplicate")},
    )


def _confirmed(request: HttpRequest) -> bool:
    """Whether the user pressed "Vẫn lưu" after being told the activity repeats one already recorded."""
    return request.POST.get("confirm_duplicate") == "1"


@login_required
@require_http_methods(["GET", "POST"])
def outreach_quick(request: HttpRequest, code: str) -> HttpResponse:
    """Many activities in a row; saved all or nothing, each bad row marked."""
    unit = _unit(request, code)
    if not scope_for(request.user).can_write(unit):
        raise Http404
    formset = QuickFormSet(request.POST or None, form_kwargs={"unit": unit})
    duplicate = False
    if request.method == "POST" and formset.is_valid():
        filled = [(form, form.cleaned_data) for form in formset.forms if form.has_changed() and form.cleaned_data]
        try:
            saved = services.activities_record_many(
                actor=request.user,
                unit=unit,
                rows=[data for _form, data in filled],
                confirm_duplicates=_confirmed(request),
            )
        except services.RowsInvalid as exc:
            duplicate = exc.code == "duplicate"
            for index, field, message in exc.rows:
                form = filled[index][0]
                form.add_error(field if field in form.fields else None, message)
        except ANTQError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã ghi nhận {len(saved)} hoạt động.")
            return redirect("activities:outreach_list", code=unit.code)
    return render(request, "activities/outreach_quick.html", {"formset": formset, "unit": unit, "duplicate": duplicate})


@limited_upload
@login_required
@require_http_methods(["GET", "POST"])
def outreach_import(request: HttpRequest, code: str) -> HttpResponse:
    """Spreadsheet import of a unit's activities (the shared import flow: template, dry run, all or nothing)."""
    unit = _unit(request, code)
    return import_flow(
        request,
        importer=OutreachImporter,
        context={"unit": unit},
        title=f"Nhập hoạt động tuyên truyền · {unit.name}",
        back_url=reverse("activities:outreach_list", args=[unit.code]),
        slug=f"tuyen-truyen-{unit.code}",
    )


@login_required
@require_GET
def outreach_export(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    year = _year(request)
    rows = selectors.activities_for(request.user, unit=unit, year=year).order_by("date", "pk")
    data = activities_xlsx(rows.iterator(chunk_size=2000), title=f"Hoạt động tuyên truyền năm {year} · {unit.name}")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tuyen-truyen-{unit.code}-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = or_404(lambda: selectors.get_activity_for(request.user, pk))
    if not scope_for(request.user).can_write(activity.unit):
        raise Http404
    form = OutreachForm(request.POST or None, instance=activity, unit=activity.unit, **_places(activity.unit))
    if request.method == "POST" and form.is_valid():
        # What changed, and the measures the kind does not use — emptied, so a value stored for the old kind goes.
        changed = {name: form.cleaned_data[name] for name in {*form.changed_data, *form.dropped}}
        if run_service(
            form,
            lambda: services.activity_update(
                actor=request.user, activity=activity, confirm_duplicate=_confirmed(request), **changed
            ),
        ):
            messages.success(request, "Đã lưu.")
            return redirect("activities:outreach_list", code=activity.unit.code)
    return render(
        request,
        "activities/outreach_form.html",
        {
            "form": form,
            "unit": activity.unit,
            "activity": activity,
            "duplicate": form.has_error(NON_FIELD_ERRORS, code="duplicate"),
        },
    )


@login_required
@require_POST
def outreach_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = or_404(lambda: selectors.get_activity_for(request.user, pk))
    if not scope_for(request.user).can_write(activity.unit):
        raise Http404
    try:
        require_confirmed(request, "xóa hoạt động")
    except ANTQError as exc:  # not confirmed: back to the activity, nothing deleted
        messages.error(request, exc.message)
        return redirect("activities:outreach_edit", pk=activity.pk)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, f"Đã xóa hoạt động ngày {activity.date:%d/%m/%Y}.")
    return redirect("activities:outreach_list", code=activity.unit.code)


# --- The 19/8 festival -----------------------------------------------------------------------------------------


@login_required
@require_GET
def festival_board(request: HttpRequest, code: str) -> HttpResponse:
    """The province's communes for a year: planned / held / pilot / nothing yet."""
    province = _unit(request, code)
    if province.level != Level.PROVINCE:
        raise Http404
    year = _festival_year(request)
    communes, counts = selectors.festival_board(request.user, province, year)
    page = paginate(request, communes)
    festivals = selectors.festivals_by_commune(list(page), year)
    for commune in page:
        commune.festival = festivals.get(commune.pk)
    return render(
        request,
        "activities/festival_board.html",
        {
            "province": province,
            "year": year,
            "years": _years(),
            "page": page,
            "counts": counts,
            "may_choose_pilot": services.may_choose_pilot(request.user, province),
            "query": f"nam={year or ''}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def festival_commune(request: HttpRequest, code: str) -> HttpResponse:
    """A commune's festival of a year: the plan form when there is none, else its parts, results and photos."""
    commune = _unit(request, code)
    if commune.level != Level.COMMUNE:
        raise Http404
    year = _festival_year(request)
    festival = selectors.festival_of(request.user, commune, year)
    can_write = scope_for(request.user).can_write(commune)
    if request.method == "POST" and not can_write:
        raise Http404
    plan_form = FestivalPlanForm(request.POST if festival is None and request.method == "POST" else None, year=year)
    form = FestivalForm(request.POST if festival is not None and request.method == "POST" else None, instance=festival)
    if request.method == "POST":
        if festival is None and plan_form.is_valid():
            data = plan_form.cleaned_data
            created = run_service(
                plan_form,
                lambda: services.festival_plan(
                    actor=request.user,
                    commune=commune,
                    year=year,
                    planned_date=data["planned_date"],
                    place=data["place"],
                ),
            )
            if created is not None:
                messages.success(request, f"Đã lập kế hoạch Ngày hội năm {year}.")
                return redirect(f"{reverse('activities:festival_commune', args=[commune.code])}?nam={year}")
        elif festival is not None and form.is_valid():
            changed = {name: form.cleaned_data[name] for name in {*form.changed_data, *form.dropped}}
            if run_service(form, lambda: services.festival_update(actor=request.user, festival=festival, **changed)):
                messages.success(request, "Đã lưu.")
                return redirect(f"{reverse('activities:festival_commune', args=[commune.code])}?nam={year}")
    return render(
        request,
        "activities/festival.html",
        {
            "commune": commune,
            "year": year,
            "years": _years(),
            "festival": festival,
            "plan_form": plan_form,
            "form": form,
            "photo_form": PhotoForm(),
            "photos": festival.photos.all() if festival else [],
            "can_write": can_write,
            "statuses": FestivalStatus,
        },
    )


def _festival_url(festival: Any) -> str:
    return f"{reverse('activities:festival_commune', args=[festival.commune.code])}?nam={festival.year}"


@login_required
@require_POST
def festival_pilot(request: HttpRequest, pk: int) -> HttpResponse:
    festival = or_404(lambda: selectors.get_festival_for(request.user, pk))
    if not services.may_choose_pilot(request.user, festival.province):
        raise Http404
    pilot = request.POST.get("pilot") == "1"
    try:
        services.festival_set_pilot(actor=request.user, festival=festival, pilot=pilot)
    except ANTQError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{festival.commune.name} là đơn vị tổ chức “điểm”." if pilot else "Đã bỏ chọn ngày hội điểm."
        )
    return redirect(f"{reverse('activities:festival_board', args=[festival.province.code])}?nam={festival.year}")


@login_required
@require_POST
def festival_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    festival = or_404(lambda: selectors.get_festival_for(request.user, pk))
    if not scope_for(request.user).can_write(festival.commune):
        raise Http404
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["image"]
        run_service(
            form,
            lambda: services.festival_photo_add(
                actor=request.user,
                festival=festival,
                file=upload,
                size=upload.size,
                caption=form.cleaned_data["caption"],
            ),
        )
    if form.errors:
        messages.error(request, _form_errors(form))
    else:
        messages.success(request, "Đã thêm ảnh.")
    return redirect(_festival_url(festival))


@login_required
@require_GET
def festival_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A festival photo, served only to users who may see the festival."""
    photo = or_404(lambda: selectors.get_photo_for(request.user, pk))
    try:
        stream = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(stream, content_type=photo.content_type)


# --- Awards ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def proposal_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code, selectors.AWARD_ROLES)
    status = request.GET.get("trang_thai", "")
    year = _year_or_all(request)
    rows = selectors.proposals_for(
        request.user,
        unit=unit,
        year=year,
        status=status if status in ProposalStatus.values else None,
        medal=True if request.GET.get("kyniemchuong") == "1" else None,
    )
    return render(
        request,
        "activities/proposal_list.html",
        {
            "unit": unit,
            "page": paginate(request, rows),
            "statuses": ProposalStatus.choices,
            "status": status,
            "year": year,
            "years": _years(),
            "may_propose": awards.may_propose(request.user, unit),
            "query": _query(request),
        },
    )


def _proposal_form(request: HttpRequest, unit: AdminUnit, **kwargs: Any) -> ProposalForm:
    members = (
        members_for(request.user, commune=unit)
        if unit.level == Level.COMMUNE
        else members_for(request.user).none()  # a province's own proposals are for its officers
    )
    units = AdminUnit.objects.filter(pk=unit.pk) | AdminUnit.objects.filter(parent=unit, valid_to__isnull=True)
    kwargs["unit"] = unit  # the proposing unit: the form checks the nominee against it
    return ProposalForm(request.POST or None, members=members, units=units.order_by("level", "sort_key"), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code, selectors.AWARD_ROLES)
    if not awards.may_propose(request.user, unit):
        raise Http404
    form = _proposal_form(request, unit, initial={"year": timezone.localdate().year, "nominee_kind": "person"})
    if request.method == "POST" and form.is_valid():
        proposal = run_service(form, lambda: awards.proposal_create(actor=request.user, unit=unit, **form.cleaned_data))
        if proposal is not None:
            messages.success(request, "Đã lập đề nghị (dự thảo).")
            return redirect("activities:proposal", pk=proposal.pk)
    return render(request, "activities/proposal_form.html", {"form": form, "unit": unit})


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = or_404(lambda: selectors.get_proposal_for(request.user, pk))
    unit = proposal.proposing_unit
    # The nominee's own page: the CCCD per accounts.policy, each full view audited with the proposing unit.
    national_id = reveal(request.user, obj=proposal, unit=unit, field="national_id", value=proposal.national_id)
    check = awards.medal_check(proposal, on=timezone.localdate()) if proposal.form.is_medal else None
    return render(
        request,
        "activities/proposal_detail.html",
        {
            "proposal": proposal,
            "national_id": national_id,
            "birth_date": personal_value(
                request.user, unit, "birth_date", proposal.birth_date and proposal.birth_date.strftime("%d/%m/%Y")
            ),
            "check": check,
            "transitions": proposal.transitions.select_related("actor"),
            "actions": [(to, awards.ACTION_LABELS[to]) for to in awards.allowed_transitions(request.user, proposal)],
            "transition_form": TransitionForm(initial={"decision_date": timezone.localdate()}),
            "can_edit": proposal.status in awards.EDITABLE and awards.may_propose(request.user, unit),
            "award": getattr(proposal, "award", None) if proposal.status == ProposalStatus.DECIDED else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = or_404(lambda: selectors.get_proposal_for(request.user, pk))
    unit = proposal.proposing_unit
    if proposal.status not in awards.EDITABLE or not awards.may_propose(request.user, unit):
        raise Http404
    form = _proposal_form(request, unit, instance=proposal)
    # What the role sees masked is shown masked and kept as stored (never the masked text saved back).
    read_only = restrict_form(form, actor=request.user, unit=unit, fields=NOMINEE_PERSONAL_FIELDS, obj=proposal)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] if name in form.fields else getattr(proposal, name)
            for name in awards.PROPOSAL_FIELDS
        }
        if run_service(form, lambda: awards.proposal_update(actor=request.user, proposal=proposal, **data)):
            messages.success(request, "Đã lưu.")
            return redirect("activities:proposal", pk=proposal.pk)
    return render(
        request,
        "activities/proposal_form.html",
        {"form": form, "unit": unit, "proposal": proposal, "read_only": read_only},
    )


# The award steps that are not undone, confirmed by the form's checkbox (core/confirm.html), and what each
# step tells whoever took it.
CONFIRMED_STEPS: dict[str, str] = {
    ProposalStatus.SUBMITTED: "gửi đề nghị khen thưởng lên cấp trên",
    ProposalStatus.APPROVED: "duyệt đề nghị khen thưởng",
    ProposalStatus.DECIDED: "ghi quyết định khen thưởng",
}
STEP_DONE: dict[str, str] = {
    ProposalStatus.SUBMITTED: "Đã gửi đề nghị khen thưởng {name} lên cấp trên.",
    ProposalStatus.APPROVED: "Đã duyệt đề nghị khen thưởng {name}.",
    ProposalStatus.RETURNED: "Đã trả lại đề nghị khen thưởng {name}; đơn vị đề nghị xem được lý do.",
    ProposalStatus.DECIDED: "Đã ghi quyết định khen thưởng {name}.",
}


@login_required
@require_POST
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = or_404(lambda: selectors.get_proposal_for(request.user, pk))
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def move() -> Any:
            if data["to_status"] in CONFIRMED_STEPS:  # submit, approve, record the decision: not undone
                require_confirmed(request, CONFIRMED_STEPS[data["to_status"]])
            return awards.proposal_transition(
                actor=request.user,
                proposal=proposal,
                to_status=data["to_status"],
                reason=data["reason"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                signer=data["signer"],
            )

        moved = run_service(form, move)
        if moved is not None:
            messages.success(request, STEP_DONE[data["to_status"]].format(name=moved.nominee_name))
    if form.errors:
        messages.error(request, _form_errors(form))
    return redirect("activities:proposal", pk=proposal.pk)


@login_required
@require_GET
def award_list(request: HttpRequest, code: str) -> HttpResponse:
    """Awardees of a unit (with its communes, for a province) decided in a year."""
    unit = _unit(request, code, selectors.AWARD_ROLES)
    year = _year_or_all(request)
    rows = selectors.awards_for(request.user, unit=unit, year=year)
    return render(
        request,
        "activities/award_list.html",
        {
            "unit": unit,
            "year": year,
            "years": _years(),
            "page": paginate(request, rows),
            "total": rows.count(),
            "query": f"nam={year or ''}",
        },
    )
