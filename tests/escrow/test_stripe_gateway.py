"""The Stripe adapter (escrow/gateways/stripe/adapter.py) against a local fake of
Stripe's HTTP API (tests/escrow/stripe_fake.py): request encoding (amounts in
Stripe's minor units), idempotency, Stripe's errors, signed webhooks and their
mapping onto escrow's events, and one payment through escrow's services with
the gateway chosen by settings."""

import json
import os
import subprocess
import sys
import time
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from moneyed import Money

from escrow.gateways import gateway_get
from escrow.gateways.base import IGNORED, GatewayError, GatewayRefused, WebhookRejected
from escrow.gateways.stripe.adapter import StripeGateway, checkout_locale, from_minor, to_minor
from escrow.ledger import AccountRef
from escrow.models import AccountKind, GatewayEvent, JournalTransaction, Payment, PaymentStatus, Refund, RefundStatus
from escrow.payments import (
    escrow_held,
    payment_cancel_at_gateway,
    payment_refund,
    payment_start,
    payment_void,
    refund_submit,
)
from escrow.selectors import account_balance
from marketplace import webhooks
from marketplace.errors import DomainError, NotFound
from tests.factories import UserFactory

from .payflow import assert_books_balance, new_payment
from .stripe_fake import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, error

ARGS = {"reference": "checkout:st1", "country": "DE", "language": "de", "return_url": "/orders/checkout/tok/done/",
        "description": "2 orders"}  # fmt: skip


@pytest.fixture
def stripe(settings):
    """The fake Stripe, and settings that configure the adapter against it (stripe the default gateway)."""
    with FakeStripe() as fake:
        settings.CARAVAN_STRIPE_SECRET_KEY = SECRET_KEY
        settings.CARAVAN_STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.CARAVAN_STRIPE_API_BASE = fake.url
        settings.CARAVAN_STRIPE_TIMEOUT_SECONDS = 5
        settings.CARAVAN_PAYMENT_GATEWAYS = {
            **django_settings.CARAVAN_PAYMENT_GATEWAYS,
            "stripe": "escrow.gateways.stripe.adapter.StripeGateway",
        }
        settings.CARAVAN_PAYMENT_GATEWAY_DEFAULT = "stripe"
        yield fake
        fake.hold.set()


def create(gateway, amount: Money, key="payment:1", **overrides):
    return gateway.create_payment(idempotency_key=key, amount=amount, **{**ARGS, **overrides})


def paid_session(stripe, amount: Money) -> str:
    ref = create(StripeGateway(), amount).gateway_ref
    stripe.pay(ref)
    return ref


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "minor"),
    [
        (Money("12.34", "EUR"), 1234),
        (Money("0.50", "USD"), 50),
        (Money("1500", "JPY"), 1500),
        (Money("25000", "KRW"), 25000),
        (Money("12.340", "KWD"), 12340),
        (Money("7.5", "BHD"), 7500),
        (Money("100", "ISK"), 10000),
    ],
)
def test_amounts_go_in_stripes_minor_units_and_come_back_the_same(amount, minor):
    assert to_minor(amount) == minor
    assert from_minor(minor, amount.currency.code.lower()) == amount


@pytest.mark.parametrize(
    "amount",
    [
        Money("12.345", "KWD"),
        Money("0.001", "OMR"),
        Money("10.5", "JPY"),
        Money("1.001", "EUR"),
        Money("100.5", "ISK"),
        Money("0", "EUR"),
    ],
)
def test_an_amount_stripe_cannot_represent_is_refused_naming_the_field(amount):
    with pytest.raises(DomainError) as caught:
        to_minor(amount)
    assert caught.value.field == "amount"


def test_checkout_locale_follows_the_buyers_language_where_stripe_has_it():
    assert [checkout_locale(code) for code in ("pt-br", "zh-hans", "ru", "tr", "fr", "en", "sw", "")] == [
        "pt-BR", "zh", "ru", "tr", "fr", "en", "auto", "auto",
    ]  # fmt: skip


