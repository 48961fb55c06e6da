"""Pages of the police's tip inbox (issue 19 item 5): the unit inbox, a tip's page with its steps, the summary,
questions to the tipster and forwarding, the photos, and the province's overdue board.

Thin: scoped selectors in (out of scope answers 404), services for every write and for every view of raw content
(each one audited), typed errors onto the page's messages. The public portal's pages are in public_views.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from antq.accounts.units import get_unit_for
from antq.core.errors import PermissionDenied
from antq.core.web import or_404, paginate, require_confirmed, run_service
from antq.geo.models import AdminUnit, Level
from antq.tips import rules, selectors, services
from antq.tips.forms import ForwardForm, InboxFilterForm, MessageForm, StepForm, SummaryForm
from antq.tips.rules import Action, Clock, Outcome, Status, Step

# What each step says when done (the tip's code, and the outcome for a close).
STEP_DONE: dict[str, str] = {
    Step.ACKNOWLEDGE: "Đã xác nhận tiếp nhận tin {code}; thời hạn chuyển vẫn tính từ lúc tiếp nhận.",
    Step.VERIFY: "Tin {code} chuyển sang đang xác minh.",
    Step.PASS_ON: "Đã ghi nhận chuyển tin {code} cho cơ quan điều tra.",
    Step.CLOSE: "Đã kết thúc tin {code}, kết quả: {outcome}.",
}
# Steps that cannot be undone: the form carries the confirmation box (core/confirm.html), the view checks it.
CONFIRMED_STEPS: dict[str, str] = {
    Step.PASS_ON: "ghi nhận chuyển tin cho cơ quan điều tra",
    Step.CLOSE: "kết thúc tin báo",
}
CLOCK_LABELS: dict[str, str] = {
    Clock.RUNNING: "Trong hạn",
    Clock.DUE_SOON: "Sắp đến hạn",
    Clock.OVERDUE: "Quá hạn",
    Clock.MET: "Chuyển đúng hạn",
    Clock.LATE: "Chuyển trễ hạn",
}
# A tip closed without being passed on (a prank, a duplicate) stopped its clock by closing, not by passing on.
CLOSED_CLOCK_LABELS: dict[str, str] = {Clock.MET: "Kết thúc đúng hạn", Clock.LATE: "Kết thúc trễ hạn"}


def clock_label(tip: Any, clock: str) -> str:
    if tip.passed_at is None and clock in CLOSED_CLOCK_LABELS:
        return CLOSED_CLOCK_LABELS[clock]
    return CLOCK_LABELS[clock]


def _unit(request: HttpRequest, code: str) -> AdminUnit:
    """A province ("33") or commune ("12688") whose inbox the user may open; 404 otherwise."""
    level = Level.PROVINCE if len(code) <= 2 else Level.COMMUNE
    unit = or_404(lambda: get_unit_for(request.user, code, level=level))
    if not selectors.covers(request.user, unit):
        raise Http404
    return unit


def form_errors_text(form: Any) -> str:
    """A form's errors in one line for a flash message (each names its field)."""
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def tip_clock(tip: Any, now: Any) -> str:
    """The tip's clock (rules.clock): stopped when passed on, or when closed without being passed on."""
    return rules.clock(due_at=tip.due_at, stopped_at=tip.passed_at or tip.closed_at, now=now)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The units whose inbox the user may open."""
    units = selectors.inbox_units_for(request.user)
    if not units:
        raise Http404
    return render(request, "tips/inbox/index.html", {"units": units})


@login_required
@require_GET
def inbox(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's inbox: paginated, filtered; the summary only (no decrypt), the clock per row."""
    unit = _unit(request, code)
    filters = InboxFilterForm(request.GET)
    now = timezone.now()
    rows = selectors.inbox_for(request.user, unit=unit, now=now, **filters.filters())
    page = paginate(request, rows)
    page.object_list = tips = list(page.object_list)
    selectors.mark_page(tips, unit=unit)
    for tip in tips:
        tip.clock = tip_clock(tip, now)
        tip.clock_label = clock_label(tip, tip.clock)
    return render(
        request,
        "tips/inbox/list.html",
        {"unit": unit, "page": page, "filters": filters, "now": now},
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A tip's page: the raw content for the holder and its province (each view audited), the summary for every
    other reader; the steps and actions the user may take."""
    tip = or_404(lambda: selectors.get_tip_for(request.user, pk))
    return _detail_page(request, tip)


def _detail_page(request: HttpRequest, tip: Any, refused: dict[str, Any] | None = None) -> HttpResponse:
    """The tip's page; `refused`: the form an action was refused with ({"message_form": form}, {"step": form}…),
    shown open with its errors and what the officer typed (status 400), instead of a fresh one."""
    refused = refused or {}
    holder = selectors.holder_of(tip).unit
    caps = selectors.capacities(request.user, holder)
    raw = services.tip_open_raw(actor=request.user, tip=tip) if rules.may_do(Action.READ_RAW, caps) else None
    open_tip = tip.status in rules.OPEN_STATUSES
    now = timezone.now()
    context: dict[str, Any] = {
        "tip": tip,
        "holder": holder,
        "raw": raw,
        "clock": clock_label(tip, tip_clock(tip, now)),
        # One form per step on the page, each with its own element ids.
        "steps": [
            (step.value, step.label, refused.get(f"step:{step.value}") or StepForm(auto_id=f"id_{step.value}_%s"))
            for step in selectors.steps_for(request.user, tip, holder)
        ],
        "confirmed_steps": CONFIRMED_STEPS,
        "outcomes": Outcome.choices,
        "can_summary": rules.may_do(Action.SUMMARY, caps),
        "summary_form": refused.get("summary_form") or SummaryForm(initial={"summary": tip.summary}),
        "can_message": open_tip and rules.may_do(Action.MESSAGE, caps),
        "message_form": refused.get("message_form") or MessageForm(),
        "can_forward": open_tip and rules.may_do(Action.FORWARD, caps),
        "forward_form": refused.get("forward_form") or ForwardForm(targets=selectors.forward_targets(holder)),
        "deliveries": selectors.deliveries_of(tip),
        "transitions": selectors.transitions_of(tip),
    }
    response = render(request, "tips/inbox/detail.html", context, status=400 if refused else 200)
    if raw is not None:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step of the transition table (services.tip_step); close and pass on are confirmed."""
    tip = or_404(lambda: selectors.get_tip_for(request.user, pk))
    form = StepForm(request.POST, auto_id=f"id_{request.POST.get('step', '')}_%s")
    if form.is_valid():
        data = form.cleaned_data

        def take() -> Any:
            if data["step"] in CONFIRMED_STEPS:
                require_confirmed(request, CONFIRMED_STEPS[data["step"]])
            return services.tip_step(
                actor=request.user,
                tip=tip,
                step=data["step"],
                note=data["note"],
                outcome=data["outcome"],
                outcome_message=data["outcome_message"],
            )

        moved = run_service(form, take)
        if moved is not None:
            outcome = Outcome(moved.outcome).label if moved.outcome else ""
            messages.success(request, STEP_DONE[data["step"]].format(code=moved.code, outcome=outcome))
    if form.errors:
        messages.error(request, form_errors_text(form))
        if "step" not in form.errors:  # a step this page offers: its form again, open, as typed
            tip.refresh_from_db()
            return _detail_page(request, tip, {f"step:{form.cleaned_data['step']}": form})
    return redirect("tips:detail", pk=tip.pk)


def _act(
    request: HttpRequest, tip: Any, name: str, form: Any, call: Callable[[dict[str, Any]], Any], done: str
) -> HttpResponse:
    """Run `call(cleaned_data)` through run_service when `form` is valid; on success flash `done` and go back to
    the tip's page, else show that page again with `form` (context name `name`) open, as typed, with its errors."""
    if form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: call(data)) is not None:
            messages.success(request, done)
            return redirect("tips:detail", pk=tip.pk)
    messages.error(request, form_errors_text(form))
    tip.refresh_from_db()
    return _detail_page(request, tip, {name: form})


