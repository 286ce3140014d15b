"""The payment-window job run by a real Celery worker on the interactive queue:
sent twice, it cancels the overdue order and returns its stock once."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from escrow.models import Payment, PaymentStatus
from orders.checkout import checkout_place
from orders.models import Order, OrderEvent, OrderStatus
from orders.tasks import orders_expire_task
from tests.orders.conftest import fill, make_buyer
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_expires_an_overdue_order_once(celery_worker_process, dress):
    assert settings.CELERY_BEAT_SCHEDULE["orders-expire"]["task"] == orders_expire_task.name
    buyer = make_buyer()
    fill(buyer, (dress, 4))
    placed = checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency="BRL",
                            language="pt-br")  # fmt: skip
    Order.objects.update(pay_by=timezone.now() - timedelta(minutes=1))
    for _ in range(2):
        orders_expire_task.delay()
    wait_for(lambda: Order.objects.get().status == OrderStatus.CANCELLED, "the order cancelled by the worker")
    wait_for(lambda: Payment.objects.get(pk=placed.payment.pk).status == PaymentStatus.VOIDED, "the payment voided")
    orders_expire_task.delay()
    wait_for(lambda: dress.variants.get().stock == 20, "the stock back")
    assert OrderEvent.objects.filter(to_status="cancelled").count() == 1 and dress.variants.get().stock == 20