# --- the API calls ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "unit_amount"),
    [
        (Money("12.34", "EUR"), "eur", "1234"),
        (Money("1500", "JPY"), "jpy", "1500"),
        (Money("12.340", "KWD"), "kwd", "12340"),
    ],
)
def test_create_makes_a_checkout_session_with_the_amount_in_minor_units(stripe, amount, currency, unit_amount):
    created = create(StripeGateway(), amount, language="pt-br")
    [request] = stripe.posts("/v1/checkout/sessions")
    form = request["form"]
    assert request["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"
    assert request["headers"]["Idempotency-Key"] == "payment:1"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][currency]"] == currency
    assert form["line_items[0][price_data][unit_amount]"] == unit_amount
    assert form["line_items[0][quantity]"] == "1"
    assert form["payment_intent_data[capture_method]"] == "automatic"  # escrow takes the money when it succeeds
    assert form["client_reference_id"] == form["metadata[reference]"] == "checkout:st1"
    assert form["success_url"] == form["cancel_url"] == "http://127.0.0.1:8000/orders/checkout/tok/done/"
    assert form["locale"] == "pt-BR"
    session = stripe.sessions[created.gateway_ref]
    assert created.gateway_ref.startswith("cs_test_") and created.redirect_url == session["url"]


def test_an_unrepresentable_amount_is_refused_before_anything_is_sent(stripe):
    with pytest.raises(DomainError) as caught:
        create(StripeGateway(), Money("12.345", "KWD"))
    assert caught.value.field == "amount" and stripe.requests == []


def test_a_retried_create_with_its_key_gets_the_same_session(stripe):
    first = create(StripeGateway(), Money("12.34", "EUR"))
    again = create(StripeGateway(), Money("12.34", "EUR"))
    assert again == first and len(stripe.sessions) == 1 and len(stripe.posts("/v1/checkout/sessions")) == 2
    with pytest.raises(GatewayRefused) as caught:  # the same key with another amount: Stripe's idempotency_error
        create(StripeGateway(), Money("99.00", "EUR"))
    assert "same parameters" in caught.value.message and len(stripe.sessions) == 1


def test_a_card_error_is_a_refusal_and_a_server_error_a_retry(stripe):
    stripe.fail_next.append(error(402, "card_error", "Your card was declined.", code="card_declined",
                                  decline_code="generic_decline", param="payment_method"))  # fmt: skip
    with pytest.raises(GatewayRefused) as caught:
        create(StripeGateway(), Money("12.34", "EUR"))
    assert caught.value.message == "Your card was declined."
    assert caught.value.code == "card_declined" and caught.value.field == "payment_method"
    stripe.fail_next.append(error(500, "api_error", "An unknown error occurred"))
    with pytest.raises(GatewayError):
        create(StripeGateway(), Money("12.34", "EUR"), key="payment:2")
    stripe.fail_next.append(error(429, "invalid_request_error", "Too many requests", code="rate_limit"))
    with pytest.raises(GatewayError):
        create(StripeGateway(), Money("12.34", "EUR"), key="payment:2")
    # the 5xx was not stored under the key: the retry makes the session
    assert create(StripeGateway(), Money("12.34", "EUR"), key="payment:2").gateway_ref in stripe.sessions


def test_a_wrong_key_a_timeout_and_no_answer_are_retries_not_refusals(stripe, settings):
    settings.CARAVAN_STRIPE_SECRET_KEY = "sk_test_wrong"
    with pytest.raises(GatewayError, match="401"):  # our configuration, not the request: a refund must not fail
        create(StripeGateway(), Money("12.34", "EUR"))
    settings.CARAVAN_STRIPE_SECRET_KEY = SECRET_KEY
    settings.CARAVAN_STRIPE_TIMEOUT_SECONDS = 0.2
    stripe.holding = True  # the fake keeps every request waiting until the test lets it go
    with pytest.raises(GatewayError, match="Timeout"):
        create(StripeGateway(), Money("12.34", "EUR"))
    stripe.hold.set()
    with FakeStripe() as closed:
        url = closed.url
    settings.CARAVAN_STRIPE_API_BASE = url  # nothing listens there any more
    with pytest.raises(GatewayError, match="ConnectionError"):
        create(StripeGateway(), Money("12.34", "EUR"))


def test_capture_confirms_what_stripe_captured_or_captures_an_authorisation(stripe):
    gateway = StripeGateway()
    ref = create(gateway, Money("12.34", "EUR")).gateway_ref
    with pytest.raises(GatewayRefused):  # not paid yet
        gateway.capture(idempotency_key="capture:1", gateway_ref=ref, amount=Money("12.34", "EUR"))
    stripe.pay(ref)
    assert gateway.capture(idempotency_key="capture:1", gateway_ref=ref, amount=Money("12.34", "EUR")) == Money(
        "12.34", "EUR"
    )
    assert stripe.posts(f"/v1/payment_intents/{stripe.sessions[ref]['payment_intent']}/capture") == []
    with pytest.raises(GatewayRefused):
        gateway.capture(idempotency_key="capture:1b", gateway_ref=ref, amount=Money("10.00", "EUR"))

    manual = create(gateway, Money("1500", "JPY"), key="payment:2").gateway_ref
    stripe.pay(manual, capture_method="manual")
    captured = gateway.capture(idempotency_key="capture:2", gateway_ref=manual, amount=Money("1500", "JPY"))
    assert captured == Money("1500", "JPY")
    intent = stripe.sessions[manual]["payment_intent"]
    [request] = stripe.posts(f"/v1/payment_intents/{intent}/capture")
    assert request["form"] == {"amount_to_capture": "1500"} and request["headers"]["Idempotency-Key"] == "capture:2"
    assert stripe.intents[intent]["status"] == "succeeded"


