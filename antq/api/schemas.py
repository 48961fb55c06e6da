"""Small schemas shared by every app's endpoints."""

from __future__ import annotations

from ninja import Schema


class UnitRefOut(Schema):
    """A reference to an administrative unit: its code (the key clients use) and its name."""

    code: str
    name: str
