"""Orders brought to paid through the real checkout and escrow capture, then
shipped and delivered (the fulfilment work's moves, done here with order_move
and the clock fields it sets), and the books checked."""

import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from escrow.models import Posting
from escrow.payments import escrow_held
from orders.checkout import checkout_place
from orders.models import Order, OrderStatus, Shipment
from orders.transitions import order_move
from tests.orders.conftest import capture, fill


def paid_order(buyer, *lines) -> Order:
    fill(buyer, *lines)
    placed = checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency=buyer.currency,
                            language=buyer.language)  # fmt: skip
    capture(placed.payment)
    order = Order.objects.get(pk=placed.orders[0].pk)
    assert order.status == OrderStatus.PAID
    return order


def ship(order: Order, *, days_ago: float = 0, protection_days: int = 60) -> Order:
    """paid → shipped as orders.fulfilment.order_ship leaves it (shipped_at,
    protection_until, an untracked Shipment), handed over `days_ago`."""
    shipped_at = timezone.now() - timedelta(days=days_ago)
    assert order_move(order_id=order.pk, from_status=OrderStatus.PAID, to_status=OrderStatus.SHIPPED,
                      shipped_at=shipped_at, protection_until=shipped_at + timedelta(days=protection_days))  # fmt: skip
    Shipment.objects.create(order_id=order.pk, method_code=order.shipping_method_code, carrier_code="cnpost",
                            shipped_on=shipped_at.date())  # fmt: skip
    return Order.objects.get(pk=order.pk)


def deliver(order: Order, *, days_ago: float = 0) -> Order:
    """shipped → delivered as the carrier's "delivered" event leaves it (Shipment.delivered_at)."""
    Shipment.objects.filter(order_id=order.pk).update(delivered_at=timezone.now() - timedelta(days=days_ago),
                                                      last_code="delivered")  # fmt: skip
    assert order_move(order_id=order.pk, from_status=OrderStatus.SHIPPED, to_status=OrderStatus.DELIVERED)
    return Order.objects.get(pk=order.pk)


def held(order: Order) -> Decimal:
    return escrow_held(order_id=order.pk, currency=order.currency).amount


def assert_books_balance() -> None:
    """Every ledger transaction sums to zero in each currency."""
    sums = defaultdict(Decimal)
    for transaction_id, currency, amount in Posting.objects.values_list("transaction_id", "currency", "amount"):
        sums[transaction_id, currency] += amount
    assert not {key: total for key, total in sums.items() if total}
    assert Posting.objects.exists()
