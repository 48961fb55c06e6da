"""Notifications move to accounts (issue 17 item 4): forces, below reporting, must notify too. The table and its
rows stay where they are; this app only stops declaring the model (accounts 0004 takes it over, 0005 renames the
table). State only: nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_missing_report"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
