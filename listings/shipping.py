"""Shipping for listings: a listing's parcel as logistics values, the shipping
part of the publish rule, and the quote and landed cost a buyer sees.

logistics never sees a listing: this module turns one into plain figures
(`logistics.quote.Parcel`) and asks the methods loaded once for the origin.

The store's setup (`logistics.selectors.store_shipping`, cached): a listing
ships under its chosen template or the store's default (the methods offered,
free shipping, extra handling days), from the store's country or from one of
its overseas warehouses that holds stock ("ships from"); methods, dates and
import taxes follow the origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from moneyed import Money

from logistics.landed import LandedCost, landed_cost
from logistics.models import Warehouse
from logistics.quote import Method, Offer, Parcel, ParcelLine, Quote, TemplateSpec, limit_problems, quote
from logistics.selectors import StoreShipping, WarehouseSpec, shipping_methods_for, store_shipping
from marketplace.errors import DomainError
from marketplace.money import MissingExchangeRate, convert, money
from marketplace.selectors import exchange_rates_current

from .models import Listing, ListingVariant, WarehouseStock
from .pricing import LineQuote, line_quote


def listing_origin(listing: Listing) -> str:
    """The store's home country: where a parcel leaves from unless a warehouse is chosen."""
    return str(listing.seller.country)


@dataclass(frozen=True)
class Origin:
    """A place a listing ships from: the store's home, or one of its warehouses."""

    country: str
    warehouse: WarehouseSpec | None = None

    @property
    def warehouse_id(self) -> int | None:
        return self.warehouse.id if self.warehouse else None

    @property
    def handling_days(self) -> int:
        return self.warehouse.handling_days if self.warehouse else 0


def origin_for(listing: Listing, ships_from: str | None, store: StoreShipping | None = None) -> Origin:
    """The origin `ships_from` names (a country), if the store ships from there;
    else the home country. Raises DomainError naming `ships_from` for a country
    the store does not ship from."""
    home = listing_origin(listing)
    if not ships_from or ships_from == home:
        return Origin(home)
    store = store or store_shipping(listing.seller_id)
    warehouse = store.warehouse_in(ships_from)
    if warehouse is None:
        raise DomainError(
            _("This store does not ship from %(country)s.") % {"country": countries.name(ships_from)},
            field="ships_from",
        )
    return Origin(ships_from, warehouse)


def stock_by_origin(variants: list[ListingVariant], store: StoreShipping, home: str) -> dict[int, dict[str, int]]:
    """{variant id: {country: lots}}: the home stock and each active warehouse's
    (no query for a store without warehouses; one otherwise)."""
    found = {v.pk: {home: v.stock} for v in variants}
    if store.warehouses and found:
        by_id = {w.id: w.country for w in store.warehouses}
        for w in store.warehouses:
            for stock in found.values():
                stock[w.country] = 0
        rows = WarehouseStock.objects.filter(variant_id__in=list(found), warehouse_id__in=list(by_id))
        for variant_id, warehouse_id, lots in rows.values_list("variant_id", "warehouse_id", "stock"):
            found[variant_id][by_id[warehouse_id]] = lots
    return found


def stock_at_origins(pairs: list[tuple[ListingVariant, str]]) -> dict[tuple[int, str], int | None]:
    """{(variant id, ships_from): lots} for each `(variant, ships_from)`, where
    `ships_from` is "" for the store's home (the variant's own stock) or the
    country of one of its warehouses (that warehouse's row; 0 without one).
    None where the store has no active warehouse in that country (any more).
    The variants' listings must be loaded. No query when every pair is home;
    two otherwise, whatever their number."""
    found: dict[tuple[int, str], int | None] = {}
    overseas = []
    for variant, ships_from in pairs:
        if ships_from:
            overseas.append((variant, ships_from))
        else:
            found[(variant.pk, "")] = variant.stock
    if overseas:
        sellers = {v.listing.seller_id for v, _c in overseas}
        warehouses = {
            (seller_id, country): pk
            for pk, seller_id, country in Warehouse.objects.filter(seller_id__in=sellers, active=True).values_list(
                "pk", "seller_id", "country"
            )
        }
        rows = {
            (variant_id, warehouse_id): lots
            for variant_id, warehouse_id, lots in WarehouseStock.objects.filter(
                variant_id__in={v.pk for v, _c in overseas}, warehouse_id__in=list(warehouses.values())
            ).values_list("variant_id", "warehouse_id", "stock")
        }
        for variant, country in overseas:
            warehouse_id = warehouses.get((variant.listing.seller_id, country))
            found[(variant.pk, country)] = None if warehouse_id is None else rows.get((variant.pk, warehouse_id), 0)
    return found


