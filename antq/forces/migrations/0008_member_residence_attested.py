"""A member's residence (Art. 13.1.b, resident ≥ 1 year) may be recorded as the commune's attestation instead of a
date: the commune's own roster sheet has no "resident since" column (issue 16, item 0). At least one of the two is
recorded (database rule). Reversing needs every member to have a date again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forces", "0007_sort_keys"),
        ("geo", "0003_sort_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="teammember",
            name="residence_verified",
            field=models.BooleanField(default=False, verbose_name="đã xác minh cư trú tại địa bàn đủ 01 năm"),
        ),
        migrations.AlterField(
            model_name="teammember",
            name="resident_since",
            field=models.DateField(blank=True, null=True, verbose_name="cư trú tại địa bàn từ"),
        ),
        migrations.AddConstraint(
            model_name="teammember",
            constraint=models.CheckConstraint(
                condition=models.Q(("resident_since__isnull", False), ("residence_verified", True), _connector="OR"),
                name="forces_member_residence",
            ),
        ),
    ]
