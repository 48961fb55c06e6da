"""Typed errors with a code and a Vietnamese message; views and the API translate them in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

# One problem a check found: the field to blame (None: the record as a whole) and a Vietnamese message.
Problem = tuple[str | None, str]


class ANTQError(Exception):
    """Base error: `code` is stable for programs, `message` is Vietnamese for people."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationFailed(ANTQError):
    """Input breaks a rule; `field` names the offending field when there is one. A check that reports every
    problem at once passes them all in `problems` (the first is also `message` and `field`); otherwise
    `problems` holds just that one."""

    code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, field: str | None = None, problems: Sequence[Problem] = ()
    ) -> None:
        super().__init__(message, code=code, field=field)
        self.problems: list[Problem] = list(problems) or [(field, message)]


def model_problems(obj: Any, exclude: list[str] | None = None, *, besides: Sequence[Problem] = ()) -> list[Problem]:
    """The model's own field rules (required, lengths, choices, URL) as (field, message) pairs, every one — none
    for a field a rule in `besides` already blames (one message per field: the rule's, which says more)."""
    blamed = {field for field, _message in besides}
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False, validate_unique=False)
    except DjangoValidationError as exc:
        found = [(None if field == "__all__" else field, "; ".join(text)) for field, text in exc.message_dict.items()]
        return [(field, message) for field, message in found if field is None or field not in blamed]
    return []


def raise_problems(problems: Sequence[Problem], *, code: str | None = None) -> None:
    """Raise one ValidationFailed carrying every problem found (forms show each on its field, the API lists them
    all); return when there is none."""
    if problems:
        field, message = problems[0]
        raise ValidationFailed(message, code=code, field=field, problems=problems)


class NotFoundOrOutOfScope(ANTQError):
    """Missing or outside the actor's scope: callers cannot tell which (answers 404)."""

    code = "not_found"
    http_status = 404


class PermissionDenied(ANTQError):
    """The actor's role may not perform this action on an object they can see."""

    code = "forbidden"
    http_status = 403


class AmbiguousName(ANTQError):
    """A unit name matches several units; `candidates` lists them as "code name, province"."""

    code = "ambiguous"

    def __init__(self, message: str, *, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class FormerUnitName(AmbiguousName):
    """A unit name from before 1/7/2025 (Nghị quyết 202/2025/QH15): it names no unit today, so it is refused rather
    than guessed; `candidates` lists today's unit(s) it became, as "code name, province"."""

    code = "former_unit"


class UnitNameNotExact(AmbiguousName):
    """A unit name written with its diacritics that no unit carries, though some fold alike ("Đông Xuân" vs "Xã Đồng
    Xuân"): refused rather than guessed; `candidates` lists the units it may have meant."""

    code = "not_exact"
