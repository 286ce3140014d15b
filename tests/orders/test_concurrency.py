"""Checkout under concurrency on PostgreSQL, threads with real connections:
never oversell, one set of orders per token, expiry exactly once."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from escrow.models import Payment
from listings.models import ListingVariant
from listings.stock import InsufficientStock, stock_set
from marketplace.errors import DomainError
from orders import services
from orders.checkout import checkout_place
from orders.models import Checkout, Order, OrderEvent, OrderStatus
from tests.orders.conftest import fill, make_buyer

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(functions) -> list:
    """Run each function in its own thread and connection, released together; results or exceptions."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def work(i, function):
        try:
            barrier.wait()
            results[i] = function()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a checkout hung (deadlock?)"
    close_old_connections()
    return results


def placing(buyer, token=None):
    token = token or uuid.uuid4()
    return lambda: checkout_place(buyer=buyer, token=token, address_id=None, shipping={}, currency="BRL",
                                  language="pt-br")  # fmt: skip


THREADS = 20


def in_turn(buyers):
    def run():
        out = []
        for buyer in buyers:
            try:
                out.append(placing(buyer)())
            except Exception as exc:
                out.append(exc)
        return out

    return run


def test_200_checkouts_for_10_lots_make_10_orders_20_times_over(dress, towel):
    dress_variant = dress.variants.get()
    towel_variant = towel.variants.get()
    buyers = [make_buyer() for _ in range(200)]
    for buyer in buyers:
        # Two sellers in every cart, added in either order, so lock order matters (pk order avoids deadlock).
        fill(buyer, *(((dress, 1), (towel, 1)) if buyer.pk % 2 else ((towel, 1), (dress, 1))))
    winners = []
    for _round in range(20):
        stock_set(variant_id=dress_variant.pk, stock=10, actor=dress.seller.user)
        stock_set(variant_id=towel_variant.pk, stock=200, actor=towel.seller.user)
        for buyer in winners:  # the last round's winners' carts were emptied: fill them again
            fill(buyer, (dress, 1), (towel, 1))
        before = Order.objects.count()
        # 20 threads (PostgreSQL allows 100 connections, shared by everyone) each placing 10 checkouts in turn.
        results = [r for batch in run_together([in_turn(buyers[i::THREADS]) for i in range(THREADS)]) for r in batch]
        assert len(results) == 200
        placed = [r for r in results if not isinstance(r, Exception)]
        refused = [r for r in results if isinstance(r, Exception)]
        # Refused by the reservation (InsufficientStock) or, once the stock read 0, by the re-validation.
        assert all(isinstance(r, DomainError) for r in refused), {type(r) for r in refused}
        assert all(isinstance(r, InsufficientStock) or "DRESS-RED-M" in r.message for r in refused)
        assert len(placed) == 10 and len(refused) == 190
        assert Order.objects.count() - before == 20  # 10 checkouts × 2 stores
        assert ListingVariant.objects.get(pk=dress_variant.pk).stock == 0
        assert ListingVariant.objects.get(pk=towel_variant.pk).stock == 190
        winners = [result.checkout.buyer for result in placed]


def test_a_double_submit_at_once_makes_one_set_of_orders(dress, towel):
    buyer = make_buyer()
    fill(buyer, (dress, 2), (towel, 1))
    token = uuid.uuid4()
    results = run_together([placing(buyer, token) for _ in range(5)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert {r.checkout.pk for r in results} == {Checkout.objects.get().pk}
    assert {r.payment.pk for r in results} == {Payment.objects.get().pk}
    assert Order.objects.count() == 2 and dress.variants.get().stock == 18


def test_expiry_runs_at_once_cancel_each_order_once(dress):
    buyers = [make_buyer() for _ in range(4)]
    for buyer in buyers:
        fill(buyer, (dress, 3))
    for buyer in buyers:
        placing(buyer)()
    assert dress.variants.get().stock == 8
    later = timezone.now() + timedelta(hours=25)
    results = run_together([lambda: services.orders_expire(now=later) for _ in range(5)])
    assert sum(results) == 4, results
    assert dress.variants.get().stock == 20
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    assert OrderEvent.objects.filter(to_status="cancelled").count() == 4
