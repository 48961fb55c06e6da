"""Query-parameter helpers shared by every app's endpoints: ids (`?team=12`, `/teams/{team_id}`) and naming a unit
in a filter (`?commune=12688`).

Every integer parameter is bounded, so what reaches a query fits the database's 64-bit integers: an id is `Id`
(1 … 2^63 − 1, ASCII digits after NFKC, as `antq.core.text.ascii_digits` reads every identifier). Without it,
`?scheme=99999999999999999999999` reached SQLite as an integer it cannot hold (500). Anything else is a 400
`invalid` naming the parameter. `tests/api/test_bad_input.py` fails for an integer parameter without bounds.

Administrative units are public (the national map), so a filter naming a unit that does not exist is an input
error (400, `field` = the parameter), while a unit outside the caller's scope simply narrows the scoped list to
nothing. Records themselves are never revealed by a filter: every list starts from the caller's scope.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval
from pydantic import BeforeValidator

from antq.core.errors import AmbiguousName, NotFoundOrOutOfScope, ValidationFailed
from antq.core.text import ascii_digits
from antq.geo.models import AdminUnit
from antq.geo.selectors import unit_resolve

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed integer column (Django's BigAutoField)


def plain_digits(value: object) -> object:
    """Refuse an integer written other than as plain digits ("²", "٣", "1_000", "+5", " 12.0"); pass ints on."""
    if isinstance(value, int) or value is None:
        return value
    digits = ascii_digits(value)
    if digits is None:
        raise ValueError("not plain digits")  # ninja turns it into a 400 naming the parameter
    return digits


# A database id in a path or a query string: `team_id: Id`, `team: Id | None = None`.
# (The bounds come before the validator so that the OpenAPI schema shows them as `minimum` / `maximum`.)
Id = Annotated[int, Interval(ge=1, le=MAX_ID), BeforeValidator(plain_digits)]


def unit_filter(value: str, *, level: str, field: str) -> AdminUnit:
    """Today's unit of `level` named by a code ("12688", "694") or a name ("Xã Đông Hưng, Hưng Yên")."""
    try:
        return unit_resolve(value, level=level)
    except AmbiguousName as exc:
        exc.field = field
        raise
    except NotFoundOrOutOfScope as exc:
        raise ValidationFailed(exc.message, field=field) from exc
