"""The sandbox gateway through its adapter: idempotency keys honoured like a
provider's, cards by test number, 3-D Secure, cancel, refunds within what was
captured, and signed webhooks verified with a 300 s tolerance."""

import json
import time

import pytest
from django.conf import settings
from moneyed import Money

from escrow.gateways import gateway_get
from escrow.gateways.base import GatewayRefused, WebhookRejected, signature_header
from escrow.gateways.sandbox import provider
from escrow.gateways.sandbox.models import SandboxPaymentStatus as Status
from escrow.models import SandboxIdempotencyKey, SandboxPayment, SandboxRefund, SandboxWebhook
from marketplace.errors import DomainError, NotFound

pytestmark = pytest.mark.django_db

GATEWAY = gateway_get("sandbox")


def create(key="payment:1", amount="150.00", **overrides):
    kwargs = {"idempotency_key": key, "reference": "checkout:abc", "amount": Money(amount, "BRL"), "country": "BR",
              "language": "pt-br", "return_url": "/orders/", "description": ""}  # fmt: skip
    kwargs.update(overrides)
    return GATEWAY.create_payment(**kwargs)


def paid(key="payment:1", amount="150.00"):
    created = create(key, amount)
    payment = SandboxPayment.objects.get(ref=created.gateway_ref)
    assert provider.card_pay(token=payment.token, number="4242 4242 4242 4242", expiry="12/40", cvc="123").status == (
        "succeeded"
    )
    return created.gateway_ref


def events(kind=None):
    rows = SandboxWebhook.objects.order_by("pk")
    return [json.loads(h.body) for h in (rows.filter(kind=kind) if kind else rows)]


def test_unknown_gateway_is_not_found():
    with pytest.raises(NotFound):
        gateway_get("acme")


def test_the_same_key_returns_the_same_payment_and_another_body_under_it_is_refused():
    first = create()
    assert create() == first and SandboxPayment.objects.count() == 1
    with pytest.raises(GatewayRefused) as caught:
        create(amount="151.00")
    assert caught.value.code == "idempotency_key_reused" and SandboxPayment.objects.count() == 1
    second = create("payment:2")
    assert second.gateway_ref != first.gateway_ref and second.redirect_url.startswith("/sandbox-pay/")
    assert SandboxIdempotencyKey.objects.count() == 2


@pytest.mark.parametrize(
    "number, outcome, status, message",
    [
        ("4242424242424242", "succeeded", Status.SUCCEEDED, ""),
        ("4000 0000 0000 0002", "declined", Status.REQUIRES_PAYMENT_METHOD, "Your card was declined."),
        ("4000000000009995", "declined", Status.REQUIRES_PAYMENT_METHOD, "Your card has insufficient funds."),
        ("4000002760003184", "action", Status.REQUIRES_ACTION, ""),
    ],
)
def test_test_cards_decide_the_outcome(number, outcome, status, message):
    payment = SandboxPayment.objects.get(ref=create().gateway_ref)
    result = provider.card_pay(token=payment.token, number=number, expiry="12/40", cvc="123")
    payment.refresh_from_db()
    assert (result.status, result.message, payment.status) == (outcome, message, status)
    kinds = [e["type"] for e in events()]
    assert kinds == {"succeeded": ["payment.succeeded"], "declined": ["payment.failed"], "action": []}[outcome]
    if outcome == "declined":
        assert events()[0]["data"]["failure_reason"] == message


@pytest.mark.parametrize(
    "number, expiry, cvc, field",
    [("4242424242424241", "12/40", "123", "number"), ("4242424242424242", "13/40", "123", "expiry"),
     ("4242424242424242", "01/20", "123", "expiry"), ("4242424242424242", "12/40", "12", "cvc"),
     ("4111111111111111", "12/40", "123", "number")],  # a valid number that is no test card
)  # fmt: skip
def test_bad_card_details_are_refused_and_nothing_is_recorded(number, expiry, cvc, field):
    payment = SandboxPayment.objects.get(ref=create().gateway_ref)
    with pytest.raises(DomainError) as caught:
        provider.card_pay(token=payment.token, number=number, expiry=expiry, cvc=cvc)
    assert caught.value.field == field and not payment.attempts.exists() and not SandboxWebhook.objects.exists()


