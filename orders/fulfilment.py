"""Fulfilment: the seller ships a paid order, the carrier's events come in (by
signed webhook or by polling) and are applied to the shipment's timeline, and a
paid order not shipped by its ship-by date is cancelled and refunded.

Every order move goes through orders.transitions.order_move (a conditional
UPDATE): a second ship is refused (409), "delivered" moves the order once
however often it arrives, and a ship-by expiry refunds and returns stock once
under repeated and concurrent runs. Network I/O with carriers (registering a
parcel, polling) happens outside transactions: registration in a task after the
ship commits, polling before the events are applied in one transaction.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_countries import countries
from moneyed import Money

from escrow import payments
from logistics.carriers.base import CarrierError, CarrierUnavailable, adapter_for
from logistics.carriers.events import EventCode, TrackingEvent
from logistics.carriers.services import tracking_events_accept
from logistics.models import ShippingMethod
from logistics.quote import protection_cap
from logistics.tracking import tracking_number_check
from marketplace.errors import ConflictError, DomainError, NotFound
from marketplace.jobs import enqueue
from marketplace.money import MissingExchangeRate, convert, format_money

from .display import country_timezone, deadline_text, reader_timezone
from .models import CancelRequest, Order, OrderStatus, Shipment, ShipmentEvent
from .notifications import _email, _send
from .services import _release_stock
from .transitions import order_move, order_note

log = logging.getLogger(__name__)

# The order-history note of a carrier event the people on the order must see (the carrier's description
# goes into the note's detail): the same msgids as the events' own labels (logistics.carriers.events).
CARRIER_NOTES = {
    EventCode.EXCEPTION: gettext_noop("Delivery problem"),
    EventCode.RETURNED: gettext_noop("Returned to the sender"),
}
SHIP_BY_REASON = gettext_noop("not shipped by the ship-by date: cancelled and refunded in full")
REFUND_REASON = "order not shipped by its ship-by date"
# Fields an order may have (the after-sale work adds one) that keep the ship-by timer from firing.
DISPUTE_FLAGS = ("in_dispute", "dispute_open", "has_open_dispute", "disputed")


class AlreadyShipped(ConflictError):
    code = "already_shipped"


# --- protection ----------------------------------------------------------------------------


def protection_days_cap(country: str) -> int:
    """The most days of buyer protection after shipping to `country` (DESIGN §2:
    60, 90 for Russia, 120 for Brazil; settings CARAVAN_PROTECTION_MAX_DAYS*)."""
    return protection_cap(country)


def protection_days(method: ShippingMethod, country: str) -> int:
    """The method's promised delivery time, capped for the destination."""
    return min(method.protection_days, protection_days_cap(country))


# --- shipping ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShipInput:
    tracking_number: str
    shipped_on: date | None = None  # None: today in the seller's country
    method_code: str = ""  # "": the method the buyer chose


def _seller_today(order: Order) -> tuple[date, object]:
    tz = country_timezone(str(order.seller.country))
    return timezone.localtime(timezone.now(), tz).date(), tz


