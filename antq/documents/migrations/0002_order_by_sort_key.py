"""Report documents list their units in Vietnamese order (geo 0003's `sort_key`) instead of by folded name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("geo", "0003_sort_key"), ("documents", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="reportdocument",
            options={
                "ordering": ["-period", "unit__level", "unit__sort_key"],
                "verbose_name": "báo cáo sơ kết, tổng kết",
                "verbose_name_plural": "báo cáo sơ kết, tổng kết",
            },
        ),
    ]