def test_a_declined_card_leaves_the_payment_payable_by_another():
    payment = SandboxPayment.objects.get(ref=create().gateway_ref)
    provider.card_pay(token=payment.token, number="4000000000000002", expiry="12/40", cvc="123")
    assert provider.card_pay(token=payment.token, number="4242424242424242", expiry="12/40", cvc="123").status == (
        "succeeded"
    )
    assert [e["type"] for e in events()] == ["payment.failed", "payment.succeeded"]
    with pytest.raises(provider.PaymentClosed):  # paid: takes no more money
        provider.card_pay(token=payment.token, number="4242424242424242", expiry="12/40", cvc="123")


def test_three_d_secure_approve_or_fail():
    for approve, status, kinds in [(True, Status.SUCCEEDED, ["payment.succeeded"]),
                                   (False, Status.REQUIRES_PAYMENT_METHOD, ["payment.failed"])]:  # fmt: skip
        SandboxWebhook.objects.all().delete()
        payment = SandboxPayment.objects.get(ref=create(f"payment:{approve}").gateway_ref)
        provider.card_pay(token=payment.token, number="4000002760003184", expiry="12/40", cvc="123")
        provider.action_complete(token=payment.token, approve=approve)
        payment.refresh_from_db()
        assert payment.status == status and [e["type"] for e in events()] == kinds


def test_a_canceled_payment_takes_no_money_and_a_paid_one_cannot_be_canceled():
    created = create()
    GATEWAY.cancel(idempotency_key="cancel:1", gateway_ref=created.gateway_ref)
    payment = SandboxPayment.objects.get(ref=created.gateway_ref)
    assert payment.status == Status.CANCELED
    for act in (lambda: provider.card_pay(token=payment.token, number="4242424242424242", expiry="12/40", cvc="1"),
                lambda: provider.method_choose(token=payment.token, method="pix")):  # fmt: skip
        with pytest.raises(provider.PaymentClosed):
            act()
    ref = paid("payment:2")
    with pytest.raises(GatewayRefused):
        GATEWAY.cancel(idempotency_key="cancel:2", gateway_ref=ref)


def test_capture_confirms_what_was_captured():
    ref = paid()
    assert GATEWAY.capture(idempotency_key="capture:1", gateway_ref=ref, amount=Money("150", "BRL")) == Money(
        "150", "BRL"
    )
    unpaid = create("payment:2").gateway_ref
    with pytest.raises(GatewayRefused):
        GATEWAY.capture(idempotency_key="capture:2", gateway_ref=unpaid, amount=Money("150", "BRL"))


def test_refunds_full_and_partial_never_above_captured_and_idempotent():
    ref = paid()
    first = GATEWAY.refund(idempotency_key="r1", gateway_ref=ref, amount=Money("100.00", "BRL"), reason="order 11")
    assert GATEWAY.refund(idempotency_key="r1", gateway_ref=ref, amount=Money("100.00", "BRL"), reason="order 11") == (
        first
    )
    with pytest.raises(GatewayRefused):  # same key, other amount
        GATEWAY.refund(idempotency_key="r1", gateway_ref=ref, amount=Money("10.00", "BRL"), reason="order 11")
    with pytest.raises(GatewayRefused) as caught:  # 50 left
        GATEWAY.refund(idempotency_key="r2", gateway_ref=ref, amount=Money("50.01", "BRL"), reason="order 12")
    assert caught.value.field == "amount"
    GATEWAY.refund(idempotency_key="r3", gateway_ref=ref, amount=Money("50.00", "BRL"), reason="order 12")
    payment = SandboxPayment.objects.get(ref=ref)
    assert payment.refunded_amount == payment.captured_amount == 150
    assert SandboxRefund.objects.count() == 2
    assert [e["data"]["amount"] for e in events("refund.succeeded")] == ["100.00", "50.00"]
    with pytest.raises(GatewayRefused):
        GATEWAY.refund(idempotency_key="r4", gateway_ref=ref, amount=Money("0.01", "BRL"), reason="more")
    unpaid = create("payment:2").gateway_ref
    with pytest.raises(GatewayRefused):
        GATEWAY.refund(idempotency_key="r5", gateway_ref=unpaid, amount=Money("1", "BRL"), reason="x")


