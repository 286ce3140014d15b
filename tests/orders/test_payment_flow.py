"""The whole way through the sandbox gateway: checkout, the pay link, a test
card at the hosted page, the signed webhook at the real endpoint, escrow's
capture, and the orders paid; a declined card first; money arriving late."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from moneyed import Money

from escrow.gateways.sandbox import provider
from escrow.models import Payment, PaymentStatus, Refund, SandboxPayment
from escrow.payments import escrow_held
from orders import services
from orders.checkout import checkout_place
from orders.models import Order, OrderEvent, OrderStatus
from tests.escrow.payflow import assert_books_balance, deliver_pending
from tests.orders.conftest import fill

pytestmark = pytest.mark.django_db


def place(buyer):
    return checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency="BRL",
                          language="pt-br")  # fmt: skip


def open_pay_link(client, buyer, payment) -> SandboxPayment:
    client.force_login(buyer)
    response = client.get(payment.pay_url)
    assert response.status_code == 302
    payment.refresh_from_db()
    return SandboxPayment.objects.get(ref=payment.gateway_ref)


def card(sandbox, number):
    return provider.card_pay(token=sandbox.token, number=number, expiry="12/40", cvc="123")


def test_declined_then_paid_by_card_through_the_webhook(client, buyer, dress, towel):
    fill(buyer, (dress, 2), (towel, 1))
    placed = place(buyer)
    sandbox = open_pay_link(client, buyer, placed.payment)
    card(sandbox, "4000000000000002")  # declined
    assert all(r.status_code == 200 for r in deliver_pending(client))
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.AWAITING_PAYMENT}
    assert OrderEvent.objects.filter(from_status="awaiting_payment", to_status="awaiting_payment").count() == 2
    card(sandbox, "4242424242424242")
    assert all(r.status_code == 200 for r in deliver_pending(client))
    for order in Order.objects.all():
        assert order.status == OrderStatus.PAID and order.paid_payment_id == placed.payment.pk
        assert escrow_held(order_id=order.pk, currency="BRL") == order.total
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert_books_balance()


def test_an_instant_payment_confirmed_after_the_window_is_refunded(client, buyer, dress):
    fill(buyer, (dress, 3))
    placed = place(buyer)
    sandbox = open_pay_link(client, buyer, placed.payment)
    provider.method_choose(token=sandbox.token, method="pix")
    assert services.orders_expire(now=timezone.now() + timedelta(hours=25)) == 1
    provider.async_confirm(ref=sandbox.ref)  # the bank confirms after the order was cancelled
    deliver_pending(client)
    order = Order.objects.get()
    assert order.status == OrderStatus.CANCELLED and dress.variants.get().stock == 20
    refund = Refund.objects.get()
    assert refund.amount == order.total and escrow_held(order_id=order.pk, currency="BRL") == Money(0, "BRL")
    deliver_pending(client)  # the refund's own confirmation, if the sandbox sent one
    assert Refund.objects.count() == 1
    assert_books_balance()
