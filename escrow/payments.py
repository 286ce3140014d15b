"""Payments: what the orders side asks of escrow (the contract with checkout).

payment_create makes the platform's Payment for one checkout; the buyer goes to
its pay_url, which starts it at the gateway (payment_start) and sends them to
the gateway's hosted page. The money arrives as a verified gateway event
(escrow.services.gateway_event_record), which captures it into escrow and
sends escrow.signals. payment_void and payment_refund undo, before and after
the money arrived.

Ledger scheme (debits positive, credits negative; DESIGN.md §3):
    capture   gateway_clearing +amount | escrow(order) −share per order
    refund    escrow(order) +amount   | refunds_payable −amount       (when asked)
    refunded  refunds_payable +amount | gateway_clearing −amount      (the gateway's refund.succeeded)
Refunds pass through refunds_payable so the books show money owed to buyers
but not yet confirmed sent by the gateway; a refund the gateway refuses is
reversed out of refunds_payable back into the order's escrow.
"""

import hashlib
import logging
import secrets
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import ConflictError, DomainError, NotFound
from marketplace.money import round_money

from .gateways import gateway_get
from .gateways.base import GatewayRefused
from .ledger import AccountRef, Entry, accounts_lock, ledger_post
from .models import AccountKind, Payment, PaymentAllocation, PaymentStatus, Refund, RefundStatus
from .selectors import account_balance

logger = logging.getLogger(__name__)


def payment_lock(payment_id: int) -> Payment:
    """The payment row, locked for the rest of the transaction (NotFound if none)."""
    payment = Payment.objects.select_for_update(of=("self",)).filter(pk=payment_id).first()
    if payment is None:
        raise NotFound(_("There is no such payment."), field="payment_id")
    return payment


def _checked_allocations(amount: Money, allocations: dict[int, Money]) -> dict[int, Money]:
    if not allocations:
        raise DomainError(_("A payment covers at least one order."), field="allocations")
    currency = amount.currency.code
    checked = {}
    for order_id, share in allocations.items():
        if share.currency.code != currency:
            raise DomainError(
                _("Order %(order)s's share is in %(a)s, the payment in %(b)s.")
                % {"order": order_id, "a": share.currency.code, "b": currency},
                field="allocations",
            )
        share = round_money(share)
        if share.amount <= 0:
            raise DomainError(_("Every order's share must be above zero."), field="allocations")
        checked[int(order_id)] = share
    total = sum((share.amount for share in checked.values()), start=round_money(amount).amount * 0)
    if total != round_money(amount).amount:
        raise DomainError(
            _("The orders' shares add up to %(total)s, not the payment's %(amount)s.")
            % {"total": Money(total, currency), "amount": round_money(amount)},
            field="allocations",
        )
    return checked


@transaction.atomic
def payment_create(*, reference: str, buyer_id: int, country: str, language: str, amount: Money,
                   allocations: dict[int, Money], return_url: str, description: str = "") -> Payment:  # fmt: skip
    """The payment for one checkout: `allocations` maps order id → that order's
    share, summing to `amount` (DomainError otherwise, nothing written).

    Idempotent on `reference`: the same reference returns the same Payment
    (also under concurrency: the unique reference, the loser reads the winner's
    row). No gateway is called here; the pay_url starts the payment there when
    the buyer arrives (payment_start)."""
    existing = Payment.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    amount = round_money(amount)
    if amount.amount <= 0:
        raise DomainError(_("A payment must be above zero."), field="amount")
    shares = _checked_allocations(amount, allocations)
    if not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
        raise DomainError(_("Give the buyer's country as two letters."), field="country")
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                reference=reference, token=secrets.token_urlsafe(32), buyer_id=buyer_id, country=country.upper(),
                language=language, amount=amount, gateway=settings.CARAVAN_PAYMENT_GATEWAY_DEFAULT,
                return_url=return_url, description=description[:200],
            )  # fmt: skip
            PaymentAllocation.objects.bulk_create(
                PaymentAllocation(payment=payment, order_id=order_id, amount=share)
                for order_id, share in shares.items()
            )
    except IntegrityError:
        existing = Payment.objects.filter(reference=reference).first()
        if existing is None:
            raise
        return existing
    return payment


