"""The Stripe adapter: the Gateway interface over Stripe's HTTP API (Checkout
Sessions, PaymentIntents, Refunds, signed webhook events), with no Stripe SDK.

Configured only when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set
(marketplace/settings.py adds "stripe" to CARAVAN_PAYMENT_GATEWAYS then).

How it maps onto escrow (escrow/payments.py, escrow/services.py):

- Escrow takes the money when the gateway says the payment succeeded
  ("payment.succeeded" posts the capture into the ledger); it never asks for a
  separate capture. So Checkout Sessions use Stripe's automatic capture: a paid
  session is money captured. `capture` only confirms what was captured (or
  captures an intent that waits for it, should one be made with manual capture).
- `gateway_ref` is the Checkout Session's id (cs_…): the session exists when
  the buyer is sent to it, its PaymentIntent only once they pay. Calls that
  need the intent (capture, cancel of a paid session, refund) read it from the
  session; a webhook about an intent or a refund is tied back to the session
  through metadata (a refund's metadata[payment]) or by asking Stripe which
  session the intent belongs to.
- Webhook events escrow has no use for are acknowledged and not recorded
  (kind IGNORED), as are events about sessions or refunds Caravan did not make.

Requests are form-encoded, authenticated with `Authorization: Bearer <key>`,
pinned to CARAVAN_STRIPE_API_VERSION and sent with our idempotency key
(`Idempotency-Key`); Stripe answers a repeated key with its first answer.
Stripe's errors: a 4xx refusal (card_error, invalid_request_error,
idempotency_error) → GatewayRefused; 401/403 (our key), 409 (a concurrent
request with the key), 429, 5xx, timeouts and broken connections →
GatewayError (retry later; a refund is not failed for a misconfiguration)."""

import json
from collections.abc import Mapping
from decimal import Decimal

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import DomainError
from marketplace.money import money, round_money

from ..base import (
    IGNORED,
    CreatedPayment,
    GatewayError,
    GatewayRefund,
    GatewayRefused,
    WebhookEvent,
    WebhookRejected,
    signature_verify,
)

SIGNATURE_HEADER = "Stripe-Signature"

# Stripe's currency exponents (https://docs.stripe.com/currencies#zero-decimal): amounts are sent
# in these units whatever ISO 4217 says; every other currency is two-decimal.
ZERO_DECIMAL = frozenset({"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
                          "XAF", "XOF", "XPF"})  # fmt: skip
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})  # the last digit must be 0
# Zero-decimal in ISO 4217, two-decimal at Stripe for compatibility: the minor units end in 00.
WHOLE_TWO_DECIMAL = frozenset({"ISK"})

# Checkout's page languages (https://docs.stripe.com/api/checkout/sessions/create#locale).
CHECKOUT_LOCALES = frozenset({
    "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id",
    "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th",
    "tr", "vi", "zh", "zh-HK", "zh-TW",
})  # fmt: skip
LANGUAGE_LOCALES = {"zh-hans": "zh", "zh-hant": "zh-TW", "pt-br": "pt-BR", "en-gb": "en-GB", "fr-ca": "fr-CA"}

REFUND_STATUSES = {"succeeded": "succeeded", "pending": "pending", "requires_action": "pending",
                   "failed": "failed", "canceled": "failed"}  # fmt: skip


# --- amounts -------------------------------------------------------------------------------


def exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def to_minor(amount: Money, *, field: str = "amount") -> int:
    """`amount` in Stripe's minor units (EUR 12.34 → 1234, JPY 500 → 500,
    KWD 1.230 → 1230). DomainError on `field` for an amount Stripe cannot take:
    finer than its unit, a three-decimal amount not ending in 0, not above zero."""
    code = amount.currency.code
    value = Decimal(amount.amount).scaleb(exponent(code))
    if value != value.to_integral_value():
        raise DomainError(
            _("Stripe cannot charge %(amount)s: %(currency)s amounts have at most %(n)s decimals there.")
            % {"amount": amount, "currency": code, "n": exponent(code)},
            field=field,
        )
    minor = int(value)
    if code in THREE_DECIMAL and minor % 10:
        raise DomainError(
            _("Stripe cannot charge %(amount)s: %(currency)s amounts must end in 0 (a multiple of 0.010).")
            % {"amount": amount, "currency": code},
            field=field,
        )
    if code in WHOLE_TWO_DECIMAL and minor % 100:
        raise DomainError(
            _("Stripe cannot charge %(amount)s: %(currency)s amounts are whole there.")
            % {"amount": amount, "currency": code},
            field=field,
        )
    if minor <= 0:
        raise DomainError(_("The amount must be above zero."), field=field)
    return minor


