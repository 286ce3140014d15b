"""Load the shipped offline exchange rates, so a new site converts prices
before the first refresh from the ECB."""

from django.db import migrations


def seed(apps, schema_editor):
    from marketplace.rates import load_seed

    ExchangeRate = apps.get_model("marketplace", "ExchangeRate")
    for quote in load_seed():
        ExchangeRate.objects.get_or_create(
            base_currency="EUR",
            currency=quote.currency,
            source="seed",
            effective_date=quote.effective_date,
            defaults={"rate": quote.rate},
        )


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
