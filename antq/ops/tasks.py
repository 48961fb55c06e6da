"""Background jobs of antq.ops (django-tasks). django-tasks has no scheduler: a systemd timer or cron runs
`manage.py retention` daily (docs/backups.md); this task is the same run for a worker to take."""

from __future__ import annotations

from django_tasks import task

from antq.ops.retention import retention_run


@task()
def retention_task(dry_run: bool = False) -> dict[str, int | bool]:
    """Apply the retention rules (docs/privacy.md, "Retention") once; returns the counts."""
    return retention_run(dry_run=dry_run).as_dict()