def test_cancel_expires_an_open_session_and_refuses_a_paid_one(stripe):
    gateway = StripeGateway()
    ref = create(gateway, Money("12.34", "EUR")).gateway_ref
    gateway.cancel(idempotency_key="cancel:1", gateway_ref=ref)
    assert stripe.sessions[ref]["status"] == "expired"
    assert stripe.posts(f"/v1/checkout/sessions/{ref}/expire")[0]["headers"]["Idempotency-Key"] == "cancel:1"
    gateway.cancel(idempotency_key="cancel:1", gateway_ref=ref)  # again: nothing more to do
    assert len(stripe.posts(f"/v1/checkout/sessions/{ref}/expire")) == 1

    paid = paid_session(stripe, Money("12.34", "EUR"))
    with pytest.raises(GatewayRefused):
        gateway.cancel(idempotency_key="cancel:2", gateway_ref=paid)

    authorised = create(gateway, Money("20.00", "EUR"), key="payment:3").gateway_ref
    stripe.pay(authorised, capture_method="manual")
    gateway.cancel(idempotency_key="cancel:3", gateway_ref=authorised)
    assert stripe.intents[stripe.sessions[authorised]["payment_intent"]]["status"] == "canceled"


def test_refund_creates_a_stripe_refund_carrying_our_key(stripe):
    gateway = StripeGateway()
    ref = paid_session(stripe, Money("12.340", "KWD"))
    refund = gateway.refund(idempotency_key="refund:payment=1:order=2:abc", gateway_ref=ref,
                            amount=Money("5.000", "KWD"), reason="damaged")  # fmt: skip
    assert refund.status == "succeeded" and refund.gateway_ref in stripe.refunds
    [request] = stripe.posts("/v1/refunds")
    assert request["headers"]["Idempotency-Key"] == "refund:payment=1:order=2:abc"
    assert request["form"] == {
        "payment_intent": stripe.sessions[ref]["payment_intent"], "amount": "5000",
        "metadata[reference]": "refund:payment=1:order=2:abc", "metadata[payment]": ref, "metadata[reason]": "damaged",
    }  # fmt: skip
    again = gateway.refund(idempotency_key="refund:payment=1:order=2:abc", gateway_ref=ref,
                           amount=Money("5.000", "KWD"), reason="damaged")  # fmt: skip
    assert again == refund and len(stripe.refunds) == 1  # a retried refund is the same refund there
    with pytest.raises(GatewayRefused) as caught:  # more than is left
        gateway.refund(idempotency_key="refund:other", gateway_ref=ref, amount=Money("8.000", "KWD"), reason="x")
    assert caught.value.field == "amount" and caught.value.code == "amount_too_large"


# --- webhooks ---------------------------------------------------------------------------------


def signed_headers(body: bytes, *, secret=WEBHOOK_SECRET, timestamp=None) -> dict:
    # Stripe adds a v0 (test-mode) signature beside v1; it is not ours to check.
    return {"Stripe-Signature": webhooks.sign(secret, body, timestamp) + ",v0=" + "0" * 64}


def as_body(event: dict) -> bytes:
    return json.dumps(event).encode()


def test_a_webhook_is_trusted_only_with_a_fresh_signature_by_our_secret(stripe):
    gateway = StripeGateway()
    ref = create(gateway, Money("12.34", "EUR")).gateway_ref
    body = as_body(stripe.pay(ref)[1])
    event = gateway.verify_webhook(body=body, headers=signed_headers(body))
    assert (event.kind, event.payment_ref) == ("payment.succeeded", ref)
    stale = int(time.time()) - django_settings.CARAVAN_WEBHOOK_TOLERANCE_SECONDS - 5
    tampered = body.replace(b'"amount_total": 1234', b'"amount_total": 1')
    assert tampered != body
    for bad_body, headers, reason in [
        (tampered, signed_headers(body), "does not match"),
        (body, signed_headers(body, timestamp=stale), "tolerance"),
        (body, signed_headers(body, secret="whsec_someone_else"), "does not match"),
        (body, {}, "no signature"),
        (body, {"Stripe-Signature": "v1=abc"}, "malformed"),
    ]:
        with pytest.raises(WebhookRejected, match=reason) as caught:
            gateway.verify_webhook(body=bad_body, headers=headers)
        assert caught.value.field == "Stripe-Signature"
    with pytest.raises(WebhookRejected) as caught:
        gateway.verify_webhook(body=b"[1]", headers=signed_headers(b"[1]"))
    assert caught.value.field == "body"


