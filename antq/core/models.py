"""Base model bits shared by the apps (abstract: no tables of their own)."""

from __future__ import annotations

from typing import Any

from django.db import models

from antq.core.text import SORT_KEY_MAX_LENGTH, fold, place_sort_key


def sort_key_field(*, db_index: bool = False) -> models.CharField:
    """The `sort_key` column: plain [0-9a-z] from `core.text`, ordered by byte on every database."""
    return models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, db_index=db_index)


class NamedRecord(models.Model):
    """A record found and listed by its `name` (units, localities, establishments, teams, schemes and their types).

    Two columns follow the name: `folded_name` (`core.text.fold`: matching, search and uniqueness) and `sort_key`
    (`core.text.place_sort_key`: Vietnamese order, the same on SQLite and PostgreSQL). `full_clean()` and
    `save()` set both, and a save limited to `update_fields` that include "name" writes them too. Writes that
    bypass `save()` (bulk creates and updates, raw loads) set them themselves: `derive_name_keys()` on an
    instance, or `fold(name)` and `place_sort_key(name)` for a raw row."""

    name: Any
    folded_name: Any
    sort_key: Any

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "folded_name", "sort_key"}
        super().save(*args, **kwargs)

    def compute_sort_key(self) -> str:
        return place_sort_key(self.name)

    def derive_name_keys(self) -> None:
        self.folded_name = fold(self.name)
        self.sort_key = self.compute_sort_key()

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self.derive_name_keys()
        super().full_clean(*args, **kwargs)
