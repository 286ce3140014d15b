"""Shipping in a real Chromium: the same listing seen by a buyer in Brazil and
one in Germany (different methods, dates and taxes, and the method picker
changes the price box); a Spanish seller sets up free shipping to the EU above
EUR 30 in the seller centre and sees it on the listing page."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import UserFactory
from tests.listings.conftest import leaf_category, make_listing  # noqa: F401 (fixtures)

from .test_listing_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved_seller(site, make_seller):  # the Chinese store of make_listing
    return make_seller(status="approved", country="CN")


def shipping_summary(page: Page):
    return page.get_by_test_id("shipping-summary")


def test_buyers_in_brazil_and_germany_see_different_methods_dates_and_taxes(
    site,
    browser: Browser,
    make_listing,  # noqa: F811
):
    listing = make_listing()  # a CNY 120 dress from China, 300 g
    UserFactory(email="ana@example.com", country="BR", currency="BRL")
    UserFactory(email="jonas@example.com", country="DE", currency="EUR")
    seen = {}
    for email, country in (("ana@example.com", "Brazil"), ("jonas@example.com", "Germany")):
        context = browser.new_context()
        page = context.new_page()
        log_in(page, site, email)
        page.goto(f"{site}/item/{listing.pk}/")
        expect(shipping_summary(page)).to_contain_text(f"Shipping to {country}")
        methods = page.get_by_test_id("shipping-methods").locator("label")
        expect(methods.first).to_be_visible()
        seen[country] = {
            "summary": shipping_summary(page).inner_text(),
            "methods": methods.all_inner_texts(),
            "tax": page.get_by_test_id("tax-note").inner_text(),
            "protection": page.get_by_test_id("protection").inner_text(),
        }
        if country == "Germany":
            # Picking EMS re-renders the box (htmx) with its cost and dates.
            page.get_by_test_id("method-cn-ems").click()
            expect(page.get_by_test_id("method-cn-ems")).to_have_class(re.compile("is-chosen"))
            expect(shipping_summary(page)).not_to_have_text(seen[country]["summary"])
        context.close()
    brazil, germany = seen["Brazil"], seen["Germany"]
    assert brazil["methods"] != germany["methods"]  # their costs, currencies and dates
    assert "R$" in brazil["summary"] and "€" in germany["summary"]
    assert re.sub(r"[^0-9–]", "", brazil["summary"]) != re.sub(r"[^0-9–]", "", germany["summary"])
    assert "may be due on delivery" in brazil["tax"]
    assert "import VAT" in germany["tax"] and "19" in germany["tax"]
    assert "days" in brazil["protection"] and "days" in germany["protection"]


def test_a_seller_sets_up_free_shipping_to_the_eu_above_30_and_sees_it_on_the_listing(
    site,
    page: Page,
    make_seller,
    make_listing,  # noqa: F811
):
    spanish = make_seller(status="approved", country="ES", user=UserFactory(email="lucia@example.com"))
    listing = make_listing(seller=spanish, price=Decimal("24.00"), declared_value=Decimal("24.00"))
    log_in(page, site, "lucia@example.com")
    page.goto(f"{site}/seller/")
    page.get_by_test_id("nav-shipping").click()
    page.get_by_test_id("new-template").click()
    form = page.get_by_test_id("template-form")
    form.get_by_label("Name").fill("EU free over 30")
    form.get_by_label("Store default").check()
    rule = page.get_by_test_id("rule-0")
    rule.get_by_label("Free shipping to").select_option("countries")
    rule.get_by_label("Countries").fill("DE, QQ")
    page.get_by_test_id("save-template").click()
    expect(page.locator(".field-error").first).to_contain_text("not a country: QQ")  # nothing saved
    rule = page.get_by_test_id("rule-0")
    rule.get_by_label("Free shipping to").select_option("eu")
    rule.get_by_label("Countries").fill("")
    rule.get_by_label("For orders of at least").fill("30")
    page.get_by_test_id("save-template").click()
    expect(page.get_by_test_id("template-row").filter(has_text="EU free over 30")).to_contain_text("European Union")

    # The buyer's view: to France, one lot (EUR 24) pays shipping; two (EUR 48) ship free.
    page.goto(f"{site}/item/{listing.pk}/?to=FR")
    expect(shipping_summary(page)).to_contain_text("Shipping to France: from")
    page.locator("#lots").fill("2")
    page.locator("#lots").dispatch_event("input")
    expect(shipping_summary(page)).to_contain_text("Shipping to France: free")
    page.get_by_test_id("ship-to-select").select_option("US")
    expect(shipping_summary(page)).to_contain_text("Shipping to United States of America: from")
