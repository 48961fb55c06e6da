"""Recorded issuing bodies composed from a unit's registry name ("Công an Tỉnh Hưng Yên") take the sentence form
("Công an tỉnh Hưng Yên"), as new recognitions now do (antq.core.text.body_of)."""

from django.db import migrations

_PREFIXES = [
    (f"Công an {word} ", f"Công an {word.lower()} ")
    for word in ("Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu", "Thị trấn")
]


def _fix(apps, schema_editor):
    for model, field in (("SiteRecognition", "issuing_body"), ("SchemeSite", "recognition_body")):
        Model = apps.get_model("schemes", model)
        for old, new in _PREFIXES:
            rows = Model.objects.filter(**{f"{field}__startswith": old}).only("pk", field)
            for row in rows.iterator():
                setattr(row, field, new + getattr(row, field)[len(old) :])
                row.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [("schemes", "0007_vietnamese_verbose_names")]

    operations = [migrations.RunPython(_fix, migrations.RunPython.noop)]
