"""The demo's shipping setup: every store has a default template, the Spanish
store ships free to the EU above EUR 30, the Chinese one has stock in Spain
that EU buyers can order from there. Idempotent."""

from decimal import Decimal

import pytest
from django.urls import reverse

from demo import listings as demo
from demo.sellers import ADMIN_EMAIL, seed_sellers
from demo.shipping import EU_TEMPLATE, seed_shipping
from demo.users import DEMO_PASSWORD
from listings.models import WarehouseStock
from logistics.models import ShippingTemplate, Warehouse
from marketplace.models import User

pytestmark = pytest.mark.django_db


def test_seed_shipping_gives_every_store_a_template_and_the_chinese_store_stock_in_spain(api_client):
    User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, full_name="Caravan Admin")
    seed_sellers()
    demo.seed_listings(40)
    assert seed_shipping() > 0
    stores = demo.demo_sellers()
    for seller in stores.values():
        assert ShippingTemplate.objects.filter(seller=seller, is_default=True).count() == 1
    eu = ShippingTemplate.objects.get(seller=stores["es"], is_default=True)
    assert eu.name == EU_TEMPLATE
    rule = eu.free_rules.get()
    assert (rule.destination, rule.min_order.amount, rule.min_order.currency.code) == ("eu", Decimal("30"), "EUR")
    warehouse = Warehouse.objects.get(seller=stores["zh"])
    assert warehouse.country == "ES"
    row = WarehouseStock.objects.filter(warehouse=warehouse, stock__gt=0).select_related("variant").first()
    assert row is not None
    body = api_client.get(
        reverse("api-listing-shipping", args=[row.variant.listing_id]),
        {"country": "DE", "ships_from": "ES", "variant": row.variant_id},
    ).json()
    assert body["ships_from"] == "ES" and body["landed_cost"]["rule"]["code"] == "eu_intra_oss"
    assert seed_shipping() == 0  # idempotent
