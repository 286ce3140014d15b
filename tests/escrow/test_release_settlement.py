"""Pending → available after the claim window, once per order and never for a
held (disputed) order; concurrent releases and settlement runs on real
connections; the seller's balances and history from the ledger."""

import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from moneyed import Money

from escrow.balances import CSV_HEADER, seller_balances, seller_history_csv, seller_release_history
from escrow.ledger import AccountRef
from escrow.models import AccountKind, JournalTransaction, Release
from escrow.release import ReleaseOrder, release_order, release_orders
from escrow.selectors import account_balance, trial_balance
from escrow.settlement import escrow_hold, escrow_hold_lift, releases_make_available
from tests.escrow.release_helpers import assert_every_transaction_balances, capture, capture_many


def order(order_id, seller_id=4, buyer="JPY", settlement="CNY", rate="0.0478123", amount=None,
          shipping="0") -> ReleaseOrder:  # fmt: skip
    return ReleaseOrder(order_id=order_id, seller_id=seller_id, buyer_currency=buyer, settlement_currency=settlement,
                        rate=Decimal(rate), commission_rate=Decimal("0.08"),
                        amount=None if amount is None else Decimal(amount), shipping=Decimal(shipping))  # fmt: skip


def pending(seller_id, currency="CNY") -> Money:
    return -account_balance(AccountRef(AccountKind.SELLER_PENDING, currency, seller_id=seller_id))


def available(seller_id, currency="CNY") -> Money:
    return -account_balance(AccountRef(AccountKind.SELLER_AVAILABLE, currency, seller_id=seller_id))


@pytest.mark.django_db
def test_pending_becomes_available_once_after_the_claim_window_and_not_while_held(settings):
    assert settings.CARAVAN_CLAIM_WINDOW_DAYS == 15
    capture(1, "12345", "JPY")
    capture(2, "2000", "JPY")
    first = release_order(order(1))  # 543.02 CNY net
    second = release_order(order(2))
    escrow_hold(order_id=2, reason="dispute: not received")
    released_at = first.released_at
    assert pending(4) == Money(first.net + second.net, "CNY")

    assert releases_make_available(now=released_at + timedelta(days=14, hours=23)).made_available == []
    assert available(4) == Money(0, "CNY")

    day15 = released_at + timedelta(days=15, seconds=1)
    assert releases_make_available(now=day15).made_available == [1]
    assert releases_make_available(now=day15 + timedelta(days=3)).made_available == []  # the hold keeps 2 pending
    assert (pending(4), available(4)) == (Money(second.net, "CNY"), Money("543.02", "CNY"))
    assert JournalTransaction.objects.filter(reference="available:order=1").count() == 1
    first.refresh_from_db()
    assert first.available_at == day15 and first.available_journal.reference == "available:order=1"

    escrow_hold_lift(order_id=2)
    assert releases_make_available(now=day15 + timedelta(days=4)).made_available == [2]
    assert releases_make_available(now=day15 + timedelta(days=40)).made_available == []
    assert (pending(4), available(4)) == (Money(0, "CNY"), Money(first.net + second.net, "CNY"))
    assert_every_transaction_balances()
    assert not any(trial_balance().values())


@pytest.mark.django_db
def test_the_settlement_job_works_through_many_batches():
    orders = [order(100 + n, seller_id=5 + n % 3, buyer="BRL", settlement="TRY", rate="6.5432109") for n in range(23)]
    capture_many(orders, [Decimal("19.99") + n for n in range(23)])
    release_orders(orders, batch_size=4)
    moved = releases_make_available(now=timezone.now() + timedelta(days=16), batch_size=5).made_available
    assert sorted(moved) == [o.order_id for o in orders]
    assert not Release.objects.filter(available_at__isnull=True).exists()
    for seller_id in (5, 6, 7):
        nets = sum(Release.objects.filter(seller_id=seller_id).values_list("net", flat=True))
        assert (pending(seller_id, "TRY"), available(seller_id, "TRY")) == (Money(0, "TRY"), Money(nets, "TRY"))


@pytest.mark.django_db
def test_a_seller_reads_their_own_balances_history_and_csv():
    capture(1, "12345", "JPY")
    capture(2, "50.00", "EUR")
    capture(3, "999", "JPY")
    release_order(order(1, shipping="1500"))
    release_order(order(2, buyer="EUR", settlement="EUR", rate="1", shipping="4.50"))
    release_order(order(3, seller_id=99))  # someone else's
    releases_make_available(now=timezone.now() + timedelta(days=15, seconds=1))
    capture(4, "1000", "JPY")
    release_order(order(4))  # 47.81 CNY gross, 3.82 commission, 43.99 net: pending
    balances = seller_balances(4)
    assert [(b.currency, b.pending, b.available) for b in balances] == [
        ("CNY", Money("43.99", "CNY"), Money("543.02", "CNY")),
        ("EUR", Money(0, "EUR"), Money("46.00", "EUR")),
    ]
    history = list(seller_release_history(4))
    assert [r.order_id for r in history] == [4, 2, 1]
    out = io.StringIO()
    seller_history_csv(4, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(CSV_HEADER)
    assert len(lines) == 4 and not any(line.startswith("3,") for line in lines)
    row = dict(zip(CSV_HEADER, lines[3].split(","), strict=True))
    assert row | {"released_at": "", "available_at": ""} == {
        "order_id": "1", "released_at": "", "buyer_currency": "JPY", "paid": "12345", "items": "10845",
        "shipping": "1500", "taxes": "0", "rate": "0.0478123", "settlement_currency": "CNY", "gross": "590.24",
        "commission_rate": "0.08", "commission": "47.22", "net": "543.02", "fx_remainder": "0.0028435",
        "status": "available", "available_at": "",
    }  # fmt: skip
    euro = dict(zip(CSV_HEADER, lines[2].split(","), strict=True))
    assert (euro["paid"], euro["items"], euro["shipping"], euro["rate"], euro["fx_remainder"]) == (
        "50.00", "45.50", "4.50", "1", "0",
    )  # fmt: skip


def _run_in_threads(count: int, target) -> list:
    results, errors = [None] * count, []
    barrier = threading.Barrier(count)

    def run(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_releases_of_one_order_release_it_once():
    capture(7, "4321", "JPY")
    releases = _run_in_threads(6, lambda i: release_order(order(7)).pk)
    assert len(set(releases)) == 1
    assert JournalTransaction.objects.filter(kind="release").count() == Release.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_and_settlement_runs_move_each_order_once():
    orders = [order(200 + n, seller_id=1 + n % 4, buyer="KWD", settlement="EUR", rate="2.9876543") for n in range(60)]
    from django.db import transaction

    with transaction.atomic():
        capture_many(orders, [Decimal("1.234") * (n + 1) for n in range(60)])
    # Overlapping batches in different orders, each run on its own connection.
    runs = [orders, orders[::-1], orders[10:50], orders[::2]]
    results = _run_in_threads(4, lambda i: release_orders(runs[i], batch_size=7).released)
    released = [order_id for result in results for order_id in result]
    assert sorted(released) == [o.order_id for o in orders]  # each released by exactly one run
    assert Release.objects.count() == JournalTransaction.objects.filter(kind="release").count() == 60

    later = timezone.now() + timedelta(days=16)
    moved = _run_in_threads(3, lambda i: releases_make_available(now=later, batch_size=9).made_available)
    assert sorted(order_id for result in moved for order_id in result) == [o.order_id for o in orders]
    assert JournalTransaction.objects.filter(kind="available").count() == 60
    assert_every_transaction_balances()
    assert not any(trial_balance().values())
