"""Search in every language with typos, on both databases (listings.search).

PostgreSQL: `search_text` (every title and attribute value, original and
translated) with a GIN trigram index, which replaces the one on the title; the
stored tsvector now also holds the translations' attributes and descriptions.
SQLite: an FTS5 table with the trigram tokenizer. Both are filled here for the
listings that exist, from the fields as they are at this migration."""

from django.db import migrations, models

from listings.search import postgres, sqlite
from listings.search.documents import HTML, JSON, SearchField

# Frozen here: a field added to listings.search.documents later comes with its own rebuild.
FIELDS = (SearchField("title", "A"), SearchField("attributes", "B", JSON), SearchField("description", "C", HTML))


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS listing_search_text_trgm ON listings_listing USING gin (search_text gin_trgm_ops)"
        )
        schema_editor.execute("DROP INDEX IF EXISTS listing_title_trgm")
        postgres.index_fill(connection, everything=True, listing_fields=FIELDS, translation_fields=FIELDS)
    elif connection.vendor == "sqlite":
        schema_editor.execute(sqlite.CREATE_FTS)
        sqlite.index_fill(connection, everything=True, listing_fields=FIELDS, translation_fields=FIELDS)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS listing_title_trgm ON listings_listing USING gin (title gin_trgm_ops)"
        )
        schema_editor.execute("DROP INDEX IF EXISTS listing_search_text_trgm")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(sqlite.DROP_FTS)


class Migration(migrations.Migration):
    dependencies = [("listings", "0010_stockmovement")]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(forward, backward),
    ]
