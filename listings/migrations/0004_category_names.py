"""Load the category names in every interface language into databases that
already have the tree (categories_sync updates rows by slug; safe to re-run)."""

from django.db import migrations


def load(apps, schema_editor):
    from listings.services import categories_sync

    categories_sync(category_model=apps.get_model("listings", "Category"))


class Migration(migrations.Migration):
    dependencies = [("listings", "0003_categories")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