def test_webhooks_verify_with_the_secret_within_the_tolerance():
    paid()
    body = SandboxWebhook.objects.get().body.encode()
    secret = settings.CARAVAN_SANDBOX_WEBHOOK_SECRET
    event = GATEWAY.verify_webhook(body=body, headers={"Caravan-Signature": signature_header(secret=secret, body=body)})
    assert event.kind == "payment.succeeded" and event.amount == Money("150.00", "BRL") and event.method == "card"
    now = int(time.time())
    bad = {
        "no signature": {},
        "forged": {"Caravan-Signature": signature_header(secret="whsec_other", body=body)},
        "stale": {"Caravan-Signature": signature_header(secret=secret, body=body, timestamp=now - 301)},
        "future": {"Caravan-Signature": signature_header(secret=secret, body=body, timestamp=now + 301)},
        "malformed": {"Caravan-Signature": "v1=abc"},
    }
    for name, headers in bad.items():
        with pytest.raises(WebhookRejected):
            GATEWAY.verify_webhook(body=body, headers=headers)
        assert name
    tampered = body.replace(b"150.00", b"1.00")
    sig = signature_header(secret=secret, body=body)
    with pytest.raises(WebhookRejected):
        GATEWAY.verify_webhook(body=tampered, headers={"Caravan-Signature": sig})
    fresh_enough = signature_header(secret=secret, body=body, timestamp=now - 299)
    assert GATEWAY.verify_webhook(body=body, headers={"Caravan-Signature": fresh_enough}).id == event.id


def test_methods_follow_the_buyers_country():
    codes = {country: [m["code"] for m in provider.methods_for(country)] for country in ("BR", "IN", "ID", "TH", "KE")}
    assert codes["BR"][:2] == ["card", "pix"] and "upi" in codes["IN"] and "qris" in codes["ID"]
    assert "promptpay" in codes["TH"] and "mpesa" in codes["KE"]
    assert [m["code"] for m in provider.methods_for("ZZ")] == ["card", "paypal", "bank_transfer"]
    assert all(provider.methods_for(c)[0]["flow"] == "card" for c in ("BR", "US", "KE"))


def test_deliveries_back_off_and_lost_ones_are_found_again(settings):
    settings.CARAVAN_SANDBOX_WEBHOOK_BACKOFF_SECONDS = 5
    settings.CARAVAN_SANDBOX_WEBHOOK_BACKOFF_MAX_SECONDS = 600
    assert [provider.webhook_backoff(n) for n in (1, 2, 3, 4, 8, 20)] == [5, 10, 20, 40, 600, 600]
    paid()
    assert provider.webhooks_stalled() == []  # just made: its task is on the way
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - timedelta(hours=1)
    SandboxWebhook.objects.update(created_at=long_ago)
    hook = SandboxWebhook.objects.get()
    assert provider.webhooks_stalled() == [hook.pk]
    SandboxWebhook.objects.update(attempts=settings.CARAVAN_SANDBOX_WEBHOOK_MAX_ATTEMPTS, last_attempt_at=long_ago)
    assert provider.webhooks_stalled() == []  # gave up: the admin's log shows it


def test_a_delivery_to_a_dead_endpoint_is_logged_not_lost(settings):
    paid()
    hook = SandboxWebhook.objects.get()
    SandboxWebhook.objects.update(url="http://127.0.0.1:9/api/v1/payments/webhooks/sandbox/")  # discard port
    assert provider.webhook_deliver(webhook_id=hook.pk) is False
    hook.refresh_from_db()
    assert hook.attempts == 1 and hook.last_status is None and hook.last_error and hook.delivered_at is None
