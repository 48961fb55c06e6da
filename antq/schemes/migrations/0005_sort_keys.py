"""Vietnamese order for scheme types, schemes and advanced examples (`core.text`): types and schemes get a
`sort_key` (`place_sort_key`, numbers in natural order); advanced examples' keys are recomputed — people with
`name_sort_key`, collectives with `place_sort_key` (they were sorted by their folded name, đ as d). Filled in
batches; reversing drops the new columns and rewrites advanced examples' keys as they were."""

from django.db import migrations, models

from antq.core.sort_keys_v1 import name_sort_key_v1
from antq.core.text import fold, name_sort_key, place_sort_key

BATCH = 2000


def _rewrite(model, compute):
    last = 0
    while rows := list(model.objects.filter(pk__gt=last).order_by("pk")[:BATCH]):
        for row in rows:
            row.sort_key = compute(row)
        model.objects.bulk_update(rows, ["sort_key"])
        last = rows[-1].pk


def forwards(apps, schema_editor):
    _rewrite(apps.get_model("schemes", "SchemeType"), lambda row: place_sort_key(row.name))
    _rewrite(apps.get_model("schemes", "Scheme"), lambda row: place_sort_key(row.name))
    _rewrite(
        apps.get_model("schemes", "Exemplar"),
        lambda row: name_sort_key(row.name) if row.kind == "person" else place_sort_key(row.name),
    )


def backwards(apps, schema_editor):
    _rewrite(
        apps.get_model("schemes", "Exemplar"),
        lambda row: name_sort_key_v1(row.name) if row.kind == "person" else fold(row.name),
    )


class Migration(migrations.Migration):
    dependencies = [("schemes", "0004_exemplar_contact_phone_canonical")]

    operations = [
        migrations.AddField(
            model_name="schemetype",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=1024),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scheme",
            name="sort_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=1024),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="exemplar",
            name="sort_key",
            field=models.CharField(db_index=True, editable=False, max_length=1024),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
        migrations.AlterModelOptions(
            name="schemetype",
            options={"ordering": ["sort_key"], "verbose_name": "loại mô hình", "verbose_name_plural": "loại mô hình"},
        ),
        migrations.AlterModelOptions(
            name="scheme",
            options={"ordering": ["sort_key"], "verbose_name": "mô hình", "verbose_name_plural": "mô hình"},
        ),
    ]
