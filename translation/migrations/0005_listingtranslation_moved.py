"""ListingTranslation now lives in listings (listings 0009 renamed its table and
moved its content type): drop it from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0004_messaging_moved"),
        ("listings", "0009_listingtranslation_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ListingTranslation")]),
    ]
