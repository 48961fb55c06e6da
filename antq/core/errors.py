"""Typed errors with a code and a Vietnamese message; views and the API translate them in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
    """Input breaks a rule; `field` names the offending field when there is one."""

    code = "invalid"


@dataclass(frozen=True)
class Problem:
    """One broken rule: a stable `code`, the `field` it concerns (None: the record as a whole) and the Vietnamese
    `message`. Rule functions return lists of these, so a form or an import can show every problem at once."""

    code: str
    field: str | None
    message: str


class ValidationProblems(ValidationFailed):
    """Several rules broken at once (`problems`, in the order found). `message` joins them and `field` is the
    first one's, so a caller that shows one error still shows every message; `antq.core.web.run_service` puts
    each on its own field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("ValidationProblems needs at least one problem")
        super().__init__("; ".join(p.message for p in problems), field=problems[0].field)
        self.problems = tuple(problems)


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
