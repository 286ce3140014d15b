"""The payment gateway adapter interface: what escrow asks of any provider.

A real gateway (a card acquirer, a PIX or UPI aggregator) plugs in behind the same
five calls. Every outbound call carries an idempotency key derived from our own
row ids, so a retried call (a timeout, a redelivered task) never charges or
refunds twice; a provider that honours keys returns the first result again.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from moneyed import Money

from marketplace import webhooks
from marketplace.errors import DomainError


class GatewayError(Exception):
    """The provider could not be reached or answered with a transient error: retry later."""


class GatewayRefused(DomainError):
    """The provider refused the request (an amount above what is captured, a reused key...)."""

    code = "gateway_refused"


class WebhookRejected(DomainError):
    """A webhook that is not provably from the provider, or too old to trust."""

    code = "webhook_rejected"


@dataclass(frozen=True)
class CreatedPayment:
    gateway_ref: str  # the provider's id of the payment
    redirect_url: str  # its hosted payment page, where the buyer goes


@dataclass(frozen=True)
class GatewayRefund:
    gateway_ref: str
    status: str  # "pending" | "succeeded" | "failed"


# The kind of a verified event escrow has no use for (a provider's other event types, or one about a
# payment made elsewhere): the webhook endpoint acknowledges it and records nothing.
IGNORED = "ignored"


@dataclass(frozen=True)
class WebhookEvent:
    """A verified event, in the provider-neutral shape escrow records."""

    id: str
    kind: str  # payment.succeeded | payment.failed | refund.succeeded | refund.failed | IGNORED
    payment_ref: str  # the provider's payment id
    amount: Money | None = None
    method: str = ""
    refund_ref: str = ""  # the provider's refund id
    refund_reference: str = ""  # our refund's idempotency key, as the provider echoes it
    failure_reason: str = ""
    payload: dict = field(default_factory=dict)


class Gateway(Protocol):
    code: str

    def create_payment(self, *, idempotency_key: str, reference: str, amount: Money, country: str, language: str,
                       return_url: str, description: str) -> CreatedPayment: ...  # fmt: skip

    def capture(self, *, idempotency_key: str, gateway_ref: str, amount: Money) -> Money: ...

    def cancel(self, *, idempotency_key: str, gateway_ref: str) -> None: ...

    def refund(self, *, idempotency_key: str, gateway_ref: str, amount: Money, reason: str) -> GatewayRefund: ...

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent: ...


# --- the signature scheme: marketplace.webhooks (Stripe's shape), under our gateways' header ---

SIGNATURE_HEADER = "Caravan-Signature"


def signature_header(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    return webhooks.sign(secret, body, timestamp)


def signature_verify(*, secret: str, body: bytes, header: str | None, tolerance: int, now: float | None = None) -> None:
    """Raise WebhookRejected (naming the header) unless `header` signs `body`
    with `secret` within `tolerance` seconds of now (marketplace.webhooks.verify)."""
    try:
        webhooks.verify(secret, body, header, tolerance=tolerance, now=now)
    except webhooks.SignatureRejected as e:
        raise WebhookRejected(e.message, field=SIGNATURE_HEADER) from e
