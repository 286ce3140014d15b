"""The buyer's order page asks the order API whether a payment made elsewhere
(a QR code paid on a phone) has arrived, only while the order awaits payment:
the script and its settings are on the page then, and on no other status."""

import uuid

import pytest

from orders.checkout import checkout_place
from orders.models import Order, OrderStatus
from orders.services import order_cancel
from tests.orders.completion_helpers import ship
from tests.orders.conftest import capture, fill, make_buyer

pytestmark = pytest.mark.django_db

SCRIPT = "js/order_poll.js"


def awaiting_order(buyer, *lines):
    """An order placed through the real checkout (awaiting payment) and its checkout's payment."""
    fill(buyer, *lines)
    placed = checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency=buyer.currency,
                            language=buyer.language)  # fmt: skip
    return Order.objects.get(pk=placed.orders[0].pk), placed.payment


def test_the_page_polls_only_while_the_order_awaits_payment(client, buyer, dress, settings):
    settings.CARAVAN_ORDER_POLL_SECONDS = 7
    settings.CARAVAN_ORDER_POLL_MAX_SECONDS = 600
    order, payment = awaiting_order(buyer, (dress, 1))
    assert order.status == OrderStatus.AWAITING_PAYMENT
    client.force_login(buyer)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert SCRIPT in page
    assert f'data-order-poll="/api/v1/orders/{order.pk}/"' in page
    assert 'data-poll-status="awaiting_payment"' in page
    assert 'data-poll-seconds="7"' in page and 'data-poll-max-seconds="600"' in page
    # the endpoint the script asks answers this buyer with the order's status, as JSON
    answer = client.get(f"/api/v1/orders/{order.pk}/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "awaiting_payment"

    capture(payment)  # the gateway's confirmation (a QR code paid elsewhere)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert SCRIPT not in page and "data-order-poll" not in page
    assert client.get(f"/api/v1/orders/{order.pk}/").json()["status"] == "paid"

    ship(order)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert SCRIPT not in page and "data-order-poll" not in page


def test_a_cancelled_order_does_not_poll_and_another_buyer_gets_nothing(client, buyer, dress):
    order, _payment = awaiting_order(buyer, (dress, 1))
    other = make_buyer()
    client.force_login(other)
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    assert client.get(f"/api/v1/orders/{order.pk}/").status_code == 404
    order_cancel(order_id=order.pk, actor=buyer)
    client.force_login(buyer)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-testid="order-status"' in page and SCRIPT not in page and "data-order-poll" not in page
