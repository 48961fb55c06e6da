"""PostgreSQL only: trigram GIN indexes so that "folded name contains …" searches use an index.

SQLite keeps the plain b-tree index from 0001 (a province-sized scan there is a few milliseconds).
"""

from django.db import migrations

TABLES = ["geo_adminunit", "geo_locality", "geo_establishment"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_folded_trgm ON {table} USING gin (folded_name gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
