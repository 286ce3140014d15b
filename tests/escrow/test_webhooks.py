"""The payment webhook endpoint (orders/webhooks.py → escrow.services): a
verified event captures the payment into escrow once, however many times and
however concurrently it arrives; anything unverifiable is refused with a 4xx
JSON body and nothing written."""

import json
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from moneyed import Money

from escrow.gateways.sandbox import provider
from escrow.ledger import AccountRef
from escrow.models import AccountKind, GatewayEvent, JournalTransaction, Payment, PaymentStatus, SandboxWebhook
from escrow.payments import payment_void
from escrow.selectors import account_balance
from escrow.signals import payment_failed, payment_succeeded
from tests.factories import UserFactory

from .payflow import assert_books_balance, deliver_pending, post_webhook, signed, started


@pytest.fixture
def received():
    seen = {"succeeded": [], "failed": []}
    lock = threading.Lock()

    def on_success(sender, payment, **kwargs):
        with lock:
            seen["succeeded"].append(payment.pk)

    def on_failure(sender, payment, reason, **kwargs):
        with lock:
            seen["failed"].append((payment.pk, reason))

    payment_succeeded.connect(on_success, dispatch_uid="test-success")
    payment_failed.connect(on_failure, dispatch_uid="test-failure")
    yield seen
    payment_succeeded.disconnect(dispatch_uid="test-success")
    payment_failed.disconnect(dispatch_uid="test-failure")


def pay_card(sandbox, number="4242424242424242"):
    return provider.card_pay(token=sandbox.token, number=number, expiry="12/40", cvc="123")


def nothing_written():
    return not GatewayEvent.objects.exists() and not JournalTransaction.objects.exists()


@pytest.mark.django_db
def test_a_succeeded_event_captures_into_escrow_per_order_once(client, received):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)
    [response] = deliver_pending(client)
    assert response.status_code == 200 and response.json()["duplicate"] is False
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.method == "card" and payment.paid_at
    capture = JournalTransaction.objects.get()
    assert capture.reference == f"capture:payment={payment.pk}" and capture.kind == "capture"
    assert account_balance(AccountRef(AccountKind.ESCROW, "BRL", order_id=11)) == Money("-100.00", "BRL")
    assert account_balance(AccountRef(AccountKind.ESCROW, "BRL", order_id=12)) == Money("-50.00", "BRL")
    assert account_balance(AccountRef(AccountKind.GATEWAY_CLEARING, "BRL")) == Money("150.00", "BRL")
    assert received["succeeded"] == [payment.pk]
    body = SandboxWebhook.objects.get().body.encode()
    again = post_webhook(client, body, **signed(body))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert JournalTransaction.objects.count() == 1 and received["succeeded"] == [payment.pk]
    assert_books_balance()


@pytest.mark.django_db(transaction=True)
def test_the_same_event_ten_times_at_once_captures_once(received):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)
    body = SandboxWebhook.objects.get().body.encode()
    headers = signed(body)
    barrier = threading.Barrier(10)
    statuses, errors = [], []

    def deliver():
        try:
            barrier.wait(timeout=30)
            statuses.append(post_webhook(Client(), body, **headers).status_code)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and statuses == [200] * 10
    assert GatewayEvent.objects.count() == 1
    assert list(JournalTransaction.objects.values_list("reference", flat=True)) == [f"capture:payment={payment.pk}"]
    assert received["succeeded"] == [payment.pk]
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    assert_books_balance()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["forged", "stale", "unsigned", "malformed body", "unknown payment",
                                  "unknown gateway", "other amount"])  # fmt: skip
