"""Every existing store gets its default shipping template (new stores get one on approval)."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    Seller = apps.get_model("sellers", "Seller")
    ShippingTemplate = apps.get_model("logistics", "ShippingTemplate")
    have = set(ShippingTemplate.objects.filter(is_default=True).values_list("seller_id", flat=True))
    ShippingTemplate.objects.bulk_create(
        ShippingTemplate(seller_id=pk, name="Default", is_default=True, handling_days=0)
        for pk in Seller.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0003_shippingtemplate_freeshippingrule_warehouse_and_more"),
        ("sellers", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
