"""Shipping for listings: a listing's parcel as logistics values, the shipping
part of the publish rule, and the quote and landed cost a buyer sees.

logistics never sees a listing: this module turns one into plain figures
(`logistics.quote.Parcel`) and asks the methods loaded once for the store's
country.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from moneyed import Money

from logistics.landed import LandedCost, landed_cost
from logistics.quote import Method, Offer, Parcel, ParcelLine, Quote, limit_problems, quote
from logistics.selectors import shipping_methods_for
from marketplace.money import MissingExchangeRate, convert, money
from marketplace.selectors import exchange_rates_current

from .models import Listing, ListingVariant
from .pricing import LineQuote, line_quote


def listing_origin(listing: Listing) -> str:
    """Where the parcel leaves from: the store's country (warehouses come later)."""
    return str(listing.seller.country)


def listing_parcel(listing: Listing, *, lots: int = 1) -> Parcel:
    """`lots` lots of `listing` packed in one parcel (each lot is the packed box
    the seller entered; see logistics.quote for how boxes combine)."""
    line = ParcelLine(
        weight_grams=listing.weight_grams,
        length_cm=listing.length_cm,
        width_cm=listing.width_cm,
        height_cm=listing.height_cm,
        declared_value=money(listing.declared_value.amount, listing.declared_value.currency.code),
        lots=lots,
    )
    return Parcel.combine([line], origin=listing_origin(listing), processing_days=listing.processing_days)


def listing_parcel_problems(listing: Listing, *, methods: tuple[Method, ...] | None = None, rates=None) -> list[str]:
    """Why no active shipping method from the store's country can carry one lot
    of `listing` (empty: at least one can). Each limit no method meets is named
    with the most any method allows; a parcel that passes each limit somewhere
    but no method's all together is told which method comes closest."""
    origin = listing_origin(listing)
    methods = [m for m in (methods or shipping_methods_for(origin)) if origin in m.origins and m.zones]
    rates = exchange_rates_current() if rates is None else rates
    country = countries.name(origin)
    if not methods:
        return [_("No shipping method is active from %(country)s yet.") % {"country": country}]
    parcel = listing_parcel(listing)
    found = {m.code: limit_problems(parcel, m.limits, rates) for m in methods}
    if any(not problems for problems in found.values()):
        return []
    messages = []
    most_weight = max(m.limits.max_weight_grams for m in methods)
    if parcel.weight_grams > most_weight:
        messages.append(
            _("The package weighs %(w)s g; shipping methods from %(country)s carry at most %(max)s g.")
            % {"w": parcel.weight_grams, "max": most_weight, "country": country}
        )
    longest = max(m.limits.max_side_cm for m in methods)
    if parcel.longest_side_cm > longest:
        messages.append(
            _("The longest side is %(s)s cm; shipping methods from %(country)s allow at most %(max)s cm.")
            % {"s": _number(parcel.longest_side_cm), "max": _number(longest), "country": country}
        )
    if all(any(code == "too_large" for code, _m in problems) for problems in found.values()):
        messages.append(
            _("Length + width + height is %(s)s cm (length + girth %(g)s cm): too large for every shipping method "
              "from %(country)s.")
            % {"s": _number(parcel.dimensions_sum_cm), "g": _number(parcel.length_girth_cm), "country": country}
        )  # fmt: skip
    if all(any(code in ("too_valuable", "no_rate") for code, _m in problems) for problems in found.values()):
        messages.append(
            _("The declared value is %(v)s; no shipping method from %(country)s carries that much.")
            % {"v": listing.declared_value, "country": country}
        )
    if not messages:  # every limit is met by some method, but none meets them all
        closest = min(methods, key=lambda m: (len(found[m.code]), m.code))
        messages.append(
            _("No shipping method from %(country)s takes this parcel; the closest, %(method)s: %(why)s")
            % {"country": country, "method": closest.name, "why": " ".join(msg for _c, msg in found[closest.code])}
        )
    return messages


@dataclass(frozen=True)
class ListingShipping:
    parcel: Parcel
    line: LineQuote
    quote: Quote
    shipping: Money | None  # the cheapest offer's cost in the goods' currency; None when nothing ships there
    landed: LandedCost | None  # with that shipping
    destination: str


