"""Query-parameter helpers shared by every app's endpoints: naming a unit in a filter (`?commune=12688`).

Administrative units are public (the national map), so a filter naming a unit that does not exist is an input
error (400, `field` = the parameter), while a unit outside the caller's scope simply narrows the scoped list to
nothing. Records themselves are never revealed by a filter: every list starts from the caller's scope.
"""

from __future__ import annotations

from antq.core.errors import AmbiguousName, NotFoundOrOutOfScope, ValidationFailed
from antq.geo.models import AdminUnit
from antq.geo.selectors import unit_resolve


def unit_filter(value: str, *, level: str, field: str) -> AdminUnit:
    """Today's unit of `level` named by a code ("12688", "694") or a name ("Xã Đông Hưng, Hưng Yên")."""
    try:
        return unit_resolve(value, level=level)
    except AmbiguousName as exc:
        exc.field = field
        raise
    except NotFoundOrOutOfScope as exc:
        raise ValidationFailed(exc.message, field=field) from exc
