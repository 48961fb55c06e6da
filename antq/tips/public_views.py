"""Pages of the public tip portal (issue 19 items 1, 2 and 4): no login, no JavaScript, no session.

Every page is `@anonymous` (antq/core/middleware.py: no client address, port, correlation id or user in the audit
trail or the request log) and `never_cache` (no copy in a shared browser's cache or a proxy). No page writes the
session or a message, so the only cookie a tipster gets is the CSRF one.

- The tip form works in two GET steps without a script: choose the province (`?tinh=33`), then the form lists its
  communes. It posts to itself; the answer to a good post *is* the page with the code and secret (no redirect: a
  redirect would have to carry the secret in its URL or keep it somewhere to show it).
- The dialogue: code and secret are posted, never put in a URL; the reply form sends them again as hidden fields,
  so no cookie has to hold who the tipster is (docs/tips.md).
- Uploads stay in memory (`PortalUploadHandler`): Django's default handler would write a large original photo, GPS
  tag and all, to a temporary file. Changing the handlers needs the CSRF check done after (Django's documented
  pattern: csrf_exempt outside, csrf_protect inside).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from antq.core.errors import ValidationFailed
from antq.core.forms import add_problems
from antq.core.middleware import anonymous
from antq.geo.models import AdminUnit
from antq.tips import abuse, intake, rules
from antq.tips.models import Tip
from antq.tips.photos import PortalUploadHandler
from antq.tips.public_forms import LookupForm, ReplyForm, TipForm, provinces, provinces_by_name

FORM = "tips/public/form.html"
SENT = "tips/public/sent.html"
LOOKUP = "tips/public/lookup.html"
DIALOGUE = "tips/public/dialogue.html"


def _province(code: str | None) -> AdminUnit | None:
    return provinces().filter(code=code).first() if code else None


def _form_page(request: HttpRequest, province: AdminUnit | None, form: TipForm | None, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {"provinces": provinces_by_name(), "province": province, "form": form, **extra}
    return render(request, FORM, context, status=status)


@anonymous
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def portal(request: HttpRequest) -> HttpResponse:
    """The tip form (GET: choose a province, then the form); POST: send the tip."""
    if request.method == "POST":
        request.upload_handlers = [PortalUploadHandler(request)]
        return _portal_post(request)
    province = _province(request.GET.get("tinh"))
    unknown = bool(request.GET.get("tinh")) and province is None
    return _form_page(
        request,
        province,
        TipForm(province=province) if province else None,
        province_error="Tỉnh, thành phố: lựa chọn không hợp lệ." if unknown else "",
    )


@csrf_protect
def _portal_post(request: HttpRequest) -> HttpResponse:
    province = _province(request.POST.get("tinh"))
    if province is None:
        problem = "lựa chọn không hợp lệ" if request.POST.get("tinh") else "chưa chọn"
        return _form_page(request, None, None, province_error=f"Tỉnh, thành phố: {problem}.", status=400)
    client = abuse.client_hash(request)
    form = TipForm(request.POST, request.FILES, province=province)
    if abuse.exhausted(abuse.Counter.SUBMIT, client):
        return _form_page(request, province, form, refused=intake.TOO_MANY_TIPS, status=429)
    if form.is_valid():
        values = form.cleaned_data
        draft = intake.TipDraft(
            category=values["category"],
            commune=values["commune"],
            body=values["body"],
            place=values["place"],
            when_told=values["when_told"],
            occurred_on=values["occurred_on"],
            contact_name=values["contact_name"],
            contact_phone=values["contact_phone"],
        )
        try:
            tip, secret = intake.tip_submit(draft=draft, photos=values["photos"])
        except ValidationFailed as exc:
            add_problems(form, exc.problems)
        else:
            abuse.hit(abuse.Counter.SUBMIT, client)
            return render(request, SENT, {"code": tip.code, "secret": secret})
    photos_lost = bool(request.FILES)
    return _form_page(request, province, form, photos_lost=photos_lost, status=400)


def _open(request: HttpRequest, code: str, secret: str) -> Tip:
    """The tip, after the brute-force limits; raises TooManyAttempts or TipNotOpened (and counts the miss)."""
    client = abuse.client_hash(request)
    target = abuse.code_hash(rules.normalise_code(code) or code.strip().upper())
    if abuse.exhausted(abuse.Counter.WRONG_CLIENT, client) or abuse.exhausted(abuse.Counter.WRONG_CODE, target):
        raise intake.TooManyAttempts(intake.TOO_MANY_ATTEMPTS)
    try:
        return intake.tip_open(code=code, secret=secret)
    except intake.TipNotOpened:
        abuse.hit(abuse.Counter.WRONG_CLIENT, client)
        abuse.hit(abuse.Counter.WRONG_CODE, target)
        raise


def _refused(request: HttpRequest, form: LookupForm, exc: intake.TipNotOpened | intake.TooManyAttempts) -> HttpResponse:
    # An unknown code and a wrong secret get the very same page and status (404: "missing"); too many tries, 429.
    return render(request, LOOKUP, {"form": form, "refused": exc.message}, status=exc.http_status)


def _dialogue(
    request: HttpRequest, tip: Tip, secret: str, reply: ReplyForm | None = None, **extra: Any
) -> HttpResponse:
    if reply is None:
        reply = ReplyForm(initial={"code": tip.code, "secret": rules.normalise_secret(secret)})
    return render(request, DIALOGUE, {"view": intake.tipster_view(tip), "reply": reply, **extra})


@anonymous
@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """GET: the code + secret form; POST: the tip's status and dialogue, when both are right."""
    if request.method == "GET":
        return render(request, LOOKUP, {"form": LookupForm()})
    form = LookupForm(request.POST)
    if not form.is_valid():
        return render(request, LOOKUP, {"form": form})
    try:
        tip = _open(request, form.cleaned_data["code"], form.cleaned_data["secret"])
    except (intake.TipNotOpened, intake.TooManyAttempts) as exc:
        return _refused(request, LookupForm(initial={"code": form.cleaned_data["code"]}), exc)
    return _dialogue(request, tip, form.cleaned_data["secret"])


@anonymous
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest) -> HttpResponse:
    """The tipster's answer or added information (code and secret come again, hidden). A GET (the address kept in
    the browser after a reply: a new tab, a bookmark) goes to the look-up form: code and secret never travel in a
    URL, so there is nothing else to show."""
    if request.method == "GET":
        return redirect("tips:lookup")
    request.upload_handlers = [PortalUploadHandler(request)]
    return _reply_post(request)


@csrf_protect
def _reply_post(request: HttpRequest) -> HttpResponse:
    code, secret = request.POST.get("code", ""), request.POST.get("secret", "")
    try:
        tip = _open(request, code, secret)
    except (intake.TipNotOpened, intake.TooManyAttempts) as exc:
        return _refused(request, LookupForm(initial={"code": code}), exc)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            intake.tipster_reply(tip=tip, text=form.cleaned_data["text"], photos=form.cleaned_data["photos"])
        except ValidationFailed as exc:
            add_problems(form, exc.problems)
        else:
            return _dialogue(request, tip, secret, sent=True)
    return _dialogue(request, tip, secret, reply=form, photos_lost=bool(request.FILES))
