"""Every token now has an expiry (0003): the column becomes required and must lie after the issue time."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0003_fill_token_expiry")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="hết hạn"),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_at__gt", models.F("created_at"))),
                name="api_token_expires_after_created",
            ),
        ),
    ]
