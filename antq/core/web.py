"""Small helpers every app's views share: pagination by 50, typed errors onto forms, 404 for out of scope."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from antq.core.errors import ANTQError, NotFoundOrOutOfScope, Problem, ValidationProblems
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
    """Call a service; put a typed error on the form (on its field when the form has it) and return None. A
    `ValidationProblems` puts each of its problems on its own field."""
    try:
        return call()
    except NotFoundOrOutOfScope as exc:
        raise Http404(exc.message) from exc
    except ValidationProblems as exc:
        add_problems(form, exc.problems)
        return None
    except ANTQError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def add_problems(form: forms.BaseForm, problems: Sequence[Problem]) -> None:
    """Put each problem on its field (the form's non-field errors when the form has no such field), leaving out a
    problem on a field that already shows an error: the user fixes what the field says first."""
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        if field is not None and field in form.errors:
            continue
        form.add_error(field, problem.message)


def check_form(form: forms.BaseForm, check: Callable[[dict[str, Any]], Sequence[Problem]]) -> bool:
    """Validate a bound form in one pass — its fields, then `check` (the service's rule check, given what cleaned)
    — so the page shows every error at once, each on its field. True when there is none."""
    form.is_valid()
    add_problems(form, check(dict(form.cleaned_data)))
    return not form.errors


def query_int(request: HttpRequest, name: str) -> int | None:
    """A query-string id (`?team=12`) as an int, or None when absent or not a plain positive 63-bit integer.

    A filter given garbage (`?locality=²`, `?team=99999999999999999999999`) matches nothing rather than
    raising: it is the same as a filter on an id that does not exist."""
    digits = ascii_digits(request.GET.get(name))
    if digits is None:
        return None
    value = int(digits)
    return value if 0 < value < 2**63 else None
