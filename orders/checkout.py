"""Checkout: the cart priced for one address with each seller's shipping
choice (`checkout_plan`, a read), and placing it (`checkout_place`): one order
per seller and origin (the store's home or one of its warehouses: one parcel
each, quoted from there), the stock of every line reserved where it ships
from, the exchange rate locked, idempotent on the client's token; then one
payment for all the orders.

The plan re-validates the cart: a price, stock, availability, limit or shipping
method that changed since the buyer saw it is a DomainError saying exactly what
changed, and nothing is written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from moneyed import Money

from buyers.models import Address
from buyers.selectors import address_lines, addresses_for
from escrow import payments
from listings.models import StockReason
from listings.shipping import GroupShipping, lines_shipping_quote
from listings.stock import stock_reserve, variants_lock
from logistics.quote import Offer
from marketplace.errors import ConflictError, DomainError, NotFound
from marketplace.jobs import enqueue
from marketplace.money import convert, format_money, round_money
from marketplace.selectors import exchange_rates_current_rows

from .cart import cart_of
from .models import CartLine, Checkout, Order, OrderEvent, OrderLine, OrderStatus
from .selectors import CartItem, SellerGroup, cart_view


@dataclass
class GroupPlan:
    group: SellerGroup
    shipping: GroupShipping | None
    offer: Offer | None
    problems: list[str] = field(default_factory=list)

    @property
    def seller_id(self) -> int:
        return self.group.seller_id

    @property
    def key(self) -> str:
        return self.group.key

    @property
    def goods(self) -> Money:
        return self.group.subtotal

    @property
    def shipping_cost(self) -> Money:
        return self.offer.display_cost if self.offer else Money(0, self.goods.currency)

    @property
    def taxes(self) -> Money:
        landed = self.shipping.landed if self.shipping else None
        return landed.collected_at_checkout if landed else Money(0, self.goods.currency)

    @property
    def taxes_rule(self) -> str:
        landed = self.shipping.landed if self.shipping else None
        return landed.rule_code if landed and landed.collected_at_checkout else ""

    @property
    def taxes_note(self) -> str:
        landed = self.shipping.landed if self.shipping else None
        return landed.note if landed else ""

    @property
    def total(self) -> Money:
        return round_money(self.goods + self.shipping_cost + self.taxes)


@dataclass
class CheckoutPlan:
    address: Address
    currency: str
    groups: list[GroupPlan]
    gone: list[CartItem]
    problems: list[str]  # everything that stops the placement, each saying what changed

    @property
    def total(self) -> Money:
        return round_money(sum((g.total for g in self.groups), Money(0, self.currency)))

    @property
    def placeable(self) -> bool:
        return bool(self.groups) and not self.problems


@dataclass
class Placed:
    checkout: Checkout
    orders: list[Order]
    payment: object | None  # escrow's Payment; None when no order of the checkout is payable any more
    created: bool = False  # False: the token had been placed before (a replay)


def checkout_address(*, buyer, address_id: int | None) -> Address:
    """The buyer's address `address_id`, or their default (first) one."""
    book = addresses_for(buyer)
    address = book.filter(pk=address_id).first() if address_id is not None else book.first()
    if address is None:
        raise DomainError(
            _("Choose a delivery address from your address book.")
            if address_id is not None
            else _("Add a delivery address first."),
            field="address",
        )
    return address


