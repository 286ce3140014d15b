"""The sandbox payment provider: a fake acquirer that runs inside the app and
behaves like a real one. Two faces, as a real provider has:

- its API (`api_call`), what the adapter calls: create / capture / cancel a
  payment, create a refund. Every call carries an idempotency key: the same
  key with the same body returns the first answer; the same key with another
  body is refused.
- its hosted payment page's actions (card, 3-D Secure, wallet approval,
  pay-by-QR or bank transfer with an asynchronous confirmation), driven by the
  buyer in escrow/gateways/sandbox/views.py.

It tells the platform what happened only through signed webhooks
(SandboxWebhook rows, delivered by a Celery task with retries). Nothing here
imports the platform's Payment: the provider knows its own records only.
Every method is a simulation, and the pages say so; no money moves."""

import hashlib
import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money
from stdnum import luhn

from marketplace.errors import ConflictError, DomainError, NotFound
from marketplace.jobs import enqueue
from marketplace.money import round_money

from ..base import SIGNATURE_HEADER, GatewayRefused, signature_header
from .models import (
    SandboxAttempt,
    SandboxIdempotencyKey,
    SandboxPayment,
    SandboxPaymentStatus,
    SandboxRefund,
    SandboxWebhook,
)

DATA = json.loads(Path(__file__).with_name("methods.json").read_text(encoding="utf-8"))
TASKS = "escrow.gateways.sandbox.tasks"
Status = SandboxPaymentStatus


class IdempotencyKeyReused(GatewayRefused):
    code = "idempotency_key_reused"


class PaymentClosed(ConflictError):
    """The hosted page refuses money: the payment was canceled or is already paid."""


# --- payment methods ---------------------------------------------------------------------


def methods_for(country: str) -> list[dict]:
    """The methods offered to a buyer in `country`, in the data file's order."""
    codes = DATA["countries"].get((country or "").upper(), DATA["default"])
    return [{"code": code, **DATA["methods"][code]} for code in codes]


def method_get(country: str, code: str) -> dict:
    for method in methods_for(country):
        if method["code"] == code:
            return method
    raise DomainError(_("This payment method is not offered here."), field="method")


def test_cards() -> dict[str, dict]:
    return DATA["test_cards"]


# --- the API the adapter calls -------------------------------------------------------------


def _request_hash(operation: str, body: dict) -> str:
    return hashlib.sha256(f"{operation}\n{json.dumps(body, sort_keys=True)}".encode()).hexdigest()


def api_call(operation: str, *, idempotency_key: str, body: dict) -> dict:
    """Answer one API request, honouring its idempotency key. GatewayRefused for
    a request the provider refuses (nothing is stored then: a corrected retry
    under the same key is still refused, since its body differs... unless it is
    the very same request, which is refused the same way again)."""
    if not idempotency_key:
        raise GatewayRefused(_("Every request needs an idempotency key."), field="idempotency_key")
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise GatewayRefused(f"unknown operation {operation}", field="operation")
    request_hash = _request_hash(operation, body)

    def stored(row: SandboxIdempotencyKey) -> dict:
        if row.request_hash != request_hash:
            raise IdempotencyKeyReused(
                _("Idempotency key %(key)s was already used with another request.") % {"key": idempotency_key},
                field="idempotency_key",
            )
        return row.response

    with transaction.atomic():
        row = SandboxIdempotencyKey.objects.filter(key=idempotency_key).first()
        if row is not None:
            return stored(row)
        try:
            with transaction.atomic():
                response = handler(body)
                SandboxIdempotencyKey.objects.create(key=idempotency_key, operation=operation,
                                                     request_hash=request_hash, response=response)  # fmt: skip
        except IntegrityError:
            row = SandboxIdempotencyKey.objects.filter(key=idempotency_key).first()
            if row is None:
                raise
            return stored(row)
        return response


def _money(body: dict) -> Money:
    try:
        amount = Decimal(str(body["amount"]))
    except (KeyError, InvalidOperation):
        raise GatewayRefused("amount is not a number", field="amount") from None
    if amount <= 0:
        raise GatewayRefused("amount must be above zero", field="amount")
    return Money(amount, body["currency"])


def _lock_ref(ref: str) -> SandboxPayment:
    payment = SandboxPayment.objects.select_for_update().filter(ref=ref).first()
    if payment is None:
        raise GatewayRefused(f"no such payment {ref}", field="payment")
    return payment


