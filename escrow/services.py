"""Recording what a payment gateway tells us: the one way money enters escrow.

`gateway_event_record` takes an event the gateway's adapter has verified (see
orders/webhooks.py) and applies it once: a captured payment is posted to the
ledger (gateway_clearing → escrow per order) and escrow.signals tell the orders
side; a failed attempt is noted; a refund the gateway confirms leaves the books
(refunds_payable → gateway_clearing)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import ConflictError, NotFound

from .gateways.base import WebhookEvent
from .ledger import AccountRef, Entry, ledger_post
from .models import AccountKind, GatewayEvent, Payment, PaymentStatus, Refund, RefundStatus
from .signals import payment_failed, payment_succeeded


def capture_entries(payment: Payment) -> list[Entry]:
    currency = payment.amount.currency.code
    entries = [Entry(AccountRef(AccountKind.GATEWAY_CLEARING, currency), payment.amount)]
    entries += [
        Entry(AccountRef(AccountKind.ESCROW, currency, order_id=order_id), -share)
        for order_id, share in payment.allocations().items()
    ]
    return entries


@transaction.atomic
def gateway_event_record(*, gateway: str, event: WebhookEvent) -> tuple[GatewayEvent, bool]:
    """Apply one verified gateway event; return its row and whether it was new.

    Locks the payment row first, so deliveries of one payment's events apply one
    after another; an event id already recorded (the unique (gateway, event id))
    returns at once: redelivered ten times at once, an event captures once, posts
    one ledger transaction and sends its signal once. NotFound for a payment we
    do not know, ConflictError for a succeeded amount that is not the payment's;
    nothing is written then. Signals are sent inside this transaction."""
    payment = (
        Payment.objects.select_for_update(of=("self",)).filter(gateway=gateway, gateway_ref=event.payment_ref).first()
        if event.payment_ref
        else None
    )
    if payment is None:
        raise NotFound(_("The event names a payment we do not know."), field="payment")
    existing = GatewayEvent.objects.filter(gateway=gateway, event_id=event.id).first()
    if existing is not None:
        return existing, False
    refund = None
    if event.kind == "payment.succeeded":
        _captured(payment, event)
    elif event.kind == "payment.failed":
        payment.failure_reason = (event.failure_reason or _("The payment failed."))[:200]
        if payment.status == PaymentStatus.PENDING and event.method:
            payment.method = event.method[:40]  # the method tried, known now
        payment.save(update_fields=["failure_reason", "method", "updated_at"])
        if payment.status == PaymentStatus.PENDING:
            payment_failed.send(sender=Payment, payment=payment, reason=payment.failure_reason)
    elif event.kind == "refund.succeeded":
        refund = _refunded(payment, event)
    try:
        with transaction.atomic():
            row = GatewayEvent.objects.create(gateway=gateway, event_id=event.id, kind=event.kind, payment=payment,
                                              refund=refund, payload=event.payload)  # fmt: skip
    except IntegrityError:  # unreachable while the payment lock serialises; a bug if it ever is
        raise ConflictError(_("This event is being recorded already."), field="id") from None
    return row, True


def _captured(payment: Payment, event: WebhookEvent) -> None:
    if event.amount is not None and event.amount != payment.amount:
        raise ConflictError(
            _("The gateway captured %(got)s; the payment is for %(want)s.") % {"got": event.amount,
                                                                              "want": payment.amount},
            field="amount",
        )  # fmt: skip
    if payment.status == PaymentStatus.SUCCEEDED:
        return  # another event already captured it (a provider may announce success twice)
    ledger_post(reference=f"capture:payment={payment.pk}", kind="capture", entries=capture_entries(payment),
                memo=f"{payment.gateway} {payment.gateway_ref}")  # fmt: skip
    payment.status = PaymentStatus.SUCCEEDED  # also from voided: money taken late is recorded, then refunded
    payment.method = event.method[:40]
    payment.paid_at = timezone.now()
    payment.save(update_fields=["status", "method", "paid_at", "updated_at"])
    payment_succeeded.send(sender=Payment, payment=payment)


def _refunded(payment: Payment, event: WebhookEvent) -> Refund | None:
    refund = (
        Refund.objects.select_for_update()
        .filter(payment=payment)
        .filter(idempotency_key=event.refund_reference or None)
        .first()
    ) or Refund.objects.select_for_update().filter(payment=payment, gateway_ref=event.refund_ref or None).first()
    if refund is None:
        raise NotFound(_("The event names a refund we did not ask for."), field="refund")
    if refund.status == RefundStatus.SUCCEEDED:
        return refund
    currency = refund.amount.currency.code
    ledger_post(
        reference=f"refunded:refund={refund.pk}",
        kind="refund_paid",
        entries=[
            Entry(AccountRef(AccountKind.REFUNDS_PAYABLE, currency), refund.amount),
            Entry(AccountRef(AccountKind.GATEWAY_CLEARING, currency), -refund.amount),
        ],
        memo=f"{payment.gateway} {event.refund_ref}",
    )
    refund.status = RefundStatus.SUCCEEDED
    refund.gateway_ref = refund.gateway_ref or event.refund_ref
    refund.completed_at = timezone.now()
    refund.save(update_fields=["status", "gateway_ref", "completed_at"])
    return refund
