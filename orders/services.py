"""What happens to an order after it is placed (before fulfilment): the buyer
cancels it, the payment window closes, the payment succeeds or fails.

Every move goes through orders.transitions.order_move (a conditional UPDATE),
so the stock of an order returns exactly once and money that arrives for an
order that cannot take it any more is refunded, whatever runs concurrently."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from escrow import payments
from listings.models import StockReason
from listings.stock import stock_release
from marketplace.errors import NotFound
from marketplace.jobs import enqueue

from .models import Checkout, Order, OrderEvent, OrderLine, OrderStatus
from .transitions import TransitionNotAllowed, order_move, order_note

LATE_PAYMENT_REASON = "order no longer payable when the payment arrived"
LATE_PAYMENT_NOTE = "Payment %(payment)s arrived after the order could take it: refunded in full."


def _release_stock(order_id: int, *, actor) -> None:
    """The order's lots back where they were reserved: the store's home stock,
    or the warehouse the order ships from."""
    lines = list(OrderLine.objects.filter(order_id=order_id).values_list("variant_id", "lots"))
    if lines:
        warehouse_id = Order.objects.filter(pk=order_id).values_list("warehouse_id", flat=True).first()
        stock_release(lines=lines, actor=actor, reason=StockReason.RELEASE, reference=f"order={order_id}:cancel",
                      warehouse_id=warehouse_id)  # fmt: skip


@transaction.atomic
def _cancel_unpaid(order_id: int, *, actor, reason: str) -> bool:
    """awaiting_payment → cancelled and its stock returned, in one transaction;
    False (nothing done) when the order was no longer awaiting payment."""
    if not order_move(order_id=order_id, from_status=OrderStatus.AWAITING_PAYMENT, to_status=OrderStatus.CANCELLED,
                      actor=actor, reason=reason):  # fmt: skip
        return False
    _release_stock(order_id, actor=actor)
    return True


def _void_payment_of(checkout_id: int) -> None:
    """After an order of the checkout was cancelled unpaid: its payment would
    take money for it, so it is voided (a later "Pay now" makes a new one for
    the orders still payable). Idempotent in escrow; no lock held."""
    payment_id = Checkout.objects.filter(pk=checkout_id).values_list("payment_id", flat=True).first()
    if payment_id is not None:
        payments.payment_void(payment_id=payment_id, reason="an order of this payment was cancelled unpaid")


def order_cancel(*, order_id: int, actor, reason: str = "") -> Order:
    """The buyer cancels an order before paying: cancelled, its stock back (once),
    the checkout's payment voided. Replaying it on a cancelled order returns it
    unchanged; a paid (or later) order cannot be cancelled here (409)."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise NotFound(_("There is no such order."))
    if _cancel_unpaid(order.pk, actor=actor, reason=reason or gettext_noop("cancelled by the buyer")):
        _void_payment_of(order.checkout_id)
    order.refresh_from_db()
    if order.status != OrderStatus.CANCELLED:
        raise TransitionNotAllowed(_("Only an order awaiting payment can be cancelled."), field="status")
    return order


def orders_expire(*, now=None, limit: int = 500) -> int:
    """Cancel the orders whose payment window has closed and return their
    stock; void their payments. Batched, safe to run repeatedly and in parallel
    (each order moves once: the conditional transition). Returns how many this
    run cancelled."""
    now = now or timezone.now()
    due = list(
        Order.objects.filter(status=OrderStatus.AWAITING_PAYMENT, pay_by__lte=now)
        .order_by("pay_by", "pk")
        .values_list("pk", "checkout_id")[:limit]
    )
    cancelled, checkouts = 0, set()
    for order_id, checkout_id in due:
        if _cancel_unpaid(order_id, actor=None, reason=gettext_noop("the payment window closed")):
            cancelled += 1
            checkouts.add(checkout_id)
    for checkout_id in sorted(checkouts):
        _void_payment_of(checkout_id)
    return cancelled


def orders_on_payment_succeeded(*, payment) -> list[int]:
    """Escrow captured `payment` (inside escrow's transaction): each order it
    covers that awaits payment becomes paid (paid_at, ship-by date, event,
    emails on commit). Money for an order that cannot take it any more
    (cancelled by the window or the buyer, or paid by another payment) is
    refunded at once. Replaying it does nothing twice. Returns the ids paid now."""
    allocations = payment.allocations()
    orders = Order.objects.in_bulk(list(allocations))
    now = timezone.now()
    paid = []
    for order_id in sorted(allocations):
        order = orders.get(order_id)
        if order is None:
            continue
        method = getattr(payment, "method", "") or ""
        if order_move(
            order_id=order_id,
            from_status=OrderStatus.AWAITING_PAYMENT,
            to_status=OrderStatus.PAID,
            reason=f"paid ({method})" if method else gettext_noop("paid"),
            paid_at=now,
            paid_payment_id=payment.pk,
            ship_by=now + timedelta(days=order.processing_days),
        ):
            paid.append(order_id)
            continue
        order.refresh_from_db(fields=["status", "paid_payment_id"])
        if order.paid_payment_id == payment.pk:
            continue  # a replay: already paid by this payment
        payments.payment_refund(payment_id=payment.pk, order_id=order_id, amount=allocations[order_id],
                                reason=LATE_PAYMENT_REASON)  # fmt: skip
        note = LATE_PAYMENT_NOTE % {"payment": payment.pk}
        if not OrderEvent.objects.filter(order_id=order_id, reason=note).exists():  # a replayed signal
            order_note(order_id=order_id, status=order.status, reason=note)
    for order_id in paid:
        enqueue("orders.tasks.order_paid_email_task", order_id=order_id)
    return paid


def orders_on_payment_failed(*, payment, reason: str) -> int:
    """A declined or failed attempt: a note on each order still awaiting
    payment; they stay payable (a retry can pay them)."""
    ids = list(
        Order.objects.filter(pk__in=list(payment.allocations()), status=OrderStatus.AWAITING_PAYMENT).values_list(
            "pk", flat=True
        )
    )
    for order_id in ids:
        order_note(order_id=order_id, status=OrderStatus.AWAITING_PAYMENT,
                   reason=f"Payment failed: {reason}")  # fmt: skip
    return len(ids)
