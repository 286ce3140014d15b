"""The completion and cancellation-silence timers run concurrently on
PostgreSQL (threads, real connections): every order moves once, its escrow is
released or refunded once, its stock returns once; an order in dispute never
moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from escrow.models import JournalTransaction, Refund
from orders import completion
from orders.models import Order, OrderEvent, OrderStatus
from tests.orders.completion_helpers import assert_books_balance, deliver, held, paid_order, ship
from tests.orders.conftest import make_buyer
from tests.orders.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = 6


def test_concurrent_auto_complete_runs_complete_each_order_once(dress):
    delivered = [deliver(ship(paid_order(make_buyer(), (dress, 1)), days_ago=9), days_ago=6) for _ in range(3)]
    protected = [ship(paid_order(make_buyer(), (dress, 1)), days_ago=61, protection_days=60) for _ in range(2)]
    disputed = deliver(ship(paid_order(make_buyer(), (dress, 1)), days_ago=80), days_ago=70)
    Order.objects.filter(pk=disputed.pk).update(in_dispute=True)
    buyer = delivered[0].buyer
    runs = [completion.orders_auto_complete for _ in range(RUNS)]
    runs.append(lambda: completion.order_confirm_receipt(order_id=delivered[0].pk, actor=buyer))
    results = run_together(runs)
    assert not [r for r in results if isinstance(r, Exception)], results
    done = [order_id for result in results[:RUNS] for order_id in result]
    expected = {o.pk for o in delivered + protected}
    assert len(done) == len(set(done)) and set(done) <= expected  # nobody completed twice
    for order in delivered + protected:
        assert OrderEvent.objects.filter(order=order, to_status="completed").count() == 1
        assert held(order) == 0
        assert JournalTransaction.objects.filter(reference=f"release:order={order.pk}").count() == 1
    assert Order.objects.get(pk=disputed.pk).status == OrderStatus.DELIVERED and held(disputed) > 0
    assert completion.orders_auto_complete() == []
    assert_books_balance()


def test_concurrent_silence_runs_and_a_late_answer_cancel_once(dress):
    orders = [paid_order(make_buyer(), (dress, 2)) for _ in range(3)]
    for order in orders:
        completion.order_cancel_request(order_id=order.pk, actor=order.buyer)
    assert dress.variants.get().stock == 14
    Order.objects.update(cancel_answer_by=timezone.now() - timedelta(minutes=1))
    seller = orders[0].seller
    runs = [completion.orders_cancel_requests_expire for _ in range(RUNS)]
    runs.append(lambda: completion.order_cancel_answer(order_id=orders[0].pk, seller=seller, actor=seller.user,
                                                       accept=True))  # fmt: skip
    results = run_together(runs)
    assert not [r for r in results if isinstance(r, Exception)], results
    done = [order_id for result in results[:RUNS] for order_id in result]
    assert len(done) == len(set(done))
    for order in orders:
        assert OrderEvent.objects.filter(order=order, to_status="cancelled").count() == 1
        assert Refund.objects.filter(order_id=order.pk).count() == 1 and held(order) == 0
    assert dress.variants.get().stock == 20
    assert_books_balance()
