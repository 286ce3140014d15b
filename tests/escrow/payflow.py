"""Helpers for the payment tests: a payment for two orders, started at the
sandbox gateway, and the sandbox's webhooks delivered to the real endpoint."""

from django.conf import settings
from django.urls import reverse
from moneyed import Money

from escrow.gateways.base import SIGNATURE_HEADER, signature_header
from escrow.models import Payment, SandboxPayment, SandboxWebhook
from escrow.payments import payment_create, payment_start
from escrow.selectors import trial_balance

ORDERS = {11: Money("100.00", "BRL"), 12: Money("50.00", "BRL")}


def new_payment(buyer, *, reference="checkout:abc", country="BR", allocations=None) -> Payment:
    allocations = allocations or ORDERS
    currency = next(iter(allocations.values())).currency.code
    total = sum((share for share in allocations.values()), Money(0, currency))
    return payment_create(reference=reference, buyer_id=buyer.pk, country=country, language="pt-br", amount=total,
                          allocations=allocations, return_url="/orders/paid/", description="2 orders")  # fmt: skip


def started(buyer, **kwargs) -> tuple[Payment, SandboxPayment, str]:
    """A payment started at the sandbox: (platform payment, provider record, hosted page URL)."""
    payment = new_payment(buyer, **kwargs)
    url = payment_start(payment_id=payment.pk)
    payment.refresh_from_db()
    return payment, SandboxPayment.objects.get(ref=payment.gateway_ref), url


def signed(body: bytes, *, secret=None, timestamp=None) -> dict:
    secret = secret or settings.CARAVAN_SANDBOX_WEBHOOK_SECRET
    return {"HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"): signature_header(secret=secret, body=body,
                                                                                    timestamp=timestamp)}  # fmt: skip


def post_webhook(client, body: bytes, **headers):
    url = reverse("payment-webhook", args=["sandbox"])
    return client.post(url, data=body, content_type="application/json", **headers)


def deliver_pending(client) -> list:
    """POST every undelivered sandbox event to the endpoint, as the delivery task does (in order)."""
    responses = []
    for hook in SandboxWebhook.objects.filter(delivered_at=None).order_by("pk"):
        body = hook.body.encode()
        response = post_webhook(client, body, **signed(body))
        responses.append(response)
        if response.status_code == 200:
            SandboxWebhook.objects.filter(pk=hook.pk).update(delivered_at=hook.created_at)
    return responses


def assert_books_balance():
    assert all(total == 0 for total in trial_balance().values()), trial_balance()
