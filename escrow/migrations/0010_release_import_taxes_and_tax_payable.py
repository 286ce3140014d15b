"""Import taxes collected at checkout are not the seller's (DESIGN.md §2 Logistics, EU
IOSS): a release pays them to a new ledger account kind, tax_payable, and records them on
its Release row. NULL for releases written before: those paid the taxes to the seller,
and escrow never knew them."""

import django.db.models.expressions
import django.db.models.functions.comparison
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escrow', '0009_release_shipping_charge'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='account',
            name='ledger_account_kind_valid',
        ),
        migrations.AddField(
            model_name='release',
            name='taxes',
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=19, null=True),
        ),
        migrations.AlterField(
            model_name='account',
            name='kind',
            field=models.CharField(choices=[('gateway_clearing', 'Gateway clearing'), ('escrow', 'Escrow (per order)'), ('seller_pending', 'Seller pending'), ('seller_available', 'Seller available'), ('platform_commission', 'Platform commission'), ('fx_conversion', 'FX conversion'), ('refunds_payable', 'Refunds payable'), ('payouts_in_transit', 'Payouts in transit'), ('tax_payable', 'Import VAT payable (IOSS)')], max_length=30),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['gateway_clearing', 'escrow', 'seller_pending', 'seller_available', 'platform_commission', 'fx_conversion', 'refunds_payable', 'payouts_in_transit', 'tax_payable'])), name='ledger_account_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='release',
            constraint=models.CheckConstraint(condition=models.Q(('taxes__isnull', True), models.Q(('taxes__gte', 0), ('taxes__lte', django.db.models.expressions.CombinedExpression(models.F('amount'), '-', django.db.models.functions.comparison.Coalesce('shipping', models.Value(Decimal('0')))))), _connector='OR'), name='escrow_release_taxes_within_amount'),
        ),
    ]