def fastest_origin(
    listing: Listing,
    origins: list[str],
    *,
    country: str,
    store: StoreShipping,
    currency: str,
    rates,
    today: date | None = None,
) -> str | None:
    """Of `origins` (countries `listing` has stock in, the preferred first),
    the one whose delivery estimate to `country` is earliest: the estimate the
    price box shows, its default (cheapest) method's, by the latest promised
    date, then the earliest; the first of equals wins. None when no origin
    ships there. Pure over the cached methods and store setup."""
    today = today or timezone.localdate()
    template = store.template(listing.shipping_template_id)
    value = money(listing.price.amount, listing.price.currency.code)
    best: tuple[tuple[date, date], str] | None = None
    for code in origins:
        try:
            origin = origin_for(listing, code, store)
            result = quote(
                listing_parcel(listing, origin=origin), country, shipping_methods_for(origin.country), today=today,
                currency=currency, rates=rates, template=template, order_value=value,
            )  # fmt: skip
        except (DomainError, MissingExchangeRate):
            continue
        offer = result.cheapest
        if offer is not None and (best is None or (offer.delivery_to, offer.delivery_from) < best[0]):
            best = ((offer.delivery_to, offer.delivery_from), code)
    return best[1] if best else None


def listing_template(listing: Listing, store: StoreShipping | None = None) -> TemplateSpec | None:
    """The template the listing ships under: its own, else the store's default."""
    store = store or store_shipping(listing.seller_id)
    return store.template(listing.shipping_template_id)


def listing_parcel(listing: Listing, *, lots: int = 1, origin: Origin | None = None) -> Parcel:
    """`lots` lots of `listing` packed in one parcel (each lot is the packed box
    the seller entered; see logistics.quote for how boxes combine), leaving
    from `origin` (default: the store's country)."""
    line = ParcelLine(
        weight_grams=listing.weight_grams,
        length_cm=listing.length_cm,
        width_cm=listing.width_cm,
        height_cm=listing.height_cm,
        declared_value=money(listing.declared_value.amount, listing.declared_value.currency.code),
        lots=lots,
    )
    origin = origin or Origin(listing_origin(listing))
    return Parcel.combine(
        [line], origin=origin.country, processing_days=listing.processing_days, handling_days=origin.handling_days
    )


def listing_parcel_problems(listing: Listing, *, methods: tuple[Method, ...] | None = None, rates=None) -> list[str]:
    """Why no active shipping method from the store's country that the
    listing's shipping template offers can carry one lot of `listing` (empty:
    at least one can). Each limit no method meets is named with the most any
    method allows; a parcel that passes each limit somewhere but no method's
    all together is told which method comes closest."""
    origin = listing_origin(listing)
    candidates = tuple(methods or shipping_methods_for(origin))
    template = listing_template(listing)
    if template is not None:
        candidates = tuple(m for m in candidates if template.offers_method(m, origin, candidates))
    methods = [m for m in candidates if origin in m.origins and m.zones]
    rates = exchange_rates_current() if rates is None else rates
    country = countries.name(origin)
    if not methods:
        if template is not None and template.method_codes:
            return [
                _("The shipping template “%(t)s” offers no active method from %(country)s: choose its methods in "
                  "Shipping.") % {"t": template.name, "country": country}
            ]  # fmt: skip
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
    shipping: Money | None  # the chosen offer's cost in the goods' currency; None when nothing ships there
    landed: LandedCost | None  # with that shipping
    destination: str
    origin: Origin | None = None
    template: TemplateSpec | None = None
    chosen: Offer | None = None  # the method asked for, else the cheapest