def test_stripes_events_map_onto_escrows(stripe):
    gateway = StripeGateway()

    def verified(event: dict):
        body = as_body(event)
        return gateway.verify_webhook(body=body, headers=signed_headers(body))

    ref = create(gateway, Money("1500", "JPY")).gateway_ref
    [failed] = stripe.decline(ref)
    event = verified(failed)
    assert (event.kind, event.payment_ref, event.method) == ("payment.failed", ref, "card")
    assert event.failure_reason == "Your card was declined." and event.id == failed["id"]
    intent_succeeded, session_completed = stripe.pay(ref)
    for mapped in (verified(intent_succeeded), verified(session_completed)):
        assert (mapped.kind, mapped.payment_ref, mapped.amount) == ("payment.succeeded", ref, Money("1500", "JPY"))

    refund = gateway.refund(idempotency_key="refund:k", gateway_ref=ref, amount=Money("500", "JPY"), reason="r")
    for mapped in map(verified, stripe.refund_events(refund.gateway_ref)):  # charge.refunded, refund.created
        assert (mapped.kind, mapped.payment_ref, mapped.refund_ref, mapped.refund_reference, mapped.amount) == (
            "refund.succeeded", ref, refund.gateway_ref, "refund:k", Money("500", "JPY"),
        )  # fmt: skip
    failed_refund = {**stripe.refunds[refund.gateway_ref], "status": "failed",
                     "failure_reason": "expired_or_canceled_card"}  # fmt: skip
    mapped = verified(FakeStripe.event("refund.updated", failed_refund))
    assert (mapped.kind, mapped.failure_reason) == ("refund.failed", "expired_or_canceled_card")

    authorised = create(gateway, Money("20.00", "EUR"), key="payment:2").gateway_ref
    capturable, completed_unpaid = stripe.pay(authorised, capture_method="manual")
    dashboard_refund = {**stripe.refunds[refund.gateway_ref], "metadata": {}}
    foreign_session = {**stripe.sessions[authorised], "metadata": {}}
    for other in [
        capturable,  # an authorisation: escrow waits for the money
        completed_unpaid,
        FakeStripe.event("checkout.session.expired", stripe.sessions[authorised]),
        FakeStripe.event("refund.created", dashboard_refund),  # not one of ours
        FakeStripe.event("checkout.session.completed", foreign_session),
        FakeStripe.event("customer.created", {"id": "cus_1", "object": "customer"}),
    ]:
        assert verified(other).kind == IGNORED, other["type"]


# --- through escrow, the gateway chosen by settings ----------------------------------------------


def post(client, event: dict, gateway="stripe", headers=None):
    body = as_body(event)
    headers = headers or signed_headers(body)
    return client.post(reverse("payment-webhook", args=[gateway]), data=body, content_type="application/json",
                       headers=headers)  # fmt: skip


