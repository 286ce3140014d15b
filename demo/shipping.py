"""Demo shipping setup: every demo store has its default template; the Spanish
store ships free to the EU above EUR 30; the Chinese store keeps stock in a
warehouse in Spain for EU buyers. Idempotent: what exists is left alone."""

from decimal import Decimal

from listings.models import ListingStatus, ListingVariant, WarehouseStock
from listings.stock import stock_set_levels
from logistics.models import ShippingTemplate, Warehouse
from logistics.services import (
    FreeRuleInput,
    shipping_template_default_ensure,
    shipping_template_save,
    warehouse_save,
)

from .listings import demo_sellers

EU_TEMPLATE = "Envío gratis a la UE desde 30 €"
SPAIN_STOCK_LISTINGS = 12
SPAIN_STOCK_LOTS = 40


def seed_shipping() -> int:
    """Returns how many things it created (templates, warehouses, stock rows)."""
    created = 0
    stores = demo_sellers()
    for seller in stores.values():
        if not ShippingTemplate.objects.filter(seller=seller, is_default=True).exists():
            shipping_template_default_ensure(seller=seller, actor=seller.user)
            created += 1
    spanish = stores.get("es")
    if spanish and not ShippingTemplate.objects.filter(seller=spanish, name=EU_TEMPLATE).exists():
        shipping_template_save(
            seller=spanish, actor=spanish.user, name=EU_TEMPLATE, is_default=True, handling_days=1,
            free_rules=[FreeRuleInput("eu", (), Decimal("30"))],
        )  # fmt: skip
        created += 1
    chinese = stores.get("zh")
    if chinese:
        warehouse = Warehouse.objects.filter(seller=chinese, country="ES").first()
        if warehouse is None:
            warehouse = warehouse_save(seller=chinese, actor=chinese.user, country="ES", name="Valencia 3PL",
                                       handling_days=1)  # fmt: skip
            created += 1
        if not WarehouseStock.objects.filter(warehouse=warehouse).exists():
            variants = ListingVariant.objects.filter(
                listing__seller=chinese, listing__status=ListingStatus.ACTIVE,
                listing__in=chinese.listings.filter(status=ListingStatus.ACTIVE).order_by("pk")[:SPAIN_STOCK_LISTINGS],
            ).values_list("pk", flat=True)  # fmt: skip
            levels = dict.fromkeys(variants, SPAIN_STOCK_LOTS)
            if levels:
                stock_set_levels(levels=levels, actor=chinese.user, reference="demo", warehouse_id=warehouse.pk)
                created += len(levels)
    return created
