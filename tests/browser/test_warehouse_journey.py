"""A buyer in France buys a Chinese store's lamp that is also stocked in the
store's Spanish warehouse, in a real Chromium: picks "ships from" on the
listing page, sees the cart and checkout say the parcel ships from Spain,
places the order, and the order page (theirs and the seller's) says so too;
the lots came out of the warehouse, not the home stock."""

import pytest
from playwright.sync_api import Page, expect

from buyers.services import AddressInput, address_create
from listings.models import ListingVariant, WarehouseStock
from listings.services import VariantInput
from listings.stock import stock_set
from logistics.services import warehouse_save
from orders.models import Order
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)

from .test_listing_journey import log_in

PARIS = AddressInput(full_name="Claire Martin", country="FR", city="Paris", street_address="12 rue de Rivoli",
                     postal_code="75001", phone="+33 1 42 00 00 00")  # fmt: skip


@pytest.fixture
def lamp(site, make_listing, approved_seller):  # noqa: F811 (the imported fixtures)
    valencia = warehouse_save(seller=approved_seller, actor=approved_seller.user, country="ES", name="Valencia")
    listing = make_listing(title="Rattan table lamp", variants=[VariantInput(sku="LAMP", options={}, stock=20)])
    stock_set(variant_id=listing.variants.get().pk, stock=3, actor=None, warehouse_id=valencia.pk)
    return listing, valencia


@pytest.mark.django_db(transaction=True)
def test_a_buyer_picks_the_spanish_warehouse_and_the_order_ships_from_spain(site, page: Page, browser, lamp):
    listing, valencia = lamp
    claire = UserFactory(email="claire@example.com", currency="EUR", language="en", country="FR")
    address_create(actor=claire, data=PARIS, default=True)

    log_in(page, site, "claire@example.com")
    # Opened on the home origin (as from a link that names it), so the page's own form says CN:
    # only the buyer's pick can make the line ship from Spain.
    page.goto(f"{site}/item/{listing.pk}/?to=FR&from=CN")
    expect(page.get_by_test_id("ships-from")).to_be_visible()
    expect(page.get_by_test_id("price-box")).to_have_attribute("data-origin", "CN")
    expect(page.get_by_test_id("stock")).to_contain_text("20")
    page.get_by_test_id("from-ES").check()
    expect(page.get_by_test_id("price-box")).to_have_attribute("data-origin", "ES")
    expect(page.get_by_test_id("stock")).to_contain_text("3")
    page.get_by_test_id("add-to-cart").click()

    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    expect(page.get_by_test_id("cart-ships-from")).to_have_text("Ships from Spain")
    page.get_by_test_id("cart-checkout").click()
    expect(page.get_by_test_id("checkout-ships-from")).to_have_text("Ships from Spain")
    page.get_by_test_id("checkout-place").click()
    expect(page.get_by_test_id("card-form")).to_be_visible()  # the payment page: paying is another journey

    order = Order.objects.get(buyer=claire)
    assert (order.ships_from, order.warehouse_id) == ("ES", valencia.pk)
    assert WarehouseStock.objects.get(warehouse=valencia).stock == 2
    assert ListingVariant.objects.get(listing=listing).stock == 20
    page.goto(f"{site}/orders/{order.pk}/")
    expect(page.get_by_test_id("order-ships-from")).to_have_text("Ships from Spain")

    seller_page = browser.new_page()
    log_in(seller_page, site, listing.seller.user.email)
    seller_page.goto(f"{site}/seller/orders/{order.pk}/")
    expect(seller_page.get_by_test_id("order-ships-from")).to_contain_text("Spain")
    seller_page.close()
