"""The search documents now hold the translated option names and values
(listings.search.documents: ListingTranslation.terms): rewrite every listing's
document once, as `manage.py search_index_rebuild` does (one statement on
PostgreSQL, batches on SQLite; nothing to do on an empty catalogue)."""

from django.core.management import call_command
from django.db import migrations


def rebuild(apps, schema_editor):
    if apps.get_model("listings", "Listing").objects.exists():
        call_command("search_index_rebuild", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("listings", "0015_merge_import_packets")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