def checkout_plan(*, buyer, address: Address, shipping: dict, currency: str, language: str, rates=None) -> CheckoutPlan:
    """The buyer's cart priced now for `address`: per seller and origin (the
    cart's groups), the shipping method asked for in `shipping` ({group key:
    method code}, the key the seller id, with "-<country>" for a warehouse
    origin; the cheapest when absent) quoted from that origin, its cost and
    dates, the import taxes collected now and the total, all in `currency`;
    and every problem that stops placing it. Reads only."""
    shipping = {str(key): code for key, code in shipping.items()}
    view = cart_view(cart_of(user=buyer), currency=currency, language=language, rates=rates)
    country = address.country.code
    problems: list[str] = []
    for item in view.gone:
        problems.append(_("%(title)s: this product is no longer sold; remove it from your cart.")
                        % {"title": item.title})  # fmt: skip
    groups = []
    for group in view.groups:
        plan = GroupPlan(group, None, None)
        for item in group.items:
            for problem in item.problems:
                plan.problems.append(f"{item.title} ({item.line.seen_sku}): {problem}")
            if item.line.lots > settings.CARAVAN_CART_MAX_LOTS:
                plan.problems.append(
                    _("%(title)s: at most %(n)s lots of one product per order.")
                    % {"title": item.title, "n": settings.CARAVAN_CART_MAX_LOTS}
                )
        lines = [(item.line.variant, item.line.lots) for item in group.items]
        wanted = shipping.get(group.key)
        try:
            plan.shipping = lines_shipping_quote(lines, country=country, currency=currency, method=wanted, rates=rates,
                                                 ships_from=group.ships_from or None)  # fmt: skip
        except DomainError as exc:  # the store no longer ships from that warehouse
            plan.problems.append(f"{group.store_name}: {exc.message}")
            problems.extend(plan.problems)
            groups.append(plan)
            continue
        plan.offer = plan.shipping.chosen
        if plan.offer is None:
            if wanted and plan.shipping.quote.offers:
                plan.problems.append(
                    _("%(store)s: the shipping method you chose can no longer carry this parcel to %(country)s; "
                      "choose another.") % {"store": group.store_name, "country": address.country.name}
                )  # fmt: skip
            else:
                plan.problems.append(
                    _("%(store)s: no shipping method carries these products to %(country)s.")
                    % {"store": group.store_name, "country": address.country.name}
                )
        problems.extend(plan.problems)
        groups.append(plan)
    if not view.groups and not view.gone:
        problems.append(_("Your cart is empty."))
    return CheckoutPlan(address, currency, groups, view.gone, problems)


def _locked_rates() -> tuple[dict[str, Decimal], dict[str, object]]:
    """The current rate rows read once: the rates every figure of the
    placement uses, and the rows, for each order's locked rate's source and date."""
    rows = exchange_rates_current_rows()
    return {row.currency: row.rate for row in rows}, {row.currency: row for row in rows}


def _rate_of(buyer_currency: str, seller_currency: str, rates, rows) -> tuple[Decimal, str, object]:
    """Buyer-currency units per one settlement-currency unit, its sources and the older date."""
    base = settings.CARAVAN_RATES_BASE_CURRENCY
    used = [rows[c] for c in {buyer_currency, seller_currency} if c != base and c in rows]
    per_base = {base: Decimal(1), **rates}
    rate = per_base[buyer_currency] / per_base[seller_currency]
    sources = "+".join(sorted({row.source for row in used})) or "identity"
    when = min((row.effective_date for row in used), default=timezone.localdate())
    return rate.quantize(Decimal("0.0000000001")), sources, when


def _snapshot(address: Address) -> dict:
    return {
        "full_name": address.full_name,
        "company_name": address.company_name,
        "country": address.country.code,
        "country_area": address.country_area,
        "city": address.city,
        "city_area": address.city_area,
        "street_address": address.street_address,
        "postal_code": address.postal_code,
        "sorting_code": address.sorting_code,
        "phone": address.phone,
        "lines": address_lines(address),
    }


def _parse_token(token) -> uuid.UUID:
    try:
        return token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except (TypeError, ValueError, AttributeError):
        raise DomainError(_("The checkout token must be a UUID."), field="checkout_token") from None


