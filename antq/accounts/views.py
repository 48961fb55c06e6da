"""Delegated administration pages and the audit trail viewer. Thin: forms in, services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts import selectors, services
from antq.accounts.forms import AssignmentForm, AuditFilterForm, UserCreateForm
from antq.accounts.models import AuditEntry, RoleAssignment, User
from antq.accounts.scope import ADMIN_ROLES, scope_for
from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.geo.models import AdminUnit


def _administered_units(request: HttpRequest):  # type: ignore[no-untyped-def]
    scope = scope_for(request.user)
    units = AdminUnit.objects.filter(valid_to__isnull=True).select_related("parent").order_by("level", "code")
    if scope.is_national(ADMIN_ROLES):
        return units
    provinces = scope.province_ids(ADMIN_ROLES)
    return units.filter(pk__in=provinces) | units.filter(parent_id__in=provinces)


def _user_or_404(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    try:
        return selectors.get_user_for(request.user, pk)
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc


def _require_admin(request: HttpRequest) -> None:
    if not selectors.can_read_audit(request.user):
        raise Http404


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    # NUL cannot be in a name and PostgreSQL text cannot hold it (a 500 before): the search ignores it.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    users = selectors.users_for(request.user, query=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserCreateForm(request.POST or None, units=_administered_units(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                home_unit=data["home_unit"],
            )
            services.assignment_grant(actor=request.user, user=user, role=data["role"], unit=data["home_unit"])
        except ANTQError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}. Mật khẩu tạm thời: {password}")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    from axes.models import AccessAttempt

    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "assignments": RoleAssignment.objects.filter(user=user).select_related("unit", "unit__parent"),
            "form": AssignmentForm(units=_administered_units(request)),
            "locked": AccessAttempt.objects.filter(username=user.username).exists(),
        },
    )


@login_required
@require_POST
def user_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user_or_404(request, pk)
    try:
        if action == "disable":
            services.user_set_active(actor=request.user, user=user, active=False)
            messages.success(request, "Đã khóa tài khoản.")
        elif action == "enable":
            services.user_set_active(actor=request.user, user=user, active=True)
            messages.success(request, "Đã mở lại tài khoản.")
        elif action == "unlock":
            services.user_lockout_clear(actor=request.user, user=user)
            messages.success(request, "Đã xóa khóa đăng nhập sai.")
        elif action == "reset-password":
            password = services.user_password_reset(actor=request.user, user=user)
            messages.success(request, f"Mật khẩu tạm thời mới: {password}")
        elif action == "grant":
            form = AssignmentForm(request.POST, units=_administered_units(request))
            if not form.is_valid():
                messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
            else:
                services.assignment_grant(
                    actor=request.user,
                    user=user,
                    role=form.cleaned_data["role"],
                    unit=form.cleaned_data["unit"],
                    valid_from=form.cleaned_data["valid_from"],
                    valid_to=form.cleaned_data["valid_to"],
                )
                messages.success(request, "Đã cấp quyền.")
        else:
            raise Http404
    except ANTQError as exc:
        if exc.http_status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def assignment_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    assignment = RoleAssignment.objects.filter(user=user, pk=assignment_pk).select_related("unit").first()
    if assignment is None:
        raise Http404
    try:
        services.assignment_end(actor=request.user, assignment=assignment)
    except NotFoundOrOutOfScope as exc:
        raise Http404 from exc
    messages.success(request, "Đã kết thúc quyền.")
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    types = ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type_id").distinct())
    object_types = sorted(((str(t.pk), capfirst(str(t.name))) for t in types), key=lambda pair: pair[1])
    users = [(u.pk, f"{u.username} · {u.full_name}") for u in selectors.users_for(request.user)[:500]]
    form = AuditFilterForm(request.GET or None, object_types=object_types, users=users)
    # A filter that does not read (a date such as 99/99/9999) is refused with its message, not silently dropped:
    # the list stays empty until the filter is corrected.
    invalid = form.is_bound and not form.is_valid()
    filters = form.cleaned_data if form.is_bound and not invalid else {}
    entries = (
        AuditEntry.objects.none()
        if invalid
        else selectors.audit_entries_for(
            request.user,
            user_id=filters.get("user"),
            content_type_id=int(filters["object_type"]) if filters.get("object_type") else None,
            action=filters.get("action"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_trail.html", {"page": page, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # One transaction: the new password, the must-change flag lifted and the user's API tokens revoked.
        assert isinstance(request.user, User)  # @login_required
        user = services.user_password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})
