"""The payment gateway adapter interface: what escrow asks of any provider.

A real gateway (a card acquirer, a PIX or UPI aggregator) plugs in behind the same
five calls. Every outbound call carries an idempotency key derived from our own
row ids, so a retried call (a timeout, a redelivered task) never charges or
refunds twice; a provider that honours keys returns the first result again.
"""

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _
from moneyed import Money

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


@dataclass(frozen=True)
class WebhookEvent:
    """A verified event, in the provider-neutral shape escrow records."""

    id: str
    kind: str  # payment.succeeded | payment.failed | refund.succeeded | refund.failed
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


# --- the signature scheme (Stripe's shape: "t=<unix>,v1=<hex HMAC-SHA256 of '<t>.<body>'>") ---

SIGNATURE_HEADER = "Caravan-Signature"


def signature_header(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def signature_verify(*, secret: str, body: bytes, header: str | None, tolerance: int, now: float | None = None) -> None:
    """Raise WebhookRejected unless `header` signs `body` with `secret` within
    `tolerance` seconds of now. Compared in constant time; any v1 may match (a
    provider rolling its secret sends one per secret)."""
    if not header:
        raise WebhookRejected(_("The webhook has no signature."), field=SIGNATURE_HEADER)
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [value for key, value in parts if key.strip() == "t"]
    macs = [value.strip() for key, value in parts if key.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].strip().isdigit() or not macs:
        raise WebhookRejected(_("The webhook signature is malformed."), field=SIGNATURE_HEADER)
    timestamp = int(timestamps[0])
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise WebhookRejected(_("The webhook's timestamp is outside the tolerance."), field=SIGNATURE_HEADER)
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, mac) for mac in macs):
        raise WebhookRejected(_("The webhook signature does not match."), field=SIGNATURE_HEADER)