def test_unverifiable_events_are_refused_and_nothing_is_written(client, received, case):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)
    body = SandboxWebhook.objects.get().body.encode()
    headers, expected = signed(body), 400
    if case == "forged":
        headers = signed(body, secret="whsec_guessed")
    elif case == "stale":
        headers = signed(body, timestamp=int(time.time()) - 301)
    elif case == "unsigned":
        headers = {}
    elif case == "malformed body":
        body = b'{"id": "evt_1", "data": '
        headers = signed(body)
    elif case == "unknown payment":
        body = body.replace(sandbox.ref.encode(), b"sbpay_000000000000000000000000")
        headers, expected = signed(body), 404
    elif case == "other amount":
        event = json.loads(body)
        event["data"]["amount"] = "1.00"
        body = json.dumps(event).encode()
        headers, expected = signed(body), 409
    if case == "unknown gateway":
        response = Client().post("/api/v1/payments/webhooks/acme/", body, "application/json", **headers)
        expected = 404
    else:
        response = post_webhook(client, body, **headers)
    assert response.status_code == expected, response.content
    assert response["Content-Type"] == "application/json" and response.json()["error"]["status"] == expected
    assert nothing_written() and received == {"succeeded": [], "failed": []}
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


@pytest.mark.django_db
def test_a_declined_attempt_is_told_once_and_the_payment_stays_payable(client, received):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox, "4000000000009995")
    deliver_pending(client)
    deliver_pending(client)  # nothing left to send
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.failure_reason == "Your card has insufficient funds."
    assert received["failed"] == [(payment.pk, "Your card has insufficient funds.")]
    body = SandboxWebhook.objects.get().body.encode()
    post_webhook(client, body, **signed(body))
    assert len(received["failed"]) == 1 and not JournalTransaction.objects.exists()
    pay_card(sandbox)
    deliver_pending(client)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and received["succeeded"] == [payment.pk]


@pytest.mark.django_db
def test_money_arriving_after_the_payment_was_voided_is_still_captured(client, received):
    payment, sandbox, _url = started(UserFactory())
    provider.method_choose(token=sandbox.token, method="pix")  # the buyer paid by PIX; the bank is slow
    payment_void(payment_id=payment.pk, reason="payment window expired")  # (cancel at the gateway not run)
    provider.async_confirm(ref=sandbox.ref)
    deliver_pending(client)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.method == "pix"
    assert received["succeeded"] == [payment.pk]  # the orders side refunds it
    assert JournalTransaction.objects.filter(reference=f"capture:payment={payment.pk}").exists()
    assert_books_balance()


@pytest.mark.django_db
def test_the_endpoint_needs_no_session_and_no_csrf_token(received):
    _payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)
    body = SandboxWebhook.objects.get().body.encode()
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/payments/webhooks/sandbox/", body, "application/json", **signed(body)
    )
    assert response.status_code == 200 and json.loads(response.content)["received"] is True


@pytest.mark.django_db
def test_a_receiver_may_refund_an_order_at_once_inside_the_capture(client, django_capture_on_commit_callbacks):
    """What orders does for an order cancelled before the money arrived (the contract)."""
    from escrow.models import Refund, RefundStatus
    from escrow.payments import escrow_held, payment_refund, refund_submit

    def refund_order_12(sender, payment, **kwargs):
        payment_refund(payment_id=payment.pk, order_id=12, amount=payment.allocations()[12], reason="order expired")

    payment_succeeded.connect(refund_order_12, dispatch_uid="test-refund-late")
    try:
        _payment, sandbox, _url = started(UserFactory())
        pay_card(sandbox)
        with django_capture_on_commit_callbacks() as callbacks:
            [response] = deliver_pending(client)
        assert response.status_code == 200 and len(callbacks) == 1  # the refund's gateway call, after commit
    finally:
        payment_succeeded.disconnect(dispatch_uid="test-refund-late")
    refund = refund_submit(refund_id=Refund.objects.get().pk)
    deliver_pending(client)
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert escrow_held(order_id=12, currency="BRL") == Money("0", "BRL")
    assert escrow_held(order_id=11, currency="BRL") == Money("100.00", "BRL")
    assert_books_balance()


@pytest.mark.django_db
def test_voiding_after_the_gateway_took_the_money_does_not_fail_the_caller(client, django_capture_on_commit_callbacks):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)  # paid at the gateway; its webhook not delivered yet
    with django_capture_on_commit_callbacks(execute=True):
        payment_void(payment_id=payment.pk, reason="payment window expired")  # the cancel is refused: quietly
    deliver_pending(client)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