def payment_start(*, payment_id: int) -> str:
    """Start the payment at its gateway (once: the idempotency key is the
    payment's id) and return the gateway's hosted page for the buyer.

    Refuses a payment that is no longer payable (voided, already paid). The
    gateway is called outside any row lock; a concurrent second start gets the
    same provider payment back through the key."""
    payment = Payment.objects.get(pk=payment_id)
    if not payment.is_payable:
        raise ConflictError(_("This payment can no longer be paid."), field="payment")
    created = gateway_get(payment.gateway).create_payment(
        idempotency_key=f"payment:{payment.pk}", reference=payment.reference, amount=payment.amount,
        country=payment.country, language=payment.language, return_url=payment.return_url,
        description=payment.description,
    )  # fmt: skip
    Payment.objects.filter(pk=payment.pk, gateway_ref="").update(gateway_ref=created.gateway_ref)
    return created.redirect_url


def payment_cancel_at_gateway(*, payment_id: int) -> None:
    """Tell the gateway a voided payment must take no money (its key makes a
    repeat harmless). A payment the gateway says is already paid stays so: its
    success event brings the money in and the orders side refunds it."""
    payment = Payment.objects.get(pk=payment_id)
    if not payment.gateway_ref or payment.status != PaymentStatus.VOIDED:
        return
    try:
        gateway_get(payment.gateway).cancel(idempotency_key=f"cancel:payment={payment.pk}",
                                            gateway_ref=payment.gateway_ref)  # fmt: skip
    except GatewayRefused:
        logger.info("payment %s was paid at the gateway before it could be canceled", payment.pk)


def _cancel_after_commit(payment_id: int) -> None:
    # At once, so the hosted page refuses money from now on; if the gateway cannot be reached,
    # a retried job does it (the caller, whose transaction committed, never sees the error).
    try:
        payment_cancel_at_gateway(payment_id=payment_id)
    except Exception:
        logger.warning("could not cancel payment %s at its gateway now; retrying in a job", payment_id, exc_info=True)
        from .tasks import payment_cancel_task

        payment_cancel_task.apply_async(kwargs={"payment_id": payment_id}, countdown=30)


@transaction.atomic
def payment_void(*, payment_id: int, reason: str) -> None:
    """Every order of the payment was cancelled before it was paid: its pay page
    refuses money from now on (our pay_url at once; the gateway's own page once
    the cancel reaches it, right after commit).

    Locks the payment. Idempotent; a payment already paid is left as it is
    (the orders side refunds it)."""
    payment = payment_lock(payment_id)
    if payment.status != PaymentStatus.PENDING:
        return
    payment.status = PaymentStatus.VOIDED
    payment.void_reason = reason[:200]
    payment.save(update_fields=["status", "void_reason", "updated_at"])
    transaction.on_commit(partial(_cancel_after_commit, payment.pk))


def refund_key(*, payment_id: int, order_id: int, reason: str) -> str:
    digest = hashlib.sha256(reason.encode()).hexdigest()[:16]
    return f"refund:payment={payment_id}:order={order_id}:{digest}"


def escrow_held(*, order_id: int, currency: str) -> Money:
    """What the order's escrow account holds (its credit balance, as a positive amount)."""
    return -account_balance(AccountRef(AccountKind.ESCROW, currency, order_id=order_id))


