"""The completion and cancellation-silence jobs run by a real Celery worker on
the interactive queue: each sent twice, each order moves, is refunded or
released, and gets its stock back once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from escrow.models import JournalTransaction, Refund
from orders import completion
from orders.models import Order, OrderEvent, OrderStatus
from orders.tasks import orders_auto_complete_task, orders_cancel_requests_expire_task
from tests.orders.completion_helpers import assert_books_balance, deliver, held, paid_order, ship
from tests.orders.conftest import make_buyer
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_accepts_an_unanswered_cancellation_request_once(celery_worker_process, dress):
    schedule = settings.CELERY_BEAT_SCHEDULE["orders-cancel-requests-expire"]
    assert schedule["task"] == orders_cancel_requests_expire_task.name
    order = paid_order(make_buyer(), (dress, 5))
    completion.order_cancel_request(order_id=order.pk, actor=order.buyer)
    Order.objects.update(cancel_answer_by=timezone.now() - timedelta(minutes=1))
    for _ in range(2):
        orders_cancel_requests_expire_task.delay()
    wait_for(lambda: Order.objects.get().status == OrderStatus.CANCELLED, "the order cancelled by the worker")
    wait_for(lambda: dress.variants.get().stock == 20, "the stock back")
    orders_cancel_requests_expire_task.delay()
    wait_for(lambda: Refund.objects.filter(order_id=order.pk).exists(), "the refund")
    assert OrderEvent.objects.filter(to_status="cancelled").count() == 1 and dress.variants.get().stock == 20
    assert Refund.objects.filter(order_id=order.pk).count() == 1
    assert_books_balance()


def test_the_worker_completes_a_delivered_order_once(celery_worker_process, dress):
    assert settings.CELERY_BEAT_SCHEDULE["orders-auto-complete"]["task"] == orders_auto_complete_task.name
    order = deliver(ship(paid_order(make_buyer(), (dress, 1)), days_ago=10), days_ago=6)
    for _ in range(2):
        orders_auto_complete_task.delay()
    wait_for(lambda: Order.objects.get().status == OrderStatus.COMPLETED, "the order completed by the worker")
    orders_auto_complete_task.delay()
    wait_for(lambda: held(order) == 0, "the escrow released")
    assert OrderEvent.objects.filter(to_status="completed").count() == 1
    assert JournalTransaction.objects.filter(reference=f"release:order={order.pk}").count() == 1
    assert_books_balance()