def _op_create(body: dict) -> dict:
    payment = SandboxPayment.objects.create(
        ref=f"sbpay_{secrets.token_hex(12)}", token=secrets.token_urlsafe(32), amount=_money(body),
        merchant_reference=body["reference"], country=body["country"], language=body["language"],
        return_url=body["return_url"], description=body.get("description", "")[:200],
    )  # fmt: skip
    return {"id": payment.ref, "status": payment.status, "url": reverse("sandbox-pay", args=[payment.token])}


def _op_capture(body: dict) -> dict:
    # Payments here capture automatically when they succeed; capture confirms what was captured.
    payment = _lock_ref(body["payment"])
    if payment.status != Status.SUCCEEDED:
        raise GatewayRefused(_("The payment has not succeeded; there is nothing to capture."), field="payment")
    if _money(body) != Money(payment.captured_amount, payment.amount.currency):
        raise GatewayRefused(_("The amount differs from what was captured."), field="amount")
    return {"id": payment.ref, "captured": str(payment.captured_amount), "currency": payment.amount.currency.code}


def _op_cancel(body: dict) -> dict:
    payment = _lock_ref(body["payment"])
    if payment.status == Status.SUCCEEDED:
        raise GatewayRefused(_("The payment has already succeeded; refund it instead."), field="payment")
    if payment.status != Status.CANCELED:
        payment.status = Status.CANCELED
        payment.action = ""
        payment.save(update_fields=["status", "action", "updated_at"])
    return {"id": payment.ref, "status": payment.status}


def _op_refund(body: dict) -> dict:
    payment = _lock_ref(body["payment"])
    amount = _money(body)
    if payment.status != Status.SUCCEEDED:
        raise GatewayRefused(_("Only a succeeded payment can be refunded."), field="payment")
    if amount.currency != payment.amount.currency:
        raise GatewayRefused(_("A refund is in the payment's currency."), field="currency")
    left = payment.captured_amount - payment.refunded_amount
    if amount.amount > left:
        raise GatewayRefused(
            _("%(amount)s is more than the %(left)s left to refund.")
            % {"amount": amount, "left": Money(left, payment.amount.currency)},
            field="amount",
        )
    refund = SandboxRefund.objects.create(ref=f"sbre_{secrets.token_hex(12)}", payment=payment, amount=amount,
                                          reason=body.get("reason", "")[:200],
                                          merchant_reference=body.get("reference", "")[:120])  # fmt: skip
    SandboxPayment.objects.filter(pk=payment.pk).update(refunded_amount=F("refunded_amount") + amount.amount)
    _emit(payment, "refund.succeeded", refund=refund.ref, refund_reference=refund.merchant_reference,
          amount=str(round_money(amount).amount))  # fmt: skip
    return {"id": refund.ref, "status": "succeeded", "amount": str(amount.amount), "currency": amount.currency.code}


OPERATIONS = {
    "payments.create": _op_create,
    "payments.capture": _op_capture,
    "payments.cancel": _op_cancel,
    "refunds.create": _op_refund,
}


# --- webhooks ------------------------------------------------------------------------------


def webhook_url() -> str:
    return settings.CARAVAN_SITE_URL.rstrip("/") + reverse("payment-webhook", args=["sandbox"])


def _emit(payment: SandboxPayment, kind: str, **data) -> SandboxWebhook:
    """Queue an event for the merchant (sent on commit, retried until delivered)."""
    event_id = f"evt_{secrets.token_hex(12)}"
    payload = {
        "id": event_id,
        "type": kind,
        "created": int(time.time()),
        "data": {"payment": payment.ref, "reference": payment.merchant_reference,
                 "amount": str(round_money(payment.amount).amount), "currency": payment.amount.currency.code,
                 "method": payment.method, **data},
    }  # fmt: skip
    hook = SandboxWebhook.objects.create(event_id=event_id, kind=kind, payment=payment, url=webhook_url(),
                                         body=json.dumps(payload, separators=(",", ":")))  # fmt: skip
    enqueue(f"{TASKS}.sandbox_webhook_deliver_task", webhook_id=hook.pk)
    return hook


