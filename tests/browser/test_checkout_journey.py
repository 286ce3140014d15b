"""A buyer in Brazil buys from a Chinese and a Turkish store in one checkout in a
real Chromium: reviews shipping and totals in BRL, places the orders, pays once
with the sandbox's test card 4242…, and once the gateway's signed webhooks
arrive sees two paid orders in BRL; the Chinese seller sees theirs in CNY."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from buyers.services import AddressInput, address_create
from escrow.gateways.sandbox import provider
from escrow.models import SandboxWebhook
from listings.services import VariantInput
from orders.models import Order, OrderStatus
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.conftest import SAO_PAULO, fill
from tests.waiting import wait_for

from .test_listing_journey import log_in


@pytest.fixture
def stores(site, make_listing, make_seller, settings):  # noqa: F811 (the imported fixture)
    settings.CARAVAN_SITE_URL = site  # the sandbox posts its webhooks to this server
    cn = make_seller(status="approved", country="CN")
    tr = make_seller(status="approved", country="TR")
    dress = make_listing(seller=cn, variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=10)])
    towel = make_listing(
        seller=tr, title="Pamuklu plaj havlusu", price=Decimal("450.00"), declared_value=Decimal("450.00"),
        variants=[VariantInput(sku="TOWEL-BLUE", stock=5)],
    )  # fmt: skip
    return cn, tr, dress, towel


@pytest.mark.django_db(transaction=True)
def test_a_buyer_in_brazil_pays_two_stores_at_once_and_sees_two_paid_orders(site, page: Page, browser, stores):
    cn, _tr, dress, towel = stores
    ana = UserFactory(email="ana@example.com", currency="BRL", language="pt-br", country="BR")
    address_create(actor=ana, data=AddressInput(**SAO_PAULO), default=True)
    fill(ana, (dress, 2), (towel, 1))

    log_in(page, site, "ana@example.com")
    page.goto(f"{site}/cart/")
    page.get_by_test_id("cart-checkout").click()
    expect(page.get_by_test_id("checkout-group")).to_have_count(2)
    expect(page.get_by_test_id("checkout-total")).to_contain_text("R$")
    expect(page.get_by_test_id("shipping-option").first).to_be_visible()
    page.get_by_test_id("checkout-place").click()

    expect(page.get_by_test_id("card-form")).to_be_visible()
    expect(page.get_by_test_id("sandbox-amount")).to_contain_text("R$")
    page.get_by_test_id("card-number").fill("4242 4242 4242 4242")
    page.get_by_test_id("card-expiry").fill("12/34")
    page.get_by_test_id("card-cvc").fill("123")
    page.get_by_test_id("card-pay").click()
    expect(page.get_by_test_id("order-row")).to_have_count(2)

    # The gateway's signed webhooks, delivered over HTTP to this server (as its delivery job does).
    wait_for(lambda: SandboxWebhook.objects.filter(kind="payment.succeeded").exists(), "the sandbox's event")
    for hook in SandboxWebhook.objects.filter(delivered_at=None):
        assert provider.webhook_deliver(webhook_id=hook.pk)
    assert set(Order.objects.values_list("status", "currency")) == {(OrderStatus.PAID, "BRL")}
    page.reload()
    rows = page.get_by_test_id("order-row")
    expect(rows.locator(".status-paid")).to_have_count(2)
    expect(rows.nth(0).get_by_test_id("order-total")).to_contain_text("R$")
    expect(rows.nth(1).get_by_test_id("order-total")).to_contain_text("R$")
    rows.filter(has_text=cn.store_name).get_by_role("link").click()
    expect(page.get_by_test_id("order-event")).to_have_count(2)

    seller_page = browser.new_page()
    log_in(seller_page, site, cn.user.email)
    seller_page.goto(f"{site}/seller/orders/")
    expect(seller_page.get_by_test_id("seller-order-row")).to_have_count(1)
    expect(seller_page.get_by_test_id("seller-order-total")).to_contain_text("CN¥")
    seller_page.close()
