"""Stored phone numbers in one canonical form (issue 16): Exemplar.contact_phone spelled "+84 987 654 321",
"84987654321", "0987.654.321" or "0987 654 321" becomes 0987654321 — where antq.core.phones.phone_canonical (the
`phonenumbers` library) reads one valid Vietnamese number. A value it cannot read is left as it is, never
guessed; `python manage.py check_phones` lists it. Data only; the next migration adds the database check.

Not reversible in data (the old spellings are not kept): backwards it changes nothing."""

from django.db import migrations

from antq.core.phones import stored_phones_rewrite


def canonicalise(apps, schema_editor):
    Exemplar = apps.get_model("schemes", "Exemplar")
    stored_phones_rewrite(Exemplar._base_manager.all(), "contact_phone")


class Migration(migrations.Migration):
    dependencies = [("schemes", "0002_national_scheme_types")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