def order_ship(*, order_id: int, seller, actor, data: ShipInput) -> Shipment:
    """The seller hands the parcel of a paid order to the carrier: the tracking
    number checked for the method and the country the parcel leaves from (the
    store's, or its warehouse's), the shipped date
    (not in the future, not before payment), the order paid → shipped with its
    protection deadline, the parcel registered with the carrier after commit.
    NotFound for an order not the seller's; AlreadyShipped (409) for a second
    ship; DomainError naming the field for bad input; nothing written then."""
    order = Order.objects.select_related("seller__user").filter(pk=order_id, seller=seller).first()
    if order is None:
        raise NotFound(_("There is no such order."))
    if order.status != OrderStatus.PAID:
        if Shipment.objects.filter(order_id=order.pk).exists():
            raise AlreadyShipped(_("This order has already been shipped."), field="status")
        raise ConflictError(_("Only a paid order can be shipped."), field="status")
    method_code = data.method_code or order.shipping_method_code
    number = tracking_number_check(method_code, data.tracking_number, _origin(order))
    method = ShippingMethod.objects.select_related("carrier").get(code=method_code)
    today, tz = _seller_today(order)
    shipped_on = data.shipped_on or today
    if shipped_on > today:
        raise DomainError(_("The shipped date cannot be in the future."), field="shipped_on")
    paid_on = timezone.localtime(order.paid_at, tz).date() if order.paid_at else None
    if paid_on and shipped_on < paid_on:
        raise DomainError(
            _("The shipped date cannot be before the order was paid (%(date)s).") % {"date": paid_on.isoformat()},
            field="shipped_on",
        )
    carrier_code = method.carrier.code
    if number and Shipment.objects.filter(carrier_code=carrier_code, tracking_number=number).exists():
        raise DomainError(_("This tracking number is already used by another order."), field="tracking_number")
    now = timezone.now()
    handed_over = datetime.combine(shipped_on, time(23, 59, 59), tzinfo=tz)
    protection_until = handed_over + timedelta(days=protection_days(method, order.country))
    try:
        with transaction.atomic():
            moved = order_move(
                order_id=order.pk, from_status=OrderStatus.PAID, to_status=OrderStatus.SHIPPED, actor=actor,
                reason=f"{method.name} {number}".strip(), shipped_at=now, protection_until=protection_until,
            )  # fmt: skip
            if not moved:
                raise AlreadyShipped(_("This order has already been shipped or cancelled."), field="status")
            shipment = Shipment.objects.create(order_id=order.pk, method_code=method.code, carrier_code=carrier_code,
                                               tracking_number=number, shipped_on=shipped_on)  # fmt: skip
            # Shipping answers an open cancellation request: the seller went on with the order.
            Order.objects.filter(pk=order.pk, cancel_request=CancelRequest.OPEN).update(
                cancel_request=CancelRequest.DECLINED, cancel_answer_reason=_("The seller shipped the order.")
            )
    except IntegrityError:  # a concurrent ship of the same number or order
        raise AlreadyShipped(
            _("This order or tracking number has just been shipped."), field="tracking_number"
        ) from None
    if number:
        enqueue("orders.tasks.shipment_register_task", shipment_id=shipment.pk)
    enqueue("orders.tasks.order_shipped_email_task", order_id=order.pk)
    return shipment


def shipment_register(*, shipment_id: int) -> str:
    """Tell the carrier about a shipped parcel and keep its shipment id.
    Idempotent (the carrier answers the same id for the same number). Raises
    CarrierUnavailable for a retry; a carrier's refusal is noted on the order."""
    shipment = Shipment.objects.select_related("order").filter(pk=shipment_id).first()
    if shipment is None or not shipment.tracking_number or shipment.carrier_shipment_id:
        return shipment.carrier_shipment_id if shipment else ""
    order = shipment.order
    try:
        carrier_id = adapter_for(shipment.carrier_code).register(
            tracking_number=shipment.tracking_number, method_code=shipment.method_code,
            origin=_origin(order),
            destination=order.country,
        )  # fmt: skip
    except CarrierError as e:
        log.warning("carrier %s refused shipment %s: %s", shipment.carrier_code, shipment.pk, e.message)
        order_note(order_id=order.pk, status=order.status, reason=f"Carrier registration refused: {e.message}")
        return ""
    Shipment.objects.filter(pk=shipment.pk, carrier_shipment_id="").update(
        carrier_shipment_id=carrier_id[:100], registered_at=timezone.now()
    )
    return carrier_id


def _origin(order: Order) -> str:
    """The country the parcel leaves from: the order's origin (a warehouse's country for a warehouse order)."""
    return order.ships_from or str(order.seller.country)


# --- tracking events -----------------------------------------------------------------------


class UnknownTrackingNumber(NotFound):
    code = "unknown_tracking_number"


@transaction.atomic
def tracking_events_apply(*, carrier_code: str, events: Sequence[TrackingEvent], via: str,
                          strict: bool = False) -> list[ShipmentEvent]:  # fmt: skip
    """Apply a carrier's events to the shipments they name, in one transaction:
    the events never received before (logistics' receipt) are added to their
    shipment's timeline; "delivered" sets delivered_at and moves the order
    shipped → delivered (once); exception and returned are noted on the order.
    `strict` (webhooks): an event for a tracking number no shipment has raises
    UnknownTrackingNumber and nothing is written; otherwise such events are
    left out. Returns the events added."""
    numbers = {e.tracking_number for e in events}
    shipments = {
        s.tracking_number: s
        for s in Shipment.objects.select_for_update()
        .filter(carrier_code=carrier_code, tracking_number__in=numbers)
        .exclude(tracking_number="")
    }
    unknown = numbers - set(shipments)
    if unknown and strict:
        raise UnknownTrackingNumber(
            _("No shipment has the tracking number %(number)s.") % {"number": sorted(unknown)[0]},
            field="tracking_number",
        )
    known = [e for e in events if e.tracking_number in shipments]
    new = tracking_events_accept(carrier_code=carrier_code, events=known, via=via)
    rows = [
        ShipmentEvent(shipment=shipments[e.tracking_number], event_id=e.event_id, code=e.code,
                      occurred_at=e.occurred_at, location=e.location[:200], description=e.description[:500], via=via)
        for e in new
    ]  # fmt: skip
    ShipmentEvent.objects.bulk_create(rows, ignore_conflicts=True)
    by_shipment: dict[int, list[TrackingEvent]] = defaultdict(list)
    for e in new:
        by_shipment[shipments[e.tracking_number].pk].append(e)
    for shipment in shipments.values():
        got = sorted(by_shipment.get(shipment.pk, []), key=lambda e: e.occurred_at)
        if got:
            _shipment_events_applied(shipment, got)
    return rows


