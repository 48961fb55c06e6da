"""Stored CCCDs are 12 ASCII digits (database rule; antq.forces.models.NATIONAL_ID_ASCII_12)."""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


def _without_ascii_digits(field):
    expression = models.F(field)
    for digit in "0123456789":
        expression = django.db.models.functions.text.Replace(expression, models.Value(digit), models.Value(""))
    return expression


class Migration(migrations.Migration):
    dependencies = [("forces", "0003_national_id_ascii_digits")]

    operations = [
        migrations.AddConstraint(
            model_name="teammember",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(django.db.models.functions.text.Length("national_id"), 12),
                    django.db.models.lookups.Exact(_without_ascii_digits("national_id"), ""),
                ),
                name="forces_member_national_id_ascii",
            ),
        ),
    ]
