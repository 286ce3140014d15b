"""After payment, in a real Chromium: a buyer asks to cancel one order and the
seller accepts it on their page (cancelled, refunded, stock back); on a
delivered order the buyer reads the rule that will complete it and when,
extends protection (the seller sees it), then confirms receipt."""

import pytest
from playwright.sync_api import Page, expect

from escrow.models import Refund
from listings.services import VariantInput
from orders.models import Order, OrderStatus
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.completion_helpers import deliver, held, paid_order, ship
from tests.orders.conftest import make_buyer

from .test_listing_journey import log_in


@pytest.mark.django_db(transaction=True)
def test_cancel_request_accepted_then_extend_and_confirm(site, page: Page, browser, make_listing):  # noqa: F811
    dress = make_listing(variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=10)])
    ana = make_buyer(email="ana@example.com", language="en")
    to_cancel = paid_order(ana, (dress, 2))
    delivered = deliver(ship(paid_order(ana, (dress, 1)), days_ago=4), days_ago=1)
    seller_user = dress.seller.user

    log_in(page, site, "ana@example.com")
    page.goto(f"{site}/orders/{to_cancel.pk}/")
    expect(page.get_by_test_id("order-next")).to_contain_text("Paid: the seller must ship by")
    page.locator("#cancel-reason").fill("Ordered the wrong size")
    page.get_by_test_id("order-cancel-request").click()
    expect(page.get_by_test_id("order-next")).to_contain_text("Cancellation requested: the seller has until")

    seller_page = browser.new_page()
    log_in(seller_page, site, seller_user.email)
    seller_page.goto(f"{site}/seller/orders/{to_cancel.pk}/")
    expect(seller_page.get_by_test_id("seller-cancel-request")).to_contain_text("Ordered the wrong size")
    expect(seller_page.get_by_test_id("order-next")).to_contain_text("you have until")
    seller_page.get_by_test_id("seller-cancel-accept").click()
    expect(seller_page.get_by_test_id("order-status")).to_contain_text("Cancelled")
    assert Refund.objects.filter(order_id=to_cancel.pk).count() == 1
    assert dress.variants.get().stock == 9  # 10 − 2 − 1 + 2 back

    page.goto(f"{site}/orders/{delivered.pk}/")
    expect(page.get_by_test_id("order-next")).to_contain_text("If you do nothing, this order completes on")
    expect(page.get_by_test_id("order-next")).to_contain_text("because it was delivered on")
    page.get_by_test_id("order-extend").click()
    expect(page.get_by_test_id("order-next")).to_contain_text("You extended protection by 15 days.")
    seller_page.goto(f"{site}/seller/orders/{delivered.pk}/")
    expect(seller_page.get_by_test_id("order-next")).to_contain_text("If the buyer does nothing")
    expect(seller_page.get_by_test_id("seller-protection-extended")).to_be_visible()
    seller_page.close()

    expect(page.get_by_test_id("order-message-seller")).to_be_visible()
    page.get_by_test_id("order-confirm").click()
    expect(page.get_by_test_id("order-status")).to_contain_text("Completed")
    expect(page.get_by_test_id("order-next")).to_contain_text("Completed on")
    assert Order.objects.get(pk=delivered.pk).status == OrderStatus.COMPLETED and held(delivered) == 0