def webhook_deliver(*, webhook_id: int) -> bool:
    """POST one event to its URL, signed now; log the attempt. True once delivered
    (a 2xx answer; a delivered event is not sent again). No row lock is held
    during the request."""
    hook = SandboxWebhook.objects.get(pk=webhook_id)
    if hook.delivered_at is not None:
        return True
    body = hook.body.encode()
    signature = signature_header(secret=settings.CARAVAN_SANDBOX_WEBHOOK_SECRET, body=body)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Caravan-Sandbox-Webhooks/1",
        SIGNATURE_HEADER: signature,
    }
    status, error = None, ""
    if not hook.url.startswith(("http://", "https://")):
        raise ValueError(f"webhook URL {hook.url!r} is not http(s)")
    # The URL is ours (CARAVAN_SITE_URL when the event was made), checked http(s) above: not the
    # SSRF-guarded fetcher, which refuses the loopback address the app runs on in make run and tests.
    request = urllib.request.Request(hook.url, data=body, headers=headers, method="POST")  # noqa: S310
    timeout = settings.CARAVAN_SANDBOX_WEBHOOK_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status, error = exc.code, exc.read(300).decode(errors="replace")
    except (urllib.error.URLError, OSError) as exc:
        error = str(getattr(exc, "reason", exc))
    now = timezone.now()
    delivered = status is not None and 200 <= status < 300
    SandboxWebhook.objects.filter(pk=hook.pk).update(
        attempts=F("attempts") + 1, last_status=status, last_error=error[:300], last_attempt_at=now,
        delivered_at=now if delivered else None,
    )  # fmt: skip
    return delivered


def webhook_backoff(attempts: int) -> int:
    """Seconds before the next try after `attempts` failed ones: doubling, capped."""
    base = settings.CARAVAN_SANDBOX_WEBHOOK_BACKOFF_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.CARAVAN_SANDBOX_WEBHOOK_BACKOFF_MAX_SECONDS)


def webhooks_stalled() -> list[int]:
    """Undelivered events whose delivery task was lost (a broker restart): not
    delivered, attempts left, and quiet for longer than the longest backoff."""
    quiet = timezone.now() - timedelta(seconds=settings.CARAVAN_SANDBOX_WEBHOOK_BACKOFF_MAX_SECONDS + 60)
    return list(
        SandboxWebhook.objects.filter(delivered_at=None, attempts__lt=settings.CARAVAN_SANDBOX_WEBHOOK_MAX_ATTEMPTS)
        .filter(Q(last_attempt_at__lt=quiet) | Q(last_attempt_at=None, created_at__lt=quiet))
        .values_list("pk", flat=True)[:500]
    )


# --- the hosted page's actions ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # succeeded | declined | action (3-D Secure / wallet step) | processing
    message: str = ""


def hosted_payment(token: str) -> SandboxPayment:
    payment = SandboxPayment.objects.filter(token=token).first()
    if payment is None:
        raise NotFound(_("There is no such payment."))
    return payment


def _lock_token(token: str) -> SandboxPayment:
    payment = SandboxPayment.objects.select_for_update().filter(token=token).first()
    if payment is None:
        raise NotFound(_("There is no such payment."))
    return payment


def _refuse_closed(payment: SandboxPayment) -> None:
    if payment.status == Status.CANCELED:
        raise PaymentClosed(_("The merchant canceled this payment; no money can be taken for it."))
    if payment.status == Status.SUCCEEDED:
        raise PaymentClosed(_("This payment is already paid."))


def _succeed(payment: SandboxPayment, detail: str = "") -> None:
    payment.status = Status.SUCCEEDED
    payment.action = ""
    payment.captured_amount = payment.amount.amount
    payment.succeeded_at = timezone.now()
    payment.save(update_fields=["status", "action", "captured_amount", "succeeded_at", "updated_at"])
    SandboxAttempt.objects.create(payment=payment, method=payment.method, detail=detail, outcome="succeeded")
    _emit(payment, "payment.succeeded")


def _fail(payment: SandboxPayment, outcome: str, reason: str, detail: str = "") -> Outcome:
    payment.status = Status.REQUIRES_PAYMENT_METHOD
    payment.action = ""
    payment.save(update_fields=["status", "action", "method", "updated_at"])
    SandboxAttempt.objects.create(payment=payment, method=payment.method, detail=detail, outcome=outcome)
    _emit(payment, "payment.failed", failure_code=outcome, failure_reason=reason)
    return Outcome("declined", reason)


DECLINES = {
    "card_declined": lambda: _("Your card was declined."),
    "insufficient_funds": lambda: _("Your card has insufficient funds."),
}


