"""Small helpers every app's views share: pagination by 50, typed errors onto forms, 404 for out of scope, and the
one confirmation of irreversible actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from antq.core.errors import ANTQError, NotFoundOrOutOfScope, ValidationFailed
from antq.core.forms import add_problems
from antq.core.text import ascii_digits

PAGE_SIZE = 50


def paginate(request: HttpRequest, rows: Any) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def or_404[T](fetch: Callable[[], T]) -> T:
    """Run a scoped accessor; "missing" and "not yours" both become a 404."""
    try:
        return fetch()
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc


def run_service[T](form: forms.BaseForm, call: Callable[[], T]) -> T | None:
    """Call a service; put its typed error on the form — every problem it found, each on its field when the form
    has it, with the error's code (`form.has_error(field, code="duplicate")`) — and return None."""
    try:
        return call()
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc
    except ANTQError as exc:
        problems = exc.problems if isinstance(exc, ValidationFailed) else [(exc.field, exc.message)]
        add_problems(form, problems, code=exc.code)
        return None


def query_int(request: HttpRequest, name: str) -> int | None:
    """A query-string id (`?team=12`) as an int, or None when absent or not a plain positive 63-bit integer.

    A filter given garbage (`?locality=²`, `?team=99999999999999999999999`) matches nothing rather than
    raising: it is the same as a filter on an id that does not exist."""
    digits = ascii_digits(request.GET.get(name))
    if digits is None:
        return None
    value = int(digits)
    return value if 0 < value < 2**63 else None


# Irreversible actions (delete, submit, approve, issue) are confirmed one way everywhere: the form carries a
# required checkbox (`{% include "core/confirm.html" with text="…" %}`, which names what will happen) and the view
# refuses a POST without it — so the step is confirmed with or without JavaScript, and a stray or replayed click
# that lacks the box changes nothing. The API is explicit by nature and does not ask.
CONFIRM_FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    """Whether the POST carries the ticked confirmation box."""
    return request.POST.get(CONFIRM_FIELD) == "1"


def require_confirmed(
    request: HttpRequest, action: str, consequence: str = "Thao tác này không hoàn tác được."
) -> None:
    """Refuse an action whose confirmation box was not ticked, naming the action (e.g. "xóa hoạt động") and what
    follows from it (by default that it cannot be undone; a step that can be, such as submitting a report that may
    be withdrawn, says so): a ValidationFailed on the `confirm` field, shown like any other refusal."""
    if not confirmed(request):
        raise ValidationFailed(
            f"Cần đánh dấu ô xác nhận để {action}. {consequence}",
            code="confirm_required",
            field=CONFIRM_FIELD,
        )
