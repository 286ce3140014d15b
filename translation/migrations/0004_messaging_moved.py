"""The messaging models now live in the messaging app (messaging 0001 renamed their
tables and moved their content types): drop them from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0003_messaging"),
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="MessageTranslation"),
                migrations.DeleteModel(name="Message"),
                migrations.DeleteModel(name="Conversation"),
            ]
        ),
    ]
