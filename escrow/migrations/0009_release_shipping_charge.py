"""The order's shipping charge on its Release (issue 13: the seller's history shows
items, shipping, commission and FX per order). NULL for releases written before:
escrow never knew their shipping, and nothing here can read orders' rows."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escrow', '0008_ledger_balanced_set_based'),
    ]

    operations = [
        migrations.AddField(
            model_name='release',
            name='shipping',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=19, null=True),
        ),
        migrations.AddConstraint(
            model_name='release',
            constraint=models.CheckConstraint(condition=models.Q(('shipping__isnull', True), models.Q(('shipping__gte', 0), ('shipping__lte', models.F('amount'))), _connector='OR'), name='escrow_release_shipping_within_amount'),
        ),
    ]