def listing_shipping_quote(
    listing: Listing,
    *,
    country: str,
    lots: int,
    variant: ListingVariant,
    currency: str,
    today: date | None = None,
    rates=None,
    ships_from: str | None = None,
    method: str | None = None,
    store: StoreShipping | None = None,
) -> ListingShipping:
    """Every method the listing's template offers for `lots` lots of `variant`
    to `country` from `ships_from` (the home country by default; DomainError
    for a country the store does not ship from), costs in `currency`, free
    shipping where the template says so, and the import taxes with the chosen
    method (`method`, else the cheapest). Reads the cached methods and store
    setup and the stored rates; writes nothing. Without a rate for `currency`
    the costs stay in the listing's currency."""
    rates = exchange_rates_current() if rates is None else rates
    today = today or timezone.localdate()
    store = store or store_shipping(listing.seller_id)
    origin = origin_for(listing, ships_from, store)
    template = listing_template(listing, store)
    parcel = listing_parcel(listing, lots=lots, origin=origin)
    methods = shipping_methods_for(parcel.origin)
    try:
        line = line_quote(variant, lots, currency, rates=rates)
    except MissingExchangeRate:
        currency = listing.price.currency.code
        line = line_quote(variant, lots, currency, rates=rates)
    try:
        result = quote(
            parcel, country, methods, today=today, currency=currency, rates=rates, template=template,
            order_value=line.line_total,
        )  # fmt: skip
    except MissingExchangeRate:
        currency = listing.price.currency.code
        line = line_quote(variant, lots, currency, rates=rates)
        result = quote(
            parcel, country, methods, today=today, currency=currency, rates=rates, template=template,
            order_value=line.line_total,
        )  # fmt: skip
    chosen = result.cheapest
    if method:
        chosen = next((o for o in result.offers if o.method.code == method), chosen)
    shipping = landed = None
    if chosen is not None:
        shipping = convert(chosen.cost, line.line_total.currency.code, rates=rates)
        landed = landed_cost(line.line_total, shipping, country, parcel.origin, rates)
    return ListingShipping(
        parcel=parcel, line=line, quote=result, shipping=shipping, landed=landed, destination=country,
        origin=origin, template=template, chosen=chosen,
    )  # fmt: skip


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
    origin: Origin | None = None  # where the parcel leaves from (home or a warehouse)
    template: TemplateSpec | None = None  # the template applied

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
    templates: StoreShipping | None = None,
    warehouses: StoreShipping | None = None,
    ships_from: str | None = None,
) -> GroupShipping:
    """Every method for one seller's `lines` (variant, lots) packed in one
    parcel to `country`, costs in `currency`. The variants' listings must be
    loaded with their seller (`select_related("listing__seller")`) and belong
    to one seller. Reads the cached methods, the store's cached setup and the
    stored rates; writes nothing. Raises MissingExchangeRate without a rate
    for `currency`, DomainError (field ships_from) for a country the store
    does not ship from.

    The store's shipping template applies (the lines' common template, else
    the store default): only its methods, its free shipping (on the lines'
    total), its handling days. `ships_from` (a country; default the store's)
    picks the origin, whose warehouse's handling days add up too; the caller
    reserves the stock from that warehouse (listings.stock, `warehouse_id` =
    `result.origin.warehouse_id`). `templates` / `warehouses`: the store's
    setup already loaded (`logistics.selectors.store_shipping`), to save the
    cache read; either may be passed, they are the same value."""
    if not lines:
        raise ValueError("At least one line.")
    rates = exchange_rates_current() if rates is None else rates
    today = today or timezone.localdate()
    listings = [variant.listing for variant, _lots in lines]
    store = templates or warehouses or store_shipping(listings[0].seller_id)
    where = origin_for(listings[0], ships_from, store)
    origin = where.country
    template_ids = {listing.shipping_template_id for listing in listings}
    template = store.template(template_ids.pop() if len(template_ids) == 1 else None)
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
        parcel_lines, origin=origin, processing_days=max(listing.processing_days for listing in listings),
        handling_days=where.handling_days,
    )  # fmt: skip
    goods = Money(0, currency)
    for variant, lots in lines:
        goods += line_quote(variant, lots, currency, rates=rates).converted_line_total
    result = quote(
        parcel, country, shipping_methods_for(origin), today=today, currency=currency, rates=rates,
        template=template, order_value=goods,
    )  # fmt: skip
    chosen = result.cheapest if method is None else next((o for o in result.offers if o.method.code == method), None)
    landed = None
    if chosen is not None:
        landed = landed_cost(goods, chosen.display_cost, country, origin, rates)
    return GroupShipping(
        parcel=parcel, quote=result, goods=goods, chosen=chosen, landed=landed, destination=country, origin=where,
        template=template,
    )  # fmt: skip


def card_shipping(
    listing: Listing, *, country: str, currency: str, rates, store: StoreShipping, today: date
) -> Offer | None:
    """The cheapest way one lot of `listing` reaches `country` from the store's
    country under its template (free where a rule holds), or None. Pure over
    the card row's fields, the cached methods and the store setup loaded once
    per page (`logistics.selectors.stores_shipping`): no query per card."""
    origin = Origin(listing_origin(listing))
    parcel = listing_parcel(listing, origin=origin)
    template = store.template(listing.shipping_template_id)
    order_value = money(listing.price.amount, listing.price.currency.code)
    try:
        result = quote(
            parcel, country, shipping_methods_for(origin.country), today=today, currency=currency, rates=rates,
            template=template, order_value=order_value,
        )  # fmt: skip
    except MissingExchangeRate:
        return None
    return result.cheapest
