"""Vietnamese order for teams and members (`core.text`): teams get a `sort_key` (`place_sort_key`, numbers in
natural order: "Tổ bảo vệ ANTT Thôn 2" before "… Thôn 10"); members' keys are recomputed with `name_sort_key`,
which no longer gives the digit 9 and the letter a the same rank. Filled in batches; reversing drops the team
column and rewrites members' keys as they were (`core.sort_keys_v1`)."""

from django.db import migrations, models

from antq.core.sort_keys_v1 import name_sort_key_v1
from antq.core.text import name_sort_key, place_sort_key

BATCH = 2000


def _rewrite(model, source, compute):
    last = 0
    while rows := list(model.objects.filter(pk__gt=last).order_by("pk").only("pk", source)[:BATCH]):
        for row in rows:
            row.sort_key = compute(getattr(row, source))
        model.objects.bulk_update(rows, ["sort_key"])
        last = rows[-1].pk


def forwards(apps, schema_editor):
    _rewrite(apps.get_model("forces", "SecurityTeam"), "name", place_sort_key)
    _rewrite(apps.get_model("forces", "TeamMember"), "full_name", name_sort_key)


def backwards(apps, schema_editor):
    _rewrite(apps.get_model("forces", "TeamMember"), "full_name", name_sort_key_v1)


class Migration(migrations.Migration):
    dependencies = [("forces", "0006_member_phone_canonical")]

    operations = [
        migrations.AddField(
            model_name="securityteam",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=1024),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="teammember",
            name="sort_key",
            field=models.CharField(db_index=True, editable=False, max_length=1024),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
        migrations.AlterModelOptions(
            name="securityteam",
            options={
                "ordering": ["commune", "sort_key"],
                "verbose_name": "Tổ bảo vệ ANTT",
                "verbose_name_plural": "Tổ bảo vệ ANTT",
            },
        ),
        migrations.AddIndex(
            model_name="securityteam",
            index=models.Index(fields=["commune", "sort_key"], name="forces_team_commune_sort"),
        ),
    ]
