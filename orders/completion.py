"""How a shipped order ends, and how a paid one is called off by request
(DESIGN.md §2 Escrow; issue 13).

Completion: the buyer confirms receipt (a shipped or delivered order), or the
periodic job completes it, whichever rule comes first:
  - delivered: CARAVAN_AUTO_COMPLETE_DAYS_AFTER_DELIVERY days after `delivered_at`;
  - buyer protection ended: `protection_until` passed (shipped or delivered);
never while `in_dispute` (the after-sale work sets it). The buyer may extend
protection once (CARAVAN_PROTECTION_EXTENSION_DAYS): both clocks move by that
many days. Completing moves the order to completed through order_move (a
conditional UPDATE: exactly once whatever runs concurrently) and releases its
escrow to the seller in the same transaction (`escrow_release_completed`, the
one call site of escrow's release).

Cancellation request: the buyer of a paid, unshipped order asks; the seller has
CARAVAN_CANCEL_REQUEST_ANSWER_HOURS to accept or decline; silence accepts (the
periodic job). Accepting cancels the order, refunds the whole escrow
(escrow.payments.payment_refund) and returns the stock, once; declining leaves
the order paid. Every step writes an event row."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from escrow import payments
from escrow.release import ReleaseOrder, release_batch
from listings.models import Listing
from logistics.landed import eu_member_states, taxes_remitted_by_seller
from marketplace.errors import ConflictError, DomainError, NotFound

from .models import CancelRequest, Order, OrderLine, OrderStatus, Shipment
from .services import _release_stock
from .transitions import order_move, order_note

logger = logging.getLogger(__name__)
S = OrderStatus
COMPLETABLE = (S.SHIPPED, S.DELIVERED)

CONFIRMED = gettext_noop("receipt confirmed by the buyer")
AUTO_DELIVERED = gettext_noop("completed automatically after delivery")
AUTO_PROTECTION = gettext_noop("completed automatically: buyer protection ended")
CANCEL_ACCEPTED = gettext_noop("cancellation request accepted by the seller")
CANCEL_SILENCE = gettext_noop("cancellation request unanswered in time: accepted")
REFUND_REASON = "cancellation request accepted"
RATE_QUANTUM = Decimal("1e-10")


# --- the clock -------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionClock:
    """When the order completes if nobody acts, and by which rule
    ("delivered" or "protection"); None when no rule applies (not shipped,
    finished, or in dispute)."""

    at: datetime
    rule: str


def delivered_at(order: Order) -> datetime | None:
    """When the carrier reported delivery (fulfilment keeps it on the shipment)."""
    try:
        return order.shipment.delivered_at
    except Shipment.DoesNotExist:
        return None


def delivery_rule_at(order: Order) -> datetime | None:
    delivered = delivered_at(order)
    if delivered is None:
        return None
    days = settings.CARAVAN_AUTO_COMPLETE_DAYS_AFTER_DELIVERY + order.protection_extension_days
    return delivered + timedelta(days=days)


def completion_clock(order: Order) -> CompletionClock | None:
    if order.status not in COMPLETABLE or order.in_dispute:
        return None
    candidates = []
    delivered = delivery_rule_at(order) if order.status == S.DELIVERED else None
    if delivered is not None:
        candidates.append(CompletionClock(delivered, "delivered"))
    if order.protection_until is not None:
        candidates.append(CompletionClock(order.protection_until, "protection"))
    return min(candidates, key=lambda c: (c.at, c.rule)) if candidates else None


def _due(now: datetime) -> Q:
    """The orders whose completion clock has run out (as one filter, for the job and its lock)."""
    after_delivery = timedelta(days=settings.CARAVAN_AUTO_COMPLETE_DAYS_AFTER_DELIVERY)
    extended = after_delivery + timedelta(days=settings.CARAVAN_PROTECTION_EXTENSION_DAYS)
    delivered = Q(status=S.DELIVERED, shipment__delivered_at__isnull=False) & (
        Q(protection_extension_days=0, shipment__delivered_at__lte=now - after_delivery)
        | Q(protection_extension_days__gt=0, shipment__delivered_at__lte=now - extended)
    )
    protection = Q(status__in=COMPLETABLE, protection_until__lte=now)
    return Q(in_dispute=False) & (delivered | protection)


# --- escrow release: the one call site ---------------------------------------------------


def _commission_rates(order_ids: list[int]) -> dict[int, Decimal]:
    """Each order's commission rate: its category's rate (DESIGN.md §2), taken
    from the line with the largest total (an order's lines are nearly always of
    one category); the default rate when the listing is gone. Two queries."""
    lines = list(
        OrderLine.objects.filter(order_id__in=order_ids)
        .order_by("order_id", "-line_total", "pk")
        .values_list("order_id", "listing_id")
    )
    category_rate = dict(
        Listing.objects.filter(pk__in={listing for _, listing in lines}).values_list("pk", "category__commission_rate")
    )
    rates: dict[int, Decimal] = {}
    for order_id, listing_id in lines:
        if order_id not in rates:
            rates[order_id] = category_rate.get(listing_id) or settings.CARAVAN_DEFAULT_COMMISSION_RATE
    return rates


def release_rate(order: Order) -> Decimal:
    """Settlement units per one buyer unit (escrow's convention) from the
    order's locked rate (buyer units per settlement unit)."""
    if order.currency == order.settlement_currency:
        return Decimal(1)
    return (Decimal(1) / order.exchange_rate).quantize(RATE_QUANTUM)  # as escrow's Release row stores it


def release_shipping(order: Order) -> Decimal:
    """The order's shipping charge in the buyer's currency, as escrow records it on
    the release (part of the amount released: the order's total)."""
    shipping = order.shipping
    if shipping.currency.code != order.currency:  # checkout charges shipping in the order's currency
        raise ConflictError(_("Order %(id)s charged shipping in %(ccy)s, not in its currency %(currency)s.")
                            % {"id": order.pk, "ccy": shipping.currency.code, "currency": order.currency})  # fmt: skip
    return shipping.amount


def release_taxes(order: Order) -> Decimal:
    """The taxes collected at checkout that Caravan remits (buyer currency; part of
    the amount released), which escrow pays to the platform's tax payable, not the
    seller. Taxes the store remits itself (an EU store's intra-EU sale under OSS:
    logistics.landed, the rule's `remitted_by`) are paid out with the order: 0 here.
    A store established outside the EU that ships from an EU warehouse remits nothing
    itself: Caravan is then the deemed supplier (VAT Directive art. 14a(2)) and keeps it."""
    taxes = order.taxes
    if taxes.currency.code != order.currency:  # checkout charges taxes in the order's currency
        raise ConflictError(_("Order %(id)s collected taxes in %(ccy)s, not in its currency %(currency)s.")
                            % {"id": order.pk, "ccy": taxes.currency.code, "currency": order.currency})  # fmt: skip
    if (order.taxes_rule and taxes_remitted_by_seller(order.taxes_rule)
            and str(order.seller.country) in eu_member_states()):  # fmt: skip
        return Decimal(0)
    return taxes.amount


def escrow_release_completed(order_ids: list[int]) -> None:
    """Release the escrow of orders completed in the caller's transaction to
    their sellers' pending balances (escrow.release, set-based; idempotent per
    order there). Raises if escrow refuses any, so the completion rolls back
    with it and the order stays as it was (the job retries it next run)."""
    if not order_ids:
        return
    fields = ("pk", "seller_id", "currency", "settlement_currency", "exchange_rate", "shipping", "shipping_currency",
              "taxes", "taxes_currency", "taxes_rule")  # fmt: skip
    orders = Order.objects.filter(pk__in=order_ids).select_related("seller").only(*fields, "seller__country")
    rates = _commission_rates(order_ids)
    batch = [
        ReleaseOrder(order_id=o.pk, seller_id=o.seller_id, buyer_currency=o.currency,
                     settlement_currency=o.settlement_currency, rate=release_rate(o),
                     commission_rate=rates.get(o.pk, settings.CARAVAN_DEFAULT_COMMISSION_RATE),
                     shipping=release_shipping(o), taxes=release_taxes(o))
        for o in orders
    ]  # fmt: skip
    result = release_batch(batch)
    if result.refused:
        order_id, why = next(iter(result.refused.items()))
        raise ConflictError(_("The escrow of order %(id)s cannot be released: %(why)s") % {"id": order_id, "why": why})


# --- completion ------------------------------------------------------------------------


def _buyer_order(order_id: int, actor) -> Order:
    order = Order.objects.filter(pk=order_id, buyer_id=getattr(actor, "pk", None)).first()
    if order is None:
        raise NotFound(_("There is no such order."))
    return order


@transaction.atomic
def _complete(order_id: int, from_status: str, *, actor, reason: str) -> bool:
    if not order_move(order_id=order_id, from_status=from_status, to_status=S.COMPLETED, actor=actor, reason=reason,
                      completed_at=timezone.now()):  # fmt: skip
        return False
    escrow_release_completed([order_id])
    return True


def order_confirm_receipt(*, order_id: int, actor) -> Order:
    """The buyer confirms they received a shipped or delivered order: completed
    and its escrow released, once. Only the order's buyer (NotFound for anyone
    else, the seller too). Replaying it on a completed order returns it; an
    order not shipped yet, or finished otherwise, is a ConflictError."""
    order = _buyer_order(order_id, actor)
    if order.in_dispute and order.status in COMPLETABLE:
        raise ConflictError(_("This order has an open dispute: it completes when the dispute is settled."),
                            field="status")  # fmt: skip
    if order.status in COMPLETABLE:
        _complete(order.pk, order.status, actor=actor, reason=CONFIRMED)
        order.refresh_from_db()
    if order.status != S.COMPLETED:
        raise ConflictError(_("Only a shipped or delivered order can be confirmed as received."), field="status")
    return order


def orders_auto_complete(*, now: datetime | None = None, limit: int | None = None) -> list[int]:
    """Complete every order whose clock ran out (see `_due`), never one in
    dispute; release their escrow. Set-based: batches of due orders (by pk)
    locked with FOR UPDATE SKIP LOCKED (a concurrent run takes others), each
    moved by order_move, all released in one escrow batch, one transaction per
    batch. Safe to run repeatedly and in parallel. An order escrow refuses to
    release stays as it was (logged; tried again next run) without holding up
    the others. Returns the ids completed now."""
    now = now or timezone.now()
    limit = limit or settings.CARAVAN_COMPLETION_BATCH
    completed: list[int] = []
    after = 0
    while True:
        moved, last = _auto_complete_batch(now, limit, after)
        completed += moved
        if last is None:
            return completed
        after = last


@transaction.atomic
def _auto_complete_batch(now: datetime, limit: int, after: int) -> tuple[list[int], int | None]:
    """One batch of due orders with pk > `after`: (ids completed, the last pk
    looked at, None when there were fewer than `limit`)."""
    rows = list(
        Order.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(_due(now), pk__gt=after)
        .order_by("pk")
        .values_list("pk", "status", "shipment__delivered_at", "protection_extension_days", "protection_until")[:limit]
    )
    moves = []
    for order_id, status, delivered, extension, deadline in rows:
        days = settings.CARAVAN_AUTO_COMPLETE_DAYS_AFTER_DELIVERY + extension
        by_delivery = status == S.DELIVERED and delivered is not None and delivered + timedelta(days=days) <= now
        by_protection = deadline is not None and deadline <= now
        # the rule whose time came first names the completion
        first_delivery = by_delivery and (not by_protection or delivered + timedelta(days=days) <= deadline)
        moves.append((order_id, status, AUTO_DELIVERED if first_delivery else AUTO_PROTECTION))
    last = rows[-1][0] if len(rows) == limit else None
    try:
        with transaction.atomic():
            moved = [order_id for order_id, status, reason in moves if _move_completed(order_id, status, reason, now)]
            escrow_release_completed(moved)
        return moved, last
    except ConflictError:
        pass  # some order's escrow could not be released: one by one, so the others complete
    moved = []
    for order_id, status, reason in moves:
        try:
            with transaction.atomic():
                if _move_completed(order_id, status, reason, now):
                    escrow_release_completed([order_id])
                    moved.append(order_id)
        except ConflictError:
            logger.exception("order %s is due to complete but its escrow could not be released", order_id)
    return moved, last


def _move_completed(order_id: int, status: str, reason: str, now: datetime) -> bool:
    return order_move(order_id=order_id, from_status=status, to_status=S.COMPLETED, reason=reason, completed_at=now)


def order_protection_extend(*, order_id: int, actor) -> Order:
    """The buyer extends buyer protection once, before it ends: the protection
    deadline and the after-delivery clock both move by
    CARAVAN_PROTECTION_EXTENSION_DAYS. One conditional UPDATE (a second or
    concurrent request does nothing); a note on the order. ConflictError when
    already extended, not shipped, in dispute or past its end."""
    order = _buyer_order(order_id, actor)
    days = settings.CARAVAN_PROTECTION_EXTENSION_DAYS
    clock = completion_clock(order)
    now = timezone.now()
    if order.protection_extension_days:
        raise ConflictError(_("Buyer protection can be extended once; it already was."), field="order")
    if clock is None or clock.at <= now:
        raise ConflictError(_("Only the protection of a shipped order that has not completed can be extended."),
                            field="order")  # fmt: skip
    with transaction.atomic():
        extendable = Order.objects.filter(
            pk=order.pk, status=order.status, protection_extension_days=0, in_dispute=False
        )
        updated = extendable.update(
            protection_extension_days=days,
            protection_extended_at=now,
            protection_until=F("protection_until") + timedelta(days=days),
            updated_at=now,
        )
        if updated:
            order_note(order_id=order.pk, status=order.status, actor=actor,
                       reason=f"buyer protection extended by {days} days")  # fmt: skip
    order.refresh_from_db()
    if not updated:
        raise ConflictError(_("Buyer protection can be extended once; it already was."), field="order")
    return order


# --- cancellation request ----------------------------------------------------------------


def order_cancel_request(*, order_id: int, actor, reason: str = "") -> Order:
    """The buyer asks to cancel a paid order the seller has not shipped: the
    seller has CARAVAN_CANCEL_REQUEST_ANSWER_HOURS to answer. Once per order
    (a conditional UPDATE; a replay while open returns the order)."""
    order = _buyer_order(order_id, actor)
    if order.cancel_request == CancelRequest.OPEN:
        return order
    if order.status != S.PAID:
        raise ConflictError(_("Only a paid order that has not shipped can be asked to be cancelled."), field="status")
    if order.cancel_request:
        raise ConflictError(_("This order's cancellation was already asked for and answered."), field="order")
    reason = (reason or "").strip()
    if len(reason) > 300:
        raise DomainError(_("Say why in at most 300 characters."), field="reason")
    now = timezone.now()
    with transaction.atomic():
        if Order.objects.filter(pk=order.pk, status=S.PAID, cancel_request="").update(
            cancel_request=CancelRequest.OPEN, cancel_requested_at=now, cancel_request_reason=reason,
            cancel_answer_by=now + timedelta(hours=settings.CARAVAN_CANCEL_REQUEST_ANSWER_HOURS), updated_at=now,
        ):  # fmt: skip
            order_note(order_id=order.pk, status=S.PAID, actor=actor,
                       reason=f"cancellation requested by the buyer: {reason}" if reason else
                       "cancellation requested by the buyer")  # fmt: skip
    order.refresh_from_db()
    if order.cancel_request != CancelRequest.OPEN:
        raise ConflictError(_("Only a paid order that has not shipped can be asked to be cancelled."), field="status")
    return order


@transaction.atomic
def _cancel_by_request(order_id: int, *, actor, reason: str) -> bool:
    """open request → accepted, paid → cancelled, stock back, escrow refunded in
    full: all in one transaction, and only by the call whose conditional
    UPDATE took the open request (False for every other)."""
    now = timezone.now()
    if not Order.objects.filter(pk=order_id, status=S.PAID, cancel_request=CancelRequest.OPEN).update(
        cancel_request=CancelRequest.ACCEPTED, updated_at=now
    ):
        return False
    if not order_move(order_id=order_id, from_status=S.PAID, to_status=S.CANCELLED, actor=actor, reason=reason):
        transaction.set_rollback(True)  # unreachable: the UPDATE above holds the row in status paid
        return False
    order = Order.objects.get(pk=order_id)
    _release_stock(order_id, actor=actor)
    held = payments.escrow_held(order_id=order_id, currency=order.currency)
    if order.paid_payment_id and held.amount > 0:
        payments.payment_refund(payment_id=order.paid_payment_id, order_id=order_id, amount=held,
                                reason=REFUND_REASON, actor=actor)  # fmt: skip
    return True


def _seller_order(order_id: int, seller) -> Order:
    order = Order.objects.filter(pk=order_id, seller_id=getattr(seller, "pk", None)).first()
    if order is None:
        raise NotFound(_("There is no such order."))
    return order


def order_cancel_answer(*, order_id: int, seller, actor, accept, reason: str = "") -> Order:
    """The seller answers the buyer's open cancellation request: accept (the
    order is cancelled, refunded in full and its stock returned, once) or
    decline (the order stays paid; a reason is required). Only the order's
    seller (NotFound otherwise). A replay of the same answer returns the order."""
    if not isinstance(accept, bool):
        raise DomainError(_("Say whether you accept the cancellation (true or false)."), field="accept")
    reason = (reason or "").strip()
    if len(reason) > 300:
        raise DomainError(_("Say why in at most 300 characters."), field="reason")
    order = _seller_order(order_id, seller)
    done = CancelRequest.ACCEPTED if accept else CancelRequest.DECLINED
    if order.cancel_request == done:
        return order
    if order.cancel_request != CancelRequest.OPEN or order.status != S.PAID:
        raise ConflictError(_("This order has no cancellation request awaiting your answer."), field="order")
    if accept:
        _cancel_by_request(order.pk, actor=actor, reason=CANCEL_ACCEPTED)
    else:
        if not reason:
            raise DomainError(_("Tell the buyer why you decline."), field="reason")
        with transaction.atomic():
            if Order.objects.filter(pk=order.pk, status=S.PAID, cancel_request=CancelRequest.OPEN).update(
                cancel_request=CancelRequest.DECLINED, cancel_answer_reason=reason, updated_at=timezone.now()
            ):
                order_note(order_id=order.pk, status=S.PAID, actor=actor,
                           reason=f"cancellation request declined by the seller: {reason}")  # fmt: skip
    order.refresh_from_db()
    if order.cancel_request != done:
        raise ConflictError(_("This order has no cancellation request awaiting your answer."), field="order")
    return order


def orders_cancel_requests_expire(*, now: datetime | None = None, limit: int | None = None) -> list[int]:
    """Accept every open cancellation request past its answer deadline (the
    seller's silence): cancelled, refunded, stock back. Safe to run repeatedly
    and in parallel (each order through the conditional UPDATE once).
    Returns the ids cancelled by this run."""
    now = now or timezone.now()
    limit = limit or settings.CARAVAN_COMPLETION_BATCH
    due = list(
        Order.objects.filter(status=S.PAID, cancel_request=CancelRequest.OPEN, cancel_answer_by__lte=now)
        .order_by("cancel_answer_by", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [order_id for order_id in due if _cancel_by_request(order_id, actor=None, reason=CANCEL_SILENCE)]
