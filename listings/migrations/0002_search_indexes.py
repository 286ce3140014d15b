"""PostgreSQL search indexes: GIN on the stored tsvector, GIN trigram on the
title (pg_trgm). Nothing on SQLite, which has neither (the embedded default
searches by substring)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS listing_search_gin ON listings_listing USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS listing_title_trgm ON listings_listing USING gin (title gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS listing_title_trgm", "DROP INDEX IF EXISTS listing_search_gin"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
