"""Messages in context, in a real Chromium: a buyer opens a paid order, clicks
"Message the seller", writes; the conversation shows the order; the seller goes
from their own order page to the same conversation and sees the order card and
the buyer's message."""

import re

import pytest
from playwright.sync_api import Browser, expect

from listings.services import VariantInput
from messaging.models import Conversation
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.completion_helpers import paid_order
from tests.orders.conftest import make_buyer

from .test_listing_journey import log_in

QUESTION = "Hello, could you ship my order before Friday? Thank you."


@pytest.mark.django_db(transaction=True)
def test_the_buyer_writes_about_an_order_and_the_seller_sees_it_with_the_order(
    site,
    browser: Browser,
    make_listing,  # noqa: F811
):
    dress = make_listing(title="Long summer chiffon dress",
                         variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=10)])  # fmt: skip
    ana = make_buyer(email="ana@example.com", language="en")
    order = paid_order(ana, (dress, 2))
    seller_user = dress.seller.user
    seller_user.language = "en"
    seller_user.save(update_fields=["language"])

    buyer_page = browser.new_context().new_page()
    log_in(buyer_page, site, "ana@example.com")
    buyer_page.goto(f"{site}/orders/{order.pk}/")
    buyer_page.get_by_test_id("order-message-seller").click()
    expect(buyer_page).to_have_url(re.compile(rf"/messages/order/{order.pk}/$"))
    expect(buyer_page.get_by_test_id("conversation-order")).to_contain_text(order.number)
    buyer_page.get_by_test_id("message-body").fill(QUESTION)
    buyer_page.get_by_test_id("send").click()
    expect(buyer_page).to_have_url(re.compile(r"/messages/\d+/$"))
    expect(buyer_page.get_by_test_id("message").first).to_contain_text(QUESTION)
    card = buyer_page.get_by_test_id("conversation-order")
    expect(card).to_contain_text(order.number)
    expect(buyer_page.get_by_test_id("conversation-order-status")).to_have_text("Paid, to be shipped")
    expect(buyer_page.get_by_test_id("conversation-order-item")).to_contain_text("Long summer chiffon dress")
    conversation = Conversation.objects.get(order=order)

    seller_page = browser.new_context().new_page()
    log_in(seller_page, site, seller_user.email)
    seller_page.goto(f"{site}/seller/orders/{order.pk}/")
    seller_page.get_by_test_id("order-message-buyer").click()
    expect(seller_page).to_have_url(re.compile(rf"/seller/messages/{conversation.pk}/$"))
    expect(seller_page.get_by_test_id("conversation-order")).to_contain_text(order.number)
    expect(seller_page.get_by_test_id("conversation-order-status")).to_have_text("Paid, to be shipped")
    expect(seller_page.get_by_test_id("message").first).to_contain_text(QUESTION)
    seller_page.get_by_test_id("conversation-order-link").click()
    expect(seller_page).to_have_url(re.compile(rf"/seller/orders/{order.pk}/$"))
    assert Conversation.objects.count() == 1
