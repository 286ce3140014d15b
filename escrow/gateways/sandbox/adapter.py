"""The adapter for the built-in sandbox gateway: the Gateway interface over the
sandbox provider's API, as an adapter for a real provider would wrap its HTTP
API (the calls here stay in-process; their shape, idempotency keys and errors
are a provider's)."""

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from moneyed import Money

from ..base import (
    SIGNATURE_HEADER,
    CreatedPayment,
    GatewayRefund,
    WebhookEvent,
    WebhookRejected,
    signature_verify,
)
from . import provider


class SandboxGateway:
    code = "sandbox"

    def create_payment(self, *, idempotency_key: str, reference: str, amount: Money, country: str, language: str,
                       return_url: str, description: str) -> CreatedPayment:  # fmt: skip
        answer = provider.api_call("payments.create", idempotency_key=idempotency_key, body={
            "amount": str(amount.amount), "currency": amount.currency.code, "reference": reference,
            "country": country, "language": language, "return_url": return_url, "description": description,
        })  # fmt: skip
        return CreatedPayment(gateway_ref=answer["id"], redirect_url=answer["url"])

    def capture(self, *, idempotency_key: str, gateway_ref: str, amount: Money) -> Money:
        body = {"payment": gateway_ref, "amount": str(amount.amount), "currency": amount.currency.code}
        answer = provider.api_call("payments.capture", idempotency_key=idempotency_key, body=body)
        return Money(answer["captured"], answer["currency"])

    def cancel(self, *, idempotency_key: str, gateway_ref: str) -> None:
        provider.api_call("payments.cancel", idempotency_key=idempotency_key, body={"payment": gateway_ref})

    def refund(self, *, idempotency_key: str, gateway_ref: str, amount: Money, reason: str) -> GatewayRefund:
        answer = provider.api_call("refunds.create", idempotency_key=idempotency_key, body={
            "payment": gateway_ref, "amount": str(amount.amount), "currency": amount.currency.code,
            "reason": reason, "reference": idempotency_key,
        })  # fmt: skip
        return GatewayRefund(gateway_ref=answer["id"], status=answer["status"])

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """The event in `body`, if `headers` carry a valid signature made within
        the tolerance (WebhookRejected otherwise: nothing is to be trusted)."""
        signature_verify(
            secret=settings.CARAVAN_SANDBOX_WEBHOOK_SECRET,
            body=body,
            header=headers.get(SIGNATURE_HEADER),
            tolerance=settings.CARAVAN_WEBHOOK_TOLERANCE_SECONDS,
        )
        try:
            payload = json.loads(body)
            data = payload["data"]
            amount = Money(Decimal(data["amount"]), data["currency"]) if data.get("amount") else None
            return WebhookEvent(
                id=str(payload["id"]), kind=str(payload["type"]), payment_ref=str(data["payment"]), amount=amount,
                method=str(data.get("method", "")), refund_ref=str(data.get("refund", "")),
                refund_reference=str(data.get("refund_reference", "")),
                failure_reason=str(data.get("failure_reason", "")), payload=payload,
            )  # fmt: skip
        except (ValueError, KeyError, TypeError, InvalidOperation):
            raise WebhookRejected(_("The webhook's body is not a sandbox event."), field="body") from None
