"""A Chinese seller ships a paid order from the seller centre in a real Chromium
with a tracking number (a wrong check digit first), prints the packing slip;
the sandbox carrier is advanced to delivered and its signed webhooks reach this
server; the buyer sees the tracking timeline on the order page."""

import pytest
from playwright.sync_api import Page, expect

from logistics.carriers.models import SandboxEvent
from logistics.carriers.sandbox_provider import sandbox_shipment_simulate, sandbox_webhook_deliver
from orders import tasks
from orders.models import Order, OrderStatus, Shipment
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.conftest import buyer, dress  # noqa: F401 (fixtures)
from tests.orders.test_fulfilment import NUMBER, paid_order

from .test_listing_journey import log_in


@pytest.mark.django_db(transaction=True)
def test_seller_ships_carrier_delivers_buyer_sees_the_timeline(site, page: Page, browser, settings, buyer, dress):  # noqa: F811
    settings.CARAVAN_SITE_URL = site  # the sandbox carrier posts its webhooks to this server
    settings.CARAVAN_SANDBOX_CARRIER_API_URL = f"{site}/sandbox-carrier/api/v1/"
    settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = ""
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
    order = paid_order(buyer, dress)

    log_in(page, site, order.seller.user.email)
    page.goto(f"{site}/seller/orders/{order.pk}/")
    form = page.get_by_test_id("ship-form")
    form.locator("input[name=tracking_number]").fill("RR123456784CN")
    page.get_by_test_id("ship-submit").click()
    expect(page.locator(".field-error")).to_contain_text("check digit")
    page.get_by_test_id("ship-form").locator("input[name=tracking_number]").fill("rr 123456785 cn")
    page.get_by_test_id("ship-submit").click()
    expect(page.get_by_test_id("tracking-number")).to_have_text(NUMBER)
    expect(page.get_by_test_id("ship-form")).to_have_count(0)
    page.get_by_test_id("packing-slip-link").click()
    expect(page.get_by_test_id("customs")).to_have_attribute("data-form", "CN22")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED

    # The registration job (after commit) and the sandbox's "simulate" control, then its webhooks.
    assert tasks.shipment_register_task(shipment_id=Shipment.objects.get().pk)
    sandbox_shipment_simulate(carrier_code="china-post", tracking_number=NUMBER, until="delivered")
    for event in SandboxEvent.objects.order_by("seq"):
        assert sandbox_webhook_deliver(event_pk=event.pk)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DELIVERED

    buyer_page = browser.new_page()
    log_in(buyer_page, site, order.buyer.email)
    buyer_page.goto(f"{site}/orders/{order.pk}/")
    expect(buyer_page.get_by_test_id("tracking-event")).to_have_count(7)
    expect(buyer_page.get_by_test_id("tracking-event").first).to_have_attribute("data-code", "delivered")
    expect(buyer_page.get_by_test_id("delivered-at")).to_be_visible()
    buyer_page.close()
