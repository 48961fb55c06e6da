"""Home page (sends each user to the unit they work on, a team leader to their team's page); the user's background
jobs (a page per job with its progress, the file when done, the reason when failed; antq/core/jobs.py); the health
and metrics endpoints monitoring polls; the error pages, rendered with the request's id ("Mã yêu cầu") so that a report
to the help desk finds its log lines."""

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.core import health, jobs, metrics
from antq.core.middleware import is_anonymous
from antq.core.models import JobStatus
from antq.core.web import or_404, paginate
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


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """ "Công việc của tôi": the user's own jobs, newest first."""
    jobs.jobs_fail_stale()
    return render(request, "core/job_list.html", {"page": paginate(request, jobs.jobs_for(request.user))})


@never_cache
@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job of the user's (another user's: 404): status and progress, refreshing itself every 2 seconds while
    unfinished (a meta refresh: no script needed), then the download link or the reason it failed."""
    jobs.jobs_fail_stale()
    job = or_404(lambda: jobs.get_job_for(request.user, pk))
    return render(request, "core/job_detail.html", {"job": job})


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job page's figures as JSON, for a script that polls instead of reloading the page."""
    job = or_404(lambda: jobs.get_job_for(request.user, pk))
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.progress_done,
            "total": job.progress_total,
            "percent": job.percent,
            "text": job.progress_text,
            "error": job.error,
            "finished": job.is_finished,
        }
    )


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The finished job's file, to its owner only; 404 before it is done or when the file is gone."""
    job = or_404(lambda: jobs.get_job_for(request.user, pk))
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    try:
        handle = job.result.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=job.result_name, content_type=job.result_type)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """No login: which checks pass, nothing about why (antq/core/health.py); 503 when one fails."""
    answer = health.health()
    return JsonResponse(answer, status=200 if answer["status"] == "ok" else 503)


@never_cache
@require_GET
def metrics_page(request: HttpRequest) -> HttpResponse:
    """Prometheus text for a scraper holding ANTQ_METRICS_TOKEN (Authorization: Bearer …); 404 to anyone else, and
    to everyone when no token is configured. Not "localhost only": behind a proxy on the same host every request
    comes from localhost."""
    token = settings.ANTQ_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # Without the request's context processors, as Django renders its 500 page: nothing here can fail in turn.
    # A public page's visitor (the tip portal: `@anonymous`) has no account: no "log in again", and home is the
    # public area's first page (its first path segment: /to-giac/), not the login page.
    public = is_anonymous(request)
    home = "/" + request.path.strip("/").split("/")[0] + "/" if public else "/"
    context = {"request_id": getattr(request, "request_id", ""), "public": public, "home": home}
    return HttpResponse(render_to_string(template, context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, "403_csrf.html", 403)
