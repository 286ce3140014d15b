"""Where a parcel leaves from: CartLine.ships_from (a warehouse country, "" = the
store's home; one line per variant and origin) and Order.ships_from /
Order.warehouse_id. Orders placed before left from their store's country."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def orders_ship_from_home(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Seller = apps.get_model("sellers", "Seller")
    Order.objects.filter(ships_from="").update(
        ships_from=Subquery(Seller.objects.filter(pk=OuterRef("seller_id")).values("country")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0005_orderevent_detail_for_carrier_notes"),
        ("sellers", "0002_vetting_officers_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="cartline",
            name="ships_from",
            field=models.CharField(blank=True, default="", max_length=2),
        ),
        migrations.RemoveConstraint(model_name="cartline", name="cart_line_one_per_variant"),
        migrations.AddConstraint(
            model_name="cartline",
            constraint=models.UniqueConstraint(
                fields=("cart", "variant", "ships_from"), name="cart_line_one_per_variant_origin"
            ),
        ),
        migrations.AddField(
            model_name="order",
            name="ships_from",
            field=models.CharField(default="", max_length=2),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="order",
            name="warehouse_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(orders_ship_from_home, migrations.RunPython.noop),
    ]
