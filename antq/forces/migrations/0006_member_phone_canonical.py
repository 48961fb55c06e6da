"""Stored phone numbers have the canonical shape (database rule; antq.core.phones.canonical_phone_q): empty, or 0
then ASCII digits, 10 (mobile) or 11 (landline) characters in all. Portable without a regex: REPLACE removes 0–9
and compares code points on SQLite and PostgreSQL alike.

The previous migration rewrote every value the validator reads; a value it could not read stops this one with
the way out (list them with `manage.py check_phones`, correct them on the record's page, migrate again) rather
than failing on the database's bare constraint error or dropping the value."""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


def _without_ascii_digits(field):
    expression = models.F(field)
    for digit in "0123456789":
        expression = django.db.models.functions.text.Replace(expression, models.Value(digit), models.Value(""))
    return expression


def _canonical_shape(field):
    return models.Q((field, "")) | models.Q(
        django.db.models.lookups.Exact(django.db.models.functions.text.Left(field, 1), "0"),
        django.db.models.lookups.In(django.db.models.functions.text.Length(field), [10, 11]),
        django.db.models.lookups.Exact(_without_ascii_digits(field), ""),
    )


def refuse_unreadable(apps, schema_editor):
    TeamMember = apps.get_model("forces", "TeamMember")
    left = TeamMember._base_manager.exclude(_canonical_shape("phone")).count()
    if left:
        raise RuntimeError(
            f"{left} stored phone number(s) in forces.TeamMember.phone could not be read as one Vietnamese number. "
            "List them with `python manage.py check_phones`, correct them, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("forces", "0005_member_phone_canonical_data")]

    operations = [
        migrations.RunPython(refuse_unreadable, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="teammember",
            constraint=models.CheckConstraint(condition=_canonical_shape("phone"), name="forces_member_phone_canonical"),
        ),
    ]
