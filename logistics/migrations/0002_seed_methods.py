"""Seed carriers, methods, zones and rates from logistics/data/methods.json
(see logistics.seed). Reversing deletes the seeded methods and their carriers."""

from django.db import migrations


def seed(apps, schema_editor):
    from logistics.seed import seed_methods

    seed_methods(lambda name: apps.get_model("logistics", name))


def unseed(apps, schema_editor):
    from logistics.seed import unseed_methods

    unseed_methods(lambda name: apps.get_model("logistics", name))


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
