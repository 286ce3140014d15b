"""In a real Chromium: a buyer in Brazil has their order page open while the order
awaits payment; they pay elsewhere (the QR code on their phone: here the sandbox
gateway's confirmation recorded by escrow's real service from the test), and the
open page turns to "Paid" by itself, asking the order API every second (no reload
by the test). Once paid the page stops asking: its script is no longer there."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from buyers.services import AddressInput, address_create
from listings.services import VariantInput
from orders.checkout import checkout_place
from orders.models import Order, OrderStatus
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.conftest import SAO_PAULO, capture, fill

from .test_listing_journey import log_in


@pytest.mark.django_db(transaction=True)
def test_the_order_page_turns_paid_when_the_payment_arrives_from_elsewhere(site, page: Page, make_listing,  # noqa: F811
                                                                           settings):  # fmt: skip
    settings.CARAVAN_ORDER_POLL_SECONDS = 1
    dress = make_listing(variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=10)])
    bia = UserFactory(email="bia@example.com", currency="BRL", language="en", country="BR")
    address_create(actor=bia, data=AddressInput(**SAO_PAULO), default=True)
    fill(bia, (dress, 1))
    placed = checkout_place(buyer=bia, token=uuid.uuid4(), address_id=None, shipping={}, currency="BRL",
                            language="en")  # fmt: skip
    order = Order.objects.get(pk=placed.orders[0].pk)

    asked = []
    page.on("request", lambda r: asked.append(r.url) if f"/api/v1/orders/{order.pk}/" in r.url else None)
    log_in(page, site, "bia@example.com")
    page.goto(f"{site}/orders/{order.pk}/")
    status = page.get_by_test_id("order-status")
    expect(status).to_have_text(re.compile(r"^\s*Awaiting payment\b"))
    expect(page.get_by_test_id("order-pay")).to_be_visible()
    page.wait_for_function(f"() => performance.getEntriesByType('resource')"
                           f".some(e => e.name.includes('/api/v1/orders/{order.pk}/'))")  # fmt: skip
    assert page.get_by_test_id("order-status").is_visible()  # still the page as loaded: nothing paid yet

    capture(placed.payment, method="pix")  # paid on the phone: the gateway's confirmation reaches escrow
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID

    expect(status).to_have_text(re.compile(r"^\s*Paid\b"), timeout=15_000)
    expect(status).to_have_class(re.compile(r"\bstatus-paid\b"))
    expect(page.get_by_test_id("order-pay")).to_have_count(0)
    assert page.locator("script[src*='order_poll']").count() == 0  # a paid order's page does not ask
    assert asked  # it was the page's own asking that noticed