def checkout_place(
    *,
    buyer,
    token,
    address_id: int | None,
    shipping: dict[int, str],
    currency: str,
    language: str,
    expected_total: Decimal | None = None,
) -> Placed:
    """Place the buyer's cart: one order per seller and origin, awaiting payment.

    Idempotent on `token`: a token already placed (a double click, a retried
    request, two submits at once) returns that checkout, its orders and payment,
    and places nothing new; another buyer's token is a conflict. Re-validates
    first (see checkout_plan; `expected_total`, the total the buyer saw, must
    still be the total): any problem is a DomainError and nothing is written.
    In one transaction: the checkout row (its unique token queues a concurrent
    twin behind this one), every line's stock reserved where it ships from
    (all the variants locked first in pk order, then one stock_reserve for
    the home stock and one per warehouse group: InsufficientStock undoes
    everything),
    the orders with their lines, locked rate and pay-by deadline, their events,
    and the bought lines gone from the cart. Then, with no lock held, one
    payment for all the orders (checkout_payment)."""
    token = _parse_token(token)
    existing = Checkout.objects.filter(token=token).first()
    created = False
    if existing is None:
        try:
            existing = _place(buyer=buyer, token=token, address_id=address_id, shipping=shipping,
                              currency=currency, language=language, expected_total=expected_total)  # fmt: skip
            created = True
        except (IntegrityError, DomainError):
            # A twin submit of this token won meanwhile (the unique token, or its cart already bought
            # when this one read it): answer with the twin's checkout. Otherwise the error stands.
            existing = Checkout.objects.filter(token=token).first()
            if existing is None:
                raise
    if existing.buyer_id != buyer.pk:
        raise ConflictError(_("This checkout token was already used."), field="checkout_token")
    payment = checkout_payment(checkout_id=existing.pk)
    existing.refresh_from_db()
    return Placed(existing, list(existing.orders.select_related("seller").order_by("pk")), payment, created)


@transaction.atomic
def _place(*, buyer, token, address_id, shipping, currency, language, expected_total) -> Checkout:
    address = checkout_address(buyer=buyer, address_id=address_id)
    rates, rows = _locked_rates()
    plan = checkout_plan(buyer=buyer, address=address, shipping=shipping, currency=currency, language=language,
                         rates=rates)  # fmt: skip
    if plan.problems:
        raise DomainError(" ".join(plan.problems), field="cart", fields={"cart": plan.problems})
    if expected_total is not None and plan.total.amount != expected_total:
        raise DomainError(
            _("The total changed from %(old)s to %(new)s: review it and place the order again.")
            % {
                "old": format_money(Money(expected_total, currency), language),
                "new": format_money(plan.total, language),
            },
            field="expected_total",
        )
    now = timezone.now()
    snapshot = _snapshot(address)
    checkout = Checkout.objects.create(token=token, buyer=buyer, address=snapshot, country=address.country.code,
                                       currency=currency, language=language)  # fmt: skip
    _reserve(plan, actor=buyer, reference=f"checkout={checkout.pk}")
    pay_by = now + timedelta(hours=settings.CARAVAN_PAYMENT_WINDOW_HOURS)
    bought = []
    for n, plan_group in enumerate(plan.groups, start=1):
        items = plan_group.group.items
        seller = items[0].line.variant.listing.seller
        seller_currency = seller.settlement_currency
        rate, source, when = _rate_of(currency, seller_currency, rates, rows)
        offer = plan_group.offer
        order = Order.objects.create(
            number=f"CV{checkout.pk:06d}-{n}",
            checkout=checkout,
            buyer=buyer,
            seller=seller,
            currency=currency,
            goods=plan_group.goods,
            shipping=plan_group.shipping_cost,
            taxes=plan_group.taxes,
            total=plan_group.total,
            taxes_note=plan_group.taxes_note[:300],
            taxes_rule=plan_group.taxes_rule,
            settlement_currency=seller_currency,
            settlement_goods=round_money(sum((i.quote.line_total for i in items), Money(0, seller_currency))),
            settlement_total=convert(plan_group.total, seller_currency, rates=rates),
            exchange_rate=rate,
            rate_source=source,
            rate_date=when,
            shipping_method_code=offer.method.code,
            shipping_method_name=offer.method.name,
            delivery_from=offer.delivery_from,
            delivery_to=offer.delivery_to,
            processing_days=plan_group.shipping.parcel.processing_days,
            address=snapshot,
            country=address.country.code,
            ships_from=plan_group.shipping.origin.country,
            warehouse_id=plan_group.shipping.origin.warehouse_id,
            pay_by=pay_by,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                listing_id=item.line.variant.listing_id,
                variant_id=item.line.variant_id,
                sku=item.line.variant.sku,
                title=item.line.variant.listing.title,
                title_buyer=item.title,
                options=item.options,
                lots=item.line.lots,
                lot_size=item.quote.lot_size,
                unit_price=item.quote.unit_price,
                unit_price_buyer=item.quote.converted_unit_price,
                line_total=item.quote.line_total,
                line_total_buyer=item.quote.converted_line_total,
                weight_grams=item.line.variant.listing.weight_grams,
                hs_code=item.line.variant.listing.hs_code,
            )
            for item in items
        )
        OrderEvent.objects.create(order=order, actor=buyer, from_status="", to_status=OrderStatus.AWAITING_PAYMENT,
                                  reason=gettext_noop("placed"))  # fmt: skip
        bought.extend(item.line.pk for item in items)
    CartLine.objects.filter(pk__in=bought).delete()
    enqueue("orders.tasks.orders_placed_email_task", checkout_id=checkout.pk)
    return checkout


