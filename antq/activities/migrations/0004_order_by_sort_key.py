"""Festivals list their communes in Vietnamese order (geo 0003's `sort_key`) instead of by folded name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("geo", "0003_sort_key"), ("activities", "0003_outreach_month")]

    operations = [
        migrations.AlterModelOptions(
            name="festival",
            options={
                "ordering": ["-year", "commune__sort_key"],
                "verbose_name": "Ngày hội toàn dân bảo vệ ANTQ",
                "verbose_name_plural": "Ngày hội toàn dân bảo vệ ANTQ",
            },
        ),
    ]
