"""Base model bits shared by the apps (abstract), and the one table of core: `Job`, a background job a user started
(antq/core/jobs.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không thành công"


class Job(models.Model):
    """Long work a user started (a document file, an export), run by the job worker (django-tasks) off the request
    path. Its owner follows it on its page: status, progress, then the file or the reason it failed. The file is
    kept under MEDIA_ROOT/jobs/ and served only to the owner (antq/core/views.py)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    func_path = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    result = models.FileField(upload_to="jobs/%Y/%m/", blank=True, max_length=300)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    # A job whose result is a page, not a file (an import: the list it wrote to); `result_name` says what was done.
    result_url = models.CharField(max_length=300, blank=True)
    # Work that must run once (an import preview's token): no two jobs share a non-empty key (a DB-level guard
    # against a second click starting the same import twice).
    once_key = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life: every progress report moves it; a running job silent for too long is stale.
    updated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="core_job_owner_created"),
            models.Index(fields=["status", "updated_at"], name="core_job_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")) | models.Q(progress_total=0),
                name="core_job_progress_within_total",
            ),
            models.UniqueConstraint(
                fields=["once_key"], condition=~models.Q(once_key=""), name="core_job_once_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return self.progress_done * 100 // self.progress_total if self.progress_total else 0
