"""`sort_key` on units, localities and establishments: Vietnamese order with numbers in natural order
(`core.text.place_sort_key`), the same on SQLite and PostgreSQL. Lists order by it instead of `folded_name`, which
stays for matching and uniqueness. Existing rows are filled in batches; reversing drops the column."""

from django.db import migrations, models

from antq.core.text import place_sort_key

BATCH = 2000


def fill(apps, schema_editor):
    for name in ("AdminUnit", "Locality", "Establishment"):
        model = apps.get_model("geo", name)
        last = 0
        while rows := list(model.objects.filter(pk__gt=last).order_by("pk").only("pk", "name")[:BATCH]):
            for row in rows:
                row.sort_key = place_sort_key(row.name)
            model.objects.bulk_update(rows, ["sort_key"])
            last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_folded_name_trigram")]

    operations = [
        migrations.AddField(
            model_name="adminunit",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=1024),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="locality",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=1024),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="establishment",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=1024),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterModelOptions(
            name="locality",
            options={
                "ordering": ["commune", "sort_key"],
                "verbose_name": "thôn, tổ dân phố",
                "verbose_name_plural": "thôn, tổ dân phố",
            },
        ),
        migrations.AlterModelOptions(
            name="establishment",
            options={
                "ordering": ["commune", "kind", "sort_key"],
                "verbose_name": "cơ quan, doanh nghiệp, cơ sở giáo dục",
                "verbose_name_plural": "cơ quan, doanh nghiệp, cơ sở giáo dục",
            },
        ),
        migrations.AddIndex(
            model_name="adminunit",
            index=models.Index(fields=["parent", "sort_key"], name="geo_unit_parent_sort"),
        ),
        migrations.AddIndex(
            model_name="locality",
            index=models.Index(fields=["commune", "sort_key"], name="geo_locality_commune_sort"),
        ),
        migrations.AddIndex(
            model_name="establishment",
            index=models.Index(fields=["commune", "kind", "sort_key"], name="geo_establishment_kind_sort"),
        ),
    ]
