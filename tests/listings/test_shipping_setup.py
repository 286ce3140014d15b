"""Listings under their store's shipping setup: the template (offered methods,
free shipping with its threshold, handling days) in the quote, the API and the
publish rule; overseas warehouses (the origin changes methods, dates and taxes;
stock reserved from a warehouse never oversells); the listing page's shipping
lines in the price box."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from listings import services
from listings.models import ListingStatus, StockMovement, StockReason, WarehouseStock
from listings.services import VariantInput
from listings.shipping import lines_shipping_quote, listing_parcel_problems
from listings.stock import InsufficientStock, stock_release, stock_reserve, stock_set
from logistics.models import ShippingTemplate
from logistics.services import FreeRuleInput, shipping_template_save, warehouse_save
from marketplace.errors import DomainError, NotFound
from sellers.models import SellerStatus
from tests.listings.test_stock import run_threads

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 30)


def url(listing_id: int) -> str:
    return reverse("api-listing-shipping", args=[listing_id])


@pytest.fixture
def spain_warehouse(approved_seller):  # approved_seller is Chinese
    return warehouse_save(seller=approved_seller, actor=approved_seller.user, country="ES", name="Valencia",
                          handling_days=1)  # fmt: skip


def first_variant(listing):
    return listing.variants.order_by("position", "pk").first()


# --- templates ------------------------------------------------------------------------------


def test_the_store_default_template_limits_the_methods_and_adds_handling_days(api_client, make_listing,
                                                                              approved_seller):  # fmt: skip
    listing = make_listing()
    before = api_client.get(url(listing.pk), {"country": "DE"}).json()
    ems_before = next(m for m in before["methods"] if m["code"] == "cn-ems")
    shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="EMS only", is_default=True,
                           method_codes=["cn-ems"], handling_days=3)  # fmt: skip
    after = api_client.get(url(listing.pk), {"country": "DE"}).json()
    assert [m["code"] for m in after["methods"] if m["available"]] == ["cn-ems"]
    assert after["template"] == "EMS only"
    assert all(m["code"] == "cn-ems" or not m["available"] for m in after["methods"])
    ems = after["methods"][0]
    assert (date.fromisoformat(ems["delivery_from"]) - date.fromisoformat(ems_before["delivery_from"])).days >= 3


def test_a_listing_can_use_its_own_template(api_client, make_listing, approved_seller):
    own = shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="Express",
                                 method_codes=["dhl-express"])  # fmt: skip
    listing = make_listing()
    listing.shipping_template = own
    listing.save(update_fields=["shipping_template"])
    body = api_client.get(url(listing.pk), {"country": "US"}).json()
    assert [m["code"] for m in body["methods"] if m["available"]] == ["dhl-express"]


def test_free_shipping_to_the_eu_above_an_amount_and_only_there(api_client, make_listing, approved_seller):
    # The listing is CNY 120 a lot; free to the EU from CNY 300 (3 lots).
    shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="EU", is_default=True,
                           free_rules=[FreeRuleInput("eu", (), Decimal("300"))])  # fmt: skip
    listing = make_listing()
    two = api_client.get(url(listing.pk), {"country": "DE", "lots": 2}).json()
    three = api_client.get(url(listing.pk), {"country": "DE", "lots": 3}).json()
    usa = api_client.get(url(listing.pk), {"country": "US", "lots": 3}).json()
    assert not two["methods"][0]["free"] and Decimal(two["methods"][0]["cost"]["amount"]) > 0
    assert three["methods"][0]["free"] and three["methods"][0]["cost"]["amount"] == "0.00"
    assert Decimal(three["landed_cost"]["shipping"]["original"]["amount"]) == 0
    assert not any(m["free"] for m in three["methods"][1:])
    assert not usa["methods"][0]["free"]


def test_the_publish_rule_asks_the_templates_methods(make_listing, approved_seller):
    heavy = make_listing(publish=False, weight_grams=2500)  # only EMS and couriers carry it
    assert listing_parcel_problems(heavy) == []
    shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="Small packets", is_default=True,
                           method_codes=["cn-post-registered"])  # fmt: skip
    problems = listing_parcel_problems(heavy)
    assert problems and "2000 g" in problems[0]
    with pytest.raises(DomainError):
        services.listing_set_status(actor=approved_seller.user, listing_id=heavy.pk, status=ListingStatus.ACTIVE)


def test_protection_days_are_capped_for_brazil_and_russia(api_client, make_listing):
    listing = make_listing()
    for country, cap in (("BR", 120), ("RU", 90), ("DE", 60)):
        body = api_client.get(url(listing.pk), {"country": country}).json()
        assert all(m["protection_days"] <= cap for m in body["methods"])


# --- warehouses -----------------------------------------------------------------------------


def test_shipping_from_a_warehouse_changes_methods_dates_and_taxes(api_client, make_listing, spain_warehouse):
    listing = make_listing()
    variant = first_variant(listing)
    stock_set(variant_id=variant.pk, stock=7, actor=None, warehouse_id=spain_warehouse.pk)
    home = api_client.get(url(listing.pk), {"country": "DE"}).json()
    spain = api_client.get(url(listing.pk), {"country": "DE", "ships_from": "es"}).json()
    assert (home["ships_from"], spain["ships_from"]) == ("CN", "ES")
    assert {"country": "ES", "warehouse": spain_warehouse.pk, "stock": 7} in spain["ships_from_options"]
    home_codes = {m["code"] for m in home["methods"] if m["available"]}
    spain_codes = {m["code"] for m in spain["methods"] if m["available"]}
    assert "cn-ems" in home_codes and "es-post-registered" in spain_codes and not home_codes & {"es-ems"}
    assert spain["methods"][0]["delivery_to"] < home["methods"][0]["delivery_to"]
    assert (home["landed_cost"]["rule"]["code"], spain["landed_cost"]["rule"]["code"]) == ("eu_ioss", "eu_intra_oss")
    refused = api_client.get(url(listing.pk), {"country": "DE", "ships_from": "TR"})
    assert refused.status_code == 400 and "ships_from" in refused.json()["error"]["fields"]


def test_lines_shipping_quote_ships_from_a_warehouse(make_listing, spain_warehouse):
    listing = make_listing()
    variant = first_variant(listing)
    variant.listing = type(listing).objects.select_related("seller").get(pk=listing.pk)
    home = lines_shipping_quote([(variant, 1)], country="FR", currency="EUR", today=MONDAY)
    spain = lines_shipping_quote([(variant, 1)], country="FR", currency="EUR", today=MONDAY, ships_from="ES")
    assert (home.origin.country, spain.origin.country, spain.origin.warehouse_id) == ("CN", "ES", spain_warehouse.pk)
    assert spain.parcel.handling_days == 1 and home.parcel.handling_days == 0
    assert spain.landed.rule_code == "eu_intra_oss" and home.landed.rule_code == "eu_ioss"
    with pytest.raises(DomainError):
        lines_shipping_quote([(variant, 1)], country="FR", currency="EUR", ships_from="IT")


def test_a_warehouse_reservation_takes_only_that_warehouses_stock(make_listing, spain_warehouse):
    listing = make_listing(publish=False)
    variant = first_variant(listing)  # 20 at home
    stock_set(variant_id=variant.pk, stock=3, actor=None, warehouse_id=spain_warehouse.pk)
    stock_reserve(lines=[(variant.pk, 2)], actor=None, reason=StockReason.RESERVATION, reference="order:1",
                  warehouse_id=spain_warehouse.pk)  # fmt: skip
    with pytest.raises(InsufficientStock, match="1 lot left"):
        stock_reserve(lines=[(variant.pk, 2)], actor=None, reason=StockReason.RESERVATION,
                      warehouse_id=spain_warehouse.pk)  # fmt: skip
    variant.refresh_from_db()
    assert variant.stock == 20
    assert WarehouseStock.objects.get(variant=variant).stock == 1
    stock_release(lines=[(variant.pk, 2)], actor=None, reference="order:1", warehouse_id=spain_warehouse.pk)
    assert WarehouseStock.objects.get(variant=variant).stock == 3
    moves = StockMovement.objects.filter(variant=variant, warehouse=spain_warehouse).order_by("pk")
    assert [(m.before, m.after) for m in moves] == [(0, 3), (3, 1), (1, 3)]


def test_another_stores_warehouse_is_not_found(make_listing, make_seller):
    other = make_seller(status=SellerStatus.APPROVED, country="TR")
    theirs = warehouse_save(seller=other, actor=other.user, country="ES")
    variant = first_variant(make_listing(publish=False))
    with pytest.raises(NotFound):
        stock_set(variant_id=variant.pk, stock=5, actor=None, warehouse_id=theirs.pk)
    assert not WarehouseStock.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_racing_for_ten_lots_in_a_warehouse_get_exactly_ten(make_listing, approved_seller):
    warehouse = warehouse_save(seller=approved_seller, actor=approved_seller.user, country="ES")
    variant = first_variant(make_listing(publish=False))
    stock_set(variant_id=variant.pk, stock=10, actor=None, warehouse_id=warehouse.pk)
    outcomes: list = []

    def buy():
        try:
            stock_reserve(lines=[(variant.pk, 1)], actor=None, reason=StockReason.RESERVATION,
                          warehouse_id=warehouse.pk)  # fmt: skip
            outcomes.append("reserved")
        except InsufficientStock:
            outcomes.append("sold out")
        except Exception as exc:
            outcomes.append(repr(exc))

    run_threads([buy] * 50)
    assert sorted(outcomes) == ["reserved"] * 10 + ["sold out"] * 40
    assert WarehouseStock.objects.get(variant=variant, warehouse=warehouse).stock == 0
    variant.refresh_from_db()
    assert variant.stock == 20  # the home stock is untouched


def test_warehouse_stock_api_sets_and_reads_and_refuses_others(make_listing, make_seller, spain_warehouse):
    from rest_framework.test import APIClient

    listing = make_listing(publish=False)
    variant = first_variant(listing)
    client = APIClient()
    client.force_authenticate(listing.seller.user)
    path = reverse("api-seller-variant-warehouse-stock", args=[variant.pk])
    body = client.put(path, {"warehouse": spain_warehouse.pk, "stock": 12}, format="json").json()
    assert body == [{"warehouse": spain_warehouse.pk, "country": "ES", "name": "Valencia", "active": True,
                     "stock": 12}]  # fmt: skip
    assert client.put(path, {"warehouse": spain_warehouse.pk, "stock": -1}, format="json").status_code == 400
    other = make_seller(status=SellerStatus.APPROVED, country="IT")
    stranger = APIClient()
    stranger.force_authenticate(other.user)
    assert stranger.get(path).status_code == 404
    assert stranger.put(path, {"warehouse": spain_warehouse.pk, "stock": 0}, format="json").status_code == 404
    assert WarehouseStock.objects.get(variant=variant).stock == 12


# --- the listing page ---------------------------------------------------------------------------


def test_the_price_box_shows_shipping_to_the_buyers_country_and_ships_from_when_two_origins_have_stock(
    client, make_listing, spain_warehouse, approved_seller
):
    listing = make_listing()
    detail = reverse("listings:detail", args=[listing.pk])
    page = client.get(detail, {"to": "DE"}).content.decode()
    assert "Shipping to Germany" in page and 'data-testid="ships-from"' not in page
    assert 'data-testid="method-cn-ems"' in page and "VAT" in page
    stock_set(variant_id=first_variant(listing).pk, stock=4, actor=None, warehouse_id=spain_warehouse.pk)
    box = client.get(reverse("listings:price", args=[listing.pk]), {"to": "DE", "from": "ES"}).content.decode()
    assert 'data-testid="ships-from"' in box and 'data-testid="method-es-post-registered"' in box
    assert 'data-stock="4"' in box  # the stock shown is the warehouse's
    shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="EU", is_default=True,
                           free_rules=[FreeRuleInput("eu")])  # fmt: skip
    box = client.get(reverse("listings:price", args=[listing.pk]), {"to": "FR"}).content.decode()
    assert 'Shipping to France: <strong class="free-shipping">free</strong>' in box


def test_a_variant_in_stock_only_overseas_can_be_bought_from_there(client, make_listing, spain_warehouse):
    listing = make_listing(variants=[VariantInput(sku="ONLY-ES", options={"colour": "Red"}, stock=0),
                                     VariantInput(sku="HOME", options={"colour": "Blue"}, stock=1)])  # fmt: skip
    only_es = listing.variants.get(sku="ONLY-ES")
    stock_set(variant_id=only_es.pk, stock=6, actor=None, warehouse_id=spain_warehouse.pk)
    box = client.get(reverse("listings:price", args=[listing.pk]), {"variant": only_es.pk, "to": "ES"})
    html = box.content.decode()
    assert 'data-stock="6"' in html and "Ships from Spain" in html


def test_the_default_template_exists_for_stores_approved_before(approved_seller):
    assert ShippingTemplate.objects.filter(seller=approved_seller, is_default=True).count() == 1


def test_a_seller_chooses_a_listings_template_through_the_api(make_listing, approved_seller, make_seller):
    from rest_framework.test import APIClient

    listing = make_listing(weight_grams=2500)  # active: only EMS and couriers carry it
    small = shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="Small",
                                   method_codes=["cn-post-registered"])  # fmt: skip
    express = shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="Express",
                                     method_codes=["dhl-express"])  # fmt: skip
    client = APIClient()
    client.force_authenticate(approved_seller.user)
    path = reverse("api-seller-listing-shipping-template", args=[listing.pk])
    refused = client.put(path, {"template": small.pk}, format="json")
    assert refused.status_code == 400 and "2000 g" in refused.json()["error"]["fields"]["template"][0]
    assert client.put(path, {"template": express.pk}, format="json").json() == {"listing": listing.pk,
                                                                                "template": express.pk}  # fmt: skip
    listing.refresh_from_db()
    assert listing.shipping_template_id == express.pk
    assert client.put(path, {"template": None}, format="json").json()["template"] is None
    other = make_seller(status=SellerStatus.APPROVED, country="CN")
    theirs = ShippingTemplate.objects.get(seller=other)
    assert client.put(path, {"template": theirs.pk}, format="json").status_code == 404
    stranger = APIClient()
    stranger.force_authenticate(other.user)
    assert stranger.put(path, {"template": theirs.pk}, format="json").status_code == 404


def test_the_warehouse_stock_page_sets_levels_and_refuses_bad_numbers(client, make_listing, spain_warehouse,
                                                                      make_seller):  # fmt: skip
    listing = make_listing(publish=False)
    variant = first_variant(listing)
    client.force_login(listing.seller.user)
    page = reverse("seller_listings:warehouse_stock", args=[spain_warehouse.pk])
    assert variant.sku in client.get(page).content.decode()
    bad = client.post(page, {f"stock_{variant.pk}": "-3"})
    assert bad.status_code == 400 and "0 or more" in bad.content.decode()
    assert not WarehouseStock.objects.exists()
    assert client.post(page, {f"stock_{variant.pk}": "9"}).status_code == 302
    assert WarehouseStock.objects.get(variant=variant, warehouse=spain_warehouse).stock == 9
    other = make_seller(status=SellerStatus.APPROVED, country="TR")
    client.force_login(other.user)
    assert client.get(page).status_code == 404