@transaction.atomic
def card_pay(*, token: str, number: str, expiry: str, cvc: str) -> Outcome:
    """Pay with a card on the hosted page. Test cards decide the outcome (the
    data file's `test_cards`); a decline leaves the payment payable (another
    card can pay it) and sends payment.failed; a "requires authentication" card
    waits for the 3-D Secure step. DomainError (nothing recorded) for a number,
    expiry or CVC that is not a card's, or a card that is not a test card."""
    payment = _lock_token(token)
    _refuse_closed(payment)
    digits = "".join(ch for ch in number if not ch.isspace() and ch != "-")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not luhn.is_valid(digits):
        raise DomainError(_("This is not a valid card number."), field="number")
    month, _sep, year = expiry.replace(" ", "").partition("/")
    if not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12 and len(year) in (2, 4)):
        raise DomainError(_("Give the expiry date as MM/YY."), field="expiry")
    year_full = int(year) + (2000 if len(year) == 2 else 0)
    today = timezone.now().date()
    if (year_full, int(month)) < (today.year, today.month):
        raise DomainError(_("This card has expired."), field="expiry")
    if not (cvc.isdigit() and len(cvc) in (3, 4)):
        raise DomainError(_("The security code is the 3 or 4 digits on the card."), field="cvc")
    card = test_cards().get(digits)
    if card is None:
        raise DomainError(
            _("This is the sandbox: no real card is charged. Use a test card, such as 4242 4242 4242 4242."),
            field="number",
        )
    detail = f"•••• {digits[-4:]}"
    payment.method = "card"
    if card["outcome"] == "succeeded":
        _succeed(payment, detail)
        return Outcome("succeeded")
    if card["outcome"] == "authentication_required":
        payment.status, payment.action = Status.REQUIRES_ACTION, "3ds"
        payment.save(update_fields=["status", "action", "method", "updated_at"])
        SandboxAttempt.objects.create(payment=payment, method="card", detail=detail, outcome="authentication_required")
        return Outcome("action")
    return _fail(payment, card["outcome"], DECLINES[card["outcome"]](), detail)


@transaction.atomic
def action_complete(*, token: str, approve: bool) -> Outcome:
    """The buyer approves or fails the 3-D Secure challenge or the wallet's
    approval. Failing it leaves the payment payable and sends payment.failed."""
    payment = _lock_token(token)
    _refuse_closed(payment)
    if payment.status != Status.REQUIRES_ACTION:
        raise ConflictError(_("There is nothing to approve for this payment."))
    if approve:
        _succeed(payment, payment.action)
        return Outcome("succeeded")
    if payment.action == "3ds":
        return _fail(payment, "authentication_failed", _("The card's 3-D Secure authentication failed."), "3ds")
    return _fail(payment, "wallet_declined", _("The payment was declined in the wallet."), payment.action)


@transaction.atomic
def method_choose(*, token: str, method: str) -> Outcome:
    """Pay with a method other than a card: a wallet waits for its approval step;
    a QR scheme or bank transfer waits for the scheme's confirmation, which
    arrives asynchronously (a job after CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS,
    or the page's "simulate" controls)."""
    payment = _lock_token(token)
    _refuse_closed(payment)
    chosen = method_get(payment.country, method)
    if chosen["flow"] == "card":
        raise DomainError(_("Enter the card's details."), field="method")
    if payment.status == Status.PROCESSING:
        return Outcome("processing")
    payment.method = method
    if chosen["flow"] == "wallet":
        payment.status, payment.action = Status.REQUIRES_ACTION, "wallet"
        payment.save(update_fields=["status", "action", "method", "updated_at"])
        return Outcome("action")
    payment.status, payment.action = Status.PROCESSING, ""
    payment.save(update_fields=["status", "action", "method", "updated_at"])
    SandboxAttempt.objects.create(payment=payment, method=method, outcome="pending")
    enqueue(f"{TASKS}.sandbox_async_confirm_task", ref=payment.ref,
            countdown=settings.CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS)  # fmt: skip
    return Outcome("processing")


@transaction.atomic
def async_confirm(*, ref: str, succeed: bool = True) -> bool:
    """The scheme confirms (or rejects) a QR or bank-transfer payment. Only a
    payment still waiting changes: a second confirmation, or one for a payment
    the merchant canceled meanwhile, does nothing. True if it changed."""
    payment = SandboxPayment.objects.select_for_update().filter(ref=ref).first()
    if payment is None or payment.status != Status.PROCESSING:
        return False
    if succeed:
        _succeed(payment, "scheme confirmation")
    else:
        _fail(payment, "scheme_rejected", _("The payment was not completed in your banking app."))
    return True