def _shipment_events_applied(shipment: Shipment, events: list[TrackingEvent]) -> None:
    latest = ShipmentEvent.objects.filter(shipment=shipment).order_by("-occurred_at", "-pk").first()
    updates = {"last_code": latest.code if latest else events[-1].code}
    delivered = next((e for e in events if e.code == EventCode.DELIVERED), None)
    if delivered and shipment.delivered_at is None:
        updates["delivered_at"] = delivered.occurred_at
    Shipment.objects.filter(pk=shipment.pk).update(**updates)
    if delivered and order_move(order_id=shipment.order_id, from_status=OrderStatus.SHIPPED,
                                to_status=OrderStatus.DELIVERED,
                                reason=gettext_noop("delivered, as the carrier reports")):  # fmt: skip
        enqueue("orders.tasks.order_delivered_email_task", order_id=shipment.order_id)
    for e in events:
        if e.code in CARRIER_NOTES:
            status = Order.objects.filter(pk=shipment.order_id).values_list("status", flat=True).first()
            label = CARRIER_NOTES[e.code]  # translated when shown; the carrier's words stay as they are
            order_note(order_id=shipment.order_id, status=status, reason=label, detail=e.description)


def shipments_open() -> dict[str, list[str]]:
    """Tracking numbers of the shipments still worth polling, by carrier."""
    rows = (
        Shipment.objects.filter(delivered_at__isnull=True)
        .exclude(tracking_number="")
        .exclude(last_code=EventCode.RETURNED)
        .filter(order__status__in=[OrderStatus.SHIPPED, OrderStatus.DELIVERED])
        .order_by("carrier_code", "pk")
        .values_list("carrier_code", "tracking_number")[: settings.CARAVAN_TRACKING_POLL_LIMIT]
    )
    grouped: dict[str, list[str]] = defaultdict(list)
    for carrier_code, number in rows:
        grouped[carrier_code].append(number)
    return dict(grouped)


def shipments_poll() -> int:
    """Poll every open shipment's carrier in bulk (one adapter call per carrier,
    batched by the adapter) and apply what is new. A carrier that cannot be
    reached is skipped this run. Safe to run twice or in parallel (events are
    taken once). Returns how many events were new."""
    added = 0
    for carrier_code, numbers in shipments_open().items():
        try:
            events = adapter_for(carrier_code).poll(numbers)
        except (CarrierUnavailable, CarrierError) as e:
            log.warning("polling %s failed: %s", carrier_code, e)
            continue
        added += len(tracking_events_apply(carrier_code=carrier_code, events=events, via="poll"))
    return added


# --- the ship-by deadline --------------------------------------------------------------------


def _dispute_flag() -> str | None:
    names = {f.name for f in Order._meta.get_fields()}
    return next((n for n in DISPUTE_FLAGS if n in names), None)


@transaction.atomic
def _cancel_unshipped(order_id: int) -> bool:
    """paid → cancelled, the escrow refunded in full and the stock returned, in
    one transaction; False (nothing done) when it was no longer paid."""
    if not order_move(order_id=order_id, from_status=OrderStatus.PAID, to_status=OrderStatus.CANCELLED,
                      reason=SHIP_BY_REASON):  # fmt: skip
        return False
    order = Order.objects.get(pk=order_id)
    if order.paid_payment_id:
        held = payments.escrow_held(order_id=order_id, currency=order.currency)
        if held.amount > 0:
            payments.payment_refund(payment_id=order.paid_payment_id, order_id=order_id, amount=held,
                                    reason=REFUND_REASON)  # fmt: skip
    _release_stock(order_id, actor=None)
    return True