@pytest.mark.django_db
def test_a_stripe_payment_through_escrow_captured_then_refunded(client, stripe):
    payment = new_payment(UserFactory(), reference="checkout:stripe1")
    assert payment.gateway == "stripe"  # the default gateway, from settings
    url = payment_start(payment_id=payment.pk)
    payment.refresh_from_db()
    session = stripe.sessions[payment.gateway_ref]
    assert url == session["url"] and session["amount_total"] == 15000 and session["currency"] == "brl"
    assert payment_start(payment_id=payment.pk) == url and len(stripe.sessions) == 1  # key payment:<pk>

    [declined] = stripe.decline(payment.gateway_ref)
    assert post(client, declined).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.failure_reason == "Your card was declined."

    paid = stripe.pay(payment.gateway_ref)  # payment_intent.succeeded, checkout.session.completed
    assert post(client, paid[1], headers={"Stripe-Signature": "t=1,v1=00"}).status_code == 400  # nothing recorded
    assert not JournalTransaction.objects.exists()
    responses = [post(client, event) for event in paid + paid]  # each delivered twice
    assert [r.status_code for r in responses] == [200] * 4
    assert [r.json()["duplicate"] for r in responses] == [False, False, True, True]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.method == "card"
    assert escrow_held(order_id=11, currency="BRL") == Money("100.00", "BRL")
    assert escrow_held(order_id=12, currency="BRL") == Money("50.00", "BRL")
    assert JournalTransaction.objects.filter(kind="capture").count() == 1
    assert_books_balance()

    refund = payment_refund(payment_id=payment.pk, order_id=11, amount=Money("40.00", "BRL"), reason="damaged")
    refund = refund_submit(refund_id=refund.pk)
    assert refund.gateway_ref.startswith("re_") and stripe.refunds[refund.gateway_ref]["amount"] == 4000
    charge_refunded, refund_created = stripe.refund_events(refund.gateway_ref)
    assert post(client, refund_created).status_code == 200
    assert post(client, charge_refunded).json()["duplicate"] is False  # another event id; the refund is paid once
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert account_balance(AccountRef(AccountKind.GATEWAY_CLEARING, "BRL")) == Money("110.00", "BRL")
    assert JournalTransaction.objects.filter(kind="refund_paid").count() == 1
    assert_books_balance()

    ignored = post(client, FakeStripe.event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert ignored.status_code == 200 and not GatewayEvent.objects.filter(event_id=ignored.json()["event"]).exists()
    assert Refund.objects.count() == 1


@pytest.mark.django_db
def test_a_voided_stripe_payment_expires_its_session(stripe):
    payment = new_payment(UserFactory(), reference="checkout:stripe2")
    payment_start(payment_id=payment.pk)
    payment_void(payment_id=payment.pk, reason="cancelled")
    payment.refresh_from_db()
    payment_cancel_at_gateway(payment_id=payment.pk)
    assert stripe.sessions[payment.gateway_ref]["status"] == "expired"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.VOIDED


@pytest.mark.django_db
def test_without_stripe_settings_there_is_no_stripe_gateway(client):
    assert "stripe" not in django_settings.CARAVAN_PAYMENT_GATEWAYS
    assert django_settings.CARAVAN_PAYMENT_GATEWAY_DEFAULT == "sandbox"
    with pytest.raises(NotFound):
        gateway_get("stripe")
    assert post(client, {"id": "evt_1", "type": "checkout.session.completed"}).status_code == 404


def settings_in_a_fresh_process(**env) -> subprocess.CompletedProcess:
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(sorted(s.CARAVAN_PAYMENT_GATEWAYS), s.CARAVAN_PAYMENT_GATEWAY_DEFAULT)")  # fmt: skip
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "PAYMENT_GATEWAY"))}
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **env},
        cwd=django_settings.BASE_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_stripe_gateway_is_configured_by_its_two_secrets_only():
    assert settings_in_a_fresh_process(STRIPE_SECRET_KEY="sk_test_x").stdout.split() == ["['sandbox']", "sandbox"]
    both = settings_in_a_fresh_process(STRIPE_SECRET_KEY="sk_test_x", STRIPE_WEBHOOK_SECRET="whsec_x")
    assert both.stdout.strip() == "['sandbox', 'stripe'] sandbox"  # configured, but the default stays
    chosen = settings_in_a_fresh_process(STRIPE_SECRET_KEY="sk_test_x", STRIPE_WEBHOOK_SECRET="whsec_x",
                                         PAYMENT_GATEWAY="stripe")  # fmt: skip
    assert chosen.stdout.strip() == "['sandbox', 'stripe'] stripe"
    refused = settings_in_a_fresh_process(PAYMENT_GATEWAY="stripe")
    assert refused.returncode != 0 and "ImproperlyConfigured" in refused.stderr


def test_stripe_amounts_are_integers_and_become_decimals():
    with pytest.raises(TypeError):
        from_minor(1.5, "eur")
    assert from_minor(1234, "eur").amount == Decimal("12.34")


@pytest.mark.django_db
def test_the_pay_link_survives_stripe_being_down_or_refusing(client, stripe):
    buyer = UserFactory()
    payment = new_payment(buyer, reference="checkout:stripe3")
    client.force_login(buyer)
    stripe.fail_next.append(error(503, "api_error", "Stripe is down"))
    response = client.get(payment.pay_url)
    assert response.status_code == 503 and b'data-testid="payment-unavailable"' in response.content
    stripe.fail_next.append(error(400, "invalid_request_error", "Unsupported currency", param="currency"))
    assert client.get(payment.pay_url).status_code == 502
    assert Payment.objects.get(pk=payment.pk).gateway_ref == ""  # nothing kept from the failed starts
    response = client.get(payment.pay_url)
    payment.refresh_from_db()
    assert response.status_code == 302 and response.url == stripe.sessions[payment.gateway_ref]["url"]
    client.force_login(UserFactory())  # another buyer's link: not theirs to start
    assert client.get(payment.pay_url).status_code == 404