def listing_shipping_quote(
    listing: Listing,
    *,
    country: str,
    lots: int,
    variant: ListingVariant,
    currency: str,
    today: date | None = None,
    rates=None,
) -> ListingShipping:
    """Every method for `lots` lots of `variant` to `country`, costs in `currency`,
    and the import taxes with the cheapest method. Reads the cached methods and
    the stored rates; writes nothing. Without a rate for `currency` the costs
    stay in the carrier's currency."""
    rates = exchange_rates_current() if rates is None else rates
    today = today or timezone.localdate()
    parcel = listing_parcel(listing, lots=lots)
    methods = shipping_methods_for(parcel.origin)
    try:
        result = quote(parcel, country, methods, today=today, currency=currency, rates=rates)
    except MissingExchangeRate:
        currency = listing.price.currency.code
        result = quote(parcel, country, methods, today=today, currency=currency, rates=rates)
    line = line_quote(variant, lots, currency, rates=rates)
    shipping = landed = None
    if result.cheapest is not None:
        shipping = convert(result.cheapest.cost, line.line_total.currency.code, rates=rates)
        landed = landed_cost(line.line_total, shipping, country, parcel.origin, rates)
    return ListingShipping(
        parcel=parcel, line=line, quote=result, shipping=shipping, landed=landed, destination=country
    )


def _number(value) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class GroupShipping:
    """Shipping for one seller's lines in one parcel: every method with its
    cost in the buyer's currency and dates, and the import taxes with `chosen`
    (the method asked for, else the cheapest)."""

    parcel: Parcel
    quote: Quote
    goods: Money  # the lines' total in the buyer's currency
    chosen: Offer | None  # None when nothing ships there, or the method asked for cannot
    landed: LandedCost | None
    destination: str

    def offer(self, code: str) -> Offer | None:
        return next((o for o in self.quote.offers if o.method.code == code), None)


def lines_shipping_quote(
    lines: list[tuple[ListingVariant, int]],
    *,
    country: str,
    currency: str,
    method: str | None = None,
    today: date | None = None,
    rates=None,
) -> GroupShipping:
    """Every method for one seller's `lines` (variant, lots) packed in one
    parcel to `country`, costs in `currency`. The variants' listings must be
    loaded with their seller (`select_related("listing__seller")`) and belong
    to one seller. Reads the cached methods and the stored rates; writes
    nothing. Raises MissingExchangeRate without a rate for `currency`.

    Seller shipping templates and overseas warehouses plug in here: checkout
    and the cart only ever ask this function."""
    if not lines:
        raise ValueError("At least one line.")
    rates = exchange_rates_current() if rates is None else rates
    today = today or timezone.localdate()
    listings = [variant.listing for variant, _lots in lines]
    origin = listing_origin(listings[0])
    declared_currency = listings[0].declared_value.currency.code
    parcel_lines = [
        ParcelLine(
            weight_grams=listing.weight_grams,
            length_cm=listing.length_cm,
            width_cm=listing.width_cm,
            height_cm=listing.height_cm,
            declared_value=convert(
                money(listing.declared_value.amount, listing.declared_value.currency.code), declared_currency,
                rates=rates,
            ),
            lots=lots,
        )
        for listing, (_variant, lots) in zip(listings, lines, strict=True)
    ]  # fmt: skip
    parcel = Parcel.combine(
        parcel_lines, origin=origin, processing_days=max(listing.processing_days for listing in listings)
    )
    result = quote(parcel, country, shipping_methods_for(origin), today=today, currency=currency, rates=rates)
    goods = Money(0, currency)
    for variant, lots in lines:
        goods += line_quote(variant, lots, currency, rates=rates).converted_line_total
    chosen = result.cheapest if method is None else next((o for o in result.offers if o.method.code == method), None)
    landed = None
    if chosen is not None:
        landed = landed_cost(goods, chosen.display_cost, country, origin, rates)
    return GroupShipping(parcel=parcel, quote=result, goods=goods, chosen=chosen, landed=landed, destination=country)
