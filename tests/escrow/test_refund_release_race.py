"""A release and a refund racing on one order, on two real PostgreSQL
connections: both lock the order's escrow account before reading its balance,
so exactly one of them moves the money and the other is refused (EscrowEmpty /
the refund's DomainError), whichever gets there first and whoever calls them.

The interleaving is forced, not hoped for: the first one stops just before it
posts (its balance read, its locks held) until the second one is seen waiting
on a lock in pg_stat_activity, or has finished (which is what happened before
the refund took the escrow lock: both read a full escrow and both posted)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from moneyed import Money

from escrow import payments, release
from escrow.ledger import AccountRef
from escrow.models import AccountKind, JournalTransaction, Refund, Release
from escrow.payments import payment_refund
from escrow.release import EscrowEmpty, ReleaseOrder, release_order
from escrow.selectors import account_balance, trial_balance
from marketplace.errors import DomainError
from tests.factories import UserFactory

from .payflow import deliver_pending, started
from .test_webhooks import pay_card

ORDER_ID, BRL = 11, "BRL"  # payflow.ORDERS: order 11's share is 100.00 BRL
LIMIT = 60.0  # seconds before a wait that never ends fails the test instead of hanging it


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + LIMIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.005)


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["refund", "release"])
def test_a_release_and_a_refund_racing_on_one_order_move_the_money_once(client, monkeypatch, first):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)
    deliver_pending(client)
    payment.refresh_from_db()
    escrow = AccountRef(AccountKind.ESCROW, BRL, order_id=ORDER_ID)
    assert account_balance(escrow) == Money("-100.00", BRL)  # captured: escrow holds 100.00

    first_holding, second_started, second_done = threading.Event(), threading.Event(), threading.Event()
    second_pid: list[int] = []

    def held_before_posting(post):
        def posting(**kwargs):
            if threading.current_thread().name == first:
                first_holding.set()
                _wait_until(
                    lambda: second_done.is_set() or (second_started.is_set() and _waiting_on_a_lock(second_pid[0])),
                    "the second caller to wait on a lock or finish",
                )
            return post(**kwargs)

        return posting

    monkeypatch.setattr(payments, "ledger_post", held_before_posting(payments.ledger_post))
    monkeypatch.setattr(release, "ledger_post", held_before_posting(release.ledger_post))

    def refund():
        return payment_refund(payment_id=payment.pk, order_id=ORDER_ID, amount=Money("100.00", BRL), reason="cancelled")

    def release_():
        return release_order(ReleaseOrder(order_id=ORDER_ID, seller_id=4, buyer_currency=BRL, settlement_currency="TRY",
                                          rate=Decimal("6.5"), commission_rate=Decimal("0.08")))  # fmt: skip

    calls = {"refund": refund, "release": release_}
    second = "release" if first == "refund" else "refund"
    results: dict[str, object] = {}

    def run(name):
        try:
            if name == second:
                _wait_until(first_holding.is_set, "the first caller to read the balance")
                second_pid.append(_backend_pid())
                second_started.set()
            results[name] = calls[name]()
        except Exception as exc:  # judged below
            results[name] = exc
        finally:
            if name == first:
                first_holding.set()  # never leave the second waiting if the first failed early
            else:
                second_done.set()
            connection.close()

    threads = [threading.Thread(target=run, args=(name,), name=name) for name in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * LIMIT)
    assert not any(thread.is_alive() for thread in threads), "a caller hung (deadlock?)"
    close_old_connections()

    # The first one took the money; the second one found the escrow emptied and was refused.
    if first == "refund":
        assert isinstance(results["refund"], Refund), results["refund"]
        assert isinstance(results["release"], EscrowEmpty), results["release"]
    else:
        assert isinstance(results["release"], Release), results["release"]
        assert isinstance(results["refund"], DomainError), results["refund"]
        assert results["refund"].field == "amount"
    moved = JournalTransaction.objects.filter(postings__account__key=escrow.key, kind__in=["refund", "release"])
    assert moved.count() == 1
    assert Release.objects.filter(order_id=ORDER_ID).count() + Refund.objects.filter(order_id=ORDER_ID).count() == 1
    assert account_balance(escrow) == Money("0", BRL)  # emptied once, never below zero
    assert not any(trial_balance().values()), trial_balance()