def from_minor(minor: int, currency: str) -> Money:
    """Stripe's minor units back into Money (Decimal, rounded to the currency's ISO unit)."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise TypeError(f"Stripe amounts are integers of minor units, not {minor!r}.")
    code = currency.upper()
    return round_money(money(Decimal(minor).scaleb(-exponent(code)), code))


def checkout_locale(language: str) -> str:
    """Stripe Checkout's locale for a Django language code; "auto" (the browser's) when it has none."""
    code = (language or "").lower()
    if code in LANGUAGE_LOCALES:
        return LANGUAGE_LOCALES[code]
    if code in CHECKOUT_LOCALES:
        return code
    base = code.split("-", 1)[0]
    return base if base in CHECKOUT_LOCALES else "auto"


def absolute_url(url: str) -> str:
    """Stripe wants absolute return URLs; ours are paths on this site (SITE_URL)."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.CARAVAN_SITE_URL.rstrip("/") + "/" + url.lstrip("/")


# --- the HTTP client ---------------------------------------------------------------------


def form_encode(data: Mapping, prefix: str = "") -> list[tuple[str, str]]:
    """Stripe's nested form encoding: {"a": {"b": [{"c": 1}]}} → [("a[b][0][c]", "1")]."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs += form_encode(value, name)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    pairs += form_encode(item, f"{name}[{index}]")
                else:
                    pairs.append((f"{name}[{index}]", _scalar(item)))
        else:
            pairs.append((name, _scalar(value)))
    return pairs


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        raise TypeError("Stripe amounts are integers of minor units, never floats.")
    return str(value)


class StripeClient:
    def __init__(self, *, secret_key: str, api_base: str, api_version: str, timeout: float):
        self.secret_key = secret_key
        self.api_base = api_base.rstrip("/")
        self.api_version = api_version
        self.timeout = timeout

    def request(self, method: str, path: str, *, data: Mapping | None = None, params: Mapping | None = None,
                idempotency_key: str | None = None) -> dict:  # fmt: skip
        headers = {"Authorization": f"Bearer {self.secret_key}", "Accept": "application/json",
                   "User-Agent": "Caravan/1 (+escrow stripe adapter)"}  # fmt: skip
        if self.api_version:
            headers["Stripe-Version"] = self.api_version
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        url = self.api_base + path
        try:
            response = requests.request(
                method, url, data=form_encode(data) if data is not None else None,
                params=form_encode(params) if params is not None else None, headers=headers, timeout=self.timeout,
            )  # fmt: skip
        except requests.RequestException as exc:
            raise GatewayError(f"Stripe {method} {path}: {type(exc).__name__}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        if 200 <= status < 300 and isinstance(body, dict):
            return body
        error = body.get("error") if isinstance(body, dict) and isinstance(body.get("error"), dict) else {}
        summary = (f"Stripe {method} {path}: HTTP {status} {error.get('type', '')} {error.get('code', '')} "
                   f"{error.get('message', '')}").strip()  # fmt: skip
        if status in (401, 403, 409, 429) or status >= 500 or not 400 <= status < 500:
            raise GatewayError(summary)
        message = str(error.get("message") or _("Stripe refused the request."))
        raise GatewayRefused(
            message, field=str(error.get("param") or "gateway"), code=str(error.get("code") or "gateway_refused")
        )


# --- the adapter ---------------------------------------------------------------------------


class StripeGateway:
    code = "stripe"

    def __init__(self, client: StripeClient | None = None):
        self.client = client or StripeClient(
            secret_key=settings.CARAVAN_STRIPE_SECRET_KEY,
            api_base=settings.CARAVAN_STRIPE_API_BASE,
            api_version=settings.CARAVAN_STRIPE_API_VERSION,
            timeout=settings.CARAVAN_STRIPE_TIMEOUT_SECONDS,
        )

    def create_payment(self, *, idempotency_key: str, reference: str, amount: Money, country: str, language: str,
                       return_url: str, description: str) -> CreatedPayment:  # fmt: skip
        """A Checkout Session (automatic capture) for `amount`; the buyer goes to its url."""
        code = amount.currency.code
        session = self.client.request("POST", "/v1/checkout/sessions", idempotency_key=idempotency_key, data={
            "mode": "payment",
            "client_reference_id": reference,
            "metadata": {"reference": reference},
            "line_items": [{"quantity": 1, "price_data": {
                "currency": code.lower(), "unit_amount": to_minor(amount),
                "product_data": {"name": (description or reference)[:250]},
            }}],
            "payment_intent_data": {"capture_method": "automatic", "metadata": {"reference": reference},
                                    "description": (description or reference)[:1000]},
            "success_url": absolute_url(return_url),
            "cancel_url": absolute_url(return_url),
            "locale": checkout_locale(language),
        })  # fmt: skip
        return CreatedPayment(gateway_ref=str(session["id"]), redirect_url=str(session["url"]))

    def capture(self, *, idempotency_key: str, gateway_ref: str, amount: Money) -> Money:
        """What was captured for the session: its intent's amount_received once
        it succeeded (automatic capture), or captured now if it waits for one."""
        intent = self._intent(gateway_ref)
        if intent["status"] == "requires_capture":
            intent = self.client.request("POST", f"/v1/payment_intents/{intent['id']}/capture",
                                         idempotency_key=idempotency_key,
                                         data={"amount_to_capture": to_minor(amount)})  # fmt: skip
        if intent["status"] != "succeeded":
            raise GatewayRefused(_("The payment has not succeeded; there is nothing to capture."), field="payment")
        captured = from_minor(intent["amount_received"], intent["currency"])
        if captured != round_money(amount):
            raise GatewayRefused(_("The amount differs from what was captured."), field="amount")
        return captured

    def cancel(self, *, idempotency_key: str, gateway_ref: str) -> None:
        """No money may be taken any more: expire an open session; cancel an
        intent that waits for capture. GatewayRefused if it is already paid."""
        session = self.client.request("GET", f"/v1/checkout/sessions/{gateway_ref}")
        if session["status"] == "expired":
            return
        if session["status"] == "open":
            self.client.request("POST", f"/v1/checkout/sessions/{gateway_ref}/expire", idempotency_key=idempotency_key)
            return
        intent = self._intent(gateway_ref, session=session)
        if intent["status"] in ("requires_capture", "requires_payment_method", "requires_confirmation",
                                "requires_action", "processing"):  # fmt: skip
            self.client.request("POST", f"/v1/payment_intents/{intent['id']}/cancel", idempotency_key=idempotency_key)
            return
        if intent["status"] == "canceled":
            return
        raise GatewayRefused(_("The payment has already succeeded; refund it instead."), field="payment")

    def refund(self, *, idempotency_key: str, gateway_ref: str, amount: Money, reason: str) -> GatewayRefund:
        intent = self._intent(gateway_ref)
        refund = self.client.request("POST", "/v1/refunds", idempotency_key=idempotency_key, data={
            "payment_intent": intent["id"], "amount": to_minor(amount),
            "metadata": {"reference": idempotency_key, "payment": gateway_ref, "reason": reason[:500]},
        })  # fmt: skip
        return GatewayRefund(gateway_ref=str(refund["id"]), status=REFUND_STATUSES.get(refund.get("status"), "pending"))

    def _intent(self, gateway_ref: str, *, session: dict | None = None) -> dict:
        """The session's PaymentIntent (expanded); GatewayRefused if the buyer has not paid yet."""
        session = session or self.client.request("GET", f"/v1/checkout/sessions/{gateway_ref}")
        intent = session.get("payment_intent")
        if not intent:
            raise GatewayRefused(_("The buyer has not paid this payment at Stripe."), field="payment")
        if isinstance(intent, dict):
            return intent
        return self.client.request("GET", f"/v1/payment_intents/{intent}")

    def _session_of(self, intent_id: str) -> dict | None:
        found = self.client.request("GET", "/v1/checkout/sessions", params={"payment_intent": intent_id, "limit": 1})
        sessions = found.get("data") or []
        return sessions[0] if sessions else None

    # --- webhooks -------------------------------------------------------------------------

    def verify_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """The event in `body` in escrow's terms, if `Stripe-Signature` signs it
        with our endpoint secret within the tolerance (WebhookRejected otherwise)."""
        try:
            signature_verify(
                secret=settings.CARAVAN_STRIPE_WEBHOOK_SECRET,
                body=body,
                header=headers.get(SIGNATURE_HEADER),
                tolerance=settings.CARAVAN_WEBHOOK_TOLERANCE_SECONDS,
            )
        except WebhookRejected as exc:
            raise WebhookRejected(exc.message, field=SIGNATURE_HEADER) from None
        try:
            payload = json.loads(body)
            event_id, kind, obj = str(payload["id"]), str(payload["type"]), payload["data"]["object"]
            if not isinstance(obj, dict):
                raise TypeError
            return self._event(event_id, kind, obj, payload)
        except (ValueError, KeyError, TypeError, ArithmeticError):
            raise WebhookRejected(_("The webhook's body is not a Stripe event."), field="body") from None

    def _event(self, event_id: str, kind: str, obj: dict, payload: dict) -> WebhookEvent:
        def event(escrow_kind: str, payment_ref: str, **fields) -> WebhookEvent:
            return WebhookEvent(id=event_id, kind=escrow_kind, payment_ref=payment_ref, payload=payload, **fields)

        ignored = event(IGNORED, "")
        if kind.startswith("checkout.session."):
            if not (obj.get("metadata") or {}).get("reference"):
                return ignored  # a session Caravan did not make
            amount = from_minor(obj["amount_total"], obj["currency"]) if obj.get("amount_total") else None
            method = _single_method(obj)
            paid = kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded")
            if paid and obj.get("payment_status") == "paid":
                return event("payment.succeeded", str(obj["id"]), amount=amount, method=method)
            if kind == "checkout.session.async_payment_failed":
                return event("payment.failed", str(obj["id"]), amount=amount, method=method,
                             failure_reason=_("The payment was not completed."))  # fmt: skip
            return ignored  # completed but unpaid (an asynchronous method: its outcome follows), expired
        if kind in ("payment_intent.succeeded", "payment_intent.payment_failed"):
            if not (obj.get("metadata") or {}).get("reference"):
                return ignored
            session = self._session_of(str(obj["id"]))
            if session is None:
                return ignored
            error = obj.get("last_payment_error") or {}
            method = str((error.get("payment_method") or {}).get("type") or "") or _single_method(obj)
            if kind == "payment_intent.succeeded":
                amount = from_minor(obj["amount_received"], obj["currency"])
                return event("payment.succeeded", str(session["id"]), amount=amount, method=method)
            return event("payment.failed", str(session["id"]), method=method,
                         failure_reason=str(error.get("message") or _("The payment failed.")))  # fmt: skip
        if kind in ("refund.created", "refund.updated", "refund.failed"):
            return _refund_event(event, obj, failed=kind == "refund.failed") or ignored
        if kind == "charge.refunded":
            # The charge lists its refunds (newest first) when the API version includes them.
            refunds = [r for r in ((obj.get("refunds") or {}).get("data") or []) if r.get("status") == "succeeded"]
            for refund in refunds:
                mapped = _refund_event(event, refund, failed=False)
                if mapped is not None:
                    return mapped
            return ignored
        # payment_intent.amount_capturable_updated (an authorisation: escrow waits for the capture), charges,
        # disputes, payouts...: acknowledged, nothing for escrow to record.
        return ignored


def _single_method(obj: dict) -> str:
    types = obj.get("payment_method_types") or []
    return str(types[0]) if len(types) == 1 else ""


def _refund_event(event, refund: dict, *, failed: bool) -> WebhookEvent | None:
    """A refund Caravan asked for (its metadata carries our key and the session), in escrow's terms."""
    metadata = refund.get("metadata") or {}
    if not (metadata.get("reference") and metadata.get("payment")):
        return None  # made elsewhere (the dashboard): escrow knows nothing of it
    status = "failed" if failed else REFUND_STATUSES.get(refund.get("status"), "pending")
    if status == "pending":
        return None
    return event(f"refund.{status}", str(metadata["payment"]), amount=from_minor(refund["amount"], refund["currency"]),
                 refund_ref=str(refund["id"]), refund_reference=str(metadata["reference"]),
                 failure_reason=str(refund.get("failure_reason") or ""))  # fmt: skip