@login_required
@require_POST
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    tip = or_404(lambda: selectors.get_tip_for(request.user, pk))
    return _act(
        request,
        tip,
        "summary_form",
        SummaryForm(request.POST),
        lambda data: services.tip_summary_write(actor=request.user, tip=tip, summary=data["summary"]),
        f"Đã lưu tóm tắt tin {tip.code}.",
    )


@login_required
@require_POST
def message(request: HttpRequest, pk: int) -> HttpResponse:
    tip = or_404(lambda: selectors.get_tip_for(request.user, pk))
    return _act(
        request,
        tip,
        "message_form",
        MessageForm(request.POST),
        lambda data: services.tip_message_send(actor=request.user, tip=tip, text=data["text"]),
        f"Đã gửi câu hỏi; người báo tin đọc được khi tra cứu bằng mã {tip.code}.",
    )


@login_required
@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    tip = or_404(lambda: selectors.get_tip_for(request.user, pk))
    holder = selectors.holder_of(tip).unit
    form = ForwardForm(request.POST, targets=selectors.forward_targets(holder))
    if form.is_valid():
        data = form.cleaned_data
        moved = run_service(
            form, lambda: services.tip_forward(actor=request.user, tip=tip, unit=data["unit"], reason=data["reason"])
        )
        if moved is not None:
            messages.success(
                request, f"Đã chuyển tin {tip.code} cho {moved.unit.name}; đơn vị mình chuyển sang nhận để biết."
            )
            # The forwarding unit may no longer see the tip at all (another province): back to its inbox then.
            if not selectors.is_visible(request.user, tip.pk):
                return redirect("tips:index")
            return redirect("tips:detail", pk=tip.pk)
    messages.error(request, form_errors_text(form))
    tip.refresh_from_db()
    return _detail_page(request, tip, {"forward_form": form})


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A tipster's photo, decrypted, for the officers who read the raw content (audited); 404 for everyone else.
    Never cached by the browser or a proxy."""
    attachment = or_404(lambda: selectors.get_attachment_for(request.user, pk))
    try:
        data, content_type = services.attachment_open(actor=request.user, attachment=attachment)
    except PermissionDenied as exc:
        raise Http404 from exc
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def overdue(request: HttpRequest, code: str) -> HttpResponse:
    """The province's board of tips not passed on in time, by holding unit (rules.NOT_PASSED_ON)."""
    province = _unit(request, code)
    if province.level != Level.PROVINCE:
        raise Http404
    now = timezone.now()
    groups = selectors.overdue_board(request.user, province=province, now=now)
    return render(
        request,
        "tips/inbox/overdue.html",
        {
            "province": province,
            "groups": groups,
            "total": sum(g.count for g in groups),
            "now": now,
            "statuses": dict(Status.choices),
        },
    )
