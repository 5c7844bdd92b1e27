"""On PostgreSQL, a trigram index on the normalised search text (when the pg_trgm extension is available).

Search is ``search_text LIKE '%stem%'`` per word on every database; pg_trgm's GIN index serves those
patterns on PostgreSQL. Without the extension (no permission to create it) search still works, unindexed.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT petitions_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no permission: search stays unindexed
            cursor.execute("ROLLBACK TO SAVEPOINT petitions_trgm")
            return
        cursor.execute("RELEASE SAVEPOINT petitions_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS petition_search_trgm ON petitions_petition "
            "USING gin (search_text gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS petition_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
