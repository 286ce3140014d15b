"""A visitor fills a cart in a real Chromium: picks a variant and a wholesale
quantity on a listing page, adds it to the cart (the header counts it), signs in
and finds the same cart."""

import pytest
from playwright.sync_api import Page, expect

from listings.services import TierInput, VariantInput
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)

from .test_listing_journey import log_in


@pytest.fixture
def listing(site, make_listing):  # noqa: F811 (the imported fixture)
    return make_listing(
        tiers=[TierInput(min_lots=1, max_lots=9, unit_price=100), TierInput(min_lots=10, max_lots=None, unit_price=80)],
        variants=[
            VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=30),
            VariantInput(sku="DRESS-BLUE-M", options={"colour": "Blue"}, stock=30),
        ],
    )


@pytest.mark.django_db(transaction=True)
def test_a_visitor_adds_a_wholesale_quantity_and_keeps_the_cart_after_signing_in(site, page: Page, listing):
    UserFactory(email="ana@example.com")
    page.goto(f"{site}/item/{listing.pk}/")
    page.get_by_test_id("variant-picker").locator("label", has_text="Blue").click()
    expect(page.get_by_test_id("chosen-variant")).to_contain_text("Blue")
    page.locator("#lots").fill("12")
    page.locator("#lots").dispatch_event("input")
    page.get_by_test_id("add-to-cart").click()
    expect(page).to_have_url(f"{site}/cart/")
    line = page.get_by_test_id("cart-line")
    expect(line).to_contain_text("DRESS-BLUE-M")
    expect(line.get_by_test_id("cart-lots")).to_have_value("12")
    expect(page.get_by_test_id("header-cart-count")).to_have_text("1")

    log_in(page, site, "ana@example.com")
    page.goto(f"{site}/cart/")
    expect(page.get_by_test_id("cart-line")).to_contain_text("DRESS-BLUE-M")
    expect(page.get_by_test_id("cart-lots")).to_have_value("12")
    expect(page.get_by_test_id("cart-problem")).to_have_count(0)