@transaction.atomic
def payment_refund(*, payment_id: int, order_id: int, amount: Money, reason: str, actor=None) -> Refund:
    """Refund `amount` of a captured payment for one order: post escrow(order) →
    refunds_payable now, and send the refund to the gateway right after commit
    (escrow.tasks.refund_submit_task, idempotency key = the refund's key).

    Never more than the order's escrow holds (DomainError). Locks the payment,
    so concurrent refunds of one payment are checked one after another, then
    the order's escrow account, as a release does (escrow.release), before
    reading its balance: a refund and a release racing on one order move the
    money once, whoever calls them; the later one finds the escrow emptied.
    Idempotent per (payment, order, reason): the same request returns the
    same Refund; the same key with another amount is a ConflictError."""
    key = refund_key(payment_id=payment_id, order_id=order_id, reason=reason)
    payment = payment_lock(payment_id)
    existing = Refund.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.amount != round_money(amount):
            raise ConflictError(_("This refund was already asked for with another amount."), field="amount")
        return existing
    if payment.status != PaymentStatus.SUCCEEDED:
        raise DomainError(_("Only a payment that was paid can be refunded."), field="payment_id")
    if order_id not in payment.allocations():
        raise DomainError(_("This payment does not cover that order."), field="order_id")
    amount = round_money(amount)
    currency = payment.amount.currency.code
    if amount.currency.code != currency:
        raise DomainError(_("A refund is paid in the payment's currency (%(c)s).") % {"c": currency}, field="amount")
    if amount.amount <= 0:
        raise DomainError(_("A refund must be above zero."), field="amount")
    escrow = AccountRef(AccountKind.ESCROW, currency, order_id=order_id)
    accounts_lock([escrow])  # the lock a release takes: a racing release waits, then finds what is left
    held = escrow_held(order_id=order_id, currency=currency)
    if amount > held:
        raise DomainError(
            _("The order's escrow holds %(held)s; %(amount)s cannot be refunded.") % {"held": held, "amount": amount},
            field="amount",
        )
    refund = Refund.objects.create(payment=payment, order_id=order_id, amount=amount, reason=reason[:200],
                                   idempotency_key=key, actor=actor)  # fmt: skip
    ledger_post(
        reference=f"refund:refund={refund.pk}",
        kind="refund",
        entries=[
            Entry(escrow, amount),
            Entry(AccountRef(AccountKind.REFUNDS_PAYABLE, currency), -amount),
        ],
        actor=actor,
        memo=reason[:200],
    )
    from marketplace.jobs import enqueue

    enqueue("escrow.tasks.refund_submit_task", refund_id=refund.pk)
    return refund


def refund_submit(*, refund_id: int) -> Refund:
    """Send a pending refund to its gateway (outside any lock; the refund's key
    makes a second send the same refund there) and keep the gateway's id.
    Safe to run twice. GatewayError (transient) propagates for a retry; a
    refund the gateway refuses is failed and its money put back in escrow."""
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    if refund.status != RefundStatus.PENDING or refund.gateway_ref:
        return refund
    try:
        result = gateway_get(refund.payment.gateway).refund(
            idempotency_key=refund.idempotency_key, gateway_ref=refund.payment.gateway_ref, amount=refund.amount,
            reason=refund.reason,
        )  # fmt: skip
    except GatewayRefused as exc:
        return _refund_fail(refund_id=refund.pk, why=exc.message)
    Refund.objects.filter(pk=refund.pk, gateway_ref="").update(gateway_ref=result.gateway_ref)
    refund.refresh_from_db()
    return refund


@transaction.atomic
def _refund_fail(*, refund_id: int, why: str) -> Refund:
    """The gateway refused the refund: reverse refunds_payable → escrow(order), once."""
    refund = Refund.objects.select_for_update().get(pk=refund_id)
    if refund.status != RefundStatus.PENDING:
        return refund
    currency = refund.amount.currency.code
    accounts_lock([AccountRef(AccountKind.ESCROW, currency, order_id=refund.order_id)])
    ledger_post(
        reference=f"refund_failed:refund={refund.pk}",
        kind="refund_reversed",
        entries=[
            Entry(AccountRef(AccountKind.REFUNDS_PAYABLE, currency), refund.amount),
            Entry(AccountRef(AccountKind.ESCROW, currency, order_id=refund.order_id), -refund.amount),
        ],
        memo=why[:200],
    )
    refund.status = RefundStatus.FAILED
    refund.completed_at = timezone.now()
    refund.save(update_fields=["status", "completed_at"])
    return refund
