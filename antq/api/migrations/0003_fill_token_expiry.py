"""Existing tokens expire 90 days after they were issued (the default of ANTQ_TOKEN_DAYS when expiry came in).

A fixed 90 days rather than today's setting, so the migration gives the same result wherever it runs. Reversing
empties the column again (0002's reversal then drops it)."""

import datetime as dt

from django.db import migrations
from django.db.models import F

DAYS = 90


def fill(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=F("created_at") + dt.timedelta(days=DAYS))


def empty(apps, schema_editor):
    apps.get_model("api", "ApiToken").objects.update(expires_at=None)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_apitoken_expires_at")]

    operations = [migrations.RunPython(fill, empty)]
