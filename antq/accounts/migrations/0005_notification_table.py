"""The notifications table taken over in 0004 gets this app's names: `reporting_notification` →
`accounts_notification`, its index `reporting_notification_unread` → `accounts_notification_unread`. A rename on
SQLite and PostgreSQL alike (rows, ids and the foreign key kept); reversible."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_notification_from_reporting"),
    ]

    operations = [
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RenameIndex(
            model_name="notification",
            new_name="accounts_notification_unread",
            old_name="reporting_notification_unread",
        ),
    ]