def _reserve(plan: CheckoutPlan, *, actor, reference: str) -> None:
    """Every line's lots taken where its group ships from. Every variant is
    locked first, in pk order, so the per-origin reservations after it (each
    locking its own variants again, then its warehouse's rows) cannot deadlock
    with a concurrent checkout whatever the mix of origins."""
    variants_lock(item.line.variant_id for g in plan.groups for item in g.group.items)
    home = [(item.line.variant_id, item.line.lots) for g in plan.groups if g.shipping.origin.warehouse is None
            for item in g.group.items]  # fmt: skip
    if home:
        stock_reserve(lines=home, actor=actor, reason=StockReason.RESERVATION, reference=reference)
    for g in sorted(plan.groups, key=lambda g: g.shipping.origin.warehouse_id or 0):
        if g.shipping.origin.warehouse is not None:
            stock_reserve(
                lines=[(item.line.variant_id, item.line.lots) for item in g.group.items], actor=actor,
                reason=StockReason.RESERVATION, reference=reference, warehouse_id=g.shipping.origin.warehouse_id,
            )  # fmt: skip


def checkout_payment(*, checkout_id: int):
    """The payment for the orders of the checkout still awaiting payment: the
    same one while they are the same orders (payment_create is idempotent on
    the reference, which names them), a new one when some were cancelled since
    (the old one was voided then). None when nothing is payable. Holds no lock
    while escrow creates the payment."""
    checkout = Checkout.objects.get(pk=checkout_id)
    payable = list(checkout.orders.filter(status=OrderStatus.AWAITING_PAYMENT).order_by("pk"))
    if not payable:
        return None
    reference = f"checkout={checkout.pk}:orders=" + ",".join(str(o.pk) for o in payable)
    amount = round_money(sum((o.total for o in payable), Money(0, checkout.currency)))
    payment = payments.payment_create(
        reference=reference,
        buyer_id=checkout.buyer_id,
        country=checkout.country,
        language=checkout.language,
        amount=amount,
        allocations={o.pk: o.total for o in payable},
        return_url=reverse("orders:checkout_done", kwargs={"token": checkout.token}),
        description=", ".join(o.number for o in payable),
    )
    if checkout.payment_id != payment.pk:
        Checkout.objects.filter(pk=checkout.pk).update(payment_id=payment.pk)
    return payment


def checkout_for_buyer(*, buyer, token) -> Checkout:
    checkout = Checkout.objects.filter(token=_parse_token(token), buyer=buyer).first()
    if checkout is None:
        raise NotFound(_("There is no such checkout."))
    return checkout
