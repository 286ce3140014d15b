"""The "Finance" group may also view payments, refunds, gateway events and the
sandbox gateway's records (its deliveries' log among them); nobody changes them."""

from django.db import migrations

MODELS = ("payment", "paymentallocation", "gatewayevent", "refund", "sandboxpayment", "sandboxattempt",
          "sandboxrefund", "sandboxwebhook")  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("escrow")
    app_config.models_module = True  # historical app configs say "no models": permissions need them now
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="Finance")
    permission = apps.get_model("auth", "Permission")
    group.permissions.add(
        *permission.objects.filter(content_type__app_label="escrow", codename__in=[f"view_{m}" for m in MODELS])
    )


def revoke(apps, schema_editor):
    permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name="Finance").first()
    if group is not None:
        group.permissions.remove(
            *permission.objects.filter(content_type__app_label="escrow", codename__in=[f"view_{m}" for m in MODELS])
        )


class Migration(migrations.Migration):
    dependencies = [("escrow", "0005_sandbox_gateway"), ("escrow", "0003_finance_group")]

    operations = [migrations.RunPython(grant, revoke)]
