from django.db import migrations


def load(apps, schema_editor):
    from listings.services import categories_sync

    categories_sync(category_model=apps.get_model("listings", "Category"))


class Migration(migrations.Migration):
    dependencies = [("listings", "0002_search_indexes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