def orders_ship_by_expire(*, now=None, limit: int = 200) -> int:
    """Cancel and fully refund the paid orders past their ship-by date (not one
    flagged in dispute), their stock returned, both sides told. Each order
    once, whatever runs concurrently. Returns how many this run cancelled."""
    now = now or timezone.now()
    due = Order.objects.filter(status=OrderStatus.PAID, ship_by__lte=now)
    flag = _dispute_flag()
    if flag:
        due = due.exclude(Q(**{flag: True}))
    cancelled = 0
    for order_id in list(due.order_by("ship_by", "pk").values_list("pk", flat=True)[:limit]):
        if _cancel_unshipped(order_id):
            cancelled += 1
            enqueue("orders.tasks.order_ship_by_cancelled_email_task", order_id=order_id)
    return cancelled


# --- customs declaration -------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationRow:
    line: object  # the OrderLine
    pieces: int
    weight_kg: Decimal


@dataclass(frozen=True)
class Declaration:
    form: str  # "CN22" or "CN23"
    total: Money  # declared value, seller's currency
    total_eur: Money | None  # converted at stored rates (None: no rate)
    limit_eur: Money
    weight_grams: int
    rows: tuple[DeclarationRow, ...] = ()
    origin: str = ""  # the country the parcel is posted in (the store's, or its warehouse's)

    @property
    def origin_name(self) -> str:
        return str(countries.name(self.origin)) if self.origin else ""


def customs_declaration(order: Order, lines) -> Declaration:
    """Which customs form the parcel needs: CN22 when its declared value is at
    most CARAVAN_CN22_MAX_VALUE_SDR (in EUR), else CN23 (also when the value
    cannot be converted: the fuller form is never wrong). Posted from the
    order's origin: a warehouse's country for a warehouse order."""
    total = sum((line.line_total for line in lines), Money(Decimal(0), order.settlement_currency))
    limit = Money(settings.CARAVAN_CN22_MAX_VALUE_SDR * settings.CARAVAN_SDR_IN_EUR, "EUR")
    try:
        total_eur = convert(total, "EUR")
    except MissingExchangeRate:
        total_eur = None
    form = "CN22" if total_eur is not None and total_eur <= limit else "CN23"
    weight = sum(line.weight_grams * line.lots for line in lines)
    rows = tuple(
        DeclarationRow(line, line.lots * line.lot_size, (Decimal(line.weight_grams * line.lots) / 1000).quantize(
            Decimal("0.001")))
        for line in lines
    )  # fmt: skip
    return Declaration(form, total, total_eur, limit, weight, rows, _origin(order))


# --- emails --------------------------------------------------------------------------------


def _site() -> str:
    return settings.CARAVAN_SITE_URL.rstrip("/")


def order_shipped_email(*, order_id: int) -> int:
    order = Order.objects.select_related("buyer", "seller", "shipment").filter(pk=order_id).first()
    if order is None or not hasattr(order, "shipment"):
        return 0
    buyer = order.buyer
    language = buyer.language or settings.LANGUAGE_CODE
    context = {
        "order": order,
        "shipment": order.shipment,
        "url": _site() + reverse("orders:detail", args=[order.pk]),
        "protection_until": deadline_text(order.protection_until, tz=reader_timezone(buyer, order.country),
                                          language=language) if order.protection_until else "",
    }  # fmt: skip
    return _send([_email(buyer, "shipped", context)])


def order_delivered_email(*, order_id: int) -> int:
    order = Order.objects.select_related("buyer", "seller__user").filter(pk=order_id).first()
    if order is None:
        return 0
    buyer_ctx = {"order": order, "url": _site() + reverse("orders:detail", args=[order.pk])}
    seller_ctx = {"order": order, "url": _site() + reverse("orders:seller_detail", args=[order.pk])}
    return _send([_email(order.buyer, "delivered", buyer_ctx), _email(order.seller.user, "delivered", seller_ctx)])


def order_ship_by_cancelled_email(*, order_id: int) -> int:
    order = Order.objects.select_related("buyer", "seller__user").filter(pk=order_id).first()
    if order is None:
        return 0
    buyer_language = order.buyer.language or settings.LANGUAGE_CODE
    buyer_ctx = {"order": order, "total": format_money(order.total, buyer_language),
                 "url": _site() + reverse("orders:detail", args=[order.pk])}  # fmt: skip
    seller_ctx = {"order": order, "total": format_money(order.settlement_total),
                  "url": _site() + reverse("orders:seller_detail", args=[order.pk])}  # fmt: skip
    return _send([_email(order.buyer, "ship_by_cancelled", buyer_ctx),
                  _email(order.seller.user, "seller_ship_by_cancelled", seller_ctx)])  # fmt: skip
