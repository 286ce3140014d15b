"""The "Finance" staff group: may view the books (accounts, transactions,
postings) in the admin; nobody may change them."""

from django.db import migrations

MODELS = ("account", "journaltransaction", "posting")


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("escrow")
    app_config.models_module = True  # historical app configs say "no models": permissions need them now
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name="Finance")
    group.permissions.add(
        *permission.objects.filter(content_type__app_label="escrow", codename__in=[f"view_{m}" for m in MODELS])
    )


def drop_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Finance").delete()


class Migration(migrations.Migration):
    dependencies = [("escrow", "0002_ledger_triggers"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]  # fmt: skip

    operations = [migrations.RunPython(create_group, drop_group)]
